"""Personal data: e-mail addresses and phone numbers are published only in a contact's own fields,
and only with the person's recorded consent."""

from __future__ import annotations

import re
from typing import Any, Iterator

from .. import model as m
from ..load import LoadedFile, Location
from ..problems import Problem, format_path


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# UK-style phone numbers: 0 or +44, then 9 to 10 more digits in groups.
PHONE = re.compile(r"(?<![\w/.,])(?:\+44\s?\(?0?\)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w/])")
CONTACT_FIELDS = {("contact", "email"), ("contact", "phone")}
# What every match of the pattern above contains: a quick test that rules most text out.
_AT = re.compile("@")
_THREE_DIGITS = re.compile(r"\d{3}")


def personal_data_problems(file: LoadedFile, record: m.Record) -> Iterator[Problem]:
    yield from _contact_problems(file, record)
    yield from _details_outside_contact(file)


def _contact_problems(file: LoadedFile, record: m.Record) -> Iterator[Problem]:
    contact = getattr(record, "contact", None)
    if not isinstance(contact, m.Contact) or contact.consent:
        return
    for name in ("email", "phone"):
        if getattr(contact, name):
            loc = ("contact", name)
            yield Problem(
                file.display_path,
                file.line_of(loc),
                format_path(loc),
                f"personal {name} may be published only with 'consent: true' in the contact; "
                "remove it or record the person's consent",
            )


def _details_outside_contact(file: LoadedFile) -> Iterator[Problem]:
    """E-mail addresses and phone numbers belong only in a consenting contact's fields."""
    for loc, text in _strings(file.data, ()):
        if loc in CONTACT_FIELDS:
            continue
        for pattern, hint, what in ((EMAIL, _AT, "an e-mail address"), (PHONE, _THREE_DIGITS, "a phone number")):
            found = hint.search(text) and pattern.search(text)
            if found:
                yield Problem(
                    file.display_path,
                    file.line_of(loc),
                    format_path(loc),
                    f"found {what} ('{found.group(0)}'); personal contact details go only in "
                    "contact.email or contact.phone, with 'consent: true'",
                )


def _strings(value: Any, loc: Location) -> Iterator[tuple[Location, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))
