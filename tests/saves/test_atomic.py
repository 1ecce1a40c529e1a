"""Atomic writes: a save killed at any moment leaves a file that loads, and no stray temp files."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from game.core.game import Game
from game.saves.atomic import (
    atomic_write_text,
    backup_path,
    clean_stale_temps,
)
from game.saves.format import LevelMeta, SaveError, load_save, save_game

NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]
CREATED = "2027-01-01T09:00:00+00:00"
KILLS = 150


def temps_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_write_replaces_the_file_and_keeps_the_old_one_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    atomic_write_text(path, "first")
    assert path.read_text() == "first"
    assert not backup_path(path).exists()

    atomic_write_text(path, "second")
    atomic_write_text(path, "third ✓")

    assert path.read_text(encoding="utf-8") == "third ✓"
    assert backup_path(path).read_text() == "second"
    assert temps_in(tmp_path) == []


def test_older_versions_shift_down_a_chain(tmp_path: Path) -> None:
    path = tmp_path / "slot-1"
    chain = [tmp_path / "slot-2", tmp_path / "slot-3"]
    for k in range(1, 6):
        atomic_write_text(path, f"v{k}", keep=chain)

    assert [p.read_text() for p in (path, *chain)] == ["v5", "v4", "v3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slot-1", "slot-2", "slot-3"]


def test_an_empty_chain_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a"
    atomic_write_text(path, "one", keep=())
    atomic_write_text(path, "two", keep=())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.json"
    atomic_write_text(path, "old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(path, "new")

    assert path.read_text() == "old"
    assert temps_in(tmp_path) == []


def test_stale_temps_of_dead_writers_are_cleaned_and_live_ones_kept(tmp_path: Path) -> None:
    dead = tmp_path / f".game.json.tmp-{dead_pid()}-3"
    live = tmp_path / f".game.json.tmp-{os.getppid()}-1"
    unrelated = [tmp_path / "game.json", tmp_path / ".hidden", tmp_path / "x.tmp-12-1"]
    for p in (dead, live, *unrelated):
        p.write_text("x")

    removed = clean_stale_temps(tmp_path)

    assert removed == [dead]
    assert all(p.exists() for p in (live, *unrelated))


def test_cleaning_a_missing_folder_is_harmless(tmp_path: Path) -> None:
    assert clean_stale_temps(tmp_path / "nowhere") == []


SAVER = textwrap.dedent(
    """
    import os, sys
    from game.core.game import Game
    from game.core.worldgen import generate_level
    from game.saves.format import LevelMeta, capture, save_game

    target = sys.argv[1]
    g = Game(generate_level(8, seed=1, turns=40))
    for _ in range(25):
        g.autoplay()
        g.end_turn()
    meta = LevelMeta("gen.yaml", {"gen.yaml": "generated 8 1 40"}, "h")
    # The game's checkpoints are built here, once, so that every child only writes.
    capture(g, level_meta=meta, created="")
    # Forked on request so that every saver starts saving at once instead of after the
    # imports; the parent reaps each one so its pid is known to be dead afterwards.
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            n = 0
            while True:
                n += 1
                save_game(g, target, level_meta=meta, created=f"{os.getpid()}:{n}")
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(status, flush=True)
    """
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_a_saver_killed_at_random_moments_always_leaves_a_loadable_save(
    tmp_path: Path, new_game: NewGame, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGKILL a process that saves in a loop, 150 times: the target (or its .bak) always loads."""
    target = tmp_path / "game.json"
    g, meta = new_game()
    save_game(g, target, level_meta=meta, created="first")
    rng = random.Random(19)
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    intact = needed_backup = mid_write = changed = 0
    previous = target.read_bytes()
    started = time.monotonic()
    try:
        for _ in range(KILLS):
            proc.stdin.write("go\n")
            proc.stdin.flush()
            pid = int(proc.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.06))
            os.kill(pid, signal.SIGKILL)
            status = int(proc.stdout.readline())
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

            if temps_in(tmp_path):
                mid_write += 1
            clean_stale_temps(tmp_path)
            assert temps_in(tmp_path) == []
            try:
                load_save(target)
                intact += 1
            except SaveError as err:
                assert err.backup == backup_path(target), str(err)
                load_save(err.backup)
                needed_backup += 1
            now = target.read_bytes()
            changed += now != previous
            previous = now
    finally:
        proc.kill()
        proc.wait()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nkill test: {KILLS} kills in {elapsed:.1f} s; target intact {intact}, "
            f"backup needed {needed_backup}; killed mid-write {mid_write}; "
            f"target replaced between kills {changed}"
        )
    assert intact + needed_backup == KILLS
    # Without kills landing inside a write the test would prove nothing.
    assert mid_write > 0
    assert changed > 0
