"""Load stage: read every YAML file under content/ into plain data with source positions.

YAML is composed into a node tree with PyYAML's safe loader and turned into Python values here,
node by node, so that every key and list item keeps its line, duplicate keys are caught, and the
hazards of untrusted YAML stay bounded: no Python tags, a node budget against alias bombs, a
depth limit, a size limit and strict UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, format_path

MAX_FILE_BYTES = 512 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40

Location = tuple[str | int, ...]

_PLAIN_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_STR_TAG = "tag:yaml.org,2002:str"

# libyaml's parser (when PyYAML was built with it) composes several times faster; both are safe.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LoadedFile:
    """One content file's data, with the line of every key and list item by location."""

    path: Path
    display_path: str
    data: Any
    lines: dict[Location, int] = field(repr=False)

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

    def __init__(self, loader: yaml.SafeLoader | yaml.CSafeLoader, display_path: str) -> None:
        self.loader = loader
        self.display_path = display_path
        self.lines: dict[Location, int] = {}
        self.problems: list[Problem] = []
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
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels (depth limit)", line)
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
        return self._scalar(node)

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


def load_text(text: str, display_path: str, path: Path | None = None) -> tuple[LoadedFile | None, list[Problem]]:
    """Parse one YAML document. Returns the loaded file, or None with the problems found."""
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
        builder = _Builder(loader, display_path)
        data = builder.build(node)
    except _Refused as exc:
        return None, [Problem(display_path, exc.line, "", str(exc))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        detail = exc.problem or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in (exc.problem or ""):
            detail = f"tag not allowed: {exc.problem}; content files may hold only plain YAML values"
        return None, [Problem(display_path, line, "", f"YAML error: {detail}")]
    except yaml.YAMLError as exc:
        return None, [Problem(display_path, 1, "", f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(display_path, 1, "", "nesting too deep to read (recursion limit)")]
    finally:
        loader.dispose()
    if builder.problems:
        return None, builder.problems
    return LoadedFile(path or Path(display_path), display_path, data, builder.lines), []


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


def load_pages(content_dir: Path, display_root: Path | None = None) -> tuple[list[LoadedPage], list[Problem]]:
    """Read content/pages/**/*.md with the same size and UTF-8 limits as data files."""
    root = display_root or content_dir.parent
    pages_dir = content_dir / PAGES_FOLDER
    pages: list[LoadedPage] = []
    problems: list[Problem] = []
    if not pages_dir.is_dir():
        return pages, problems
    for path in sorted(p for p in pages_dir.rglob("*.md") if p.is_file()):
        display = _display(path, root)
        text, found = read_text(path, display)
        problems.extend(found)
        if text is not None:
            pages.append(LoadedPage(display, path.relative_to(pages_dir).as_posix(), text))
    return pages, problems


def read_text(path: Path, display_path: str) -> tuple[str | None, list[Problem]]:
    """A content file's text, or None with the problem: too big, or not UTF-8."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(display_path, 1, "", f"file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes (size limit)")
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(display_path, line, "", f"file is not valid UTF-8 (byte {exc.start}); save it as UTF-8")]
    return text.removeprefix("\ufeff"), []


def content_files(content_dir: Path) -> list[Path]:
    """Every YAML file under the content folder, in a stable order."""
    files = [p for p in content_dir.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file()]
    return sorted(files, key=lambda p: p.relative_to(content_dir).as_posix())


def load_content(content_dir: Path, display_root: Path | None = None) -> tuple[list[LoadedFile], list[Problem]]:
    """Load every content file; a file that cannot be read is reported and left out."""
    root = display_root or content_dir.parent
    loaded: list[LoadedFile] = []
    problems: list[Problem] = []
    for path in content_files(content_dir):
        display = _display(path, root)
        file, found = load_file(path, display)
        problems.extend(found)
        if file is not None:
            loaded.append(file)
    return loaded, problems


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
