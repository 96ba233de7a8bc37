"""Render stage: the catalogue -> Markdown pages for MkDocs (one Jinja2 template per page kind).

Contributed text is untrusted. Every value a template prints is escaped for Markdown and HTML
unless it is marked safe, and it is marked safe only by the filters here: ``prose`` and
``bullets`` turn free text into HTML and pass it through the nh3 sanitiser, and ``link`` builds
an internal Markdown link whose title is escaped. So raw HTML, attribute lists and dangerous
URLs in content cannot reach the built page as active content.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import Any, Iterable, Mapping

import markdown
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from . import model as m
from .link import (
    PAGE_FOLDERS,
    TERM_KINDS,
    Catalogue,
    Entry,
    box_anchor,
    indicator_anchor,
    section_anchor,
)

# Characters Python-Markdown treats as syntax and accepts backslash escapes for.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_WHITESPACE = re.compile(r"\s+")

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "code", "a", "blockquote", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = {"http", "https"}

TERM_FOLDER_TITLES = {
    "client-group": "Client groups",
    "theme": "Themes",
    "region": "Regions",
    "area": "Local authority areas",
    "journey-stage": "Customer journey stages",
    "evidence-level": "Evidence levels",
    "document": "Sources",
}


def md_escape(value: Any) -> Markup:
    """Text made inert for Markdown and HTML: shown literally, on one line."""
    if isinstance(value, Markup):
        return value
    text = _WHITESPACE.sub(" ", str(value)).strip()
    text = html.escape(text, quote=False)
    return Markup(_MARKDOWN_SYNTAX.sub(r"\\\1", text))


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


_prose_markdown = markdown.Markdown(extensions=[], output_format="html")


def _to_html(text: str) -> str:
    _prose_markdown.reset()
    return sanitise(_prose_markdown.convert(text))


def prose(value: str | Iterable[str] | None, css_class: str = "ju-prose") -> Markup:
    """Free text (one string or a list of paragraphs) as a sanitised HTML block."""
    if not value:
        return Markup("")
    paragraphs = [value] if isinstance(value, str) else list(value)
    body = "\n".join(_to_html(p) for p in paragraphs)
    return Markup(f'<div class="{css_class}">\n{_no_blank_lines(body)}\n</div>')


def bullets(items: Iterable[str] | None, css_class: str = "ju-list") -> Markup:
    """A list of free-text items as a sanitised HTML list."""
    items = list(items or [])
    if not items:
        return Markup("")
    rendered = []
    for item in items:
        fragment = _to_html(item)
        # A one-paragraph item does not need its <p> wrapper inside <li>.
        if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
            fragment = fragment[3:-4]
        rendered.append(f"<li>{fragment}</li>")
    return Markup(f'<ul class="{css_class}">\n{_no_blank_lines(chr(10).join(rendered))}\n</ul>')


def _no_blank_lines(fragment: str) -> str:
    # A blank line would end Python-Markdown's raw HTML block early.
    return "\n".join(line for line in fragment.splitlines() if line.strip())


def relative(target: str, current: str) -> str:
    """Path from the page ``current`` to ``target`` (both relative to the docs folder)."""
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(current) or ".")
    return f"{rel}#{anchor}" if anchor else rel


class Renderer:
    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("generator", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            finalize=md_escape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            prose=prose,
            bullets=bullets,
            md=md_escape,
            link=_link,
            links=_links,
            href=_href,
            percent=_percent,
            number=lambda n: f"{n:,}",
            slug=_slug,
        )
        # Anchors are built from numbers and slugs, never from free text, so they are safe.
        self.env.globals.update(
            section_anchor=lambda section: Markup(section_anchor(section)),
            box_anchor=lambda box: Markup(box_anchor(box)),
            indicator_anchor=lambda indicator, position: Markup(indicator_anchor(indicator, position)),
            term_titles=TERM_FOLDER_TITLES,
        )

    def page(self, template: str, path: str, **context: Any) -> str:
        return self.env.get_template(template).render(page_path=path, **context)


@pass_context
def _href(context: Any, target: Entry | str, anchor: str = "") -> Markup:
    path = target.path if isinstance(target, Entry) else target
    if anchor:
        path = f"{path}#{anchor}"
    return Markup(relative(path, context["page_path"]))


@pass_context
def _link(context: Any, target: Entry, anchor: str = "", text: str | None = None) -> Markup:
    label = md_escape(text if text is not None else target.title)
    return Markup(f"[{label}]({_href(context, target, anchor)})")


@pass_context
def _links(context: Any, targets: Iterable[Entry], separator: str = ", ") -> Markup:
    return Markup(separator.join(_link(context, t) for t in targets))


def _slug(value: str) -> Markup:
    """An id validated as a slug, safe to print unescaped (e.g. as an anchor)."""
    if not re.fullmatch(m.SLUG_PATTERN, value):
        raise ValueError(f"not a slug: {value!r}")
    return Markup(value)


def _percent(value: float | None) -> str:
    if value is None:
        return "N/A"
    return f"{value:g}%"


def render(catalogue: Catalogue, hand_written: Mapping[str, str]) -> dict[str, str]:
    """Every page of the site as docs-relative path -> Markdown text."""
    r = Renderer()
    c = catalogue.content
    pages: dict[str, str] = {}

    def add(template: str, path: str, **context: Any) -> None:
        pages[path] = r.page(template, path, catalogue=catalogue, **context)

    for p in c.practice:
        entry = catalogue.entry("practice", p.id)
        add("practice.md.j2", entry.path, record=p, links=catalogue.practice_links[p.id])
    for lesson in c.lessons:
        entry = catalogue.entry("lesson", lesson.id)
        add(
            "lesson.md.j2",
            entry.path,
            record=lesson,
            pilots=_pilot_entries(catalogue, lesson),
            themes=[catalogue.entry("theme", t) for t in lesson.themes],
            client_groups=[catalogue.entry("client-group", g) for g in lesson.client_groups],
            source=catalogue.entry("document", lesson.source.document),
        )
    for theme in c.indicator_themes:
        entry = catalogue.entry("indicator-theme", theme.id)
        add(
            "indicator-theme.md.j2",
            entry.path,
            record=theme,
            client_groups=[catalogue.entry("client-group", g) for g in theme.client_groups],
            nis={i.national_indicator: catalogue.entry("national-indicator", i.national_indicator)
                 for i in theme.indicators if i.national_indicator},
            source=catalogue.entry("document", theme.source.document),
        )
    for ni in c.national_indicators:
        entry = catalogue.entry("national-indicator", ni.id)
        add(
            "national-indicator.md.j2",
            entry.path,
            record=ni,
            links=catalogue.ni_links[ni.id],
            source=catalogue.entry("document", ni.source.document),
        )
    for baseline in c.baselines:
        entry = catalogue.entry("baseline", baseline.id)
        add(
            "baseline.md.j2",
            entry.path,
            record=baseline,
            client_group=catalogue.entry("client-group", baseline.client_group),
            source=catalogue.entry("document", baseline.source.document),
        )
    for guidance in c.guidance:
        entry = catalogue.entry("guidance", guidance.id)
        add(
            "guidance.md.j2",
            entry.path,
            record=guidance,
            themes=[catalogue.entry("theme", t) for t in guidance.themes],
            client_groups=[catalogue.entry("client-group", g) for g in guidance.client_groups],
            source=catalogue.entry("document", guidance.source.document),
        )
    for tool in c.tools:
        entry = catalogue.entry("tool", tool.id)
        add(
            f"{tool.kind}.md.j2",  # type: ignore[attr-defined]
            entry.path,
            record=tool,
            stages=catalogue.entries_of("journey-stage"),
            stage_terms=catalogue.terms.get("journey-stage", {}),
            source=catalogue.entry("document", tool.source.document),
        )
    for kind in TERM_KINDS:
        terms = catalogue.terms.get(kind, {})
        for term in terms.values():
            entry = catalogue.entry(kind, term.id)
            add(
                "term.md.j2",
                entry.path,
                kind=kind,
                term=term,
                members=catalogue.members[(kind, term.id)],
                evidence=catalogue.client_group_evidence.get(term.id) if kind == "client-group" else None,
                region=catalogue.entry("region", term.region) if kind == "area" else None,  # type: ignore[attr-defined]
            )
        add(
            "term-index.md.j2",
            f"{PAGE_FOLDERS[kind]}/index.md",
            kind=kind,
            title=TERM_FOLDER_TITLES[kind],
            members=[catalogue.members[(kind, e.id)] for e in catalogue.entries_of(kind)],
            description=_taxonomy_description(catalogue, kind),
        )
    add(
        "practice-index.md.j2",
        "practice/index.md",
        practice=catalogue.entries_of("practice"),
        records={p.id: p for p in c.practice},
        links=catalogue.practice_links,
    )
    add("lessons-index.md.j2", "lessons/index.md", lessons=catalogue.entries_of("lesson"))
    add(
        "indicators-index.md.j2",
        "indicators/index.md",
        themes=[(t, catalogue.entry("indicator-theme", t.id)) for t in sorted(c.indicator_themes, key=lambda t: t.number)],
    )
    add(
        "national-indicators-index.md.j2",
        "national-indicators/index.md",
        indicators=[
            (n, catalogue.entry("national-indicator", n.id)) for n in sorted(c.national_indicators, key=lambda n: n.number)
        ],
    )
    add(
        "baselines-index.md.j2",
        "baselines/index.md",
        baselines=[(b, catalogue.entry("baseline", b.id)) for b in sorted(c.baselines, key=lambda b: b.title)],
    )
    add("guidance-index.md.j2", "guidance/index.md", guidance=catalogue.entries_of("guidance"))
    add("tools-index.md.j2", "tools/index.md", tools=catalogue.entries_of("tool"))
    add("contents.md.j2", "contents.md", counts=c.counts())

    for name, text in hand_written.items():
        pages[name] = text
    return pages


def _pilot_entries(catalogue: Catalogue, lesson: m.LessonStage) -> dict[str, Entry]:
    ids = {p for s in lesson.sections for p in s.pilots} | {p for b in lesson.boxes for p in b.pilots}
    return {i: catalogue.entry("practice", i) for i in sorted(ids)}


def _taxonomy_description(catalogue: Catalogue, kind: str) -> str:
    for name, taxonomy in catalogue.content.taxonomies.items():
        if m.TAXONOMY_FILES[name][0] == kind:
            return taxonomy.description or ""
    return ""
