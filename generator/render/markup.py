"""Contributed text made safe for a page: escaped when it is a label, sanitised when it is prose.

Every value a template prints is escaped for Markdown and HTML unless it is marked safe, and it
is marked safe only here: ``prose`` and ``bullets`` turn free text into HTML with Python-Markdown
and pass what Markdown produced through one nh3 allow-list. So raw HTML, attribute lists and
dangerous URLs in content cannot reach the built page as active content.

Hand-written pages take the same road (generator/sanitise.py has the allow-list and the rules).
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any, Iterable, Mapping

import markdown
from markupsafe import Markup

from ..sanitise import MARKDOWN_SYNTAX, WHITESPACE, page_body, sanitise

_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def md_escape(value: Any) -> Markup:
    """Text made inert for Markdown and HTML: shown literally, on one line."""
    if isinstance(value, Markup):
        return value
    return _escaped(str(value))


@functools.lru_cache(maxsize=65536)
def _escaped(text: str) -> Markup:
    # Titles and labels repeat on many pages; escaping each once keeps rendering fast.
    text = html.escape(WHITESPACE.sub(" ", text).strip(), quote=False)
    return Markup(MARKDOWN_SYNTAX.sub(r"\\\1", text))


# Python-Markdown runs its link, emphasis and code patterns before it recognises inline raw HTML,
# so these characters inside an attribute of a tag in a paragraph or table cell still act: a
# term title '![x](javascript:...)' became an <img> inside the gap map's aria-label.
_MARKDOWN_IN_RAW_HTML = re.compile(r"[\\`*_{}\[\]()!|]")


def html_escape(value: Any) -> Markup:
    """Text for raw HTML in a generated Markdown page: HTML-escaped, and every piece of Markdown
    syntax written as a character reference, which the browser reads back as the character."""
    escaped = html.escape(str(value), quote=True)
    return Markup(_MARKDOWN_IN_RAW_HTML.sub(lambda match: f"&#{ord(match.group())};", escaped))


def md_unescape(text: str) -> str:
    """The inverse of ``md_escape``: the plain text a reader sees."""
    return html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", text))


def with_front_matter(text: str, meta: Mapping[str, Any]) -> str:
    """Give a generated page its title, description (and any other metadata) as front matter.

    A title is HTML, as MkDocs' ``page.title`` is (the navigation prints it as it is): escaped
    here, so contributed text stays inert in the navigation and in <title>. The description
    (plain text; the theme escapes it into the meta description and Open Graph tags) is the
    page's own opening paragraph, unless the page family gave one.
    """
    first, _, rest = text.partition("\n")
    values = dict(meta)
    if first.startswith("# "):
        title = md_unescape(first[2:])
        values["title"] = html.escape(title, quote=True)
        values.setdefault("description", _description(title, opening_paragraph(rest)))
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in values.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + text


DESCRIPTION_LENGTH = 160
_OPENING_HTML = re.compile(r'<div class="ju-(?:summary|prose)"[^>]*>\s*<p>(.*?)</p>', re.S)
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<!\\)\*+")


def _description(title: str, opening: str) -> str:
    # A short opening ("One of the four PSA16 client groups.") is shared by many pages: with the
    # title in front, each page's description says what it is about.
    if len(opening) >= DESCRIPTION_LENGTH - 30:
        return opening
    if not opening:
        return title
    stop = "" if title.endswith((".", "?", "!")) else "."
    return shortened(f"{title}{stop} {opening}", DESCRIPTION_LENGTH)


def opening_paragraph(body: str) -> str:
    """The plain text of a generated page's first paragraph, shortened for a meta description;
    empty when the page opens with something else (a card, a table, a form, a list).

    It reads only the generator's own output: a summary or prose block (HTML that ``prose``
    already sanitised) or a templated paragraph of escaped Markdown.
    """
    block = body.lstrip("\n").split("\n\n", 1)[0]
    found = _OPENING_HTML.match(block)
    if found:
        text = html.unescape(_TAG.sub("", found.group(1)))
    elif block[:1].isalpha() or block.startswith(("**", "[")):
        # the only tags in escaped Markdown are the abbreviation markup's
        text = md_unescape(_EMPHASIS.sub("", _MARKDOWN_LINK.sub(r"\1", _TAG.sub("", block))))
    else:
        return ""
    return shortened(WHITESPACE.sub(" ", text).strip(), DESCRIPTION_LENGTH)


def shortened(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


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


# What would make Markdown read an item's start as a list, heading or quote of its own.
_BLOCK_MARKER = re.compile(r"^(\s*)([-+*>]|#{1,6}|\d+(?=[.)]))(?=\s|$|[.)])")


def _escape_marker(found: re.Match[str]) -> str:
    indent, marker = found.groups()
    # "1." is a list only through its dot (or bracket), so that is what is escaped
    return indent + (marker + "\\" if marker.isdigit() else "\\" + marker)


def bullets(items: Iterable[str] | None, css_class: str = "ju-list") -> Markup:
    """A list of free-text items as a sanitised HTML list.

    Each item is already a bullet, so a leading ``- `` or ``# `` is text the editor wrote (as in
    "- 1 in 3 tenants"), not a list or heading inside the bullet: it is escaped to show as typed.
    """
    items = list(items or [])
    if not items:
        return Markup("")
    rendered = []
    for item in items:
        fragment = _to_html(_BLOCK_MARKER.sub(_escape_marker, item, count=1))
        # A one-paragraph item does not need its <p> wrapper inside <li>.
        if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
            fragment = fragment[3:-4]
        rendered.append(f"<li>{fragment}</li>")
    return Markup(f'<ul class="{css_class}">\n{_no_blank_lines(chr(10).join(rendered))}\n</ul>')


def _no_blank_lines(fragment: str) -> str:
    # A blank line would end Python-Markdown's raw HTML block early.
    return "\n".join(line for line in fragment.splitlines() if line.strip())


# What the abbreviation markup must leave as it is in a page's Markdown: headings and
# admonition titles (their text makes the ids), tags and their attributes, the text of links,
# code and elements that may hold no link, Markdown links and code spans.
_UNTOUCHABLE = re.compile(
    r"^\#{1,6}[ \t][^\n]*$"
    r"|^!!![^\n]*$"
    r"|<(a|abbr|code|pre|script|style|svg|option|select|textarea|button|summary|label|title)\b[^>]*>[\s\S]*?</\1\s*>"
    r"|<[^>]*>"
    r"|!?\[(?:\\.|[^\]\\\n])*\]\([^)\n]*\)"
    r"|`[^`\n]*`",
    re.MULTILINE,
)


def mark_abbreviations(text: str, abbreviations: tuple[re.Pattern[str], Mapping[str, Any]], glossary_url: str) -> str:
    """The first use of each glossary abbreviation in a page's Markdown, marked up: a link to its
    glossary entry around an <abbr> whose title says what it stands for. Later uses stay plain,
    so a page is not cluttered; headings, links, tags and code are never touched, so no id
    and no link text changes. The entries come from the glossary, never from a page's text."""
    pattern, entries = abbreviations
    marked: set[str] = set()

    def mark(match: re.Match[str]) -> str:
        entry = entries[match.group()]
        if entry.id in marked:
            return match.group()
        marked.add(entry.id)
        meaning = html_escape(entry.expansion or entry.definition)
        return (f'<a class="ju-abbr" href="{glossary_url}#{entry.id}"><abbr title="{meaning}">'
                f"{match.group()}</abbr></a>")

    out = []
    position = 0
    for untouchable in _UNTOUCHABLE.finditer(text):
        out.append(pattern.sub(mark, text[position:untouchable.start()]))
        out.append(untouchable.group())
        position = untouchable.end()
    out.append(pattern.sub(mark, text[position:]))
    return "".join(out)


def unharvestable(address: str) -> str:
    """An e-mail address written out for people, not as a mailto: link for harvesters."""
    local, _, domain = address.partition("@")
    return f"{local} (at) {domain.replace('.', ' (dot) ')}"


def page_markdown(text: str) -> str:
    """A hand-written page as Markdown that can only mean what its sanitised HTML means."""
    return with_front_matter(page_body(text), {})
