"""Hostile and broken input: nothing from content runs in a browser, nothing is lost or leaked."""

from __future__ import annotations

import ast
import os
import copy
import csv
import io
import re
import shutil
import types
from pathlib import Path, PurePosixPath
from typing import Union, get_args, get_origin, get_type_hints

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from generator import model as m
from generator.load import load_text
from generator.sanitise import link_scheme
from generator.validate import validate
from generator.validate.schema import model_for

from .conftest import REPO, build_into, run_joinedup, tree_digest

PAYLOADS = [
    '<script>alert("xss-script")</script>',
    "<img src=x onerror=\"alert('xss-img')\">",
    "<a href=\"javascript:alert('xss-href')\">click</a>",
    "[click](javascript:alert('xss-md-link'))",
    "![pic](javascript:alert('xss-md-image'))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert('xss-autolink')>",
    'Heading text {: onclick="alert(\'xss-attr-list\')" }',
    "{: .x onmouseover=alert('xss-attr-list-2') }",
    "<svg onload=alert('xss-svg')></svg>",
    '<iframe src="javascript:alert(\'xss-iframe\')"></iframe>',
    '" onmouseover="alert(\'xss-breakout\')" x="',
    "<a href=\"vbscript:msgbox('xss-vb')\">vb</a>",
    "<style>body{display:none}</style><form action=https://evil.example/><input name=x></form>",
    "<object data=javascript:alert('xss-object')></object>",
    "An external [link](https://example.org/resource) for rel checks",
    "&lt;/title&gt;&lt;script&gt;alert('xss-entity')&lt;/script&gt;",
    "</title><script>alert('xss-title')</script>",
]

# Fields of a practice file that hold ids, dates or flags rather than free text.
NOT_FREE_TEXT = {
    "id", "kind", "client_groups", "themes", "national_indicators", "journey_stages", "region",
    "areas", "related", "level", "document", "published", "review_by", "as_of", "consent",
    "email", "phone", "unit", "per", "qualifier",
}


def plant(value, payloads, counter):
    """Replace every free-text string in ``value`` with the next payload."""
    if isinstance(value, dict):
        return {k: (v if k in NOT_FREE_TEXT else plant(v, payloads, counter)) for k, v in value.items()}
    if isinstance(value, list):
        return [plant(v, payloads, counter) for v in value]
    if isinstance(value, str):
        counter[0] += 1
        # numbered, so that values which must differ (a key figure's labels) still do
        return f"{payloads[counter[0] % len(payloads)]} {counter[0]}"
    return value


# Hand-written page payloads: Markdown that a regex over the source took for code, an attribute
# list naming the theme's own ids and classes, and links whose scheme hides behind a character
# reference a browser decodes and then strips (a literal control character is refused outright).
PAGE_PAYLOADS = """

Text \\`<img src=x onerror="alert('xss-page-backtick')">` end.

~~~ not a fence
<img src=x onerror="alert('xss-page-tilde')">

A paragraph that claims the theme's configuration.
{: #__config }

## A heading with an id {: #ju-drawer .md-header }

A paragraph with a class {: .md-typeset #ju-main }

[hidden control](&#1;javascript:alert('xss-page-c0')) and [hidden tab](java&#x09;script:alert('xss-page-tab'))
and [spaced]( &#x20;javascript:alert('xss-page-space')) and [data](data:text/html,<script>alert('xss-page-data')</script>).

<div markdown="1" onclick="alert('xss-page-md-in-html')">*md_in_html*</div>

An external [page link](https://example.org/page) for rel checks.
"""


def text_fields_planted(value, hint, counter):
    """``value`` with every string the model types as free text or a line (never an id, a
    reference or a date) replaced by the next payload."""
    hint = _unoptional(hint)
    if hint in (m.Text, m.Line) and isinstance(value, str):
        counter[0] += 1
        # numbered, since names, titles and synonyms must stay distinct
        return f"{PAYLOADS[counter[0] % len(PAYLOADS)]} {counter[0]}"
    if get_origin(hint) is list and isinstance(value, list):
        (item_hint,) = get_args(hint)
        return [text_fields_planted(item, item_hint, counter) for item in value]
    if isinstance(hint, type) and issubclass(hint, BaseModel) and isinstance(value, dict):
        hints = get_type_hints(hint, include_extras=True)
        return {key: text_fields_planted(item, hints.get(key), counter) for key, item in value.items()}
    return value


def _unoptional(hint):
    if get_origin(hint) in (Union, types.UnionType):
        options = [option for option in get_args(hint) if option is not type(None)]
        return options[0] if len(options) == 1 else hint
    return hint


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory) -> Path:
    """The real content with a payload in every free-text and one-line field of every record of
    every kind, the titles of three examples chosen to break out of <title> and <h1>, a theme
    title that ends up in attributes, and PAGE_PAYLOADS in every hand-written page."""
    content = tmp_path_factory.mktemp("hostile-content") / "content"
    shutil.copytree(REPO / "content", content)
    counter = [0]
    for path in sorted(content.rglob("*.yml")):
        relative = path.relative_to(content)
        loaded, problems = load_text(path.read_text(encoding="utf-8"), relative.as_posix(), path)
        assert loaded is not None, problems
        model_cls, _ = model_for(loaded, PurePosixPath(relative))
        planted = text_fields_planted(loaded.data, model_cls, counter)
        path.write_text(yaml.safe_dump(planted, allow_unicode=True, width=10_000, sort_keys=False), encoding="utf-8")
    titles = {
        "oxfordshire-joint-housing-team": PAYLOADS[0],
        "doncaster-on-track": PAYLOADS[-2],
        "north-lincolnshire-spiders": PAYLOADS[-1],
    }
    for name, title in titles.items():
        path = content / "practice" / f"{name}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["title"] = title  # the title becomes the <h1> and the <title>
        path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10_000, sort_keys=False), encoding="utf-8")
    themes = content / "taxonomy" / "themes.yml"
    data = yaml.safe_load(themes.read_text(encoding="utf-8"))
    partnership = next(term for term in data["terms"] if term["id"] == "partnership-working")
    partnership["title"] = "Partnership\" onmouseover=\"alert('xss-theme')"
    themes.write_text(yaml.safe_dump(data, allow_unicode=True, width=10_000, sort_keys=False), encoding="utf-8")
    for page in sorted((content / "pages").glob("*.md")):
        page.write_text(page.read_text(encoding="utf-8") + PAGE_PAYLOADS, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def hostile_site(hostile_content: Path) -> Path:
    """``hostile_content`` built end to end."""
    tmp = hostile_content.parent
    result = run_joinedup(
        "build", "--content", str(hostile_content), "--site", str(tmp / "site"), "--build-dir", str(tmp / "build")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp / "site"


DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "poster", "background")


def test_no_payload_becomes_active_content_on_any_page(hostile_site: Path):
    findings = []
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(hostile_site).as_posix()
        for tag in soup.find_all(True):
            for attribute, value in tag.attrs.items():
                if attribute.lower().startswith("on"):
                    findings.append(f"{where}: <{tag.name} {attribute}=...>")
                if attribute.lower() in URL_ATTRIBUTES and DANGEROUS_SCHEME.match(str(value)):
                    findings.append(f"{where}: <{tag.name} {attribute}={value}>")
        for script in soup.find_all("script"):
            if "xss" in script.get_text() or "alert(" in script.get_text():
                findings.append(f"{where}: injected <script>")
        for tag in soup.find_all(["iframe", "object", "embed", "style"]):
            if "xss" in str(tag) or "display:none" in str(tag):
                findings.append(f"{where}: injected <{tag.name}>")
        # The key-figure charts are SVG holding contributed text as text nodes (shown, inert);
        # the gap map's marks use the page's own symbols. An injected SVG would bring elements
        # or attributes of its own, or use something from elsewhere.
        for svg in soup.find_all("svg"):
            for tag in [svg, *svg.find_all(True)]:
                if tag.name not in ("svg", "path", "rect", "circle", "symbol", "use", "text", "g", "title") or any(
                    "xss" in str(v) for v in tag.attrs.values()
                ):
                    findings.append(f"{where}: injected <{tag.name}> in <svg>")
                if tag.name == "use" and not re.fullmatch(r"#ju-mark-[a-z0-9-]+", tag.get("href", "")):
                    findings.append(f"{where}: <use href={tag.get('href')}> in <svg>")
        for form in soup.find_all("form"):
            if "evil" in form.get("action", ""):
                findings.append(f"{where}: injected <form>")
    assert findings == []


def test_planted_text_is_shown_as_text(hostile_site: Path):
    soup = BeautifulSoup(
        (hostile_site / "practice" / "oxfordshire-joint-housing-team" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    assert soup.find("h1").get_text().startswith('<script>alert("xss-script")</script>')
    # which free-text field gets the link payload depends on the entry's fields; one of the
    # planted pages shows it as a link
    planted_pages = [
        BeautifulSoup((hostile_site / "practice" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
        for name in ("oxfordshire-joint-housing-team", "doncaster-on-track", "north-lincolnshire-spiders")
    ]
    external = [
        a for page in planted_pages for a in page.find_all("a", href=True) if a["href"] == "https://example.org/resource"
    ]
    assert external
    for a in external:
        assert {"noopener", "noreferrer"} <= set(a.get("rel", []))


def test_hostile_site_search_filters_stay_attribute_values(hostile_site: Path):
    soup = BeautifulSoup(
        (hostile_site / "practice" / "oxfordshire-joint-housing-team" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    values = [s["data-pagefind-filter"] for s in soup.find_all(attrs={"data-pagefind-filter": True})]
    assert "theme:Partnership\" onmouseover=\"alert('xss-theme')" in values


def test_snippet_includes_cannot_read_content_files(content_copy: Path, tmp_path: Path):
    (content_copy / "pages" / "about.md").write_text(
        '# About\n\n--8<-- "practice/kettering-in-reach.yml"\n\n--8<-- "../content/practice/kettering-in-reach.yml"\n'
    )
    result = run_joinedup(
        "build", "--content", str(content_copy), "--site", str(tmp_path / "site"), "--build-dir", str(tmp_path / "build")
    )
    assert result.returncode == 0, result.stdout
    text = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "--8&lt;--" in text or "--8<--" in text
    assert "plans housing with prisoners" not in text


def test_a_build_writes_only_build_and_site(tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(
        REPO, project, ignore=shutil.ignore_patterns(".venv", ".git", "build", "site", "__pycache__", "*.egg-info")
    )
    before = tree_digest(project)
    result = run_joinedup("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    after = tree_digest(project, skip=("build/", "site/"))
    assert after == before
    assert (project / "site" / "index.html").is_file()


def test_published_contact_email_is_not_a_mailto_link(content_copy: Path, tmp_path: Path):
    path = content_copy / "practice" / "kettering-in-reach.yml"
    path.write_text(
        path.read_text().replace("  as_of: 2009\n", "  as_of: 2009\n  email: a.person@example.org\n  consent: true\n")
    )
    assert build_into(content_copy, tmp_path).returncode == 0
    html = (tmp_path / "site" / "practice" / "kettering-in-reach" / "index.html").read_text(encoding="utf-8")
    assert "a.person (at) example (dot) org" in html
    assert "a.person@example.org" not in html and "mailto:" not in html


# --- fuzzing ----------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40), st.dates()
)
yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=30,
)
REAL_FILES = sorted((REPO / "content").rglob("*.yml"))


def check_outcome(text: str, display: str) -> None:
    loaded, problems = load_text(text, display)
    if loaded is not None:
        _, found = validate([loaded], unreadable=[])
        problems = problems + found
    for problem in problems:
        assert problem.path == display
        assert problem.line >= 1
        assert problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(["id", "kind", "title", "summary", "themes", "x"]) | st.text(max_size=8), yaml_values, max_size=8))
def test_fuzzed_documents_give_success_or_problems(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    check_outcome(text, "content/practice/fuzz.yml")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0, max_value=len(REAL_FILES) - 1),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(["delete", "insert", "replace"]),
                             st.sampled_from(list(":-[]{}&*!|>'\"#%@` \n\t\u00e9") + ["no", "1.10", "2009-13-40"])),
                   min_size=1, max_size=6),
)
def test_mutated_real_files_give_success_or_problems(index, edits):
    path = REAL_FILES[index]
    text = path.read_text(encoding="utf-8")
    for position, action, piece in edits:
        at = position % (len(text) + 1)
        if action == "delete":
            text = text[:at] + text[at + len(piece):]
        elif action == "insert":
            text = text[:at] + piece + text[at:]
        else:
            text = text[:at] + piece + text[at + 1:]
    check_outcome(text, path.relative_to(REPO).as_posix())


# --- code hygiene -------------------------------------------------------------------------------

UNSAFE_YAML_CALLS = {"load", "load_all", "full_load", "full_load_all", "unsafe_load", "unsafe_load_all"}


def test_no_code_calls_yaml_load_without_the_safe_loader():
    offending = []
    for path in sorted((REPO / "generator").rglob("*.py")) + sorted((REPO / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in UNSAFE_YAML_CALLS and getattr(node.func.value, "id", "") == "yaml":
                    offending.append(f"{path.relative_to(REPO)}:{node.lineno}: yaml.{node.func.attr}")
                if node.func.attr in {"Loader", "UnsafeLoader", "FullLoader"}:
                    offending.append(f"{path.relative_to(REPO)}:{node.lineno}: yaml.{node.func.attr}")
            if isinstance(node, ast.Attribute) and node.attr in {"UnsafeLoader", "FullLoader", "Loader"}:
                if getattr(node.value, "id", "") == "yaml":
                    offending.append(f"{path.relative_to(REPO)}:{node.lineno}: yaml.{node.attr}")
    assert offending == []


# --- the loader reads regular files only (issue 13, hole 4) -------------------------------------


def test_links_devices_and_fifos_under_content_are_refused_not_read(content_copy: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nBUILD-MACHINE-SECRET\n")
    (content_copy / "pages" / "environ.md").symlink_to("/proc/self/environ")
    (content_copy / "pages" / "passwd.md").symlink_to("/etc/passwd")
    (content_copy / "pages" / "folder").symlink_to(outside, target_is_directory=True)
    (content_copy / "practice" / "linked.yml").symlink_to(content_copy / "practice" / "kettering-in-reach.yml")
    os.mkfifo(content_copy / "pages" / "pipe.md")
    result = build_into(content_copy, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for name in ("pages/environ.md", "pages/passwd.md", "practice/linked.yml"):
        assert f"content/{name}:1: this file is not read: it is a symbolic link" in output, output
    assert "content/pages/folder:1: this folder is not read: it is a symbolic link" in output, output
    assert "content/pages/pipe.md:1: this is not an ordinary file and is not read" in output, output
    assert not (tmp_path / "site").exists()
    build = tmp_path / "build"
    written = [p for p in build.rglob("*") if p.is_file() and not p.is_symlink()] if build.exists() else []
    assert not any(b"root:x:0:0" in p.read_bytes() or b"SECRET" in p.read_bytes() for p in written)
    validated = run_joinedup("validate", "--content", str(content_copy))
    assert validated.returncode == 1
    assert "content/pages/environ.md:1: this file is not read: it is a symbolic link" in validated.stdout


def test_links_planted_in_the_docs_folder_are_neither_followed_nor_published(content_copy: Path, tmp_path: Path):
    """MkDocs copies everything in the docs folder into the site; a link there is never ours."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.txt").write_text("BUILD-MACHINE-SECRET\n")
    docs = tmp_path / "build" / "docs"
    docs.mkdir(parents=True)
    (docs / "passwd").symlink_to("/etc/passwd")
    (docs / "environ.md").symlink_to("/proc/self/environ")
    (docs / "folder").symlink_to(outside, target_is_directory=True)
    result = build_into(content_copy, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    assert (outside / "notes.txt").read_text() == "BUILD-MACHINE-SECRET\n"  # not removed as stale either
    assert not (site / "passwd").exists() and not (site / "environ").exists() and not (site / "folder").exists()
    assert not any(b"root:x:0:0" in p.read_bytes() or b"SECRET" in p.read_bytes() for p in site.rglob("*") if p.is_file())


# --- nesting is bounded before the parser recurses (issue 13, hole 5) ---------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("x: " + "[" * 100_000 + "]" * 100_000 + "\n", 1),
        ("x: " + "{a: " * 50_000 + "b" + "}" * 50_000 + "\n", 1),
        ("x:\n  " + "- " * 60_000 + "y\n", 2),
    ],
    ids=["flow-sequences", "flow-mappings", "compact-block-sequences"],
)
def test_deep_nesting_is_a_located_problem_not_a_crash(content_copy: Path, text: str, line: int):
    """Each is under the size limit; before the bound, libyaml's recursion ended in SIGSEGV."""
    (content_copy / "practice" / "deep.yml").write_text(text)
    result = run_joinedup("validate", "--content", str(content_copy))
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert f"content/practice/deep.yml:{line}: nesting deeper than 40 levels (depth limit)" in result.stdout


# --- control, bidirectional and zero-width characters (issue 13, holes 6 and 8) -----------------


def test_control_and_invisible_characters_are_located_errors_and_never_published(content_copy: Path, tmp_path: Path):
    path = content_copy / "practice" / "kettering-in-reach.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Prison in-reach housing plans", 'title: "Prison in-reach\\v\\x01 housing plans"')
    text = text.replace(
        "summary: A housing worker plans housing with prisoners before release.",
        'summary: "A housing worker plans\\x85 housing with prisoners\\t(a tab is layout, kept)."',
    )
    text = text.replace("  - Fewer people leave prison with nowhere to live.", '  - "Fewer people (\\u202e%32) leave prison."')
    text = text.replace("  name: A Person", '  name: "A\\u200bPerson"')
    path.write_text(text, encoding="utf-8")
    about = content_copy / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nSee \u2066the figures\u2069 and \u0007bell.\n", encoding="utf-8")
    result = build_into(content_copy, tmp_path)
    assert result.returncode != 0
    output = result.stdout
    where = "content/practice/kettering-in-reach.yml"
    assert f"{where}:3: title: contains the control character U+000B, which cannot be shown" in output, output
    assert f"{where}:4: summary: contains the control character U+0085" in output
    assert f"{where}:27: contact.name: contains the invisible character U+200B (zero width space)" in output
    assert "summary: contains a tab" not in output  # layout in free text, allowed
    assert f"{where}:18: outcomes[0]: contains the invisible character U+202E (right-to-left override)" in output
    lines = about.read_text(encoding="utf-8").count("\n")
    assert f"content/pages/about.md:{lines}: contains the invisible character U+2066" in output
    assert f"content/pages/about.md:{lines}: contains the control character U+0007" in output
    assert not (tmp_path / "site").exists()


# --- CSV formula cells (issue 13, hole 7) --------------------------------------------------------


def test_formula_cells_are_defused_even_behind_tabs_and_spaces(content_copy: Path, tmp_path: Path):
    path = content_copy / "practice" / "kettering-in-reach.yml"
    text = path.read_text(encoding="utf-8").replace(
        "summary: A housing worker plans housing with prisoners before release.",
        'summary: "\\t=HYPERLINK(\\"https://evil.example/\\",\\"click\\")"',
    )
    path.write_text(text.replace("focus: Planning housing before release.", "focus: Planning."), encoding="utf-8")
    tenancy = content_copy / "practice" / "kettering-tenancy-course.yml"
    lines = tenancy.read_text(encoding="utf-8").splitlines()
    summary = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    lines[summary] = 'summary: "  @SUM(1+1)*cmd|\' /C calc\'!A0"'
    tenancy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build_into(content_copy, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((tmp_path / "site" / "data" / "practice.csv").read_text(encoding="utf-8")))}
    assert rows["kettering-in-reach"]["summary"] == '\'\t=HYPERLINK("https://evil.example/","click")'
    assert rows["kettering-tenancy-course"]["summary"] == "'  @SUM(1+1)*cmd|' /C calc'!A0"
    for row in rows.values():
        for value in row.values():
            assert not re.match(r"\s*[=+\-@]", value), value


def test_a_lesson_section_number_cannot_add_attributes_to_its_heading(tmp_path: Path):
    """The number becomes the heading's anchor in an attribute list: '3 onclick=alert(1)' set an
    onclick attribute on the heading, so a number is digits and dots only."""
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    path = content / "lessons" / "setting-up.yml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r'number: "(\d+\.\d+)"', text)
    path.write_text(text.replace(first.group(0), 'number: "3 onclick=alert(1)"', 1), encoding="utf-8")
    result = run_joinedup("validate", "--content", str(content))
    line = text[: first.start()].count("\n") + 1
    assert result.returncode == 1
    assert re.search(
        rf"content/lessons/setting-up\.yml:{line}: sections\[\d+\]\.number: expected a section number of digits and dots such as 3\.2",
        result.stdout,
    ), result.stdout


# --- hand-written pages end up as sanitised HTML (issue 13, holes 1, 2 and 3) -------------------

THEME_ID_PREFIXES = ("ju-", "md-", "__")


@pytest.mark.parametrize("page", ["about", "accessibility"])
def test_handwritten_pages_are_sanitised_whatever_their_markdown_says(hostile_site: Path, page: str):
    soup = BeautifulSoup((hostile_site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    text = article.get_text()
    # Markdown passed these img and div tags through as raw HTML; sanitising removed them.
    assert "Text `" in text and "` end." in text and "~~~ not a fence" in text and "md_in_html" in text
    assert article.find_all(["img", "script", "svg", "iframe"]) == []
    assert all("xss" not in str(div.attrs) for div in article.find_all("div"))
    for element in article.find_all(True):
        attributes = set(element.attrs)
        assert not {a for a in attributes if a.startswith("on")}, element
        if "class" in attributes:
            assert element["class"] == ["headerlink"], element  # MkDocs' permalink, never content's
        if "id" in attributes:
            assert element.name in {"h1", "h2", "h3", "h4", "h5", "h6"}, element
            assert not element["id"].startswith(THEME_ID_PREFIXES), element
        if element.name == "a" and element.get("href"):
            assert link_scheme(element["href"]) in (None, "http", "https", "mailto"), element
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)) and "__config" not in ids
    # The hidden-scheme links keep their words but lose the link.
    assert "hidden control" in text and "hidden tab" in text and "spaced" in text


def test_page_warnings_name_the_line_of_what_is_not_published(hostile_content: Path):
    result = run_joinedup("validate", "--content", str(hostile_content))
    page = (hostile_content / "pages" / "about.md").read_text(encoding="utf-8")
    lines = page.split("\n")

    def line_of(needle: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if needle in line)

    out = result.stdout
    assert f"content/pages/about.md:{line_of('xss-page-backtick')}: warning: raw HTML (<img>) is not published" in out, out
    assert f"content/pages/about.md:{line_of('xss-page-tilde')}: warning: raw HTML (<img>) is not published" in out
    assert f"content/pages/about.md:{line_of('xss-page-md-in-html')}: warning: raw HTML (<div>) is not published" in out
    assert "warning: a link to 'javascript:' is not published" in out
    assert "warning: a link to 'data:' is not published" in out


def test_a_literal_control_character_before_a_scheme_is_refused(content_copy: Path):
    about = content_copy / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[x](\x01javascript:alert(1))\n", encoding="utf-8")
    result = run_joinedup("validate", "--content", str(content_copy))
    line = about.read_text(encoding="utf-8").count("\n")
    assert result.returncode == 1
    assert f"content/pages/about.md:{line}: contains the control character U+0001" in result.stdout


@pytest.mark.parametrize(
    ("href", "scheme"),
    [
        ("\x01javascript:alert(1)", "javascript"), ("java\tscript:x", "javascript"), (" \x00JaVaScRiPt:x", "javascript"),
        ("java\nscript:x", "javascript"), ("https://example.org", "https"), ("mailto:a@b", "mailto"),
        ("../about.md", None), ("#top", None), ("java script:x", None), ("//example.org/x", None),
    ],
)
def test_link_schemes_are_read_as_a_browser_reads_them(href: str, scheme: str | None):
    assert link_scheme(href) == scheme


def test_every_external_link_however_made_has_noopener_noreferrer(hostile_site: Path):
    bare = []
    for page in sorted(hostile_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            if link_scheme(a["href"]) in ("http", "https") or a["href"].startswith("//"):
                if not {"noopener", "noreferrer"} <= set(a.get("rel", [])):
                    bare.append(f"{page.relative_to(hostile_site)}: {a['href']}")
    assert bare == []
    about = (hostile_site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'rel="noopener noreferrer" href="https://example.org/page"' in about  # a Markdown link in a page


def test_no_page_has_an_inline_script_or_event_attribute(hostile_site: Path):
    """The policy allows scripts from files only: an inline one would be refused, not run."""
    found = []
    for page in sorted(hostile_site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found += [f"{page.relative_to(hostile_site)}: inline script" for s in soup.find_all("script") if not s.get("src")]
        found += [f"{page.relative_to(hostile_site)}: <{t.name} {a}>" for t in soup.find_all(True) for a in t.attrs if a.startswith("on")]
    assert found == []


def test_a_heading_cannot_take_an_id_of_the_theme(content_copy: Path, tmp_path: Path):
    """Heading ids come from heading text: 'Ju drawer' would make the id of the theme's drawer,
    and the menu script would find the heading instead. The build refuses the page."""
    path = content_copy / "practice" / "kettering-in-reach.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Prison in-reach housing plans", "title: Ju drawer"))
    result = build_into(content_copy, tmp_path)
    assert result.returncode != 0
    assert "practice/kettering-in-reach/index.html: the id 'ju-drawer' is on the page twice" in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()
