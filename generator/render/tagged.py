"""What the pages of records tagged with client groups and themes (lessons, guidance) share."""

from __future__ import annotations

from typing import Any

from .. import model as m
from ..link import Catalogue
from .facets import KIND_LABELS


def tagged(catalogue: Catalogue, kind: str, record: m.LessonStage | m.Guidance) -> dict[str, Any]:
    """A tagged record's facets, the entries of its tags and of its source, for ``page()``."""
    client_groups = [catalogue.entry("client-group", g) for g in record.client_groups]
    themes = [catalogue.entry("theme", t) for t in record.themes]
    return {
        "facets": {
            "kind": [KIND_LABELS[kind]],
            "client_group": [e.title for e in client_groups],
            "theme": [e.title for e in themes],
        },
        "themes": themes,
        "client_groups": client_groups,
        "source": catalogue.entry("document", record.source.document),
    }
