"""Setting up prints nothing alarming, and the package carries every module and template."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_the_wheel_builds_without_warnings_and_holds_every_module_and_template(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--wheel-dir", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    # pip's own warnings about package folders a machine's pip configuration names are the
    # machine's, not the project's (the Makefile's installs do not print them)
    lines = (result.stdout + result.stderr).splitlines()
    output = "\n".join(line for line in lines if "is ignored: it is neither a file nor a directory" not in line).lower()
    assert "warning" not in output and "deprecat" not in output, output
    (wheel,) = tmp_path.glob("joinedup-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in [*REPO.glob("generator/**/*.py"), *REPO.glob("generator/templates/*.j2")]:
        assert source.relative_to(REPO).as_posix() in names, source
