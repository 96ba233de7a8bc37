"""Build orchestration, the pipeline's edge: the data-flow diagram of DESIGN.md as code.

    content/ --load--> --validate--> --link--> --render--> build/docs/
    build/docs/ --mkdocs build --strict--> staging --promote only if every step passed--> site/

Nothing is written until every record is loaded, validated and linked, and site/ is replaced
only by a complete new build, so a failed build never destroys the last good site. content/ is
only ever read.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, Mapping

import yaml

from .assets import drop_unused_theme_assets, minify_own_assets
from .history import History, content_history
from .link import Catalogue, changes, link
from .pipeline import CheckCache, check_content
from .problems import Problem, errors
from .render import RenderError, Rendered, render
from .render.texts import PageTexts
from .passthrough import PassThroughExtension
from .superseded import Check, give_up_if, never
from .validate import Content


@dataclass(frozen=True)
class Project:
    """Where a build reads from and writes to."""

    root: Path
    content_dir: Path
    build_dir: Path
    site_dir: Path

    @classmethod
    def at(
        cls,
        root: Path,
        content_dir: Path | None = None,
        build_dir: Path | None = None,
        site_dir: Path | None = None,
    ) -> "Project":
        root = root.resolve()
        return cls(
            root=root,
            content_dir=(content_dir or root / "content").resolve(),
            build_dir=(build_dir or root / "build").resolve(),
            site_dir=(site_dir or root / "site").resolve(),
        )

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs_dir(self) -> Path:
        return self.build_dir / "docs"

    @property
    def staging_dir(self) -> Path:
        return self.build_dir / "site-staging"


@dataclass(frozen=True)
class Generated:
    """What one generation produced, so the next can make again only what an edit touched."""

    catalogue: Catalogue
    rendered: Rendered
    checks: CheckCache = field(default_factory=CheckCache)


@dataclass
class BuildReport:
    problems: list[Problem] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    failed_stage: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    # the same stages in processor seconds, which other work on a busy machine does not inflate
    processor_timings: dict[str, float] = field(default_factory=dict)
    catalogue: Catalogue | None = None
    generated: Generated | None = None
    pages_made: int = 0
    pages_total: int = 0  # every generated page and data file, written or not
    written_pages: list[str] = field(default_factory=list)
    removed_pages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed_stage is None


class _Timer:
    def __init__(self, report: BuildReport, stage: str) -> None:
        self.report, self.stage = report, stage

    def __enter__(self) -> None:
        self.start, self.processor_start = time.perf_counter(), time.process_time()

    def __exit__(self, *exc: object) -> None:
        self.report.timings[self.stage] = time.perf_counter() - self.start
        self.report.processor_timings[self.stage] = time.process_time() - self.processor_start


@dataclass(frozen=True)
class Checked:
    """The content loaded and validated, with what was needed to do it."""

    content: Content
    problems: list[Problem]
    history: History
    checks: CheckCache


def check(project: Project, previous: Generated | None = None) -> Checked:
    """Load and validate the content; files unchanged since ``previous`` are not read again."""
    # a first check takes what the last run checked from build/; later ones keep it in memory
    checks = previous.checks if previous is not None else CheckCache.read(project.build_dir)
    history = content_history(project.content_dir)
    content, problems = check_content(project.content_dir, history, checks)
    if previous is None:
        checks.write(project.build_dir)
    return Checked(content, problems, history, checks)


def generate(
    project: Project,
    report: BuildReport | None = None,
    previous: Generated | None = None,
    checked: Checked | None = None,
    superseded: Check = never,
) -> BuildReport:
    """load -> validate -> link -> render -> write build/docs. Writes nothing if content is bad.

    With ``previous`` (the last generation), only the pages that depend on a record the edit
    changed are made again; either way only pages whose text changed are written. ``checked``
    is the content as ``check`` found it, where the caller has checked it already;
    ``superseded`` lets the work be given up for a newer edit (see superseded.py).
    """
    report = report or BuildReport()
    with _Timer(report, "load+validate"):
        checked = checked or check(project, previous)
    content, problems, history, checks = checked.content, checked.problems, checked.history, checked.checks
    report.problems = problems
    if errors(problems):
        report.failed_stage = "validate"
        return report
    give_up_if(superseded)
    with _Timer(report, "link"):
        catalogue = link(
            content,
            today=datetime.date.today(),
            history=history,
            site_url=site_url(project.config_file),
            superseded=superseded,
        )
    report.catalogue = catalogue
    give_up_if(superseded)
    with _Timer(report, "render"):
        try:
            if previous is None:
                rendered = render(catalogue)
            else:
                changed = changes(previous.catalogue, catalogue)
                give_up_if(superseded)
                rendered = render(catalogue, previous.rendered, changed, superseded)
        except RenderError as exc:
            report.messages = [f"ERROR: {exc}"]
            report.failed_stage = "render"
            return report
    report.generated = Generated(catalogue, rendered, checks)
    report.pages_made, report.pages_total = rendered.made, len(rendered.texts)
    with _Timer(report, "write"):
        written, removed = write_docs(rendered.texts, project.docs_dir, previous.rendered.texts if previous else None)
    report.written_pages, report.removed_pages = written, removed
    return report


def site_url(config_file: Path) -> str:
    """The site's published address, from ``site_url`` in mkdocs.yml ("" if none), ending in /."""
    try:
        loader = _ConfigLoader(config_file.read_text(encoding="utf-8"))
        try:
            config = loader.get_single_data()
        finally:
            loader.dispose()
    except (OSError, yaml.YAMLError):
        return ""  # MkDocs reports a missing or broken configuration itself
    url = config.get("site_url") if isinstance(config, dict) else None
    return url.rstrip("/") + "/" if isinstance(url, str) and url.strip() else ""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely; tags such as !!python/name (a theme's extensions) are read as
    nothing, since only plain settings are wanted here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def build_site(project: Project) -> BuildReport:
    """The whole build; site/ is replaced only when every stage has passed."""
    report = generate(project)
    if not report.ok:
        return report
    # The rendered texts are in build/docs now, where MkDocs reads them, and MkDocs holds every
    # page in memory until the end: kept here too, they would add about a third to the build's
    # peak memory at thousands of pages. (A build is never followed by an incremental one.)
    report.generated = None
    gc.collect()
    with _Timer(report, "mkdocs"):
        messages = run_mkdocs(project, project.staging_dir)
    report.messages = messages
    if messages:
        report.failed_stage = "mkdocs"
        shutil.rmtree(project.staging_dir, ignore_errors=True)
        return report
    with _Timer(report, "tidy"):
        tidied = tidy_html(project.staging_dir)
        drop_unused_theme_assets(project.staging_dir, tidied.theme_assets)
        minify_own_assets(project.staging_dir)
        messages = tidied.messages
    if messages:
        report.messages = messages
        report.failed_stage = "tidy"
        shutil.rmtree(project.staging_dir, ignore_errors=True)
        return report
    with _Timer(report, "pagefind"):
        messages = run_pagefind(project.staging_dir)
    if messages:
        report.messages = messages
        report.failed_stage = "search index"
        shutil.rmtree(project.staging_dir, ignore_errors=True)
        return report
    with _Timer(report, "promote"):
        promote(project.staging_dir, project.site_dir, project.build_dir / "site-previous")
    return report


def write_docs(
    pages: PageTexts, docs_dir: Path, written_before: PageTexts | None = None
) -> tuple[list[str], list[str]]:
    """Make ``docs_dir`` hold exactly ``pages``; rewrite only files whose text changed.

    Writing only what changed keeps ``serve``'s rebuilds small, and each file is replaced in one
    rename, so a builder reading the folder meanwhile never sees half a page. ``written_before``
    (the pages this process wrote last time) saves reading a file to see it is unchanged.
    Returns the paths written and the paths removed.
    """
    _refuse_paths_outside(pages)
    docs_dir.mkdir(parents=True, exist_ok=True)
    existing = {p.relative_to(docs_dir).as_posix() for p in _ordinary_files(docs_dir)}
    maybe_changed = [
        path for path in pages
        if not (path in existing and written_before is not None and pages.same(path, written_before))
    ]
    written = _write_changed(maybe_changed, pages.encoded, docs_dir, lambda path: path in existing)
    removed = sorted(existing - pages.keys())
    for stale in removed:
        (docs_dir / stale).unlink()
    for folder in sorted((p for p in docs_dir.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return written, removed


def write_pages(pages: Mapping[str, str], docs_dir: Path) -> list[str]:
    """Write ``pages`` into the docs folder (each in one rename) where their text differs from
    the file's, leaving every other page as it is; returns the paths written."""
    _refuse_paths_outside(pages)

    def exists(path: str) -> bool:
        target = docs_dir / path
        return target.is_file() and not target.is_symlink()

    return _write_changed(list(pages), lambda path: pages[path].encode("utf-8"), docs_dir, exists)


def _write_changed(
    paths: list[str], data_of: Callable[[str], bytes], docs_dir: Path, exists: Callable[[str], bool]
) -> list[str]:
    """Write each of ``paths`` whose file is missing or holds other bytes than ``data_of`` gives
    (a page's text as UTF-8); returns them."""
    written = []
    folders: set[Path] = set()
    for relative_path in sorted(paths):
        target = docs_dir / relative_path
        data = data_of(relative_path)
        if exists(relative_path) and target.read_bytes() == data:
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        _write_atomically(target, data)
        written.append(relative_path)
    return written


def _refuse_paths_outside(pages: Mapping[str, str]) -> None:
    for relative_path in pages:
        parts = PurePosixPath(relative_path).parts
        if not parts or PurePosixPath(relative_path).is_absolute() or ".." in parts:
            raise ValueError(f"refusing to write outside the docs folder: {relative_path}")


def _ordinary_files(docs_dir: Path) -> list[Path]:
    """The docs folder's regular files, after removing anything else found there.

    Nothing else is ever written here, and MkDocs copies the whole folder into the site: a
    symbolic link would publish what it points at, and following one while removing stale pages
    could delete files outside the repository.
    """
    files = []
    for folder, subfolders, names in os.walk(docs_dir):
        for name in subfolders + names:
            path = Path(folder, name)
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                path.unlink()
            elif path.is_file():
                files.append(path)
        subfolders[:] = [name for name in subfolders if Path(folder, name).is_dir()]
    return files


def _write_atomically(target: Path, data: bytes) -> None:
    temporary = target.with_name(f".{target.name}.writing")
    temporary.write_bytes(data)
    os.replace(temporary, target)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def run_mkdocs(project: Project, site_dir: Path, site_url: str | None = None, strict: bool = True) -> list[str]:
    """``mkdocs build --strict`` of build/docs into ``site_dir``; returns warnings and errors.

    ``site_url`` replaces the configured address (the preview's own). The preview's builds are
    not ``strict``: their warnings are returned, and the caller decides.
    """
    from mkdocs.commands.build import build

    with _mkdocs_messages() as messages:
        build(_mkdocs_config(project, site_dir, site_url, strict))
    return messages


class PageBuilder:
    """Builds into ``site_dir`` (holding a whole build) only the files of build/docs it is given.

    ``mkdocs build --dirty`` still reads and converts every page, and decides what to rebuild by
    file times while the folder may change under it. This takes the files from the caller (the
    pages the generator has just rewritten, each in one rename) and puts them through MkDocs' own
    steps for a page: reading, Markdown, the theme's template, with the whole site's files and
    navigation, so links resolve as in a full build. The navigation is mkdocs.yml's, with a title
    for every entry, so no other page's text can change it; the theme's templates that list the
    pages (the sitemap) are made again each time. MkDocs' configuration, file list and navigation
    are kept from one build to the next while no page comes or goes.
    """

    def __init__(self, project: Project, site_dir: Path, site_url: str | None = None) -> None:
        self.project, self.site_dir, self.site_url = project, site_dir, site_url
        self._site: tuple | None = None  # MkDocs' config, files, template environment and nav

    def build(
        self, docs_paths: list[str], removed: list[str] = (), site_templates: bool = True,
        superseded: Check = never,
    ) -> list[str]:
        """Build ``docs_paths``; returns warnings and errors, as ``run_mkdocs`` does.

        Without ``site_templates`` the theme's site-wide files (the sitemap) are left as they
        are: the preview's first look at an edited page does not wait for them. ``superseded``
        is asked before each page: when it says yes, ``Superseded`` is raised and the pages not
        yet built are left as they were.
        """
        from mkdocs.commands import build as mkdocs_build
        from mkdocs.structure.pages import Page

        with _mkdocs_messages() as messages:
            if self._site is None or removed or any(self._site[1].get_file_from_path(p) is None for p in docs_paths):
                self._site = None
                self._site = self._read_site()
            config, files, env, nav = self._site
            pages = []
            for docs_path in docs_paths:
                file = files.get_file_from_path(docs_path)
                if not file.is_documentation_page():
                    file.copy_file()
                    continue
                page = file.page or Page(None, file, config)
                mkdocs_build._populate_page(page, config, files)
                pages.append(page)
            documentation = files.documentation_pages()
            for page in pages:
                give_up_if(superseded)
                mkdocs_build._build_page(page, config, documentation, nav, env)
            for template in config.theme.static_templates if site_templates else ():
                mkdocs_build._build_theme_template(template, env, files, config, nav)
            for page in pages:
                page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if any(not m.startswith("WARNING") for m in messages):
            self._site = None  # read afresh next time: a failed build may have left a page half made
        return messages

    def prepare(self) -> None:
        """Read MkDocs' configuration, files and navigation now (a second or two at thousands of
        pages), so that the first edit does not wait for them."""
        if self._site is None:
            self._site = self._read_site()

    def _read_site(self) -> tuple:
        from mkdocs.commands import build as mkdocs_build
        from mkdocs.structure.nav import get_navigation

        config = _mkdocs_config(self.project, self.site_dir, self.site_url, strict=False)
        config = config.plugins.on_config(config)
        files = mkdocs_build.get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        return config, files, env, get_navigation(files, config)


def _mkdocs_config(project: Project, site_dir: Path, site_url: str | None, strict: bool):
    from mkdocs.config import load_config

    overrides = {"site_url": site_url} if site_url else {}
    config = load_config(
        str(project.config_file), docs_dir=str(project.docs_dir), site_dir=str(site_dir), strict=strict, **overrides
    )
    config.plugins["joinedup-lean-pages"] = _lean_pages_plugin()
    # given here, as the plugin is: a builder reading mkdocs.yml converts the same pages the long way
    config.markdown_extensions.append(PassThroughExtension())
    return config


def _lean_pages_plugin():
    """A plugin that keeps MkDocs' pages small while they wait to be written.

    MkDocs reads and converts every page before it writes any, and keeps each page's source and
    HTML to the end of the build: at 20,000 examples well over a gigabyte, which nothing reads
    between a page's conversion and its template. So the source is let go once converted (the
    templates use the HTML, the table of contents and the front matter), the HTML is held
    compressed (about a fifth of its size) until the page's template is rendered, and let go
    once the page is written. Given here rather than in mkdocs.yml, so that other builders
    reading mkdocs.yml are not asked for a plugin they do not have.
    """
    from mkdocs.plugins import BasePlugin, event_priority

    class LeanPages(BasePlugin):
        def __init__(self) -> None:
            self.packed: dict[str, bytes] = {}  # each converted page's HTML, by source path

        # registered after mkdocs.yml's plugins, so this runs after theirs: they see the HTML
        def on_page_content(self, html, page, config, files):
            page.markdown = None
            self.packed[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
            return ""

        @event_priority(100)  # before any other plugin looks at the page
        def on_page_context(self, context, page, config, nav):
            page.content = zlib.decompress(self.packed.pop(page.file.src_uri)).decode("utf-8")
            return context

        def on_post_page(self, output, page, config):
            page.content = None
            return output

    return LeanPages()


@contextlib.contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """MkDocs' warnings and errors while the block runs, as text ("WARNING: ...", "ERROR: ...")."""
    from mkdocs.exceptions import MkDocsException

    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        yield collector.messages
    except MkDocsException as exc:
        collector.messages.append(f"ERROR: {exc}")
    finally:
        logger.removeHandler(collector)


_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENTATION = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


_ANCHOR_TAG = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_EXTERNAL_HREF = re.compile(r"""\shref=["']?(?:https?:|//)""", re.IGNORECASE)
_REL = re.compile(r"""\srel=(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def _external_links_protected(text: str) -> str:
    """Every link to another site gets rel="noopener noreferrer", however it was made (sanitised
    prose, Markdown links in generated or hand-written pages, the theme): the other site gets
    no handle on this window and no address of the page it came from."""

    def protect(match: re.Match[str]) -> str:
        tag = match.group()
        if not _EXTERNAL_HREF.search(tag):
            return tag
        rel = _REL.search(tag)
        if rel is None:
            return tag[:2] + ' rel="noopener noreferrer"' + tag[2:]
        tokens = rel.group(2).split()
        tokens += [token for token in ("noopener", "noreferrer") if token not in tokens]
        return tag[: rel.start()] + f' rel="{" ".join(tokens)}"' + tag[rel.end():]

    return _ANCHOR_TAG.sub(protect, text)


_ID = re.compile(r"""\sid=["']([^"']+)["']""")


@dataclass
class Tidied:
    messages: list[str]  # an error for each id a page has twice
    theme_assets: set[str]  # the theme's scripts and styles the pages load ("javascripts/x.js")


def tidy_html(site_dir: Path) -> Tidied:
    """Drop the theme templates' indentation and blank lines from every page, and give every
    external link rel="noopener noreferrer"; notes the ids a page has twice and the theme's
    files the pages load (read here, as every page is read only once).

    About an eighth of a page is template indentation; line breaks are kept, so text renders
    the same, and <pre>, <textarea>, <script> and <style> are left exactly as they are.
    Heading ids are made from heading text, so a title such as "Ju drawer" would make the id of
    the theme's own drawer: the first in the page wins, and scripts would find the wrong
    element. A page with an id twice is refused instead.
    """
    messages = []
    theme_assets: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        parts = _VERBATIM.split(text)
        # split() with two groups yields: text, whole verbatim block, tag name, text, ...
        tidied = "".join(
            part if i % 3 else _external_links_protected(_INDENTATION.sub("\n", part))
            for i, part in enumerate(parts)
            if i % 3 != 2
        )
        if tidied != text:
            page.write_text(tidied, encoding="utf-8")
        theme_assets.update(_ASSET_REFERENCE.findall(tidied))
        seen: set[str] = set()
        for ident in _ID.findall(tidied):
            if ident in seen:
                messages.append(
                    f"ERROR: {page.relative_to(site_dir).as_posix()}: the id '{ident}' is on the page twice, "
                    "so links and scripts find the wrong element; a heading whose text makes the same id as "
                    "another heading or as the site's own (ju-..., md-...) must be reworded"
                )
            seen.add(ident)
    return Tidied(messages, theme_assets)


_ASSET_REFERENCE = re.compile(r'(?:href|src)="[^"]*?\bassets/((?:javascripts|stylesheets)/[^"/?#]+)')
# Pagefind holds a whole index in memory while it writes it, about 0.21 MB per indexed page of
# this site (1,079 MB for the 5,172 of the 5,000-example benchmark corpus, 538 MB for half of
# them), and it has no option to hold less. A site with more indexed pages than this is indexed
# in shards of at most this many, each by a run of its own (about 1.15 GB at the most), which
# the search page merges into one search. benchmarks/search_shards.py measures each run.
SEARCH_SHARD_PAGES = 5500
# In the first shard's folder: the folders of the others, relative to it (an empty list when the
# site has one index), for the search page to merge.
SEARCH_SHARD_LIST = "shards.json"
# Marks the part of a page Pagefind indexes (theme/main.html); a page without it is not indexed.
_INDEXED_PAGE_MARK = b"data-pagefind-body"


def run_pagefind(site_dir: Path, output: Path | None = None, background: bool = False) -> list[str]:
    """Index the built site for search (Pagefind, from the pagefind[bin] package).

    The index goes to site_dir/pagefind, or to ``output`` (the preview swaps it in when done).
    A site of more than SEARCH_SHARD_PAGES indexed pages gets more than one index, the first in
    that folder and the others in folders inside it, named in its SEARCH_SHARD_LIST; each is
    made by a run of its own, one after another, so Pagefind's memory is that of one shard.
    ``background`` runs it at the lowest priority (where ``nice`` exists) and on one thread, so
    that the preview's next rebuild, which an editor is waiting for, is not kept from the
    processor by it: at 5,000 examples on two cores, Pagefind at the lowest priority still
    made the check of an edit half as slow again; on one thread, a tenth (and the index takes
    two fifths longer, out of sight).
    """
    output = output or site_dir / "pagefind"
    shards = search_shards(site_dir)
    if len(shards) == 1:
        messages = _index_for_search(site_dir, output, background)
    else:
        messages = []
        shard_site = site_dir.parent / f".{site_dir.name}-search-shard"
        try:
            for number, pages in enumerate(shards, start=1):
                _link_pages(site_dir, pages, shard_site)
                messages = _index_for_search(shard_site, _shard_output(output, number), background)
                if messages:
                    break
        finally:
            shutil.rmtree(shard_site, ignore_errors=True)
    if not messages:
        others = [f"{_shard_output(output, number).name}/" for number in range(2, len(shards) + 1)]
        (output / SEARCH_SHARD_LIST).write_text(json.dumps(others), encoding="utf-8")
    return messages


def search_shards(site_dir: Path) -> list[list[Path]]:
    """The site's pages in shards of at most SEARCH_SHARD_PAGES indexed pages, as even as can be.

    Pages are read to tell which are indexed only when there are more pages than one shard
    holds; a smaller site is one shard of all its pages, indexed just as before sharding.
    """
    pages = sorted(site_dir.rglob("*.html"))
    if len(pages) <= SEARCH_SHARD_PAGES:
        return [pages]
    indexed = [page for page in pages if _is_indexed(page)]
    count = max(1, -(-len(indexed) // SEARCH_SHARD_PAGES))
    return [indexed[len(indexed) * n // count:len(indexed) * (n + 1) // count] for n in range(count)]


def _is_indexed(page: Path) -> bool:
    try:
        return _INDEXED_PAGE_MARK in page.read_bytes()
    except FileNotFoundError:  # the preview took the page away meanwhile
        return False


def _shard_output(output: Path, number: int) -> Path:
    """The first shard is the index folder itself; shard 2 is in its folder shard-2, and so on."""
    return output if number == 1 else output / f"shard-{number}"


def _link_pages(site_dir: Path, pages: list[Path], shard_site: Path) -> None:
    """Make ``shard_site`` a site of only ``pages``, at their own paths (so their URLs are the
    site's), as hard links: nothing is copied, and a page the preview replaces meanwhile stays
    as it was when linked."""
    shutil.rmtree(shard_site, ignore_errors=True)
    for page in pages:
        target = shard_site / page.relative_to(site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, target)
        except FileNotFoundError:  # the preview took the page away meanwhile
            continue


def _index_for_search(site_dir: Path, output: Path, background: bool) -> list[str]:
    lowest = ["nice", "-n", "19"] if background and shutil.which("nice") else []
    # Pagefind's threads come from Rayon, which takes their number from RAYON_NUM_THREADS
    one_thread = {**os.environ, "RAYON_NUM_THREADS": "1"} if background else None
    result = subprocess.run(
        [*lowest, sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(output),
         "--exclude-selectors", ".headerlink", "--silent"],
        capture_output=True,
        text=True,
        env=one_thread,
    )
    if result.returncode != 0 or not (output / "pagefind.js").is_file():
        output = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        return [f"ERROR: Pagefind could not index the site: {output}"]
    return []


def promote(staging: Path, site: Path, previous: Path) -> None:
    """Swap the new build in for the old with renames, so site/ is never half-written."""
    shutil.rmtree(previous, ignore_errors=True)
    if site.exists():
        os.replace(site, previous)
    os.replace(staging, site)
    shutil.rmtree(previous, ignore_errors=True)
