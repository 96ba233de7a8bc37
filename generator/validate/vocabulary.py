"""Vocabulary: every name (title, synonym, abbreviation, glossary form) belongs to one term, so a
reader's word leads to one place; every abbreviation the content uses is in the glossary."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from .. import model as m
from ..load import LoadedFile, LoadedPage, Location
from ..problems import Problem, format_path
from ..vocabulary import ABBREVIATION, VOCABULARY_KINDS, Vocabulary, normal, vocabulary
from .content import Content

GLOSSARY_FILE = "content/taxonomy/glossary.yml"


def vocabulary_problems(content: Content, pages: list[LoadedPage]) -> list[Problem]:
    words = vocabulary(content.taxonomies)
    return [*_claimed_twice(content), *_unknown_abbreviations(content, pages, words)]


def _claims(content: Content) -> Iterator[tuple[str, str, LoadedFile, Location, str]]:
    """(name, who claims it, file, location) for every name of every vocabulary term."""
    for name, taxonomy in sorted(content.taxonomies.items()):
        kind = m.TAXONOMY_FILES[name][0]
        if kind not in VOCABULARY_KINDS and kind != "glossary-entry":
            continue
        file = content.files[("taxonomy", name)]
        for i, term in enumerate(taxonomy.terms):  # type: ignore[attr-defined]
            owner = f"{kind} '{term.id}'"
            fields: list[tuple[str, Any]] = [("title", term.title)]
            if kind == "glossary-entry":
                fields += [("expansion", term.expansion), ("forms", term.forms)]
            else:
                fields += [("short_title", getattr(term, "short_title", None)), ("synonyms", term.synonyms),
                           ("abbreviations", term.abbreviations)]
            for field, value in fields:
                if isinstance(value, list):
                    for j, item in enumerate(value):
                        yield item, owner, file, ("terms", i, field, j), field
                elif value:
                    yield value, owner, file, ("terms", i, field), field


def _claimed_twice(content: Content) -> list[Problem]:
    first: dict[str, tuple[str, LoadedFile, Location]] = {}
    problems = []
    for name, owner, file, loc, _ in _claims(content):
        key = normal(name)
        if key not in first:
            first[key] = (owner, file, loc)
            continue
        other, other_file, other_loc = first[key]
        if other == owner:
            continue  # a term may repeat its own title among its synonyms
        problems.append(Problem(
            file.display_path, file.line_of(loc), format_path(loc),
            f"'{name}' is already a name of {other} ({other_file.display_path}:{other_file.line_of(other_loc)}); "
            "a word may lead to one term only: remove it here or there",
        ))
    return problems


def _strings(data: Any, loc: Location = ()) -> Iterator[tuple[Location, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))


# (line, field, word): where a file first uses each word that looks like an abbreviation
Abbreviation = tuple[int, str, str]


def record_abbreviations(file: LoadedFile, record: m.Record) -> tuple[Abbreviation, ...]:
    """Every abbreviation-like word of a record, where it first appears: the glossary does not
    come into it, so the check cache keeps these with each file's own check."""
    # the validated record, whose fields are the file's keys: the parsed YAML is not kept
    texts = ((file.line_of(loc), format_path(loc), text) for loc, text in _strings(record.model_dump()))
    return _first_uses(texts)


def _first_uses(texts: Iterable[tuple[int, str, str]]) -> tuple[Abbreviation, ...]:
    seen: set[str] = set()
    found = []
    for line, field, text in texts:
        for match in ABBREVIATION.finditer(text):
            word = match.group()
            if word not in seen:
                seen.add(word)
                found.append((line, field, word))
    return tuple(found)


def _unknown_abbreviations(content: Content, pages: list[LoadedPage], words: Vocabulary) -> list[Problem]:
    """A warning for each abbreviation a file uses that the glossary does not explain (once per file)."""
    problems = []
    for key, record in sorted(content.records(), key=lambda item: content.files[item[0]].display_path):
        file = content.files[key]
        found = content.abbreviations.get(key)
        problems += _unknown_in(file.display_path, found if found is not None else record_abbreviations(file, record), words)
    for page in pages:
        texts = ((number, "", line) for number, line in enumerate(page.text.splitlines(), start=1))
        problems += _unknown_in(page.display_path, _first_uses(texts), words)
    return problems


def _unknown_in(path: str, uses: Iterable[Abbreviation], words: Vocabulary) -> list[Problem]:
    hint = f"add it to {GLOSSARY_FILE} with what it stands for and what it means, or write it out in full"
    return [Problem(path, line, field, f"the abbreviation '{word}' is not in the glossary; {hint}", "warning")
            for line, field, word in uses if not words.is_known(word)]
