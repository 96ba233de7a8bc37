"""Guidance: evidence, principles and background from the sources, a page each, and the index."""

from __future__ import annotations

from typing import Iterator

from ..link import Catalogue
from .page import Page, page
from .tagged import tagged


def pages(catalogue: Catalogue) -> Iterator[Page]:
    for guidance in catalogue.content.guidance:
        entry = catalogue.entry("guidance", guidance.id)
        yield page("guidance.md.j2", entry.path, record=guidance, **tagged(catalogue, "guidance", guidance))
    yield page("guidance-index.md.j2", "guidance/index.md", guidance=catalogue.entries_of("guidance"))
