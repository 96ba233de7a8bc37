"""Full-text search over the content, the one module that uses whoosh.

The index lives in memory (whoosh's RamStorage): building it from the validated records takes a
fraction of a second, so the linker can use it for related practice and the CLI for editors'
searches without any files on disk.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from whoosh import qparser
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index
from whoosh.query import And, Or, Term

from . import model as m

# Facets shared with the site's search filters, by CLI option name.
FACETS = ("kind", "client_group", "theme", "ni", "region", "stage", "evidence")

_text = StemmingAnalyzer()
SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    title=TEXT(stored=True, analyzer=_text, field_boost=3.0),
    focus=TEXT(analyzer=_text, field_boost=2.0),
    body=TEXT(analyzer=_text),
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


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    label: str
    score: float
    matched: tuple[str, ...]


def practice_document(p: m.PracticeBase) -> Document:
    parts = [p.summary, p.focus, *p.features, *p.outcomes, *p.learning, *p.barriers]
    if p.evidence.description:
        parts.append(p.evidence.description)
    if isinstance(p, m.Pilot):
        parts += [*p.description, *(a.aim for a in p.aims)]
    return Document(
        id=p.id,
        title=p.title,
        focus=p.focus,
        body="\n".join(parts),
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


def record_document(kind: str, record: m.Record, text: Iterable[str], facets: Mapping[str, Sequence[str]]) -> Document:
    return Document(
        id=record.id,
        title=record.title,
        focus="",
        body="\n".join(text),
        label=kind,
        facets={"kind": [kind], **facets},
    )


def build_index(documents: Iterable[Document]) -> Index:
    index = RamStorage().create_index(SCHEMA)
    writer = index.writer()
    for doc in documents:
        writer.add_document(
            id=doc.id,
            title=doc.title,
            focus=doc.focus,
            body=doc.body,
            label=doc.label,
            **{facet: ",".join(doc.facets.get(facet, ())) for facet in FACETS},
        )
    writer.commit()
    return index


def search(
    index: Index, text: str, filters: Mapping[str, Sequence[str]] | None = None, limit: int = 10
) -> list[Hit]:
    """Ranked hits for ``text``; values within a facet are ORed, facets are ANDed."""
    parser = qparser.MultifieldParser(["title", "focus", "body"], schema=index.schema, group=qparser.OrGroup)
    query = parser.parse(text)
    facet_filter = _facet_filter(filters or {})
    with index.searcher() as searcher:
        results = searcher.search(query, filter=facet_filter, limit=limit, terms=True)
        return [
            Hit(
                id=hit["id"],
                title=hit["title"],
                label=hit["label"],
                score=hit.score,
                matched=tuple(sorted({f"{field}:{_term(value)}" for field, value in hit.matched_terms()})),
            )
            for hit in results
        ]


def _facet_filter(filters: Mapping[str, Sequence[str]]):
    groups = [Or([Term(facet, value.lower()) for value in values]) for facet, values in filters.items() if values]
    return And(groups) if groups else None


def _term(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def content_documents(content) -> list[Document]:
    """Every searchable record of validated content (a ``validate.Content``)."""
    docs = [practice_document(p) for p in content.practice]
    for lesson in content.lessons:
        text = [*lesson.summary, *lesson.introduction, *lesson.key_lessons, *lesson.good_practice_points]
        text += [t for s in lesson.sections for t in (s.title, *s.text)]
        text += [t for b in lesson.boxes for t in (b.title, *b.text)]
        docs.append(record_document("lesson", lesson, text, {"client_group": lesson.client_groups, "theme": lesson.themes}))
    for guidance in content.guidance:
        text = [guidance.summary, *(t for s in guidance.sections for t in (s.title, *s.text, *(i.text for i in s.items)))]
        text += [f.text for f in guidance.facts]
        docs.append(
            record_document("guidance", guidance, text, {"client_group": guidance.client_groups, "theme": guidance.themes})
        )
    for theme in content.indicator_themes:
        text = [t for i in theme.indicators for t in (i.text, *i.evidence_sources)]
        nis = [i.national_indicator for i in theme.indicators if i.national_indicator]
        docs.append(record_document("indicator-theme", theme, text, {"client_group": theme.client_groups, "ni": nis}))
    for ni in content.national_indicators:
        text = [ni.definition or "", ni.data_source or ""]
        groups = [ni.client_group] if ni.client_group else []
        docs.append(record_document("national-indicator", ni, text, {"client_group": groups, "ni": [ni.id]}))
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


def _tokens(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for word, times in Counter(map(re.Match.group, _WORD.finditer(text))).items():
        for term in _terms_of_word(word):
            counts[term] = counts.get(term, 0) + times
    return counts


@dataclass(frozen=True)
class Similarity:
    """Text similarity within a collection: candidates by shared key terms, scored by cosine."""

    scores: Mapping[str, Mapping[str, float]]

    def most_similar(self, ident: str) -> Mapping[str, float]:
        return self.scores.get(ident, {})


def similarity(documents: Sequence[Document]) -> Similarity:
    return _similarity(tuple((d.id, f"{d.title}\n{d.focus}\n{d.body}") for d in documents))


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
        full = {term: count * math.log((1 + total) / (1 + document_frequency[term])) for term, count in counts.items()}
        ranked = sorted(full, key=lambda term: (-full[term], term))
        key_terms[ident] = ranked[:KEY_TERMS]
        # Documents are compared on their strongest terms only: a close approximation of the
        # full cosine that keeps each comparison short.
        weights[ident] = {term: full[term] for term in ranked[:VECTOR_TERMS]}
    postings: dict[str, list[str]] = {}
    for ident, terms in key_terms.items():
        for term in terms:
            postings.setdefault(term, []).append(ident)
    norms = {ident: math.sqrt(sum(v * v for v in w.values())) for ident, w in weights.items()}
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
    return Similarity(scores)


def near_duplicates(documents: Sequence[Document], threshold: float) -> list[tuple[str, str, float]]:
    """Pairs of documents whose text is nearly the same: (id, other id, cosine similarity)."""
    found = similarity(documents)
    pairs = {
        tuple(sorted((ident, other))): score
        for ident, row in found.scores.items()
        for other, score in row.items()
        if score >= threshold
    }
    return sorted((a, b, score) for (a, b), score in pairs.items())
