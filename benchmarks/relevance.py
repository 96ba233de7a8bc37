"""Search relevance on the real content: `make bench` (or `python benchmarks/relevance.py`).

Runs the everyday query set (tests/relevance/queries.yml: other names, abbreviations, plurals,
misspellings, two- to four-word questions) against the CLI search (whoosh) and against the built
site's search page in Debian's Chromium (Pagefind), and reports for each the share of queries
with an expected page in the top 3 and in the top 5, the mean reciprocal rank of the first
expected page (over the first 10 results) and how many queries gave no result. Writes
benchmarks/relevance.md, and exits 1 when a query misses its top 5 or gives no result.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.build import Project, build_site  # noqa: E402
from tests.relevance import cli_results, queries, rank, scores, site_results  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def site_found(site: Path) -> dict[str, list[str]]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                return site_results(browser.new_page(), f"http://127.0.0.1:{server.server_address[1]}")
            finally:
                browser.close()
    finally:
        server.shutdown()


def report(found: dict[str, dict[str, list[str]]]) -> tuple[str, bool]:
    lines = [
        "# Search relevance",
        "",
        f"The everyday query set ({len(queries())} queries in tests/relevance/queries.yml) on the real content, "
        f"{datetime.date.today().isoformat()}. `make bench` (benchmarks/relevance.py) writes this file.",
        "",
        "| search | top 3 | top 5 | mean reciprocal rank | queries with no result |",
        "| --- | --- | --- | --- | --- |",
    ]
    ok = True
    for name, results in found.items():
        s = scores(results)
        lines.append(f"| {name} | {s['top3']:.0%} | {s['top5']:.0%} | {s['mrr']:.2f} | {s['empty']} |")
        ok = ok and s["top5"] == 1 and s["empty"] == 0
    lines += ["", "Rank of the first expected page for each query (— : not in the first 10):", "",
              "| query | " + " | ".join(found) + " |", "| --- |" + " --- |" * len(found)]
    for q in queries():
        places = [rank(results[q.text], q.expect) for results in found.values()]
        lines.append(f"| {q.text} | " + " | ".join(str(p) if p else "—" for p in places) + " |")
    return "\n".join(lines) + "\n", ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "relevance.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        built = build_site(Project.at(REPO, build_dir=Path(tmp) / "build", site_dir=Path(tmp) / "site"))
        if not built.ok:
            sys.exit("the real content did not build: " + "; ".join(str(p) for p in built.problems))
        found = {"CLI (whoosh)": cli_results(built.catalogue.content), "site (Pagefind, Chromium)": site_found(Path(tmp) / "site")}
    text, ok = report(found)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    if not ok:
        sys.exit("a query missed its top 5 or gave no result")


if __name__ == "__main__":
    main()
