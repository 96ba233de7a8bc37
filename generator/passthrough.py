"""The MkDocs stage's shortcut for the HTML the generator has already made: a block of it goes
through Python-Markdown untouched, as the one placeholder Markdown would have made of it anyway.

Most of a generated page is HTML the generator rendered and sanitised (cards, charts, lists of
records). Python-Markdown finds where each raw HTML block ends by parsing every tag in it, and
the md_in_html extension does that again for the whole page: about half of MkDocs' time on the
generated pages, which made them cost MkDocs twice what plain pages of the same size cost.

A chunk of lines (a blank line before it, none inside it) is passed through only when its
extent is plain from its text: it is one or more whole elements, each starting a line with a
block-level tag and ending a line with that tag's closing tag; and it says nothing of
``markdown`` (an md_in_html block, whose inside is Markdown, is left to md_in_html). Anything else is left to
Python-Markdown, so a block it would read differently is never passed through: the page comes
out as it would have without this. Contributed text can never make such a block: free text is
escaped or sanitised HTML inside the generator's own tags, and hand-written pages reach MkDocs
as escaped Markdown (sanitise.page_body).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

# The tags the generator starts its blocks with; all are block-level to Python-Markdown.
BLOCK_TAGS = frozenset({"div", "ul", "ol", "dl", "details", "figure", "table", "section", "nav", "form", "p"})
_OPENING = re.compile(r"<([a-z]+)[\s>]")
# Runs after MkDocs' own raw-HTML preprocessor (priority 21, which reads the blocks' ids for its
# anchor checks) and before Python-Markdown's (20), which it spares.
PRIORITY = 20.5


class _PassThrough(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        chunk: list[str] = []
        for line in [*lines, ""]:
            if line.strip():
                chunk.append(line)
                continue
            if chunk:
                block = "\n".join(chunk)
                if _whole_html_block(block):
                    out.append(self.md.htmlStash.store(block))
                else:
                    out.extend(chunk)
                chunk = []
            out.append(line)
        return out[:-1]


def _whole_html_block(block: str) -> bool:
    """Whether ``block`` is nothing but whole elements, each from the start of a line to the end
    of one (as Python-Markdown reads one raw block after another)."""
    if "markdown" in block:
        return False
    position = 0
    while position < len(block):
        opening = _OPENING.match(block, position)
        if not opening or opening.group(1) not in BLOCK_TAGS:
            return False
        tag, depth, closed = opening.group(1), 0, None
        for found in re.compile(rf"<(/?){tag}[\s>]").finditer(block, position):
            depth += -1 if found.group(1) else 1
            if depth == 0:
                closed = found.end()
                break
        if closed is None or block[closed - 1] != ">":
            return False
        if closed == len(block):
            return True
        if block[closed] != "\n":
            return False  # text after the element on its line: Markdown to Python-Markdown
        position = closed + 1
    return False


class PassThroughExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_PassThrough(md), "joinedup_passthrough", PRIORITY)
