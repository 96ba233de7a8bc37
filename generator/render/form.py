"""The submission form, generated from the practice model (``fields.editor_fields``): one field
per model field, with the model's descriptions as hints and the taxonomies' terms as choices.

What a case must have is shown first; the optional fields are folded into titled sections a
visitor opens when they have more to say, so the page is short to read and to tab through.
A field that can take one of several shapes (a source is a document or a contribution) becomes
a choice of shape, each with its own fields, shown only when chosen.
"""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup

from .. import model as m
from ..fields import editor_fields
from ..link import Catalogue
from ..validate.warnings import SUMMARY_WORDS

# Fields the form leaves out: fixed, editor-only, or personal data that needs recorded consent.
# Key figures are structured (unit, values, periods) and checked against the source by an editor.
FORM_SKIPS = frozenset({"kind", "related", "updated", "reviewed", "email", "phone", "consent", "key_figures"})
# Date fields the form fills in with today's date.
FORM_TODAY = {"published", "source.supplied_on"}
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
# The practice ids in use, which the form's script fetches to say when a new id is taken.
TAKEN_IDS_FILE = "practice-ids.json"
SOURCE_SECTION = "Where it comes from"


def form_fields(model: type[m.Model], catalogue: Catalogue) -> list[dict[str, Any]]:
    """The form's fields: every field of ``model`` an outside contributor fills in."""
    return editor_fields(model, lambda kind: catalogue_choices(catalogue, kind), FORM_SKIPS)


def catalogue_choices(catalogue: Catalogue, kind: str) -> list[tuple[str, str]]:
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


def form_html(fields: list[dict[str, Any]]) -> Markup:
    """The submission form as HTML; every label and choice is escaped."""
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    sections: dict[str, list[str]] = {"": [], SOURCE_SECTION: []}
    sections.update({title: [] for title, _ in FOLDED_SECTIONS})
    sections[OTHER_SECTION] = []
    shapes: dict[tuple[str, str], list[str]] = {}
    for spec in fields:
        if spec["when"]:
            shapes.setdefault(spec["when"], []).append(_field_html(spec, esc))
    for spec in fields:
        if spec["when"]:
            continue
        part = _field_html(spec, esc)
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


def _field_html(spec: dict[str, Any], esc) -> str:
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
        # the ids in use, in a file beside the page: listed in the page, they would grow with the content
        extra = f' data-taken-ids="{TAKEN_IDS_FILE}"'
    elif spec["path"] in FORM_TODAY:
        extra = ' data-today="true"'
    if spec.get("max_length"):
        extra += f' data-max-length="{spec["max_length"]}"'
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
