"""The submission form, generated from the practice model: one field per model field, with the
model's descriptions as hints and the taxonomies' terms as choices.

What a case must have is shown first; the optional fields are folded into titled sections a
visitor opens when they have more to say, so the page is short to read and to tab through.
A field that can take one of several shapes (a source is a document or a contribution) becomes
a choice of shape, each with its own fields, shown only when chosen.
"""

from __future__ import annotations

import datetime
import html
import types
from typing import Annotated, Any, Union, get_args, get_origin

from markupsafe import Markup
from pydantic import BaseModel

from .. import model as m
from ..link import Catalogue
from ..validate.warnings import SUMMARY_WORDS

# Fields the form leaves out: fixed, editor-only, or personal data that needs recorded consent.
# Key figures are structured (unit, values, periods) and checked against the source by an editor.
FORM_SKIPS = {"kind", "related", "updated", "reviewed", "email", "phone", "consent", "key_figures"}
TEXTAREA_MIN_LENGTH = 1000
# Date fields the form fills in with today's date.
FORM_TODAY = {"published", "source.supplied_on"}
# What each shape of a source is called where the visitor chooses one.
VARIANTS: dict[type[BaseModel], tuple[str, str]] = {
    m.Contribution: ("contribution", "You or your organisation supplied it (a contribution)"),
    m.Source: ("document", "A document already among the site's sources"),
}
# The optional fields, folded by what they are about; a field is placed by its path or the
# path of its group. Any optional field not named here goes in the last section.
FOLDED_SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("Who else it could work for", ("client_group_note", "applicable_to")),
    ("National Indicators and journey stages", ("national_indicators", "journey_stages")),
    ("Local areas", ("areas", "area_note")),
    ("What it involves and achieves", ("features", "outcomes", "evidence.description", "learning", "barriers")),
    ("Who runs it and who to ask", ("delivered_by", "partners", "contact")),
    ("Dates", ("published", "review_by")),
]
OTHER_SECTION = "Other details"
# Labels clearer than the field's own name.
FORM_LABELS = {
    "evidence.level": "Evidence level",
    "evidence.description": "Evidence: what it is and why it has this level",
    "source": "Where does the case come from?",
    "source.verify": "How to check it",
    "source.section": "Section of the document",
    "source.document": "Document",
}
SOURCE_SECTION = "Where it comes from"


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return options[0] if len(options) == 1 else hint
    return hint


def _variants(hint: Any) -> list[tuple[str, type[BaseModel]]]:
    """The (value, model) options of a union of models (in the order of VARIANTS), or []."""
    if get_origin(hint) not in (Union, types.UnionType):
        return []
    options = []
    for option in get_args(hint):
        cls = get_args(option)[0] if get_origin(option) is Annotated else option
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return []
        options.append(cls)
    unnamed = [cls.__name__ for cls in options if cls not in VARIANTS]
    if unnamed:
        raise KeyError(f"the form needs a value and label in VARIANTS for {', '.join(unnamed)}")
    return [(VARIANTS[cls][0], cls) for cls in VARIANTS if cls in options]


def form_fields(model: type[m.Model], catalogue: Catalogue, prefix: tuple[str, ...] = (), parent_required: bool = True,
                when: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """Field descriptions for a form from a content model: path, label, widget, choices.

    ``when`` is (path, value) for the fields of one shape of a variant field: they count only
    while that shape is chosen.
    """
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
            "label": FORM_LABELS.get(".".join(path), name.replace("_", " ").capitalize()),
            "help": info.description or "",
            "required": required,
            # required only once any field of its (optional) group is filled in
            "group_required": info.is_required() and not parent_required,
            "when": when,
        }
        if variants := _variants(hint):
            spec.update(widget="variant", choices=[VARIANTS[cls] for _, cls in variants])
            fields.append(spec)
            for value, cls in variants:
                fields += form_fields(cls, catalogue, path, required, (spec["path"], value))
            continue
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            fields += form_fields(hint, catalogue, path, required, when)
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


def section_of(spec: dict[str, Any]) -> str:
    """Which section of the form a field is shown in: '' for the first, always open."""
    path = spec["path"]
    if path == "source" or path.startswith("source."):
        return SOURCE_SECTION
    for title, paths in FOLDED_SECTIONS:
        if any(path == p or path.startswith(p + ".") for p in paths):
            return title
    return "" if spec["required"] else OTHER_SECTION


def form_html(fields: list[dict[str, Any]], existing_ids: list[str] = ()) -> Markup:  # type: ignore[assignment]
    """The submission form as HTML; every label and choice is escaped.

    ``existing_ids`` are the practice ids in use, so the form can say when a new id is taken.
    """
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    sections: dict[str, list[str]] = {"": [], SOURCE_SECTION: []}
    sections.update({title: [] for title, _ in FOLDED_SECTIONS})
    sections[OTHER_SECTION] = []
    shapes: dict[tuple[str, str], list[str]] = {}
    for spec in fields:
        if spec["when"]:
            shapes.setdefault(spec["when"], []).append(_field_html(spec, esc, existing_ids))
    # the id is suggested from the title, so it is asked for after it
    ordered = [f for f in fields if f["path"] != "id"]
    after_title = next((i + 1 for i, f in enumerate(ordered) if f["path"] == "title"), 0)
    ordered[after_title:after_title] = [f for f in fields if f["path"] == "id"]
    for spec in ordered:
        if spec["when"]:
            continue
        part = _field_html(spec, esc, existing_ids)
        if spec["widget"] == "variant":
            # each shape's fields follow the choice, shown only while that shape is chosen
            part += "".join(
                f'<div class="ju-variant" data-when-path="{esc(spec["path"])}" data-when-value="{esc(value)}" hidden>'
                + "\n".join(shapes.get((spec["path"], value), [])) + "</div>"
                for value, _ in spec["choices"]
            )
        sections[section_of(spec)].append(part)
    out = [
        '<div class="ju-error-summary" id="ju-error-summary" tabindex="-1" hidden>'
        '<div role="alert"><h2 id="ju-error-summary-title">There is a problem</h2>'
        '<ul id="ju-error-summary-list"></ul></div></div>',
        '<form id="ju-submit-form" class="ju-submit" novalidate>',
    ]
    for title, parts in sections.items():
        if not parts:
            continue
        body = "\n".join(parts)
        if title == "":
            out.append(body)
        elif title == SOURCE_SECTION:
            out.append(f'<h2 id="ju-section-source">{esc(title)}</h2>\n{body}')
        else:
            out.append(f'<details class="ju-fold"><summary>{esc(title)} <span class="ju-optional">(optional)</span></summary>'
                       f'\n{body}\n</details>')
    out.append(
        '<div class="ju-submit__actions">'
        '<button type="submit" class="md-button md-button--primary">Check and make the file</button>'
        "</div></form>"
    )
    return Markup("\n".join(out))


def _field_html(spec: dict[str, Any], esc, existing_ids) -> str:
    fid = "f-" + spec["path"].replace(".", "-")
    required = ' data-required="true"' if spec["required"] else ""
    label = esc(spec["label"]) + (' <span class="ju-required">(required)</span>' if spec["required"] else "")
    hint_id = f"{fid}-hint"
    error_id = f"{fid}-error"
    described = f'aria-describedby="{hint_id} {error_id}"'
    help_text = spec["help"]
    if spec["path"] == "summary":
        help_text = f"{help_text} (at most {SUMMARY_WORDS} words)"
    hint = f'<p class="ju-hint" id="{hint_id}">{esc(help_text)}</p>'
    error = f'<p class="ju-error" id="{error_id}" hidden></p>'
    if spec.get("group_required"):
        required += ' data-group-required="true"'
    extra = ""
    if spec["path"] == "summary":
        extra = f' data-max-words="{SUMMARY_WORDS}"'
    elif spec["widget"] == "id":
        extra = f' data-existing="{esc(" ".join(existing_ids))}"'
    elif spec["path"] in FORM_TODAY:
        extra = ' data-today="true"'
    common = f'data-path="{esc(spec["path"])}" data-widget="{spec["widget"]}"{required}{extra}'
    if spec["widget"] in ("choices", "choice", "variant"):
        kind = "checkbox" if spec["widget"] == "choices" else "radio"
        # a shape's fields take ids after the variant's own path, so its options say "is"
        option_id = f"{fid}-is" if spec["widget"] == "variant" else fid
        options = "".join(
            f'<div class="ju-option"><input type="{kind}" id="{option_id}-{esc(value)}" name="{esc(spec["path"])}" value="{esc(value)}">'
            f'<label for="{option_id}-{esc(value)}">{esc(title)}</label></div>'
            for value, title in spec["choices"]
        )
        return f'<fieldset class="ju-field" id="{fid}" {common} {described}><legend>{label}</legend>{hint}{options}{error}</fieldset>'
    if spec["widget"] in ("text", "lines"):
        extra_hint = " One item per line." if spec["widget"] == "lines" else ""
        hint = f'<p class="ju-hint" id="{hint_id}">{esc(help_text)}{extra_hint}</p>'
        control = f'<textarea id="{fid}" rows="4" {common} {described}></textarea>'
    else:
        kind = {"date": "date", "number": "number"}.get(spec["widget"], "text")
        control = f'<input type="{kind}" id="{fid}" {common} {described}>'
    return f'<div class="ju-field"><label for="{fid}">{label}</label>{hint}{control}{error}</div>'
