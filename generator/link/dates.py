"""When each record appeared and last changed, for "What's new" and the feed.

A practice example says so itself (``published``, ``updated``), or else its file's history
tells when it changed. Other records carry no dates, so their dates come from the content's
version-control history, which the build gathers at its edge and hands in as a ``History``; a
record that was there from the first day of that history is listed only once it changes, since
the site's starting content is not news. Without a history (a tarball, a shallow clone) they are
left out and practice falls back on its own dates alone.
"""

from __future__ import annotations

import datetime
from typing import Mapping

from .. import model as m
from ..history import FileDates, History
from ..validate import Content, RecordKey
from .catalogue import Entry, RecordDates


# What a reader is told each kind of record is.
KIND_LABELS = {
    "practice": "Practice example",
    "pilot": "Health pilot",
    "lesson": "Lesson",
    "indicator-theme": "Success indicators",
    "national-indicator": "National Indicator",
    "baseline": "Baseline",
    "guidance": "Guidance",
    "tool": "Tool",
}


def record_dates(
    content: Content, entries: Mapping[RecordKey, Entry], history: History | None
) -> tuple[RecordDates, ...]:
    """Every record with a known date, the latest change first."""
    found = []
    start = min((f.added for f in history.files.values()), default=None) if history else None
    for key, record in content.records():
        entry = entries.get(key)
        if entry is None:  # a taxonomy file: its terms have pages, the file has none
            continue
        file = content.files.get(key)
        committed = history.files.get(file.path) if history and file else None
        if isinstance(record, m.PracticeBase):
            updated = record.updated or _changed_after(committed, record.published)
            found.append(RecordDates(entry, KIND_LABELS[record.kind], record.published, updated))
        elif committed is not None and (committed.added != start or committed.changed):
            found.append(RecordDates(entry, KIND_LABELS[key[0]], committed.added, committed.changed))
    # the latest first; on one day, practice before the other kinds
    order = list(KIND_LABELS.values())
    return tuple(sorted(found, key=lambda d: (-d.latest.toordinal(), order.index(d.label), d.entry.title.lower())))


def _changed_after(committed: FileDates | None, published: datetime.date) -> datetime.date | None:
    # An entry transcribed long after its publication date was not updated by being committed.
    if committed is None or committed.changed is None or committed.changed <= published:
        return None
    return committed.changed
