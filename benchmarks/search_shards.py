"""Pagefind's peak memory per shard (issue 15 item 5): `python benchmarks/search_shards.py [SIZES]`.

For each corpus size (5,000 practice examples unless given, e.g. `5000,10000`) it builds a
synthetic content folder (benchmarks/corpus.py) end to end with `build_site`, as bench.py does,
in a fresh process. It prints, for every Pagefind run of the search stage (one per shard:
generator/build.py SEARCH_SHARD_PAGES), the pages it indexed and its peak resident memory, read
as bench.py reads it. The budget: every run under 1,536 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench import PagefindWatch  # noqa: E402
from benchmarks.corpus import make_corpus  # noqa: E402
from generator.build import SEARCH_SHARD_LIST, SEARCH_SHARD_PAGES, Project, build_site  # noqa: E402

RUN_LIMIT_MB = 1536


def indexed_pages(bundle: Path) -> int:
    """A page Pagefind indexed has one fragment file."""
    return sum(1 for _ in (bundle / "fragment").iterdir())


def measure_one(records: int, workdir: Path) -> dict:
    content = make_corpus(workdir, records)
    project = Project.at(REPO, content_dir=content, build_dir=workdir / "build", site_dir=workdir / "site")
    watch = PagefindWatch(workdir)
    watch.start()
    report = build_site(project)
    watch.stopped.set()
    watch.join()
    if not report.ok:
        raise SystemExit(f"build failed: {[str(p) for p in report.problems[:5]]} {report.messages[:5]}")
    bundle = workdir / "site" / "pagefind"
    folders = [bundle, *(bundle / other for other in json.loads((bundle / SEARCH_SHARD_LIST).read_text()))]
    # the runs were watched in the order they started, which is the order of the shards
    return {
        "records": records,
        "shard_pages_limit": SEARCH_SHARD_PAGES,
        "html_pages": sum(1 for _ in (workdir / "site").rglob("*.html")),
        "shards": [{"pages": indexed_pages(folder), "peak_mb": peak} for folder, peak in zip(folders, watch.peaks.values())],
        "pagefind_s": report.timings["pagefind"],
        "build_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="?", default="5000", help="corpus sizes, comma-separated (default: 5000)")
    parser.add_argument("--one", type=int, help="measure one size in this process and print JSON (used internally)")
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as workdir:
            print(json.dumps(measure_one(args.one, Path(workdir))))
        return
    missed = False
    for records in (int(size) for size in args.sizes.split(",")):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--one", str(records)], check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{records:,} examples, {result['html_pages']:,} HTML pages, shards of at most "
              f"{result['shard_pages_limit']:,} indexed pages; search stage {result['pagefind_s']:.0f} s, "
              f"whole build {time.perf_counter() - start:.0f} s, the build's own peak {result['build_mb']:.0f} MB:")
        for number, shard in enumerate(result["shards"], start=1):
            print(f"  shard {number}: {shard['pages']:,} pages, Pagefind's peak {shard['peak_mb']:.0f} MB")
        if max(shard["peak_mb"] for shard in result["shards"]) >= RUN_LIMIT_MB:
            print(f"  a run is over the budget of {RUN_LIMIT_MB} MB", file=sys.stderr)
            missed = True
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
