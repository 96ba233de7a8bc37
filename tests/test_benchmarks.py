"""The benchmark's synthetic corpus is valid content, varied, and the same for the same size."""

from __future__ import annotations

from benchmarks.corpus import make_corpus
from generator.pipeline import check_content


def test_synthetic_corpus_validates_and_varies(tmp_path):
    content = make_corpus(tmp_path / "a", 60)
    records, problems = check_content(content)
    assert [p for p in problems if p.severity == "error"] == []
    synthetic = [p for p in records.practice if p.id.startswith("synthetic-")]
    assert len(synthetic) == 60
    assert len({p.region for p in synthetic}) > 3
    assert len({g for p in synthetic for g in p.client_groups}) > 5
    assert len({p.summary for p in synthetic}) > 40
    # the real taxonomies, indicators and pilots stay beside them
    assert records.national_indicators and any(p.kind == "pilot" for p in records.practice)


def test_synthetic_corpus_is_the_same_for_the_same_size(tmp_path):
    first = make_corpus(tmp_path / "a", 15) / "practice" / "synthetic-00007.yml"
    second = make_corpus(tmp_path / "b", 15) / "practice" / "synthetic-00007.yml"
    assert first.read_text() == second.read_text()
