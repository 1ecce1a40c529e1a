"""Replay checks name the first turn that differs; the replay cursor opens any turn exactly."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import game
from game.core import commands as C
from game.core.game import Game, TurnRecord
from game.core.worldgen import generate_level
from game.saves.container import base_text
from game.saves.format import (
    LevelMeta,
    LevelResolver,
    SaveData,
    SaveError,
    capture,
    checksum_of,
    load_save,
    parse_command,
    save_game,
)
from game.saves.verify import ReplayCursor, state_at, verify_save

NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]
CREATED = "2027-01-01T09:00:00+00:00"


@pytest.fixture(scope="module")
def long_game() -> tuple[Game, SaveData]:
    """30 turns of an 8-nation world played by the AI in the player's seat."""
    g = Game(generate_level(8, seed=1, turns=30))
    for _ in range(30):
        g.autoplay()
        g.end_turn()
    meta = LevelMeta("gen.yaml", {"gen.yaml": "generated 8 1 30\n"}, "not-checked")
    return g, capture(g, level_meta=meta, created=CREATED)


def test_an_untouched_game_verifies(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    _, save = long_game
    seen: list[tuple[int, int]] = []

    report = verify_save(save, rebuild, progress=lambda done, total: seen.append((done, total)))

    assert report.ok, report.message
    assert report.turns_checked == 30
    assert report.first_bad_turn is None
    assert report.parts == []
    assert seen == [(k, 30) for k in range(1, 31)]


def test_a_changed_seed_is_caught_at_once(
    tmp_path: Path, long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    g, save = long_game
    path = tmp_path / "seeded.json"
    save_game(g, path, level_meta=_meta(save), created=CREATED)
    _reseal(path, lambda d: d.__setitem__("seed", d["seed"] + 1))

    report = verify_save(load_save(path), rebuild)

    assert not report.ok
    assert report.first_bad_turn in (0, 1)
    assert "meta" in report.parts
    assert f"turn {report.first_bad_turn} " in report.message


def test_a_changed_command_is_named_by_its_turn(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    _, save = long_game
    k, turns = _turns_with_a_retargeted_dialogue(save, rebuild)
    tampered = dataclasses.replace(save, turns=turns)

    report = verify_save(tampered, rebuild)

    assert not report.ok
    assert report.first_bad_turn == k
    assert report.turns_checked == k + 1
    assert "relations" in report.parts
    assert report.message.startswith(f"turn {k} (")
    assert "does not replay as recorded" in report.message
    assert report.replayed_snapshot is not None
    assert report.replayed_snapshot["turn"] == k + 1


def test_a_mismatch_in_a_save_from_another_version_says_so(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    """Rules change between versions; a save that stops replaying says where it came from."""
    _, save = long_game
    _, turns = _turns_with_a_retargeted_dialogue(save, rebuild)
    same = verify_save(dataclasses.replace(save, turns=turns), rebuild)
    older = verify_save(dataclasses.replace(save, turns=turns, game_version="0.0.9"), rebuild)

    assert "version" not in same.message
    assert older.message == (
        f"{same.message} (the save was recorded by version 0.0.9 and this is "
        f"{game.__version__}, whose rules may differ)"
    )
    assert verify_save(dataclasses.replace(save, game_version="0.0.9"), rebuild).ok


def test_a_command_that_no_longer_fits_is_named_by_its_turn(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    _, save = long_game
    turns = [dataclasses.replace(t, commands=list(t.commands)) for t in save.turns]
    turns[7].commands.insert(0, C.HoldDialogue("N000", "N000").to_dict())
    report = verify_save(dataclasses.replace(save, turns=turns), rebuild)

    assert not report.ok
    assert report.first_bad_turn == 7
    assert "command 1 (HoldDialogue) is refused on replay" in report.message


def test_changed_ai_commands_are_reported(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    _, save = long_game
    turns = list(save.turns)
    turns[4] = dataclasses.replace(turns[4], ai_commands=turns[4].ai_commands[1:], state_hash="0")

    report = verify_save(dataclasses.replace(save, turns=turns), rebuild)

    assert report.first_bad_turn == 4
    assert report.ai_commands_differ
    assert report.parts == []
    assert "the recorded hash was altered" in report.message


def test_verify_reports_a_wrong_level_instead_of_raising(
    long_game: tuple[Game, SaveData],
) -> None:
    _, save = long_game

    def other(sources: dict[str, str], main: str) -> Any:
        return generate_level(8, seed=9, turns=30)

    report = verify_save(save, other)

    assert not report.ok
    assert report.turns_checked == 0
    assert report.message.startswith("wrong level")


def test_the_cursor_opens_every_turn_exactly(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    g, save = long_game
    cursor = ReplayCursor(save, rebuild)
    expected = [Game(g.level).state.state_hash(), *(r.state_hash for r in g.records)]

    for turn in (0, 7, 23, 30, 12, 3, 29):
        opened = cursor.seek(turn)
        assert opened.state.turn == turn
        assert opened.state.state_hash() == expected[turn]
        assert [r.state_hash for r in opened.records] == expected[1 : turn + 1]


def test_after_prepare_a_seek_replays_at_most_nine_turns(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    _, save = long_game
    cursor = ReplayCursor(save, rebuild)
    cursor.prepare()
    assert cursor.cached_turns() == [0, 10, 20, 30]

    for turn in range(31):
        before = cursor.turns_simulated
        cursor.seek(turn)
        assert cursor.turns_simulated - before == turn % 10


def test_seeking_caches_states_on_the_way(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    """What a save without checkpoints (an upgraded version-1 save) gets instead."""
    _, save = long_game
    cursor = ReplayCursor(dataclasses.replace(save, checkpoints={}), rebuild)
    cursor.seek(25)
    assert cursor.cached_turns() == [0, 10, 20, 30]
    before = cursor.turns_simulated
    cursor.seek(14)
    assert cursor.turns_simulated - before == 4


def test_the_player_can_take_over_from_any_turn(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver, play: Play
) -> None:
    g, save = long_game
    taken = state_at(save, rebuild, 18)

    play(taken, 4)

    assert [r.state_hash for r in taken.records] == [r.state_hash for r in g.records[:22]]
    assert taken.records[-1].ai_commands == g.records[21].ai_commands


def test_seeking_outside_the_game_is_refused(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    _, save = long_game
    cursor = ReplayCursor(save, rebuild)
    with pytest.raises(ValueError, match="outside this replay"):
        cursor.seek(31)
    with pytest.raises(ValueError, match="outside this replay"):
        cursor.seek(-1)


def test_a_tampered_turn_stops_the_cursor_with_a_save_error(
    long_game: tuple[Game, SaveData], rebuild: LevelResolver
) -> None:
    _, save = long_game
    turns = list(save.turns)
    turns[3] = dataclasses.replace(turns[3], state_hash="0" * 32)
    cursor = ReplayCursor(dataclasses.replace(save, turns=turns), rebuild)

    assert cursor.seek(3).state.turn == 3
    with pytest.raises(SaveError, match="turn 3 does not replay as recorded"):
        cursor.seek(4)


def _meta(save: SaveData) -> LevelMeta:
    return LevelMeta(save.level.main, save.level.sources, save.level.content_hash)


def _reseal(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(base_text(path.read_bytes()))
    change(data)
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _turns_with_a_retargeted_dialogue(
    save: SaveData, rebuild: LevelResolver
) -> tuple[int, list[TurnRecord]]:
    """The save's turn records with one dialogue from turn 12 on sent elsewhere, and its turn."""
    k, j, replacement = _retargeted_dialogue(save, rebuild, from_turn=12)
    turns = [dataclasses.replace(t, commands=list(t.commands)) for t in save.turns]
    turns[k].commands[j] = replacement.to_dict()
    return k, turns


def _retargeted_dialogue(
    save: SaveData, rebuild: LevelResolver, from_turn: int
) -> tuple[int, int, C.Command]:
    """The first player HoldDialogue at or after `from_turn` that can legally go elsewhere.

    Returns (turn, index in that turn's commands, the same dialogue with another target).
    """
    cursor = ReplayCursor(save, rebuild)
    for k in range(from_turn, len(save.turns)):
        cmds = save.turns[k].commands
        for j, d in enumerate(cmds):
            if d["type"] != "HoldDialogue":
                continue
            g = cursor.seek(k)
            for earlier in cmds[:j]:
                g.issue(parse_command(earlier))
            for other in g.state.ids:
                cmd = C.HoldDialogue(d["actor"], other)
                if other != d["target"] and not g.reasons(cmd):
                    return k, j, cmd
    raise AssertionError("no retargetable dialogue in the game")
