"""The Jinja2 environment the page templates (generator/templates/) render in.

Every printed value passes through ``md_escape`` (the environment's ``finalize``) unless a
filter here has marked it safe: ``prose``/``bullets`` (sanitised HTML), ``link`` (an internal
Markdown link with an escaped label), ``h`` (HTML-escaped), ``slug`` (a validated id).
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING, Any, Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from .. import model as m
from ..link import Entry, box_anchor, indicator_anchor, section_anchor
from .figures import figure_chart, value_name, value_phrase, value_text
from .markup import bullets, html_escape, md_escape, prose, unharvestable
from .urls import relative, url_between

if TYPE_CHECKING:
    from .listing import ListingPage


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


@functools.lru_cache(maxsize=1)
def page_environment() -> Environment:
    """The environment for Markdown pages: escaping by default, and the safe filters."""
    env = template_environment(autoescape=True, finalize=md_escape)
    env.filters.update(
        prose=prose,
        bullets=bullets,
        link=_link,
        links=_links,
        url=_url,
        anchor=_anchor,
        anchors=_anchors,
        href=_href,
        percent=_percent,
        number=lambda n: f"{n:,}",
        unharvestable=unharvestable,
        plural=lambda n, noun: f"{n} {noun}{'' if n == 1 else 's'}",
        h=html_escape,
        # The matrix pairs each excellent characteristic with the fair one on the same row.
        zip=lambda a, b: list(itertools.zip_longest(a, b, fillvalue="")),
        slug=_slug,
        figure_chart=figure_chart,
    )
    # Anchors are built from numbers and slugs, never from free text, so they are safe.
    env.globals.update(
        section_anchor=lambda section: Markup(section_anchor(section)),
        box_anchor=lambda box: Markup(box_anchor(box)),
        indicator_anchor=lambda indicator, position: Markup(indicator_anchor(indicator, position)),
        pager=_pager,
        value_text=value_text,
        value_name=value_name,
        value_phrase=value_phrase,
    )
    return env


@pass_context
def _href(context: Any, target: Entry | str, anchor: str = "") -> Markup:
    path = target.path if isinstance(target, Entry) else target
    if anchor:
        path = f"{path}#{anchor}"
    return Markup(relative(path, context["page_path"]))


@pass_context
def _url(context: Any, target: Entry | str) -> Markup:
    """The built address of a page, relative to this one's, for a raw HTML link."""
    path = target.path if isinstance(target, Entry) else target
    return html_escape(url_between(path, context["page_path"]))


# A number in the pager is read out as "Page 3"; sighted readers see the number in its row.
PAGE_WORD = '<span class="ju-visually-hidden">Page </span>'


@pass_context
def _anchor(context: Any, target: Entry, fragment: str = "") -> Markup:
    """A raw HTML link to a page, its title escaped (for HTML blocks Markdown does not parse)."""
    href = html_escape(url_between(target.path, context["page_path"]) + (f"#{fragment}" if fragment else ""))
    return Markup(f'<a href="{href}">{html_escape(target.title)}</a>')


@pass_context
def _anchors(context: Any, targets: Iterable[Entry], separator: str = ", ") -> Markup:
    return Markup(separator.join(_anchor(context, t) for t in targets))


@pass_context
def _pager(context: Any, listing: ListingPage) -> Markup:
    """Numbered links to every page of a listing (or, for a long one, those nearest and every
    tenth), with Previous and Next marked rel prev and next."""
    if listing.pages < 2:
        return Markup("")
    here = context["page_path"]

    def link(number: int, text: str, rel: str = "") -> str:
        href = html_escape(url_between(listing.paths[number - 1], here))
        rel_attribute = f' rel="{rel}"' if rel else ""
        return f'<a href="{href}"{rel_attribute}>{text}</a>'

    label = html_escape(f"Pages of {listing.label}")
    out = [f'<nav class="ju-pager" aria-label="{label}">', "<ul>"]
    if listing.number > 1:
        out.append(f"<li>{link(listing.number - 1, 'Previous', 'prev')}</li>")
    for number in listing.pager():
        if number is None:
            out.append('<li class="ju-pager__gap" aria-hidden="true">…</li>')
        elif number == listing.number:
            out.append(f'<li><span aria-current="page">{PAGE_WORD}{number}</span></li>')
        else:
            out.append(f"<li>{link(number, PAGE_WORD + str(number))}</li>")
    if listing.number < listing.pages:
        out.append(f"<li>{link(listing.number + 1, 'Next', 'next')}</li>")
    out += ["</ul>", "</nav>"]
    return Markup("\n".join(out))


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
