"""The pure core's front door: load and validate a content folder in one call."""

from __future__ import annotations

from pathlib import Path

from .history import History
from .load import load_content
from .problems import Problem
from .validate import Content, validate


def check_content(content_dir: Path, history: History | None = None) -> tuple[Content, list[Problem]]:
    """Load and validate every file and page under ``content_dir``; problems are returned, not raised.

    ``history`` (from ``history.content_history``) lets the warnings tell a new file from an old one.
    """
    files, pages, problems = load_content(content_dir)
    unreadable = {p.path for p in problems}
    content, found = validate(files, content_root=content_dir.name, unreadable=unreadable, pages=pages, history=history)
    return content, problems + found
