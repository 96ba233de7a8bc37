"""Schema and types: which model a file holds, the model's own rules (required fields, unknown
keys, types, dates, allowed values) and the naming rules (id equal to a slug file name, no
reserved names), with pydantic's errors turned into editors' messages."""

from __future__ import annotations

import datetime
import re
import types
from pathlib import PurePosixPath
from typing import Annotated, Any, Iterator, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .. import model as m
from ..load import LoadedFile, Location
from ..problems import Problem, did_you_mean, format_path

# Ids that would collide with generated index pages, or that some file systems refuse.
RESERVED_IDS = frozenset(
    {"index", "search", "con", "prn", "aux", "nul"}
    | {"by-title", "by-year", "by-region"}  # the practice index's sorted pages
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def typed_record(file: LoadedFile, relative: PurePosixPath) -> tuple[m.Record | None, list[Problem]]:
    """The file's data as its model object, or None and every problem that prevents it."""
    model_cls, reason = model_for(file, relative)
    if model_cls is None:
        field_name, _, message = reason.partition(": ") if reason.startswith("kind: ") else ("", "", reason)
        line = file.line_of(("kind",)) if field_name else 1
        return None, [Problem(file.display_path, line, field_name, message)]
    try:
        record = model_cls.model_validate(file.data)
    except ValidationError as exc:
        return None, list(_model_problems(file, model_cls, exc))
    name_problem = _name_problem(file, relative, record)
    if name_problem:
        return None, [name_problem]
    return record, list(_term_id_problems(file, record))


def model_for(file: LoadedFile, relative: PurePosixPath) -> tuple[type[m.Record] | None, str]:
    """The model class a file holds (by folder, file name or ``kind``), or None and why not."""
    folder = relative.parent.as_posix()
    top = relative.parts[0] if len(relative.parts) > 1 else ""
    data = file.data
    if top in ("practice", "tools"):
        kinds: dict[str, type[m.Record]] = m.PRACTICE_KINDS if top == "practice" else m.TOOL_KINDS  # type: ignore[assignment]
        kind = data.get("kind")
        model_cls = kinds.get(kind) if isinstance(kind, str) else None
        if model_cls is None:
            options = [f"'{k}'" for k in kinds]
            expected = " or ".join(options) if top == "practice" else "one of " + ", ".join(options)
            return None, f"kind: expected {expected}, found {describe(kind)}{did_you_mean(kind, kinds)}"
        return model_cls, ""
    if folder == "taxonomy":
        entry = m.TAXONOMY_FILES.get(relative.stem)
        if entry is None:
            names = ", ".join(sorted(m.TAXONOMY_FILES))
            return None, f"unknown taxonomy file '{relative.name}'; expected one of {names}{did_you_mean(relative.stem, m.TAXONOMY_FILES)}"
        return entry[1], ""
    for prefix, model_cls in m.FOLDER_MODELS.items():
        if folder == prefix or folder.startswith(prefix + "/"):
            return model_cls, ""
    known = ", ".join(["practice", "tools", "taxonomy", *m.FOLDER_MODELS])
    return None, f"file is not in a content folder this site knows ({known})"


def _name_problem(file: LoadedFile, relative: PurePosixPath, record: m.Record) -> Problem | None:
    stem = relative.stem
    if not re.fullmatch(m.SLUG_PATTERN, stem):
        return Problem(
            file.display_path,
            1,
            "",
            f"file name '{relative.name}' must be a lower-case id of letters, digits and single "
            "hyphens, ending .yml",
        )
    if record.id in RESERVED_IDS:
        return Problem(file.display_path, file.line_of(("id",)), "id", f"'{record.id}' is a reserved name; choose another id")
    if record.id != stem:
        return Problem(
            file.display_path, file.line_of(("id",)), "id", f"id must equal the file name: expected '{stem}', found '{record.id}'"
        )
    return None


def _term_id_problems(file: LoadedFile, record: m.Record) -> Iterator[Problem]:
    if not isinstance(record, m.Taxonomy):
        return
    for i, term in enumerate(record.terms):  # type: ignore[attr-defined]
        if term.id in RESERVED_IDS:
            loc = ("terms", i, "id")
            yield Problem(file.display_path, file.line_of(loc), format_path(loc), f"'{term.id}' is a reserved name; choose another id")


# --- turning pydantic's errors into editors' messages ----------------------------------------

_YAML_HINTS = {
    bool: " (YAML reads unquoted yes, no, on, off, true and false as a boolean; put the text in quotes)",
    int: " (YAML reads unquoted numbers as numbers; put the text in quotes)",
    float: " (YAML reads unquoted numbers such as 1.10 as numbers; put the text in quotes)",
    datetime.date: " (YAML reads unquoted YYYY-MM-DD as a date; put the text in quotes)",
}


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"number {value!r}"
    if isinstance(value, datetime.date):
        return f"date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"text '{shown}'"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _model_problems(file: LoadedFile, model_cls: type[BaseModel], exc: ValidationError) -> Iterator[Problem]:
    seen: set[tuple[Location, str]] = set()
    for error in exc.errors(include_url=False):
        message = _message(error, model_cls, tuple(error["loc"]))
        # a union's tag (which kind of source) is pydantic's bookkeeping, not a key in the file
        loc = tuple(part for part in error["loc"] if part not in _UNION_TAGS)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        line_loc = loc[:-1] if error["type"] == "missing" else loc
        yield Problem(file.display_path, file.line_of(line_loc), format_path(loc), message)


def _message(error: dict[str, Any], model_cls: type[BaseModel], loc: Location) -> str:
    kind = error["type"]
    found = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "source_kind":
        return f"{error['msg']}, found {describe(found)}"
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        allowed = _fields_at(model_cls, loc[:-1])
        hint = did_you_mean(loc[-1], allowed)
        listing = "" if hint else f"; expected one of: {', '.join(sorted(allowed))}"
        return f"unknown field '{loc[-1]}'{hint}{listing}"
    if kind == "string_type":
        return f"expected text, found {describe(found)}{_YAML_HINTS.get(type(found), '')}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"expected a date written YYYY-MM-DD, found {describe(found)}"
    if kind == "int_type" or kind == "int_from_float":
        return f"expected a whole number, found {describe(found)}"
    if kind == "float_type":
        return f"expected a number, found {describe(found)}"
    if kind == "bool_type":
        return f"expected true or false, found {describe(found)}"
    if kind == "list_type":
        return f"expected a list (one '- item' per line), found {describe(found)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {describe(found)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        return f"expected {expected}, found {describe(found)}{did_you_mean(found, options)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == m.SECTION_NUMBER_PATTERN:
        return f"expected a section number of digits and dots such as 3.2, found {describe(found)}"
    if kind == "string_pattern_mismatch":
        return f"expected a lower-case id of letters, digits and single hyphens, found {describe(found)}"
    if kind == "refused_character":
        return error["msg"]
    if kind == "string_too_short":
        return "expected text, found empty text"
    if kind == "string_too_long":
        return f"text is longer than {ctx.get('max_length')} characters"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"expected at least {need} item{'s' if need != 1 else ''}, found {ctx.get('actual_length', 0)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {"greater_than_equal": ">=", "less_than_equal": "<=", "greater_than": ">", "less_than": "<"}[kind]
        limit = next(iter(ctx.values()), "")
        return f"expected a number {bound} {limit}, found {describe(found)}"
    return f"{error['msg']}, found {describe(found)}"


def _fields_at(model_cls: type[BaseModel], loc: Location) -> list[str]:
    """The field names allowed at ``loc`` inside ``model_cls`` (for unknown-field hints)."""
    found = field_type(model_cls, loc)
    hint = _unwrap(found[0]) if found else None
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return list(hint.model_fields)
    return []


def field_type(model_cls: type[BaseModel], loc: Location) -> tuple[Any, tuple[Any, ...]] | None:
    """The type declared for the value at ``loc`` inside ``model_cls`` and the field's metadata
    (pydantic keeps a field's own ``Annotated`` constraints there), or None for no such field."""
    hint: Any = model_cls
    metadata: tuple[Any, ...] = ()
    for part in loc:
        hint = _unwrap(hint)
        if part in _UNION_TAGS:
            hint, metadata = _tagged_option(hint, part), ()
            continue
        hint = _option_with(hint, part)
        if isinstance(part, int):
            if get_origin(hint) is not list:
                return None
            hint, metadata = get_args(hint)[0], ()
        elif isinstance(hint, type) and issubclass(hint, BaseModel) and part in hint.model_fields:
            info = hint.model_fields[part]
            hint, metadata = info.annotation, tuple(info.metadata)
        else:
            return None
    return hint, metadata


_UNION_TAGS = frozenset(m.SOURCE_TAGS.values())


def _tagged_option(union: Any, tag: str) -> Any:
    """The option of a tagged union that carries ``tag`` (pydantic names it in an error's loc)."""
    for option in get_args(union):
        if get_origin(option) is Annotated and any(getattr(meta, "tag", None) == tag for meta in get_args(option)[1:]):
            return get_args(option)[0]
    return union


def _option_with(union: Any, name: Any) -> Any:
    """The model among a union's options that has the field ``name`` (a source's shapes differ
    in their fields), or the hint unchanged."""
    if get_origin(union) not in (Union, types.UnionType) or not isinstance(name, str):
        return union
    for option in get_args(union):
        model = get_args(option)[0] if get_origin(option) is Annotated else option
        if isinstance(model, type) and issubclass(model, BaseModel) and name in model.model_fields:
            return model
    return union


def is_prose(model_cls: type[BaseModel], loc: Location) -> bool:
    """Whether the value at ``loc`` is free text (a title, summary, list item), not an id."""
    found = field_type(model_cls, loc)
    if found is None:
        return False
    hint, metadata = _unwrap_keeping_metadata(*found)
    if hint is not str or m.ref_kind(hint, metadata):
        return False
    return not any(getattr(meta, "pattern", None) for meta in metadata)


def _unwrap(hint: Any) -> Any:
    """Strip Annotated and Optional so the model or list underneath shows."""
    return _unwrap_keeping_metadata(hint)[0]


def _unwrap_keeping_metadata(hint: Any, metadata: tuple[Any, ...] = ()) -> tuple[Any, tuple[Any, ...]]:
    """Strip Annotated and Optional, gathering the Annotated metadata on the way."""
    while True:
        origin = get_origin(hint)
        if origin is Annotated:
            metadata = (*metadata, *get_args(hint)[1:])
            hint = get_args(hint)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(hint) if a is not type(None)]
            if len(options) != 1:
                return hint, metadata
            hint = options[0]
        else:
            return hint, metadata
