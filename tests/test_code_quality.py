"""The linters the project is configured for pass: ruff and mypy --strict on the whole package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_and_format_are_clean() -> None:
    lint = _run("ruff", "check", "game", "tests")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run("ruff", "format", "--check", "game", "tests")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_strict_is_clean_on_the_whole_package() -> None:
    result = _run("mypy", "game")
    assert result.returncode == 0, result.stdout + result.stderr
