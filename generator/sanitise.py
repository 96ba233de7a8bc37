"""What contributed text may become in a page: one nh3 allow-list for the HTML that Markdown
made of it, links judged by scheme as a browser reads them, and hand-written pages rebuilt as
Markdown that can mean nothing else.

Free text (render/markup.py's ``prose``) and hand-written pages (content/pages/) are both
turned into HTML by Python-Markdown and sanitised here, never judged from their source.
A page then goes back to Markdown through ``page_body``, with every piece of text escaped, so
MkDocs gives its headings their ids and resolves its links, but whatever the editor wrote can
only mean what the sanitised HTML meant: no raw HTML, no attribute list (so no contributed id or
class), no link but http, https, mailto and relative ones. The validator asks ``page_removals``
what sanitising takes out, to tell the editor.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Iterator

import markdown
import nh3

# Characters Python-Markdown treats as syntax and accepts backslash escapes for.
MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
WHITESPACE = re.compile(r"\s+")

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "code", "a", "blockquote", "abbr"}
# A page is a document, not a paragraph: it may have headings, rules and code blocks as well.
PAGE_TAGS = ALLOWED_TAGS | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
# An e-mail address in content is refused unless its person consented (validate/personal.py),
# so a mailto: link can only carry an address that may be published.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# A browser drops C0 controls and spaces around a URL and tabs and line breaks inside it before
# reading the scheme, so "\x01java\tscript:" is javascript:.
_URL_IGNORED_AROUND = "".join(map(chr, range(0x21)))
_URL_IGNORED_INSIDE = re.compile(r"[\t\n\r]")
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def link_scheme(href: str) -> str | None:
    """The scheme a browser would use for ``href`` (lower case), or None for a relative link."""
    cleaned = _URL_IGNORED_INSIDE.sub("", href.strip(_URL_IGNORED_AROUND))
    match = _URL_SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def allowed_link(href: str) -> bool:
    scheme = link_scheme(href)
    return scheme is None or scheme in ALLOWED_URL_SCHEMES


def sanitise(fragment: str, tags: set[str] = ALLOWED_TAGS) -> str:
    return nh3.clean(
        fragment,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_judged_links,
    )


def _judged_links(tag: str, attribute: str, value: str) -> str | None:
    # nh3 reads schemes as a browser does too; this keeps the decision ours, in one place.
    if attribute == "href" and not allowed_link(value):
        return None
    return value


# Plain Markdown: no extension lets page text add attributes, raw blocks or includes.
_page_html_markdown = markdown.Markdown(extensions=[], output_format="html")


def page_html(text: str) -> str:
    """What Python-Markdown makes of a hand-written page, before sanitising."""
    _page_html_markdown.reset()
    return _page_html_markdown.convert(text)


def page_body(text: str) -> str:
    """A hand-written page as Markdown that can only mean what its sanitised HTML means."""
    tree = _parse(sanitise(page_html(text), PAGE_TAGS))
    return "\n\n".join(_blocks(tree.children)) + "\n"


def page_removals(text: str) -> Iterator[tuple[str, str]]:
    """What sanitising takes out of a page: (the source text to look for, what and why)."""
    for element in _parse(page_html(text)).iter():
        if element.tag not in PAGE_TAGS:
            yield f"<{element.tag}", f"raw HTML (<{element.tag}>) is not published; write Markdown instead"
            continue
        for name, value in element.attrs.items():
            if name == "href" and element.tag == "a":
                if not allowed_link(value):
                    yield value, (
                        f"a link to '{link_scheme(value)}:' is not published; links may be http, https, "
                        "mailto or an address on this site"
                    )
            elif name not in ALLOWED_ATTRIBUTES.get(element.tag, set()):
                yield f"{name}=", f"the attribute '{name}' is not published; pages cannot set attributes"


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list["_Element | str"] = field(default_factory=list)

    def iter(self) -> Iterator["_Element"]:
        for child in self.children:
            if isinstance(child, _Element):
                yield child
                yield from child.iter()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    """HTML to a small element tree; attribute values and text come out decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in _VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def _parse(fragment: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {"p", "ul", "ol", "blockquote", "pre", "hr", *_HEADINGS}


def _blocks(nodes: list[_Element | str]) -> list[str]:
    """Block-level nodes as Markdown blocks; loose inline nodes make a paragraph between them."""
    blocks: list[str] = []
    run: list[_Element | str] = []

    def end_run() -> None:
        paragraph = _inline(run).strip()
        if paragraph:
            blocks.append(paragraph)
        run.clear()

    for node in nodes:
        if isinstance(node, str) or node.tag not in _BLOCKS:
            run.append(node)
            continue
        end_run()
        if node.tag == "p":
            run.extend(node.children)
            end_run()
        elif node.tag in _HEADINGS:
            heading = _inline(node.children).replace("  \n", " ").strip()
            if heading:
                blocks.append("#" * _HEADINGS[node.tag] + " " + heading)
        elif node.tag in ("ul", "ol"):
            items = [_list_item(item, "1. " if node.tag == "ol" else "- ") for item in node.children if isinstance(item, _Element)]
            if items:
                blocks.append("\n".join(items))
        elif node.tag == "blockquote":
            inner = "\n\n".join(_blocks(node.children))
            blocks.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        elif node.tag == "pre":
            code = node.text().strip("\n")
            if code.strip():  # an indented code block shows its text as it is
                blocks.append("\n".join("    " + line for line in code.split("\n")))
        elif node.tag == "hr":
            blocks.append("* * *")
    end_run()
    return blocks


def _list_item(item: _Element, marker: str) -> str:
    inner = "\n\n".join(_blocks(item.children)) or _md_text(" ")
    lines = inner.split("\n")
    return "\n".join([marker + lines[0], *(("    " + line) if line else "" for line in lines[1:])])


def _inline(nodes: list[_Element | str]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(_md_text(node))
        elif node.tag == "br":
            parts.append("  \n")
        elif node.tag == "code":
            parts.append(_code_span(node.text()))
        elif node.tag in ("em", "strong"):
            parts.append(_emphasis(_inline(node.children), "*" if node.tag == "em" else "**"))
        elif node.tag == "a" and node.attrs.get("href") and allowed_link(node.attrs["href"]):
            label = _inline(node.children).strip() or _md_text(node.attrs["href"])
            parts.append(f"[{label}]({_link_target(node.attrs['href'])})")
        else:
            parts.append(_inline(node.children))
    # A line made by <br> never starts a Markdown block (":" would begin a definition).
    return re.sub(r"  \n\s*:", "  \n&#58;", "".join(parts))


def _md_text(text: str) -> str:
    """Text shown exactly as it is: escaped for HTML and for every piece of Markdown syntax."""
    text = html.escape(WHITESPACE.sub(" ", text), quote=False)
    return MARKDOWN_SYNTAX.sub(r"\\\1", text)


def _emphasis(inner: str, marker: str) -> str:
    stripped = inner.strip()
    if not stripped:
        return inner
    before, after = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
    return f"{before}{marker}{stripped}{marker}{after}"


def _code_span(code: str) -> str:
    code = WHITESPACE.sub(" ", code)
    fence = "`" * (max((len(run) for run in re.findall("`+", code)), default=0) + 1)
    return f"{fence} {code} {fence}" if code.strip() else ""


_URL_UNSAFE_IN_MARKDOWN = re.compile(r"[\s<>()\\]")


def _link_target(href: str) -> str:
    # Percent-encoded, these characters cannot end the link or start an escape; MkDocs still
    # resolves a link to another page by its .md path.
    return _URL_UNSAFE_IN_MARKDOWN.sub(lambda match: f"%{ord(match.group()):02X}", href)
