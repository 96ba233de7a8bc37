"""Full-text search over the content, the one module that uses whoosh.

The index lives in memory (whoosh's RamStorage): building it from the validated records takes a
fraction of a second, so the linker can use it for related practice and the CLI for editors'
searches without any files on disk.
"""

from __future__ import annotations

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
    body=TEXT(analyzer=_text, vector=True),
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


def similar(index: Index, limit: int = 10) -> dict[str, dict[str, float]]:
    """For every document, the most similar others by text, with scores in 0..1."""
    result: dict[str, dict[str, float]] = {}
    with index.searcher() as searcher:
        for docnum, stored in searcher.iter_docs():
            hits = searcher.more_like(docnum, "body", top=limit, numterms=25)
            scores = {hit["id"]: hit.score for hit in hits if hit["id"] != stored["id"]}
            best = max(scores.values(), default=0.0)
            result[stored["id"]] = {ident: score / best for ident, score in scores.items()} if best else {}
    return result


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


def _tokens(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for token in _text(text):
        counts[token.text] = counts.get(token.text, 0) + 1
    return counts


def _cosine(a: Mapping[str, int], b: Mapping[str, int]) -> float:
    dot = sum(count * b.get(term, 0) for term, count in a.items())
    norm = (sum(c * c for c in a.values()) * sum(c * c for c in b.values())) ** 0.5
    return dot / norm if norm else 0.0


def near_duplicates(documents: Sequence[Document], threshold: float) -> list[tuple[str, str, float]]:
    """Pairs of documents whose text is nearly the same: (id, similar id, cosine similarity).

    Candidates come from whoosh's more-like-this, so only a few pairs per document are compared.
    """
    index = build_index(documents)
    tokens = {d.id: _tokens(f"{d.title}\n{d.focus}\n{d.body}") for d in documents}
    pairs: dict[tuple[str, str], float] = {}
    with index.searcher() as searcher:
        for docnum, stored in searcher.iter_docs():
            for hit in searcher.more_like(docnum, "body", top=3, numterms=25):
                a, b = sorted((stored["id"], hit["id"]))
                if a != b and (a, b) not in pairs:
                    pairs[(a, b)] = _cosine(tokens[a], tokens[b])
    return sorted((a, b, score) for (a, b), score in pairs.items() if score >= threshold)
