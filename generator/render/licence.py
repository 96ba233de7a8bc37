"""The licence the content and data are published under, and the sources they are drawn from,
stated the same way in every data file, the data package and the open-data page."""

from __future__ import annotations

from .. import model as m
from ..link import Catalogue

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
# The attribution statement the licence asks reusers to give.
ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
LICENCE_LINE = f"{LICENCE['title']} ({LICENCE['path']})"


def sources(catalogue: Catalogue) -> list[dict[str, str | int]]:
    """Each source document with its publisher and year, as the documents taxonomy gives them."""
    documents: dict[str, m.Document] = catalogue.terms.get("document", {})  # type: ignore[assignment]
    return [
        {"title": d.title, "publisher": d.publisher, "year": d.year}
        for d in (documents[e.id] for e in catalogue.entries_of("document"))
    ]


def licence_notice(catalogue: Catalogue) -> dict[str, object]:
    """What a data file says about its licence and sources."""
    return {"licence": LICENCE, "attribution": ATTRIBUTION, "sources": sources(catalogue)}
