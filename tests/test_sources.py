"""Where a case comes from: one of the published documents, or a contribution (who supplied it,
for which organisation, when, and how to check it), shown on its page and in the open data."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import yaml

from generator.pipeline import check_content

from .conftest import REPO, run_joinedup

WORKED_EXAMPLE = "kettering-rent-deposit-scheme"


def contributing_yaml_blocks() -> list[str]:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def test_contributing_worked_example_validates_as_printed(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    example = next(block for block in contributing_yaml_blocks() if f"id: {WORKED_EXAMPLE}" in block)
    assert "supplied_by" in yaml.safe_load(example)["source"]
    (content / "practice" / f"{WORKED_EXAMPLE}.yml").write_text(example, encoding="utf-8")
    _, problems = check_content(content)
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_contributing_document_source_example_names_a_real_document_and_validates(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    snippet = next(b for b in contributing_yaml_blocks() if b.startswith("source:\n  document:"))
    example = next(block for block in contributing_yaml_blocks() if f"id: {WORKED_EXAMPLE}" in block)
    with_document = example[: example.index("source:")] + snippet
    (content / "practice" / f"{WORKED_EXAMPLE}.yml").write_text(with_document, encoding="utf-8")
    _, problems = check_content(content)
    assert [str(p) for p in problems if p.severity == "error"] == []


CONTRIBUTED = """\
source:
  supplied_by: Support service coordinator
  organisation: Derwent Living
  supplied_on: 2026-11-20
  verify: >-
    The provider's annual report for 2025/26 describes the package & its take-up <b>figures</b>.
"""


def test_a_contributed_case_shows_its_source_on_its_page_and_in_the_open_data(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    case = content / "practice" / "derwent-living-financial-inclusion.yml"
    text = case.read_text(encoding="utf-8")
    text = text[: text.index("source:")] + CONTRIBUTED
    case.write_text(text.replace("published: 2009-05-01", "published: 2026-11-25"), encoding="utf-8")
    result = run_joinedup("render", "--content", str(content), "--build-dir", str(tmp_path / "build"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    docs = tmp_path / "build" / "docs"

    page = (docs / "practice" / "derwent-living-financial-inclusion.md").read_text(encoding="utf-8")
    line = next(line for line in page.splitlines() if line.startswith("Source:"))
    assert line.startswith("Source: a contribution from Support service coordinator, Derwent Living, "
                           "supplied on 20 November 2026. How to check it: The provider")
    assert "<b>" not in line  # contributed text is escaped like any other

    catalogue = json.loads((docs / "data" / "catalogue.json").read_text(encoding="utf-8"))
    record = next(p for p in catalogue["practice"] if p["id"] == "derwent-living-financial-inclusion")
    assert record["source"] == {
        "supplied_by": "Support service coordinator", "organisation": "Derwent Living", "supplied_on": "2026-11-20",
        "verify": "The provider's annual report for 2025/26 describes the package & its take-up <b>figures</b>.",
    }
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((docs / "data" / "practice.csv").read_text(encoding="utf-8")))}
    assert rows["derwent-living-financial-inclusion"]["source"] == (
        "Contribution from Support service coordinator, Derwent Living, supplied on 2026-11-20; how to check it: "
        "The provider's annual report for 2025/26 describes the package & its take-up <b>figures</b>."
    )
    # a document-sourced case is unchanged
    assert rows["kettering-move-on-move-in"]["source"].startswith("PSA 16 Good Practice Guide (housing), ")
