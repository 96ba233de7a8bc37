"""The examples an edit changed, linked at once against the rest of the last catalogue.

The live preview shows an edited example's own page first, while the whole site is linked and
rendered again behind it (as Hugo's server renders the pages being viewed first): an editor
waits a second for the page they are working on, not for every listing that mentions it. The
edited examples' own links (terms, indicators, lessons, source) are made anew from the new
content; what depends on the other records (related practice, which other records cite them)
is taken from the last catalogue until the whole link replaces it.
"""

from __future__ import annotations

import dataclasses
import datetime

from .. import model as m
from ..validate import Content
from . import _indicator_links, _lesson_links, _practice_links
from .catalogue import Catalogue, Entry, page_path
from .related import RELATED_LIMIT


def edited_practice(before: Content, after: Content) -> list[m.PracticeBase] | None:
    """The practice examples in ``after`` that are new or differ from ``before``.

    None when anything else differs (a taxonomy, a lesson, a hand-written page, an example
    removed): such an edit can change pages an example's own links cannot tell, so only the
    whole link shows it.
    """
    if before.pages != after.pages:
        return None
    old = dict(before.records())
    edited = []
    seen = 0
    for key, record in after.records():
        was = old.get(key)
        seen += was is not None
        if was is record or was == record:
            continue
        if key[0] != "practice":
            return None
        edited.append(record)
    if seen != len(old):
        return None  # a record has gone
    return edited


def relink_edited(
    previous: Catalogue, content: Content, edited: list[m.PracticeBase], today: datetime.date | None = None
) -> Catalogue:
    """``previous`` with ``content`` and the ``edited`` examples' own entries and links made anew."""
    today = today or datetime.date.today()
    entries = dict(previous.entries)
    for p in edited:
        entries[("practice", p.id)] = Entry("practice", p.id, p.title, page_path("practice", p.id), p.summary)
    entry = lambda kind, ident: entries[(kind, ident)]  # noqa: E731 - as in link()
    indicators, lessons = _indicator_links(content, entry), _lesson_links(content, entry)
    related = {p.id: _related_as_before(p, previous) for p in edited}
    practice_links = dict(previous.practice_links)
    for p in edited:
        practice_links[p.id] = _practice_links(p, entry, indicators, lessons, related, previous.backlinks, content, today)
    return dataclasses.replace(previous, content=content, entries=entries, practice_links=practice_links)


def _related_as_before(p: m.PracticeBase, previous: Catalogue) -> tuple[str, ...]:
    """Related practice compares an example with all the others, so the last link's choice
    stands, after the examples the edit itself picks."""
    before = previous.practice_links.get(p.id)
    chosen = [*p.related, *(e.id for e in before.related)] if before else list(p.related)
    return tuple(dict.fromkeys(r for r in chosen if r != p.id))[: max(RELATED_LIMIT, len(p.related))]
