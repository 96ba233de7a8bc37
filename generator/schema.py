"""JSON Schema export: one schema per content kind, generated from the typed models."""

from __future__ import annotations

import json
from pathlib import Path

from .model import SCHEMA_MODELS


def schemas() -> dict[str, str]:
    """Schema file name -> JSON text, for every content kind."""
    result = {}
    for stem, model_cls in SCHEMA_MODELS.items():
        document = model_cls.model_json_schema(mode="validation")
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{stem}.schema.json",
            **document,
        }
        result[f"{stem}.schema.json"] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return result


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
