"""Dates: an entry is not updated before it was published, and nothing is dated in the future
(the site lists what changed by these dates, so a wrong one would misreport what is new)."""

from __future__ import annotations

import datetime

from .. import model as m
from ..problems import Problem
from .content import Content


def date_problems(content: Content, today: datetime.date) -> list[Problem]:
    found = []
    for p in content.practice:
        file = content.files[("practice", p.id)]

        def problem(field: str, message: str) -> None:
            loc = tuple(field.split("."))
            found.append(Problem(file.display_path, file.line_of(loc), field, message))

        if isinstance(p.source, m.Contribution):
            supplied = p.source.supplied_on
            if supplied > today:
                problem("source.supplied_on", f"the date {supplied.isoformat()} is in the future; write the date "
                        "the case was supplied, today or earlier")
            elif supplied > p.published:
                problem("source.supplied_on", f"the case cannot be published ({p.published.isoformat()}) before it "
                        f"was supplied ({supplied.isoformat()}); correct one of the dates")

        if p.published > today:
            problem("published", f"the date {p.published.isoformat()} is in the future; write the date the "
                    "entry was published, today or earlier")
        if p.updated is None:
            continue
        if p.updated < p.published:
            problem("updated", f"the entry cannot be updated ({p.updated.isoformat()}) before it was published "
                    f"({p.published.isoformat()}); correct the date, or leave 'updated' out")
        elif p.updated > today:
            problem("updated", f"the date {p.updated.isoformat()} is in the future; write the date the entry "
                    "last changed, today or earlier")
    return found
