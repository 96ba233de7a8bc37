"""The open data described for reuse: a Frictionless data package (datapackage.json) naming
each data file's fields, types, licence and sources, and the JSON Schemas of the content files,
published at stable addresses under schema/ so that editors' tools can fetch them."""

from __future__ import annotations

import hashlib
import json
from typing import Iterator, Mapping

from .. import schema
from ..link import Catalogue
from .licence import ATTRIBUTION, LICENCE, sources
from .page import Page, made

SCHEMA_FOLDER = "schema"

# practice.csv column -> (Table Schema type, description, required)
PRACTICE_FIELDS: dict[str, tuple[str, str, bool]] = {
    "id": ("string", "the example's id; its page is practice/<id>/ and never moves", True),
    "kind": ("string", "practice (a practice example) or pilot (a Supporting People Health Pilot)", True),
    "title": ("string", "the example's name", True),
    "summary": ("string", "one or two sentences on what it does", True),
    "client_groups": ("string", "the client groups it serves, by title, separated by '; '", True),
    "themes": ("string", "what it does, as theme titles separated by '; '", True),
    "national_indicators": ("string", "the National Indicators its outcomes count towards, e.g. 'NI 143'", False),
    "journey_stages": ("string", "the customer-journey stages it supports, separated by '; '", False),
    "region": ("string", "the English region or other area it works in", True),
    "areas": ("string", "the local authority areas it works in, separated by '; '", False),
    "evidence_level": ("string", "how strong the evidence of its results is (reported to evaluated)", True),
    "key_figures": (
        "string",
        "the results the source gives as numbers, one sentence each: what is measured, then each value with "
        "its unit and period",
        False,
    ),
    "delivered_by": ("string", "the organisations that deliver it, separated by '; '", False),
    "partners": ("string", "its partner organisations, separated by '; '", False),
    "published": ("date", "when the example was published", True),
    "updated": ("date", "when what the entry says last changed, if it has since publication", False),
    "source": ("string", "where its facts come from: the source document and section, or who supplied it, when and how to check it", True),
    "page": ("string", "the address of its page on the site", True),
    "licence": ("string", "the licence the row may be reused under", True),
}
# The folder of content each record list in catalogue.json comes from, by its JSON Schema.
RECORD_SCHEMAS = {
    "practice": "practice-file",
    "lessons": "lesson",
    "indicator_themes": "indicator-theme",
    "national_indicators": "national-indicator",
    "baselines": "baseline",
    "guidance": "guidance",
    "tools": "tool-file",
}


def datapackage_json(catalogue: Catalogue, files: Mapping[str, str]) -> str:
    """The data package describing ``files`` (name in data/ -> its text)."""
    site = catalogue.site_url
    package = {
        "name": "joined-up",
        "title": "Joined Up: practice examples, lessons and indicators",
        "description": (
            "Practice examples, the lessons of six Supporting People Health Pilots and the PSA16 "
            "success indicators for helping socially excluded adults into settled homes and jobs. "
            + ATTRIBUTION
        ),
        "homepage": site or "../",
        "licenses": [LICENCE],
        "sources": [{"title": f"{s['title']} ({s['publisher']}, {s['year']})"} for s in sources(catalogue)],
        "resources": [
            {
                "name": "catalogue",
                "path": "catalogue.json",
                "type": "json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "title": "Every record and taxonomy term",
                "description": (
                    "One JSON object: the licence, attribution and sources; counts of each kind; then "
                    "practice, lessons, indicator_themes, national_indicators, baselines, guidance and "
                    "tools, each a list of records with the fields of the content files (see "
                    "recordSchemas) plus 'page', the record's address (and, for practice with key figures, 'key_figures_text': each figure as a sentence); and taxonomies, each term list by name."
                ),
                "recordSchemas": {
                    key: f"{site}{SCHEMA_FOLDER}/{name}.schema.json" for key, name in RECORD_SCHEMAS.items()
                },
                **_integrity(files["catalogue.json"]),
                "licenses": [LICENCE],
            },
            {
                "name": "practice",
                "path": "practice.csv",
                "type": "table",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": "Practice examples and pilots, one row each",
                **_integrity(files["practice.csv"]),
                "licenses": [LICENCE],
                "schema": {
                    "fields": [
                        {
                            "name": name,
                            "type": kind,
                            "description": description,
                            **({"constraints": {"required": True}} if required else {}),
                        }
                        for name, (kind, description, required) in PRACTICE_FIELDS.items()
                    ],
                    "primaryKey": ["id"],
                    "missingValues": [""],
                },
            },
        ],
    }
    return json.dumps(package, indent=1, ensure_ascii=False) + "\n"


def _integrity(text: str) -> dict[str, object]:
    # so a reuser (and the data package's validator) can tell a file arrived whole
    data = text.encode("utf-8")
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def schema_pages() -> Iterator[Page]:
    """The JSON Schemas of schema/, made from the models, at schema/<kind>.schema.json."""
    for name in schema.schema_names():
        yield made(f"{SCHEMA_FOLDER}/{name}", lambda name=name: schema.schemas()[name], shows=())
