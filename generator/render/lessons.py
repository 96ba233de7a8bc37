"""The health pilots' lessons: a page per partnership stage, and the index."""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from ..link import Catalogue, Entry
from .listing import Listings
from .page import Page, page
from .tagged import tagged


def pages(catalogue: Catalogue) -> Iterator[Page]:
    listings = Listings(catalogue)
    for lesson in catalogue.content.lessons:
        entry = catalogue.entry("lesson", lesson.id)
        pilots = _cited_pilots(catalogue, lesson)
        yield page(
            "lesson.md.j2",
            entry.path,
            record=lesson,
            pilots=pilots,
            pilot_items=listings.items(pilots.values()),
            **tagged(catalogue, "lesson", lesson),
        )
    yield page("lessons-index.md.j2", "lessons/index.md", lessons=catalogue.entries_of("lesson"))


def _cited_pilots(catalogue: Catalogue, lesson: m.LessonStage) -> dict[str, Entry]:
    ids = {p for s in lesson.sections for p in s.pilots} | {p for b in lesson.boxes for p in b.pilots}
    return {i: catalogue.entry("practice", i) for i in sorted(ids)}
