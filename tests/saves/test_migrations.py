"""Old save formats upgrade step by step; every committed fixture still loads and replays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.saves.format import (
    LevelResolver,
    SaveError,
    checksum_of,
    dump_save,
    load_save,
    restore_game,
)
from game.saves.migrations import (
    CURRENT_VERSION,
    MIGRATIONS,
    MigrationError,
    NewerVersionError,
    upgrade,
    version_of,
)
from game.saves.verify import verify_save

FIXTURES = Path(__file__).parent / "fixtures"


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


def test_an_upgraded_save_is_the_current_save_it_became() -> None:
    old = load_save(FIXTURES / "save_v0.json")
    current = (FIXTURES / f"save_v{CURRENT_VERSION}.json").read_text(encoding="utf-8")
    assert dump_save(old) + "\n" == current


def test_version_0_renames_the_version_and_the_turn_log() -> None:
    data = json.loads((FIXTURES / "save_v0.json").read_text(encoding="utf-8"))
    assert version_of(data) == 0

    up = upgrade(data)

    assert up["format_version"] == 1
    assert "version" not in up
    assert "log" not in up
    assert up["turns"] == data["log"]
    assert list(up)[:2] == ["format", "format_version"]


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
    data = json.loads((FIXTURES / "save_v0.json").read_text(encoding="utf-8"))
    del data["log"]
    data["checksum"] = checksum_of(data)
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(SaveError, match="cannot be upgraded"):
        load_save(tmp_path / "old.json")
