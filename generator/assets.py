"""Tidy stage, the theme's files: what the built site keeps of the theme's scripts and styles.

Material ships more than the theme in theme/ loads, and the project's own scripts and styles are
written to be read (a third of them is comments): the built site keeps what its pages load, and
gets the project's own files minified. The preview serves them as they are written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import rcssmin
import rjsmin

# The theme folders whose files pages load directly; our own files (joinedup*) also import one
# another, so they always stay.
THEME_ASSET_FOLDERS = ("javascripts", "stylesheets")
OWN_PREFIX = "joinedup"


def drop_unused_theme_assets(site_dir: Path, loaded: set[str]) -> None:
    """Remove the theme's scripts and styles that no page loads (``loaded``, from ``tidy_html``).

    Material ships its own script bundle, lunr search and web workers (about 1.3 MB with source
    maps) though the overrides in theme/ load none of them: published, they only cost readers
    who follow a stale link and every host that copies the site. A file a page loads stays, with
    its source map.
    """
    for folder in THEME_ASSET_FOLDERS:
        for path in sorted((site_dir / "assets" / folder).iterdir()):
            name = f"{folder}/{path.name}"
            if path.name.startswith(OWN_PREFIX) or name in loaded or name.removesuffix(".map") in loaded:
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


def minify_own_assets(site_dir: Path) -> None:
    """Minify the project's own scripts and styles in the built site.

    Comments and indentation are a third to a half of them: minified, the search page's own
    files weigh about 9 KB less gzip-compressed.
    """
    for path in sorted((site_dir / "assets").glob(f"*/{OWN_PREFIX}*")):
        if path.suffix == ".js":
            path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.suffix == ".css":
            path.write_text(rcssmin.cssmin(path.read_text(encoding="utf-8")), encoding="utf-8")
