"""Live preview: a change under content/ regenerates the affected page in build/docs."""

from __future__ import annotations

import threading
from pathlib import Path

from generator.build import BuildReport, Project, generate
from generator.serve import watch_content

from .conftest import REPO


def test_editing_content_regenerates_its_page(content_copy: Path, tmp_path: Path):
    project = Project.at(REPO, content_dir=content_copy, build_dir=tmp_path / "build", site_dir=tmp_path / "site")
    assert generate(project).ok
    page = project.docs_dir / "practice" / "kettering-in-reach.md"
    untouched = project.docs_dir / "tools" / "self-assessment.md"
    untouched_mtime = untouched.stat().st_mtime_ns
    assert "Prison in\\-reach housing plans" in page.read_text()

    reports: list[BuildReport] = []
    done = threading.Event()

    def report(result: BuildReport) -> None:
        reports.append(result)
        done.set()

    observer = watch_content(project, report)
    try:
        source = content_copy / "practice" / "kettering-in-reach.yml"
        source.write_text(source.read_text().replace("Prison in-reach housing plans", "Prison in-reach plans, revised"))
        assert done.wait(timeout=20), "no regeneration after the content changed"
    finally:
        observer.stop()
        observer.join(timeout=5)
    assert reports[-1].ok
    assert "Prison in\\-reach plans, revised" in page.read_text()
    # pages whose text did not change are not rewritten, so the preview rebuilds little
    assert untouched.stat().st_mtime_ns == untouched_mtime
