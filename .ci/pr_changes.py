#!/usr/bin/env python3
"""Flag the files a pull request changes that are not content.

Reads changed paths, one a line, on standard input (``git diff --name-only BASE HEAD``) and
prints a GitHub warning annotation for each file that is not under content/, saying what it can
do on a maintainer's machine: mkdocs.yml can add ``hooks:`` or plugins that MkDocs runs as
Python on ``joinedup build`` and ``make serve``; the Makefile, pyproject.toml, the lock file,
the workflows, the generator, the tests and the Node packages run code on ``make`` and in CI.
Exits 0 either way: a maintainer's own changes are often legitimate; the annotations make sure
they are seen. The workflow runs this file as the base branch has it, so a pull request cannot
change what is flagged for itself (CONTRIBUTING.md, "Reviewing a pull request").
"""

from __future__ import annotations

import sys
from fnmatch import fnmatch

# (pattern, why it matters), first match wins.
RUNS_CODE = [
    ("*package.json", "npm runs install scripts from the packages this names"),
    ("*package-lock.json", "decides which Node packages npm installs"),
    ("mkdocs.yml", "MkDocs runs 'hooks:', plugins and !!python tags from this file as Python on joinedup build and make serve"),
    ("Makefile", "make runs these commands on make site, make serve and make test"),
    ("pyproject.toml", "decides what pip installs and which code the joinedup command runs"),
    ("requirements.lock", "decides which package versions pip installs"),
    (".github/*", "GitHub runs workflows and their actions with this repository's permissions"),
    (".ci/*", "CI runs these scripts"),
    ("generator/*", "the generator is the code every build runs"),
    ("theme/*", "the theme's templates and scripts are in every page"),
    ("tests/*", "make test runs the tests as code on the maintainer's machine"),
    ("benchmarks/*", "make bench runs this code"),
    ("*.py", "Python code"),
    ("*.sh", "a shell script"),
]
CONTENT = ("content/",)


def flagged(paths: list[str]) -> list[tuple[str, str]]:
    """Each changed path that is not content, with why a reviewer should read it."""
    found = []
    for path in (p.strip() for p in paths):
        if not path or path.startswith(CONTENT):
            continue
        reason = next((why for pattern, why in RUNS_CODE if fnmatch(path, pattern)), "not content: check why it changed")
        found.append((path, reason))
    return found


def annotation(path: str, reason: str) -> str:
    message = f"This pull request changes {path}, which is not content: {reason}. Review it before running make or joinedup locally."
    return f"::warning file={path},title=Changes beyond content::{message}"


def main() -> int:
    results = flagged(sys.stdin.read().splitlines())
    for path, reason in results:
        print(annotation(path, reason))
    print(f"{len(results)} changed file(s) beyond content/" if results else "only content/ changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
