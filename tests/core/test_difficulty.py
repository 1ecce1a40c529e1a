"""Easy, Normal and Hard change concrete numbers, and a game keeps its difficulty."""

from __future__ import annotations

import pytest

from game.content import load_level
from game.core.difficulty import DIFFICULTIES, rules_for
from game.core.game import Game
from game.core.state import GameState


@pytest.fixture(scope="module")
def level():  # type: ignore[no-untyped-def]
    return load_level("northern_shield")


def test_normal_is_the_level_as_designed(level) -> None:  # type: ignore[no-untyped-def]
    assert rules_for(level, "normal") is level.rules
    a, b = Game(level, 3), Game(level, 3, difficulty="normal")
    assert a.state.state_hash() == b.state.state_hash()


def test_each_difficulty_changes_what_it_says(level) -> None:  # type: ignore[no-untyped-def]
    """Easy: more capital, slower threats, warmer starts, a lower bar for the player's
    proposals; Hard the other way."""
    easy, normal, hard = (rules_for(level, d) for d in ("easy", "normal", "hard"))
    assert easy.capital_per_turn == normal.capital_per_turn + 1
    assert easy.threat_growth_scale < normal.threat_growth_scale < hard.threat_growth_scale
    assert easy.verdict_player_margin < 0 < hard.verdict_player_margin
    assert hard.capital_stability_bonus == 0
    p = level.nation_index()[level.player]
    trust = {d: Game(level, 1, difficulty=d).state.trust[:, p].copy() for d in DIFFICULTIES}
    others = [k for k in range(len(level.nations)) if k != p]
    assert (trust["easy"][others] > trust["normal"][others]).all()
    assert (trust["hard"][others] < trust["normal"][others]).all()


def test_the_bar_for_the_players_proposals_follows_the_difficulty(level) -> None:  # type: ignore[no-untyped-def]
    for name, bar in (("easy", -4.0), ("normal", 0.0), ("hard", 4.0)):
        game = Game(level, 1, difficulty=name)
        v = game.verdict("FIN", "dialogue_forum")
        assert v.threshold == bar
        assert v.accepted == (v.total >= bar)


def test_a_game_keeps_its_difficulty_through_a_snapshot(level) -> None:  # type: ignore[no-untyped-def]
    game = Game(level, 2, difficulty="hard")
    game.end_turn()
    back = GameState.from_snapshot(game.state.to_snapshot())
    assert back.difficulty == "hard"
    assert back.state_hash() == game.state.state_hash()
    assert back.state_hash() != Game(level, 2).state.state_hash()
