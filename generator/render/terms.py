"""Taxonomy terms: a page per client group, theme, region, area, journey stage, evidence level
and source document listing what carries it, and a browse page per kind of term."""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from ..link import PAGE_FOLDERS, TERM_KINDS, Catalogue, TermMembers
from .facets import KIND_LABELS
from .listing import Listings, continuation_pages
from .page import Page, page

TERM_FOLDER_TITLES = {
    "client-group": "Client groups",
    "theme": "Themes",
    "region": "Regions",
    "area": "Local authority areas",
    "journey-stage": "Customer journey stages",
    "evidence-level": "Evidence levels",
    "document": "Sources",
}


def pages(catalogue: Catalogue) -> Iterator[Page]:
    listings = Listings(catalogue)
    for kind in TERM_KINDS:
        for term in catalogue.terms.get(kind, {}).values():
            entry = catalogue.entry(kind, term.id)
            members = catalogue.members[(kind, term.id)]
            practice = listings.listing(members.practice + members.pilots, entry.path, "practice examples and pilots")
            also_applicable = listings.listing(
                members.also_applicable, entry.path, "practice also applicable", name="also-applicable"
            )
            yield page(
                "term.md.j2",
                entry.path,
                facets={"kind": [KIND_LABELS["term"]]},
                about=[(kind, term.id)],
                kind=kind,
                term=term,
                members=members,
                # the whole listings: the page counts every example by evidence level, so it
                # depends on every record listed, though it shows only the first page of them
                practice=practice,
                also_applicable=also_applicable,
                evidence=catalogue.client_group_evidence.get(term.id) if kind == "client-group" else None,
                region=catalogue.entry("region", term.region) if isinstance(term, m.Area) else None,
            )
            for listing in (practice, also_applicable):
                yield from continuation_pages(listing, term.title, entry.path, [(kind, term.id)])
        taxonomy = _taxonomy_of(catalogue, kind)
        yield page(
            "term-index.md.j2",
            f"{PAGE_FOLDERS[kind]}/index.md",
            kind=kind,
            title=TERM_FOLDER_TITLES[kind],
            members=[catalogue.members[(kind, e.id)] for e in catalogue.entries_of(kind)],
            description=(taxonomy.description or "") if taxonomy else "",
            also_shows=[("taxonomy", taxonomy.id)] if taxonomy else (),
        )
    yield page("browse.md.j2", BROWSE_PAGE, meta={"pagefind": False}, groups=browse_groups(catalogue))


# The static browse of practice (also the search page's answer without JavaScript): the kinds
# of term a reader picks practice by, in the order they are offered.
BROWSE_KINDS = ("client-group", "theme", "evidence-level", "region", "journey-stage")
BROWSE_PAGE = "browse/index.md"


def browse_groups(catalogue: Catalogue) -> list[tuple[str, str, list[TermMembers]]]:
    """(kind, heading, the members of each term) for every kind the browse offers."""
    return [
        (kind, f"By {TERM_FOLDER_TITLES[kind][0].lower()}{TERM_FOLDER_TITLES[kind][1:-1]}",
         [catalogue.members[(kind, e.id)] for e in catalogue.entries_of(kind)])
        for kind in BROWSE_KINDS
    ]


def _taxonomy_of(catalogue: Catalogue, kind: str) -> m.Taxonomy | None:
    for name, taxonomy in catalogue.content.taxonomies.items():
        if m.TAXONOMY_FILES[name][0] == kind:
            return taxonomy
    return None
