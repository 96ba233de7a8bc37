"""Hand-written pages (content/pages/): Markdown only, with no raw HTML, script links, event
attributes or personal contact details."""

from __future__ import annotations

import re

from ..characters import refused
from ..load import LoadedPage
from ..problems import Problem
from .personal import EMAIL, PHONE


_CODE = re.compile(r"^(```|~~~).*?^\1\s*$|`[^`\n]*`", re.MULTILINE | re.DOTALL)
_RAW_HTML = re.compile(r"<(?!https?://[^>\s]+>)[A-Za-z!/?]")
_LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([A-Za-z][\w+.-]*):|^\s*\[[^\]]+\]:\s*<?\s*([A-Za-z][\w+.-]*):", re.MULTILINE)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ATTR_LIST = re.compile(r"\{:?[^}\n]*\b(on\w+|style|href|src)\s*=", re.IGNORECASE)
SAFE_SCHEMES = {"http", "https"}


def page_problems(page: LoadedPage) -> list[Problem]:
    """Hand-written pages are Markdown only: no raw HTML, no script links, no event attributes."""
    # Code is shown literally, so blank it out (keeping line breaks) before looking.
    text = _CODE.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), page.text)
    problems = []

    def add(position: int, message: str) -> None:
        problems.append(Problem(page.display_path, text.count("\n", 0, position) + 1, "", message))

    for match in _RAW_HTML.finditer(text):
        add(match.start(), "raw HTML is not allowed in pages; write Markdown instead")
    for match in _LINK_SCHEME.finditer(text):
        scheme = (match.group(1) or match.group(2)).lower()
        if scheme not in SAFE_SCHEMES:
            add(match.start(), f"links may use http or https only, found '{scheme}:'")
    for match in _ENTITY.finditer(text):
        # Entities survive into page titles unescaped; type the character itself instead.
        add(match.start(), f"HTML character references such as '{match.group(0)}' are not allowed; type the character itself")
    for match in _ATTR_LIST.finditer(text):
        add(match.start(), f"attribute '{match.group(1)}' is not allowed in an attribute list")
    remaining, offset = page.text, 0
    while (found := refused(remaining)) is not None:
        position, message = found
        problems.append(Problem(page.display_path, page.text.count("\n", 0, offset + position) + 1, "", message))
        offset += position + 1
        remaining = page.text[offset:]
    for pattern, what in ((EMAIL, "an e-mail address"), (PHONE, "a phone number")):
        for match in pattern.finditer(text):
            add(match.start(), f"found {what} ('{match.group(0)}'); pages may not publish personal contact details")
    return problems
