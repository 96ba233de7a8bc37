"""Unquoted text that YAML accepts but publishes differently from what the editor typed: a ' #'
that starts a comment, an item indented so far that it joins the item above, curly quotes that
stay part of the text. The loader finds these where the parser's marks put each value; here
they become problems, by what the field holds."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Iterator

from ..load import LoadedFile, Trap
from ..problems import Problem, format_path
from .schema import is_prose, model_for

_STRAIGHT = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}


def unquoted_text_problems(file: LoadedFile, relative: PurePosixPath) -> Iterator[Problem]:
    model_cls, _ = model_for(file, relative)
    for trap in file.traps:
        message = _message(trap)
        if trap.kind == "comment" and not (model_cls and is_prose(model_cls, trap.loc)):
            continue  # a note after an id or a date is a comment the editor meant
        severity = "warning" if trap.kind == "curly-quotes" else "error"
        yield Problem(file.display_path, trap.line, format_path(trap.loc), message, severity)


def _message(trap: Trap) -> str:
    if trap.kind == "comment":
        return (f"the text after '#' (\"{trap.text}\") is a comment and "
                "will not be published; put the whole text in quotes")
    if trap.kind == "folded-item":
        return (f"this line starts with '- ' but is read as part of the item above (\"{trap.text}\"); if it is "
                "a new item, line its '-' up with the '-' of the items above; if it belongs to the text, put "
                "the whole text in quotes")
    opening, closing = _STRAIGHT[trap.text[0]], _STRAIGHT[trap.text[-1]]
    return (f"the text is wrapped in curly quotes ({trap.text[0]} {trap.text[-1]}), which are published as part "
            f"of it; leave them out, or, to quote the text for YAML, type straight quotes: "
            f"{opening}{trap.text[1:-1]}{closing}")
