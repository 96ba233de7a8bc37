"""The site's vocabulary: the words readers use for its terms, and the abbreviations it explains.

Editors keep it in ``content/taxonomy/``: synonyms and abbreviations on client groups, themes and
regions, and the glossary. Everything that needs it takes it from here, so that the site's
search (Pagefind), the CLI search (whoosh), the validator and the glossary markup agree:

* ``search_words`` are the words a page is also found by: every other name of the terms it
  carries, and the expansion of each abbreviation it uses (or the abbreviation of an expansion);
* ``abbreviation_pattern`` finds the abbreviations the glossary explains in running text.

Pure: model objects in, plain values out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from . import model as m

# Term kinds whose terms carry synonyms and abbreviations, with the search facet each fills.
VOCABULARY_KINDS = {"client-group": "client_group", "theme": "theme", "region": "region"}

# A word written in capitals (two or more, digits allowed, an optional plural s): how the
# content writes an abbreviation. "NI", "PSA16", "PCTs"; not "A" nor "Care".
ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?\b")


def normal(form: str) -> str:
    """A written form as it is compared: case, hyphens and runs of spaces do not count."""
    return " ".join(re.sub(r"[-\u2010-\u2015]", " ", form).casefold().split())


@dataclass(frozen=True)
class Named:
    """A taxonomy term and every name it goes by (its title first)."""

    kind: str
    id: str
    title: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class _Form:
    """One written form of a glossary entry, and how a page's text is searched for it.

    Every page's text is read for some 170 forms. A substring test first keeps the regular
    expression for the few forms a page may hold, and it is then tried only where the form
    can start: a pattern that opens with a look-behind is otherwise tried at every character
    of the page (ten times slower)."""

    must_contain: str  # plain text that any match holds (lower case unless ``exact``)
    starts_with: str | None  # plain text that any match starts with, alike; None: unknown
    exact: bool  # matched in its own case
    pattern: re.Pattern[str]
    entry: m.GlossaryEntry
    form: str  # as the glossary writes it

    def found_in(self, text: str, lowered: str, aligned: bool) -> bool:
        """Whether ``text`` (``lowered``: in lower case; ``aligned``: at the same places) uses it."""
        plain = text if self.exact else lowered
        if self.must_contain not in plain:
            return False
        if self.starts_with is None or not (self.exact or aligned):
            return self.pattern.search(text) is not None
        at = plain.find(self.starts_with)
        while at >= 0:
            if self.pattern.match(text, at):
                return True
            at = plain.find(self.starts_with, at + 1)
        return False


def _written_in(text: str) -> Callable[[_Form], bool]:
    """Whether ``text`` uses a form, with the text lowered once for all the forms asked about."""
    lowered = text.lower()
    # a place in the lower-case text is the same place in the text unless lowering made a
    # character longer (as it does the dotted capital I)
    aligned = len(lowered) == len(text)
    return lambda form: form.found_in(text, lowered, aligned)


@dataclass(frozen=True)
class Vocabulary:
    terms: tuple[Named, ...]
    glossary: tuple[m.GlossaryEntry, ...]

    @functools.cached_property
    def _by_term(self) -> Mapping[tuple[str, str], Named]:
        return {(t.kind, t.id): t for t in self.terms}

    @functools.cached_property
    def known_abbreviations(self) -> frozenset[str]:
        """Every capitalised form the glossary or a term's abbreviations explain, as written."""
        forms = {f for e in self.glossary for f in (e.title, *e.forms)}
        forms |= {a for t in self.terms for a in t.names if ABBREVIATION.fullmatch(a)}
        return frozenset(forms)

    def is_known(self, word: str) -> bool:
        return word in self.known_abbreviations or (word.endswith("s") and word[:-1] in self.known_abbreviations)

    @functools.cached_property
    def _glossary_forms(self) -> tuple[_Form, ...]:
        """Every written form of every entry, as it is looked for in a page's text."""
        forms = []
        for entry in self.glossary:
            for form in (entry.title, *entry.forms):
                # capitals are matched exactly ("IT" is not "it"); a term of art in any case
                exact = bool(ABBREVIATION.fullmatch(form) or form.isupper())
                pattern = re.compile(rf"(?<![\w-]){re.escape(form)}s?(?![\w-])", 0 if exact else re.IGNORECASE)
                written = form if exact else form.lower()
                forms.append(_Form(written, written, exact, pattern, entry, form))
            if entry.expansion:
                words = re.split(r"[\s-]+", entry.expansion.strip())
                pattern = re.compile(rf"(?<![\w-]){_loose(entry.expansion)}(?![\w-])", re.IGNORECASE)
                forms.append(_Form(max(words, key=len).lower(), words[0].lower() or None, False, pattern, entry,
                                   entry.expansion))
        return tuple(forms)

    @functools.cached_property
    def abbreviations(self) -> tuple[re.Pattern[str], Mapping[str, m.GlossaryEntry]]:
        """A pattern for every written form of the glossary's abbreviations (words with two
        capitals or more, as written), longest first, and the entry of each form."""
        by_form = {
            form: entry
            for entry in self.glossary
            for form in (entry.title, *entry.forms)
            if sum(c.isupper() for c in form) >= 2
        }
        forms = sorted(by_form, key=len, reverse=True)
        alternatives = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), by_form

    def glossary_used(self, text: str) -> list[m.GlossaryEntry]:
        """The glossary entries whose abbreviation, other form or expansion ``text`` uses."""
        found: dict[str, m.GlossaryEntry] = {}
        written = _written_in(text)
        for form in self._glossary_forms:
            if form.entry.id not in found and written(form):
                found[form.entry.id] = form.entry
        return list(found.values())

    def term_names(self, tagged: Iterable[tuple[str, str]]) -> tuple[str, ...]:
        """Every name of the terms a page carries (``tagged``, as (kind, id)): what it is about."""
        return _unique(name for key in tagged if key in self._by_term for name in self._by_term[key].names)

    def equivalents(self, text: str) -> tuple[str, ...]:
        """The other forms of the glossary entries ``text`` uses: the expansion of an abbreviation
        it writes, and the abbreviation of an expansion. A form the text writes itself is left
        out: the text already finds the page by it, and written again it only makes the search
        index larger (a quarter of the site's index was these hidden words)."""
        written_in_text = _written_in(text)
        found = [(form, written_in_text(form)) for form in self._glossary_forms]
        used = {form.entry.id for form, written in found if written}
        return _unique(form.form for form, written in found if form.entry.id in used and not written)

    def search_words(self, tagged: Iterable[tuple[str, str]], text: str = "") -> tuple[str, ...]:
        """Every other word a page is found by: its terms' names and its text's equivalents."""
        return _unique([*self.term_names(tagged), *self.equivalents(text)])

    @functools.cached_property
    def _by_facet_value(self) -> Mapping[tuple[str, str], tuple[str, str]]:
        return {(VOCABULARY_KINDS[t.kind], t.title): (t.kind, t.id) for t in self.terms}

    def terms_of(self, facets: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
        """The terms (kind, id) a page's search facets name (they carry the terms' titles)."""
        found = []
        for facet in VOCABULARY_KINDS.values():
            for value in facets.get(facet, ()):
                key = self._by_facet_value.get((facet, value))
                if key:
                    found.append(key)
        return found

    def facet_names(self) -> dict[str, tuple[str, str]]:
        """Every name of a client group, theme or region -> (facet, the term's title)."""
        return {normal(name): (VOCABULARY_KINDS[t.kind], t.title) for t in self.terms for name in t.names}


# --- spelling ---------------------------------------------------------------------------------
#
# A word that matches nothing is respelled as the nearest word the site itself uses: at most one
# edit away for a short word, two for a longer one (an edit is a letter added, dropped, changed,
# or two letters swapped), the most used of the nearest. The site's search script does the
# same with the same list (search/words.json), so both searches suggest the same word.

WORD = re.compile(r"[a-z]+")
SPELLED_FROM = 4  # shorter words are too often another real word one letter away


def site_words(texts: Iterable[str]) -> dict[str, int]:
    """Every word of the site's text (lower case, letters only, four letters or more) with how
    often it occurs: what a misspelling is corrected to."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in WORD.findall(text.lower()):
            if len(word) >= SPELLED_FROM:
                counts[word] = counts.get(word, 0) + 1
    return dict(sorted(counts.items()))


def nearest_word(word: str, words: Mapping[str, int]) -> str | None:
    """The site's word nearest to ``word``, or None when none is near or the word is the site's."""
    word = word.lower()
    if len(word) < SPELLED_FROM or word in words:
        return None
    limit = 1 if len(word) <= 5 else 2
    best: tuple[int, int, str] | None = None
    for candidate, count in words.items():
        if abs(len(candidate) - len(word)) > limit:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or (distance, -count, candidate) < best):
            best = (distance, -count, candidate)
    return best[2] if best else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Letters added, dropped, changed or swapped between ``a`` and ``b`` (limit + 1 when more)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[len(b)]


def _unique(words: Iterable[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    unique = []
    for word in words:
        if normal(word) not in seen:
            seen.add(normal(word))
            unique.append(word)
    return tuple(unique)


def _loose(phrase: str) -> str:
    """A pattern for a phrase that allows any hyphens and spacing between its words."""
    return r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", phrase.strip()))


def names_of(term: m.Term) -> tuple[str, ...]:
    """A term's title, short title, synonyms and abbreviations: every name it goes by."""
    names = [term.title, getattr(term, "short_title", None), *getattr(term, "synonyms", ()), *getattr(term, "abbreviations", ())]
    return tuple(n for n in names if n)


def vocabulary(taxonomies: Mapping[str, m.Taxonomy]) -> Vocabulary:
    """The vocabulary of validated taxonomies (``Content.taxonomies``)."""
    terms = []
    glossary: tuple[m.GlossaryEntry, ...] = ()
    for name, taxonomy in sorted(taxonomies.items()):
        kind = m.TAXONOMY_FILES[name][0]
        if kind in VOCABULARY_KINDS:
            terms += [Named(kind, t.id, t.title, names_of(t)) for t in taxonomy.terms]  # type: ignore[attr-defined]
        elif kind == "glossary-entry":
            glossary = tuple(taxonomy.terms)  # type: ignore[attr-defined]
    return Vocabulary(tuple(terms), glossary)
