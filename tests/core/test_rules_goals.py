"""Scenario tests for the end of a level: victory, defeat, and the score at the last turn."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest

from game.core.commands import EndTurn, HoldDialogue
from game.core.game import Game
from game.core.outcomes import Accepted, Outcome
from game.core.turn import default_score_parts, explain_score, whole_parts

if TYPE_CHECKING:
    from conftest import World


def end_turn(game: Game) -> list[Outcome]:
    result = game.issue(EndTurn(game.player))
    assert isinstance(result, Accepted), result
    return list(result.outcomes)


def test_victory_goal_ends_the_game_when_met(world: World) -> None:
    """Victory when BBB trusts the player at least 54; AAA holds a summit every turn.

    Trust 50 → 53.17 after turn 0 (not yet) → 55.13 after turn 1: victory, announced
    in the news, with the goal's text.
    """
    game = (
        world.nations("AAA", "BBB").victory("trust(BBB, player) >= 54", "BBB is won over.").game()
    )

    game.issue(HoldDialogue("AAA", "BBB"))
    end_turn(game)
    assert not game.over

    game.issue(HoldDialogue("AAA", "BBB"))
    outcomes = end_turn(game)

    assert game.state.result == "victory"
    assert game.state.result_text == "BBB is won over."
    assert ("GameEnded", "BBB is won over.") in [(o.fact, o.text) for o in outcomes]


def test_defeat_goal_ends_the_game_and_outranks_victory(world: World) -> None:
    """The player's approval starts at 10; defeat below 30, victory from turn 1 on.

    Both hold after the first turn: the defeat decides.
    """
    game = (
        world.nation("AAA", approval=10)
        .nation("BBB")
        .defeat("approval(player) < 30", "The government fell.")
        .victory("turn >= 1")
        .game()
    )

    end_turn(game)

    assert game.state.result == "defeat"
    assert game.state.result_text == "The government fell."


def test_goal_with_a_deadline_no_longer_counts_after_it(world: World) -> None:
    """Victory needs `turn >= 3` by turn 2: it can never be met; the level runs out at 4."""
    world.turns = 4
    game = world.nations("AAA", "BBB").victory("turn >= 3", by_turn=2).game()

    for _ in range(4):
        end_turn(game)

    assert game.state.result == "ended"


def test_last_turn_ends_the_game_with_a_score(world: World) -> None:
    """A level of 3 turns in which nothing happens: everyone trusts the player 50, its
    reputation is 50 and it has no agreements.

    After 2 turns the game goes on; after the 3rd it has ended with the default score:
    the player's standing, 0.25 × 50 (trust in the player) + 0.25 × 50 (reputation) = 25,
    plus 100 × how far it has come along the victory since the start: trust in the player
    ≥ 100 was half-way at the start and still is, so nothing.
    """
    world.turns = 3
    game = world.nations("AAA", "BBB", "CCC").victory("avg_trust_in(player) >= 100").game()

    end_turn(game)
    end_turn(game)
    assert game.state.result is None

    outcomes = end_turn(game)

    assert game.state.result == "ended"
    assert game.state.score == pytest.approx(25.0)
    assert "25" in game.state.result_text
    assert "GameEnded" in [o.fact for o in outcomes]


def test_progress_counts_the_way_covered_since_the_start(world: World) -> None:
    """Victory needs trust in the player ≥ 80 (it starts at 50, 62.5% of the way) and
    reputation ≥ 50 (held from the start). AAA holds a summit with BBB once.

    The goal's progress is the share of the way from 62.5% to 100% that average trust has
    covered, the reputation term held from the start does not count, and the score is that
    progress × 100 plus the standing.
    """
    world.turns = 2
    game = (
        world.nations("AAA", "BBB", "CCC")
        .victory("avg_trust_in(player) >= 80 and reputation(player) >= 50")
        .game()
    )
    assert isinstance(game.issue(HoldDialogue("AAA", "BBB")), Accepted)
    end_turn(game)

    s = game.state
    trust = (s.trust[1, 0] + s.trust[2, 0]) / 2
    assert trust > 50
    progress = (trust / 80 - 0.625) / (1 - 0.625)
    standing = 0.25 * trust + 0.25 * s.reputation[0]
    assert s.score == pytest.approx(100 * progress + standing, abs=0.01)


def test_level_score_expression_replaces_the_default_score(world: World) -> None:
    """A one-turn level scores twice BBB's trust in the player; BBB trusts it 40 → 40.5
    after one turn of drift toward 50, so the score is 81."""
    world.turns = 1
    game = (
        world.nations("AAA", "BBB").trust("BBB", "AAA", 40).score("2 * trust(BBB, player)").game()
    )

    end_turn(game)

    assert game.state.result == "ended"
    assert game.state.score == pytest.approx(81.0)


def test_a_level_score_can_add_to_the_default_score(world: World) -> None:
    """The same one-turn game with no formula, and with `default_score` plus 10 for each
    agreement the player is in (AAA is in one forum): the second scores 10 more."""
    world.turns = 1
    world.nations("AAA", "BBB").agreement("dialogue_forum", "AAA", "BBB")
    plain = world.victory("avg_trust_in(player) >= 90").game()
    end_turn(plain)
    added = world.score("default_score + 10 * agreement_count(player)").game()
    end_turn(added)

    assert plain.state.score > 0
    assert added.state.score == pytest.approx(plain.state.score + 10.0)


def test_the_score_is_explained_by_its_parts(world: World) -> None:
    """The default score's sentence names the parts that count and adds up to the score;
    a level's formula over it is quoted, with what its default_score counts."""
    world.turns = 1
    world.nations("AAA", "BBB").agreement("dialogue_forum", "AAA", "BBB")
    plain = world.victory("avg_trust_in(player) >= 90").game()
    end_turn(plain)
    ctx = plain.ctx()
    parts = default_score_parts(ctx)
    assert sum(v for _, v in parts) == pytest.approx(plain.state.score, abs=0.01)
    said = explain_score(ctx)
    assert said.startswith("The score counts ")
    assert said.startswith(
        "The score counts 0 for how far you have come toward the nearest victory since the "
        "start (of 100), "
    )
    assert "a quarter of your reputation (50)" in said and "a victory" not in said

    formula = "default_score + 10 * agreement_count(player)"
    added = world.score(formula).game()
    end_turn(added)
    said = explain_score(added.ctx())
    assert said.startswith(f"This level's score is {formula}; the usual score counts ")


def test_the_score_in_the_players_words_and_parts_that_add_up(world: World) -> None:
    """A level's `score_help` stands in for its expression; whole parts add up to the score
    as shown (19.5 and 24.5 round to 20 and 24 beside 100: 144, not 145 or 143)."""
    world.turns = 1
    world.nations("AAA", "BBB").score("default_score + 10 * agreement_count(player)")
    level = dataclasses.replace(world.level(), score_help="The usual score, and 10 an agreement.")
    game = Game(level)
    end_turn(game)

    said = explain_score(game.ctx())
    assert said.startswith("This level's score is the usual score, and 10 an agreement; the ")
    assert whole_parts([19.5, 24.5, 100.0]) == [20, 24, 100]
    assert whole_parts([0.4, 0.4, 0.4]) == [1, 0, 0]
    assert sum(whole_parts([12.49, 12.49, -50.0])) == int(f"{12.49 + 12.49 - 50.0:.0f}")


def test_is_member_asks_about_any_agreement_of_a_kind(world: World) -> None:
    """BBB and CCC share a defence pact; AAA is in a dialogue forum only. Victory needs AAA
    in a defence pact, defeat needs CCC in one: the defeat decides at the first turn's end,
    and the same condition about AAA does not hold."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("defence_pact", "BBB", "CCC")
        .agreement("dialogue_forum", "AAA", "BBB")
        .victory('is_member(AAA, "defence_pact")', "AAA joined.")
        .defeat(
            'is_member(CCC, "defence_pact") and not is_member(AAA, "defence_pact")', "Left out."
        )
        .game()
    )
    end_turn(game)
    assert game.state.result == "defeat"


def test_a_victory_scores_above_any_unfinished_game(world: World) -> None:
    """Winning adds 100 and 2 a turn to spare to the standing and the goal's progress (1)."""
    world.turns = 10
    game = world.nations("AAA", "BBB", "CCC").victory("avg_trust_in(player) >= 40").game()

    end_turn(game)

    assert game.state.result == "victory"
    # 25 standing + 100 × 1 (the goal holds) + 100 + 2 × 9 turns to spare.
    assert game.state.score == pytest.approx(243.0)
