"""What the generated pages cost MkDocs against plain pages of the same size (issue 15 item 4).

`python benchmarks/mkdocs_ratio.py [RECORDS]` renders a synthetic corpus (benchmarks/corpus.py)
into build/docs, times `mkdocs build` of it with the project's mkdocs.yml and theme, then
replaces every page by plain paragraphs of the same length at the same path (so the navigation
and the site's shape stay the same) and times that build too. It prints both times and their
ratio: what Markdown conversion of the generated pages costs beyond plain text.

`--profile N` runs both builds under cProfile and prints the N functions that took the most time
of their own in each (the times printed are then the profiled ones, slower than without).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus import make_corpus  # noqa: E402
from generator.build import Project, generate, run_mkdocs  # noqa: E402

SENTENCE = "A practice example about housing and support for people leaving prison. "


def plain_page(length: int, title: str) -> str:
    """A heading and plain paragraphs, ``length`` characters in all."""
    head = f"# {title}\n\n"
    paragraph = SENTENCE * 8 + "\n\n"
    body = (paragraph * (length // len(paragraph) + 1))[: max(0, length - len(head))]
    return head + body


def timed_mkdocs(project: Project, site: Path, profile_lines: int = 0) -> float:
    """Processor seconds of one `mkdocs build`: on a shared machine, wall time mostly measures
    the other work. With ``profile_lines``, the build's costliest functions are printed."""
    profiler = cProfile.Profile() if profile_lines else None
    start = time.process_time()
    if profiler:
        profiler.enable()
    messages = run_mkdocs(project, site)
    if profiler:
        profiler.disable()
    elapsed = time.process_time() - start
    errors = [m for m in messages if m.startswith("ERROR")]
    if errors:
        raise SystemExit(f"mkdocs failed: {errors[:3]}")
    if profiler:
        report = io.StringIO()
        pstats.Stats(profiler, stream=report).sort_stats("tottime").print_stats(profile_lines)
        print(f"MkDocs on {site.name}:\n{report.getvalue()}")
    return elapsed


def measure(records: int, workdir: Path, profile_lines: int = 0) -> tuple[float, float, int]:
    content = make_corpus(workdir, records)
    project = Project.at(REPO, content_dir=content, build_dir=workdir / "build", site_dir=workdir / "site")
    report = generate(project)
    if not report.ok:
        raise SystemExit(f"render failed: {[str(p) for p in report.problems[:3]]}")
    generated = timed_mkdocs(project, workdir / "site-generated", profile_lines)
    pages = [p for p in project.docs_dir.rglob("*.md")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        page.write_text(plain_page(len(text), page.stem), encoding="utf-8")
    plain = timed_mkdocs(project, workdir / "site-plain", profile_lines)
    return generated, plain, len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int, nargs="?", default=1000)
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N costliest functions of each build (cProfile)")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="joinedup-ratio-") as tmp:
        generated, plain, pages = measure(args.records, Path(tmp), args.profile)
    print(f"{args.records:,} examples, {pages:,} pages: MkDocs {generated:.1f} processor seconds on the generated pages, "
          f"{plain:.1f} s on plain pages of the same size; ratio {generated / plain:.2f}")


if __name__ == "__main__":
    main()
