"""The documentation's examples are true: every YAML example validates against the real content
as printed (or, where it shows a mistake, gives a problem), the output it shows is what the
tool prints, and every command and option it names exists."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.load import load_text
from generator.pipeline import check_content

from .conftest import REPO, run_joinedup

DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").rglob("*.md"))]
# A base for examples that show only some fields: a real practice example, whose fields the
# example's own replace.
BASE_RECORD = REPO / "content" / "practice" / "kettering-move-on-move-in.yml"
# An example that shows a mistake starts with a comment saying so, and must give a problem.
WRONG = re.compile(r"#\s*wrong\b", re.IGNORECASE)


@dataclass(frozen=True)
class Example:
    doc: Path
    line: int  # of the example's first line in the document
    text: str

    @property
    def name(self) -> str:
        return f"{self.doc.name}:{self.line}"

    @property
    def shows_a_mistake(self) -> bool:
        return bool(WRONG.match(self.text.lstrip()))


def fenced(doc: Path, language: str) -> list[Example]:
    """Every ```<language> block of a Markdown file, also those indented in a list item."""
    text = doc.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(rf"^( *)```{language}\n(.*?)^\1```$", text, re.M | re.S):
        indent = len(match.group(1))
        body = "".join(line[indent:] for line in match.group(2).splitlines(keepends=True))
        found.append(Example(doc, text[: match.start(2)].count("\n") + 1, body))
    return found


YAML_EXAMPLES = [example for doc in DOCS for example in fenced(doc, "yaml")]


def test_the_docs_hold_yaml_examples_of_both_kinds():
    assert len(YAML_EXAMPLES) >= 4
    assert any(e.shows_a_mistake for e in YAML_EXAMPLES) and any(not e.shows_a_mistake for e in YAML_EXAMPLES)


def place(example: Example, content: Path) -> tuple[Path, int]:
    """Write the example into the content tree: a whole record as its own file, a few fields
    over the base record's. Returns the file and the line the example starts on in it."""
    loaded, problems = load_text(example.text, example.name)
    data = loaded.data if loaded else {}
    if "id" in data and "kind" in data:
        path = content / "practice" / f"{data['id']}.yml"
        path.write_text(example.text, encoding="utf-8")
        return path, 1
    if problems and not example.shows_a_mistake:
        pytest.fail(f"{example.name} does not read as YAML: {problems}")
    base, _ = load_text(BASE_RECORD.read_text(encoding="utf-8"), "base")
    keys = set(data) or set(re.findall(r"^([a-z_]+):", example.text, re.M))
    lines = BASE_RECORD.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = sorted((base.lines[(key,)], key) for key in base.data)
    kept = []
    for (start, key), (end, _) in zip(starts, starts[1:] + [(len(lines) + 1, "")]):
        if key not in keys:
            kept.extend(lines[start - 1:end - 1])
    path = content / "practice" / BASE_RECORD.name
    path.write_text("".join(kept) + example.text, encoding="utf-8")
    return path, len(kept) + 1


@pytest.mark.parametrize("example", YAML_EXAMPLES, ids=[e.name for e in YAML_EXAMPLES])
def test_every_yaml_example_in_the_docs_is_true_of_the_real_content(example: Example, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    path, first = place(example, content)
    _, problems = check_content(content)
    display = f"content/practice/{path.name}"
    within = [p for p in problems if p.path == display and first <= p.line < first + example.text.count("\n")]
    if example.shows_a_mistake:
        assert within, f"{example.name} shows a mistake, but it gives no problem"
    else:
        assert [str(p) for p in problems] == [], f"{example.name} must validate as printed"


def test_the_problem_the_worked_example_shows_is_what_validate_prints(tmp_path: Path):
    contributing = REPO / "CONTRIBUTING.md"
    worked = next(e for e in fenced(contributing, "yaml") if e.text.startswith("# yaml-language-server"))
    shown = [e.text.strip() for e in fenced(contributing, "") if e.text.startswith("content/practice/")]
    assert shown, "CONTRIBUTING.md shows an example of validate's output"
    printed = shown[0]
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    path, _ = place(worked, content)
    wrong = re.search(r"unknown theme '([^']+)'; did you mean '([^']+)'", printed)
    path.write_text(worked.text.replace(wrong.group(2), wrong.group(1), 1), encoding="utf-8")
    result = run_joinedup("validate", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert printed in result.stdout.splitlines()


def named_commands() -> list[tuple[str, list[str], str]]:
    """(command, options, where) for every `joinedup ...` the docs show in code."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        spans = re.findall(r"`([^`\n]*joinedup [^`\n]*)`", text)
        spans += [line for e in fenced(doc, "sh") for line in e.text.splitlines() if "joinedup " in line]
        for span in spans:
            words = span.split("joinedup ", 1)[1].split()
            command = [w for w in words[:2] if re.fullmatch(r"[a-z]+", w)]
            if command[1:] and command[0] not in ("new",):
                command = command[:1]
            options = [w.split("=")[0] for w in words if w.startswith("--")]
            found.append((" ".join(command), options, f"{doc.name}: {span}"))
    return found


def test_every_command_and_option_the_docs_name_exists():
    commands = named_commands()
    assert any(command == "new practice" for command, _, _ in commands)
    helps: dict[str, str] = {}
    for command, options, where in commands:
        if command not in helps:
            result = run_joinedup(*command.split(), "--help")
            assert result.returncode == 0, f"{where}: 'joinedup {command}' is not a command"
            helps[command] = result.stdout
        for option in options:
            assert re.search(rf"(^|[\s,]){re.escape(option)}\b", helps[command], re.M), \
                f"{where}: 'joinedup {command}' has no option {option}"
