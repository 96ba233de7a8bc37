"""The MkDocs stage passes the generator's own HTML blocks through Python-Markdown whole, and a
page comes out as it would have without that (generator/passthrough.py)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator import passthrough
from generator.build import Project, _mkdocs_config

from .conftest import REPO

GOLDEN = Path(__file__).parent / "golden" / "docs"
# mkdocs.yml's extensions
EXTENSIONS = ["attr_list", "md_in_html", "def_list", "tables", "admonition", "toc"]


class _Document(HTMLParser):
    """A page as its elements, attributes and words: what a browser builds of it, not how it was
    spelled (attribute order and quoting, a bare attribute or one set to its name, spacing)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.items.append(("<", tag, tuple(sorted((k, "" if v in (None, k) else v) for k, v in attrs))))

    def handle_endtag(self, tag):
        self.items.append((">", tag))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", " ".join(data.split())))


def converted(text: str, passing: bool) -> str:
    extensions = [*EXTENSIONS, passthrough.PassThroughExtension()] if passing else EXTENSIONS
    return markdown.Markdown(extensions=extensions, extension_configs={"toc": {"permalink": True}}).convert(text)


@pytest.mark.parametrize("block, whole", [
    ('<div class="a">\n<p>One</p>\n</div>', True),
    ('<ol class="ju-listing" start="3">\n<li>x</li>\n</ol>\n<nav class="p">\n<a href="2/">2</a>\n</nav>', True),
    ("<div>\n<div>inner</div>\n</div>", True),
    ("<div>one</div> *and Markdown after it*", False),
    ("<div>one</div>\n*Markdown on the next line*", False),
    ("<div>\n<div>unclosed</div>", False),
    ("</div><ul>\n<li>x</li>\n</ul>", False),
    ('<div data-pagefind-ignore markdown>\n## A heading\n</div>', False),
    ("<span>inline</span>", False),
    ("    <div>indented: code</div>", False),
    ("Text <div>x</div>", False),
])
def test_only_blocks_whose_extent_is_plain_from_their_text_pass_whole(block: str, whole: bool):
    assert passthrough._whole_html_block(block) is whole


TRICKY = """# A page

<div class="ju-summary">
<p>A summary with <em>markup</em> &amp; an entity.</p>
</div>

<div>one</div> *emphasis after it*

<ul class="ju-list">
<li>an item</li>
</ul>
<nav class="ju-pages"><a href="2/">Next</a></nav>

<div data-pagefind-ignore markdown>

## Inside an md_in_html block

<ol class="ju-listing" start="1" data-pagefind-ignore>
<li><a href="x/">An entry</a></li>
</ol>

</div>

<div class="gap">
first part

second part after a blank line
</div>

!!! note "An admonition"

    <div class="inside">indented, so code or an admonition's body</div>
"""


def test_a_page_comes_out_the_same_with_blocks_passed_whole():
    assert _Document(converted(TRICKY, True)).items == _Document(converted(TRICKY, False)).items
    assert "<em>emphasis after it</em>" in converted(TRICKY, True)


@pytest.mark.parametrize("page", sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")))
def test_every_generated_page_comes_out_the_same(page: str):
    text = (GOLDEN / page).read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    assert _Document(converted(text, True)).items == _Document(converted(text, False)).items


def test_the_generated_pages_blocks_are_passed_whole():
    """Most of a generated page's tags are in blocks that pass whole (else this saves nothing)."""
    passed = total = 0
    for path in GOLDEN.rglob("*.md"):
        for chunk in path.read_text(encoding="utf-8").split("\n\n"):
            chunk = chunk.strip("\n")
            total += chunk.count("<")
            passed += chunk.count("<") if passthrough._whole_html_block(chunk) else 0
    assert passed > 0.7 * total, (passed, total)


def test_the_mkdocs_stage_uses_it(tmp_path: Path):
    project = Project.at(REPO, build_dir=tmp_path / "build")
    project.docs_dir.mkdir(parents=True)
    config = _mkdocs_config(project, tmp_path / "site", None, strict=True)
    assert any(isinstance(e, passthrough.PassThroughExtension) for e in config.markdown_extensions)
