"""Live preview, an edge like build.py: regenerate build/docs when content changes and let
``mkdocs serve`` rebuild and reload the browser when build/docs changes."""

from __future__ import annotations

import threading
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import BuildReport, Generated, Project, generate

DEBOUNCE_SECONDS = 0.3


class _Regenerate(FileSystemEventHandler):
    """Regenerates once per burst of file events (editors save in several steps)."""

    def __init__(self, project: Project, report: Callable[[BuildReport], None], last: Generated | None) -> None:
        self.project = project
        self.report = report
        # the last good generation: an edit makes again only the pages it touched
        self.last = last
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(DEBOUNCE_SECONDS, self.run)
            self.timer.daemon = True
            self.timer.start()

    def run(self) -> None:
        result = generate(self.project, previous=self.last)
        if result.ok:
            self.last = result.generated
        self.report(result)


def watch_content(project: Project, report: Callable[[BuildReport], None], last: Generated | None = None) -> Observer:
    """Start watching content/; each change regenerates the docs folder."""
    observer = Observer()
    observer.schedule(_Regenerate(project, report, last), str(project.content_dir), recursive=True)
    observer.daemon = True
    observer.start()
    return observer


def serve(project: Project, dev_addr: str, report: Callable[[BuildReport], None]) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    first = generate(project)
    report(first)
    observer = watch_content(project, report, first.generated)
    try:
        mkdocs_serve(
            config_file=str(project.config_file),
            livereload=True,
            # rebuild only the pages that changed: generate() rewrites only changed files
            build_type="dirty",
            docs_dir=str(project.docs_dir),
            dev_addr=dev_addr,
            strict=False,
        )
    finally:
        observer.stop()
