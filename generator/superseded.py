"""Giving up work that a newer edit has made out of date.

The live preview regenerates the site after each save; when the editor saves again meanwhile,
the work under way is given up at the next point where that is safe, and the newer save's
regeneration, which covers both, starts at once. Each stage asks a ``Superseded`` check (a
function saying whether a newer save has come) between its steps.
"""

from __future__ import annotations

from typing import Callable

Check = Callable[[], bool]


class Superseded(Exception):
    """The work was given up: a newer edit has come and will be dealt with instead."""


def never() -> bool:
    """The check of work nothing supersedes (builds, tests, the command line)."""
    return False


def give_up_if(superseded: Check) -> None:
    if superseded():
        raise Superseded()
