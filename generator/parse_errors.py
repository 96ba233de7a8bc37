"""The YAML parser's errors in an editor's words: what went wrong, on the line where the mistake
is (not where the parser gave up), and what to type instead.

PyYAML's pure-Python parser and libyaml word their errors differently ("mapping values are not
allowed here" / "... in this context"); both are matched. An error not recognised here keeps the
parser's own words, with the list of usual causes.
"""

from __future__ import annotations

import re

import yaml

# A line that gives a field: optional list dash, a name, a colon and a space (or the line's end).
_FIELD_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?:\s|$)")
_STARTS_WITH_FIELD = re.compile(r"^([A-Za-z_][\w-]*):\s")
# Where a line's value starts: after "name: " or "- ".
_VALUE = re.compile(r"^\s*(?:-\s+|[A-Za-z_][\w-]*:\s+)")
_NEEDS_QUOTES = "text with ': ' or ' #', or starting with a quote, '[', '{', '*', '&', '@' or '`' must be in quotes"


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str, str]:
    """(line, field, message) for a parser error; line counts from 1."""
    lines = text.split("\n")
    problem = exc.problem or ""
    context = exc.context or ""
    at = exc.problem_mark or exc.context_mark
    start = exc.context_mark or at
    line, column = (at.line, at.column) if at else (0, 0)

    def source(number: int) -> str:
        return lines[number].rstrip("\r") if 0 <= number < len(lines) else ""

    def result(number: int, message: str, field: str = "") -> tuple[int, str, str]:
        return number + 1, field or _field_at(lines, number), message

    here = source(line)
    if "mapping values are not allowed" in problem:
        before = here[:column]
        if ": " in before or before.lstrip().startswith("- "):
            return result(line, "text that contains ': ' must be in quotes; write it as: " + _quoted(here))
        name = here.strip().split(":")[0]
        return result(line, "this line is indented further than the one above, so it is read as part of that "
                      f"text; line '{name}:' up with the fields above it (or, if it is text, put the whole "
                      "text in quotes)")
    if "could not find expected ':'" in problem and start:
        own = source(start.line).strip()
        if re.match(r"-[^\s-]", own):
            return result(start.line, f"'{own}' needs a space after the '-' to be a list item; write '- {own[1:]}'")
        if re.match(r"[A-Za-z_][\w-]*:\S", own):
            name, _, value = own.partition(":")
            return result(start.line, f"a field name needs a space after its colon; write '{name}: {value}'", name)
        return result(start.line, "this line has no ': ' after a field name; if it continues the text above, "
                      "indent it under that text (or put the whole text in quotes); if it is a field, write "
                      "'name: value'")
    if "quoted scalar" in context and "end of stream" in problem and start:
        return result(start.line, "the quote mark that opens this text is never closed; put the same quote mark "
                      "at the end of the text")
    if "unknown escape character" in problem:
        return result(line, "inside double quotes a backslash starts a special character; write \\\\ for a "
                      "backslash, or use single quotes")
    if "block scalar" in context:
        return result(line, "after '|' or '>' the text must start on the next line, indented under the field name")
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        where = start.line if start else line
        return result(where, f"a value that starts with '{opening}' is read as a list, and its closing "
                      f"'{closing}' is missing; if it is text, put the whole text in quotes")
    if "anchor" in context or "alias" in context or "undefined alias" in problem:
        where = start if start and "anchor" in context else at
        return result(where.line, f"a value cannot start with '{source(where.line)[where.column:][:1]}'; "
                      "put the whole text in quotes")
    if "cannot start any token" in problem:
        character = here[column:column + 1]
        if character == "\t":
            return result(line, "this line is indented with a tab; YAML needs spaces: replace the tab with spaces")
        return result(line, f"a value cannot start with '{character}'; put the whole text in quotes")
    if "expected <block end>" in problem or "did not find expected key" in problem:
        indent = len(here) - len(here.lstrip())
        if column <= indent:  # the line itself is out of place, not something in its value
            if here.lstrip().startswith("-"):
                return result(line, "a list item cannot follow text; put the items under a "
                              "field of their own, each on its own line starting '- ', indented under the field name")
            field = _STARTS_WITH_FIELD.match(here.strip() + " ")
            if field:
                return result(line, f"this line is not lined up with the fields around it; indent "
                              f"'{field.group(1)}:' exactly as far as the fields above it")
        value = _VALUE.sub("", here, count=1)
        if value[:1] in ("'", '"'):
            return result(line, "a value that starts with a quote mark must end with it; put the whole text in "
                          "quotes of the other kind (title: 'The \"Move on\" scheme'), and write an apostrophe "
                          "inside single quotes twice ('It''s')")
        if value[:1] in ("[", "{"):
            return result(line, f"a value that starts with '{value[0]}' is read as a list; put the whole text in quotes")
    detail = problem or str(exc)
    return result(line, f"YAML error: {detail}; check this line and the one above: {_NEEDS_QUOTES}")


def _field_at(lines: list[str], number: int) -> str:
    """The name of the field given on line ``number`` or, failing that, the nearest line above."""
    for candidate in range(min(number, len(lines) - 1), -1, -1):
        match = _FIELD_LINE.match(lines[candidate])
        if match:
            return match.group(1)
    return ""


def _quoted(line: str) -> str:
    """The line with its value in double quotes, as an editor should type it."""
    text = line.strip()
    match = _STARTS_WITH_FIELD.match(text.removeprefix("- "))
    prefix = "- " if text.startswith("- ") else ""
    if not match:
        return f'"{_escaped(text)}"'
    value = text.removeprefix(prefix)[match.end():]
    return f'{prefix}{match.group(1)}: "{_escaped(value)}"'


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
