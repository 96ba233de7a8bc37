"""Warnings: things an editor should look at, which do not stop a build (a passed review date,
a long summary, no evidence description, an example that repeats another: the newer one is told,
by the history of the files where the build has one)."""

from __future__ import annotations

import datetime

from .. import model as m
from .. import search
from ..history import History
from ..load import LoadedFile, Location
from ..problems import Problem, format_path
from .content import Content

SUMMARY_WORDS = 60
DUPLICATE_SIMILARITY = 0.8


def editorial_warnings(
    content: Content,
    today: datetime.date,
    history: History | None = None,
    duplicates: search.DuplicateIndex | None = None,
) -> list[Problem]:
    """The warnings; ``duplicates``, the near-duplicate index of the last run, is brought up to date."""
    found = []

    def warn(kind: str, ident: str, loc: Location, message: str) -> None:
        file = content.files[(kind, ident)]
        found.append(Problem(file.display_path, file.line_of(loc), format_path(loc), message, "warning"))

    for p in content.practice:
        if p.review_by and p.review_by < today:
            warn("practice", p.id, ("review_by",), f"the review date {p.review_by.isoformat()} has passed; "
                 "check the entry, then set 'reviewed' to today and a new 'review_by'")
        words = len(p.summary.split())
        if words > SUMMARY_WORDS:
            warn("practice", p.id, ("summary",), f"the summary has {words} words; keep it under "
                 f"{SUMMARY_WORDS} (one or two sentences) so a board member can scan it")
        if not p.evidence.description:
            warn("practice", p.id, ("evidence",), "no evidence description; say what evidence there is "
                 "and why it has this level")
    newness = {p.id: _newness(content.files[("practice", p.id)], p, history) for p in content.practice}
    documents = [search.practice_document(p) for p in content.practice]
    for a, b, score in (duplicates or search.DuplicateIndex()).update(documents, DUPLICATE_SIMILARITY):
        if newness[a] == newness[b]:
            for ident, other in ((a, b), (b, a)):
                warn("practice", ident, ("summary",), f"this example's text is very similar to '{other}' "
                     f"({content.files[('practice', other)].display_path}; similarity {score:.2f}); neither is "
                     "newer (the same publication date, and no history tells them apart): if they are the same "
                     "practice, keep one of the two files")
            continue
        newer, older = sorted((a, b), key=newness.get, reverse=True)
        warn("practice", newer, ("summary",), f"this example's text is very similar to '{older}' "
             f"({content.files[('practice', older)].display_path}; similarity {score:.2f}); if it is the same "
             "practice, update that file instead of adding this one")
    return found


def _newness(file: LoadedFile, p: m.PracticeBase, history: History | None) -> tuple[bool, datetime.date, datetime.date]:
    """Orders examples from oldest to newest: a file not yet committed is the newest of all,
    then the later publication date, then the later first commit."""
    committed = history.files.get(file.path) if history else None
    not_yet_committed = history is not None and committed is None
    return not_yet_committed, p.published, committed.added if committed else datetime.date.min
