"""A hostile build probed in Chromium: one page of every kind, with payloads planted in every
free-text field and every hand-written page (tests/test_security.py's hostile_site). Any script
that runs from content, any request to another origin and any Content-Security-Policy
violation fails the test."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tests.test_security import hostile_content, hostile_site  # noqa: F401  (fixtures)

# Records a violation the moment it happens, before any page script could hide it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path):  # noqa: F811
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(hostile_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def one_page_of_every_kind(site: Path) -> list[str]:
    """The home page, 404, each top-level section's index and its first page below it."""
    paths = ["", "404.html"]
    for section in sorted(p for p in site.iterdir() if p.is_dir() and (p / "index.html").is_file()):
        paths.append(f"{section.name}/")
        below = sorted(p.parent for p in section.glob("*/index.html"))
        if below:
            paths.append(f"{section.name}/{below[0].name}/")
    return paths


def test_no_script_runs_no_request_leaves_and_no_policy_is_violated_on_any_page_kind(
    browser, hostile_site: Path, hostile_url: str  # noqa: F811
):
    paths = one_page_of_every_kind(hostile_site)
    assert {"practice/", "lessons/", "indicators/", "national-indicators/", "baselines/", "guidance/", "tools/",
            "themes/", "client-groups/", "about/", "accessibility/", "gaps/", "search/", "submit/"} <= set(paths)
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    findings: list[str] = []
    context.on("dialog", lambda dialog: (findings.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    context.on(
        "request",
        lambda request: None if request.url.startswith((hostile_url, "data:", "blob:"))
        else findings.append(f"request to another origin: {request.url}"),
    )
    tab = context.new_page()
    tab.on("console", lambda message: findings.append(f"console: {message.text}")
           if "Content Security Policy" in message.text or "xss" in message.text else None)
    tab.on("pageerror", lambda error: findings.append(f"page error: {error}"))
    for path in paths:
        tab.goto(f"{hostile_url}/{path}", wait_until="load")
        # Point at and focus everything content could have given a handler.
        tab.evaluate("""() => document.querySelectorAll("article *").forEach((element) => {
            for (const type of ["mouseover", "mouseenter", "focus"]) element.dispatchEvent(new Event(type));
        })""")
        if path == "search/":
            tab.fill("#ju-search-input", "housing")
            tab.wait_for_function("document.getElementById('ju-search').getAttribute('aria-busy') === 'false'"
                                  " && Number(document.getElementById('ju-search').dataset.runs) > 0")
        findings += [f"{path}: CSP {v}" for v in tab.evaluate("window.__violations")]
    context.close()
    assert findings == []


def test_every_page_carries_the_policy_and_the_referrer_rule(hostile_site: Path):  # noqa: F811
    from bs4 import BeautifulSoup

    missing = []
    for page in sorted(hostile_site.rglob("*.html")):
        head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
        policy = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        referrer = head.find("meta", attrs={"name": "referrer"})
        where = page.relative_to(hostile_site).as_posix()
        if policy is None or referrer is None or referrer["content"] != "strict-origin-when-cross-origin":
            missing.append(where)
            continue
        directives = dict(part.strip().split(" ", 1) for part in policy["content"].split(";"))
        if (directives["script-src"] != "'self' 'wasm-unsafe-eval'" or directives["object-src"] != "'none'"
                or directives["base-uri"] != "'self'" or directives["form-action"] != "'self'"):
            missing.append(f"{where}: {policy['content']}")
        # The policy must come before anything it governs.
        if head.find("script") is not None and head.find("script").sourceline < policy.sourceline:
            missing.append(f"{where}: a script before the policy")
    assert missing == []
