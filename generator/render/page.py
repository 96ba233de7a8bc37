"""A page the renderer returns: where it goes, how its text is made, and what it depends on.

A page family describes its pages first (cheap: a template name and the context it needs), and
the text is made only for the pages that need it. Each page knows the records its text depends
on, found in its context, in two ways: the records it links to (it shows their entry: title,
summary, address) and the records it shows in full (its own record, a term's members). So after
an edit only the pages that depend on what changed are made again (see ``render.render``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from pydantic import BaseModel

from .. import model as m
from ..link import Changes, Entry, RecordKey, TermMembers
from ..vocabulary import Vocabulary
from .environment import page_environment
from .facets import Facets, facet_block
from .markup import mark_abbreviations, with_front_matter
from .urls import GLOSSARY_PAGE, url_between


@dataclass(frozen=True)
class Dependencies:
    """The records a page's text depends on: those it links to, and those it shows in full."""

    links_to: frozenset[RecordKey] = frozenset()
    shows: frozenset[RecordKey] = frozenset()

    def touched_by(self, changes: Changes) -> bool:
        return not (changes.entries.isdisjoint(self.links_to) and changes.records.isdisjoint(self.shows))

    @property
    def records(self) -> frozenset[RecordKey]:
        return self.links_to | self.shows


@dataclass(frozen=True)
class Page:
    """One file of the docs folder.

    Its text comes from ``template`` rendered with ``context``, or from ``make`` (data files and
    hand-written pages). ``depends_on`` is None for a page that depends on everything (the home
    page, the search page's filter counts, the data files): it is made again after any edit.
    """

    path: str
    template: str = ""
    context: Mapping[str, Any] = field(default_factory=dict, repr=False)
    facets: Facets = field(default_factory=dict)
    meta: Mapping[str, Any] = field(default_factory=dict)
    depends_on: Dependencies | None = None
    make: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    # terms the page is about beyond those its facets name (a term's own page), as (kind, id)
    about: tuple[RecordKey, ...] = ()
    # the site's vocabulary, which ``render.plan`` hands every page
    vocabulary: Vocabulary | None = field(default=None, repr=False, compare=False)

    def text(self) -> str:
        if self.make is not None:
            return self.make()
        text = page_environment().get_template(self.template).render(page_path=self.path, **self.context)
        words = self.vocabulary
        if words and self.path != GLOSSARY_PAGE and self.meta.get("pagefind", True):
            text = mark_abbreviations(text, words.abbreviations, url_between(GLOSSARY_PAGE, self.path))
        if self.facets:
            names = words.term_names([*self.about, *words.terms_of(self.facets)]) if words else ()
            # the words as Pagefind reads them: an <abbr>'s title is not indexed, its text is
            equivalents = words.equivalents(_TAG.sub(" ", indexed_text(text))) if words else ()
            text = f"{text.rstrip()}\n\n{facet_block(self.facets, names, equivalents)}\n"
        return with_front_matter(text, self.meta)


_DIV = re.compile(r"<div\b[^>]*>|</div>")
_TAG = re.compile(r"<[^>]*>")


def indexed_text(text: str) -> str:
    """A page's text without its data-pagefind-ignore blocks: what Pagefind indexes of it (an
    abbreviation in a list of links to other pages does not make the page about it)."""
    kept: list[str] = []
    depth = 0  # depth inside an ignored block; 0 outside any
    position = 0
    for tag in _DIV.finditer(text):
        if depth == 0:
            kept.append(text[position:tag.start()])
            if tag.group().startswith("<div") and "data-pagefind-ignore" in tag.group():
                depth = 1
        elif tag.group() == "</div>":
            depth -= 1
        else:
            depth += 1
        position = tag.end()
    if depth == 0:
        kept.append(text[position:])
    return "".join(kept)


def page(
    template: str,
    path: str,
    *,
    facets: Facets | None = None,
    meta: Mapping[str, Any] | None = None,
    everything: bool = False,
    also_shows: Iterable[RecordKey] = (),
    about: Iterable[RecordKey] = (),
    **context: Any,
) -> Page:
    """A templated page; ``everything`` marks a page whose text depends on every record, and
    ``also_shows`` names records whose content the context carries only as plain values."""
    depends_on = None
    if not everything:
        links_to: set[RecordKey] = set()
        shows: set[RecordKey] = set()
        for value in context.values():
            _collect(value, links_to, shows)
        depends_on = Dependencies(frozenset(links_to), _joined(also_shows, shows))
    return Page(
        path=path,
        template=template,
        context=context,
        facets={name: tuple(values) for name, values in (facets or {}).items()},
        meta=dict(meta or {}),
        depends_on=depends_on,
        about=tuple(about),
    )


def _joined(given: Iterable[RecordKey], found: set[RecordKey]) -> frozenset[RecordKey]:
    """``given`` and ``found`` as one set; ``given`` itself when it holds all of ``found``.

    Every page of the practice index's listings depends on every example: they share one set,
    which copied for each page would make the listings' cost grow with the square of the
    examples."""
    given = given if isinstance(given, frozenset) else frozenset(given)
    return given if found <= given else given | found


def made(path: str, make: Callable[[], str], shows: Iterable[RecordKey] | None = None) -> Page:
    """A file whose text a function makes; unless ``shows`` says what of, it shows everything."""
    return Page(path=path, make=make, depends_on=None if shows is None else Dependencies(shows=frozenset(shows)))


def _collect(value: Any, links_to: set[RecordKey], shows: set[RecordKey]) -> None:
    if isinstance(value, Entry):
        links_to.add((value.kind, value.id))
    elif isinstance(value, BaseModel):
        # A record or term stands for everything inside it; a part of a record (an indicator,
        # a fact) always comes with the entry of the record it belongs to.
        kind = m.record_kind(value)
        if kind:
            shows.add((kind, value.id))  # type: ignore[attr-defined]
    elif isinstance(value, (str, int, float, bool)) or value is None:
        return
    elif isinstance(value, Mapping):
        for item in value.values():
            _collect(item, links_to, shows)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _collect(item, links_to, shows)
    elif dataclasses.is_dataclass(value):
        if isinstance(value, TermMembers):
            # what carries a term (and how many) is part of the term's full view
            shows.add((value.term.kind, value.term.id))
        for name in _field_names(type(value)):
            _collect(getattr(value, name), links_to, shows)


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))
