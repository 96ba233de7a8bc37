"""The submission form, generated from the practice model: one field per model field, with the
model's descriptions as hints and the taxonomies' terms as choices."""

from __future__ import annotations

import datetime
import html
import types
from typing import Any, Union, get_args, get_origin

from markupsafe import Markup
from pydantic import BaseModel

from .. import model as m
from ..link import Catalogue

# Fields the form leaves out: fixed, editor-only, or personal data that needs recorded consent.
FORM_SKIPS = {"kind", "related", "updated", "reviewed", "email", "phone", "consent"}
TEXTAREA_MIN_LENGTH = 1000


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return options[0] if len(options) == 1 else hint
    return hint


def form_fields(model: type[m.Model], catalogue: Catalogue, prefix: tuple[str, ...] = (), parent_required: bool = True) -> list[dict[str, Any]]:
    """Field descriptions for a form from a content model: path, label, widget, choices."""
    schema = model.model_json_schema()
    fields: list[dict[str, Any]] = []
    for name, info in model.model_fields.items():
        if name in FORM_SKIPS:
            continue
        path = prefix + (name,)
        required = parent_required and info.is_required()
        hint = _unwrap_optional(info.annotation)
        prop = schema["properties"].get(name, {})
        spec: dict[str, Any] = {
            "path": ".".join(path),
            "label": name.replace("_", " ").capitalize(),
            "help": info.description or "",
            "required": required,
            # required only once any field of its (optional) group is filled in
            "group_required": info.is_required() and not parent_required,
        }
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            fields += form_fields(hint, catalogue, path, required)
            continue
        if get_origin(hint) is list:
            item = get_args(hint)[0]
            kind = m.ref_kind(item)
            if kind:
                spec.update(widget="choices", choices=_choices(catalogue, kind))
            else:
                spec.update(widget="lines")
            spec["required"] = required and bool(info.metadata and any(getattr(x, "min_length", 0) for x in info.metadata))
        elif kind := m.ref_kind(hint, info.metadata):
            spec.update(widget="choice", choices=_choices(catalogue, kind))
        elif hint is datetime.date:
            spec.update(widget="date")
        elif hint is int or get_origin(hint) is None and prop.get("type") == "integer":
            spec.update(widget="number")
        elif name == "id":
            spec.update(widget="id")
        else:
            long_text = (prop.get("maxLength") or (prop.get("anyOf") or [{}])[0].get("maxLength") or 0) >= TEXTAREA_MIN_LENGTH
            spec.update(widget="text" if long_text else "line")
        fields.append(spec)
    return fields


def _choices(catalogue: Catalogue, kind: str) -> list[tuple[str, str]]:
    if kind == "national-indicator":
        return [(e.id, e.title) for e in catalogue.entries_of(kind)]
    return [(ident, term.title) for ident, term in catalogue.terms.get(kind, {}).items()]


def form_html(fields: list[dict[str, Any]]) -> Markup:
    """The submission form as HTML; every label and choice is escaped."""
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    out = ['<form id="ju-submit-form" class="ju-submit" novalidate>']
    for spec in fields:
        fid = "f-" + spec["path"].replace(".", "-")
        required = ' data-required="true"' if spec["required"] else ""
        label = esc(spec["label"]) + (' <span class="ju-required">(required)</span>' if spec["required"] else "")
        hint_id = f"{fid}-hint"
        error_id = f"{fid}-error"
        described = f'aria-describedby="{hint_id} {error_id}"'
        hint = f'<p class="ju-hint" id="{hint_id}">{esc(spec["help"])}</p>'
        error = f'<p class="ju-error" id="{error_id}" hidden></p>'
        if spec.get("group_required"):
            required += ' data-group-required="true"'
        common = f'data-path="{esc(spec["path"])}" data-widget="{spec["widget"]}"{required}'
        if spec["widget"] in ("choices", "choice"):
            kind = "checkbox" if spec["widget"] == "choices" else "radio"
            options = "".join(
                f'<div class="ju-option"><input type="{kind}" id="{fid}-{esc(value)}" name="{esc(spec["path"])}" value="{esc(value)}">'
                f'<label for="{fid}-{esc(value)}">{esc(title)}</label></div>'
                for value, title in spec["choices"]
            )
            out.append(
                f'<fieldset class="ju-field" id="{fid}" {common} {described}><legend>{label}</legend>{hint}{options}{error}</fieldset>'
            )
            continue
        if spec["widget"] in ("text", "lines"):
            extra = " One item per line." if spec["widget"] == "lines" else ""
            hint = f'<p class="ju-hint" id="{hint_id}">{esc(spec["help"])}{extra}</p>'
            control = f'<textarea id="{fid}" rows="4" {common} {described}></textarea>'
        else:
            kind = {"date": "date", "number": "number"}.get(spec["widget"], "text")
            control = f'<input type="{kind}" id="{fid}" {common} {described}>'
        out.append(f'<div class="ju-field"><label for="{fid}">{label}</label>{hint}{control}{error}</div>')
    out.append(
        '<div class="ju-submit__actions">'
        '<button type="submit" class="md-button md-button--primary">Check and make the file</button>'
        "</div></form>"
    )
    return Markup("\n".join(out))
