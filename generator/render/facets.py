"""Search facets: the hidden Pagefind filter markers every page carries, and the search page's
filter panel that lists every value with its site-wide count."""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Iterable, Mapping

from markupsafe import Markup

from .markup import html_escape

FACET_LABELS = {
    "kind": "Content kind",
    "client_group": "Client group",
    "theme": "Theme",
    "ni": "National Indicator",
    "region": "Region",
    "stage": "Journey stage",
    "evidence": "Evidence level",
}

# a facet's name as printed in the page: only these, never a name from content
FACET_NAMES = {name: name for name in FACET_LABELS}

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

# facet name -> the values one page carries
Facets = Mapping[str, Iterable[str]]


def ni_label(ident: str) -> str:
    return "NI " + ident.removeprefix("ni-")


# A word no reader types, indexed once on every page with facets. Pagefind answers a search
# with no words (filters only) by fetching its whole word index, megabytes at thousands of
# pages; browsing by filters searches for this word instead, which needs one small chunk.
BROWSE_WORD = "qxbrowse"
# A browse lists pages in the order of the browse word's weight: practice examples and pilots,
# the heart of the site, before the lessons, indicators and guidance that share their filters.
BROWSE_FIRST = {KIND_LABELS["practice"], KIND_LABELS["pilot"]}


# How much the vocabulary's words count beside the page's own (1 is body text). The names of
# the terms a page is filed under say what it is about, as its focus does; the equivalents of
# the abbreviations it uses count for less than the words themselves, as they may come from a
# mention in passing.
TERM_NAMES_WEIGHT = "2"
EQUIVALENTS_WEIGHT = "0.5"


def facet_block(facets: Facets, term_names: Iterable[str] = (), equivalents: Iterable[str] = ()) -> Markup:
    """Hidden Pagefind filter markers for a page, the browse word, and the other words the page
    is found by (from the vocabulary: ``term_names``, ``equivalents``); values are escaped.

    The vocabulary comes after the browse word, the last of the page's text: the search script
    shows no excerpt from the browse word on, so these words find a page but are never shown."""
    # Pagefind reads a filter's name and value from the page source as written, without turning
    # character references back into characters, so they are HTML-escaped only: a name is one
    # of the project's own, and the block stands alone, where Markdown reads no syntax.
    spans = [
        f'<span data-pagefind-filter="{FACET_NAMES[name]}:{html.escape(value, quote=True)}"></span>'
        for name, values in facets.items()
        for value in values
    ]
    weight = "10" if BROWSE_FIRST & set(facets.get("kind", ())) else "0.1"
    spans.append(f'<span data-pagefind-weight="{weight}">{BROWSE_WORD}</span>')
    for words, weight in ((term_names, TERM_NAMES_WEIGHT), (equivalents, EQUIVALENTS_WEIGHT)):
        text = " · ".join(html_escape(word) for word in words)
        if text:
            spans.append(f'<span data-pagefind-weight="{weight}">{text}</span>')
    return Markup('<div class="ju-facets" hidden>\n' + "\n".join(spans) + "\n</div>")


def facet_totals(every_page: Iterable[Facets]) -> dict[str, Counter[str]]:
    """facet -> value -> how many pages carry it."""
    totals: dict[str, Counter[str]] = {}
    for facets in every_page:
        for name, values in facets.items():
            totals.setdefault(name, Counter()).update(values)
    return totals


def _natural_key(text: str) -> list[int | str]:
    """Sort "NI 18" before "NI 141": digit runs compare as numbers."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def filter_panel(totals: Mapping[str, Mapping[str, int]]) -> Markup:
    """The search page's filters: one collapsed group per facet, every value with its page count.

    The counts are the site-wide totals, known at build time, so browsing without a query needs
    none of Pagefind's filter indexes; the search script replaces them with live counts for the
    groups a reader opens. Hidden until the script has loaded search, as nothing works without it.
    """
    esc = html_escape
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
