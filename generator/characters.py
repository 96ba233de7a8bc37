"""Characters contributed text may not contain, and why: the rules behind ``model.Text`` and
``model.Line`` and the checks of hand-written pages.

- Control characters (C0, DEL and C1) cannot be shown, are not allowed in XML at all (one in a
  title made the Atom feed unreadable) and mean nothing in a page. Tab and line breaks are
  allowed in free text, where they are layout; names and titles are one line.
- Bidirectional controls (embeddings, overrides, isolates, the directional marks) and
  zero-width characters are invisible and make text display differently from what it contains:
  a reversed figure, or an e-mail address split so that the personal-details check misses it.
  They are refused everywhere, free text included, rather than warned about: the site is
  written in English, no source needs them, exact figures are a promise, and a warning would
  still publish the deceptive text.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_IN_TEXT = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_IN_LINE = re.compile(f"[\\t\\n{_CONTROL}{_INVISIBLE}]")
_INVISIBLE_ONLY = re.compile(f"[{_INVISIBLE}]")


def refused(value: str, one_line: bool = False) -> tuple[int, str] | None:
    """The offset of the first character ``value`` may not contain, and why; or None.

    ``one_line`` for ids, titles and names, where a tab or line break is refused too.
    """
    match = (_IN_LINE if one_line else _IN_TEXT).search(value)
    if match is None:
        return None
    return match.start(), f"contains {_explain(match.group())} (character {match.start() + 1})"


def _explain(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\n":
        return f"a line break ({code}); a name or title is one line, so join the lines"
    if character == "\t":
        return f"a tab ({code}); a name or title is one line, so replace it with a space"
    if _INVISIBLE_ONLY.match(character):
        name = unicodedata.name(character, "invisible formatting character").lower()
        return (
            f"the invisible character {code} ({name}), which makes text display differently from "
            "what it contains; delete it (if the text was pasted, retype that part)"
        )
    return (
        f"the control character {code}, which cannot be shown and breaks the site's feed; "
        "delete it (if the text was pasted, retype that part)"
    )
