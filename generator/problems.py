"""Problems found in content: collected by every stage, reported together, never raised midway."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        if self.field:
            return f"{location}: {self.field}: {prefix}{self.message}"
        return f"{location}: {prefix}{self.message}"


def format_path(loc: Iterable[str | int]) -> str:
    """Turn a location tuple such as ('aims', 0, 'objectives', 2) into 'aims[0].objectives[2]'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A hint naming the closest known id, or nothing when none is close."""
    if not isinstance(value, str):
        return ""
    matches = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
