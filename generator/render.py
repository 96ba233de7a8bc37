"""Render stage: the catalogue -> Markdown pages for MkDocs (one Jinja2 template per page kind).

Contributed text is untrusted. Every value a template prints is escaped for Markdown and HTML
unless it is marked safe, and it is marked safe only by the filters here: ``prose`` and
``bullets`` turn free text into HTML and pass it through the nh3 sanitiser, and ``link`` builds
an internal Markdown link whose title is escaped. So raw HTML, attribute lists and dangerous
URLs in content cannot reach the built page as active content.
"""

from __future__ import annotations

import csv
import datetime
import functools
import html
import io
import itertools
import json
import posixpath
import re
import types
from collections import Counter
from typing import Any, Iterable, Mapping, Union, get_args, get_origin
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

import markdown
import nh3
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup
from pydantic import BaseModel

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
    return _escaped(str(value))


@functools.lru_cache(maxsize=65536)
def _escaped(text: str) -> Markup:
    # Titles and labels repeat on many pages; escaping each once keeps rendering fast.
    text = html.escape(_WHITESPACE.sub(" ", text).strip(), quote=False)
    return Markup(_MARKDOWN_SYNTAX.sub(r"\\\1", text))


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def md_unescape(text: str) -> str:
    """The inverse of ``md_escape``: the plain text a reader sees."""
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", text))


def with_front_matter(text: str, meta: Mapping[str, Any]) -> str:
    """Give a generated page its title (and any other metadata) as front matter.

    Material prints ``page.meta.title`` into <title> without escaping, and otherwise derives the
    title from the heading with ``striptags``, which turns escaped angle brackets back into
    real ones. An explicit, HTML-escaped title keeps contributed text inert in <title> too.
    """
    first = text.split("\n", 1)[0]
    values = dict(meta)
    if first.startswith("# "):
        values["title"] = html.escape(md_unescape(first[2:]), quote=True)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + text


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
# Text with none of these is a plain paragraph: Markdown and the sanitiser would only wrap it in
# <p> and escape it, so that is done directly (most content is plain prose; this is the hot path).
_MARKDOWN_OR_HTML = re.compile(r"[\\`*_\[\]<>&!|#\n]|^\s*(?:[-+=>]|\d+[.)])|^\s{4}")


def _to_html(text: str) -> str:
    if not _MARKDOWN_OR_HTML.search(text):
        return f"<p>{html.escape(text.strip(), quote=False)}</p>" if text.strip() else ""
    _prose_markdown.reset()
    return sanitise(_prose_markdown.convert(text))


def prose(value: str | Iterable[str] | None, css_class: str = "ju-prose", weight: float | None = None) -> Markup:
    """Free text (one string or a list of paragraphs) as a sanitised HTML block.

    ``weight`` ranks matches in this block higher in search (Pagefind's data-pagefind-weight).
    """
    if not value:
        return Markup("")
    paragraphs = [value] if isinstance(value, str) else list(value)
    body = "\n".join(_to_html(p) for p in paragraphs)
    ranking = f' data-pagefind-weight="{float(weight):g}"' if weight is not None else ""
    return Markup(f'<div class="{css_class}"{ranking}>\n{_no_blank_lines(body)}\n</div>')


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


def pilot_outcomes_path(ident: str) -> str:
    return f"practice/{ident}/outcomes.md"


def page_url(path: str) -> str:
    """The site URL (directory style) of a docs page, relative to the site root."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def url_between(target: str, current: str) -> str:
    """Relative URL from the built page of ``current`` to the built page of ``target``."""
    rel = posixpath.relpath("/" + page_url(target), "/" + page_url(current))
    return "./" if rel == "." else rel + "/"


# --- search facets (Pagefind filters) ---------------------------------------------------------

FACET_LABELS = {
    "kind": "Content kind",
    "client_group": "Client group",
    "theme": "Theme",
    "ni": "National Indicator",
    "region": "Region",
    "stage": "Journey stage",
    "evidence": "Evidence level",
}

KIND_LABELS = {
    "practice": "Practice example",
    "pilot": "Health pilot",
    "lesson": "Lesson",
    "indicator-theme": "Success indicator",
    "national-indicator": "National Indicator",
    "baseline": "Baseline",
    "guidance": "Guidance",
    "tool": "Tool",
    "term": "Topic page",
}


def ni_label(ident: str) -> str:
    return "NI " + ident.removeprefix("ni-")


# A word no reader types, indexed once on every page with facets. Pagefind answers a search
# with no words (filters only) by fetching its whole word index, megabytes at thousands of
# pages; browsing by filters searches for this word instead, which needs one small chunk.
BROWSE_WORD = "qxbrowse"
# A browse lists pages in the order of the browse word's weight: practice examples and pilots,
# the heart of the site, before the lessons, indicators and guidance that share their filters.
BROWSE_FIRST = {KIND_LABELS["practice"], KIND_LABELS["pilot"]}


def facet_block(facets: Mapping[str, Iterable[str]]) -> Markup:
    """Hidden Pagefind filter markers for a page, and the browse word; values are escaped."""
    spans = [
        f'<span data-pagefind-filter="{html.escape(name)}:{html.escape(value, quote=True)}"></span>'
        for name, values in facets.items()
        for value in values
    ]
    weight = "10" if BROWSE_FIRST & set(facets.get("kind", ())) else "0.1"
    spans.append(f'<span data-pagefind-weight="{weight}">{BROWSE_WORD}</span>')
    return Markup('<div class="ju-facets" hidden>\n' + "\n".join(spans) + "\n</div>")


def _natural_key(text: str) -> list[int | str]:
    """Sort "NI 18" before "NI 141": digit runs compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def filter_panel(totals: Mapping[str, Mapping[str, int]]) -> Markup:
    """The search page's filters: one collapsed group per facet, every value with its page count.

    The counts are the site-wide totals, known at build time, so browsing without a query needs
    none of Pagefind's filter indexes; the search script replaces them with live counts for the
    groups a reader opens. Hidden until the script has loaded search, as nothing works without it.
    """
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    out = ['<div id="ju-search-filters" class="ju-search__filters" hidden>']
    for name, label in FACET_LABELS.items():
        values = sorted(totals.get(name, {}), key=_natural_key)
        if not values:
            continue
        out.append(
            f'<details class="ju-filter" data-facet="{name}">'
            f'<summary>{esc(label)}<span class="ju-filter__selected"></span></summary>'
            f'<fieldset><legend class="ju-visually-hidden">{esc(label)}</legend>'
        )
        for index, value in enumerate(values):
            box = f"ju-filter-{name}-{index}"
            total = totals[name][value]
            out.append(
                f'<div class="ju-filter__option"><input type="checkbox" id="{box}" name="{name}" value="{esc(value)}">'
                f'<label for="{box}">{esc(value)} <span class="ju-filter__count" data-total="{total}">({total})</span></label></div>'
            )
        out.append("</fieldset></details>")
    out.append("</div>")
    return Markup("\n".join(out))


def search_href(current: str, filters: Mapping[str, Iterable[str]]) -> str:
    query = urlencode([(name, value) for name, values in filters.items() for value in values])
    return f"{url_between('search/index.md', current)}?{query}"


def relative(target: str, current: str) -> str:
    """Path from the page ``current`` to ``target`` (both relative to the docs folder)."""
    path, _, anchor = target.partition("#")
    rel = _relative_path(path, posixpath.dirname(current))
    return f"{rel}#{anchor}" if anchor else rel


@functools.lru_cache(maxsize=65536)
def _relative_path(path: str, start_dir: str) -> str:
    # Docs paths are plain relative paths with no '..', so this is string work only.
    parts = path.split("/")
    start = start_dir.split("/") if start_dir else []
    common = 0
    while common < min(len(parts) - 1, len(start)) and parts[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:])


def template_environment(**options: Any) -> Environment:
    """The Jinja2 environment for generator/templates/; callers choose escaping."""
    return Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )


class Renderer:
    def __init__(self) -> None:
        self.env = template_environment(autoescape=True, finalize=md_escape)
        self.env.filters.update(
            prose=prose,
            bullets=bullets,
            link=_link,
            links=_links,
            percent=_percent,
            number=lambda n: f"{n:,}",
            unharvestable=unharvestable,
            plural=lambda n, noun: f"{n} {noun}{'' if n == 1 else 's'}",
            h=lambda value: Markup(html.escape(str(value), quote=True)),
            # The matrix pairs each excellent characteristic with the fair one on the same row.
            zip=lambda a, b: list(itertools.zip_longest(a, b, fillvalue="")),
            slug=_slug,
        )
        # Anchors are built from numbers and slugs, never from free text, so they are safe.
        self.env.globals.update(
            section_anchor=lambda section: Markup(section_anchor(section)),
            box_anchor=lambda box: Markup(box_anchor(box)),
            indicator_anchor=lambda indicator, position: Markup(indicator_anchor(indicator, position)),
        )

        self.env.globals.update(gap_cell=_gap_cell)

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


@pass_context
def _gap_cell(context: Any, count: int, group: Entry, facet: str, term: Entry) -> Markup:
    """A gap-map cell: its count, linked to the search filtered to that cell."""
    href = search_href(
        context["page_path"],
        {"kind": [KIND_LABELS["practice"], KIND_LABELS["pilot"]], "client_group": [group.title], facet: [term.title]},
    )
    label = f"{count} practice for {group.title} and {term.title}"
    css = "ju-cell ju-cell--empty" if count == 0 else "ju-cell"
    return Markup(
        f'<a class="{css}" href="{html.escape(href, quote=True)}" aria-label="{html.escape(label, quote=True)}">{count}</a>'
    )


def unharvestable(address: str) -> str:
    """An e-mail address written out for people, not as a mailto: link for harvesters."""
    local, _, domain = address.partition("@")
    return f"{local} (at) {domain.replace('.', ' (dot) ')}"


def _slug(value: str) -> Markup:
    """An id validated as a slug, safe to print unescaped (e.g. as an anchor)."""
    if not re.fullmatch(m.SLUG_PATTERN, value):
        raise ValueError(f"not a slug: {value!r}")
    return Markup(value)


def _percent(value: float | None) -> str:
    if value is None:
        return "N/A"
    return f"{value:g}%"


# The theme's scripts, each loaded only by the pages that use it (front matter ``scripts``,
# read by theme/main.html), so no reader downloads code for a page they are not on.
PAGE_SCRIPTS = {
    "search.md.j2": "assets/javascripts/joinedup-search.js",
    "submit.md.j2": "assets/javascripts/joinedup-submit.js",
    "self-assessment.md.j2": "assets/javascripts/joinedup-tools.js",
}


class RenderError(Exception):
    """The catalogue cannot be rendered, e.g. a hand-written page would replace a generated one."""


def render(catalogue: Catalogue) -> dict[str, str]:
    """Every page of the site as docs-relative path -> Markdown text (and the data files)."""
    r = Renderer()
    c = catalogue.content
    pages: dict[str, str] = {}
    # facet -> value -> pages carrying it: the search page's filters and their browse counts.
    facet_totals: dict[str, Counter[str]] = {}

    def add(
        template: str,
        path: str,
        facets: Mapping[str, Iterable[str]] | None = None,
        meta: Mapping[str, Any] | None = None,
        **context: Any,
    ) -> None:
        text = r.page(template, path, catalogue=catalogue, **context)
        if facets:
            text = f"{text.rstrip()}\n\n{facet_block(facets)}\n"
            for name, values in facets.items():
                facet_totals.setdefault(name, Counter()).update(values)
        front = dict(meta or {})
        if template in PAGE_SCRIPTS:
            front["scripts"] = [PAGE_SCRIPTS[template]]
        pages[path] = with_front_matter(text, front)

    def titles(kind: str, ids: Iterable[str]) -> list[str]:
        return [catalogue.entry(kind, i).title for i in ids]

    for p in c.practice:
        entry = catalogue.entry("practice", p.id)
        outcomes_page = None
        if isinstance(p, m.Pilot):
            # A pilot's objective-by-objective tables are long: they get a page of their own so
            # the pilot's page stays light enough to read and print.
            outcomes_page = Entry("pilot-outcomes", p.id, f"{p.title}: outcomes", pilot_outcomes_path(p.id))
            add(
                "pilot-outcomes.md.j2",
                outcomes_page.path,
                record=p,
                pilot=entry,
                source=catalogue.entry("document", p.source.document),
            )
        add(
            "practice.md.j2",
            entry.path,
            facets={
                "kind": [KIND_LABELS[p.kind]],
                "client_group": titles("client-group", p.client_groups),
                "theme": titles("theme", p.themes),
                "ni": [ni_label(n) for n in p.national_indicators],
                "region": titles("region", [p.region]),
                "stage": titles("journey-stage", p.journey_stages),
                "evidence": titles("evidence-level", [p.evidence.level]),
            },
            record=p,
            links=catalogue.practice_links[p.id],
            outcomes_page=outcomes_page,
        )
    def tagged(kind: str, record: m.LessonStage | m.Guidance) -> dict[str, Any]:
        """Context for a record tagged with client groups and themes: its facets and links."""
        return {
            "facets": {
                "kind": [KIND_LABELS[kind]],
                "client_group": titles("client-group", record.client_groups),
                "theme": titles("theme", record.themes),
            },
            "themes": [catalogue.entry("theme", t) for t in record.themes],
            "client_groups": [catalogue.entry("client-group", g) for g in record.client_groups],
            "source": catalogue.entry("document", record.source.document),
        }

    for lesson in c.lessons:
        entry = catalogue.entry("lesson", lesson.id)
        add("lesson.md.j2", entry.path, record=lesson, pilots=_pilot_entries(catalogue, lesson), **tagged("lesson", lesson))
    for theme in c.indicator_themes:
        entry = catalogue.entry("indicator-theme", theme.id)
        add(
            "indicator-theme.md.j2",
            entry.path,
            facets={
                "kind": [KIND_LABELS["indicator-theme"]],
                "client_group": titles("client-group", theme.client_groups),
                "ni": [ni_label(i.national_indicator) for i in theme.indicators if i.national_indicator],
            },
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
            facets={
                "kind": [KIND_LABELS["national-indicator"]],
                "client_group": titles("client-group", [ni.client_group] if ni.client_group else []),
                "ni": [ni_label(ni.id)],
            },
            record=ni,
            links=catalogue.ni_links[ni.id],
            source=catalogue.entry("document", ni.source.document),
        )
    for baseline in c.baselines:
        entry = catalogue.entry("baseline", baseline.id)
        add(
            "baseline.md.j2",
            entry.path,
            facets={"kind": [KIND_LABELS["baseline"]], "client_group": titles("client-group", [baseline.client_group])},
            record=baseline,
            client_group=catalogue.entry("client-group", baseline.client_group),
            source=catalogue.entry("document", baseline.source.document),
        )
    for guidance in c.guidance:
        entry = catalogue.entry("guidance", guidance.id)
        add("guidance.md.j2", entry.path, record=guidance, **tagged("guidance", guidance))
    for tool in c.tools:
        entry = catalogue.entry("tool", tool.id)
        add(
            f"{tool.kind}.md.j2",  # type: ignore[attr-defined]
            entry.path,
            facets={"kind": [KIND_LABELS["tool"]]},
            record=tool,
            stages=catalogue.entries_of("journey-stage"),
            stage_terms=catalogue.terms.get("journey-stage", {}),
            stage_members={e.id: catalogue.members[("journey-stage", e.id)] for e in catalogue.entries_of("journey-stage")},
            recommendations=catalogue.matrix_recommendations,
            source=catalogue.entry("document", tool.source.document),
        )
    for kind in TERM_KINDS:
        terms = catalogue.terms.get(kind, {})
        for term in terms.values():
            entry = catalogue.entry(kind, term.id)
            add(
                "term.md.j2",
                entry.path,
                facets={"kind": [KIND_LABELS["term"]]},
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
    groups = catalogue.entries_of("client-group")
    add(
        "home.md.j2",
        "index.md",
        psa16=[(g, catalogue.members[("client-group", g.id)]) for g in groups if catalogue.terms["client-group"][g.id].psa16],
        other_groups=[g for g in groups if not catalogue.terms["client-group"][g.id].psa16],
        latest=[
            (catalogue.entry("practice", p.id), p.published)
            for p in sorted(c.practice, key=lambda p: (p.published, p.id), reverse=True)[:HOME_LATEST]
        ],
        counts=c.counts(),
    )
    # Last of the pages with facets: the filters list every value the other pages carry.
    add("search.md.j2", "search/index.md", meta={"pagefind": False}, filters=filter_panel(facet_totals), browse_word=BROWSE_WORD)
    add(
        "gaps.md.j2",
        "gaps.md",
        coverage=catalogue.coverage,
        short_titles={i: t.short_title or t.title for i, t in catalogue.terms["client-group"].items()},  # type: ignore[attr-defined]
    )
    add("open-data.md.j2", "data/index.md")
    add("submit.md.j2", "submit/index.md", meta={"pagefind": False},
        form=form_html(sorted(form_fields(m.Practice, catalogue), key=lambda f: f["path"].startswith("source."))))
    pages["data/catalogue.json"] = catalogue_json(catalogue)
    pages["data/practice.csv"] = practice_csv(catalogue)
    pages["feed.xml"] = atom_feed(catalogue)

    for name, text in c.pages.items():
        if name in pages:
            raise RenderError(
                f"content/pages/{name} would replace the generated page {name}; rename the page"
            )
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


# --- open data --------------------------------------------------------------------------------


def catalogue_json(catalogue: Catalogue) -> str:
    """Every record and term as JSON, with its page path."""
    c = catalogue.content

    def records(kind: str, items: Iterable[m.Record]) -> list[dict[str, Any]]:
        return [
            {**item.model_dump(mode="json", exclude_none=True), "page": page_url(catalogue.entry(kind, item.id).path)}
            for item in sorted(items, key=lambda r: r.id)
        ]

    data = {
        "counts": c.counts(),
        "practice": records("practice", c.practice),
        "lessons": records("lesson", c.lessons),
        "indicator_themes": records("indicator-theme", c.indicator_themes),
        "national_indicators": records("national-indicator", c.national_indicators),
        "baselines": records("baseline", c.baselines),
        "guidance": records("guidance", c.guidance),
        "tools": records("tool", c.tools),
        "taxonomies": {
            name: taxonomy.model_dump(mode="json", exclude_none=True)
            for name, taxonomy in sorted(c.taxonomies.items())
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


PRACTICE_CSV_COLUMNS = [
    "id", "kind", "title", "summary", "client_groups", "themes", "national_indicators",
    "journey_stages", "region", "areas", "evidence_level", "delivered_by", "partners",
    "published", "source", "page",
]


def practice_csv(catalogue: Catalogue) -> str:
    """One row per practice example, taxonomy fields joined as titles."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PRACTICE_CSV_COLUMNS)
    for p in sorted(catalogue.content.practice, key=lambda p: p.id):
        links = catalogue.practice_links[p.id]
        joined = lambda entries: "; ".join(e.title for e in entries)  # noqa: E731
        writer.writerow(
            _defuse_cell(value)
            for value in [
                p.id, p.kind, p.title, p.summary, joined(links.client_groups), joined(links.themes),
                "; ".join(ni_label(n) for n in p.national_indicators), joined(links.journey_stages),
                links.region.title, joined(links.areas), links.evidence_level.title,
                "; ".join(p.delivered_by), "; ".join(p.partners), p.published.isoformat(),
                f"{links.source.title}, {p.source.section}", page_url(catalogue.entry("practice", p.id).path),
            ]
        )
    return out.getvalue()


def _defuse_cell(value: str) -> str:
    # Spreadsheets run a cell that starts with = + - @ as a formula; content is untrusted.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


FEED_SIZE = 50
HOME_LATEST = 6


def atom_feed(catalogue: Catalogue) -> str:
    """An Atom feed of the most recently published practice examples."""
    practice = sorted(catalogue.content.practice, key=lambda p: (p.published, p.id), reverse=True)[:FEED_SIZE]
    updated = practice[0].published.isoformat() if practice else "1970-01-01"
    entries = []
    for p in practice:
        url = page_url(catalogue.entry("practice", p.id).path)
        entries.append(
            "  <entry>\n"
            f"    <id>urn:joinedup:practice:{xml_escape(p.id)}</id>\n"
            f"    <title>{xml_escape(p.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{xml_escape(url)}"/>\n'
            f"    <updated>{p.published.isoformat()}T00:00:00Z</updated>\n"
            f"    <summary>{xml_escape(p.summary)}</summary>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>urn:joinedup:practice</id>\n"
        "  <title>Joined Up: new practice examples</title>\n"
        '  <link rel="self" href="feed.xml"/>\n'
        f"  <updated>{updated}T00:00:00Z</updated>\n"
        "  <author><name>Joined Up</name></author>\n"
        + "".join(entries)
        + "</feed>\n"
    )


# --- the submission form, generated from the practice model -------------------------------------

# Fields the form leaves out: fixed, editor-only, or personal data that needs recorded consent.
FORM_SKIPS = {"kind", "related", "reviewed", "email", "phone", "consent"}
TEXTAREA_MIN_LENGTH = 1000


def _unwrap_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return options[0] if len(options) == 1 else hint
    return hint


def form_fields(model: type[m.Model], catalogue: Catalogue, prefix: tuple[str, ...] = (), parent_required: bool = True) -> list[dict[str, Any]]:
    """Field descriptions for a form from a content model: path, label, widget, choices."""
    schema = model.model_json_schema()
    fields: list[dict[str, Any]] = []
    for name, info in model.model_fields.items():
        if name in FORM_SKIPS:
            continue
        path = prefix + (name,)
        required = parent_required and info.is_required()
        hint = _unwrap_optional(info.annotation)
        prop = schema["properties"].get(name, {})
        spec: dict[str, Any] = {
            "path": ".".join(path),
            "label": name.replace("_", " ").capitalize(),
            "help": info.description or "",
            "required": required,
            # required only once any field of its (optional) group is filled in
            "group_required": info.is_required() and not parent_required,
        }
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            fields += form_fields(hint, catalogue, path, required)
            continue
        if get_origin(hint) is list:
            item = get_args(hint)[0]
            kind = m.ref_kind(item)
            if kind:
                spec.update(widget="choices", choices=_choices(catalogue, kind))
            else:
                spec.update(widget="lines")
            spec["required"] = required and bool(info.metadata and any(getattr(x, "min_length", 0) for x in info.metadata))
        elif kind := m.ref_kind(hint, info.metadata):
            spec.update(widget="choice", choices=_choices(catalogue, kind))
        elif hint is datetime.date:
            spec.update(widget="date")
        elif hint is int or get_origin(hint) is None and prop.get("type") == "integer":
            spec.update(widget="number")
        elif name == "id":
            spec.update(widget="id")
        else:
            long_text = (prop.get("maxLength") or (prop.get("anyOf") or [{}])[0].get("maxLength") or 0) >= TEXTAREA_MIN_LENGTH
            spec.update(widget="text" if long_text else "line")
        fields.append(spec)
    return fields


def _choices(catalogue: Catalogue, kind: str) -> list[tuple[str, str]]:
    if kind == "national-indicator":
        return [(e.id, e.title) for e in catalogue.entries_of(kind)]
    return [(ident, term.title) for ident, term in catalogue.terms.get(kind, {}).items()]


def form_html(fields: list[dict[str, Any]]) -> Markup:
    """The submission form as HTML; every label and choice is escaped."""
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    out = ['<form id="ju-submit-form" class="ju-submit" novalidate>']
    for spec in fields:
        fid = "f-" + spec["path"].replace(".", "-")
        required = ' data-required="true"' if spec["required"] else ""
        label = esc(spec["label"]) + (' <span class="ju-required">(required)</span>' if spec["required"] else "")
        hint_id = f"{fid}-hint"
        error_id = f"{fid}-error"
        described = f'aria-describedby="{hint_id} {error_id}"'
        hint = f'<p class="ju-hint" id="{hint_id}">{esc(spec["help"])}</p>'
        error = f'<p class="ju-error" id="{error_id}" hidden></p>'
        if spec.get("group_required"):
            required += ' data-group-required="true"'
        common = f'data-path="{esc(spec["path"])}" data-widget="{spec["widget"]}"{required}'
        if spec["widget"] in ("choices", "choice"):
            kind = "checkbox" if spec["widget"] == "choices" else "radio"
            options = "".join(
                f'<div class="ju-option"><input type="{kind}" id="{fid}-{esc(value)}" name="{esc(spec["path"])}" value="{esc(value)}">'
                f'<label for="{fid}-{esc(value)}">{esc(title)}</label></div>'
                for value, title in spec["choices"]
            )
            out.append(
                f'<fieldset class="ju-field" id="{fid}" {common} {described}><legend>{label}</legend>{hint}{options}{error}</fieldset>'
            )
            continue
        if spec["widget"] in ("text", "lines"):
            extra = " One item per line." if spec["widget"] == "lines" else ""
            hint = f'<p class="ju-hint" id="{hint_id}">{esc(spec["help"])}{extra}</p>'
            control = f'<textarea id="{fid}" rows="4" {common} {described}></textarea>'
        else:
            kind = {"date": "date", "number": "number"}.get(spec["widget"], "text")
            control = f'<input type="{kind}" id="{fid}" {common} {described}>'
        out.append(f'<div class="ju-field"><label for="{fid}">{label}</label>{hint}{control}{error}</div>')
    out.append(
        '<div class="ju-submit__actions">'
        '<button type="submit" class="md-button md-button--primary">Check and make the file</button>'
        "</div></form>"
    )
    return Markup("\n".join(out))
