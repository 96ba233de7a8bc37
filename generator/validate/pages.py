"""Hand-written pages (content/pages/): what an editor should hear about before publishing.

A page is published as sanitised HTML whatever its Markdown says (generator/sanitise.py), so nothing
here is a safety check on the source. What sanitising would take out (raw HTML, attributes,
links by a scheme other than http, https or mailto) is a warning naming the line, so the editor
knows the page will not show it; characters that cannot be shown and personal contact details
are errors, as in data files.
"""

from __future__ import annotations

from ..characters import refused
from ..load import LoadedPage
from ..problems import Problem
from ..sanitise import page_removals
from .personal import EMAIL, PHONE


def page_problems(page: LoadedPage) -> list[Problem]:
    problems = []

    def add(position: int, message: str, severity: str = "error") -> None:
        line = page.text.count("\n", 0, position) + 1 if position >= 0 else 1
        problems.append(Problem(page.display_path, line, "", message, severity))  # type: ignore[arg-type]

    offset = 0
    while (found := refused(page.text[offset:])) is not None:
        position, message = found
        add(offset + position, message)
        offset += position + 1
    for pattern, what in ((EMAIL, "an e-mail address"), (PHONE, "a phone number")):
        for match in pattern.finditer(page.text):
            add(match.start(), f"found {what} ('{match.group(0)}'); pages may not publish personal contact details")
    searched_from: dict[str, int] = {}
    for needle, message in page_removals(page.text):
        # The first occurrence not yet reported: Markdown keeps no lines, the source still has them.
        position = _find(page.text, needle, searched_from.get(needle, 0))
        searched_from[needle] = position + 1 if position >= 0 else 0
        add(position, message, "warning")
    return problems


def _find(text: str, needle: str, start: int) -> int:
    position = text.lower().find(needle.lower(), start)
    return position if position >= 0 else text.lower().find(needle.lower())
