"""Bounded listings of practice: no page lists more than ``PAGE_SIZE`` examples.

A page that lists practice (a term's page, a National Indicator's, the practice index) shows
the first ``PAGE_SIZE`` of them, strongest evidence first, with counts by kind and evidence
level; the rest follow on numbered pages of their own (``<page>/page/2/``, as Hugo and Zola
paginate taxonomy terms), linked by a pager with rel prev/next. The pager names every page, or,
for a long listing, the pages near the current one and every tenth, so any page of a listing is
at most two clicks from any other, and every example stays reachable by plain links.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from .. import model as m
from ..link import Catalogue, Entry, RecordKey, strongest_evidence_first
from .facets import KIND_LABELS
from .page import Page, page

PAGE_SIZE = 30
# A pager names every page of a listing up to this many pages; beyond, the pages within
# PAGER_NEAR of the current one, every PAGER_STEP-th, and the first and last.
PAGER_ALL = 12
PAGER_NEAR = 5
PAGER_STEP = 10


@dataclass(frozen=True)
class Item:
    """One practice example or pilot in a listing, with what the listing shows of it."""

    entry: Entry
    record: m.PracticeBase  # the listing shows its kind and evidence, so it depends on the record
    evidence: Entry
    kind_label: str
    # the tags every list of practice shows: evidence rank on the scale, groups, region, year
    rank: int = 0
    top_rank: int = 0
    client_groups: tuple[Entry, ...] = ()
    region: Entry | None = None
    year: int | None = None


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    entry: Entry | None = None  # the page of the evidence level counted, where there is one


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing: its items and where the listing's other pages are."""

    label: str  # what the listing holds, e.g. "practice examples and pilots"
    items: tuple[Item, ...]
    number: int  # from 1
    paths: tuple[str, ...]  # the docs path of every page of the listing; paths[0] is its first
    total: int

    @property
    def pages(self) -> int:
        return len(self.paths)

    @property
    def start(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def end(self) -> int:
        return self.start + len(self.items) - 1

    def pager(self) -> list[int | None]:
        """The page numbers the pager names, in order; None marks pages left out between."""
        if self.pages <= PAGER_ALL:
            return list(range(1, self.pages + 1))
        shown = {1, self.pages, *range(PAGER_STEP, self.pages, PAGER_STEP)}
        shown |= set(range(max(1, self.number - PAGER_NEAR), min(self.pages, self.number + PAGER_NEAR) + 1))
        numbers: list[int | None] = []
        for n in sorted(shown):
            if numbers and numbers[-1] is not None and n > numbers[-1] + 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


@dataclass(frozen=True)
class Listing:
    """Every page of one listing, and its counts by kind and by evidence level."""

    pages: tuple[ListingPage, ...]
    by_kind: tuple[Count, ...]
    by_evidence: tuple[Count, ...]

    @property
    def first(self) -> ListingPage:
        return self.pages[0]

    @property
    def total(self) -> int:
        return self.first.total


def example_year(record: m.PracticeBase, catalogue: Catalogue) -> int | None:
    """The year an example was reported: its source document's, or when it was contributed."""
    document = getattr(record.source, "document", None)
    if document:
        term = catalogue.terms.get("document", {}).get(document)
        return getattr(term, "year", None)
    supplied = getattr(record.source, "supplied_on", None)
    return supplied.year if supplied else None


def page_path(owner: str, number: int, name: str = "") -> str:
    """The docs path of page ``number`` of a listing on the page ``owner``; page 1 is the owner."""
    if number == 1:
        return owner
    folder = owner.removesuffix(".md").removesuffix("/index")
    return f"{folder}/{name + '/' if name else ''}page/{number}.md"


class Listings:
    """Makes the listings of one catalogue (the evidence order is worked out once)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.order: Callable[[Entry], tuple[int, str]] = strongest_evidence_first(catalogue.content, catalogue.terms)
        self.records = {p.id: p for p in catalogue.content.practice}
        levels = catalogue.terms.get("evidence-level", {})
        self.ranks = {ident: term.rank for ident, term in levels.items()}  # type: ignore[attr-defined]

    def item(self, entry: Entry) -> Item:
        record = self.records[entry.id]
        links = self.catalogue.practice_links[entry.id]
        return Item(
            entry, record, links.evidence_level, KIND_LABELS[record.kind],
            rank=self.ranks.get(links.evidence_level.id, 0),
            top_rank=max(self.ranks.values(), default=0),
            client_groups=tuple(links.client_groups),
            region=links.region,
            year=example_year(record, self.catalogue),
        )

    def items(self, entries: Iterable[Entry]) -> list[Item]:
        """Practice entries as items, in the order given (related practice keeps its own)."""
        return [self.item(e) for e in entries]

    def strongest(self, entries: Iterable[Entry], limit: int | None = None) -> list[Item]:
        """Practice entries as items, strongest evidence first (at most ``limit``)."""
        ordered = sorted(entries, key=self.order)
        return [self.item(e) for e in ordered[:limit]]

    def listing(
        self, entries: Iterable[Entry], owner: str, label: str, name: str = "",
        order: Callable[[Item], Any] | None = None,
    ) -> Listing:
        """``entries`` as a listing on the page ``owner``, strongest evidence first, or sorted
        by ``order`` (ties keep the evidence order)."""
        items = self.strongest(entries)
        if order is not None:
            items.sort(key=order)
        chunks = [tuple(items[i : i + PAGE_SIZE]) for i in range(0, len(items), PAGE_SIZE)] or [()]
        paths = tuple(page_path(owner, n, name) for n in range(1, len(chunks) + 1))
        kinds = Counter(item.kind_label for item in items)
        levels = Counter(item.evidence for item in items)
        return Listing(
            pages=tuple(ListingPage(label, chunk, n, paths, len(items)) for n, chunk in enumerate(chunks, start=1)),
            by_kind=tuple(Count(kind, kinds[kind]) for kind in (KIND_LABELS["practice"], KIND_LABELS["pilot"]) if kinds[kind]),
            by_evidence=tuple(
                Count(level.title, levels[level], level)
                for level in reversed(self.catalogue.entries_of("evidence-level"))
                if levels[level]
            ),
        )


def continuation_pages(
    listing: Listing, owner_title: str, owner_path: str, depends_on: Iterable[RecordKey]
) -> Iterator[Page]:
    """Pages 2, 3 ... of a listing whose first page is part of the page ``owner_path``.

    They repeat what the owner's page lists, so search does not index them; what they show
    depends on the order of the whole listing, which ``depends_on`` stands for (the owner's
    record or term, whose members or links change when the order does).
    """
    for listing_page in listing.pages[1:]:
        yield page(
            "listing.md.j2",
            listing_page.paths[listing_page.number - 1],
            meta={"pagefind": False},
            also_shows=depends_on,
            owner_title=owner_title,
            owner_path=owner_path,
            listing=listing_page,
        )
