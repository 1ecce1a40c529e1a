"""Damaged save files are named and refused with what is wrong, offering a backup that loads."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.core.game import Game
from game.saves import format as format_module
from game.saves.atomic import backup_path
from game.saves.container import base_text
from game.saves.format import (
    LevelMeta,
    SaveError,
    checksum_of,
    load_save,
    save_game,
    write_save,
)
from game.saves.store import list_saves

NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]
CREATED = "2027-01-01T09:00:00+00:00"


@pytest.fixture
def saved(tmp_path: Path, new_game: NewGame, play: Play) -> Path:
    """A save of a 4-turn game, saved twice so that its `.bak` holds the turn-3 save."""
    g, meta = new_game()
    play(g, 3)
    path = tmp_path / "game.json"
    save_game(g, path, level_meta=meta, created=CREATED)
    play(g, 1)
    save_game(g, path, level_meta=meta, created=CREATED)
    assert backup_path(path).is_file()
    return path


def rewrite(path: Path, change: Callable[[dict[str, Any]], None], *, reseal: bool = True) -> None:
    """Edit a save's JSON; `reseal` recomputes the checksum as a deliberate tamperer would."""
    data = json.loads(base_text(path.read_bytes()))
    change(data)
    if reseal:
        data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def set_key(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[key] = value

    return change


def drop_key(key: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        del data[key]

    return change


def truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) * 2 // 3])


def flip_title_letter(path: Path) -> None:
    raw = bytearray(base_text(path.read_bytes()).encode("utf-8"))
    at = raw.index(b"Generated world") + 1
    raw[at] ^= 0x20  # "e" -> "E": still valid JSON and UTF-8, so only the checksum can tell
    path.write_bytes(bytes(raw))


def rename_command(data: dict[str, Any]) -> None:
    data["turns"][1]["commands"][0]["type"] = "Teleport"


def bump_trust(data: dict[str, Any]) -> None:
    data["snapshot"]["arrays"]["trust"][0][1] += 100


def break_snapshot(data: dict[str, Any]) -> None:
    del data["snapshot"]["arrays"]


def rename_checkpoint(data: dict[str, Any]) -> None:
    data["checkpoints"]["00"] = data["checkpoints"].pop("0")


def add_late_checkpoint(data: dict[str, Any]) -> None:
    data["checkpoints"]["10"] = data["snapshot"]


def misdate_checkpoint(data: dict[str, Any]) -> None:
    data["checkpoints"]["0"]["turn"] = 3


def unnumber_turn(data: dict[str, Any]) -> None:
    data["turns"][2]["turn"] = 7


def lose_end_turn(data: dict[str, Any]) -> None:
    data["turns"][0]["commands"].pop()


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty": (lambda p: p.write_bytes(b""), "corrupt (the file is empty)"),
    "truncated": (truncate, "corrupt (truncated: the file ends early)"),
    "garbage text": (
        lambda p: p.write_text("these are not the saves you are looking for"),
        "not a save file (not JSON",
    ),
    "binary": (lambda p: p.write_bytes(bytes(range(256)) * 8), "not a save file (binary data)"),
    "not utf-8": (
        lambda p: p.write_bytes(b'{"format":"forging-alliances-save","x":"\xff\xfe"}'),
        "corrupt (not UTF-8 text at byte",
    ),
    "other JSON": (lambda p: p.write_text('{"volume": 7}'), "not a Forging Alliances save"),
    "JSON list": (lambda p: p.write_text("[1, 2, 3]"), "not a save file (JSON, but not a save)"),
    "wrong format": (
        lambda p: rewrite(p, set_key("format", "other-game-save")),
        "not a Forging Alliances save (format 'other-game-save')",
    ),
    "newer version": (
        lambda p: rewrite(p, set_key("format_version", 99), reseal=False),
        "saved by a newer version of the game (save format 99",
    ),
    "flipped byte": (flip_title_letter, "corrupt (checksum mismatch)"),
    "edited without checksum": (
        lambda p: rewrite(p, set_key("seed", 2), reseal=False),
        "corrupt (checksum mismatch)",
    ),
    "no checksum": (
        lambda p: rewrite(p, drop_key("checksum"), reseal=False),
        "corrupt (no checksum)",
    ),
    "missing field": (
        lambda p: rewrite(p, drop_key("snapshot")),
        "damaged (snapshot: field required)",
    ),
    "wrong type": (lambda p: rewrite(p, set_key("seed", "1")), "damaged (seed: input should be"),
    "unknown command": (
        lambda p: rewrite(p, rename_command),
        "damaged (turn 1, command 1: unknown command type 'Teleport')",
    ),
    "turn without EndTurn": (
        lambda p: rewrite(p, lose_end_turn),
        "damaged (turn 0 does not end with EndTurn)",
    ),
    "misnumbered turn": (
        lambda p: rewrite(p, unnumber_turn),
        "damaged (turn record 2 is numbered 7)",
    ),
    "snapshot edited": (
        lambda p: rewrite(p, bump_trust),
        "damaged (the snapshot does not match the last turn's hash)",
    ),
    "no checkpoints": (
        lambda p: rewrite(p, drop_key("checkpoints")),
        "damaged (checkpoints: field required)",
    ),
    "checkpoint misnamed": (
        lambda p: rewrite(p, rename_checkpoint),
        "damaged (checkpoint '00' is not a turn number)",
    ),
    "checkpoint past the end": (
        lambda p: rewrite(p, add_late_checkpoint),
        "damaged (the checkpoint of turn 10 is past the save's turn, 4)",
    ),
    "checkpoint of another turn": (
        lambda p: rewrite(p, misdate_checkpoint),
        "damaged (the checkpoint of turn 0 holds the state of turn 3)",
    ),
    "snapshot unreadable": (
        lambda p: rewrite(p, break_snapshot),
        "damaged (snapshot.arrays: field required",
    ),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damage_is_named_and_the_backup_offered(saved: Path, kind: str) -> None:
    damage, problem = DAMAGE[kind]
    damage(saved)

    with pytest.raises(SaveError) as caught:
        load_save(saved)

    err = caught.value
    assert err.problem.startswith(problem)
    assert err.path == saved
    assert err.backup == backup_path(saved)
    assert str(err).startswith(f"{saved}: {problem}")
    assert f"The backup {backup_path(saved)} is intact" in str(err)
    assert load_save(err.backup).turn == 3


@pytest.mark.parametrize("kind", ["truncated", "flipped byte", "missing field"])
def test_no_backup_is_offered_when_there_is_none(saved: Path, kind: str) -> None:
    backup_path(saved).unlink()
    DAMAGE[kind][0](saved)

    with pytest.raises(SaveError) as caught:
        load_save(saved)

    assert caught.value.backup is None
    assert str(caught.value) == f"{saved}: {caught.value.problem}"


def test_a_damaged_backup_is_not_offered(saved: Path) -> None:
    truncate(backup_path(saved))
    flip_title_letter(saved)

    with pytest.raises(SaveError) as caught:
        load_save(saved)

    assert caught.value.backup is None


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match=r"nothing\.json: does not exist"):
        load_save(tmp_path / "nothing.json")


def test_a_folder_is_not_a_save(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="is a folder"):
        load_save(tmp_path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    """Nothing is read from them: a FIFO would block forever and /dev/zero never ends."""
    fifo = tmp_path / "saves" / "stuck.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        if not path.exists():
            continue
        with pytest.raises(SaveError, match=r"not a save file \(not a regular file\)$"):
            load_save(path)
    (info,) = list_saves(tmp_path)
    assert info.problem == "not a save file (not a regular file)"


def test_a_file_too_large_to_be_a_save_is_refused_by_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size is rounded up, so a file over the limit never reads as the limit itself."""
    monkeypatch.setattr(format_module, "MAX_SAVE_BYTES", 2**20)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (2**20 + 1))
    with pytest.raises(SaveError, match=r"too large: 1\.1 MiB; saves are at most 1\.0 MiB"):
        load_save(path)


def test_a_save_too_large_to_read_back_is_not_written(
    tmp_path: Path, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save = load_save(saved)
    monkeypatch.setattr(format_module, "MAX_SAVE_BYTES", 1000)
    target = tmp_path / "huge.json"
    with pytest.raises(SaveError, match=r"not saved: the game is too large to save \("):
        write_save(save, target)
    assert not target.exists()
    assert list(tmp_path.glob(".huge*")) == []


def test_random_damage_never_escapes_as_anything_but_a_save_error(saved: Path) -> None:
    """Flipped bytes, cuts and splices anywhere in the file: a clean refusal, never a traceback."""
    good = saved.read_bytes()
    original = load_save(saved)
    rng = random.Random(20270101)
    problems: dict[str, int] = {}
    for _ in range(300):
        raw = bytearray(good)
        how = rng.choice(("flip", "cut", "splice", "zero"))
        at = rng.randrange(len(raw))
        if how == "flip":
            raw[at] ^= 1 << rng.randrange(8)
        elif how == "cut":
            del raw[at:]
        elif how == "splice":
            raw[at:at] = rng.randbytes(rng.randrange(1, 16))
        else:
            raw[at : at + 64] = bytes(len(raw[at : at + 64]))
        saved.write_bytes(bytes(raw))
        try:
            loaded = load_save(saved)
        except SaveError as err:
            assert err.backup == backup_path(saved)
            kind = err.problem.split(" (")[0]
            problems[kind] = problems.get(kind, 0) + 1
        else:
            # Only damage that leaves the meaning unchanged (spaces between tokens) may load.
            assert loaded == original
    assert problems.get("corrupt", 0) > 0, problems
