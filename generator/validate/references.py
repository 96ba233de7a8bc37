"""References: every id a record refers to (a ``Ref`` field in the model) must name a record or
taxonomy term that exists, and every id is defined once; unknown ids get a did-you-mean hint."""

from __future__ import annotations

import functools
import types
import typing
from pathlib import PurePosixPath
from typing import Annotated, Any, Iterable, Iterator, Union, get_args, get_origin

from pydantic import BaseModel

from .. import model as m
from ..load import LoadedFile, Location
from ..problems import Problem, did_you_mean, format_path
from .content import RecordKey, Reference

Registry = dict[str, dict[str, tuple[LoadedFile, Location]]]


def reference_problems(
    records: list[tuple[LoadedFile, m.Record]],
    unreadable: set[RecordKey],
    references: dict[RecordKey, tuple[Reference, ...]] | None = None,
) -> list[Problem]:
    """Duplicate ids, and references to ids that exist nowhere (nor in an unreadable file).

    ``references`` holds each record's references where they were already found.
    """
    registry, problems = _registry(records)
    references = references or {}
    for file, record in records:
        found = references.get((m.record_kind(record) or "", record.id))
        problems.extend(_unknown_references(file, found if found is not None else iter_references(record),
                                            registry, unreadable))
    return problems


def ids_of_unreadable(paths: Iterable[str], content_root: str) -> set[RecordKey]:
    """(kind, id) pairs unreadable files would have defined; (kind, '*') for a taxonomy.

    References to them are not reported again as unknown: the file's own problem says enough.
    """
    ids: set[RecordKey] = set()
    for display_path in paths:
        relative = PurePosixPath(display_path)
        if relative.parts and relative.parts[0] == content_root:
            relative = PurePosixPath(*relative.parts[1:])
        top, stem = relative.parts[0], relative.stem
        if top == "practice":
            ids |= {("practice", stem), ("pilot", stem)}
        elif top == "taxonomy" and stem in m.TAXONOMY_FILES:
            ids.add((m.TAXONOMY_FILES[stem][0], "*"))
        elif relative.parent.as_posix() == "indicators/national":
            ids.add(("national-indicator", stem))
    return ids


def _registry(records: list[tuple[LoadedFile, m.Record]]) -> tuple[Registry, list[Problem]]:
    """Every id that can be referenced, by kind; duplicates are reported where they recur."""
    registry: Registry = {}
    problems: list[Problem] = []

    def add(kind: str, ident: str, file: LoadedFile, loc: Location) -> None:
        known = registry.setdefault(kind, {})
        if ident in known:
            first_file, first_loc = known[ident]
            problems.append(
                Problem(
                    file.display_path,
                    file.line_of(loc),
                    format_path(loc),
                    f"duplicate {kind} id '{ident}' (first defined at "
                    f"{first_file.display_path}:{first_file.line_of(first_loc)})",
                )
            )
            return
        known[ident] = (file, loc)

    for file, record in records:
        if isinstance(record, m.Taxonomy):
            term_kind = m.TAXONOMY_FILES[record.id][0]
            for i, term in enumerate(record.terms):  # type: ignore[attr-defined]
                add(term_kind, term.id, file, ("terms", i, "id"))
            continue
        add(m.record_kind(record) or "", record.id, file, ("id",))
        if isinstance(record, m.Pilot):
            add("pilot", record.id, file, ("id",))
    for file, record in records:
        if isinstance(record, m.SelfAssessment):
            for i, area in enumerate(record.areas):
                add("matrix-area", f"{record.id}/{area.id}", file, ("areas", i, "id"))
    return registry, problems


def iter_references(obj: BaseModel, loc: Location = ()) -> Iterator[tuple[Location, str, str]]:
    """Every (location, kind, id) a model object refers to, found from its type hints."""
    for name, kind, hint in _referring_fields(type(obj)):
        value = getattr(obj, name)
        if kind and isinstance(value, str):
            yield loc + (name,), kind, value
        yield from _walk(hint, value, loc + (name,))


@functools.lru_cache(maxsize=None)
def _referring_fields(model: type[BaseModel]) -> tuple[tuple[str, str | None, Any], ...]:
    """(name, kind it refers to, type hint) of the fields that can hold a reference."""
    fields = ((name, m.ref_kind(None, info.metadata), info.annotation) for name, info in model.model_fields.items())
    return tuple((name, kind, hint) for name, kind, hint in fields if kind or _may_refer(hint))


@functools.lru_cache(maxsize=None)
def _may_refer(hint: Any) -> bool:
    """Whether a value of this type can hold a reference: a ``Ref`` or a model somewhere inside.

    Long lists of plain text (features, outcomes) are skipped instead of walked item by item.
    """
    if m.ref_kind(hint):
        return True
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return True
    return any(_may_refer(arg) for arg in get_args(hint))


def _walk(hint: Any, value: Any, loc: Location) -> Iterator[tuple[Location, str, str]]:
    if value is None or not _may_refer(hint):
        return
    origin = get_origin(hint)
    if origin is Annotated:
        kind = m.ref_kind(hint)
        if kind and isinstance(value, str):
            yield loc, kind, value
        yield from _walk(get_args(hint)[0], value, loc)
    elif origin is list:
        (item_hint,) = get_args(hint)
        for i, item in enumerate(value):
            yield from _walk(item_hint, item, loc + (i,))
    elif origin in (Union, types.UnionType):
        for option in get_args(hint):
            if _matches(option, value):
                yield from _walk(option, value, loc)
                break
    elif isinstance(value, BaseModel):
        yield from iter_references(value, loc)


def _matches(hint: Any, value: Any) -> bool:
    base = get_args(hint)[0] if get_origin(hint) is Annotated else hint
    base = get_origin(base) or base
    if base is type(None) or base is typing.Literal:
        return False
    return isinstance(base, type) and isinstance(value, base)


def _unknown_references(
    file: LoadedFile, references: Iterable[Reference], registry: Registry, unreadable: set[RecordKey]
) -> Iterator[Problem]:
    for loc, kind, ident in references:
        known = registry.get(kind, {})
        if ident in known or (kind, ident) in unreadable or (kind, "*") in unreadable:
            continue
        if kind == "pilot" and ident in registry.get("practice", {}):
            message = f"'{ident}' is a practice example, not a pilot"
        else:
            message = f"unknown {kind.replace('-', ' ')} '{ident}'{did_you_mean(ident, known)}"
        yield Problem(file.display_path, file.line_of(loc), format_path(loc), message)
