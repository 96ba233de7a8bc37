"""What's new: the records that are new or changed, latest first, for a reader coming back."""

from __future__ import annotations

import itertools
from typing import Iterator

from ..link import Catalogue
from .page import Page, page

WHATS_NEW_PATH = "whats-new.md"
WHATS_NEW_SIZE = 50


def pages(catalogue: Catalogue) -> Iterator[Page]:
    latest = catalogue.record_dates[:WHATS_NEW_SIZE]
    yield page(
        "whats-new.md.j2",
        WHATS_NEW_PATH,
        everything=True,
        months=[(month, list(items)) for month, items in itertools.groupby(latest, key=lambda d: d.latest.strftime("%B %Y"))],
        shown=len(latest),
        total=len(catalogue.record_dates),
        dated_by_history=catalogue.dated_by_history,
    )
