"""Scaffolding for editors: a new practice file written from a commented template.

The file is created exclusively (an existing file is never overwritten) and validated with the
rest of the content; a file that would not validate is removed again and its problems returned.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .model import SLUG_PATTERN
from .pipeline import check_content
from .problems import Problem, errors
from .render.environment import template_environment

REVIEW_AFTER_YEARS = 2


@dataclass(frozen=True)
class NewPractice:
    id: str
    title: str
    summary: str
    client_groups: list[str]
    themes: list[str]
    region: str
    focus: str
    evidence_level: str
    source_document: str
    source_section: str
    national_indicators: list[str] = field(default_factory=list)
    journey_stages: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    applicable_to: list[str] = field(default_factory=list)
    applicable_note: str = ""
    features: list[str] = field(default_factory=list)
    evidence_description: str = ""
    delivered_by: list[str] = field(default_factory=list)
    contact_name: str = ""
    contact_organisation: str = ""
    contact_year: int = 0
    published: datetime.date = field(default_factory=datetime.date.today)


def slugify(text: str) -> str:
    """A suggested id for a title: lower case, hyphens, at most eight words."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:8])


def _yaml(value: object) -> str:
    # JSON strings and lists of strings are valid YAML, always quoted: no YAML 1.1 surprises.
    return json.dumps(value, ensure_ascii=False)


def practice_yaml(new: NewPractice) -> str:
    # YAML output: values are quoted by the yaml filter, not HTML-escaped.
    env = template_environment(autoescape=False)
    env.filters["yaml"] = _yaml
    values = asdict(new)
    values["review_by"] = new.published.replace(year=new.published.year + REVIEW_AFTER_YEARS).isoformat()
    values["published"] = new.published.isoformat()
    return env.get_template("new-practice.yml.j2").render(**values)


def create_practice(content_dir: Path, new: NewPractice) -> tuple[Path, list[Problem]]:
    """Write content/practice/<id>.yml; refuse to overwrite; remove it again if it is invalid."""
    path = content_dir / "practice" / f"{new.id}.yml"
    if not re.fullmatch(SLUG_PATTERN, new.id):
        return path, [Problem(f"content/practice/{new.id}.yml", 1, "id", "expected a lower-case id of letters, digits and single hyphens")]
    text = practice_yaml(new)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return path, [Problem(_display(path, content_dir), 1, "", "file already exists; choose another id (nothing was written)")]
    _, problems = check_content(content_dir)
    mine = [p for p in problems if p.path == _display(path, content_dir)]
    if errors(mine):
        path.unlink()
    return path, mine


def _display(path: Path, content_dir: Path) -> str:
    return path.relative_to(content_dir.parent).as_posix()
