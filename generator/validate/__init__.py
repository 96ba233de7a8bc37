"""Validate stage: loaded YAML -> typed model objects, or problems naming file, line and field.

Every part collects problems and none raises, so one run reports everything:

    schema      which model a file holds, the model's rules, ids and file names
    unquoted    unquoted text that YAML accepts but publishes differently (' #', folded items)
    references  every referenced id exists and every id is defined once
    personal    personal contact details only where consented
    pages       hand-written pages are plain Markdown
    dates       nothing updated before it was published, nor dated in the future
    figures     key figures that a chart and a table can show truthfully
    warnings    what an editor should look at (does not stop a build)
    vocabulary  each name leads to one term; every abbreviation used is in the glossary
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Iterable

from .. import model as m
from .. import search
from ..history import History
from ..load import LoadedFile, LoadedPage
from ..problems import Problem, errors
from .content import Content, RecordKey, Reference, assemble
from .dates import date_problems
from .figures import figure_problems
from .pages import page_problems
from .personal import personal_data_problems
from .references import ids_of_unreadable, iter_references, reference_problems
from .schema import RESERVED_IDS, typed_record
from .unquoted import unquoted_text_problems
from .vocabulary import Abbreviation, record_abbreviations, vocabulary_problems
from .warnings import editorial_warnings

__all__ = ["Content", "FileCheck", "RESERVED_IDS", "RecordKey", "Reference", "check_file", "iter_references", "validate",
           "validate_checked"]


@dataclass(frozen=True)
class FileCheck:
    """What one file says on its own: its record (None if it has none), the problems found in
    it alone, and the references it makes. It depends on nothing but the file, so a file that
    has not changed since its last check need not be checked again (see pipeline.CheckCache)."""

    file: LoadedFile
    record: m.Record | None
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]
    abbreviations: tuple[Abbreviation, ...] = ()


def check_file(file: LoadedFile, content_root: str = "content") -> FileCheck:
    """The checks of one file that need no other file: schema, naming and personal data."""
    relative = _within_content(file.display_path, content_root)
    record, found = typed_record(file, relative)
    found.extend(unquoted_text_problems(file, relative))
    if record is None:
        return FileCheck(file, None, tuple(found), ())
    found.extend(personal_data_problems(file, record))
    return FileCheck(file, record, tuple(found), tuple(iter_references(record)), record_abbreviations(file, record))


def validate(
    files: list[LoadedFile],
    content_root: str = "content",
    unreadable: Iterable[str] = (),
    pages: Iterable[LoadedPage] = (),
    today: datetime.date | None = None,
    history: History | None = None,
) -> tuple[Content, list[Problem]]:
    """Build model objects from loaded files; report every problem found.

    ``unreadable`` names files the loader could not read (already reported): references to the
    ids they would define are not reported again as unknown. ``history`` (the content's commits,
    if known) tells which of two near-duplicate examples is the newer.
    """
    checks = [check_file(file, content_root) for file in files]
    return validate_checked(checks, content_root, unreadable, pages, today, history)


def validate_checked(
    checks: list[FileCheck],
    content_root: str = "content",
    unreadable: Iterable[str] = (),
    pages: Iterable[LoadedPage] = (),
    today: datetime.date | None = None,
    history: History | None = None,
    duplicates: search.DuplicateIndex | None = None,
) -> tuple[Content, list[Problem]]:
    """The checks across files, given every file's own check.

    ``duplicates`` (the near-duplicate index of the last run) is brought up to date by comparing
    only the examples whose text changed.
    """
    problems: list[Problem] = []
    records: list[tuple[LoadedFile, m.Record]] = []
    references: dict[RecordKey, tuple[Reference, ...]] = {}
    abbreviations: dict[RecordKey, tuple[Abbreviation, ...]] = {}
    for check in checks:
        problems.extend(check.problems)
        if check.record is not None:
            records.append((check.file, check.record))
            key = (m.record_kind(check.record) or "", check.record.id)
            references[key], abbreviations[key] = check.references, check.abbreviations

    problems.extend(reference_problems(records, ids_of_unreadable(unreadable, content_root), references))

    pages = list(pages)
    checked_pages = {}
    for page in pages:
        found = page_problems(page)
        problems.extend(found)
        if not errors(found):
            checked_pages[page.docs_path] = page.text

    content = assemble(records, checked_pages, references, abbreviations)
    today = today or datetime.date.today()
    problems.extend(date_problems(content, today))
    problems.extend(figure_problems(content))
    problems.extend(editorial_warnings(content, today, history, duplicates))
    problems.extend(vocabulary_problems(content, pages))
    return content, problems


def _within_content(display_path: str, content_root: str) -> PurePosixPath:
    relative = PurePosixPath(display_path)
    if relative.parts and relative.parts[0] == content_root:
        relative = PurePosixPath(*relative.parts[1:])
    return relative
