"""Old save formats upgrade step by step; every committed fixture still loads and replays."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.core.defs import LevelDef
from game.core.game import Game
from game.core.rules import Rules
from game.saves.checkpoints import simulated_turns
from game.saves.container import base_text
from game.saves.format import (
    LEGACY_FINGERPRINT,
    LevelMeta,
    LevelResolver,
    SaveError,
    WrongLevelError,
    checksum_of,
    dump_save,
    legacy_level_fingerprint,
    load_game,
    load_save,
    restore_game,
    save_game,
)
from game.saves.migrations import (
    CURRENT_VERSION,
    MIGRATIONS,
    MigrationError,
    NewerVersionError,
    upgrade,
    version_of,
)
from game.saves.verify import ReplayCursor, verify_save

FIXTURES = Path(__file__).parent / "fixtures"
NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]
CREATED = "2027-01-01T09:00:00+00:00"


def test_every_old_version_has_exactly_one_upgrade_step() -> None:
    assert sorted(MIGRATIONS) == list(range(CURRENT_VERSION))


def test_every_version_has_a_committed_fixture() -> None:
    names = sorted(p.name for p in FIXTURES.glob("save_v*.json"))
    assert names == sorted(f"save_v{v}.json" for v in range(CURRENT_VERSION + 1))


@pytest.mark.parametrize("version", range(CURRENT_VERSION + 1))
def test_a_fixture_loads_upgrades_and_replays_exactly(version: int, rebuild: LevelResolver) -> None:
    save = load_save(FIXTURES / f"save_v{version}.json")

    assert save.upgraded_from == (None if version == CURRENT_VERSION else version)
    report = verify_save(save, rebuild)
    assert report.ok, report.message
    assert report.turns_checked == 6
    g = restore_game(save, rebuild)
    assert g.state.turn == 6
    assert [c.to_dict() for c in g.issued] == save.pending_commands
    assert g.issued, "the fixture should hold an unfinished turn"


@pytest.mark.parametrize("version", range(CURRENT_VERSION))
def test_an_upgraded_save_is_the_current_save_it_became(version: int) -> None:
    """The same game in every fixture: only the checkpoints, which version 2 added, are lost,
    and before version 3 the fingerprint stays the old kind (every rule), marked as such."""
    old = load_save(FIXTURES / f"save_v{version}.json")
    current = json.loads(base_text((FIXTURES / f"save_v{CURRENT_VERSION}.json").read_bytes()))
    v2 = json.loads(base_text((FIXTURES / "save_v2.json").read_bytes()))
    assert list(current["checkpoints"]) == ["0"]
    if version < 2:
        current["checkpoints"] = {}
    if version < 3:
        current["level"]["fingerprint"] = LEGACY_FINGERPRINT + v2["level"]["fingerprint"]
    current["checksum"] = checksum_of(current)

    assert list(old.checkpoints) == ([] if version < 2 else [0])
    assert json.loads(dump_save(old)) == current


def test_version_0_renames_the_version_and_the_turn_log() -> None:
    data = json.loads(base_text((FIXTURES / "save_v0.json").read_bytes()))
    assert version_of(data) == 0

    up = MIGRATIONS[0](data)

    assert up["format_version"] == 1
    assert "version" not in up
    assert "log" not in up
    assert up["turns"] == data["log"]
    assert list(up)[:2] == ["format", "format_version"]


def test_version_1_gains_no_checkpoints_at_the_end() -> None:
    data = json.loads(base_text((FIXTURES / "save_v1.json").read_bytes()))
    del data["checksum"]
    current = json.loads(base_text((FIXTURES / "save_v2.json").read_bytes()))

    up = MIGRATIONS[1](data)

    assert up["format_version"] == 2
    assert up["checkpoints"] == {}
    assert list(up) == [k for k in current if k != "checksum"]
    assert {k: v for k, v in up.items() if k not in ("format_version", "checkpoints")} == {
        k: v for k, v in data.items() if k != "format_version"
    }


def test_a_version_1_save_with_checkpoints_is_refused() -> None:
    data = json.loads(base_text((FIXTURES / "save_v1.json").read_bytes()))
    data["checkpoints"] = {}
    with pytest.raises(MigrationError, match="only version 2 has"):
        upgrade(data)


def test_an_upgraded_version_1_game_gets_its_checkpoints_back(
    tmp_path: Path, new_game: NewGame, play: Play, rebuild: LevelResolver
) -> None:
    """A replay rebuilds them as it goes; the next save writes them, re-simulating once."""
    g, meta = new_game()
    play(g, 25)
    path = tmp_path / "old.json"
    save_game(g, path, level_meta=meta, created=CREATED)
    _rewrite_as_version_1(path, rebuild)

    save = load_save(path)
    assert save.upgraded_from == 1
    assert save.checkpoints == {}
    assert verify_save(save, rebuild).ok
    cursor = ReplayCursor(save, rebuild)
    cursor.seek(23)
    assert cursor.turns_simulated == 23
    assert cursor.cached_turns() == [0, 10, 20, 25]
    cursor.seek(14)
    assert cursor.turns_simulated == 23 + 4

    resumed = load_game(path, rebuild)
    play(resumed, 1)
    save_game(resumed, path, level_meta=meta, created=CREATED)
    assert simulated_turns(resumed) == 20
    again = load_save(path)
    assert again.upgraded_from is None
    assert sorted(again.checkpoints) == [0, 10, 20]
    assert verify_save(again, rebuild).ok
    play(resumed, 1)
    save_game(resumed, path, level_meta=meta, created=CREATED)
    assert simulated_turns(resumed) == 20


def test_the_current_version_passes_through_unchanged() -> None:
    data = {"format": "forging-alliances-save", "format_version": CURRENT_VERSION, "x": 1}
    assert upgrade(data) == data


def test_a_newer_version_is_refused() -> None:
    with pytest.raises(NewerVersionError, match="newer version"):
        upgrade({"format_version": CURRENT_VERSION + 1})


@pytest.mark.parametrize("data", [{}, {"format_version": "1"}, {"version": -1}, {"version": True}])
def test_a_missing_or_bad_version_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(MigrationError):
        upgrade(data)


def test_a_version_0_save_without_its_log_cannot_be_upgraded(tmp_path: Path) -> None:
    data = json.loads(base_text((FIXTURES / "save_v0.json").read_bytes()))
    del data["log"]
    data["checksum"] = checksum_of(data)
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(SaveError, match="cannot be upgraded"):
        load_save(tmp_path / "old.json")


def _rewrite_as_version_1(path: Path, rebuild_generated: LevelResolver) -> None:
    data = json.loads(base_text(path.read_bytes()))
    old = {k: v for k, v in data.items() if k not in ("checkpoints", "checksum")}
    old["format_version"] = 1
    level = rebuild_generated(data["level"]["sources"], data["level"]["main"])
    old["level"]["fingerprint"] = legacy_level_fingerprint(level)
    old["checksum"] = checksum_of(old)
    path.write_text(json.dumps(old), encoding="utf-8")


def test_a_new_rule_with_a_default_leaves_old_saves_loadable(rebuild: LevelResolver) -> None:
    """An update adds a rule, with a default, to the rules: a save made before still loads.

    Only a level's own overrides are fingerprinted; a changed override is still caught.
    """
    newer = dataclasses.make_dataclass(
        "Rules", [("intelligence_leak_chance", float, 0.1)], bases=(Rules,), frozen=True
    )

    def with_new_rule(sources: dict[str, str], main: str) -> LevelDef:
        level = rebuild(sources, main)
        return dataclasses.replace(level, rules=newer(**dataclasses.asdict(level.rules)))

    def with_other_override(sources: dict[str, str], main: str) -> LevelDef:
        level = rebuild(sources, main)
        rules = dataclasses.replace(level.rules, dialogue_gain=level.rules.dialogue_gain + 1)
        return dataclasses.replace(level, rules=rules)

    save = load_save(FIXTURES / f"save_v{CURRENT_VERSION}.json")
    g = restore_game(save, with_new_rule)
    assert g.state.turn == 6
    assert verify_save(save, with_new_rule).ok
    with pytest.raises(WrongLevelError, match="wrong level"):
        restore_game(save, with_other_override)
