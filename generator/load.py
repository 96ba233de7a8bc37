"""Load stage: read every YAML file under content/ into plain data with source positions.

YAML is composed into a node tree with PyYAML's safe loader and turned into Python values here,
node by node, so that every key and list item keeps its line, duplicate keys are caught, and the
hazards of untrusted YAML stay bounded: no Python tags, a node budget against alias bombs, a
depth limit checked before the parser recurses, a size limit and strict UTF-8.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from . import parse_errors
from .problems import Problem, Severity, format_path

MAX_FILE_BYTES = 512 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40

Location = tuple[str | int, ...]

_PLAIN_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_STR_TAG = "tag:yaml.org,2002:str"

# The line breaks YAML counts lines by (its marks' line numbers index this split of the text).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A line of a plain value that starts with a list dash: an item indented into the one above.
_FOLDED_ITEM = re.compile("[\r\n\x85\u2028\u2029][ \t]*-(?=[ \t]|$)", re.M)

# libyaml's parser (when PyYAML was built with it) composes several times faster; both are safe.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


TrapKind = Literal["comment", "folded-item", "curly-quotes"]


@dataclass(frozen=True)
class Trap:
    """Something in how an unquoted value was typed that YAML accepts but that changes the text
    published: a ' #' that starts a comment, an item indented so far that it joins the one above,
    curly quotes that stay part of the text. The validator reports it by the field's type."""

    loc: Location
    line: int
    kind: TrapKind
    text: str  # the comment, the value the folded line joined, or the value in its quotes


@dataclass(frozen=True)
class LoadedFile:
    """One content file's data, with the line of every key and list item by location."""

    path: Path
    display_path: str
    data: Any
    lines: dict[Location, int] = field(repr=False)
    traps: tuple[Trap, ...] = field(default=(), repr=False)

    def line_of(self, loc: Location) -> int:
        """The line of ``loc`` or, for something absent, of its nearest present parent."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1


class _Refused(Exception):
    """The document breaks a safety rule; reading stops at once."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, recording lines."""

    def __init__(self, loader: yaml.SafeLoader | yaml.CSafeLoader, display_path: str, text: str) -> None:
        self.loader = loader
        self.display_path = display_path
        self.text = text
        self.lines: dict[Location, int] = {}
        self.problems: list[Problem] = []
        self.traps: list[Trap] = []
        self.nodes = 0

    def build(self, node: yaml.Node, loc: Location = (), depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(
                f"document expands to more than {MAX_NODES} values (node limit; aliases that "
                "repeat large structures are the usual cause)",
                line,
            )
        if depth > MAX_DEPTH:
            raise _Refused(_DEPTH_MESSAGE, line)
        self.lines.setdefault(loc, line)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_COLLECTION_TAGS:
            # The safe constructor would refuse these too, but collections are built here.
            raise _Refused(
                f"tag not allowed: {node.tag}; content files may hold only plain YAML values", line
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        value = self._scalar(node)
        if isinstance(value, str) and not node.style:  # plain: None from PyYAML, "" from libyaml
            self._look_for_traps(node, loc, value)
        return value

    def _look_for_traps(self, node: yaml.Node, loc: Location, value: str) -> None:
        """Read the source around a plain value where the parser's own marks put it.

        The comment test is sound, not a guess from the value: the scanner ends a plain value
        where a comment starts, so whatever follows the value's end on its last line, after a
        space, is a comment (a value ended by ',', ']' or '}' is followed by that instead).
        Marks count characters of the same text, so the source is sliced, never split.
        """
        start, end = node.start_mark, node.end_mark
        if self.text[end.index:end.index + 1] in (" ", "\t"):
            rest = _LINE_BREAK.split(self.text[end.index:end.index + 2000], maxsplit=1)[0].strip()
            if rest.startswith("#"):
                self.traps.append(Trap(loc, end.line + 1, "comment", rest))
        if end.line > start.line:
            folded = _FOLDED_ITEM.search(self.text, start.index, end.index)
            if folded:
                line = start.line + 1 + len(_LINE_BREAK.findall(self.text, start.index, folded.start() + 1))
                self.traps.append(Trap(loc, line, "folded-item", value))
        if len(value) > 1 and value[0] in "\u201c\u2018" and value[-1] in "\u201d\u2019":
            self.traps.append(Trap(loc, start.line + 1, "curly-quotes", value))

    def _mapping(self, node: yaml.MappingNode, loc: Location, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_line, loc, "merge keys ('<<') are not supported; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_line, loc, "a key must be plain text, not a list or mapping")
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                self._problem(
                    key_line, loc, f"a key must be text, found {type(key).__name__} {key!r}"
                )
                continue
            if key in result:
                first = self.lines[loc + (key,)]
                self._problem(key_line, loc + (key,), f"duplicate key '{key}' (first given on line {first})")
                continue
            self.lines[loc + (key,)] = key_line
            result[key] = self.build(value_node, loc + (key,), depth + 1)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:
            return node.value  # most values are text: what the constructor would return, sooner
        # SafeConstructor resolves plain scalars (ints, floats, booleans, dates, null) and
        # refuses any tag it does not know, such as !!python/object, without running anything.
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:
            # Looks like a timestamp but is not a real date (2026-13-01): keep the text, and
            # the validator reports it where a date is expected.
            return node.value

    def _problem(self, line: int, loc: Location, message: str) -> None:
        self.problems.append(Problem(self.display_path, line, format_path(loc), message))


_DEPTH_MESSAGE = f"nesting deeper than {MAX_DEPTH} levels (depth limit)"
# Each level of nesting needs a flow bracket or one more column of block indentation (compact
# "- - -" and "? " included), so a text with few brackets and shallow indentation cannot be deep.
_DEEP_INDENTATION = re.compile(r"^[ \t?:-]{%d}" % MAX_DEPTH, re.MULTILINE)


def _too_deep(text: str, display_path: str) -> Problem | None:
    """Nesting beyond MAX_DEPTH, found from parser events before anything is composed.

    libyaml composes nodes recursively in C: 100,000 nested brackets overflow the stack and kill
    the process. The parser's events come one at a time without recursion, so counting them is
    safe at any depth; the cheap test first spares ordinary files the second pass.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH and not _DEEP_INDENTATION.search(text):
        return None
    loader = _SafeLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the document's own mapping is level 0
                    return Problem(display_path, event.start_mark.line + 1, "", _DEPTH_MESSAGE)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # a syntax error: loading proper reports it with its line
    finally:
        loader.dispose()
    return None


def load_text(text: str, display_path: str, path: Path | None = None) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse one YAML document. Returns the loaded file, or None with the problems found."""
    too_deep = _too_deep(text, display_path)
    if too_deep is not None:
        return None, [too_deep]
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(display_path, 1, "", "file is empty; expected a mapping of fields")]
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            return None, [
                Problem(display_path, node.start_mark.line + 1, "", f"expected a mapping of fields, found {kind}")
            ]
        builder = _Builder(loader, display_path, text)
        data = builder.build(node)
    except _Refused as exc:
        return None, [Problem(display_path, exc.line, "", str(exc))]
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        detail = exc.problem or str(exc)
        if "tag" in detail:
            detail = f"tag not allowed: {detail}; content files may hold only plain YAML values"
        return None, [Problem(display_path, line, "", f"YAML error: {detail}")]
    except yaml.MarkedYAMLError as exc:
        return None, [Problem(display_path, *parse_errors.explain(exc, text))]
    except yaml.YAMLError as exc:
        return None, [Problem(display_path, 1, "", f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(display_path, 1, "", "nesting too deep to read (recursion limit)")]
    finally:
        loader.dispose()
    if builder.problems:
        return None, builder.problems
    return LoadedFile(path or Path(display_path), display_path, data, builder.lines, tuple(builder.traps)), []


def load_file(path: Path, display_path: str) -> tuple[LoadedFile | None, list[Problem]]:
    """Read and parse one content file, enforcing the size limit and UTF-8."""
    text, problems = read_text(path, display_path)
    if text is None:
        return None, problems
    return load_text(text, display_path, path)


@dataclass(frozen=True)
class LoadedPage:
    """An editor's hand-written Markdown page and where it goes in the docs folder."""

    display_path: str
    docs_path: str
    text: str


PAGES_FOLDER = "pages"
DATA_SUFFIX = ".yml"
PAGE_SUFFIX = ".md"


def read_text(path: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """A content file's text, or None with the problem: not an ordinary file, too big, or not UTF-8."""
    raw, problems = read_bytes(path, display_path)
    if raw is None:
        return None, problems
    return decode(raw, display_path)


def read_bytes(path: Path, display_path: str) -> tuple[bytes | None, list[Problem]]:
    """A content file's bytes, or None with the problem: not an ordinary file, or too big.

    ``survey`` leaves links out, and the file is opened without following one and checked to
    be regular on the open descriptor as well, so a file swapped for a link or a FIFO after the
    folder was surveyed is refused too, never read (nor waited on).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        return None, [Problem(display_path, 1, "", f"this file is not read: it cannot be opened as an ordinary file ({exc.strerror})")]
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None, [Problem(display_path, 1, "", "this is not an ordinary file and is not read; remove it from content/")]
        if status.st_size > MAX_FILE_BYTES:
            return None, [
                Problem(display_path, 1, "", f"file is {status.st_size} bytes; the limit is {MAX_FILE_BYTES} bytes (size limit)")
            ]
        raw = file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:  # it grew while being read
        return None, [Problem(display_path, 1, "", f"file is over the limit of {MAX_FILE_BYTES} bytes (size limit)")]
    return raw, []


def decode(raw: bytes, display_path: str) -> tuple[str | None, list[Problem]]:
    """A content file's bytes as text, or None with the problem: not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display_path, line, "", f"file is not valid UTF-8 (byte {exc.start}); save it as UTF-8")]
    return text.removeprefix("\ufeff"), []


@dataclass(frozen=True)
class Survey:
    """Every file under the content folder, sorted into what is read and what is reported."""

    data: list[Path]
    pages: list[Path]
    problems: list[Problem]


# Files that editing programs and operating systems leave beside the files being edited.
_LITTER = re.compile(r"^(\.#.*|#.*#|.*~|\..*\.sw[a-p]|\.DS_Store|Thumbs\.db|desktop\.ini)$")


_LINKED_FOLDER = ("this folder is not read: it is a symbolic link, and content must be in ordinary folders; put a "
                  "copy of the folder here instead")
_LINKED_FILE = ("this file is not read: it is a symbolic link, and content must be an ordinary file; put a copy of "
                "the file here instead")


def survey(content_dir: Path, display_root: Path | None = None) -> Survey:
    """Every file under ``content_dir``: data files (*.yml), pages (pages/**/*.md), and a
    problem for each other file, so that nothing an editor saved is skipped without a word.

    Symbolic links are reported and never followed: content is read only from ordinary files
    inside the folder.
    """
    root = display_root or content_dir.parent
    data: list[tuple[str, Path]] = []  # (path within the folder, path) to sort by the first
    pages: list[tuple[str, Path]] = []
    problems: list[Problem] = []

    def report(path: Path, message: str, severity: Severity = "error") -> None:
        problems.append(Problem(display_path_of(path, root), 1, "", message, severity))

    # Directory entries, not paths: each entry already knows whether it is a link, a folder or
    # an ordinary file (no system call per file), which keeps a large folder's survey quick.
    def visit(folder: Path, relative: str) -> None:
        in_pages = relative.split("/", 1)[0] == PAGES_FOLDER
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        for entry in entries:
            path = folder / entry.name
            if entry.is_dir(follow_symlinks=False):
                visit(path, f"{relative}/{entry.name}" if relative else entry.name)
            elif entry.is_symlink():
                report(path, _LINKED_FOLDER if entry.is_dir() else _LINKED_FILE)
            elif not entry.is_file(follow_symlinks=False):
                report(path, "this is not an ordinary file and is not read; remove it from content/")
            elif in_pages and entry.name.endswith(PAGE_SUFFIX):
                pages.append((f"{relative}/{entry.name}", path))
            elif not in_pages and entry.name.endswith(DATA_SUFFIX):
                data.append((f"{relative}/{entry.name}" if relative else entry.name, path))
            else:
                message, severity = _stray_file_advice(entry.name, in_pages)
                report(path, message, severity)

    visit(content_dir, "")
    return Survey([path for _, path in sorted(data)], [path for _, path in sorted(pages)], problems)


def _stray_file_advice(name: str, in_pages: bool) -> tuple[str, Severity]:
    """What an editor should do with a file that is not read, and how serious it is."""
    if _LITTER.match(name):
        return "a temporary file left by an editing program; it is not read; delete it (or close the " \
               "program) before you commit", "warning"
    stem, dot, suffix = name.rpartition(".")
    lower = suffix.lower()
    if in_pages and lower == "md":
        return f"this page is not read: its name must end '{PAGE_SUFFIX}' in lower case; rename it to '{stem}.md'", "error"
    if lower == "md":
        return "this page is not read: hand-written pages belong in content/pages/; move it there", "error"
    if lower == "yml":
        return f"this file is not read: content files end '{DATA_SUFFIX}' in lower case; rename it to '{stem}.yml'", "error"
    if lower == "yaml":
        return f"this file is not read: content files end '{DATA_SUFFIX}'; rename it to '{stem}.yml'", "error"
    inner = re.search(r"\.(yml|yaml)$", stem, re.IGNORECASE) if dot else None
    if inner:
        original = stem[: inner.start()]
        return (f"this file is not read: its name ends '.{suffix}' after '{inner.group()}'; rename it to "
                f"'{original}.yml' (and give it its own id), or delete it"), "error"
    return ("this file is not read: it is not a content file (those end '.yml'; hand-written pages in "
            "content/pages/ end '.md'); move it out of content/"), "error"


def load_pages(paths: list[Path], content_dir: Path, root: Path) -> tuple[list[LoadedPage], list[Problem]]:
    """Read the hand-written pages a survey found."""
    pages: list[LoadedPage] = []
    problems: list[Problem] = []
    pages_dir = content_dir / PAGES_FOLDER
    for path in paths:
        display = display_path_of(path, root)
        text, found = read_text(path, display)
        problems.extend(found)
        if text is not None:
            pages.append(LoadedPage(display, path.relative_to(pages_dir).as_posix(), text))
    return pages, problems


def display_path_of(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
