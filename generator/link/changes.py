"""What an edit changed between two catalogues of the same site, so that only the pages that
depend on it are made again."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

from ..validate import RecordKey
from .catalogue import Catalogue, Entry


@dataclass(frozen=True)
class Changes:
    """What an edit changed, as the two ways a page can depend on a record.

    ``entries``: records whose entry (title, summary, address) differs, which matters to every
    page that links to them. ``records``: records, terms and pages whose content or anything
    derived for them (links, members, related examples) differs, which matters only to pages
    that show them in full.
    """

    entries: frozenset[RecordKey]
    records: frozenset[RecordKey]


def changes(before: Catalogue, after: Catalogue) -> Changes:
    """What differs between two catalogues of the same site."""
    old_entries, new_entries = before.entries, after.entries
    entries = {k for k in old_entries.keys() | new_entries.keys() if old_entries.get(k) != new_entries.get(k)}
    # a page carrying a term is found by the term's names (hidden words beside its link to it)
    old_names, new_names = _names(before), _names(after)
    entries |= {k for k in old_names.keys() | new_names.keys() if old_names.get(k) != new_names.get(k)}
    old, new = _full_views(before), _full_views(after)
    records = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    return Changes(frozenset(entries), frozenset(records | entries))


def _names(catalogue: Catalogue) -> dict[RecordKey, tuple[str, ...]]:
    return {(t.kind, t.id): t.names for t in catalogue.vocabulary.terms}


def _keyed(value: object) -> object:
    """``value`` with every entry it holds replaced by its key, in the same order.

    A record shown in full lists other records by their entries; a change to one of those
    entries is already in ``Changes.entries`` and reaches every page that links to it. Compared
    by key, the lists change only when their members or their order do, so that retitling one
    example does not count every term it carries as changed.
    """
    if isinstance(value, Entry):
        return (value.kind, value.id)
    if isinstance(value, tuple):
        return tuple(_keyed(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_keyed(getattr(value, f.name)) for f in dataclasses.fields(value)))
    if isinstance(value, Mapping):
        return tuple((k, _keyed(v)) for k, v in value.items())
    return value


def _full_views(catalogue: Catalogue) -> dict[RecordKey, tuple[object, ...]]:
    """For every key, everything a page can show of it in full: its record or term, and links."""
    c = catalogue
    records = dict(c.content.records())
    views: dict[RecordKey, tuple[object, ...]] = {}
    for key in c.entries:
        kind, ident = key
        views[key] = (
            records.get(key) or c.terms.get(kind, {}).get(ident),
            *_keyed((
                c.practice_links.get(ident) if kind == "practice" else None,
                c.ni_links.get(ident) if kind == "national-indicator" else None,
                c.client_group_evidence.get(ident) if kind == "client-group" else None,
                c.members.get(key),
                c.backlinks.get(key),
            )),
        )
    for key, record in records.items():
        if key[0] == "taxonomy":
            views[key] = (record,)
    for name, text in c.content.pages.items():
        views[("page", name)] = (text,)
    return views
