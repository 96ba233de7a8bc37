"""Lighthouse scores per page kind on a phone: `make bench` (or `python benchmarks/lighthouse.py`).

Builds the real content, serves it as a static host does (text gzip-compressed), and runs
Lighthouse from npm (tests/browser) on Debian's Chromium over one page of every kind that the
browser tests check, with Lighthouse's default mobile emulation and simulated slow-4G
throttling. Writes the four category scores, the page-speed metrics and every failed audit to
benchmarks/lighthouse.md, and exits non-zero when a budget is missed: performance 95 or more,
accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench import machine  # noqa: E402
from generator.build import Project, build_site  # noqa: E402
from tests.browser.test_accessibility import PAGE_KINDS  # noqa: E402

# The pages a board builds in the browser, beside the page kinds the accessibility tests check:
# a fresh visitor's empty shortlist and a comparison opened from a shared link.
PAGES = {
    **PAGE_KINDS,
    "shortlist": "/shortlist/",
    "compare": "/compare/?ids=oxfordshire-joint-housing-team,lambeth-southwark-hiv-outreach",
}
LIGHTHOUSE = REPO / "tests" / "browser" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host does: text gzip-compressed when the browser accepts it."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()  # a folder without its slash (a redirect), or a 404
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        compress = kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(url: str, out: Path) -> dict:
    """One Lighthouse run of ``url`` (mobile, simulated throttling): its JSON report."""
    subprocess.run(
        [
            str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic",
        ],
        check=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(reports: list[dict]) -> dict:
    """Median scores and metrics over the runs of one page, and what failed in any of them."""
    scores = {c: statistics.median(round(r["categories"][c]["score"] * 100) for r in reports) for c in CATEGORIES}
    metrics = {m: statistics.median(r["audits"][m]["numericValue"] for r in reports) for m in METRICS}
    failed = set()
    for r in reports:
        for category in ("accessibility", "best-practices", "seo"):
            for ref in r["categories"][category]["auditRefs"]:
                result = r["audits"][ref["id"]]
                if ref["weight"] and result["scoreDisplayMode"] == "binary" and result["score"] != 1:
                    failed.add(ref["id"])
    return {"scores": scores, "metrics": metrics, "failed": sorted(failed)}


def report(results: dict[str, dict], runs: int, load_before: float) -> tuple[str, list[str]]:
    misses = [
        f"{kind}: {category} {summary['scores'][category]} < {limit}"
        for kind, summary in results.items()
        for category, limit in BUDGETS.items()
        if summary["scores"][category] < limit
    ]
    lines = [
        "# Lighthouse results",
        "",
        f"Run on {datetime.date.today().isoformat()} with `make bench` (`benchmarks/lighthouse.py`). "
        f"Machine: {machine()}; load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        "(total blocking time, and so the performance score, rises when other work shares the processor).",
        "",
        "One page of each kind from the real content, served as a static host serves it (text",
        "gzip-compressed), audited by Lighthouse with its default mobile emulation and simulated",
        f"slow-4G throttling on Debian's Chromium; the median of {runs} run{'s' if runs > 1 else ''} per page.",
        "FCP, LCP and SI in seconds, TBT in milliseconds.",
        "",
        "| page kind | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS | SI | failed audits |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind, s in results.items():
        m = s["metrics"]
        lines.append(
            f"| {kind} | {s['scores']['performance']} | {s['scores']['accessibility']} | "
            f"{s['scores']['best-practices']} | {s['scores']['seo']} | "
            f"{m['first-contentful-paint'] / 1000:.1f} | {m['largest-contentful-paint'] / 1000:.1f} | "
            f"{m['total-blocking-time']:.0f} | {m['cumulative-layout-shift']:.3f} | {m['speed-index'] / 1000:.1f} | "
            f"{', '.join(s['failed']) or 'none'} |"
        )
    lines += [
        "",
        "## Budgets",
        "",
        "Performance 95 or more, accessibility, best practices and SEO 100, on every page kind: "
        + ("all met." if not misses else "missed: " + "; ".join(misses) + "."),
        "",
    ]
    return "\n".join(lines), misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is kept)")
    parser.add_argument("--kinds", nargs="*", choices=list(PAGES), help="only these page kinds")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "lighthouse.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make bench` (npm ci in tests/browser)")
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        built = build_site(Project.at(REPO, build_dir=work / "build", site_dir=work / "site"))
        if not built.ok:
            sys.exit("the real content does not build: run `joinedup build` to see why")
        server = serve(work / "site")
        base = f"http://127.0.0.1:{server.server_address[1]}"
        results = {}
        try:
            for kind in args.kinds or PAGES:
                reports = [audit(base + PAGES[kind], work / f"{kind}-{i}.json") for i in range(args.runs)]
                results[kind] = summarise(reports)
                print(kind, results[kind]["scores"], flush=True)
        finally:
            server.shutdown()
    text, misses = report(results, args.runs, load_before)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    if misses:
        sys.exit("budgets missed: " + "; ".join(misses))


if __name__ == "__main__":
    main()
