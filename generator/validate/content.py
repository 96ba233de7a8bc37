"""What the validate stage hands on: every validated record, by kind, with the file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from .. import model as m
from ..load import LoadedFile, Location

# (kind, id): how records are named across the stages, e.g. ("practice", "kettering-move-on").
RecordKey = tuple[str, str]
# (where in the record, kind referred to, id referred to), as references.iter_references finds them.
Reference = tuple[Location, str, str]


@dataclass(frozen=True)
class Content:
    """Every validated record, by kind, with the file each came from."""

    taxonomies: dict[str, m.Taxonomy]
    practice: list[m.PracticeBase]
    lessons: list[m.LessonStage]
    indicator_themes: list[m.IndicatorTheme]
    national_indicators: list[m.NationalIndicator]
    baselines: list[m.Baseline]
    guidance: list[m.Guidance]
    tools: list[m.Record]
    files: dict[RecordKey, LoadedFile] = field(repr=False)
    pages: dict[str, str] = field(default_factory=dict, repr=False)
    # every record's references, found once by the validate stage (the link stage asks again)
    references: dict[RecordKey, tuple[Reference, ...]] = field(default_factory=dict, repr=False)
    # every record's abbreviation-like words where first used (vocabulary.record_abbreviations)
    abbreviations: dict[RecordKey, tuple[tuple[int, str, str], ...]] = field(default_factory=dict, repr=False)

    def references_of(self, record: m.Record) -> tuple[Reference, ...]:
        found = self.references.get((m.record_kind(record) or "", record.id))
        if found is None:  # content assembled without the validate stage (in tests)
            from .references import iter_references

            found = tuple(iter_references(record))
        return found

    def counts(self) -> dict[str, int]:
        pilots = sum(1 for p in self.practice if p.kind == "pilot")
        return {
            "practice examples": len(self.practice) - pilots,
            "pilots": pilots,
            "lesson stages": len(self.lessons),
            "indicator themes": len(self.indicator_themes),
            "national indicators": len(self.national_indicators),
            "baselines": len(self.baselines),
            "guidance": len(self.guidance),
            "tools": len(self.tools),
            "taxonomy terms": sum(len(t.terms) for name, t in self.taxonomies.items() if name != "glossary"),
            "glossary entries": len(self.taxonomies["glossary"].terms) if "glossary" in self.taxonomies else 0,
        }

    def records(self) -> Iterator[tuple[RecordKey, m.Record]]:
        """Every record file's record, by its key (taxonomies as ('taxonomy', name))."""
        for group in (
            self.taxonomies.values(), self.practice, self.lessons, self.indicator_themes,
            self.national_indicators, self.baselines, self.guidance, self.tools,
        ):
            for record in group:
                yield (m.record_kind(record) or "", record.id), record


def assemble(
    records: list[tuple[LoadedFile, m.Record]],
    pages: dict[str, str],
    references: dict[RecordKey, tuple[Reference, ...]] | None = None,
    abbreviations: dict[RecordKey, tuple[tuple[int, str, str], ...]] | None = None,
) -> Content:
    """Sort validated records into a ``Content`` by kind."""
    by_kind: dict[str | None, list[m.Record]] = {}
    files: dict[RecordKey, LoadedFile] = {}
    for file, record in records:
        kind = m.record_kind(record)
        files[(kind or "", record.id)] = file
        by_kind.setdefault(kind, []).append(record)
    return Content(
        taxonomies={t.id: t for t in by_kind.get("taxonomy", [])},  # type: ignore[misc]
        practice=by_kind.get("practice", []),  # type: ignore[arg-type]
        lessons=by_kind.get("lesson", []),  # type: ignore[arg-type]
        indicator_themes=by_kind.get("indicator-theme", []),  # type: ignore[arg-type]
        national_indicators=by_kind.get("national-indicator", []),  # type: ignore[arg-type]
        baselines=by_kind.get("baseline", []),  # type: ignore[arg-type]
        guidance=by_kind.get("guidance", []),  # type: ignore[arg-type]
        tools=by_kind.get("tool", []),
        files=files,
        pages=pages,
        references=references or {},
        abbreviations=abbreviations or {},
    )
