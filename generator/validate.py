"""Validate stage: loaded YAML -> typed model objects, or problems naming file, line and field.

Checks, all collected in one pass: which model a file holds (by folder, file name or ``kind``),
the model's own rules (required fields, unknown keys, types, dates, allowed values), id equal to
file name, duplicate ids, and that every reference (``Ref`` fields in the model) names something
that exists, with a did-you-mean hint when it does not.
"""

from __future__ import annotations

import datetime
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Annotated, Any, Iterable, Iterator, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from . import model as m
from . import search
from .load import LoadedFile, LoadedPage, Location
from .problems import Problem, did_you_mean, format_path


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
    files: dict[tuple[str, str], LoadedFile] = field(repr=False)
    pages: dict[str, str] = field(default_factory=dict, repr=False)

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
            "taxonomy terms": sum(len(t.terms) for t in self.taxonomies.values()),
        }


def model_for(file: LoadedFile, relative: PurePosixPath) -> tuple[type[m.Record] | None, str | None, str]:
    """The model class a file holds and its registry kind, or None and the reason why not."""
    folder = relative.parent.as_posix()
    top = relative.parts[0] if len(relative.parts) > 1 else ""
    data = file.data
    if top == "practice":
        kind = data.get("kind")
        model_cls = m.PRACTICE_KINDS.get(kind) if isinstance(kind, str) else None
        if model_cls is None:
            expected = " or ".join(f"'{k}'" for k in m.PRACTICE_KINDS)
            return None, None, f"kind: expected {expected}, found {_describe(kind)}{did_you_mean(kind, m.PRACTICE_KINDS)}"
        return model_cls, "practice", ""
    if top == "tools":
        kind = data.get("kind")
        model_cls = m.TOOL_KINDS.get(kind) if isinstance(kind, str) else None
        if model_cls is None:
            expected = ", ".join(f"'{k}'" for k in m.TOOL_KINDS)
            return None, None, f"kind: expected one of {expected}, found {_describe(kind)}{did_you_mean(kind, m.TOOL_KINDS)}"
        return model_cls, "tool", ""
    if folder == "taxonomy":
        entry = m.TAXONOMY_FILES.get(relative.stem)
        if entry is None:
            names = ", ".join(sorted(m.TAXONOMY_FILES))
            return None, None, f"unknown taxonomy file '{relative.name}'; expected one of {names}{did_you_mean(relative.stem, m.TAXONOMY_FILES)}"
        return entry[1], "taxonomy", ""
    for prefix, model_cls in m.FOLDER_MODELS.items():
        if folder == prefix or folder.startswith(prefix + "/"):
            return model_cls, prefix, ""
    known = ", ".join(["practice", "tools", "taxonomy", *m.FOLDER_MODELS])
    return None, None, f"file is not in a content folder this site knows ({known})"


def validate(
    files: list[LoadedFile],
    content_root: str = "content",
    unreadable: Iterable[str] = (),
    pages: Iterable[LoadedPage] = (),
    today: datetime.date | None = None,
) -> tuple[Content, list[Problem]]:
    """Build model objects from loaded files; report every problem found.

    ``unreadable`` names files the loader could not read (already reported): references to the
    ids they would define are not reported again as unknown.
    """
    problems: list[Problem] = []
    unreadable_ids = _ids_of_unreadable(unreadable, content_root)
    records: list[tuple[LoadedFile, str, m.Record]] = []
    for file in files:
        relative = PurePosixPath(file.display_path)
        if relative.parts and relative.parts[0] == content_root:
            relative = PurePosixPath(*relative.parts[1:])
        model_cls, kind, reason = model_for(file, relative)
        if model_cls is None:
            field_name, _, message = reason.partition(": ") if reason.startswith("kind: ") else ("", "", reason)
            line = file.line_of(("kind",)) if field_name else 1
            problems.append(Problem(file.display_path, line, field_name, message))
            continue
        try:
            record = model_cls.model_validate(file.data)
        except ValidationError as exc:
            problems.extend(_model_problems(file, model_cls, exc))
            continue
        stem = relative.stem
        if not _is_slug(stem):
            problems.append(
                Problem(
                    file.display_path,
                    1,
                    "",
                    f"file name '{relative.name}' must be a lower-case id of letters, digits and single "
                    "hyphens, ending .yml",
                )
            )
            continue
        if record.id in RESERVED_IDS:
            problems.append(
                Problem(file.display_path, file.line_of(("id",)), "id", f"'{record.id}' is a reserved name; choose another id")
            )
            continue
        if record.id != stem:
            problems.append(
                Problem(
                    file.display_path,
                    file.line_of(("id",)),
                    "id",
                    f"id must equal the file name: expected '{stem}', found '{record.id}'",
                )
            )
            continue
        records.append((file, kind, record))

    registry, registry_problems = _registry(records)
    problems.extend(registry_problems)
    for file, _, record in records:
        problems.extend(_reference_problems(file, record, registry, unreadable_ids))
        problems.extend(_contact_problems(file, record))
        problems.extend(personal_data_problems(file))
        problems.extend(_term_id_problems(file, record))

    checked_pages = {}
    for page in pages:
        found = page_problems(page)
        problems.extend(found)
        if not found:
            checked_pages[page.docs_path] = page.text

    content = _assemble(records, checked_pages)
    problems.extend(warnings(content, today or datetime.date.today()))
    return content, problems


def _ids_of_unreadable(paths: Iterable[str], content_root: str) -> set[tuple[str, str]]:
    """(kind, id) pairs an unreadable file would have defined; (kind, '*') for a taxonomy."""
    ids: set[tuple[str, str]] = set()
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


# --- registry and references ------------------------------------------------------------------


Registry = dict[str, dict[str, tuple[LoadedFile, Location]]]


def _registry(records: list[tuple[LoadedFile, str, m.Record]]) -> tuple[Registry, list[Problem]]:
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

    for file, kind, record in records:
        if isinstance(record, m.Taxonomy):
            term_kind = m.TAXONOMY_FILES[record.id][0]
            for i, term in enumerate(record.terms):
                add(term_kind, term.id, file, ("terms", i, "id"))
        elif isinstance(record, m.PracticeBase):
            add("practice", record.id, file, ("id",))
            if isinstance(record, m.Pilot):
                add("pilot", record.id, file, ("id",))
        elif isinstance(record, m.NationalIndicator):
            add("national-indicator", record.id, file, ("id",))
        else:
            add(kind, record.id, file, ("id",))
    for file, kind, record in records:
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


def _reference_problems(
    file: LoadedFile, record: m.Record, registry: Registry, unreadable: set[tuple[str, str]]
) -> Iterator[Problem]:
    for loc, kind, ident in iter_references(record):
        known = registry.get(kind, {})
        if ident in known or (kind, ident) in unreadable or (kind, "*") in unreadable:
            continue
        if kind == "pilot" and ident in registry.get("practice", {}):
            message = f"'{ident}' is a practice example, not a pilot"
        else:
            message = f"unknown {kind.replace('-', ' ')} '{ident}'{did_you_mean(ident, known)}"
        yield Problem(file.display_path, file.line_of(loc), format_path(loc), message)


def _contact_problems(file: LoadedFile, record: m.Record) -> Iterator[Problem]:
    contact = getattr(record, "contact", None)
    if not isinstance(contact, m.Contact) or contact.consent:
        return
    for name in ("email", "phone"):
        if getattr(contact, name):
            loc = ("contact", name)
            yield Problem(
                file.display_path,
                file.line_of(loc),
                format_path(loc),
                f"personal {name} may be published only with 'consent: true' in the contact; "
                "remove it or record the person's consent",
            )


def _assemble(records: list[tuple[LoadedFile, str, m.Record]], pages: dict[str, str]) -> Content:
    by_type: dict[type, list[Any]] = {}
    files: dict[tuple[str, str], LoadedFile] = {}
    taxonomies: dict[str, m.Taxonomy] = {}
    practice: list[m.PracticeBase] = []
    tools: list[m.Record] = []
    for file, kind, record in records:
        files[(kind, record.id)] = file
        if isinstance(record, m.Taxonomy):
            taxonomies[record.id] = record
        elif isinstance(record, m.PracticeBase):
            practice.append(record)
        elif kind == "tool":
            tools.append(record)
        else:
            by_type.setdefault(type(record), []).append(record)
    return Content(
        taxonomies=taxonomies,
        practice=practice,
        lessons=by_type.get(m.LessonStage, []),
        indicator_themes=by_type.get(m.IndicatorTheme, []),
        national_indicators=by_type.get(m.NationalIndicator, []),
        baselines=by_type.get(m.Baseline, []),
        guidance=by_type.get(m.Guidance, []),
        tools=tools,
        files=files,
        pages=pages,
    )


# --- warnings: things an editor should look at, which do not stop a build ----------------------

SUMMARY_WORDS = 60
DUPLICATE_SIMILARITY = 0.8


def warnings(content: Content, today: datetime.date) -> list[Problem]:
    found = []

    def warn(kind: str, ident: str, loc: Location, message: str) -> None:
        file = content.files[(kind, ident)]
        found.append(Problem(file.display_path, file.line_of(loc), format_path(loc), message, "warning"))

    for p in content.practice:
        if p.review_by and p.review_by < today:
            warn("practice", p.id, ("review_by",), f"the review date {p.review_by.isoformat()} has passed; "
                 "check the entry, then set 'reviewed' to today and a new 'review_by'")
        words = len(p.summary.split())
        if words > SUMMARY_WORDS:
            warn("practice", p.id, ("summary",), f"the summary has {words} words; keep it under "
                 f"{SUMMARY_WORDS} (one or two sentences) so a board member can scan it")
        if not p.evidence.description:
            warn("practice", p.id, ("evidence",), "no evidence description; say what evidence there is "
                 "and why it has this level")
    published = {p.id: (p.published, p.id) for p in content.practice}
    documents = [search.practice_document(p) for p in content.practice]
    for a, b, score in search.near_duplicates(documents, DUPLICATE_SIMILARITY):
        newer, older = sorted((a, b), key=published.get, reverse=True)
        warn("practice", newer, ("summary",), f"this example's text is very similar to '{older}' "
             f"(similarity {score:.2f}); if it is the same practice, update that file instead")
    return found


# --- names, personal data and hand-written pages -----------------------------------------------

# Ids that would collide with generated index pages, or that some file systems refuse.
RESERVED_IDS = frozenset(
    {"index", "search", "con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


def _is_slug(text: str) -> bool:
    return re.fullmatch(m.SLUG_PATTERN, text) is not None


def _term_id_problems(file: LoadedFile, record: m.Record) -> Iterator[Problem]:
    if not isinstance(record, m.Taxonomy):
        return
    for i, term in enumerate(record.terms):
        if term.id in RESERVED_IDS:
            loc = ("terms", i, "id")
            yield Problem(file.display_path, file.line_of(loc), format_path(loc), f"'{term.id}' is a reserved name; choose another id")


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK-style phone numbers: 0 or +44, then 9 to 10 more digits in groups.
PHONE = re.compile(r"(?<![\w/.,])(?:\+44\s?\(?0?\)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/])")
CONTACT_FIELDS = {("contact", "email"), ("contact", "phone")}
# What every match of the pattern above contains: a quick test that rules most text out.
_AT = re.compile("@")
_THREE_DIGITS = re.compile(r"\d{3}")


def personal_data_problems(file: LoadedFile) -> Iterator[Problem]:
    """E-mail addresses and phone numbers belong only in a consenting contact's fields."""
    for loc, text in _strings(file.data, ()):
        if loc in CONTACT_FIELDS:
            continue
        for pattern, hint, what in ((EMAIL, _AT, "an e-mail address"), (PHONE, _THREE_DIGITS, "a phone number")):
            found = hint.search(text) and pattern.search(text)
            if found:
                yield Problem(
                    file.display_path,
                    file.line_of(loc),
                    format_path(loc),
                    f"found {what} ('{found.group(0)}'); personal contact details go only in "
                    "contact.email or contact.phone, with 'consent: true'",
                )


def _strings(value: Any, loc: Location) -> Iterator[tuple[Location, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))


_CODE = re.compile(r"^(```|~~~).*?^\1\s*$|`[^`\n]*`", re.MULTILINE | re.DOTALL)
_RAW_HTML = re.compile(r"<(?!https?://[^>\s]+>)[A-Za-z!/?]")
_LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([A-Za-z][\w+.-]*):|^\s*\[[^\]]+\]:\s*<?\s*([A-Za-z][\w+.-]*):", re.MULTILINE)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ATTR_LIST = re.compile(r"\{:?[^}\n]*\b(on\w+|style|href|src)\s*=", re.IGNORECASE)
SAFE_SCHEMES = {"http", "https"}


def page_problems(page: LoadedPage) -> list[Problem]:
    """Hand-written pages are Markdown only: no raw HTML, no script links, no event attributes."""
    # Code is shown literally, so blank it out (keeping line breaks) before looking.
    text = _CODE.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), page.text)
    problems = []

    def add(position: int, message: str) -> None:
        problems.append(Problem(page.display_path, text.count("\n", 0, position) + 1, "", message))

    for match in _RAW_HTML.finditer(text):
        add(match.start(), "raw HTML is not allowed in pages; write Markdown instead")
    for match in _LINK_SCHEME.finditer(text):
        scheme = (match.group(1) or match.group(2)).lower()
        if scheme not in SAFE_SCHEMES:
            add(match.start(), f"links may use http or https only, found '{scheme}:'")
    for match in _ENTITY.finditer(text):
        # Entities survive into page titles unescaped; type the character itself instead.
        add(match.start(), f"HTML character references such as '{match.group(0)}' are not allowed; type the character itself")
    for match in _ATTR_LIST.finditer(text):
        add(match.start(), f"attribute '{match.group(1)}' is not allowed in an attribute list")
    for pattern, what in ((EMAIL, "an e-mail address"), (PHONE, "a phone number")):
        for match in pattern.finditer(text):
            add(match.start(), f"found {what} ('{match.group(0)}'); pages may not publish personal contact details")
    return problems


# --- turning pydantic's errors into editors' messages ----------------------------------------

_YAML_HINTS = {
    bool: " (YAML reads unquoted yes, no, on, off, true and false as a boolean; put the text in quotes)",
    int: " (YAML reads unquoted numbers as numbers; put the text in quotes)",
    float: " (YAML reads unquoted numbers such as 1.10 as numbers; put the text in quotes)",
    datetime.date: " (YAML reads unquoted YYYY-MM-DD as a date; put the text in quotes)",
}


def _describe(value: Any) -> str:
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
        loc = tuple(error["loc"])
        message = _message(error, model_cls, loc)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        line_loc = loc[:-1] if error["type"] == "missing" else loc
        yield Problem(file.display_path, file.line_of(line_loc), format_path(loc), message)


def _message(error: dict[str, Any], model_cls: type[BaseModel], loc: Location) -> str:
    kind = error["type"]
    found = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        allowed = _fields_at(model_cls, loc[:-1])
        hint = did_you_mean(loc[-1], allowed)
        listing = "" if hint else f"; expected one of: {', '.join(sorted(allowed))}"
        return f"unknown field '{loc[-1]}'{hint}{listing}"
    if kind == "string_type":
        return f"expected text, found {_describe(found)}{_YAML_HINTS.get(type(found), '')}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"expected a date written YYYY-MM-DD, found {_describe(found)}"
    if kind == "int_type" or kind == "int_from_float":
        return f"expected a whole number, found {_describe(found)}"
    if kind == "float_type":
        return f"expected a number, found {_describe(found)}"
    if kind == "bool_type":
        return f"expected true or false, found {_describe(found)}"
    if kind == "list_type":
        return f"expected a list (one '- item' per line), found {_describe(found)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {_describe(found)}"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        return f"expected {expected}, found {_describe(found)}{did_you_mean(found, options)}"
    if kind == "string_pattern_mismatch":
        return f"expected a lower-case id of letters, digits and single hyphens, found {_describe(found)}"
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
        return f"expected a number {bound} {limit}, found {_describe(found)}"
    return f"{error['msg']}, found {_describe(found)}"


def _fields_at(model_cls: type[BaseModel], loc: Location) -> list[str]:
    """The field names allowed at ``loc`` inside ``model_cls`` (for unknown-field hints)."""
    hint: Any = model_cls
    for part in loc:
        hint = _unwrap(hint)
        if isinstance(part, int):
            if get_origin(hint) is list:
                hint = get_args(hint)[0]
            continue
        if isinstance(hint, type) and issubclass(hint, BaseModel) and part in hint.model_fields:
            hint = hint.model_fields[part].annotation
        else:
            return []
    hint = _unwrap(hint)
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return list(hint.model_fields)
    return []


def _unwrap(hint: Any) -> Any:
    """Strip Annotated and Optional so the model or list underneath shows."""
    while True:
        origin = get_origin(hint)
        if origin is Annotated:
            hint = get_args(hint)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(hint) if a is not type(None)]
            if len(options) != 1:
                return hint
            hint = options[0]
        else:
            return hint
