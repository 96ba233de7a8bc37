"""Warnings: things an editor should look at, which do not stop a build (a passed review date,
a long summary, no evidence description, an example that repeats another)."""

from __future__ import annotations

import datetime

from .. import search
from ..load import Location
from ..problems import Problem, format_path
from .content import Content

SUMMARY_WORDS = 60
DUPLICATE_SIMILARITY = 0.8


def editorial_warnings(content: Content, today: datetime.date) -> list[Problem]:
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
    published = {p.id: (p.published, p.id) for p in content.practice}
    documents = [search.practice_document(p) for p in content.practice]
    for a, b, score in search.near_duplicates(documents, DUPLICATE_SIMILARITY):
        newer, older = sorted((a, b), key=published.get, reverse=True)
        warn("practice", newer, ("summary",), f"this example's text is very similar to '{older}' "
             f"(similarity {score:.2f}); if it is the same practice, update that file instead")
    return found
