"""Build-time, page-weight and search-cost benchmark: `make bench` (or `python benchmarks/bench.py`).

For each corpus size it builds a synthetic content folder (benchmarks/corpus.py) end to end in a
fresh process and measures every stage, peak memory, the site's size, practice-page sizes and
the bytes a reader downloads for a first filtered search and a first browse by a filter (in a
real browser). It also times a plain `mkdocs build` of the same number of Markdown pages with
the same theme and navigation, and how soon `joinedup serve` shows an edit on the real content.
Results and the budgets go to benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus import make_corpus  # noqa: E402
from generator.build import Project, build_site  # noqa: E402

SIZES = (100, 1000, 5000)
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")
# A first search: two words and one filter. A first browse: one filter and no words, as the
# gap map and the topic pages link to it.
FIRST_SEARCH = "/search/?q=housing+support&client_group=Offenders+under+probation+supervision"
FIRST_BROWSE = "/search/?client_group=Offenders+under+probation+supervision"
BUDGETS = {
    "generator share of the MkDocs stage": 0.25,
    "time(5,000) / time(1,000)": 5.5,
    "practice page HTML (KB)": 40,
    "synthetic practice page HTML (KB)": 40,
    "first search download at 5,000 (KB, gzip)": 400,
    "first browse download at 5,000 (KB, gzip)": 400,
    "peak memory at 5,000 (MB)": 1024,
    "serve shows an edit (s)": 3.0,
}


def measure_one(records: int, workdir: Path) -> dict:
    """Build a corpus of ``records`` examples; runs in its own process for a clean peak memory."""
    content = make_corpus(workdir, records)
    project = Project.at(REPO, content_dir=content, build_dir=workdir / "build", site_dir=workdir / "site")
    start = time.perf_counter()
    report = build_site(project)
    total = time.perf_counter() - start
    if not report.ok:
        raise SystemExit(f"build failed: {[str(p) for p in report.problems[:5]]} {report.messages[:5]}")
    # Peak memory of the build itself: this process (everything but Pagefind) and Pagefind,
    # read before the browser below starts.
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    site = workdir / "site"
    practice_pages = [p for p in (site / "practice").glob("*/index.html")]
    sizes = sorted(p.stat().st_size for p in practice_pages)
    synthetic = sorted(p.stat().st_size for p in practice_pages if p.parent.name.startswith("synthetic-"))
    return {
        "records": records,
        "search": first_search_bytes(site, FIRST_SEARCH),
        "browse": first_search_bytes(site, FIRST_BROWSE),
        "timings": report.timings,
        "total": total,
        "peak_mb": max(peak_self, peak_children),
        "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6,
        "pages": sum(1 for _ in site.rglob("*.html")),
        "practice_median_kb": statistics.median(sizes) / 1024,
        "practice_max_kb": sizes[-1] / 1024,
        "synthetic_max_kb": synthetic[-1] / 1024 if synthetic else 0.0,
        "largest_page": max(practice_pages, key=lambda p: p.stat().st_size).parent.name,
        "peak_build_mb": peak_self,
        "peak_pagefind_mb": peak_children,
    }


def plain_mkdocs(pages: int, workdir: Path) -> float:
    """A plain `mkdocs build` of ``pages`` Markdown pages with the same theme and nav settings."""
    docs = workdir / "plain-docs"
    shutil.rmtree(docs, ignore_errors=True)
    (docs / "pages").mkdir(parents=True)
    paragraph = "A practice example about housing and support for people leaving prison. " * 20
    for i in range(pages):
        (docs / "pages" / f"page-{i:05d}.md").write_text(f"# Page {i}\n\n{paragraph}\n\n## Details\n\n{paragraph}\n")
    (docs / "index.md").write_text("# Plain\n")
    config = workdir / "plain-mkdocs.yml"
    config.write_text(
        "site_name: Plain\n"
        f"docs_dir: {docs}\n"
        f"site_dir: {workdir / 'plain-site'}\n"
        f"theme:\n  name: material\n  custom_dir: {REPO / 'theme'}\n  features: [navigation.tabs]\n"
        "plugins: []\n"
        "nav:\n  - Home: index.md\n"
        "validation:\n  nav:\n    omitted_files: info\n"
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
        check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - start


def serve_site(site: Path):
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def first_search_bytes(site: Path, path: str) -> dict:
    """Bytes a reader downloads to open the search page at ``path`` and see its results."""
    from playwright.sync_api import sync_playwright

    server = serve_site(site)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    transfers: list[tuple[str, str, int, int]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()

        def record(response):
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                return
            kind = response.headers.get("content-type", "")
            compressed = len(gzip.compress(body, 6)) if kind.startswith(TEXT_TYPES) else len(body)
            transfers.append((response.url, kind, len(body), compressed))

        page.on("response", record)
        page.goto(url + path)
        page.wait_for_function("() => document.getElementById('ju-search').getAttribute('aria-busy') === 'false'")
        page.wait_for_load_state("networkidle")
        status = page.inner_text("#ju-search-status")
        browser.close()
    server.shutdown()
    return {
        "requests": len(transfers),
        "raw_kb": sum(t[2] for t in transfers) / 1024,
        "gzip_kb": sum(t[3] for t in transfers) / 1024,
        "status": status,
    }


def serve_latency(workdir: Path) -> float:
    """Seconds from saving a content edit to `joinedup serve` serving the changed page."""
    project = workdir / "serve-project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv", ".git", "build", "site", "node_modules", "test-artifacts"))
    port = 8765 + os.getpid() % 1000
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "joinedup"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    page_url = f"http://127.0.0.1:{port}/practice/oxfordshire-joint-housing-team/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(page_url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + 120
        while "Oxfordshire" not in fetch():
            if time.time() > deadline:
                raise SystemExit("serve did not start")
            time.sleep(0.5)
        time.sleep(2)  # let the first build settle before editing
        source = project / "content" / "practice" / "oxfordshire-joint-housing-team.yml"
        marker = f"Edited at {time.time():.0f}"
        source.write_text(source.read_text().replace("title: ", f"title: {marker} ", 1))
        start = time.perf_counter()
        while marker not in fetch():
            if time.perf_counter() - start > 60:
                raise SystemExit("serve did not show the edit within 60 s")
            time.sleep(0.1)
        return time.perf_counter() - start
    finally:
        process.terminate()
        process.wait(timeout=30)


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.platform()}; Python {platform.python_version()}"


def generator_seconds(timings: dict) -> float:
    return sum(timings[s] for s in ("load+validate", "link", "render", "write"))


def report(results: list[dict], plain: dict[int, float], serve: float) -> str:
    by_n = {r["records"]: r for r in results}
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.date.today().isoformat()} with `make bench`. Machine: {machine()}.",
        "",
        "Each size is a synthetic corpus (benchmarks/corpus.py) of that many practice examples beside",
        "the real taxonomies, indicators, lessons, guidance, tools and health pilots, built end to end",
        "in a fresh process. Times are seconds.",
        "",
        "| records | pages | load+validate | link | render | write | MkDocs | Pagefind | total | plain MkDocs | total / plain | peak MB (build / Pagefind) | site MB | practice page median KB | largest synthetic KB | largest KB (page) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        t = r["timings"]
        lines.append(
            f"| {r['records']:,} | {r['pages']:,} | {t['load+validate']:.1f} | {t['link']:.1f} | {t['render']:.1f} | "
            f"{t['write']:.1f} | {t['mkdocs']:.1f} | {t['pagefind']:.1f} | {r['total']:.1f} | {plain[r['records']]:.1f} | "
            f"{r['total'] / plain[r['records']]:.2f} | {r['peak_build_mb']:.0f} / {r['peak_pagefind_mb']:.0f} | "
            f"{r['site_mb']:.1f} | {r['practice_median_kb']:.1f} | {r['synthetic_max_kb']:.1f} | "
            f"{r['practice_max_kb']:.1f} ({r['largest_page']}) |"
        )
    largest = max(by_n)
    share = max(generator_seconds(r["timings"]) / r["timings"]["mkdocs"] for r in results)
    growth = by_n[5000]["total"] / by_n[1000]["total"] if 5000 in by_n and 1000 in by_n else float("nan")
    page_max = max(r["practice_max_kb"] for r in results)
    synthetic_max = max(r["synthetic_max_kb"] for r in results)
    measured = {
        "generator share of the MkDocs stage": share,
        "time(5,000) / time(1,000)": growth,
        "practice page HTML (KB)": page_max,
        "synthetic practice page HTML (KB)": synthetic_max,
        "first search download at 5,000 (KB, gzip)": by_n[largest]["search"]["gzip_kb"],
        "first browse download at 5,000 (KB, gzip)": by_n[largest]["browse"]["gzip_kb"],
        "peak memory at 5,000 (MB)": by_n[largest]["peak_mb"],
        "serve shows an edit (s)": serve,
    }
    search, browse = by_n[largest]["search"], by_n[largest]["browse"]
    lines += [
        "",
        f"First search at {largest:,} records (search page, scripts, styles and index chunks for",
        "`housing support` filtered to one client group, measured in Chromium; text assets counted",
        f"gzip-compressed as a static host serves them): {search['requests']} requests, "
        f"{search['raw_kb']:.0f} KB raw, {search['gzip_kb']:.0f} KB compressed ({search['status']}).",
        f"First browse by the same client group with no words: {browse['requests']} requests, "
        f"{browse['raw_kb']:.0f} KB raw, {browse['gzip_kb']:.0f} KB compressed ({browse['status']}).",
        "The other filter groups start closed; opening one fetches that filter's index.",
        "",
        f"`joinedup serve` on the real content showed an edited practice page {serve:.1f} s after the file was saved.",
        "",
        "## Budgets",
        "",
        "| budget | limit | measured | met |",
        "|---|---|---|---|",
    ]
    for name, limit in BUDGETS.items():
        value = measured[name]
        lines.append(f"| {name} | {limit} | {value:.2f} | {'yes' if value <= limit else 'NO'} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--one", type=int, help="measure one size and print JSON (used internally)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.md")
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure_one(args.one, Path(tmp))))
        return
    results, plain = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for n in args.sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            plain[n] = plain_mkdocs(results[-1]["pages"], workdir)
            print(f"{n:>6} records: total {results[-1]['total']:.1f}s, plain MkDocs {plain[n]:.1f}s", flush=True)
        serve = serve_latency(workdir)
    text = report(results, plain, serve)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
