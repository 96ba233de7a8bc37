"""What version control says about each content file: when it was first committed and when it
last changed. The build and the validator gather it once, at their edge, and hand it in."""

from __future__ import annotations

import datetime
import functools
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class FileDates:
    """When a content file was first committed, and last changed on a later day (if it was)."""

    added: datetime.date
    changed: datetime.date | None = None


@dataclass(frozen=True)
class History:
    """The commit dates of content files, by the file's path."""

    files: Mapping[Path, FileDates] = field(default_factory=dict)


def content_history(content_dir: Path) -> History | None:
    """When each content file was first committed and last changed, from git.

    None where there is no usable history: git is missing, the folder is not in a repository
    (a tarball) or not tracked by it, or the clone is shallow, whose oldest commit would look as
    if it added every file. The history is read once per commit checked out: the preview asks
    after every save, and reading the log of thousands of files takes longer than the save.
    """
    if (_git(content_dir, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        return None
    head = _git(content_dir, "rev-parse", "HEAD")
    return _history_at(content_dir, head.strip()) if head else None


def _git(content_dir: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(content_dir), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


@functools.lru_cache(maxsize=4)
def _history_at(content_dir: Path, head: str) -> History | None:
    """The history of ``content_dir`` as of the commit ``head`` (the commits say all of it)."""
    # newest commit first: "\x1e<date>\0" per commit, then "\n" and the files it touched, each ending \0
    log = _git(content_dir, "log", "--format=%x1e%cs", "--name-only", "--no-renames", "--relative", "-z", head, "--", ".")
    if log is None:
        return None
    first: dict[Path, datetime.date] = {}
    last: dict[Path, datetime.date] = {}
    for commit in log.split("\x1e")[1:]:
        day, _, names = commit.partition("\0")
        when = datetime.date.fromisoformat(day)
        for name in filter(None, (n.removeprefix("\n") for n in names.split("\0"))):
            path = content_dir / name
            last.setdefault(path, when)
            first[path] = when
    if not first:
        return None  # the folder is in a repository that does not track it
    return History({path: FileDates(added, last[path] if last[path] > added else None) for path, added in first.items()})
