"""The portability test at scale (issue 15 item 6): `python benchmarks/portability.py [RECORDS]`.

Renders a synthetic corpus (benchmarks/corpus.py, 5,000 examples by default) with `joinedup
render` and builds it with Zensical and ProperDocs, as tests/test_portability.py does with the
real content (too slow for `make test` at this size). Prints each builder's time, the pages it
wrote and whether the key pages are there; exits non-zero if a build fails. Zensical used to
fail here on a term page's practice list of 21,472 token positions (its limit is 16,384); term
pages are bounded now (generator/render/listing.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus import make_corpus  # noqa: E402
from tests.test_portability import BUILDERS, builder  # noqa: E402

KEY_PAGES = ["index.html", "practice/index.html", "client-groups/offenders/index.html", "practice/synthetic-00001/index.html"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int, nargs="?", default=5000)
    args = parser.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="joinedup-portability-") as tmp:
        project = Path(tmp)
        content = make_corpus(project, args.records)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(REPO / "theme", project / "theme")
        joinedup = Path(sys.executable).parent / "joinedup"
        subprocess.run([str(joinedup), "render", "--content", str(content), "--build-dir", str(project / "build")],
                       cwd=project, check=True, capture_output=True)
        for name in BUILDERS:
            executable = builder(name)
            shutil.rmtree(project / "site", ignore_errors=True)
            start = time.perf_counter()
            result = subprocess.run([str(executable), *BUILDERS[name][1]], cwd=project, capture_output=True, text=True,
                                    env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
            elapsed = time.perf_counter() - start
            pages = sum(1 for _ in (project / "site").rglob("*.html"))
            missing = [p for p in KEY_PAGES if not (project / "site" / p).is_file()]
            ok = result.returncode == 0 and not missing
            failed += not ok
            print(f"{name}: {'built' if ok else 'FAILED'} {args.records:,} examples in {elapsed:.0f} s, {pages:,} pages"
                  + (f"; missing {missing}" if missing else "")
                  + ("" if result.returncode == 0 else f"\n{(result.stderr or result.stdout)[-1500:]}"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
