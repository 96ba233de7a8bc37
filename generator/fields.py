"""The fields an editor fills in for a record, read from its model: what each is called, what it
takes (text, a list, a choice of ids, a date), whether it is required, and the model's own type
to check an answer against. The submission form (render/form.py) and ``joinedup new``
(new.py) are both built from these, so a field added to the model is asked for by both.

A field that takes one of several shapes (a source is a document or a contribution) becomes a
``variant``: a choice of shape, each shape with its own fields, which count only when chosen.
"""

from __future__ import annotations

import datetime
import types
from typing import Annotated, Any, Callable, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from . import model as m

TEXTAREA_MIN_LENGTH = 1000
# What each shape of a source is called where an editor chooses one, likelier first.
VARIANTS: dict[type[BaseModel], tuple[str, str]] = {
    m.Contribution: ("contribution", "You or your organisation supplied it (a contribution)"),
    m.Source: ("document", "A document already among the site's sources"),
}
# Labels clearer than the field's own name.
FIELD_LABELS = {
    "evidence.level": "Evidence level",
    "evidence.description": "Evidence: what it is and why it has this level",
    "source": "Where does the case come from?",
    "source.supplied_by": "Supplied by",
    "source.organisation": "Their organisation",
    "source.supplied_on": "Supplied on",
    "source.verify": "How to check it",
    "source.section": "Section of the document",
    "source.document": "Document",
}

Choices = Callable[[str], list[tuple[str, str]]]


def editor_fields(model: type[m.Model], choices: Choices, skips: frozenset[str] = frozenset(),
                  prefix: tuple[str, ...] = (), parent_required: bool = True,
                  when: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """Every field of ``model`` but ``skips``, in model order: path, label, help, widget, choices,
    required, and ``type``, the model's annotation for the value (to check one answer).

    ``choices(kind)`` lists the (id, title) a reference to ``kind`` may take. ``when`` is
    (path, value) for the fields of one shape of a variant field.
    """
    schema = model.model_json_schema()
    fields: list[dict[str, Any]] = []
    for name, info in model.model_fields.items():
        if name in skips:
            continue
        path = prefix + (name,)
        required = parent_required and info.is_required()
        hint = _unwrap_optional(info.annotation)
        prop = schema["properties"].get(name, {})
        spec: dict[str, Any] = {
            "path": ".".join(path),
            "label": FIELD_LABELS.get(".".join(path), _label(path)),
            "help": info.description or "",
            "required": required,
            # required only once any field of its (optional) group is filled in
            "group_required": info.is_required() and not parent_required,
            "when": when,
            "type": Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation,
        }
        if variants := _variants(hint):
            spec.update(widget="variant", choices=[VARIANTS[cls] for _, cls in variants])
            fields.append(spec)
            for value, cls in variants:
                fields += editor_fields(cls, choices, skips, path, required, (spec["path"], value))
            continue
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            fields += editor_fields(hint, choices, skips, path, required, when)
            continue
        if get_origin(hint) is list and _is_model(_bare(get_args(hint)[0])):
            # a list of structured items (key figures, their values): each item's own fields
            spec.update(widget="records", fields=editor_fields(_bare(get_args(hint)[0]), choices, skips))
            spec["required"] = required and bool(info.metadata and any(getattr(x, "min_length", 0) for x in info.metadata))
        elif get_origin(hint) is list:
            kind = m.ref_kind(get_args(hint)[0])
            if kind:
                spec.update(widget="choices", choices=choices(kind), kind=kind)
            else:
                spec.update(widget="lines")
            spec["required"] = required and bool(info.metadata and any(getattr(x, "min_length", 0) for x in info.metadata))
        elif kind := m.ref_kind(hint, info.metadata):
            spec.update(widget="choice", choices=choices(kind), kind=kind)
        elif get_origin(_bare(hint)) is Literal:
            spec.update(widget="choice", choices=[(value, value) for value in get_args(_bare(hint))])
        elif hint is datetime.date:
            spec.update(widget="date")
        elif hint is bool:
            spec.update(widget="yes-no")
        elif hint is int or get_origin(hint) is None and prop.get("type") == "integer":
            spec.update(widget="number")
        elif _bare(hint) is float:
            spec.update(widget="decimal")
        elif name == "id":
            spec.update(widget="id")
        else:
            max_length = prop.get("maxLength") or (prop.get("anyOf") or [{}])[0].get("maxLength") or 0
            spec.update(widget="text" if max_length >= TEXTAREA_MIN_LENGTH else "line", max_length=max_length)
        fields.append(spec)
    return fields if prefix else _in_asking_order(fields)


def _in_asking_order(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The title before the id (suggested from it), and where the facts come from last, after
    what the record is."""
    def top(spec: dict[str, Any]) -> str:
        return spec["path"].split(".")[0]

    rest = [f for f in fields if top(f) not in ("id", "source")]
    after_title = next((i + 1 for i, f in enumerate(rest) if f["path"] == "title"), 0)
    rest[after_title:after_title] = [f for f in fields if f["path"] == "id"]
    return rest + [f for f in fields if top(f) == "source"]


def _label(path: tuple[str, ...]) -> str:
    """'Title'; a field of a group named with its group: 'Contact: as of'."""
    words = [part.replace("_", " ") for part in path]
    text = words[-1] if len(words) == 1 else f"{words[-2]}: {words[-1]}"
    return text[0].upper() + text[1:]


def _bare(hint: Any) -> Any:
    """The type under any ``Annotated`` constraints."""
    while get_origin(hint) is Annotated:
        hint = get_args(hint)[0]
    return hint


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, BaseModel)


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
        raise KeyError(f"name the shapes {', '.join(unnamed)} in fields.VARIANTS")
    return [(VARIANTS[cls][0], cls) for cls in VARIANTS if cls in options]
