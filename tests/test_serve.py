"""Live preview: one save makes one regeneration, an idle preview does nothing, problems show in
the browser, deleted pages go, and search works, all through the real `joinedup serve`."""

from __future__ import annotations

import gc
import json
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
import weakref
from pathlib import Path

import pytest

import generator.build
from generator.build import SEARCH_SHARD_LIST, Project, generate
from generator import serve
from generator.build import run_mkdocs
from generator.problems import Problem
from generator.serve import watch_content

from .conftest import JOINEDUP, REPO


def test_the_generators_own_reads_of_the_content_do_not_count_as_changes(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    project = Project.at(REPO, content_dir=content_copy, build_dir=tmp_path / "build")
    changes: list[float] = []
    events: list[str] = []
    handle = serve.ContentWatcher.on_any_event
    monkeypatch.setattr(serve.ContentWatcher, "on_any_event",
                        lambda self, event: (events.append(event.event_type), handle(self, event)))
    observer = watch_content(project, lambda: changes.append(time.monotonic()))
    try:
        assert generate(project).ok  # reads every content file
        time.sleep(1.5)
        assert changes == [], "reading the content was taken for a change"
        # not even told of: handling an event per file read would slow the preview's next check
        assert events == [], f"the watcher was told of the reads: {sorted(set(events))}"
        source = content_copy / "practice" / "kettering-in-reach.yml"
        source.write_text(source.read_text() + "\n")
        deadline = time.monotonic() + 10
        while not changes and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)
        assert len(changes) == 1, "one save should make one regeneration"
    finally:
        observer.stop()
        observer.join(timeout=5)


class Preview:
    """`joinedup serve` in the background, with what it has printed so far."""

    def __init__(self, content: Path, build_dir: Path) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [str(JOINEDUP), "serve", "--content", str(content), "--build-dir", str(build_dir), "--dev-addr", "127.0.0.1:0"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for(lambda: next((m.group(1) for l in self.lines if (m := re.search(r"Preview at (\S+)", l))), None))

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, found, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = found()
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out; the preview printed: {self.lines}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def regenerations(self) -> int:
        return sum(1 for line in self.lines if line.startswith("regenerated:") or "the content has problems" in line)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def preview(content_copy: Path, tmp_path: Path):
    running = Preview(content_copy, tmp_path / "build")
    yield running
    running.stop()


def idle_cpu(preview: Preview, seconds: float = 3) -> float:
    before = preview.cpu_seconds()
    time.sleep(seconds)
    return preview.cpu_seconds() - before


PAGE = "practice/kettering-in-reach/"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="measures CPU time through /proc")
def test_one_save_makes_one_regeneration_and_an_idle_preview_uses_no_cpu(preview: Preview, content_copy: Path):
    assert preview.get(PAGE)[0] == 200
    time.sleep(1)
    assert idle_cpu(preview) < 0.05
    source = content_copy / "practice" / "kettering-in-reach.yml"
    source.write_text(source.read_text().replace("Prison in-reach housing plans", "Prison in-reach plans, revised"))
    preview.wait_for(lambda: "plans, revised" in preview.get(PAGE)[1], timeout=20)
    time.sleep(2)
    assert preview.regenerations() == 2, preview.lines  # the first build, and one for the save
    assert idle_cpu(preview) < 0.05, "the preview keeps working after the edit"
    assert preview.regenerations() == 2, preview.lines


def test_problems_show_in_the_browser_and_go_when_fixed(preview: Preview, content_copy: Path):
    source = content_copy / "practice" / "kettering-in-reach.yml"
    good = source.read_text()
    source.write_text(good.replace("themes: [in-reach", "themes: [in-reech"))
    status, page = preview.wait_for(lambda: (r := preview.get(PAGE)) and "ju-preview-problems" in r[1] and r)
    assert status == 200
    banner = re.search(r'<div class="ju-preview-problems" role="alert">.*?</div>', page, re.DOTALL).group(0)
    assert "content/practice/kettering-in-reach.yml:" in banner
    assert "unknown theme &#x27;in-reech&#x27;; did you mean &#x27;in-reach&#x27;?" in banner
    source.write_text(good)
    preview.wait_for(lambda: "ju-preview-problems" not in preview.get(PAGE)[1])


def test_a_deleted_records_page_is_no_longer_served(preview: Preview, content_copy: Path):
    assert preview.get("practice/kettering-tenancy-course/")[0] == 200
    (content_copy / "practice" / "kettering-tenancy-course.yml").unlink()
    preview.wait_for(lambda: preview.get("practice/kettering-tenancy-course/")[0] == 404)
    assert "kettering-tenancy-course" not in preview.get("practice/")[1]


def test_search_works_in_the_preview_and_pages_reload_by_a_script_the_policy_allows(preview: Preview):
    preview.wait_for(lambda: preview.get("pagefind/pagefind.js")[0] == 200)
    page = preview.get(PAGE)[1]
    assert re.search(r'<script type="module" src="/__preview__/reload.js" data-version="\d+"></script>', page)
    assert preview.get("__preview__/reload.js")[0] == 200
    assert preview.get("__preview__/../../etc/passwd")[0] == 404


def test_the_preview_indexes_in_shards_as_the_build_does_and_swaps_them_in_together(
    content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    project = Project.at(REPO, content_dir=content_copy, build_dir=tmp_path / "build")
    reports: list = []
    preview = serve.Preview(project, "127.0.0.1:8000", reports.append)
    preview.rebuild()
    assert reports[-1].ok, reports[-1].messages
    bundle = preview.site_dir / "pagefind"

    monkeypatch.setattr(generator.build, "SEARCH_SHARD_PAGES", 20)
    preview.reindex()
    others = json.loads((bundle / SEARCH_SHARD_LIST).read_text())
    assert len(others) > 1
    assert all((bundle / other / "pagefind.js").is_file() for other in others)
    fragments = sum(len(list((bundle / other / "fragment").iterdir())) for other in [".", *others])

    # a smaller index replaces the shards with it: none is left from before
    monkeypatch.setattr(generator.build, "SEARCH_SHARD_PAGES", 10_000)
    preview.reindex()
    assert json.loads((bundle / SEARCH_SHARD_LIST).read_text()) == []
    assert not list(bundle.glob("shard-*"))
    assert len(list((bundle / "fragment").iterdir())) == fragments
    assert sorted(p.name for p in preview.site_dir.parent.iterdir() if "pagefind" in p.name or "shard" in p.name) == []


def test_building_only_the_rewritten_pages_gives_what_a_full_build_gives(content_copy: Path, tmp_path: Path):
    """The preview builds only the pages an edit rewrote: the site it then holds is the one a full
    MkDocs build of the same pages makes, navigation, links and sitemap included."""
    project = Project.at(REPO, content_dir=content_copy, build_dir=tmp_path / "build")
    reports: list = []
    preview = serve.Preview(project, "127.0.0.1:8000", reports.append)
    preview.rebuild()
    assert reports[-1].ok, reports[-1].messages
    practice = content_copy / "practice"
    source = practice / "kettering-in-reach.yml"
    source.write_text(source.read_text().replace("Prison in-reach housing plans", "Prison in-reach plans, revised"))
    (practice / "kettering-tenancy-course.yml").unlink()
    added = (practice / "kettering-in-reach.yml").read_text().replace("id: kettering-in-reach", "id: kettering-in-reach-two")
    (practice / "kettering-in-reach-two.yml").write_text(added.replace("plans, revised", "plans, second"))
    preview.rebuild()
    report = reports[-1]
    assert report.ok, report.messages
    assert 0 < len(report.written_pages) < len(report.generated.rendered.texts) / 2, "not a partial build"

    def assert_same_as_a_full_build(full: Path) -> dict[str, bytes]:
        assert [m for m in run_mkdocs(project, full, site_url="http://127.0.0.1:8000/", strict=False)
                if not m.startswith("WARNING")] == []
        built = lambda site: {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}  # noqa: E731
        partial, whole = built(preview.site_dir), built(full)
        assert partial.keys() == whole.keys()
        assert sorted(path for path in whole if partial[path] != whole[path]) == []
        return partial

    partial = assert_same_as_a_full_build(tmp_path / "full")
    assert "plans, revised" in partial["practice/kettering-in-reach/index.html"].decode()
    assert "practice/kettering-in-reach-two/" in partial["sitemap.xml"].decode()
    assert "kettering-tenancy-course" not in partial["practice/index.html"].decode()

    # an edit with no page coming or going: MkDocs' files and navigation are kept from before
    source.write_text(source.read_text().replace("plans, revised", "plans, revised again"))
    preview.rebuild()
    assert reports[-1].ok and reports[-1].written_pages and not reports[-1].removed_pages
    partial = assert_same_as_a_full_build(tmp_path / "full-again")
    assert "plans, revised again" in partial["practice/kettering-in-reach/index.html"].decode()


class Publications:
    """What each publication of a preview said, and what its pages held at that moment."""

    def __init__(self, preview: serve.Preview, watched: list[str]) -> None:
        self.seen: list[tuple[frozenset[str] | None, dict[str, str]]] = []
        publish = preview.state.publish

        def recorded(*args, **kwargs) -> None:
            publish(*args, **kwargs)
            built = {path: (preview.site_dir / path / "index.html").read_text() for path in watched}
            self.seen.append((preview.state.rebuilt[-1], built))

        preview.state.publish = recorded  # type: ignore[method-assign]


def started_preview(content: Path, tmp_path: Path) -> tuple[serve.Preview, list]:
    project = Project.at(REPO, content_dir=content, build_dir=tmp_path / "build")
    reports: list = []
    preview = serve.Preview(project, "127.0.0.1:8000", reports.append)
    preview.rebuild()
    assert reports[-1].ok, reports[-1].messages
    return preview, reports


def retitle(content: Path, new_title: str) -> Path:
    source = content / "practice" / "kettering-in-reach.yml"
    source.write_text(re.sub(r"(?m)^title: .*$", f"title: {new_title}", source.read_text()))
    return source


def test_an_edited_examples_page_is_shown_before_the_pages_that_list_it(content_copy: Path, tmp_path: Path):
    """The edited page is built and published alone first; the listings follow, and only the
    pages that changed are announced, so the other open pages are not reloaded."""
    preview, reports = started_preview(content_copy, tmp_path)
    publications = Publications(preview, [PAGE, "practice"])
    retitle(content_copy, "Prison in-reach plans, revised")
    preview.rebuild()
    (first, first_pages), (then, then_pages) = publications.seen
    assert first == {"/" + PAGE}
    assert "plans, revised" in first_pages[PAGE]
    assert "plans, revised" not in first_pages["practice"], "the index was not meant to wait for the whole site"
    assert "plans, revised" in then_pages["practice"]
    assert "/practice/" in then and "/" + PAGE not in then, "the page shown first was announced twice"
    assert "/about/" not in then
    assert len(reports) == 2, "showing the page first is not a regeneration of its own"


def test_a_newer_save_supersedes_the_rest_and_an_edit_undone_meanwhile_is_undone(content_copy: Path, tmp_path: Path):
    preview, reports = started_preview(content_copy, tmp_path)
    original = (content_copy / "practice" / "kettering-in-reach.yml").read_text()
    publications = Publications(preview, [PAGE, "practice"])
    retitle(content_copy, "A title soon taken back")
    preview.wanted.set()  # a newer save has come while this one is rebuilt
    preview.rebuild()
    assert len(publications.seen) == 1 and len(reports) == 1, "the whole regeneration was not given up"
    assert "soon taken back" in publications.seen[0][1][PAGE]
    (content_copy / "practice" / "kettering-in-reach.yml").write_text(original)
    preview.wanted.clear()
    preview.rebuild()
    assert reports[-1].ok
    built = (preview.site_dir / PAGE / "index.html").read_text()
    assert "soon taken back" not in built and "Prison in-reach housing plans" in built


def test_an_edit_to_anything_but_examples_is_shown_by_the_whole_regeneration(content_copy: Path, tmp_path: Path):
    preview, _ = started_preview(content_copy, tmp_path)
    publications = Publications(preview, [PAGE])
    taxonomy = content_copy / "taxonomy" / "themes.yml"
    taxonomy.write_text(taxonomy.read_text().replace("title: In-reach", "title: In-reach work", 1))
    preview.rebuild()
    [(rebuilt, pages)] = publications.seen  # no page was shown first from the examples alone
    assert "/" + PAGE in rebuilt and "In-reach work" in pages[PAGE]


def test_an_open_page_is_told_to_reload_only_when_it_or_the_problems_changed():
    state = serve.PreviewState()
    state.publish([], "")  # the first build
    state.publish([], "", ["practice/x.md"])
    assert state.wait_for_news(1, "/practice/x/", timeout=0) == (2, True)
    assert state.wait_for_news(1, "/about/", timeout=0) == (2, False)
    assert state.wait_for_news(2, "/practice/x/", timeout=0) == (2, False)
    state.publish([Problem("content/practice/x.yml", 3, "title", "is empty")], "", ["practice/x.md"])
    assert state.wait_for_news(2, "/about/", timeout=0) == (3, True), "a new problem shows on every page"


def test_a_build_given_up_part_way_is_finished_by_the_next_rebuild(content_copy: Path, tmp_path: Path):
    preview, reports = started_preview(content_copy, tmp_path)
    builder = preview.pages
    build = builder.build

    def given_up_once(paths, removed=(), site_templates=True, superseded=lambda: False):
        if site_templates:  # the whole regeneration's build, not the edited page's
            builder.build = build
            superseded = lambda: True  # noqa: E731 - a newer save has come
        return build(paths, removed, site_templates, superseded)

    builder.build = given_up_once  # type: ignore[method-assign]
    retitle(content_copy, "Prison in-reach plans, built later")
    preview.rebuild()
    assert len(reports) == 1, "the regeneration was not given up"
    assert "built later" not in (preview.site_dir / "practice" / "index.html").read_text()
    preview.rebuild()  # nothing new was saved: what was left unbuilt is built now
    assert reports[-1].ok and reports[-1].written_pages == []
    assert "built later" in (preview.site_dir / "practice" / "index.html").read_text()


def test_what_the_preview_keeps_is_out_of_the_collectors_way_until_the_next_regeneration(
    content_copy: Path, tmp_path: Path
):
    """Between regenerations the preview's heap is frozen, so checking and showing an edit does
    not walk it; garbage left in it (MkDocs' navigation, when a page comes or goes, is full of
    cycles) is still freed once the next regeneration thaws it."""
    preview, reports = started_preview(content_copy, tmp_path)
    assert gc.get_freeze_count() > 10_000, "the preview's pages were left for the collector to walk"

    class Cyclic:
        pass

    left_behind = Cyclic()
    left_behind.itself = left_behind  # type: ignore[attr-defined]
    gone = weakref.ref(left_behind)
    gc.freeze()  # as if the last regeneration had left it, then dropped it
    del left_behind
    gc.collect()
    assert gone() is not None, "a frozen cycle is out of the collector's sight"
    retitle(content_copy, "Prison in-reach plans, frozen")
    preview.rebuild()
    assert reports[-1].ok
    assert gone() is None, "garbage frozen by one regeneration outlived the next"
    assert gc.get_freeze_count() > 10_000
    gc.unfreeze()


def test_the_preview_indexes_for_search_on_one_thread_at_the_lowest_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Indexing runs beside the editor's next rebuild: on all the processor's threads it made the
    check of an edit half as slow again at 5,000 examples, even at the lowest priority."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!doctype html><html lang="en"><head><title>A page</title></head>'
                                     "<body><main><h1>A page</h1><p>Housing support.</p></main></body></html>")
    runs: list[tuple[list[str], dict | None]] = []
    run = subprocess.run
    monkeypatch.setattr(generator.build.subprocess, "run",
                        lambda command, **options: (runs.append((command, options.get("env"))), run(command, **options))[1])
    assert generator.build.run_pagefind(site, output=tmp_path / "index", background=True) == []
    assert (tmp_path / "index" / "pagefind.js").is_file()
    [(command, env)] = runs
    assert env is not None and env["RAYON_NUM_THREADS"] == "1" and env["PATH"] == os.environ["PATH"]
    assert command[:3] == ["nice", "-n", "19"]
    runs.clear()
    assert generator.build.run_pagefind(site) == []
    [(_, env)] = runs
    assert env is None, "a build's own indexing should use every thread"
