"""Docs that cannot drift: the README's CLI reference is generated from --help by cog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_cli_reference_is_current() -> None:
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", str(README)],
                            capture_output=True, text=True)
    assert result.returncode == 0, (
        "README.md's CLI reference is stale: run `.venv/bin/cog -r README.md`\n" + result.stdout + result.stderr)


def test_readme_names_the_two_commands_that_ci_runs() -> None:
    text = README.read_text()
    ci = (README.parent / ".ci" / "run").read_text()
    for command in ("bash scripts/setup.sh", "bash scripts/test.sh"):
        assert command in text and command in ci
