"""Hostile level files are refused by `alliances validate` with exit 2: nothing runs or hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.loader import load_level_file

LEVEL = """\
id: hostile
title: Hostile
player: EST
axes:
  - {id: democracy, name: Democracy}
nations:
  - {id: EST, name: Estonia, regions: [EST]}
  - {id: FIN, name: Finland, regions: [FIN]}
"""


def validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    """Run the real command in a fresh interpreter, as a designer would."""
    return subprocess.run(
        [sys.executable, "-m", "game", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        stdin=subprocess.DEVNULL,
        timeout=300,  # a hang guard, not a speed goal
    )


def refused(
    proc: subprocess.CompletedProcess[str], *expected: tuple[Path, str], checked: int = 0
) -> None:
    """Exit 2, no traceback, and each file reported with its error code."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{checked or len(expected)} file(s) checked" in proc.stderr
    lines = proc.stdout.splitlines()
    for path, code in expected:
        mine = [line for line in lines if line.startswith(f"{path}:")]
        assert any(f": error[{code}]: " in line for line in mine), (path.name, proc.stdout)


@pytest.fixture
def levels(tmp_path: Path) -> Path:
    folder = tmp_path / "game" / "levels"
    (folder / "decks").mkdir(parents=True)
    return folder


def test_python_tags_are_refused_and_never_run(levels: Path) -> None:
    marker = levels.parent / "executed"
    payloads = [
        f'!!python/object/apply:os.system ["touch {marker}"]',
        f"!!python/object/apply:subprocess.call [[touch, {marker}]]",
        f"!!python/object/new:builtins.open [{marker}, w]",
        f'!python/object/apply:os.system ["touch {marker}"]',
        '!!python/name:os.system ""',
    ]
    files = []
    for k, payload in enumerate(payloads):
        path = levels / f"tagged_{k}.yaml"
        path.write_text(LEVEL + f"description: {payload}\n")
        files.append(path)
    (levels / "decks" / "evil.yaml").write_text(
        f'events: !!python/object/apply:os.system ["touch {marker}"]\n'
    )
    in_deck = levels / "includes_evil.yaml"
    in_deck.write_text(LEVEL + "include: [decks/evil.yaml]\n")
    proc = validate(*files, in_deck)
    deck = levels / "decks" / "evil.yaml"
    refused(proc, *((f, "E003") for f in files), (deck, "E003"), checked=len(files) + 1)
    assert f"{deck}:1:9: error[E003]" in proc.stdout
    assert not marker.exists()


def test_an_alias_bomb_is_refused(levels: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    level = levels / "laughs.yaml"
    level.write_text("\n".join(lines) + "\n")
    refused(validate(level), (level, "E006"))


def _huge(levels: Path) -> Path:
    level = levels / "huge.yaml"
    block = ("# " + "x" * 1021 + "\n").encode()
    with open(level, "wb") as f:
        f.write(LEVEL.encode())
        for _ in range(50 * 1024):
            f.write(block)
    assert level.stat().st_size > 50 * 1024 * 1024
    return level


def test_a_50_mb_file_is_refused_before_it_is_read(levels: Path) -> None:
    level = _huge(levels)
    try:
        proc = validate(level)
    finally:
        level.unlink()
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    (line,) = [x for x in proc.stdout.splitlines() if not x.startswith("    ")]
    assert line.startswith(f"{level}:1:1: error[")
    assert "larger than the limit of 2097152 bytes" in line


def test_a_file_too_large_is_reported_as_e004(levels: Path) -> None:
    level = _huge(levels)
    try:
        assert [d.code for d in load_level_file(level).diagnostics] == ["E004"]
    finally:
        level.unlink()


def test_binary_and_non_utf8_files_are_refused(levels: Path) -> None:
    image = levels / "image.yaml"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    latin1 = levels / "latin1.yaml"
    latin1.write_bytes(LEVEL.replace("Finland", "Suomi ja Åland").encode("latin-1"))
    utf16 = levels / "utf16.yaml"
    utf16.write_bytes(LEVEL.encode("utf-16"))
    proc = validate(image, latin1, utf16)
    refused(proc, (image, "E007"), (latin1, "E007"), (utf16, "E007"))
    assert f"{latin1}:8:30: error[E007]" in proc.stdout


def test_includes_cannot_escape_the_levels_folder(levels: Path) -> None:
    secret = levels.parent / "secret.yaml"
    secret.write_text("events: []\nthis_would_be_an_unknown_key: 1\n")
    cases = {
        "up_one": ("../secret.yaml", "E009"),
        "up_two": ("../../secret.yaml", "E009"),
        "down_and_up": ("decks/../../secret.yaml", "E009"),
        "absolute": (str(secret), "E009"),
        "drive": ("C:/Windows/win.ini", "E009"),
    }
    if hasattr(os, "symlink"):
        (levels / "decks" / "escape.yaml").symlink_to(secret)
        cases["symlink"] = ("decks/escape.yaml", "E008")
    expected = []
    for name, (include, code) in cases.items():
        level = levels / f"{name}.yaml"
        level.write_text(LEVEL + f'include: ["{include}"]\n')
        expected.append((level, code))
    proc = validate(*(path for path, _ in expected))
    refused(proc, *expected)
    assert "this_would_be_an_unknown_key" not in proc.stdout


def test_include_cycles_are_refused_and_named(levels: Path) -> None:
    (levels / "decks" / "a.yaml").write_text("include: [b.yaml]\n")
    (levels / "decks" / "b.yaml").write_text("include: [c.yaml]\n")
    (levels / "decks" / "c.yaml").write_text("include: [a.yaml]\n")
    cycle = levels / "cycle.yaml"
    cycle.write_text(LEVEL + "include: [decks/a.yaml]\n")
    itself = levels / "itself.yaml"
    itself.write_text(LEVEL + "include: [itself.yaml]\n")
    proc = validate(cycle, itself)
    c = levels / "decks" / "c.yaml"
    refused(proc, (c, "E010"), (itself, "E010"))
    assert f"{c}:1:11: error[E010]: include cycle: " in proc.stdout
    assert "decks/a.yaml → decks/b.yaml → decks/c.yaml → decks/a.yaml" in proc.stdout
    assert f"{itself}:9:11: error[E010]: include cycle: itself.yaml → itself.yaml" in proc.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(levels: Path) -> None:
    pipe = levels / "pipe.yaml"
    os.mkfifo(pipe)
    refused(validate(pipe), (pipe, "E008"))
