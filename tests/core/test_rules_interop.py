"""Scenario tests for interoperability: exercises, training, technology transfer and decay."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from game.core.commands import EndTurn, HoldExercise, StartTraining, TransferTechnology
from game.core.game import Game
from game.core.outcomes import Accepted, Refused

if TYPE_CHECKING:
    from conftest import World

A, B, C, D, E = 0, 1, 2, 3, 4


def end_turns(game: Game, k: int = 1) -> None:
    for _ in range(k):
        result = game.issue(EndTurn(game.player))
        assert isinstance(result, Accepted), result


# -- joint exercises -----------------------------------------------------------------------


def test_exercise_refusal_lists_missing_trust_and_missing_agreement_at_once(
    world: World,
) -> None:
    """AAA and BBB trust each other only 30 and have signed nothing.

    The refusal names both problems in one answer, and nothing changes.
    """
    game = world.nations("AAA", "BBB").relation("AAA", "BBB", trust=30).game()
    before = game.state.state_hash()

    result = game.issue(HoldExercise("AAA", "BBB", 0))

    assert isinstance(result, Refused)
    assert len(result.reasons) == 2
    assert any("trust ≥ 40 both ways" in r for r in result.reasons)
    assert any("agreement" in r for r in result.reasons)
    assert game.state.state_hash() == before


@pytest.mark.parametrize(
    ("a_trusts_b", "b_trusts_a", "allowed"),
    [(80, 39, False), (39, 80, False), (40, 40, True)],
    ids=["partner-distrusts", "we-distrust", "exactly-40"],
)
def test_exercise_needs_trust_40_both_ways(
    world: World, a_trusts_b: float, b_trusts_a: float, allowed: bool
) -> None:
    """AAA and BBB are in a dialogue forum; an exercise needs trust ≥ 40 in both directions."""
    game = (
        world.nations("AAA", "BBB")
        .agreement("dialogue_forum", "AAA", "BBB")
        .trust("AAA", "BBB", a_trusts_b)
        .trust("BBB", "AAA", b_trusts_a)
        .game()
    )

    result = game.issue(HoldExercise("AAA", "BBB", 0))

    assert isinstance(result, Accepted) is allowed, result
    if not allowed:
        assert isinstance(result, Refused)
        assert result.reasons == (result.reasons[0],)
        assert "trust" in result.reasons[0]


@pytest.mark.parametrize(
    ("size", "rate", "budget"),
    [(0, 0.04, 2.0), (1, 0.08, 4.0), (2, 0.14, 8.0)],
    ids=["small", "medium", "large"],
)
def test_exercise_gains_doctrine_and_communications_with_diminishing_returns(
    world: World, size: int, rate: float, budget: float
) -> None:
    """AAA and BBB (trust 60, dialogue forum) hold doctrine 50 and communications 30.

    Each part gains (100 − part) × 0.04 / 0.08 / 0.14 both ways, so the weaker part gains
    more; equipment is untouched. The exercise costs 1 capital and 2 / 4 / 8 budget.
    """
    game = (
        world.nations("AAA", "BBB")
        .agreement("dialogue_forum", "AAA", "BBB")
        .relation("AAA", "BBB", trust=60, doctrine=50, communications=30, equipment=20)
        .game()
    )

    result = game.issue(HoldExercise("AAA", "BBB", size))

    assert isinstance(result, Accepted), result
    s = game.state
    for x, y in ((A, B), (B, A)):
        assert s.doctrine[x, y] == pytest.approx(50 + 50 * rate)
        assert s.communications[x, y] == pytest.approx(30 + 70 * rate)
        assert s.equipment[x, y] == pytest.approx(20.0)
    assert s.budget[A] == pytest.approx(20.0 - budget)
    assert s.capital[A] == 2
    assert s.last_exercise[A, B] == s.last_exercise[B, A] == 0


@pytest.mark.parametrize(("size", "tension"), [(0, 3.0), (1, 6.0), (2, 10.0)])
def test_exercise_raises_tension_with_a_nation_that_distrusts_both_sides(
    world: World, size: int, tension: float
) -> None:
    """AAA and BBB exercise together while three neighbours watch.

    CCC distrusts both (trust 20): tension CCC–AAA and CCC–BBB rises by 3 / 6 / 10 (10 more
    if an incident happens). DDD distrusts AAA but trusts BBB and EEE trusts both: no change.
    """
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD", "EEE")
        .agreement("dialogue_forum", "AAA", "BBB")
        .relation("AAA", "BBB", trust=60)
        .trust("CCC", "AAA", 20)
        .trust("CCC", "BBB", 20)
        .trust("DDD", "AAA", 20)
        .trust("DDD", "BBB", 80)
        .trust("EEE", "AAA", 60)
        .trust("EEE", "BBB", 60)
        .game()
    )

    result = game.issue(HoldExercise("AAA", "BBB", size))

    assert isinstance(result, Accepted), result
    incident = any(o.fact == "IncidentOccurred" and "CCC" in o.nations for o in result.outcomes)
    expected = tension + (10.0 if incident else 0.0)
    s = game.state
    for k in (A, B):
        assert s.tension[C, k] == pytest.approx(expected)
        assert s.tension[k, C] == pytest.approx(expected)
        assert s.tension[D, k] == 0.0
        assert s.tension[E, k] == 0.0
    assert s.tension[A, B] == 0.0
    (line,) = [o.text for o in result.outcomes if o.fact == "TensionRose"]
    assert line == "Nation CCC watched uneasily as Nation AAA drilled with Nation BBB."


def watched_world(world: World) -> Game:
    """AAA and BBB (trust 60, forum) with CCC distrusting both (20) and tension 30 with each."""
    return (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .agreement("dialogue_forum", "AAA", "BBB")
        .relation("AAA", "BBB", trust=60, doctrine=50, communications=50)
        .relation("AAA", "DDD", trust=60)
        .agreement("dialogue_forum", "AAA", "DDD")
        .trust("CCC", "AAA", 20)
        .trust("CCC", "BBB", 20)
        .relation("CCC", "AAA", tension=30)
        .relation("CCC", "BBB", tension=30)
        .game()
    )


def test_observers_at_an_exercise_calm_instead_of_alarming_for_a_smaller_gain(
    world: World,
) -> None:
    """AAA invites CCC's observers to a medium exercise with BBB.

    Tension CCC–AAA and CCC–BBB falls by 1 (30 → 29) instead of rising by 6, no incident
    can happen, doctrine and communications gain (100 − 50) × 0.08 × 0.6 = 2.4 instead of 4,
    and it costs 2 capital (1 more than without observers) and the same 4 budget.
    """
    game = watched_world(world)
    capital, budget = int(game.state.capital[A]), float(game.state.budget[A])

    result = game.issue(HoldExercise("AAA", "BBB", 1, observers=True))

    assert isinstance(result, Accepted), result
    s = game.state
    for k in (A, B):
        assert s.tension[C, k] == pytest.approx(29.0)
    assert s.doctrine[A, B] == pytest.approx(52.4)
    assert s.communications[A, B] == pytest.approx(52.4)
    assert int(s.capital[A]) == capital - 2
    assert float(s.budget[A]) == pytest.approx(budget - 4)
    facts = [o.fact for o in result.outcomes]
    assert "ObserversWatched" in facts
    assert "TensionRose" not in facts and "IncidentOccurred" not in facts
    (line,) = [o.text for o in result.outcomes if o.fact == "ObserversWatched"]
    assert line == (
        "Observers from Nation CCC watched as Nation AAA drilled with Nation BBB; "
        "no one was alarmed."
    )


def test_observers_are_offered_only_where_someone_would_feel_threatened(world: World) -> None:
    """CCC distrusts AAA and BBB but not DDD: AAA may invite observers to a drill with BBB
    (three sizes more in the legal commands), not to one with DDD (nobody to invite)."""
    game = watched_world(world)

    drills = [c for c in game.legal_commands() if isinstance(c, HoldExercise)]

    with_bbb = [c for c in drills if c.target == "BBB"]
    with_ddd = [c for c in drills if c.target == "DDD"]
    assert sorted((c.size, c.observers) for c in with_bbb) == [
        (0, False),
        (0, True),
        (1, False),
        (1, True),
        (2, False),
        (2, True),
    ]
    assert sorted((c.size, c.observers) for c in with_ddd) == [(0, False), (1, False), (2, False)]
    watched = next(c for c in with_bbb if c.observers)
    preview = " ".join(line.text for line in game.preview(watched))
    assert "Observers from" in preview and "no incident" in preview


# -- multi-turn projects -------------------------------------------------------------------


def test_training_programme_raises_doctrine_each_turn_and_charges_each_turn(
    world: World,
) -> None:
    """AAA and BBB (trust 60, no income, no interop decay) start a training programme.

    For 4 turns doctrine rises by 2 a turn both ways and AAA pays 1 budget a turn; then
    the programme ends and nothing more changes.
    """
    game = (
        world.nations("AAA", "BBB", economy=0)
        .relation("AAA", "BBB", trust=60, doctrine=30)
        .rules(interop_decay=0)
        .game()
    )
    result = game.issue(StartTraining("AAA", "BBB"))
    assert isinstance(result, Accepted), result
    assert len(game.state.projects) == 1

    for k in range(1, 5):
        budget = float(game.state.budget[A])
        end_turns(game)
        assert game.state.doctrine[A, B] == pytest.approx(30 + 2 * k)
        assert game.state.doctrine[B, A] == pytest.approx(30 + 2 * k)
        assert game.state.budget[A] == pytest.approx(budget - 1)
    assert game.state.projects == []

    budget = float(game.state.budget[A])
    end_turns(game, 2)
    assert game.state.doctrine[A, B] == pytest.approx(38.0)
    assert game.state.budget[A] == pytest.approx(budget)


@pytest.mark.parametrize(("kind", "turns", "per_turn"), [("training", 4, 1.0), ("tech", 6, 2.0)])
def test_project_costs_its_budget_per_turn_for_exactly_its_turns(
    world: World, kind: str, turns: int, per_turn: float
) -> None:
    """AAA and BBB (trust 70, technology sharing, no income) run a project to its end.

    The design prices a training programme at 1 budget a turn for 4 turns and a technology
    transfer at 2 a turn for 6 turns: the whole project must cost turns × per-turn budget.
    """
    game = (
        world.nations("AAA", "BBB", economy=0)
        .agreement("tech_sharing", "AAA", "BBB")
        .relation("AAA", "BBB", trust=70)
        .game()
    )
    cmd = StartTraining("AAA", "BBB") if kind == "training" else TransferTechnology("AAA", "BBB")
    assert isinstance(game.issue(cmd), Accepted)

    end_turns(game, turns)

    assert game.state.projects == []
    assert game.state.budget[A] == pytest.approx(20.0 - turns * per_turn)


def test_technology_transfer_raises_equipment_for_six_turns(world: World) -> None:
    """AAA and BBB (trust 60, technology sharing) have equipment compatibility 20.

    Equipment rises by 3 a turn both ways for 6 turns, AAA paying 2 budget a turn.
    """
    game = (
        world.nations("AAA", "BBB", economy=0)
        .agreement("tech_sharing", "AAA", "BBB")
        .relation("AAA", "BBB", trust=60, equipment=20)
        .game()
    )
    assert isinstance(game.issue(TransferTechnology("AAA", "BBB")), Accepted)

    for k in range(1, 7):
        budget = float(game.state.budget[A])
        end_turns(game)
        assert game.state.equipment[A, B] == pytest.approx(20 + 3 * k)
        assert game.state.equipment[B, A] == pytest.approx(20 + 3 * k)
        assert game.state.budget[A] == pytest.approx(budget - 2)
    end_turns(game)
    assert game.state.equipment[A, B] == pytest.approx(38.0)


@pytest.mark.parametrize(
    ("trust", "agreement", "reason"),
    [
        (59, "tech_sharing", "trust ≥ 60"),
        (80, "defence_pact", "technology-sharing agreement"),
    ],
    ids=["trust-59", "wrong-agreement"],
)
def test_technology_transfer_needs_trust_60_and_a_tech_sharing_agreement(
    world: World, trust: float, agreement: str, reason: str
) -> None:
    """AAA and BBB lack either enough trust or a technology-sharing agreement."""
    game = (
        world.nations("AAA", "BBB")
        .agreement(agreement, "AAA", "BBB")
        .relation("AAA", "BBB", trust=trust)
        .game()
    )

    result = game.issue(TransferTechnology("AAA", "BBB"))

    assert isinstance(result, Refused)
    assert any(reason in r for r in result.reasons), result.reasons
    assert game.state.projects == []


def test_a_project_stops_when_its_payer_runs_out_of_money(world: World) -> None:
    """AAA has just 1 budget and no income; it starts a training programme with BBB.

    The first turn's payment takes its last budget and doctrine rises once; at the end
    of the next turn it cannot pay, the programme stalls and doctrine stops moving.
    """
    game = (
        world.nation("AAA", budget=1, economy=0)
        .nation("BBB")
        .relation("AAA", "BBB", trust=60, doctrine=30)
        .rules(interop_decay=0)
        .game()
    )
    assert isinstance(game.issue(StartTraining("AAA", "BBB")), Accepted)

    first = game.issue(EndTurn("AAA"))
    assert isinstance(first, Accepted)
    assert game.state.doctrine[A, B] == pytest.approx(32.0)
    assert game.state.budget[A] == pytest.approx(0.0)

    result = game.issue(EndTurn("AAA"))

    assert isinstance(result, Accepted)
    assert "ProjectStalled" in [o.fact for o in result.outcomes]
    assert game.state.projects == []
    assert game.state.doctrine[A, B] == pytest.approx(32.0)
    assert game.state.budget[A] == pytest.approx(0.0)


# -- decay -------------------------------------------------------------------------------


def test_doctrine_and_communications_decay_only_after_four_turns_without_exercise(
    world: World,
) -> None:
    """AAA and BBB (trust 60, dialogue forum) hold a small exercise at turn 0.

    Through the end of turn 4 (four turns without an exercise) nothing decays; from the
    end of turn 5 doctrine and communications lose 1.5 a turn; equipment never decays.
    """
    game = (
        world.nations("AAA", "BBB")
        .agreement("dialogue_forum", "AAA", "BBB")
        .relation("AAA", "BBB", trust=60, equipment=45)
        .game()
    )
    assert isinstance(game.issue(HoldExercise("AAA", "BBB", 0)), Accepted)
    doctrine = float(game.state.doctrine[A, B])
    comms = float(game.state.communications[A, B])

    end_turns(game, 5)
    assert game.state.doctrine[A, B] == pytest.approx(doctrine)
    assert game.state.communications[B, A] == pytest.approx(comms)

    for k in range(1, 4):
        end_turns(game)
        assert game.state.doctrine[A, B] == pytest.approx(doctrine - 1.5 * k)
        assert game.state.doctrine[B, A] == pytest.approx(doctrine - 1.5 * k)
        assert game.state.communications[A, B] == pytest.approx(comms - 1.5 * k)
    assert game.state.equipment[A, B] == pytest.approx(45.0)


def test_pair_that_never_exercised_decays_from_the_first_turn(world: World) -> None:
    """AAA and BBB never exercised together: doctrine and communications fall 1.5 every turn
    from the start, equipment stays where it is."""
    game = (
        world.nations("AAA", "BBB")
        .relation("AAA", "BBB", doctrine=40, communications=30, equipment=60)
        .game()
    )

    end_turns(game, 10)

    assert game.state.doctrine[A, B] == pytest.approx(25.0)
    assert game.state.communications[A, B] == pytest.approx(15.0)
    assert game.state.equipment[A, B] == pytest.approx(60.0)
    assert game.state.equipment[B, A] == pytest.approx(60.0)


def test_interop_never_decays_below_zero(world: World) -> None:
    """AAA and BBB have communications 2 and never exercise; it stops at 0."""
    game = world.nations("AAA", "BBB").relation("AAA", "BBB", communications=2).game()

    end_turns(game, 3)

    assert game.state.communications[A, B] == 0.0
