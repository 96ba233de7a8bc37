"""Validate stage: loaded YAML -> typed model objects, or problems naming file, line and field.

Every part collects problems and none raises, so one run reports everything:

    schema      which model a file holds, the model's rules, ids and file names
    unquoted    unquoted text that YAML accepts but publishes differently (' #', folded items)
    references  every referenced id exists and every id is defined once
    personal    personal contact details only where consented
    pages       hand-written pages are plain Markdown
    dates       nothing updated before it was published, nor dated in the future
    warnings    what an editor should look at (does not stop a build)
    vocabulary  each name leads to one term; every abbreviation used is in the glossary
"""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath
from typing import Iterable

from .. import model as m
from ..history import History
from ..load import LoadedFile, LoadedPage
from ..problems import Problem
from .content import Content, RecordKey, assemble
from .dates import date_problems
from .pages import page_problems
from .personal import personal_data_problems
from .references import ids_of_unreadable, iter_references, reference_problems
from .schema import RESERVED_IDS, typed_record
from .unquoted import unquoted_text_problems
from .vocabulary import vocabulary_problems
from .warnings import editorial_warnings

__all__ = ["Content", "RESERVED_IDS", "RecordKey", "iter_references", "validate"]


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
    problems: list[Problem] = []
    records: list[tuple[LoadedFile, m.Record]] = []
    for file in files:
        relative = _within_content(file.display_path, content_root)
        record, found = typed_record(file, relative)
        problems.extend(found)
        problems.extend(unquoted_text_problems(file, relative))
        if record is not None:
            records.append((file, record))
            problems.extend(personal_data_problems(file, record))

    problems.extend(reference_problems(records, ids_of_unreadable(unreadable, content_root)))

    pages = list(pages)
    checked_pages = {}
    for page in pages:
        found = page_problems(page)
        problems.extend(found)
        if not found:
            checked_pages[page.docs_path] = page.text

    content = assemble(records, checked_pages)
    today = today or datetime.date.today()
    problems.extend(date_problems(content, today))
    problems.extend(editorial_warnings(content, today, history))
    problems.extend(vocabulary_problems(content, pages))
    return content, problems


def _within_content(display_path: str, content_root: str) -> PurePosixPath:
    relative = PurePosixPath(display_path)
    if relative.parts and relative.parts[0] == content_root:
        relative = PurePosixPath(*relative.parts[1:])
    return relative
