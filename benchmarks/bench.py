"""Build-time, page-weight, preview and search-cost benchmark: `make bench` (or `python benchmarks/bench.py`).

For each corpus size (1,000, 5,000 and 20,000 practice examples unless ``--sizes`` says
otherwise) it builds a synthetic content folder (benchmarks/corpus.py) end to end in a fresh
process and measures every stage, peak memory (the build's own and Pagefind's), every page's
size raw and compressed, the bytes a reader downloads for a first filtered search and a first
browse (in a real browser), how long `joinedup validate` takes when one file changed, and how
soon `joinedup serve` shows an edit. It also times a plain `mkdocs build` of the same number of
Markdown pages with the same theme. Results, the machine they ran on and the budgets go to
benchmarks/results.md; the exit status is 1 when a budget measured is missed.

`--stages` times only the generator's stages (load+validate, link, render, write), in processor
seconds, at 1,000, 2,000 and 5,000 examples unless ``--sizes`` says otherwise, fits how each
grows with the record count (budget: an exponent of at most 1.1) and times `joinedup validate`
at 5,000 after one file changed (budget: 2 s); results go to benchmarks/stages.md.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import math
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpus import make_corpus  # noqa: E402
from generator.build import Project, build_site, generate  # noqa: E402

SIZES = (1000, 5000, 20000)
# The sizes `--stages` times the generator's stages at: enough points to fit how each grows.
STAGE_SIZES = (1000, 2000, 5000)
# The size at which the editing budgets (validate, preview) and the search budget are judged.
EDITING_SIZE = 5000
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")
# A first search: two words and one filter. A first browse: one filter and no words, as the
# gap map and the topic pages link to it.
FIRST_SEARCH = "/search/?q=housing+support&client_group=Offenders+under+probation+supervision"
FIRST_BROWSE = "/search/?client_group=Offenders+under+probation+supervision"
GENERATOR_STAGES = ("load+validate", "link", "render", "write")
# Listing pages by family: the folder their pages are in (a page of its own: the path).
FAMILIES = {
    "practice index": "practice/index.html",
    "source documents": "sources/",
    "client groups": "client-groups/",
    "themes": "themes/",
    "regions": "regions/",
    "local authority areas": "areas/",
    "journey stages": "journey/",
    "evidence levels": "evidence/",
    "National Indicators": "national-indicators/",
    "tools": "tools/",
}
PAGE_LIMIT_KB = 100
# The synthetic example the editing figures change: in every corpus, never a real record.
EDITED = "synthetic-00007"
# How often Pagefind's processes are looked at for their peak memory.
SAMPLE_SECONDS = 0.2


class PagefindWatch(threading.Thread):
    """Reads the high-water mark of resident memory (VmHWM) of every Pagefind process whose
    output goes under ``folder``, until stopped: one entry per run (per shard), by its output.

    Not RUSAGE_CHILDREN: on Linux a child's peak also counts the memory it shared with the build
    before it became Pagefind, so it reports the build's own size when that is larger (1,453 MB
    at 5,000 examples, where Pagefind's run peaked at 1,079 MB).
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(daemon=True)
        self.folder = str(folder)
        self.peaks: dict[str, float] = {}  # in the order the runs started
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_SECONDS):
            for proc in Path("/proc").iterdir():
                if proc.name.isdigit():
                    self._sample(proc)

    def _sample(self, proc: Path) -> None:
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            if not args[0].endswith(b"pagefind") or b"--output-path" not in args:
                return
            output = args[args.index(b"--output-path") + 1].decode()
            if not output.startswith(self.folder):
                return
            status = (proc / "status").read_text()
        except (OSError, IndexError):  # the process ended meanwhile
            return
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                self.peaks[output] = int(line.split()[1]) / 1024


def measure_one(records: int, workdir: Path, editing: bool) -> dict:
    """Build a corpus of ``records`` examples; runs in its own process for a clean peak memory."""
    content = make_corpus(workdir, records)
    project = Project.at(REPO, content_dir=content, build_dir=workdir / "build", site_dir=workdir / "site")
    watch = PagefindWatch(workdir)
    watch.start()
    start = time.perf_counter()
    report = build_site(project)
    total = time.perf_counter() - start
    watch.stopped.set()
    watch.join()
    if not report.ok:
        raise SystemExit(f"build failed: {[str(p) for p in report.problems[:5]]} {report.messages[:5]}")
    # Peak memory of the build itself: this process (everything but Pagefind) and Pagefind's
    # largest run (a large site is indexed by one run per shard).
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = max(watch.peaks.values())
    site = workdir / "site"
    result = {
        "records": records,
        "timings": report.timings,
        "total": total,
        "peak_build_mb": peak_self,
        "peak_pagefind_mb": peak_children,
        "peak_mb": max(peak_self, peak_children),
        "site_mb": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6,
        **page_sizes(site),
        "search": first_search_bytes(site, FIRST_SEARCH),
        "browse": first_search_bytes(site, FIRST_BROWSE),
    }
    result["validate_s"], result["validate_processor_s"] = validate_after_one_edit(content, workdir / "build")
    if editing:
        result["preview_s"] = preview_latency(content, workdir / "preview-build")
    return result


def page_sizes(site: Path) -> dict:
    """Every HTML page's size: the largest raw and compressed, those over the limit, and by family."""
    pages = []
    for path in site.rglob("*.html"):
        raw = path.read_bytes()
        pages.append((path.relative_to(site).as_posix(), len(raw) / 1024, len(gzip.compress(raw, 6)) / 1024))
    largest = max(pages, key=lambda p: p[1])
    heaviest = max(pages, key=lambda p: p[2])
    families = {}
    for family, where in FAMILIES.items():
        members = [p for p in pages if p[0] == where or (where.endswith("/") and p[0].startswith(where))]
        if members:
            top = max(members, key=lambda p: p[1])
            families[family] = {"pages": len(members), "largest": top[0], "raw_kb": top[1], "gzip_kb": top[2]}
    practice = [p for p in pages if p[0].startswith("practice/") and p[0].count("/") == 2]
    return {
        "pages": len(pages),
        "largest_page": {"path": largest[0], "raw_kb": largest[1], "gzip_kb": largest[2]},
        "heaviest_page": {"path": heaviest[0], "raw_kb": heaviest[1], "gzip_kb": heaviest[2]},
        "over_limit": sorted((p[0] for p in pages if p[1] >= PAGE_LIMIT_KB)),
        "families": families,
        "practice_max_kb": max(p[1] for p in practice),
    }


def validate_after_one_edit(content: Path, build_dir: Path) -> tuple[float, float]:
    """Seconds `joinedup validate` takes after one example changed (the build left its cache),
    elapsed and of processor time."""
    joinedup = str(Path(sys.executable).parent / "joinedup")
    command = [joinedup, "validate", "--content", str(content), "--build-dir", str(build_dir)]
    subprocess.run(command, capture_output=True, check=True)  # as after the last commit
    edit_title(content / "practice" / f"{EDITED}.yml", "Checked again")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def measure_stages(records: int, workdir: Path) -> dict:
    """The generator's stages alone (no MkDocs, no Pagefind) on a corpus of ``records``, and at
    the editing size `joinedup validate` after one edit; runs in its own process."""
    content = make_corpus(workdir, records)
    project = Project.at(REPO, content_dir=content, build_dir=workdir / "build", site_dir=workdir / "site")
    report = generate(project)
    if not report.ok:
        raise SystemExit(f"generation failed: {[str(p) for p in report.problems[:5]]} {report.messages[:5]}")
    result = {"records": records, "timings": report.timings, "processor": report.processor_timings}
    if records == EDITING_SIZE:
        result["validate_s"], result["validate_processor_s"] = validate_after_one_edit(content, project.build_dir)
    return result


def stages_report(results: list[dict], before: dict) -> tuple[str, bool]:
    """Each stage's processor seconds and per-record cost by size, and how each grows."""
    lines = [
        "# Generator stages by corpus size",
        "",
        f"Run on {datetime.date.today().isoformat()} with `python benchmarks/bench.py --stages --sizes "
        f"{','.join(str(r['records']) for r in results)}` on {describe(before)}.",
        "",
        "Processor seconds of each stage of a first generation (load and validate, link, render,",
        "write the docs folder; no MkDocs), in a fresh process per size, with milliseconds per",
        "record in brackets. The growth exponent is the slope of log time against log records",
        "fitted over every size: 1 is linear, 2 quadratic.",
        "",
        "| records | " + " | ".join(GENERATOR_STAGES) + " | total |",
        "|---|" + "---|" * (len(GENERATOR_STAGES) + 1),
    ]
    for r in results:
        cells = [r["processor"][stage] for stage in GENERATOR_STAGES]
        cells.append(sum(cells))
        lines.append(f"| {r['records']:,} | " + " | ".join(
            f"{seconds:.1f} ({seconds / r['records'] * 1000:.2f})" for seconds in cells) + " |")
    fits = [exponent(results, lambda r, stage=stage: r["processor"][stage]) for stage in GENERATOR_STAGES]
    fits.append(exponent(results, lambda r: sum(r["processor"][stage] for stage in GENERATOR_STAGES)))
    lines.append("| growth exponent | " + " | ".join("n/a" if f is None else f"{f:.2f}" for f in fits) + " |")
    all_met = all(f is None or f <= 1.1 for f in fits)
    edit = next((r for r in results if "validate_s" in r), None)
    lines.append("")
    if edit:
        met = edit["validate_s"] <= 2
        all_met = all_met and met
        lines.append(f"`joinedup validate` at {edit['records']:,} after one file changed: {edit['validate_s']:.2f} s "
                     f"({edit['validate_processor_s']:.2f} s of processor time); budget 2 s: {'met' if met else 'NOT met'}.")
    lines.append(f"Budget: every stage's exponent at most 1.1: {'met' if all(f is None or f <= 1.1 for f in fits) else 'NOT met'}.")
    return "\n".join(lines) + "\n", all_met


def edit_title(source: Path, marker: str) -> None:
    source.write_text(source.read_text(encoding="utf-8").replace("title: ", f"title: {marker} ", 1), encoding="utf-8")


def preview_latency(content: Path, build_dir: Path, edits: int = 3) -> list[float]:
    """Seconds from saving an edit to `joinedup serve` serving the changed page, per edit."""
    port = 8765 + os.getpid() % 1000
    joinedup = str(Path(sys.executable).parent / "joinedup")
    process = subprocess.Popen(
        [joinedup, "serve", "--content", str(content), "--build-dir", str(build_dir), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        # its own process group, so that stopping it also stops the search indexing it runs
        start_new_session=True,
    )
    page_url = f"http://127.0.0.1:{port}/practice/{EDITED}/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(page_url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + 1800
        while EDITED not in fetch():
            if time.time() > deadline:
                raise SystemExit("serve did not start")
            time.sleep(0.5)
        seconds = []
        for edit in range(edits):
            time.sleep(3)  # let the last build (and its search indexing) settle
            marker = f"Edited {edit} at {time.time():.0f}"
            edit_title(content / "practice" / f"{EDITED}.yml", marker)
            start = time.perf_counter()
            while marker not in fetch():
                if time.perf_counter() - start > 120:
                    raise SystemExit("serve did not show the edit within 120 s")
                time.sleep(0.05)
            seconds.append(time.perf_counter() - start)
        return seconds
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


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
    shutil.rmtree(docs, ignore_errors=True)
    shutil.rmtree(workdir / "plain-site", ignore_errors=True)
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
        page.wait_for_function("() => document.getElementById('ju-search').getAttribute('aria-busy') === 'false'",
                               timeout=120_000)
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


def machine() -> dict:
    """The processor, cores, memory and how busy the machine is (figures depend on all four)."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = {}
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("MemTotal", "MemAvailable"):
                memory[name] = int(value.split()[0]) / 1024 / 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load": os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3,
        "memory_gib": memory.get("MemTotal", float("nan")),
        "available_gib": memory.get("MemAvailable", float("nan")),
        "platform": f"{platform.platform()}; Python {platform.python_version()}",
    }


def describe(m: dict) -> str:
    load = ", ".join(f"{x:.1f}" for x in m["load"])
    return (f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']:.0f} GiB RAM ({m['available_gib']:.1f} GiB available), "
            f"load average {load} (1, 5, 15 min); {m['platform']}")


def exponent(results: list[dict], seconds) -> float | None:
    """How a time grows with the record count over the sizes run: 1 is linear, 2 quadratic
    (the least-squares slope of log time against log records)."""
    points = [(math.log(r["records"]), math.log(seconds(r))) for r in results if seconds(r) > 0]
    if len(points) < 2 or len(points) < len(results):
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else None


def budgets(results: list[dict]) -> list[tuple[str, str, float | None, bool | None]]:
    """(budget, limit, measured, met): met is None where the sizes run cannot tell."""
    by_n = {r["records"]: r for r in results}
    edit = by_n.get(EDITING_SIZE)
    rows: list[tuple[str, str, float | None, bool | None]] = []
    for r in results:
        worst = r["largest_page"]["raw_kb"]
        rows.append((f"every HTML page under {PAGE_LIMIT_KB} KB raw at {r['records']:,} "
                     f"(largest: {r['largest_page']['path']}; {len(r['over_limit'])} over)",
                     f"< {PAGE_LIMIT_KB}", worst, worst < PAGE_LIMIT_KB))
    ratio = by_n[20000]["total"] / by_n[5000]["total"] if 20000 in by_n and 5000 in by_n else None
    rows.append(("build time(20,000) / time(5,000)", "<= 4.4", ratio, None if ratio is None else ratio <= 4.4))
    peak = by_n[20000]["peak_mb"] if 20000 in by_n else None
    rows.append(("peak memory at 20,000 (MB, build or Pagefind)", "< 2048", peak, None if peak is None else peak < 2048))
    preview = max(edit["preview_s"]) if edit and "preview_s" in edit else None
    rows.append((f"preview shows an edit at {EDITING_SIZE:,} (s, slowest of three)", "<= 3", preview,
                 None if preview is None else preview <= 3))
    search = edit["search"]["gzip_kb"] if edit else None
    rows.append((f"first search download at {EDITING_SIZE:,} (KB, gzip)", "< 350", search,
                 None if search is None else search < 350))
    validate = edit["validate_s"] if edit else None
    rows.append((f"joinedup validate at {EDITING_SIZE:,}, one file changed (s)", "<= 2", validate,
                 None if validate is None else validate <= 2))
    for stage in GENERATOR_STAGES:
        fit = exponent(results, lambda r: r["timings"][stage])
        rows.append((f"{stage} stage: growth exponent over the sizes run", "<= 1.1", fit, None if fit is None else fit <= 1.1))
    return rows


def report(results: list[dict], plain: dict[int, float], before: dict, after: dict, not_run: list[int]) -> tuple[str, bool]:
    lines = [
        "# Benchmark results",
        "",
        f"Run on {datetime.date.today().isoformat()} with `python benchmarks/bench.py --sizes "
        f"{','.join(str(r['records']) for r in results)}`.",
        "",
        f"Machine at the start: {describe(before)}.",
        f"At the end: load average {', '.join(f'{x:.1f}' for x in after['load'])}, "
        f"{after['available_gib']:.1f} GiB available.",
        "Times depend on the load: the machine is shared, and a load average above its core count",
        "means every stage waited for a processor part of the time.",
        "",
    ]
    if not_run:
        lines += [f"Not run this time: {', '.join(f'{n:,}' for n in not_run)} examples; the budgets that need "
                  "them say 'not measured'.", ""]
    lines += [
        "Each size is a synthetic corpus (benchmarks/corpus.py) of that many practice examples beside",
        "the real taxonomies, indicators, lessons, guidance, tools and health pilots, built end to end",
        "in a fresh process. Times are seconds.",
        "",
        "| records | pages | load+validate | link | render | write | MkDocs | tidy | Pagefind | full build | plain MkDocs | build / plain | peak MB (build / Pagefind) | site MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        t = r["timings"]
        lines.append(
            f"| {r['records']:,} | {r['pages']:,} | {t['load+validate']:.1f} | {t['link']:.1f} | {t['render']:.1f} | "
            f"{t['write']:.1f} | {t['mkdocs']:.1f} | {t.get('tidy', 0):.1f} | {t['pagefind']:.1f} | {r['total']:.1f} | "
            f"{plain[r['records']]:.1f} | {r['total'] / plain[r['records']]:.2f} | "
            f"{r['peak_build_mb']:.0f} / {r['peak_pagefind_mb']:.0f} | {r['site_mb']:.1f} |"
        )
    lines += [
        "",
        "## Page weight",
        "",
        "| records | largest page (raw) | heaviest page (gzip) | pages over 100 KB | largest practice page KB |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        big, heavy = r["largest_page"], r["heaviest_page"]
        lines.append(f"| {r['records']:,} | {big['path']}: {big['raw_kb']:.0f} KB ({big['gzip_kb']:.0f} KB gzip) | "
                     f"{heavy['path']}: {heavy['raw_kb']:.0f} KB ({heavy['gzip_kb']:.0f} KB gzip) | "
                     f"{len(r['over_limit'])} | {r['practice_max_kb']:.1f} |")
    lines += ["", "Largest listing page by family, raw KB (gzip KB):", "",
              "| family | " + " | ".join(f"{r['records']:,}" for r in results) + " |",
              "|---|" + "---|" * len(results)]
    for family in FAMILIES:
        cells = []
        for r in results:
            f = r["families"].get(family)
            cells.append(f"{f['raw_kb']:.0f} ({f['gzip_kb']:.0f}), {f['pages']} pages" if f else "none")
        lines.append(f"| {family} | " + " | ".join(cells) + " |")
    lines += ["", "## Editing and search", "",
              "| records | validate, one file changed (s) | preview shows an edit (s, three edits) | first search KB gzip (requests, results) | first browse KB gzip |",
              "|---|---|---|---|---|"]
    for r in results:
        preview = ", ".join(f"{s:.1f}" for s in r["preview_s"]) if "preview_s" in r else "not measured"
        search, browse = r["search"], r["browse"]
        lines.append(f"| {r['records']:,} | {r['validate_s']:.2f} | {preview} | {search['gzip_kb']:.0f} "
                     f"({search['requests']}, {search['status']}) | {browse['gzip_kb']:.0f} |")
    lines += [
        "",
        "The preview is `joinedup serve` on the corpus: the time from saving a changed title to the",
        "changed page being served. The first search is the search page, scripts, styles and index",
        "chunks for `housing support` filtered to one client group, in Chromium, text counted",
        "gzip-compressed as a static host serves it; the first browse is the same filter with no words.",
        "",
        "## Budgets",
        "",
        "| budget | limit | measured | met |",
        "|---|---|---|---|",
    ]
    all_met = True
    for name, limit, value, met in budgets(results):
        shown = "not measured" if value is None else f"{value:.2f}"
        verdict = "not measured" if met is None else ("yes" if met else "NO")
        all_met = all_met and met is not False
        lines.append(f"| {name} | {limit} | {shown} | {verdict} |")
    return "\n".join(lines) + "\n", all_met


def sizes_option(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("give sizes as whole numbers separated by commas, e.g. 1000,5000")
    return sizes


def stages(sizes: list[int], out: Path) -> None:
    """`--stages`: each size's stages in a fresh process, then the report (exit 1 on a miss)."""
    before = machine()
    results = []
    for n in sizes:
        run = subprocess.run([sys.executable, __file__, "--stages", "--one", str(n)],
                             check=True, capture_output=True, text=True)
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
        seconds = ", ".join(f"{stage} {results[-1]['processor'][stage]:.1f}" for stage in GENERATOR_STAGES)
        print(f"{n:>6} records: {seconds} s of processor time", flush=True)
    text, all_met = stages_report(results, before)
    out.write_text(text)
    print(text)
    if not all_met:
        print("a budget was missed (see 'NOT met' above)", file=sys.stderr)
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--one", type=int, help="measure one size and print JSON (used internally)")
    parser.add_argument("--stages", action="store_true",
                        help="time the generator's stages only (default sizes 1000,2000,5000) and fit how each grows")
    parser.add_argument("--sizes", type=sizes_option,
                        help="corpus sizes to run, comma-separated (default: 1000,5000,20000)")
    parser.add_argument("--out", type=Path, help="where the results go (default: benchmarks/results.md, "
                        "or benchmarks/stages.md with --stages)")
    args = parser.parse_args()
    if args.one:
        # a corpus of 20,000 is gigabytes: what cannot be removed is left, not the figures lost
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
            measure = measure_stages(args.one, Path(tmp)) if args.stages else measure_one(
                args.one, Path(tmp), editing=args.one == EDITING_SIZE)
            print(json.dumps(measure))
        return
    if args.stages:
        stages(args.sizes or list(STAGE_SIZES), args.out or REPO / "benchmarks" / "stages.md")
        return
    args.sizes = args.sizes or list(SIZES)
    args.out = args.out or REPO / "benchmarks" / "results.md"
    before = machine()
    results, plain = [], {}
    # every size's figures as soon as they are measured: a long run stopped part way keeps them
    measured = args.out.with_suffix(".json")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True)
            if out.returncode != 0:
                # the figures of the sizes before stay in results.json; say why this one stopped
                raise SystemExit(f"the {n:,}-record run failed:\n{out.stderr[-3000:]}")
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            plain[n] = plain_mkdocs(results[-1]["pages"], Path(tmp))
            measured.write_text(json.dumps({"machine": before, "results": results, "plain": plain}, indent=1))
            print(f"{n:>6} records: full build {results[-1]['total']:.1f} s, plain MkDocs {plain[n]:.1f} s", flush=True)
    text, all_met = report(results, plain, before, machine(), [n for n in SIZES if n not in args.sizes])
    args.out.write_text(text)
    print(text)
    if not all_met:
        print("a budget was missed (see 'NO' above)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
