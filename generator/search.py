"""Full-text search over the content, the one module that uses whoosh.

The index lives in memory (whoosh's RamStorage): building it from the validated records takes a
fraction of a second, so the linker can use it for related practice and the CLI for editors'
searches without any files on disk.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from whoosh import highlight, qparser
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index
from whoosh.query import And, Every, Or, Term

from . import model as m
from .vocabulary import Vocabulary, nearest_word, vocabulary
from .vocabulary import site_words as vocabulary_words

# Facets shared with the site's search filters, by CLI option name.
FACETS = ("kind", "client_group", "theme", "ni", "region", "stage", "evidence")

_text = StemmingAnalyzer()
SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    title=TEXT(stored=True, analyzer=_text, field_boost=3.0),
    focus=TEXT(analyzer=_text, field_boost=2.0),
    body=TEXT(analyzer=_text, stored=True),  # stored for the snippets
    # the other names of the terms a record carries and of the abbreviations it uses, the same
    # words the site's pages carry for Pagefind (see vocabulary.py), so both searches agree
    also_known_as=TEXT(analyzer=_text, field_boost=2.0),
    label=STORED,
    **{facet: KEYWORD(stored=True, commas=True, lowercase=True) for facet in FACETS},
)


@dataclass(frozen=True)
class Document:
    """One searchable record: its text fields and facet values."""

    id: str
    title: str
    focus: str
    body: str
    label: str
    facets: Mapping[str, Sequence[str]]
    also_known_as: Sequence[str] = ()


# The text fields a query's words are looked for in, in the order a match is explained.
TEXT_FIELDS = ("title", "focus", "body", "also_known_as")
SNIPPET_CHARACTERS = 160


@dataclass(frozen=True)
class Hit:
    """One result: what it is, a snippet of its text, and why it matched."""

    id: str
    title: str
    label: str
    score: float
    snippet: str
    # text field -> the query's words, as typed, found in it (in TEXT_FIELDS order)
    words: Mapping[str, tuple[str, ...]]
    # filtered facet -> the values asked for that this record carries
    facets: Mapping[str, tuple[str, ...]]


def practice_document(p: m.PracticeBase, words: Vocabulary | None = None) -> Document:
    parts = [p.summary, p.focus, *p.features, *p.outcomes, *p.learning, *p.barriers]
    if p.evidence.description:
        parts.append(p.evidence.description)
    if isinstance(p, m.Pilot):
        parts += [*p.description, *(a.aim for a in p.aims)]
    body = "\n".join(parts)
    tagged = [*(("client-group", g) for g in p.client_groups), *(("theme", t) for t in p.themes), ("region", p.region)]
    return Document(
        id=p.id,
        title=p.title,
        focus=p.focus,
        body=body,
        also_known_as=words.search_words(tagged, f"{p.title}\n{body}") if words else (),
        label="pilot" if p.kind == "pilot" else "practice",
        facets={
            "kind": [p.kind],
            "client_group": p.client_groups,
            "theme": p.themes,
            "ni": p.national_indicators,
            "region": [p.region],
            "stage": p.journey_stages,
            "evidence": [p.evidence.level],
        },
    )


def record_document(
    kind: str, record: m.Record, text: Iterable[str], facets: Mapping[str, Sequence[str]], words: Vocabulary
) -> Document:
    body = "\n".join(text)
    tagged = [*(("client-group", g) for g in facets.get("client_group", ())), *(("theme", t) for t in facets.get("theme", ()))]
    return Document(
        id=record.id,
        title=record.title,
        focus="",
        body=body,
        also_known_as=words.search_words(tagged, f"{record.title}\n{body}"),
        label=kind,
        facets={"kind": [kind], **facets},
    )


def build_index(documents: Iterable[Document]) -> Index:
    # whoosh's writer keeps scratch files in a folder named after the index under the system's
    # temporary folder, and deletes it when done: with the default name every process shares
    # one folder, so two searches at once delete each other's files. Each index gets its own.
    index = RamStorage().create_index(SCHEMA, indexname=f"joinedup-{uuid.uuid4().hex}")
    writer = index.writer()
    for doc in documents:
        writer.add_document(
            id=doc.id,
            title=doc.title,
            focus=doc.focus,
            body=doc.body,
            also_known_as=" · ".join(doc.also_known_as),
            label=doc.label,
            **{facet: ",".join(doc.facets.get(facet, ())) for facet in FACETS},
        )
    writer.commit()
    return index


def search(
    index: Index, text: str, filters: Mapping[str, Sequence[str]] | None = None, limit: int = 10
) -> list[Hit]:
    """Ranked hits for ``text``; values within a facet are ORed, facets are ANDed.

    With no words, the records the filters select are browsed, as on the site: practice
    examples and pilots first, then the rest, each by title.
    """
    given = filters or {}
    filters = {facet: [v.lower() for v in given[facet]] for facet in FACETS if given.get(facet)}
    facet_filter = _facet_filter(filters)
    typed = typed_words(text)
    with index.searcher() as searcher:
        if not text.strip():
            results = searcher.search(Every(), filter=facet_filter, limit=None)
            ordered = sorted(results, key=lambda hit: (hit["label"] not in BROWSE_FIRST, hit["title"].lower()))
            return [_hit(hit, {}, filters) for hit in ordered[:limit]]
        results = searcher.search(_query(index, text), filter=facet_filter, limit=limit, terms=True)
        results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARACTERS, surround=60)
        results.formatter = _PlainFormatter()
        return [_hit(hit, typed, filters) for hit in results]


# Labels browsing lists first: the practice examples and pilots at the heart of the site.
BROWSE_FIRST = frozenset({"practice", "pilot"})


def typed_words(text: str) -> dict[str, str]:
    """Each index term the query's words analyse to, with the word as the editor typed it, in
    the query's order: a match is explained in the editor's words, not the index's stems. A
    query expanded with more terms (a synonym, say) maps each added term to the word it
    stands for here, and the explanation follows."""
    found: dict[str, str] = {}
    for word in map(re.Match.group, _WORD.finditer(text)):
        for term in _terms_of_word(word.lower()):
            found.setdefault(term, word)
    return found


def _query(index: Index, text: str):
    """The whoosh query for an editor's words: any of them, in the title, focus or text."""
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema=index.schema, group=qparser.OrGroup)
    return parser.parse(text)


def _hit(hit, typed: Mapping[str, str], filters: Mapping[str, Sequence[str]]) -> Hit:
    searched = hit.results.has_matched_terms()  # False when browsing: no words were asked for
    words: dict[str, list[str]] = {}
    for field, value in hit.matched_terms() if searched else ():
        term = _term(value)
        words.setdefault(field, []).append(typed.get(term, term))
    rank = {word: place for place, word in enumerate(dict.fromkeys(typed.values()))}
    ordered = {
        field: tuple(sorted(set(words[field]), key=lambda word: rank.get(word, len(rank))))
        for field in TEXT_FIELDS
        if field in words
    }
    carried = {
        facet: tuple(v for v in values if v in hit[facet].split(","))
        for facet, values in filters.items()
    }
    return Hit(
        id=hit["id"],
        title=hit["title"],
        label=hit["label"],
        score=hit.score,
        snippet=" ".join(((hit.highlights("body", top=2) if searched else "") or _opening(hit["body"])).split()),
        words=ordered,
        facets=carried,
    )


def _opening(text: str) -> str:
    """The start of a record's text, cut at a word, for a snippet where no word matched."""
    flat = " ".join(text.split())
    if len(flat) <= SNIPPET_CHARACTERS:
        return flat
    return flat[:SNIPPET_CHARACTERS].rsplit(" ", 1)[0] + "…"


class _PlainFormatter(highlight.Formatter):
    """Snippet fragments as plain text, joined by an ellipsis: the terminal shows no markup."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return highlight.get_text(text, token, replace)


def site_words(documents: Iterable[Document]) -> dict[str, int]:
    """The words of every searchable record, with their counts: what misspellings become."""
    return vocabulary_words(
        f"{d.title}\n{d.focus}\n{d.body}\n{' '.join(d.also_known_as)}" for d in documents
    )


_LETTERS = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class Respelling:
    text: str  # the query with the misspelt words replaced
    misspelt: tuple[str, ...]  # the words as typed that no record has


def respelled(text: str, words: Mapping[str, int]) -> Respelling | None:
    """``text`` with each word the site never uses replaced by the site's nearest word (see
    vocabulary.nearest_word), or None when there is none to replace. The site's search script
    applies the same rule to the same words."""
    misspelt = []
    out = []
    for word in text.split():
        nearest = nearest_word(word, words) if _LETTERS.fullmatch(word) else None
        if nearest:
            misspelt.append(word)
        out.append(nearest or word)
    return Respelling(" ".join(out), tuple(misspelt)) if misspelt else None


def _facet_filter(filters: Mapping[str, Sequence[str]]):
    groups = [Or([Term(facet, value.lower()) for value in values]) for facet, values in filters.items() if values]
    return And(groups) if groups else None


def _term(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def content_documents(content) -> list[Document]:
    """Every searchable record of validated content (a ``validate.Content``)."""
    words = vocabulary(content.taxonomies)
    docs = [practice_document(p, words) for p in content.practice]
    for lesson in content.lessons:
        text = [*lesson.summary, *lesson.introduction, *lesson.key_lessons, *lesson.good_practice_points]
        text += [t for s in lesson.sections for t in (s.title, *s.text)]
        text += [t for b in lesson.boxes for t in (b.title, *b.text)]
        docs.append(record_document("lesson", lesson, text, {"client_group": lesson.client_groups, "theme": lesson.themes}, words))
    for guidance in content.guidance:
        text = [guidance.summary, *(t for s in guidance.sections for t in (s.title, *s.text, *(i.text for i in s.items)))]
        text += [f.text for f in guidance.facts]
        docs.append(
            record_document("guidance", guidance, text, {"client_group": guidance.client_groups, "theme": guidance.themes}, words)
        )
    for theme in content.indicator_themes:
        text = [t for i in theme.indicators for t in (i.text, *i.evidence_sources)]
        nis = [i.national_indicator for i in theme.indicators if i.national_indicator]
        docs.append(record_document("indicator-theme", theme, text, {"client_group": theme.client_groups, "ni": nis}, words))
    for ni in content.national_indicators:
        text = [ni.definition or "", ni.data_source or ""]
        groups = [ni.client_group] if ni.client_group else []
        document = record_document("national-indicator", ni, text, {"client_group": groups, "ni": [ni.id]}, words)
        # titled as the site titles it, so that "NI 143" finds NI 143 first
        docs.append(dataclasses.replace(document, title=f"NI {ni.number} {ni.title}"))
    return docs


# --- more-like-this between documents -----------------------------------------------------------
#
# whoosh's searcher.more_like() scores every document against a query of the key terms, which
# costs tens of milliseconds per document at a few thousand documents. The same idea, done
# once for the whole collection, is fast: each document's key terms are its highest tf-idf
# stems (whoosh's analyser), and documents are compared only with those sharing a key term.

KEY_TERMS = 15
# A key term in more documents than this says little about any two of them, and comparing all
# its documents pairwise is what would make the cost grow with the square of the collection.
MAX_POSTING = 40
MAX_CANDIDATES = 40
VECTOR_TERMS = 40


# The analyser works word by word (split, lower-case, drop stop words, stem), so each distinct
# word is analysed once, with the analyser's own word pattern, and its terms are remembered:
# a collection's vocabulary is far smaller than its running text.
_WORD = _text.items[0].expression


@functools.lru_cache(maxsize=200_000)
def _terms_of_word(word: str) -> tuple[str, ...]:
    return tuple(token.text for token in _text(word))


# Each document's counts are kept by its text: after an edit only the edited text is counted again
# (the similarity of a collection is asked for again whenever one document changes).
@functools.lru_cache(maxsize=100_000)
def _tokens(text: str) -> Mapping[str, int]:
    counts: dict[str, int] = {}
    for word, times in Counter(map(re.Match.group, _WORD.finditer(text))).items():
        for term in _terms_of_word(word):
            counts[term] = counts.get(term, 0) + times
    return counts


@dataclass(frozen=True)
class Similarity:
    """Text similarity within a collection: candidates by shared key terms, scored by cosine.

    ``weights`` and ``norms`` are each document's strongest tf-idf terms and their length, and
    ``counts`` and ``document_frequency`` what they were weighed from, for DuplicateIndex.
    """

    scores: Mapping[str, Mapping[str, float]]
    counts: Mapping[str, Mapping[str, int]]
    document_frequency: Mapping[str, int]
    weights: Mapping[str, Mapping[str, float]]
    norms: Mapping[str, float]

    def most_similar(self, ident: str) -> Mapping[str, float]:
        return self.scores.get(ident, {})


def similarity(documents: Sequence[Document]) -> Similarity:
    return _similarity(tuple((d.id, _similarity_text(d)) for d in documents))


def _similarity_text(d: Document) -> str:
    return f"{d.title}\n{d.focus}\n{d.body}"


def _weighed(counts: Mapping[str, int], document_frequency: Mapping[str, int], total: int) -> list[tuple[str, float]]:
    """A document's terms by tf-idf, strongest first (ties by term, so the order is stable)."""
    full = {term: count * math.log((1 + total) / (1 + document_frequency[term])) for term, count in counts.items()}
    return sorted(full.items(), key=lambda item: (-item[1], item[0]))


@functools.lru_cache(maxsize=4)
def _similarity(texts: tuple[tuple[str, str], ...]) -> Similarity:
    # Cached: validation (duplicates) and linking (related practice) ask for the same texts.
    vectors = {ident: _tokens(text) for ident, text in texts}
    document_frequency: dict[str, int] = {}
    for counts in vectors.values():
        for term in counts:
            document_frequency[term] = document_frequency.get(term, 0) + 1
    total = len(vectors)
    weights = {}
    key_terms = {}
    for ident, counts in vectors.items():
        ranked = _weighed(counts, document_frequency, total)
        key_terms[ident] = [term for term, _ in ranked[:KEY_TERMS]]
        # Documents are compared on their strongest terms only: a close approximation of the
        # full cosine that keeps each comparison short.
        weights[ident] = dict(ranked[:VECTOR_TERMS])
    postings: dict[str, list[str]] = {}
    for ident, terms in key_terms.items():
        for term in terms:
            postings.setdefault(term, []).append(ident)
    norms = {ident: _norm(w) for ident, w in weights.items()}
    scores: dict[str, dict[str, float]] = {}
    for ident, terms in key_terms.items():
        shared: dict[str, int] = {}
        for term in terms:
            posting = postings[term]
            if len(posting) <= MAX_POSTING:
                for other in posting:
                    if other != ident:
                        shared[other] = shared.get(other, 0) + 1
        candidates = sorted(shared, key=lambda other: (-shared[other], other))[:MAX_CANDIDATES]
        mine = weights[ident]
        row = {}
        for other in candidates:
            theirs = weights[other]
            dot = sum(mine[term] * theirs[term] for term in mine.keys() & theirs.keys())
            if dot and norms[ident] and norms[other]:
                row[other] = dot / (norms[ident] * norms[other])
        scores[ident] = row
    return Similarity(scores, vectors, document_frequency, weights, norms)


def _norm(weights: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in weights.values()))


def near_duplicates(documents: Sequence[Document], threshold: float) -> list[tuple[str, str, float]]:
    """Pairs of documents whose text is nearly the same: (id, other id, cosine similarity)."""
    return DuplicateIndex().update(documents, threshold)


class DuplicateIndex:
    """The near-duplicate pairs of a collection, kept so that after an edit only the documents
    whose text changed are compared, each with every other document.

    The first update finds the pairs as ``similarity`` does, over candidates that share a key
    term; a later one keeps the pairs between unchanged documents and compares each changed one
    with every document sharing a weighed term (more thorough than the first, and cheap for a
    few). Unchanged documents keep the weights of when they were last weighed: a document more
    or less moves the other terms' rarity by a hair, which a warning threshold does not feel.
    When much has changed it starts afresh.
    """

    def __init__(self) -> None:
        self.threshold: float | None = None
        self.texts: dict[str, bytes] = {}  # each document's text, as a hash
        self.counts: dict[str, Mapping[str, int]] = {}
        self.document_frequency: dict[str, int] = {}
        self.weights: dict[str, Mapping[str, float]] = {}
        self.norms: dict[str, float] = {}
        self.holders: dict[str, set[str]] = {}  # term -> documents whose weights hold it
        self.pairs: dict[tuple[str, str], float] = {}

    def update(self, documents: Sequence[Document], threshold: float) -> list[tuple[str, str, float]]:
        """The pairs at or above ``threshold`` among ``documents``: (id, other id, similarity)."""
        texts = {d.id: _similarity_text(d) for d in documents}
        hashes = {ident: hashlib.blake2b(text.encode(), digest_size=16).digest() for ident, text in texts.items()}
        changed = [ident for ident, digest in hashes.items() if self.texts.get(ident) != digest]
        removed = [ident for ident in self.texts if ident not in texts]
        if threshold != self.threshold or len(changed) + len(removed) > max(20, len(texts) // 10):
            self._start_afresh(documents, threshold)
        else:
            self._compare_changed(texts, changed, removed)
        self.texts, self.threshold = hashes, threshold
        return sorted((a, b, score) for (a, b), score in self.pairs.items())

    def _start_afresh(self, documents: Sequence[Document], threshold: float) -> None:
        found = similarity(documents)
        self.counts = dict(found.counts)
        self.document_frequency = dict(found.document_frequency)
        self.weights, self.norms = dict(found.weights), dict(found.norms)
        self.holders = {}
        for ident, weights in self.weights.items():
            for term in weights:
                self.holders.setdefault(term, set()).add(ident)
        self.pairs = {}
        for ident, row in found.scores.items():
            for other, score in row.items():
                if score >= threshold:
                    self.pairs[_pair(ident, other)] = score

    def _compare_changed(self, texts: Mapping[str, str], changed: list[str], removed: list[str]) -> None:
        gone = set(changed) | set(removed)
        self.pairs = {pair: score for pair, score in self.pairs.items() if not gone & set(pair)}
        for ident in gone & self.counts.keys():
            for term in self.counts.pop(ident):
                self.document_frequency[term] -= 1
            for term in self.weights.pop(ident):
                self.holders[term].discard(ident)
            del self.norms[ident]
        for ident in changed:
            self.counts[ident] = _tokens(texts[ident])
            for term in self.counts[ident]:
                self.document_frequency[term] = self.document_frequency.get(term, 0) + 1
        for ident in changed:
            self.weights[ident] = dict(_weighed(self.counts[ident], self.document_frequency, len(texts))[:VECTOR_TERMS])
            self.norms[ident] = _norm(self.weights[ident])
            for term in self.weights[ident]:
                self.holders.setdefault(term, set()).add(ident)
        for ident in changed:
            mine, dots = self.weights[ident], {}
            for term, weight in mine.items():
                for other in self.holders[term]:
                    if other != ident:
                        dots[other] = dots.get(other, 0.0) + weight * self.weights[other][term]
            for other, dot in dots.items():
                if dot and self.norms[ident] and self.norms[other]:
                    score = dot / (self.norms[ident] * self.norms[other])
                    if score >= self.threshold:  # type: ignore[operator]
                        self.pairs[_pair(ident, other)] = score


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
