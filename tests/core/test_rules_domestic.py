"""Scenario tests for domestic politics: capital, approval, collapses and elections."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

from game.core import derived
from game.core.commands import EndTurn, HoldDialogue
from game.core.domestic import reelection_chance
from game.core.game import Game
from game.core.outcomes import Accepted, Outcome, Refused

if TYPE_CHECKING:
    from conftest import World

A, B, C = 0, 1, 2


def end_turn(game: Game) -> list[Outcome]:
    result = game.issue(EndTurn(game.player))
    assert isinstance(result, Accepted), result
    return list(result.outcomes)


# -- diplomatic capital ----------------------------------------------------------------------


def test_capital_grows_three_a_turn_plus_one_when_stable_and_banks_up_to_six(
    world: World,
) -> None:
    """AAA (stability 60) and BBB (stability 90) start with no capital; CCC (stable) has 5.

    After one turn AAA has 3 and BBB 4 (the stability bonus); CCC stops at the bank
    limit of 6. After a second turn everyone is at 6.
    """
    game = (
        world.nation("AAA", capital=0, stability=60)
        .nation("BBB", capital=0, stability=90)
        .nation("CCC", capital=5, stability=90)
        .game()
    )

    end_turn(game)
    assert game.state.capital.tolist() == [3, 4, 6]

    end_turn(game)
    assert game.state.capital.tolist() == [6, 6, 6]


def test_spent_capital_runs_out(world: World) -> None:
    """AAA has 1 diplomatic capital: one summit, then a second action is refused."""
    game = world.nation("AAA", capital=1).nations("BBB", "CCC").game()

    assert isinstance(game.issue(HoldDialogue("AAA", "BBB")), Accepted)
    result = game.issue(HoldDialogue("AAA", "CCC"))

    assert isinstance(result, Refused)
    assert any("diplomatic capital" in r for r in result.reasons)
    assert game.state.capital[A] == 0


def test_budget_grows_with_the_economy_up_to_the_bank_limit(world: World) -> None:
    """AAA (economy 50, budget 20) earns 0.08 × 50 = 4 a turn; BBB (economy 50, budget 58)
    stops at the bank limit of 60."""
    game = world.nation("AAA", economy=50).nation("BBB", economy=50, budget=58).game()

    end_turn(game)

    assert game.state.budget.tolist() == pytest.approx([24.0, 60.0])


def test_income_never_takes_budget_away(world: World) -> None:
    """BBB is rich: the level gives it a budget of 100. It spends nothing for a turn."""
    game = world.nation("AAA").nation("BBB", budget=100).game()

    end_turn(game)

    assert game.state.budget[B] >= 100.0


# -- approval ---------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "after"), [(80.0, 73.0), (20.0, 25.0), (45.0, 45.0)])
def test_approval_moves_a_fifth_of_the_way_to_its_target(
    world: World, start: float, after: float
) -> None:
    """BBB has stability 50, economy 50, no agreements and a calm world: target 45.

    Approval moves 20% of the way there in one turn (inertia), from above or below.
    """
    game = world.nation("AAA").nation("BBB", approval=start, stability=50, economy=50).game()

    end_turn(game)

    assert game.state.approval[B] == pytest.approx(after)


@pytest.mark.parametrize(("start", "collapses"), [(12.0, True), (16.0, False)])
def test_approval_below_20_brings_down_the_government(
    world: World, start: float, collapses: bool
) -> None:
    """BBB's approval starts very low, its next election is far away (turn 999).

    From 12 approval only recovers to 18.6 (< 20): the government collapses and an early
    election is called for next turn, where it is held. From 16 it reaches 21.8: no collapse.
    """
    game = world.nation("AAA").nation("BBB", approval=start, stability=50).game()

    facts = [(o.fact, o.nations) for o in end_turn(game)]

    assert (("GovernmentCollapsed", ("BBB",)) in facts) is collapses
    if collapses:
        assert game.state.next_election[B] == 1
        facts = [o.fact for o in end_turn(game)]
        assert "ElectionHeld" in facts or "GovernmentChanged" in facts
        assert game.state.next_election[B] == 1 + 16
    else:
        assert game.state.next_election[B] == 999


def test_reelection_chance_follows_the_logistic_curve() -> None:
    """An incumbent at approval 50 is a coin flip; ±8 points move the odds to e:1."""
    assert reelection_chance(50.0, 8.0) == pytest.approx(0.5)
    assert reelection_chance(58.0, 8.0) == pytest.approx(1 / (1 + np.exp(-1)))
    assert reelection_chance(42.0, 8.0) == pytest.approx(1 / (1 + np.exp(1)))


# -- elections ----------------------------------------------------------------------------


@pytest.mark.parametrize(("approval", "chance"), [(51.25, 0.5), (70.0, 0.881)])
def test_incumbents_win_elections_as_often_as_the_curve_says(
    world_type: type[World], approval: float, chance: float
) -> None:
    """In 200 seeded games BBB (stability 50, economy 50) votes at the end of turn 0.

    Approval moves to 50 (from 51.25) or 66 (from 70) before the vote, so incumbents should
    win half the time, or 1 / (1 + e^(−2)) ≈ 88% of the time. The seeds are fixed, so the
    count is exact; the bounds allow about four standard deviations.
    """
    level = (
        world_type()
        .nation("AAA")
        .nation("BBB", approval=approval, stability=50, economy=50, next_election=0)
        .level()
    )
    wins = 0
    for seed in range(200):
        game = Game(level, seed)
        facts = [o.fact for o in end_turn(game)]
        assert ("ElectionHeld" in facts) != ("GovernmentChanged" in facts)
        wins += "ElectionHeld" in facts

    sd = (200 * chance * (1 - chance)) ** 0.5
    assert abs(wins - 200 * chance) < 4 * sd


def lost_election_world(world: World) -> World:
    """BBB (approval 0) faces an election at the end of turn 0 that it all but cannot win.

    BBB governs at democracy 0.8 / free trade 0.5; its opposition's platform is −1 / −1.
    BBB is in a defence pact with AAA (whom it trusts only 20) and a dialogue forum with
    CCC (trust 90, values at −1 / −1 like the opposition).
    """
    return (
        world.nation("AAA", democracy=0.8, free_trade=0.5)
        .nation(
            "BBB",
            democracy=0.8,
            free_trade=0.5,
            defence_spending=0.3,
            approval=0,
            next_election=0,
            platform={"democracy": -1.0, "free_trade": -1.0},
        )
        .nation("CCC", democracy=-1.0, free_trade=-1.0)
        .trust("BBB", "AAA", 20)
        .trust("BBB", "CCC", 90)
        .agreement("defence_pact", "AAA", "BBB")
        .agreement("dialogue_forum", "BBB", "CCC")
    )


def test_lost_election_changes_government_and_shifts_values_toward_the_platform(
    world: World,
) -> None:
    """See `lost_election_world`. The incumbents lose (chance about 0.6%).

    The challengers govern with their leader, BBB's positions move half way to the
    platform on the axes it names (democracy 0.8 → −0.1, free trade 0.5 → −0.25), the
    unnamed axis stays, approval starts at a honeymoon 55 and the next election is
    16 turns away.
    """
    game = lost_election_world(world).game()

    facts = [o.fact for o in end_turn(game)]

    assert "GovernmentChanged" in facts
    s = game.state
    assert s.government[B] == "Challengers"
    assert s.leader[B] == "Rival of BBB"
    assert s.positions[B].tolist() == pytest.approx([-0.1, -0.25, 0.3])
    assert s.approval[B] == pytest.approx(55.0)
    assert s.next_election[B] == 16


def test_new_government_drops_the_commitment_its_public_opposes(world: World) -> None:
    """See `lost_election_world`. After the change of government BBB reviews its agreements.

    The defence pact with distrusted AAA, whose values it no longer shares, is dropped
    (AAA's trust in BBB falls by 8 before drifting); the forum with trusted, like-minded
    CCC is kept.
    """
    game = lost_election_world(world).game()

    facts = [(o.fact, o.nations) for o in end_turn(game)]

    assert ("AgreementLeft", ("BBB", "AAA")) in facts
    s = game.state
    assert not s.has_agreement("AAA", "BBB")
    assert s.has_agreement("BBB", "CCC", "dialogue_forum")
    affinity = float(derived.affinity(game.level, s)[A, B])
    baseline = 50.0 + 25.0 * affinity
    assert s.trust[A, B] == pytest.approx(42.0 + 0.05 * (baseline - 42.0), abs=0.01)


def test_a_steep_election_curve_does_not_crash_the_turn(world: World) -> None:
    """A level sets `election_slope: 0.05` (elections almost decided by approval alone).

    BBB faces an election at approval 9: it must simply lose, not crash the turn.
    """
    game = (
        world.nation("AAA")
        .nation("BBB", approval=0, next_election=0)
        .rules(election_slope=0.05)
        .game()
    )

    facts = [o.fact for o in end_turn(game)]

    assert "GovernmentChanged" in facts
