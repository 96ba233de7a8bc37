"""The pure core's front door: load and validate a content folder in one call.

What a file says on its own (its YAML, its record, its own problems) depends on nothing but its
bytes, so a ``CheckCache`` keeps it by the file's content hash and only new or changed files are
read again; the checks across files (references, dates, warnings) run every time, and the
near-duplicate warning compares only the examples whose text changed. The preview keeps one
cache in memory; ``joinedup validate`` and builds keep theirs in build/cache/.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import search
from .history import History
from .load import decode, display_path_of, load_pages, load_text, read_bytes, survey
from .problems import Problem
from .validate import Content, FileCheck, check_file, validate_checked

CACHE_FILE = Path("cache") / "checked.pickle"


@dataclass
class _Checked:
    digest: bytes
    load_problems: tuple[Problem, ...]
    check: FileCheck | None  # None when the file could not be loaded


@dataclass
class CheckCache:
    """Each content file's own check by path and content hash, and the near-duplicate index."""

    files: dict[tuple[str, str, str], _Checked] = field(default_factory=dict)
    duplicates: search.DuplicateIndex = field(default_factory=search.DuplicateIndex)
    reused: int = 0  # how many files the last check took from the cache
    # files the cache on disk lacks: checked anew since it was last written (or read)
    unsaved: int = 0

    @classmethod
    def read(cls, build_dir: Path) -> "CheckCache":
        """The cache a run left in ``build_dir``, or an empty one if there is none fit to use.

        build/ is the generator's own scratch folder, written by nothing else (contributors write
        content/, never build/), so it is trusted as the code beside it is. A cache written by
        other code (any change to the generator) or another Python is ignored, not migrated.
        """
        with _no_collection():
            try:
                with open(build_dir / CACHE_FILE, "rb") as stream:
                    stamp, cache = pickle.load(stream)
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
                return cls()
            if stamp != _code_stamp() or not isinstance(cache, cls):
                return cls()
            # What was read lives as long as the run: frozen, the cycle collector does not walk
            # it again at each collection of what the run makes after (a fifth of `joinedup
            # validate` at 5,000 examples). Frozen before collection resumes, or the first
            # collection after would walk all of it once (a tenth). Unreferenced, it is still freed.
            gc.freeze()
            return cache

    def write(self, build_dir: Path) -> None:
        """Keep the cache in ``build_dir`` for the next run, replaced in one rename.

        Writing it costs about as much as checking a fiftieth of the files again, so while fewer
        than that have been checked anew since it was written it is left as it is: the next run
        checks those few again (every entry is tested against the file's bytes, so one left
        behind is never wrong, only not used).
        """
        if self.unsaved <= len(self.files) // 50:
            return
        target = build_dir / CACHE_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.writing")
        self.unsaved = 0
        with open(temporary, "wb") as stream, _no_collection():
            pickle.dump((_code_stamp(), self), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cycle collector: it would walk the growing heap again and again while a large
    cache is read or written, which creates no garbage (it halves the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _code_stamp() -> str:
    """What the cached checks were made by: the generator's code and the Python that ran it."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def check_content(
    content_dir: Path, history: History | None = None, cache: CheckCache | None = None
) -> tuple[Content, list[Problem]]:
    """Load and validate every file and page under ``content_dir``; problems are returned, not raised.

    ``history`` (from ``history.content_history``) lets the warnings tell a new file from an old
    one. With ``cache``, files whose bytes are unchanged are taken from it, and it is brought up
    to date.
    """
    root = content_dir.parent
    cache = cache if cache is not None else CheckCache()
    found = survey(content_dir, root)
    seen: dict[tuple[str, str, str], _Checked] = {}
    problems: list[Problem] = list(found.problems)
    checks: list[FileCheck] = []
    reused = 0
    for path in found.data:
        display = display_path_of(path, root)
        # the path as given too: records carry it, and the history is keyed by it
        key = (str(path.absolute()), str(path), display)
        raw, unread = read_bytes(path, display)
        if raw is None:
            problems.extend(unread)
            continue
        # the bytes themselves, not the modification time: an edit within the same clock tick,
        # or a checkout that keeps times, would otherwise pass unseen
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        entry = cache.files.get(key)
        if entry is not None and entry.digest == digest:
            reused += 1
        else:
            entry = _check(raw, digest, path, display, content_dir.name)
        seen[key] = entry
        problems.extend(entry.load_problems)
        if entry.check is not None:
            checks.append(entry.check)
    cache.unsaved += len(seen) - reused
    cache.files, cache.reused = seen, reused
    pages, page_problems = load_pages(found.pages, content_dir, root)
    problems += page_problems
    unreadable = {p.path for p in problems}
    content, checked = validate_checked(checks, content_dir.name, unreadable, pages, history=history,
                                        duplicates=cache.duplicates)
    return content, problems + checked


def _check(raw: bytes, digest: bytes, path: Path, display: str, content_root: str) -> _Checked:
    text, problems = decode(raw, display)
    if text is None:
        return _Checked(digest, tuple(problems), None)
    loaded, problems = load_text(text, display, path)
    if loaded is None:
        return _Checked(digest, tuple(problems), None)
    check = check_file(loaded, content_root)
    # the parsed data has served its purpose (the record holds what it says): keep only the lines
    return _Checked(digest, (), dataclasses.replace(check, file=dataclasses.replace(loaded, data=None)))
