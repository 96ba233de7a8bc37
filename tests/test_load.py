"""The loader: line numbers, duplicate keys, and the hazards of untrusted YAML."""

from __future__ import annotations

import time
from pathlib import Path

from generator.load import MAX_FILE_BYTES, load_file, load_text


def test_every_key_and_item_keeps_its_line():
    text = "id: x\ntitle: T\nthemes:\n  - a\n  - b\ncontact:\n  name: N\n"
    loaded, problems = load_text(text, "content/practice/x.yml")
    assert problems == []
    assert loaded.data == {"id": "x", "title": "T", "themes": ["a", "b"], "contact": {"name": "N"}}
    assert loaded.lines[("themes",)] == 3
    assert loaded.lines[("themes", 1)] == 5
    assert loaded.lines[("contact", "name")] == 7
    # something absent is placed at its nearest present parent
    assert loaded.line_of(("contact", "organisation")) == 6


def test_duplicate_keys_are_reported_with_both_lines():
    loaded, problems = load_text("id: x\ntitle: A\ntitle: B\n", "f.yml")
    assert loaded is None
    assert [str(p) for p in problems] == ["f.yml:3: title: duplicate key 'title' (first given on line 2)"]


def test_python_tags_are_refused_and_nothing_runs(tmp_path: Path):
    marker = tmp_path / "ran"
    text = f'id: x\nrun: !!python/object/apply:os.system ["touch {marker}"]\n'
    loaded, problems = load_text(text, "f.yml")
    assert loaded is None
    assert problems[0].line == 2
    assert "tag not allowed" in problems[0].message
    assert not marker.exists()


def test_alias_bomb_fails_fast_on_the_node_limit():
    levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        previous = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        levels.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    start = time.perf_counter()
    loaded, problems = load_text("\n".join(levels) + "\n", "bomb.yml")
    assert time.perf_counter() - start < 5
    assert loaded is None
    assert "node limit" in problems[0].message


def test_deep_nesting_is_refused_with_a_named_limit():
    loaded, problems = load_text("a: " + "[" * 60 + "]" * 60 + "\n", "deep.yml")
    assert loaded is None
    assert "depth limit" in problems[0].message


def test_nesting_past_the_recursion_limit_is_a_problem_not_a_crash():
    loaded, problems = load_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "deeper.yml")
    assert loaded is None
    # libyaml composes without recursing and the depth limit stops it; the pure-Python
    # composer would hit the interpreter's recursion limit, which is reported the same way.
    assert problems[0].message in (
        "nesting deeper than 40 levels (depth limit)",
        "nesting too deep to read (recursion limit)",
    )


def test_oversized_file_is_refused(tmp_path: Path):
    path = tmp_path / "big.yml"
    path.write_text("id: x\ntext: " + "a" * MAX_FILE_BYTES + "\n")
    loaded, problems = load_file(path, "content/big.yml")
    assert loaded is None
    assert str(problems[0]).startswith("content/big.yml:1: file is ")
    assert "size limit" in problems[0].message


def test_non_utf8_file_names_the_line(tmp_path: Path):
    path = tmp_path / "latin1.yml"
    path.write_bytes("id: x\ntitle: caf\u00e9\n".encode("latin-1"))
    loaded, problems = load_file(path, "content/latin1.yml")
    assert loaded is None
    assert problems[0].line == 2
    assert "not valid UTF-8" in problems[0].message


def test_empty_file_and_list_file_are_problems():
    assert str(load_text("", "e.yml")[1][0]) == "e.yml:1: file is empty; expected a mapping of fields"
    assert str(load_text("# only a comment\n", "e.yml")[1][0]) == "e.yml:1: file is empty; expected a mapping of fields"
    assert str(load_text("- a\n- b\n", "l.yml")[1][0]) == "l.yml:1: expected a mapping of fields, found a list"


def test_yaml_syntax_error_names_the_line():
    loaded, problems = load_text("id: x\ntitle: [unclosed\nother: 1\n", "s.yml")
    assert loaded is None
    assert problems[0].line == 3
    assert problems[0].message.startswith("YAML error:")


def test_merge_keys_are_refused():
    loaded, problems = load_text("base: &b {a: 1}\nother:\n  <<: *b\n", "m.yml")
    assert loaded is None
    assert "merge keys" in problems[0].message
