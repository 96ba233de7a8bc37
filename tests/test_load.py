"""The loader: line numbers, duplicate keys, and the hazards of untrusted YAML."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from generator import load
from generator.load import MAX_FILE_BYTES, display_path_of, load_file, load_text, survey


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


def test_an_unusual_yaml_error_names_the_line_and_what_to_check(either_parser: None):
    loaded, problems = load_text("id: x\nitems:\n  - a\n  ? b\n", "s.yml")
    assert loaded is None
    assert problems[0].line == 4
    assert problems[0].message.startswith("YAML error: ")
    assert problems[0].message.endswith("must be in quotes")


def test_merge_keys_are_refused():
    loaded, problems = load_text("base: &b {a: 1}\nother:\n  <<: *b\n", "m.yml")
    assert loaded is None
    assert "merge keys" in problems[0].message


def test_every_file_that_is_not_a_content_file_is_reported(tmp_path: Path):
    content = tmp_path / "content"
    (content / "practice").mkdir(parents=True)
    (content / "pages").mkdir()
    good = "id: derwent\ntitle: T\n"
    (content / "practice" / "derwent.yml").write_text(good)
    (content / "practice" / "derwent-copy.yml.txt").write_text(good)
    (content / "practice" / "upper.YML").write_text(good)
    (content / "practice" / "long.yaml").write_text(good)
    (content / "practice" / "notes.docx").write_bytes(b"PK\x03\x04")
    (content / "practice" / "about.md").write_text("# About\n")
    (content / "pages" / "help.MD").write_text("# Help\n")
    (content / "practice" / ".derwent.yml.swp").write_bytes(b"\0")
    (content / "practice" / "linked.yml").symlink_to(tmp_path / "outside.yml")
    (tmp_path / "outside.yml").write_text("id: linked\ntitle: secret\n")
    found = survey(content, tmp_path)
    assert [display_path_of(path, tmp_path) for path in found.data] == ["content/practice/derwent.yml"]
    assert found.pages == []
    assert [str(p) for p in sorted(found.problems)] == [
        "content/pages/help.MD:1: this page is not read: its name must end '.md' in lower case; rename it to 'help.md'",
        "content/practice/.derwent.yml.swp:1: warning: a temporary file left by an editing program; it is not read; "
        "delete it (or close the program) before you commit",
        "content/practice/about.md:1: this page is not read: hand-written pages belong in content/pages/; move it there",
        "content/practice/derwent-copy.yml.txt:1: this file is not read: its name ends '.txt' after '.yml'; "
        "rename it to 'derwent-copy.yml' (and give it its own id), or delete it",
        "content/practice/linked.yml:1: this file is not read: it is a symbolic link, and content must be "
        "an ordinary file; put a copy of the file here instead",
        "content/practice/long.yaml:1: this file is not read: content files end '.yml'; rename it to 'long.yml'",
        "content/practice/notes.docx:1: this file is not read: it is not a content file (those end '.yml'; "
        "hand-written pages in content/pages/ end '.md'); move it out of content/",
        "content/practice/upper.YML:1: this file is not read: content files end '.yml' in lower case; "
        "rename it to 'upper.yml'",
    ]


def test_a_symlinked_folder_is_reported_and_not_followed(tmp_path: Path):
    content = tmp_path / "content"
    content.mkdir()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.yml").write_text("id: secret\ntitle: S\n")
    (content / "practice").symlink_to(outside, target_is_directory=True)
    found = survey(content, tmp_path)
    assert found.data == [] and found.pages == []
    assert [str(p) for p in found.problems] == [
        "content/practice:1: this folder is not read: it is a symbolic link, and content must be "
        "in ordinary folders; put a copy of the folder here instead"
    ]


@pytest.fixture(params=["libyaml", "pure-python"])
def either_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The two parsers word their errors differently; the explanations must not depend on which."""
    if request.param == "pure-python":
        monkeypatch.setattr(load, "_SafeLoader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")


def only_problem(text: str) -> str:
    loaded, problems = load_text(text, "p.yml")
    assert loaded is None and len(problems) == 1, problems
    return str(problems[0])


def test_common_yaml_mistakes_are_explained_in_plain_words_on_the_right_line(either_parser: None):
    assert only_problem("id: x\nsummary: Rent: paid weekly\nfocus: y\n") == (
        "p.yml:2: summary: text that contains ': ' must be in quotes; write it as: "
        'summary: "Rent: paid weekly"'
    )
    assert only_problem("id: x\nfeatures:\n  - Help with white goods.\n  -Budgeting support.\n  - More\n") == (
        "p.yml:4: features: '-Budgeting support.' needs a space after the '-' to be a list item; "
        "write '- Budgeting support.'"
    )
    assert only_problem("id: x\ntitle:Housing\nfocus: y\n") == (
        "p.yml:2: title: a field name needs a space after its colon; write 'title: Housing'"
    )
    assert only_problem('id: x\ntitle: "Prison in-reach\nsummary: s\nfocus: f\n') == (
        "p.yml:2: title: the quote mark that opens this text is never closed; put the same quote mark "
        "at the end of the text"
    )
    assert only_problem('id: x\ntitle: "Move on" scheme\n') == (
        "p.yml:2: title: a value that starts with a quote mark must end with it; put the whole text in "
        "quotes of the other kind (title: 'The \"Move on\" scheme'), and write an apostrophe inside "
        "single quotes twice ('It''s')"
    )
    assert only_problem("id: x\ntitle: 'It's here'\n").startswith(
        "p.yml:2: title: a value that starts with a quote mark must end with it;"
    )
    assert only_problem("id: x\ntitle: [Draft] Housing\n") == (
        "p.yml:2: title: a value that starts with '[' is read as a list; put the whole text in quotes"
    )
    assert only_problem("id: x\ntitle: [Draft Housing\nfocus: y\n") == (
        "p.yml:2: title: a value that starts with '[' is read as a list, and its closing ']' is missing; "
        "if it is text, put the whole text in quotes"
    )
    assert only_problem("id: x\ntitle: @home\n") == (
        "p.yml:2: title: a value cannot start with '@'; put the whole text in quotes"
    )
    assert only_problem("id: x\ntitle: *Starred\n") == (
        "p.yml:2: title: a value cannot start with '*'; put the whole text in quotes"
    )
    assert only_problem("id: x\nfeatures:\n\t- a\n") == (
        "p.yml:3: features: this line is indented with a tab; YAML needs spaces: replace the tab with spaces"
    )
    assert only_problem("id: x\ncontact:\n  name: A\n role: B\n") == (
        "p.yml:4: role: this line is not lined up with the fields around it; indent 'role:' exactly as "
        "far as the fields above it"
    )
    assert only_problem("id: x\ncontact:\n  name: A\n    role: B\n") == (
        "p.yml:4: role: this line is indented further than the one above, so it is read as part of that "
        "text; line 'role:' up with the fields above it (or, if it is text, put the whole text in quotes)"
    )
    assert only_problem("id: x\nsummary: Some text\n- an item\n") == (
        "p.yml:3: summary: a list item cannot follow text; put the items under a field of their own, "
        "each on its own line starting '- ', indented under the field name"
    )


def test_traps_are_found_on_their_lines_whatever_the_line_ends_and_letters(either_parser: None):
    text = "id: x\r\ntitle: Café “déjà vu”\r\nfeatures:\r\n  - Aide à domicile.\r\n    - Budget #1 priorité\r\n"
    loaded, problems = load_text(text, "t.yml")
    assert problems == []
    assert [(t.kind, t.loc, t.line, t.text) for t in loaded.traps] == [
        ("comment", ("features", 0), 5, "#1 priorité"),
        ("folded-item", ("features", 0), 5, "Aide à domicile. - Budget"),
    ]
    loaded, _ = load_text("title: “Café”\n", "t.yml")
    assert [(t.kind, t.line) for t in loaded.traps] == [("curly-quotes", 1)]
