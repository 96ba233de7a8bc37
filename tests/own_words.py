"""How much of the content's free text is copied word for word from the source documents.

A *run* is n consecutive words. Both sides are normalised the same way before runs are taken:
lower case, HTML tags, footnote markers and Markdown link targets dropped, and every stretch of
punctuation or whitespace read as a single break between words, so "co-ordinated," and
"co ordinated" are the same two words. A run of a content field counts as copied when the same
run occurs anywhere in any source document. Runs never cross from one field to the next.

Only free text is measured: the words an editor writes about a record. Fields whose wording must
match the source, because a reader looks them up or quotes them, are left out by field name:

* names: ``id``, ``title``, ``short_title``, ``name``, ``organisation``, ``role``, ``publisher``,
  ``delivered_by``, ``partners``, ``client_group_note``, ``area_note``;
* citations and dates: ``source`` (document and section), ``reference``, ``link``, ``date``,
  ``time_frame``;
* indicator wording and data sources: ``data_source`` and ``evidence_sources`` anywhere, and the
  ``text`` of each entry of an indicator theme's ``indicators`` list (the indicator itself);
* the measures of the two tools, which are indicators too: a journey stage's ``results`` (the
  signs that a customer has reached the stage) and a matrix area's ``excellent`` and ``fair``
  characteristics (what an organisation rates itself against).

Inside free text, two kinds of span are left out as well: a span in Markdown italics
(``*...*``) of at most 15 words, taken as the title of a publication, as the sources set them;
and a web address. The text either side of such a span is measured as separate stretches, so
no run bridges the gap.

Everything else that is text (summaries, descriptions, features, lessons, notes, box and section
text, aims, objectives and outcomes, page prose) is measured.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

# Fields left out of the measure wherever they occur, because their wording must match.
MUST_MATCH_FIELDS = frozenset({
    "id", "title", "short_title", "name", "organisation", "role", "publisher", "delivered_by",
    "partners", "client_group_note", "area_note", "source", "reference", "link", "date",
    "time_frame", "data_source", "evidence_sources", "results", "excellent", "fair",
})
# The list whose entries' ``text`` is an indicator's own wording.
INDICATOR_LIST = "indicators"

_TAG = re.compile(r"<sup>.*?</sup>|<[^>]+>", re.S)
_MARKDOWN_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+")
_ITALICS = re.compile(r"(?<![*\w])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![*\w])")
_ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s)]+[^\s).,;:]")
TITLE_WORDS = 15


def words(text: str) -> list[str]:
    """The text's words, normalised for comparison (see the module docstring)."""
    text = _MARKDOWN_TARGET.sub("]", _TAG.sub(" ", text))
    return _WORD.findall(text.lower())


def stretches(text: str) -> list[list[str]]:
    """The words of a free-text string, cut where a title in italics or a web address is left out."""
    cuts = [a.span() for a in _ADDRESS.finditer(text)]
    cuts += [i.span() for i in _ITALICS.finditer(text) if len(words(i.group(1))) <= TITLE_WORDS]
    pieces, start = [], 0
    for begin, end in sorted(cuts):
        if begin >= start:
            pieces.append(text[start:begin])
            start = end
    pieces.append(text[start:])
    return [words(piece) for piece in pieces]


def runs(tokens: list[str], n: int) -> Iterator[tuple[str, ...]]:
    return (tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def source_runs(seeds: Path, n: int) -> set[tuple[str, ...]]:
    """Every n-word run of every source document in the seeds folder."""
    found: set[tuple[str, ...]] = set()
    for document in sorted(seeds.glob("*.txt")):
        found.update(runs(words(document.read_text(encoding="utf-8")), n))
    return found


def free_text(node: object, key: str | None = None, parent: str | None = None) -> Iterator[str]:
    """Each free-text string of a loaded YAML record, in document order."""
    if key in MUST_MATCH_FIELDS or (key == "text" and parent == INDICATOR_LIST):
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for child_key, value in node.items():
            yield from free_text(value, str(child_key), parent if key is None else key)
    elif isinstance(node, list):
        for item in node:
            yield from free_text(item, key, parent)


def page_text(markdown: str) -> Iterator[str]:
    """A Markdown page's paragraphs, headings left out (they are titles)."""
    for block in re.split(r"\n\s*\n", markdown):
        if block.strip() and not block.lstrip().startswith("#"):
            yield block


def file_texts(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return list(page_text(text))
    return list(free_text(yaml.safe_load(text)))


@dataclass(frozen=True)
class Share:
    """How many of a file's n-word runs were found in the sources."""

    path: str
    runs: int
    copied: int

    @property
    def percent(self) -> float:
        return 100 * self.copied / self.runs if self.runs else 0.0


def measure(content: Path, seeds: Path, n: int) -> list[Share]:
    """The copied share of n-word runs in each content file, worst first."""
    known = source_runs(seeds, n)
    shares = []
    for path in sorted(p for p in content.rglob("*") if p.suffix in {".yml", ".md"}):
        counted = copied = 0
        for stretch in (s for text in file_texts(path) for s in stretches(text)):
            for run in runs(stretch, n):
                counted += 1
                copied += run in known
        shares.append(Share(path.relative_to(content).as_posix(), counted, copied))
    return sorted(shares, key=lambda s: (-s.percent, s.path))


def copied_passages(path: Path, seeds_runs: set[tuple[str, ...]], n: int) -> list[str]:
    """The stretches of a file's free text that the sources' n-word runs cover, longest first."""
    passages = []
    for stretch in (s for text in file_texts(path) for s in stretches(text)):
        covered = [False] * len(stretch)
        for i, run in enumerate(runs(stretch, n)):
            if run in seeds_runs:
                covered[i:i + n] = [True] * n
        passage: list[str] = []
        for word, hit in zip([*stretch, ""], [*covered, False]):
            if hit:
                passage.append(word)
            elif passage:
                passages.append(" ".join(passage))
                passage = []
    return sorted(passages, key=lambda p: -len(p.split()))


def overall(shares: Iterable[Share]) -> float:
    shares = list(shares)
    total = sum(s.runs for s in shares)
    return 100 * sum(s.copied for s in shares) / total if total else 0.0


def table(shares: list[Share], limit: int = 25) -> str:
    """The worst files as a plain-text table, for a failing test's message or a terminal."""
    lines = [f"{'share':>7}  {'copied':>6}  {'runs':>5}  file"]
    lines += [f"{s.percent:6.1f}%  {s.copied:6d}  {s.runs:5d}  {s.path}" for s in shares[:limit]]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    repo = Path(__file__).resolve().parents[1]
    seeds = repo.parent / "shared" / "seeds"
    if len(sys.argv) > 1:  # one file's copied passages: python tests/own_words.py content/x.yml
        known = source_runs(seeds, 8)
        for passage in copied_passages(Path(sys.argv[1]), known, 8):
            print("-", passage)
        raise SystemExit
    for size in (8, 12):
        measured = measure(repo / "content", seeds, size)
        print(f"\n{size}-word runs: {overall(measured):.1f}% copied overall")
        print(table(measured))
