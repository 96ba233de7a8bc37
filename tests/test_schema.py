"""The committed JSON Schemas are exactly what the models export."""

from __future__ import annotations

from generator.schema import schemas

from .conftest import REPO

SCHEMA_DIR = REPO / "schema"


def test_committed_schemas_are_up_to_date():
    expected = schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert sorted(committed) == sorted(expected), "run `joinedup schema` and commit schema/"
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert stale == [], f"stale schemas {stale}: run `joinedup schema` and commit schema/"


def test_practice_schema_describes_required_fields_and_closed_keys():
    import json

    practice = json.loads(schemas()["practice.schema.json"])
    assert {"id", "kind", "title", "summary", "client_groups", "themes", "region", "focus"} <= set(
        practice["required"]
    )
    assert practice["additionalProperties"] is False
