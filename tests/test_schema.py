"""The committed JSON Schemas are exactly what the models export."""

from __future__ import annotations

from generator.schema import schemas

from .conftest import REPO

SCHEMA_DIR = REPO / "schema"


def test_committed_schemas_are_up_to_date():
    expected = schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert sorted(committed) == sorted(expected), "run `joinedup schema` and commit schema/"
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert stale == [], f"stale schemas {stale}: run `joinedup schema` and commit schema/"


def test_practice_schema_describes_required_fields_and_closed_keys():
    import json

    practice = json.loads(schemas()["practice.schema.json"])
    assert {"id", "kind", "title", "summary", "client_groups", "themes", "region", "focus"} <= set(
        practice["required"]
    )
    assert practice["additionalProperties"] is False


# --- editor and pre-commit wiring ----------------------------------------------------------------

import fnmatch  # noqa: E402
import json as json_module  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

CONTENT_FILES = sorted((REPO / "content").rglob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


def expected_schema(path: Path) -> str:
    relative = path.relative_to(REPO / "content")
    folder = relative.parent.as_posix()
    if folder == "practice":
        return f"{yaml.safe_load(path.read_text())['kind']}.schema.json"
    if folder == "tools":
        return f"{yaml.safe_load(path.read_text())['kind']}.schema.json"
    if folder == "taxonomy":
        return f"taxonomy-{relative.stem}.schema.json"
    return {
        "lessons": "lesson.schema.json",
        "guidance": "guidance.schema.json",
        "indicators/themes": "indicator-theme.schema.json",
        "indicators/national": "national-indicator.schema.json",
        "indicators/baselines": "baseline.schema.json",
    }[folder]


def test_every_content_file_starts_with_its_schema_comment():
    wrong = []
    for path in CONTENT_FILES:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        target = (path.parent / match.group(1)).resolve() if match else None
        if not match or target != (SCHEMA_DIR / expected_schema(path)).resolve():
            wrong.append(path.relative_to(REPO).as_posix())
    assert wrong == []


def test_vscode_maps_every_content_folder_to_a_schema():
    settings = json_module.loads((REPO / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (REPO / schema).is_file(), schema
    for path in CONTENT_FILES:
        relative = path.relative_to(REPO).as_posix()
        matches = [s for s, pattern in mapping.items() if fnmatch.fnmatch(relative, pattern)]
        assert len(matches) == 1, relative


def schema_hooks() -> list[dict]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    return [hook for repo in config["repos"] for hook in repo["hooks"] if hook["id"] == "check-jsonschema"]


def test_pre_commit_checks_every_content_file_against_its_schema():
    hooks = schema_hooks()
    for path in CONTENT_FILES:
        relative = path.relative_to(REPO).as_posix()
        assert len([h for h in hooks if re.search(h["files"], relative)]) == 1, relative
    for hook in hooks:
        files = [str(p) for p in CONTENT_FILES if re.search(hook["files"], p.relative_to(REPO).as_posix())]
        result = subprocess.run([str(CHECK_JSONSCHEMA), *hook["args"], *files], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    local = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert [hook["entry"] for hook in local] == ["joinedup validate"]


def test_a_bad_file_fails_check_jsonschema(tmp_path: Path):
    practice_hook = next(h for h in schema_hooks() if "practice" in h["files"])
    bad = tmp_path / "bad.yml"
    bad.write_text(
        (REPO / "tests" / "cases" / "invalid" / "unknown-field" / "overlay" / "practice" / "kettering-tenancy-course.yml").read_text()
    )
    result = subprocess.run([str(CHECK_JSONSCHEMA), *practice_hook["args"], str(bad)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert "'evidense' was unexpected" in result.stdout
