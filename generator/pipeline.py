"""The pure core's front door: load and validate a content folder in one call."""

from __future__ import annotations

from pathlib import Path

from .load import load_content, load_pages
from .problems import Problem
from .validate import Content, validate


def check_content(content_dir: Path) -> tuple[Content, list[Problem]]:
    """Load and validate every file and page under ``content_dir``; problems are returned, not raised."""
    files, problems = load_content(content_dir)
    unreadable = {p.path for p in problems}
    pages, page_problems = load_pages(content_dir)
    content, found = validate(files, content_root=content_dir.name, unreadable=unreadable, pages=pages)
    return content, problems + page_problems + found
