"""Live preview, an edge like build.py: the site as it will be published, rebuilt as you edit.

    content/ --a save--> generate (only the pages the edit touched) --> build/docs/
    build/docs/ --MkDocs' page steps for only the pages rewritten--> build/preview/
    browsers reload; Pagefind re-indexes build/preview/ in the background

One save makes one regeneration: only writes, creations, deletions and moves under content/
count, never the reads the generator itself makes. A regeneration that finds problems keeps the
last good pages and shows the problems on every page, as well as in the terminal.

The preview has a small server of its own rather than ``mkdocs serve``, which stats every page
twice a second for ever (busy at thousands of pages even when nothing changes) and reloads
browsers with an inline script the site's Content-Security-Policy refuses.
"""

from __future__ import annotations

import gc
import html
import http.server
import json
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from watchdog.events import (
    FileClosedEvent, FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from .build import (
    BuildReport, Checked, Generated, PageBuilder, Project, check, generate, run_mkdocs, run_pagefind, write_pages,
)
from .link.edited import edited_practice, relink_edited
from .problems import Problem, errors
from .render import render_own_pages
from .superseded import Superseded
from .render.urls import page_url

DEBOUNCE_SECONDS = 0.3
# Events that mean a file under content/ may have new content; opening and closing a file
# without writing (as every regeneration does) are not among them. Only these are asked of the
# system: told of every read, the watcher's thread would handle thousands of events per
# regeneration at thousands of examples, and slow the check of the next edit by taking turns
# with it.
CHANGE_EVENTS = {"created", "modified", "deleted", "moved", "closed"}
WATCHED_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent]
# How long a browser's request for news waits before it is answered anyway.
POLL_SECONDS = 30
PREVIEW_FILES = Path(__file__).parent / "preview"
PREVIEW_PATH = "/__preview__/"


class ContentWatcher(FileSystemEventHandler):
    """Calls ``changed`` once per burst of changes under content/ (editors save in several steps)."""

    def __init__(self, changed: Callable[[], None]) -> None:
        self.changed = changed
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGE_EVENTS:
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.changed)
            self.timer.daemon = True
            self.timer.start()


def watch_content(project: Project, changed: Callable[[], None]) -> Observer:
    """Start watching content/ (by the system's file notifications: nothing runs while idle)."""
    observer = Observer()
    observer.schedule(ContentWatcher(changed), str(project.content_dir), recursive=True, event_filter=WATCHED_EVENTS)
    observer.daemon = True
    observer.start()
    return observer


@dataclass
class PreviewState:
    """What browsers see: a version that grows with each rebuild, and the last problems.

    Each version remembers the pages it rebuilt, so that an open page reloads only when its own
    text (or the problems every page shows) changed: the edited page is shown first and the
    rest of the site follows, and a page that did not change is not reloaded under its reader.
    """

    version: int = 0
    problems: list[Problem] = field(default_factory=list)
    failure: str = ""
    news: threading.Condition = field(default_factory=threading.Condition)
    # the site addresses ("/practice/x/") each version rebuilt, oldest first; None: every page
    rebuilt: list[frozenset[str] | None] = field(default_factory=list)

    def publish(self, problems: list[Problem], failure: str, docs_paths: list[str] | None = None) -> None:
        """A new version; ``docs_paths`` are the pages it rebuilt (None: it may change any)."""
        with self.news:
            every = docs_paths is None or (problems, failure) != (self.problems, self.failure)
            self.version += 1
            self.rebuilt.append(None if every else frozenset("/" + page_url(p) for p in docs_paths if p.endswith(".md")))
            self.problems, self.failure = problems, failure
            self.news.notify_all()

    def changed_since(self, since: int, address: str | None) -> bool:
        """Whether a version after ``since`` rebuilt the page at ``address`` (None: any page)."""
        later = self.rebuilt[max(since, 0):]
        return any(pages is None or address is None or address in pages for pages in later)

    def wait_for_news(self, since: int, address: str | None = None, timeout: float = POLL_SECONDS) -> tuple[int, bool]:
        """The newest version, and whether the page at ``address`` changed after ``since``;
        waits until it did, or for ``timeout`` seconds."""
        with self.news:
            self.news.wait_for(lambda: self.changed_since(since, address), timeout=timeout)
            return self.version, self.changed_since(since, address)


class Preview:
    """Regenerates and rebuilds the preview, one change at a time, in a worker thread.

    After a save that changed only practice examples, their own pages are made, built and shown
    first, within a second or two at thousands of examples (see ``link.edited``); then the
    whole site is linked and rendered again and the other pages that changed follow. A newer
    save gives up that second step: the next rebuild covers both saves.
    """

    def __init__(self, project: Project, address: str, report: Callable[[BuildReport], None]) -> None:
        self.project = project
        self.site_dir = project.build_dir / "preview"
        self.address = address
        self.report = report
        self.state = PreviewState()
        self.last: Generated | None = None
        # pages written into build/docs/ or removed from it but not yet built (a failed build
        # leaves them for the next)
        self.unbuilt: set[str] = set()
        self.gone: set[str] = set()
        # pages shown first since the last whole regeneration, which that one must check again:
        # it reuses the texts of pages it did not make, which may no longer be what is written
        self.shown_first: set[str] = set()
        self.pages: PageBuilder | None = None
        self.wanted = threading.Event()
        self.search_wanted = threading.Event()

    def start(self) -> None:
        """Build the whole preview once, then keep it up to date."""
        self.rebuild()
        threading.Thread(target=self._work, args=(self.wanted, self.rebuild), daemon=True).start()
        threading.Thread(target=self._work, args=(self.search_wanted, self.reindex), daemon=True).start()

    def content_changed(self) -> None:
        self.wanted.set()

    @staticmethod
    def _work(wanted: threading.Event, job: Callable[[], None]) -> None:
        while True:
            wanted.wait()
            wanted.clear()
            job()

    def rebuild(self) -> None:
        checked = None
        if self.last is not None and self.pages is not None:
            checked = check(self.project, self.last)
            edited = None if errors(checked.problems) else edited_practice(self.last.catalogue.content, checked.content)
            if edited:
                self._show_edited_first(checked, edited)
                if self.wanted.is_set():
                    return  # a newer save is waiting: its rebuild covers this one
        self._regenerate(checked)

    def _show_edited_first(self, checked: Checked, edited: list) -> None:
        """Make, write and build the edited examples' own pages alone, and show them."""
        catalogue = relink_edited(self.last.catalogue, checked.content, edited)  # type: ignore[union-attr]
        written = write_pages(render_own_pages(catalogue, edited), self.project.docs_dir)
        self.shown_first |= set(written)
        self.unbuilt |= set(written)
        try:
            messages = self.pages.build(written, site_templates=False)  # type: ignore[union-attr]
        except Exception:  # the whole regeneration that follows builds them again, and reports
            return
        if any(not m.startswith("WARNING") for m in messages):
            return
        self.unbuilt -= set(written)
        self.state.publish(sorted(checked.problems + _warnings(messages)), "", written)

    def _regenerate(self, checked: Checked | None) -> None:
        # What the last regeneration left (its pages, MkDocs' files and navigation) is frozen
        # out of the cycle collector's sight while the next edit is checked and shown first
        # (walking it at every collection took longer than the rest of that step at thousands
        # of examples). Some of it may be garbage only the collector can free (MkDocs' pages
        # and navigation point at each other), so it is thawed, and collected before it is
        # frozen again, unless a newer save is waiting: it comes back here soon enough.
        gc.unfreeze()
        try:
            self._regenerate_thawed(checked)
        finally:
            if not self.wanted.is_set():
                gc.collect()
            gc.freeze()

    def _regenerate_thawed(self, checked: Checked | None) -> None:
        first = self.last is None
        try:
            result = generate(self.project, previous=self.last, checked=checked, superseded=self.wanted.is_set)
        except Superseded:
            return
        problems, failure = list(result.problems), ""
        if result.ok:
            address = f"http://{self.address}/"
            texts = result.generated.rendered.texts
            rewritten = write_pages({p: texts[p] for p in self.shown_first if p in texts}, self.project.docs_dir)
            self.gone = (self.gone - set(result.written_pages)) | set(result.removed_pages)
            self.unbuilt = (self.unbuilt | set(result.written_pages) | set(rewritten)) - self.gone
            built = sorted(self.unbuilt | self.gone)
            try:
                if first:
                    messages = run_mkdocs(self.project, self.site_dir, site_url=address, strict=False)
                    self.pages = PageBuilder(self.project, self.site_dir, site_url=address)
                    self.pages.prepare()
                else:
                    messages = self.pages.build(sorted(self.unbuilt), sorted(self.gone), superseded=self.wanted.is_set)
            except Superseded:
                # build/docs holds this generation: the next starts from it, and builds what
                # this one left unbuilt
                self.last = result.generated
                self.shown_first.clear()
                return
            except Exception as exc:  # a page MkDocs cannot build must not stop the preview
                self.pages = PageBuilder(self.project, self.site_dir, site_url=address)
                messages = [f"ERROR: {type(exc).__name__}: {exc}"]
            errors_found = [m for m in messages if not m.startswith("WARNING")]
            # the preview's builds are never strict: warnings are shown, the full build refuses them
            problems += _warnings(messages)
            if errors_found:
                result.messages, result.failed_stage = errors_found, "mkdocs"
                failure = "MkDocs could not build the pages: " + "; ".join(errors_found)
            else:
                self.last = result.generated
                self._remove_pages(sorted(self.gone))
                self.unbuilt.clear()
                self.gone.clear()
                self.shown_first.clear()
                self.search_wanted.set()
            self.state.publish(sorted(problems), failure, None if first or failure else built)
        else:
            failure = "; ".join(result.messages)
            self.state.publish(sorted(problems), failure)
        self.report(result)

    def _remove_pages(self, docs_paths: list[str]) -> None:
        """A build of some pages never deletes: take away the pages and files of records that are gone."""
        for docs_path in docs_paths:
            built = self.site_dir / (page_url(docs_path) + "index.html" if docs_path.endswith(".md") else docs_path)
            built.unlink(missing_ok=True)
            if built.parent.is_dir() and not any(built.parent.iterdir()):
                built.parent.rmdir()

    def reindex(self) -> None:
        """Index the preview for search into a new folder, then swap it in."""
        fresh, old = self.site_dir / ".pagefind-new", self.site_dir / ".pagefind-old"
        shutil.rmtree(fresh, ignore_errors=True)
        if run_pagefind(self.site_dir, output=fresh, background=True):
            return  # the last index stays; the build's own report names any real problem
        shutil.rmtree(old, ignore_errors=True)
        current = self.site_dir / "pagefind"
        if current.exists():
            current.rename(old)
        fresh.rename(current)
        shutil.rmtree(old, ignore_errors=True)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the preview folder; every HTML page gets the reload script and the problems."""

    preview: Preview

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(self.preview.site_dir), **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal is for problems in the content, not for every request

    def list_directory(self, path):  # type: ignore[override]
        self.send_error(404)  # a folder without a page is not a page
        return None

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == PREVIEW_PATH + "news":
            query = parse_qs(url.query)
            since = int((query.get("since") or ["0"])[0] or 0)
            version, changed = self.preview.state.wait_for_news(since, (query.get("page") or [None])[0])
            self._send(json.dumps({"version": version, "reload": changed}).encode(), "application/json")
            return
        if url.path.startswith(PREVIEW_PATH):
            name = url.path[len(PREVIEW_PATH):]
            asset = PREVIEW_FILES / name
            if "/" in name or not asset.is_file():
                self.send_error(404)
                return
            kind = "text/javascript" if name.endswith(".js") else "text/css"
            self._send(asset.read_bytes(), kind)
            return
        target = Path(self.translate_path(url.path))
        if target.is_dir() and url.path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            self._send(self._with_preview(target.read_bytes()), "text/html; charset=utf-8")
            return
        if not target.exists() and self.preview.last is None:
            # nothing good was ever built: a page that says why, and reloads once it is fixed
            self._send(self._with_preview(NOTHING_BUILT.encode("utf-8")), "text/html; charset=utf-8")
            return
        super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _with_preview(self, page: bytes) -> bytes:
        state = self.preview.state
        with state.news:
            version, problems, failure = state.version, list(state.problems), state.failure
        tools = (
            f'<link rel="stylesheet" href="{PREVIEW_PATH}preview.css">'
            f'<script type="module" src="{PREVIEW_PATH}reload.js" data-version="{version}"></script>'
        )
        text = page.decode("utf-8")
        text = text.replace("</head>", tools + "</head>", 1)
        banner = problems_banner(problems, failure)
        if banner:
            # at the top of the article, where the eye lands first (not under the sticky header)
            start = re.search(r"<article\b[^>]*>", text) or re.search(r"<body\b[^>]*>", text)
            if start:
                text = text[: start.end()] + banner + text[start.end():]
        return text.encode("utf-8")


def _warnings(messages: list[str]) -> list[Problem]:
    """MkDocs' warnings, as problems the banner shows."""
    return [Problem("mkdocs", 0, "", m.removeprefix("WARNING: "), "warning") for m in messages if m.startswith("WARNING")]


NOTHING_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Preview: nothing built yet</title></head>
<body><main><h1>Nothing to preview yet</h1>
<p>The preview shows the site once the content has no problems.</p></main></body></html>
"""


def problems_banner(problems: list[Problem], failure: str) -> str:
    """The problems of the last regeneration, for the top of every page; empty when none."""
    found = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if not found and not warnings and not failure:
        return ""
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    parts = ['<div class="ju-preview-problems" role="alert">']
    if found or failure:
        count = f"{len(found)} problem{'s' if len(found) != 1 else ''}" if found else "A problem"
        parts.append(f"<p><strong>{count} in the content: this preview shows the last good pages.</strong> "
                     "Fix and save: the page reloads by itself.</p>")
    if failure and not found:
        parts.append(f"<p>{esc(failure)}</p>")
    if found:
        parts.append("<ul>" + "".join(f"<li><code>{esc(p)}</code></li>" for p in found) + "</ul>")
    if warnings:
        parts.append(f"<details><summary>{len(warnings)} warning{'s' if len(warnings) != 1 else ''} to look at</summary><ul>"
                     + "".join(f"<li><code>{esc(p)}</code></li>" for p in warnings) + "</ul></details>")
    parts.append("</div>")
    return "".join(parts)


def serve(project: Project, dev_addr: str, report: Callable[[BuildReport], None], ready: Callable[[str], None]) -> None:
    """Build the preview, then serve it at ``dev_addr`` until interrupted."""
    host, _, port = dev_addr.rpartition(":")
    preview = Preview(project, dev_addr, report)
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    server = http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    server.daemon_threads = True
    preview.address = f"{server.server_address[0]}:{server.server_address[1]}"
    preview.start()
    observer = watch_content(project, preview.content_changed)
    ready(f"http://{preview.address}/")
    try:
        server.serve_forever()
    finally:
        observer.stop()
        server.server_close()
