"""Every Markdown extension mkdocs.yml enables is needed by a page the real content makes.

MkDocs runs every enabled extension over every page, so one that no page needs is only cost
(issue 15 item 4): when a template stops needing one, this test fails and names it, and the
extension is dropped from mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.utils.meta import get_data

from generator.build import Project, generate

REPO = Path(__file__).resolve().parents[1]


def configured_extensions() -> dict[str, dict]:
    """mkdocs.yml's markdown_extensions: each name with its options."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions: dict[str, dict] = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        extensions[name] = options or {}
    return extensions


EXTENSIONS = configured_extensions()


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The Markdown of every page the real content makes (front matter taken off, as MkDocs does)."""
    tmp = tmp_path_factory.mktemp("extensions")
    project = Project.at(REPO, build_dir=tmp / "build", site_dir=tmp / "site")
    report = generate(project)
    assert report.ok, [str(p) for p in report.problems]
    return {
        path.relative_to(project.docs_dir).as_posix(): get_data(path.read_text(encoding="utf-8"))[0]
        for path in sorted(project.docs_dir.rglob("*.md"))
    }


def converted(pages: dict[str, str], extensions: dict[str, dict]) -> dict[str, str]:
    converter = markdown.Markdown(extensions=list(extensions), extension_configs=extensions)
    out = {}
    for path, text in pages.items():
        converter.reset()
        out[path] = converter.convert(text)
    return out


@pytest.fixture(scope="module")
def with_every_extension(real_pages) -> dict[str, str]:
    return converted(real_pages, EXTENSIONS)


@pytest.mark.parametrize("name", list(EXTENSIONS))
def test_some_page_needs_each_enabled_extension(name, real_pages, with_every_extension):
    without = converted(real_pages, {n: options for n, options in EXTENSIONS.items() if n != name})
    changed = [path for path in real_pages if without[path] != with_every_extension[path]]
    assert changed, f"no page needs the Markdown extension {name!r}: drop it from mkdocs.yml"
