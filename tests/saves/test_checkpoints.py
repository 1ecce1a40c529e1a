"""Checkpoints: every 10th turn start kept in the save, so any turn opens after at most 9 turns."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.core.game import Game
from game.core.state import GameState
from game.core.worldgen import generate_level
from game.saves.checkpoints import note_turn, simulated_turns
from game.saves.container import base_text
from game.saves.format import (
    LevelMeta,
    LevelResolver,
    SaveData,
    SaveError,
    capture,
    checksum_of,
    load_game,
    load_save,
    restore_game,
    save_game,
    with_histories,
)
from game.saves.store import autosave, autosave_paths
from game.saves.verify import ReplayCursor, verify_save

NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]
CREATED = "2027-01-01T09:00:00+00:00"
TURNS = 35


@pytest.fixture(scope="module")
def played() -> tuple[Game, LevelMeta]:
    """35 turns of an 8-nation world played by the AI in the player's seat."""
    g = Game(generate_level(8, seed=1, turns=40))
    for _ in range(TURNS):
        g.autoplay()
        g.end_turn()
    assert len(g.records) == TURNS
    return g, LevelMeta("gen.yaml", {"gen.yaml": "generated 8 1 40\n"}, "not-checked")


@pytest.fixture
def saved(tmp_path: Path, played: tuple[Game, LevelMeta]) -> Path:
    g, meta = played
    path = tmp_path / "game.json"
    save_game(g, path, level_meta=meta, created=CREATED)
    return path


def start_hashes(g: Game) -> list[str]:
    """The state hash at the start of every turn of `g`, turn 0 included."""
    return [Game(g.level, seed=g.state.seed).state.state_hash(), *(r.state_hash for r in g.records)]


def reseal(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit a save's JSON and recompute its checksum, as a deliberate tamperer would."""
    data = json.loads(base_text(path.read_bytes()))
    change(data)
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def bump_trust_at(turn: int) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["checkpoints"][str(turn)]["arrays"]["trust"][0][1] += 100

    return change


def test_a_save_keeps_the_start_of_every_tenth_turn(
    saved: Path, played: tuple[Game, LevelMeta]
) -> None:
    g, _ = played
    data = json.loads(base_text(saved.read_bytes()))

    assert "checkpoints" in data
    assert list(data["checkpoints"]) == ["0", "10", "20", "30"]
    hashes = start_hashes(g)
    for key, snap in data["checkpoints"].items():
        # The history (a row a turn) is written once, in the snapshot; the hash leaves it out.
        assert "history" not in snap
        state = GameState.from_snapshot({**snap, "history": []})
        assert state.turn == int(key)
        assert state.state_hash() == hashes[int(key)]
    loaded = load_save(saved)
    assert sorted(loaded.checkpoints) == [0, 10, 20, 30]
    for t, snap in loaded.checkpoints.items():
        assert snap["history"] == g.turn_start.history[:t]
        assert len(snap["history"]) == t


def test_the_checksum_covers_the_checkpoints(saved: Path) -> None:
    data = json.loads(base_text(saved.read_bytes()))
    data["checkpoints"]["10"]["world_tension"] += 1
    saved.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(SaveError, match="checksum mismatch"):
        load_save(saved)


@pytest.mark.parametrize("turn", range(TURNS + 1))
def test_a_cold_seek_replays_at_most_nine_turns(
    saved: Path, played: tuple[Game, LevelMeta], rebuild: LevelResolver, turn: int
) -> None:
    g, _ = played
    cursor = ReplayCursor(load_save(saved), rebuild)

    opened = cursor.seek(turn)

    assert cursor.turns_simulated == (0 if turn == TURNS else turn % 10)
    assert cursor.turns_simulated <= 9
    assert opened.state.state_hash() == start_hashes(g)[turn]
    assert opened.state.history == g.state.history[:turn]
    assert [r.state_hash for r in opened.records] == start_hashes(g)[1 : turn + 1]


def test_seeks_reuse_the_checkpoints_and_states_already_opened(
    saved: Path, rebuild: LevelResolver
) -> None:
    cursor = ReplayCursor(load_save(saved), rebuild, every=1)
    assert cursor.cached_turns() == [0, TURNS]

    cursor.seek(27)
    assert cursor.turns_simulated == 7
    assert cursor.cached_turns() == [0, *range(20, 28), TURNS]
    cursor.seek(31)
    cursor.seek(12)
    cursor.seek(24)
    assert cursor.turns_simulated == 7 + 1 + 2 + 0


def test_the_first_save_of_a_game_simulates_once_and_later_saves_never(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    g, meta = new_game(8, 1, 40)
    play(g, 25)
    path = tmp_path / "late.json"

    save_game(g, path, level_meta=meta, created=CREATED)
    assert simulated_turns(g) == 20
    for _ in range(8):
        play(g, 1)
        save_game(g, path, level_meta=meta, created=CREATED)

    assert simulated_turns(g) == 20
    save = load_save(path)
    assert sorted(save.checkpoints) == [0, 10, 20, 30]
    assert verify_save(save, rebuild).ok


def test_autosave_every_turn_adds_at_most_one_checkpoint_and_never_replays(
    new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    g, meta = new_game(8, 1, 40)
    before: list[int] = []
    for turn in range(1, 24):
        play(g, 1)
        autosave(g, level_meta=meta, created=CREATED)
        kept = sorted(load_save(autosave_paths()[0]).checkpoints)
        assert kept == list(range(0, turn + 1, 10))
        assert len(kept) - len(before) <= 1
        assert kept[: len(before)] == before
        before = kept
        assert simulated_turns(g) == 0

    assert verify_save(load_save(autosave_paths()[0]), rebuild).ok


def test_a_game_that_notes_its_turns_saves_late_without_replaying(
    tmp_path: Path, new_game: NewGame, rebuild: LevelResolver
) -> None:
    g, meta = new_game(8, 1, 40)
    for _ in range(25):
        g.autoplay()
        g.end_turn()
        note_turn(g)

    save_game(g, tmp_path / "a.json", level_meta=meta, created=CREATED)

    assert simulated_turns(g) == 0
    assert sorted(load_save(tmp_path / "a.json").checkpoints) == [0, 10, 20]


def test_a_restored_game_keeps_the_checkpoints_of_its_save(
    tmp_path: Path, saved: Path, play: Play, rebuild: LevelResolver
) -> None:
    resumed = load_game(saved, rebuild)
    play(resumed, 2)
    other = tmp_path / "elsewhere.json"
    save_game(resumed, other, level_meta=_meta(load_save(saved)), created=CREATED)

    assert simulated_turns(resumed) == 0
    first, second = load_save(saved), load_save(other)
    assert second.checkpoints == first.checkpoints
    assert verify_save(second, rebuild).ok


def test_another_copy_of_a_game_takes_the_checkpoints_of_the_save_it_replaces(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    path = tmp_path / "slot.json"
    first, meta = new_game(8, 1, 40)
    play(first, 25)
    save_game(first, path, level_meta=meta, created=CREATED)
    assert simulated_turns(first) == 20

    again, _ = new_game(8, 1, 40)  # the same game, played again: the rules are deterministic
    play(again, 26)
    save_game(again, path, level_meta=meta, created=CREATED)
    assert simulated_turns(again) == 0

    other, other_meta = new_game(8, 2, 40)  # another game does not take them
    play(other, 12)
    save_game(other, path, level_meta=other_meta, created=CREATED)
    assert simulated_turns(other) == 10
    assert verify_save(load_save(path), rebuild).ok


def test_a_game_taken_over_in_a_replay_saves_without_replaying(
    tmp_path: Path, saved: Path, play: Play, rebuild: LevelResolver
) -> None:
    cursor = ReplayCursor(load_save(saved), rebuild)
    taken = cursor.seek(27)
    play(taken, 4)
    path = tmp_path / "taken.json"
    save_game(taken, path, level_meta=_meta(load_save(saved)), created=CREATED)

    assert simulated_turns(taken) == 0
    save = load_save(path)
    assert sorted(save.checkpoints) == [0, 10, 20, 30]
    assert verify_save(save, rebuild).ok


def test_a_tampered_checkpoint_is_caught_by_verify_and_by_seek(
    saved: Path, rebuild: LevelResolver
) -> None:
    reseal(saved, bump_trust_at(20))
    save = load_save(saved)  # well formed, so it loads

    report = verify_save(save, rebuild)
    assert not report.ok
    assert report.bad_checkpoint == 20
    assert report.first_bad_turn == 20
    assert report.turns_checked == 20
    assert report.parts == ["relations"]
    assert report.message.startswith("the checkpoint at the start of turn 21 (")
    assert "arrays.trust differ" in report.message
    assert report.replayed_snapshot is not None
    assert report.replayed_snapshot["turn"] == 20

    cursor = ReplayCursor(save, rebuild)
    assert cursor.seek(17).state.turn == 17  # from the checkpoint of turn 10, still sound
    for turn in (20, 24, 29):
        with pytest.raises(SaveError, match="the checkpoint of turn 20 is not the state recorded"):
            cursor.seek(turn)
    assert cursor.seek(33).state.turn == 33  # the later checkpoint is sound


def test_a_checkpoint_changed_outside_the_hash_is_caught_too(
    saved: Path, rebuild: LevelResolver
) -> None:
    """History and result text are not hashed; verify compares the whole state.

    Format 3 wrote each checkpoint's history in it, so one could differ from the save's own.
    """

    def as_format_3_with_history_changed(data: dict[str, Any]) -> None:
        data.update(with_histories(data), format_version=3)
        rows = data["checkpoints"]["10"]["history"]
        rows[3] = {**rows[3], "trust": rows[3]["trust"] + 7}  # its own row, not the snapshot's

    reseal(saved, as_format_3_with_history_changed)
    save = load_save(saved)

    report = verify_save(save, rebuild)
    assert report.bad_checkpoint == 10
    assert report.parts == []
    assert "history differ" in report.message
    with pytest.raises(SaveError, match="checkpoint of turn 10"):
        ReplayCursor(save, rebuild).seek(15)


def test_a_history_changed_outside_the_hash_is_caught(saved: Path, rebuild: LevelResolver) -> None:
    """Format 4 writes the history once, in the snapshot; its checkpoints begin with it."""
    reseal(saved, lambda data: data["snapshot"]["history"][3].update(trust=1.0))
    save = load_save(saved)

    assert save.checkpoints[10]["history"][3]["trust"] == 1.0
    report = verify_save(save, rebuild)
    assert report.bad_checkpoint == 10
    assert "history differ" in report.message


def test_an_unreadable_checkpoint_is_named(saved: Path, rebuild: LevelResolver) -> None:
    reseal(saved, lambda data: data["checkpoints"]["30"].pop("arrays"))
    save = load_save(saved)

    with pytest.raises(SaveError, match="the checkpoint of turn 30 is not the state recorded"):
        ReplayCursor(save, rebuild).seek(31)
    report = verify_save(save, rebuild)
    assert report.bad_checkpoint == 30
    assert "arrays differ" in report.message
    assert report.parts == []


def test_a_tampered_checkpoint_of_turn_zero_is_caught_by_verify(
    saved: Path, rebuild: LevelResolver
) -> None:
    reseal(saved, bump_trust_at(0))

    report = verify_save(load_save(saved), rebuild)

    assert (report.bad_checkpoint, report.turns_checked) == (0, 0)


def test_a_tampered_checkpoint_is_not_carried_into_the_next_save(
    tmp_path: Path, saved: Path, rebuild: LevelResolver
) -> None:
    reseal(saved, bump_trust_at(20))
    resumed = load_game(saved, rebuild)
    other = tmp_path / "repaired.json"

    save_game(resumed, other, level_meta=_meta(load_save(saved)), created=CREATED)

    assert simulated_turns(resumed) == 10  # turn 20 rebuilt from the sound one of turn 10
    assert verify_save(load_save(other), rebuild).ok


def test_verify_never_uses_the_checkpoints(long_save: SaveData, rebuild: LevelResolver) -> None:
    """A tampered turn is caught even where a checkpoint would have skipped it."""
    turns = list(long_save.turns)
    turns[13] = dataclasses.replace(turns[13], ai_commands=[], state_hash="0" * 32)
    report = verify_save(dataclasses.replace(long_save, turns=turns), rebuild)

    assert report.first_bad_turn == 13
    assert report.bad_checkpoint is None


def test_a_history_that_does_not_replay_still_saves(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    """A game loaded on changed rules keeps what can be checked and never re-simulates again."""
    g, meta = new_game(8, 1, 40)
    play(g, 25)
    save = capture(g, level_meta=meta, created=CREATED)
    save = dataclasses.replace(save, checkpoints={})

    def retuned(sources: dict[str, str], main: str) -> Any:
        level = rebuild(sources, main)
        rules = dataclasses.replace(level.rules, trust_neutral=level.rules.trust_neutral + 9)
        return dataclasses.replace(level, rules=rules)

    resumed = restore_game(save, retuned, exact_level=False)
    path = tmp_path / "retuned.json"
    save_game(resumed, path, level_meta=meta, created=CREATED)
    spent = simulated_turns(resumed)
    play(resumed, 1)
    save_game(resumed, path, level_meta=meta, created=CREATED)

    assert 1 <= spent <= 10
    assert simulated_turns(resumed) == spent
    assert sorted(load_save(path).checkpoints) == [0]


@pytest.fixture
def long_save(played: tuple[Game, LevelMeta]) -> SaveData:
    g, meta = played
    return capture(g, level_meta=meta, created=CREATED)


def _meta(save: SaveData) -> LevelMeta:
    return LevelMeta(save.level.main, save.level.sources, save.level.content_hash)
