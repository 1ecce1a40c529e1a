"""Scenario tests for trust, grievance and tension: dialogue, confidence, drift, mediation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from game.core.commands import BuildConfidence, ChooseOption, EndTurn, HoldDialogue, Mediate
from game.core.game import Game
from game.core.outcomes import Accepted, Refused

if TYPE_CHECKING:
    from conftest import World

A, B, C, D = 0, 1, 2, 3


def end_turns(game: Game, k: int = 1) -> None:
    for _ in range(k):
        result = game.issue(EndTurn(game.player))
        assert isinstance(result, Accepted), result


# -- dialogue ------------------------------------------------------------------------


def test_dialogue_raises_trust_both_ways_with_diminishing_gain(world: World) -> None:
    """AAA trusts BBB 30, BBB trusts AAA 90; they hold a summit.

    Each side gains 4 × (1 − trust/120): AAA's low trust rises by 3, BBB's high trust by
    only 1. The summit costs 1 diplomatic capital.
    """
    game = world.nations("AAA", "BBB").trust("AAA", "BBB", 30).trust("BBB", "AAA", 90).game()

    result = game.issue(HoldDialogue("AAA", "BBB"))

    assert isinstance(result, Accepted)
    assert game.state.trust[A, B] == pytest.approx(33.0)
    assert game.state.trust[B, A] == pytest.approx(91.0)
    assert game.state.capital[A] == 2
    assert [o.fact for o in result.outcomes] == ["DialogueHeld"]


def test_dialogue_gain_shrinks_as_trust_rises(world: World) -> None:
    """Three nations: BBB trusts AAA 0, CCC trusts AAA 60. AAA holds a summit with each.

    From 0 the gain is the full 4; from 60 it is 4 × (1 − 60/120) = 2.
    """
    game = world.nations("AAA", "BBB", "CCC").trust("BBB", "AAA", 0).trust("CCC", "AAA", 60).game()

    game.issue(HoldDialogue("AAA", "BBB"))
    game.issue(HoldDialogue("AAA", "CCC"))

    assert game.state.trust[B, A] == pytest.approx(4.0)
    assert game.state.trust[C, A] == pytest.approx(62.0)


def test_second_dialogue_with_the_same_nation_in_one_turn_is_refused(world: World) -> None:
    """AAA holds a summit with BBB, then tries a second one in the same turn."""
    game = world.nations("AAA", "BBB").game()
    game.issue(HoldDialogue("AAA", "BBB"))

    result = game.issue(HoldDialogue("AAA", "BBB"))

    assert isinstance(result, Refused)
    assert any("already done" in r for r in result.reasons)


# -- confidence-building -----------------------------------------------------------------


def test_confidence_building_works_at_rock_bottom_trust(world: World) -> None:
    """AAA and BBB trust each other 0 and hold the maximum grievance of a past war.

    No catch-22: transparency needs no trust at all. BBB's trust in AAA rises by 3,
    AAA's own trust in BBB is untouched, and their tension falls by 2.
    """
    game = (
        world.nations("AAA", "BBB")
        .relation("AAA", "BBB", trust=0, grievance=100, tension=10)
        .game()
    )

    result = game.issue(BuildConfidence("AAA", "BBB"))

    assert isinstance(result, Accepted), result
    assert game.state.trust[B, A] == pytest.approx(3.0)
    assert game.state.trust[A, B] == pytest.approx(0.0)
    assert game.state.tension[A, B] == pytest.approx(8.0)
    assert game.state.tension[B, A] == pytest.approx(8.0)
    assert game.state.capital[A] == 2


def test_dialogue_also_works_at_zero_trust(world: World) -> None:
    """AAA and BBB trust each other 0; a summit is allowed and gains the full 4 each way."""
    game = world.nations("AAA", "BBB").relation("AAA", "BBB", trust=0, grievance=100).game()

    result = game.issue(HoldDialogue("AAA", "BBB"))

    assert isinstance(result, Accepted), result
    assert game.state.trust[A, B] == pytest.approx(4.0)
    assert game.state.trust[B, A] == pytest.approx(4.0)


def test_confidence_building_reassures_the_targets_partners(world: World) -> None:
    """BBB is in a trade pact with CCC; DDD has no agreement with BBB.

    AAA opens its books to BBB: CCC (BBB's partner) trusts AAA 1 more, DDD does not move.
    """
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .agreement("trade_pact", "BBB", "CCC")
        .trust("CCC", "AAA", 20)
        .trust("DDD", "AAA", 20)
        .game()
    )

    game.issue(BuildConfidence("AAA", "BBB"))

    assert game.state.trust[B, A] == pytest.approx(53.0)
    assert game.state.trust[C, A] == pytest.approx(21.0)
    assert game.state.trust[D, A] == pytest.approx(20.0)


# -- drift, caps and decay -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("democracy_b", "grievance", "shared_threat", "trust", "expected"),
    [
        # baseline 50 + 25·1 − 0.5·20 = 65: 30 + 5% of 35
        (1.0, 20.0, False, 30.0, 31.75),
        # a shared threat adds 10: baseline 75
        (1.0, 20.0, True, 30.0, 32.25),
        # opposed values and a past war: baseline 50 − 25 − 50 = −25, clamped to 5
        (-1.0, 100.0, False, 50.0, 47.75),
        # capped at 100 − 0.5·40 = 80 even though the drift alone would leave 91.75
        (0.0, 40.0, False, 95.0, 80.0),
    ],
    ids=["affinity-and-grievance", "shared-threat", "baseline-clamped", "grievance-cap"],
)
def test_trust_drifts_five_percent_toward_its_baseline(
    world: World,
    democracy_b: float,
    grievance: float,
    shared_threat: bool,
    trust: float,
    expected: float,
) -> None:
    """AAA (democracy 1) and BBB with given values, grievance and trust; CCC may threaten both.

    After one turn, trust each way = min(t + 5% × (baseline − t), 100 − 0.5 × grievance),
    baseline = 50 + 25·affinity − 0.5·grievance + 10 if they share a threat (clamped 5–95).
    """
    world.nation("AAA", democracy=1.0).nation("BBB", democracy=democracy_b).nation("CCC")
    world.relation("AAA", "BBB", trust=trust, grievance=grievance)
    if shared_threat:
        world.threat("pressure", source="CCC", threatened=["AAA", "BBB"], level=60.0)
    game = world.game()

    end_turns(game)

    assert game.state.trust[A, B] == pytest.approx(expected, abs=0.01)
    assert game.state.trust[B, A] == pytest.approx(expected, abs=0.01)


def test_grievance_decays_one_percent_a_turn(world: World) -> None:
    """AAA and BBB start with a grievance of 50 (a border clash) and nothing else happens."""
    game = world.nations("AAA", "BBB").relation("AAA", "BBB", grievance=50).game()

    end_turns(game)
    assert game.state.grievance[A, B] == pytest.approx(49.5)

    end_turns(game, 9)
    assert game.state.grievance[A, B] == pytest.approx(50 * 0.99**10, abs=0.05)
    assert game.state.grievance[B, A] == pytest.approx(50 * 0.99**10, abs=0.05)


def test_tension_decays_five_percent_a_turn(world: World) -> None:
    """AAA and BBB start at tension 40 with no threat or incident to feed it."""
    game = world.nations("AAA", "BBB").relation("AAA", "BBB", tension=40).game()

    end_turns(game)
    assert game.state.tension[A, B] == pytest.approx(38.0)

    end_turns(game)
    assert game.state.tension[B, A] == pytest.approx(36.1)


# -- mediation -------------------------------------------------------------------------


def test_mediation_cuts_grievance_and_tension_between_two_others(world: World) -> None:
    """BBB and CCC hold a grievance of 30 and tension of 40; both trust AAA 60.

    AAA mediates (2 diplomatic capital): grievance and tension between them fall by 10
    each way, both trust the mediator 2 more, and AAA's reputation rises by 2.
    """
    game = (
        world.nations("AAA", "BBB", "CCC")
        .relation("BBB", "CCC", grievance=30, tension=40)
        .trust("BBB", "AAA", 60)
        .trust("CCC", "AAA", 60)
        .game()
    )

    result = game.issue(Mediate("AAA", "BBB", "CCC"))

    assert isinstance(result, Accepted), result
    s = game.state
    assert (s.grievance[B, C], s.grievance[C, B]) == (pytest.approx(20.0), pytest.approx(20.0))
    assert (s.tension[B, C], s.tension[C, B]) == (pytest.approx(30.0), pytest.approx(30.0))
    assert (s.trust[B, A], s.trust[C, A]) == (pytest.approx(62.0), pytest.approx(62.0))
    assert s.reputation[A] == pytest.approx(52.0)
    assert s.capital[A] == 1


def test_mediation_needs_both_sides_to_trust_the_mediator(world: World) -> None:
    """BBB trusts AAA 60 but CCC only 40: AAA may not mediate between them."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .relation("BBB", "CCC", grievance=30)
        .trust("BBB", "AAA", 60)
        .trust("CCC", "AAA", 40)
        .game()
    )

    result = game.issue(Mediate("AAA", "BBB", "CCC"))

    assert isinstance(result, Refused)
    assert any("trust you" in r for r in result.reasons)
    assert game.state.grievance[B, C] == pytest.approx(30.0)


def test_confidence_building_reassures_a_partner_who_joined_this_turn(world: World) -> None:
    """AAA and BBB share a defence pact. AAA opens its books to DDD, then answers an event
    by admitting CCC to the pact, then opens its books to BBB.

    CCC is now BBB's partner, so its trust in AAA rises by 1.
    """
    world.nations("AAA", "BBB", "CCC", "DDD").agreement("defence_pact", "AAA", "BBB")
    world.event(
        "membership_request",
        world.option(
            "Admit CCC", ("form_agreement", {"kind": "defence_pact", "a": "player", "b": "CCC"})
        ),
        once=True,
    )
    game = world.game()
    end_turns(game)
    (pending,) = game.state.pending
    assert isinstance(game.issue(BuildConfidence("AAA", "DDD")), Accepted)
    assert isinstance(game.issue(ChooseOption("AAA", pending.key, 0)), Accepted)
    assert game.state.has_agreement("BBB", "CCC", "defence_pact")

    game.issue(BuildConfidence("AAA", "BBB"))

    assert game.state.trust[C, A] == pytest.approx(51.0)


def test_confidence_building_no_longer_reassures_a_partner_who_left(world: World) -> None:
    """AAA, BBB and CCC share a defence pact. AAA opens its books to DDD, then answers an
    event in which CCC walks out of the pact, then opens its books to BBB.

    CCC is no longer BBB's partner: its trust in AAA stays at 50.
    """
    world.nations("AAA", "BBB", "CCC", "DDD").agreement("defence_pact", "AAA", "BBB", "CCC")
    world.event(
        "walkout",
        world.option("Let CCC go", ("leave_agreement", {"nation": "CCC", "kind": "defence_pact"})),
        once=True,
    )
    game = world.game()
    end_turns(game)
    (pending,) = game.state.pending
    assert isinstance(game.issue(BuildConfidence("AAA", "DDD")), Accepted)
    assert isinstance(game.issue(ChooseOption("AAA", pending.key, 0)), Accepted)
    assert not game.state.has_agreement("BBB", "CCC")
    assert game.state.has_agreement("AAA", "BBB", "defence_pact")

    game.issue(BuildConfidence("AAA", "BBB"))

    assert game.state.trust[C, A] == pytest.approx(50.0)


@pytest.mark.parametrize("cost", [8.0, 3.0])
def test_walking_out_costs_the_trust_the_rules_say(world: World, cost: float) -> None:
    """CCC walks out of its defence pact with AAA and BBB: each remaining member's trust in
    it falls by `leave_partner_trust` (8 by default, 3 in a level that says so)."""
    world.nations("AAA", "BBB", "CCC").agreement("defence_pact", "AAA", "BBB", "CCC")
    world.event(
        "walkout",
        world.option("Let CCC go", ("leave_agreement", {"nation": "CCC", "kind": "defence_pact"})),
        once=True,
    )
    game = world.rules(leave_partner_trust=cost).game()
    end_turns(game)
    before = [float(game.state.trust[k, C]) for k in (A, B)]
    (pending,) = game.state.pending

    assert isinstance(game.issue(ChooseOption("AAA", pending.key, 0)), Accepted)

    after = [float(game.state.trust[k, C]) for k in (A, B)]
    assert [b - a for b, a in zip(before, after, strict=True)] == pytest.approx([cost, cost])
