"""The glossary: every abbreviation and term of art the content uses, A to Z, and the other names
readers use for the client groups, themes and regions."""

from __future__ import annotations

import itertools
from typing import Iterator

from ..link import Catalogue
from .page import Page, page
from .urls import GLOSSARY_PAGE

TERM_KIND_LABELS = {"client-group": "client group", "theme": "theme", "region": "region"}


def pages(catalogue: Catalogue) -> Iterator[Page]:
    words = catalogue.vocabulary
    entries = sorted(words.glossary, key=lambda e: e.title.casefold())
    sections = [
        (letter, [(e, catalogue.entry("document", e.source.document) if e.source else None) for e in group])
        for letter, group in itertools.groupby(entries, key=lambda e: _letter(e.title))
    ]
    named = [
        {"entry": catalogue.entry(t.kind, t.id), "kind": TERM_KIND_LABELS[t.kind], "names": t.names[1:]}
        for t in sorted(words.terms, key=lambda t: (t.kind, t.title.casefold()))
        if len(t.names) > 1
    ]
    yield page("glossary.md.j2", GLOSSARY_PAGE, sections=sections, named=named,
               also_shows=[("taxonomy", "glossary")])


def _letter(title: str) -> str:
    first = title[:1].upper()
    return first if first.isalpha() else "0–9"
