"""The README's scripting example runs as written, through the public API only."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- scripting-example -->\n```python\n(.*?)```", text, re.S)
    assert m, "the README has no scripting example"
    return m.group(1)


def test_the_readme_scripting_example_plays_a_level_to_its_end(tmp_path: Path) -> None:
    code = _example()
    assert len(code.strip().splitlines()) <= 15
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    result, _, turn = run.stdout.strip().partition(" on turn ")
    assert result in ("victory", "defeat", "ended"), run.stdout
    assert int(turn) >= 1


def test_a_broken_level_raises_one_error_listing_every_problem(tmp_path: Path) -> None:
    from game.content import LevelError, load_level

    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: 3\nturns: -1\nnations: 5\n")
    try:
        load_level(bad)
    except LevelError as exc:
        lines = str(exc).splitlines()
        assert len(lines) >= 2 and all(line.startswith(str(bad)) for line in lines), lines
    else:
        raise AssertionError("a broken level loaded")
