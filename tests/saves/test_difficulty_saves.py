"""A game started at Easy or Hard saves, loads, replays and checkpoints at that difficulty."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.game import Game
from game.saves.checkpoints import CHECKPOINT_EVERY
from game.saves.format import LevelMeta, LevelResolver, load_save, restore_game, save_game
from game.saves.verify import state_at, verify_save

CREATED = "2027-01-01T09:00:00+00:00"


@pytest.mark.parametrize("difficulty", ["easy", "hard"])
def test_a_game_at_a_difficulty_loads_and_replays(
    tmp_path: Path, rebuild: LevelResolver, difficulty: str
) -> None:
    """Its turn-0 start, its replay and its first turn are all the game at that difficulty,
    not at Normal (whose start differs: starting trust and capital are not the same)."""
    meta = LevelMeta("gen.yaml", {"gen.yaml": "generated 8 1 30\n"}, "not-checked")
    level = rebuild(meta.sources, meta.main)
    g = Game(level, 5, difficulty=difficulty)
    assert g.state.state_hash() != Game(level, 5).state.state_hash()
    fresh = tmp_path / "fresh.json"
    save_game(g, fresh, level_meta=meta, created=CREATED)
    assert restore_game(load_save(fresh), rebuild).state.difficulty == difficulty

    for _ in range(CHECKPOINT_EVERY + 1):  # past the first checkpoint after turn 0
        g.autoplay()
        g.end_turn()
    path = tmp_path / "played.json"
    save_game(g, path, level_meta=meta, created=CREATED)
    save = load_save(path)
    back = restore_game(save, rebuild)
    assert back.state.state_hash() == g.state.state_hash()
    report = verify_save(save, rebuild)
    assert report.ok, report.message
    assert state_at(save, rebuild, 1).state.difficulty == difficulty
