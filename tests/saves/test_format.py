"""Save files: what goes in comes back out, and a loaded game plays on exactly like the original."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.core import commands as C
from game.core.game import Game
from game.core.worldgen import generate_level
from game.saves import format as save_format
from game.saves.container import base_text
from game.saves.format import (
    FORMAT,
    LevelMeta,
    LevelResolver,
    SaveData,
    SaveError,
    WrongLevelError,
    canonical_json,
    capture,
    checksum_of,
    dump_save,
    level_fingerprint,
    load_game,
    load_save,
    parse_command,
    restore_game,
    save_game,
    signed_checksum,
    signed_line,
    turn_dict,
    turns_json,
    write_save,
)
from game.saves.migrations import CURRENT_VERSION

NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]
CREATED = "2027-01-01T09:00:00+00:00"

SAMPLE_FIELDS: dict[str, Any] = {
    "actor": "N000",
    "target": "N001",
    "other": "N002",
    "kind": "trade_pact",
    "terms": (("aid", 2), ("defence", 1), ("exercise", 0)),
    "key": 7,
    "accept": True,
    "observers": True,
    "size": 2,
    "amount": 3,
    "option": 1,
}


def sample(cls: type[C.Command]) -> C.Command:
    """An instance of a command type with every field set (a new field fails here, on purpose)."""
    return cls(**{f.name: SAMPLE_FIELDS[f.name] for f in dataclasses.fields(cls)})


def hashes(g: Game) -> list[str]:
    return [r.state_hash for r in g.records]


def test_every_command_type_round_trips_through_a_save_file(
    tmp_path: Path, new_game: NewGame, play: Play
) -> None:
    g, meta = new_game()
    play(g, 1)
    save = capture(g, level_meta=meta, created=CREATED)
    every = [sample(cls) for cls in C.COMMAND_TYPES.values()]
    assert {type(c).__name__ for c in every} == set(C.COMMAND_TYPES)
    not_end = [c for c in every if not isinstance(c, C.EndTurn)]
    # Load only checks that commands are well formed; whether they are legal is the replay's job.
    save.turns[0] = dataclasses.replace(
        save.turns[0],
        commands=[c.to_dict() for c in [*not_end, C.EndTurn("N000")]],
        ai_commands=[c.to_dict() for c in every],
    )
    save.pending_commands = [c.to_dict() for c in not_end]
    path = tmp_path / "all.json"
    write_save(save, path)

    back = load_save(path)

    assert [parse_command(d) for d in back.turns[0].commands] == [*not_end, C.EndTurn("N000")]
    assert [parse_command(d) for d in back.turns[0].ai_commands] == every
    assert [parse_command(d) for d in back.pending_commands] == not_end


def test_command_fields_of_the_wrong_type_are_refused() -> None:
    with pytest.raises(C.CommandFormatError):
        parse_command({"type": "GiveAid", "actor": "N000", "target": "N001", "amount": "lots"})
    with pytest.raises(C.CommandFormatError):
        parse_command({"type": "HoldExercise", "actor": "N000", "target": "N001", "size": True})
    with pytest.raises(C.CommandFormatError):
        parse_command({"type": "HoldDialogue", "actor": "N000", "target": 3})


def test_the_file_has_the_documented_layout(tmp_path: Path, new_game: NewGame, play: Play) -> None:
    g, meta = new_game()
    play(g, 2)
    save_game(g, tmp_path / "a.json", level_meta=meta, created=CREATED)
    raw = (tmp_path / "a.json").read_bytes()
    assert raw[:2] == b"\x1f\x8b", "a save file is compressed"
    assert gzip.decompress(raw).count(b"\n") == 1, "a save is one line of JSON"
    data = json.loads(base_text(raw))

    # The canonical text (keys sorted) with the checksum added last: checked as it is read.
    assert list(data) == [*sorted(set(data) - {"checksum"}), "checksum"]
    assert signed_checksum(gzip.decompress(raw)) == data["checksum"]
    assert data["format"] == FORMAT
    assert data["format_version"] == CURRENT_VERSION
    assert data["checksum"] == checksum_of(data)
    assert data["level"]["sources"] == meta.sources
    assert data["level"]["content_hash"] == meta.content_hash
    assert data["level"]["fingerprint"] == level_fingerprint(g.level)
    assert [t["turn"] for t in data["turns"]] == [0, 1]
    assert data["turns"][1]["state_hash"] == g.state.state_hash()
    assert data["snapshot"] == g.turn_start.to_snapshot()
    assert data["summary"]["date"] == g.date()
    assert data["summary"]["turn"] == 2
    assert data["created"] == CREATED


def test_the_saved_text_is_canonical_and_turn_texts_kept_between_saves_match_it(
    tmp_path: Path, new_game: NewGame, play: Play
) -> None:
    """A save's turns are encoded once and their text kept for the next save of the game; the
    text kept must be exactly what encoding the records anew gives, whichever game was saved
    in between, and the file holds the canonical JSON of the save."""
    g, meta = new_game()
    other, _ = new_game(seed=2)
    play(other, 3)

    def saved_turns(game: Game) -> bytes:
        path = tmp_path / "a.json"
        save_game(game, path, level_meta=meta, created=CREATED)
        text = base_text(path.read_bytes()).encode()
        data = json.loads(text)
        signed = f',"checksum":"{data.pop("checksum")}"}}\n'.encode()
        assert text == canonical_json(data)[:-1] + signed
        return canonical_json(data["turns"])

    for turns in (2, 3, 5):
        play(g, turns - g.state.turn)
        assert saved_turns(g) == canonical_json([turn_dict(r) for r in g.records])
        assert saved_turns(other) == canonical_json([turn_dict(r) for r in other.records])
        assert turns_json(g.records) == canonical_json([turn_dict(r) for r in g.records])


def test_a_signed_line_is_checked_from_its_bytes_and_any_other_by_encoding_it_again() -> None:
    body = {"b": [1, 2.5, "ü"], "a": {"y": None, "x": True}}
    line, checksum = signed_line(body)
    assert signed_checksum(line) == checksum == checksum_of(json.loads(line))
    assert signed_checksum(line.replace(b"2.5", b"3.5")) not in (None, checksum)
    # Another layout of the same save, or a text with an escape canonical text never holds,
    # is left to `checksum_of`, which encodes it again.
    other = json.dumps({**body, "checksum": checksum}).encode()
    assert signed_checksum(other) is None and checksum_of(json.loads(other)) == checksum
    escaped = line.replace("ü".encode(), b"\\ud800")
    assert signed_checksum(escaped) is None
    assert signed_checksum(b"") is None and signed_checksum(b'"checksum"}') is None


def test_turn_texts_past_the_kept_bytes_are_encoded_each_time(
    new_game: NewGame, play: Play, monkeypatch: pytest.MonkeyPatch
) -> None:
    g, _ = new_game()
    play(g, 5)
    whole = canonical_json([turn_dict(r) for r in g.records])
    monkeypatch.setattr(save_format, "TURN_TEXTS_MAX", len(whole) // 2)
    monkeypatch.setattr(save_format, "_turn_texts", [])
    assert turns_json(g.records) == whole
    assert 0 < len(save_format._turn_texts) < len(g.records)
    assert turns_json(g.records) == whole
    assert turns_json(g.records, 3) == canonical_json([turn_dict(r) for r in g.records[3:]])


def test_save_load_save_is_byte_identical(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    g, meta = new_game()
    play(g, 4)
    g.autoplay()  # an unfinished turn too
    first = tmp_path / "first.json"
    save_game(g, first, level_meta=meta, created=CREATED)

    loaded = load_save(first)
    assert dump_save(loaded) == base_text(first.read_bytes()).rstrip("\n")

    second = tmp_path / "second.json"
    save_game(restore_game(loaded, rebuild), second, level_meta=meta, created=CREATED)
    assert second.read_bytes() == first.read_bytes()


def test_a_loaded_game_plays_on_exactly_like_an_uninterrupted_one(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    straight, _ = new_game()
    play(straight, 10)

    g, meta = new_game()
    play(g, 5)
    save_game(g, tmp_path / "half.json", level_meta=meta, created=CREATED)
    resumed = load_game(tmp_path / "half.json", rebuild)
    play(resumed, 5)

    assert len(resumed.records) == 10
    assert hashes(resumed) == hashes(straight)
    assert [r.ai_commands for r in resumed.records] == [r.ai_commands for r in straight.records]
    assert resumed.state.state_hash() == straight.state.state_hash()


def test_a_save_made_mid_turn_resumes_with_the_same_commands_and_state(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    g, meta = new_game()
    play(g, 3)
    g.autoplay()
    assert g.issued, "the AI should have acted for the player this turn"
    save_game(g, tmp_path / "mid.json", level_meta=meta, created=CREATED)

    resumed = load_game(tmp_path / "mid.json", rebuild)

    assert resumed.issued == g.issued
    assert resumed.state.state_hash() == g.state.state_hash()
    assert resumed.turn_start.state_hash() == g.turn_start.state_hash()
    # Undo must reach back to the saved turn start, not just to the load.
    assert resumed.undo() == g.undo()
    assert resumed.state.state_hash() == g.state.state_hash()
    g.end_turn()
    resumed.end_turn()
    assert hashes(resumed) == hashes(g)


def test_a_finished_game_loads_as_finished(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    g, meta = new_game(turns=6)
    play(g, 10)
    assert g.over
    save_game(g, tmp_path / "end.json", level_meta=meta, created=CREATED)

    save = load_save(tmp_path / "end.json")
    resumed = restore_game(save, rebuild)

    assert resumed.over
    assert resumed.state.result == g.state.result
    assert save.summary["result"] == g.state.result
    assert save.summary["score"] == g.state.score


def test_a_game_saved_at_turn_zero_loads(
    tmp_path: Path, new_game: NewGame, rebuild: LevelResolver
) -> None:
    g, meta = new_game()
    save_game(g, tmp_path / "new.json", level_meta=meta, created=CREATED)

    resumed = load_game(tmp_path / "new.json", rebuild)

    assert resumed.records == []
    assert resumed.state.state_hash() == g.state.state_hash()


def test_records_are_restored_and_independent_of_the_save(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    g, meta = new_game()
    play(g, 3)
    save = capture(g, level_meta=meta, created=CREATED)

    resumed = restore_game(save, rebuild)
    resumed.records[0].commands.clear()
    resumed.state.agreements.clear()

    assert save.turns[0].commands == g.records[0].commands
    assert restore_game(save, rebuild).state.state_hash() == g.state.state_hash()


def test_a_different_level_is_refused_as_the_wrong_level(
    tmp_path: Path, new_game: NewGame, play: Play
) -> None:
    g, meta = new_game(seed=1)
    play(g, 2)
    save = capture(g, level_meta=meta, created=CREATED)

    def other_world(sources: dict[str, str], main: str) -> Any:
        return generate_level(8, seed=2, turns=30)  # same id and size, different world

    with pytest.raises(WrongLevelError, match="wrong level"):
        restore_game(save, other_world)

    def fewer_nations(sources: dict[str, str], main: str) -> Any:
        return dataclasses.replace(generate_level(6, seed=1, turns=30), id="generated_8")

    with pytest.raises(WrongLevelError, match="the snapshot's nations are not the level's"):
        restore_game(save, fewer_nations, exact_level=False)


def test_a_changed_level_loads_only_when_asked_to_take_the_snapshot_alone(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    g, meta = new_game()
    play(g, 2)
    g.autoplay()
    path = tmp_path / "a.json"
    save_game(g, path, level_meta=meta, created=CREATED)

    def retuned(sources: dict[str, str], main: str) -> Any:
        level = rebuild(sources, main)
        return dataclasses.replace(level, rules=dataclasses.replace(level.rules, capital_max=9))

    with pytest.raises(WrongLevelError, match="has different content"):
        load_game(path, retuned)
    resumed = load_game(path, retuned, exact_level=False)
    assert resumed.level.rules.capital_max == 9
    assert resumed.state.state_hash() == g.state.state_hash()
    assert resumed.issued == g.issued


def test_a_level_that_cannot_be_rebuilt_is_reported(new_game: NewGame) -> None:
    g, meta = new_game()
    save = capture(g, level_meta=meta, created=CREATED)

    def broken(sources: dict[str, str], main: str) -> Any:
        raise ValueError("gen.yaml:3:1: error[E101]: expected a mapping")

    with pytest.raises(SaveError, match=r"cannot be rebuilt \(gen.yaml:3:1"):
        restore_game(save, broken)


def test_a_refused_pending_command_is_reported_not_half_loaded(
    tmp_path: Path, new_game: NewGame, rebuild: LevelResolver
) -> None:
    g, meta = new_game()
    save = capture(g, level_meta=meta, created=CREATED)
    save = dataclasses.replace(save, pending_commands=[C.HoldDialogue("N000", "N000").to_dict()])

    with pytest.raises(SaveError, match="command 1 of the unfinished turn, HoldDialogue"):
        restore_game(save, rebuild)


def test_level_meta_takes_a_loaded_level_as_it_is() -> None:
    @dataclasses.dataclass
    class Loaded:
        main: str
        sources: dict[str, str]
        content_hash: str

    meta = LevelMeta.of(Loaded("a.yaml", {"a.yaml": "x", "inc/b.yaml": "y"}, "abc"))
    assert meta == LevelMeta("a.yaml", {"a.yaml": "x", "inc/b.yaml": "y"}, "abc")


def test_save_data_compares_by_content_not_by_path(tmp_path: Path, new_game: NewGame) -> None:
    g, meta = new_game()
    save_game(g, tmp_path / "a.json", level_meta=meta, created=CREATED)
    save_game(g, tmp_path / "b.json", level_meta=meta, created=CREATED)
    a, b = load_save(tmp_path / "a.json"), load_save(tmp_path / "b.json")
    assert isinstance(a, SaveData)
    assert a == b
    assert a.path != b.path


def test_the_level_fingerprint_is_the_same_in_every_process() -> None:
    """Compiled conditions hold frozensets, whose order follows PYTHONHASHSEED."""
    code = (
        "from game.core.worldgen import generate_level\n"
        "from game.saves.format import level_fingerprint\n"
        "print(level_fingerprint(generate_level(8, seed=1, turns=30)))\n"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("0", "1", "12345")
    }
    assert seen == {level_fingerprint(generate_level(8, seed=1, turns=30))}


def test_the_save_limits_follow_the_largest_game_a_level_may_describe() -> None:
    """The read limits in game.saves.container are sized for these bounds of the level loader."""
    from annotated_types import Le, MaxLen

    from game.content.models import LevelModel
    from game.saves import container

    fields = LevelModel.model_fields
    assert any(isinstance(m, Le) and m.le == container.MAX_TURNS for m in fields["turns"].metadata)
    assert any(
        isinstance(m, MaxLen) and m.max_length == container.MAX_NATIONS
        for m in fields["nations"].metadata
    )
