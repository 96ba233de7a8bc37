"""URL arithmetic between generated pages: docs paths (``practice/x.md``) and site URLs."""

from __future__ import annotations

import functools
import posixpath
from typing import Iterable, Mapping
from urllib.parse import urlencode

SEARCH_PAGE = "search/index.md"
GLOSSARY_PAGE = "glossary/index.md"


def pilot_outcomes_path(ident: str) -> str:
    return f"practice/{ident}/outcomes.md"


def page_url(path: str) -> str:
    """The site URL (directory style) of a docs page, relative to the site root."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def address(site_url: str, path: str) -> str:
    """The published address of a docs page: absolute under ``site_url`` where one is set."""
    return site_url + page_url(path)


def url_between(target: str, current: str) -> str:
    """Relative URL from the built page of ``current`` to the built page of ``target``."""
    to, here = _url_folders(target), _url_folders(current)
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    parts = [".."] * (len(here) - common) + list(to[common:])
    return "/".join(parts) + "/" if parts else "./"


@functools.lru_cache(maxsize=65536)
def _url_folders(path: str) -> tuple[str, ...]:
    # Docs paths are plain relative paths with no '.' or '..', so this is string work only
    # (posixpath.relpath, which normalises both paths first, takes twice as long).
    return tuple(part for part in page_url(path).split("/") if part)


def search_href(current: str, filters: Mapping[str, Iterable[str]]) -> str:
    """The search page, from ``current``, with ``filters`` (facet -> values) ticked."""
    query = urlencode([(name, value) for name, values in filters.items() for value in values])
    return f"{url_between(SEARCH_PAGE, current)}?{query}"


def relative(target: str, current: str) -> str:
    """Path from the page ``current`` to ``target`` (both relative to the docs folder)."""
    path, _, anchor = target.partition("#")
    rel = _relative_path(path, posixpath.dirname(current))
    return f"{rel}#{anchor}" if anchor else rel


@functools.lru_cache(maxsize=65536)
def _relative_path(path: str, start_dir: str) -> str:
    # Docs paths are plain relative paths with no '..', so this is string work only.
    parts = path.split("/")
    start = start_dir.split("/") if start_dir else []
    common = 0
    while common < min(len(parts) - 1, len(start)) and parts[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])
