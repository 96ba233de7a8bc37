"""JSON Schema export: one schema per content kind, generated from the typed models."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Mapping, Union

from pydantic import Field, TypeAdapter

from .model import SCHEMA_MODELS, TOOL_KINDS, Pilot, Practice

# Folders that hold more than one kind get a schema that accepts any of them, by ``kind``.
FOLDER_SCHEMAS = {
    "practice-file": TypeAdapter(Annotated[Union[Practice, Pilot], Field(discriminator="kind")]),
    "tool-file": TypeAdapter(Annotated[Union[tuple(TOOL_KINDS.values())], Field(discriminator="kind")]),
}


def schema_names() -> list[str]:
    """The file name of every schema, e.g. practice.schema.json."""
    return sorted(f"{stem}.schema.json" for stem in [*SCHEMA_MODELS, *FOLDER_SCHEMAS])


@functools.cache
def schemas() -> Mapping[str, str]:
    """Schema file name -> JSON text, for every content kind and mixed folder (made once)."""
    documents = {stem: model.model_json_schema(mode="validation") for stem, model in SCHEMA_MODELS.items()}
    documents |= {stem: adapter.json_schema(mode="validation") for stem, adapter in FOLDER_SCHEMAS.items()}
    result = {}
    for stem, document in documents.items():
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{stem}.schema.json",
            **document,
        }
        result[f"{stem}.schema.json"] = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return MappingProxyType(result)


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
