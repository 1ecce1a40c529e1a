"""Scenario tests for promises: kept and broken commitments and who notices them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from game.core.commands import EndTurn, HoldExercise, InvestDefence, ProposeAgreement
from game.core.game import Game
from game.core.outcomes import Accepted, Outcome

if TYPE_CHECKING:
    from conftest import World

A, B, C, D = 0, 1, 2, 3


def end_turn(game: Game) -> list[Outcome]:
    result = game.issue(EndTurn(game.player))
    assert isinstance(result, Accepted), result
    return list(result.outcomes)


def promise_exercise(world: World) -> Game:
    """Four neutral nations (trust 50 everywhere, so drift moves nothing).

    AAA proposes a dialogue forum to BBB, promising a joint exercise within 2 turns;
    BBB accepts.
    """
    game = world.nations("AAA", "BBB", "CCC", "DDD").game()
    result = game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum", (("exercise", 2),)))
    assert isinstance(result, Accepted)
    assert "AgreementSigned" in [o.fact for o in result.outcomes]
    (promise,) = game.state.promises
    assert (promise.promiser, promise.promisee, promise.kind) == ("AAA", "BBB", "exercise")
    assert promise.deadline == 2
    return game


def test_kept_promise_rewards_trust_and_reputation(world: World) -> None:
    """See `promise_exercise`. AAA holds the exercise at once.

    At the end of the turn the promise is kept: BBB trusts AAA 6 more, every observer
    (CCC, DDD) 2 more, AAA's reputation rises by 5; AAA's own trust in others is unchanged.
    """
    game = promise_exercise(world)
    assert isinstance(game.issue(HoldExercise("AAA", "BBB", 0)), Accepted)

    facts = [o.fact for o in end_turn(game)]

    assert "PromiseKept" in facts
    s = game.state
    assert s.promises[0].status == "kept"
    assert s.trust[B, A] == pytest.approx(56.0)
    assert s.trust[C, A] == pytest.approx(52.0)
    assert s.trust[D, A] == pytest.approx(52.0)
    assert s.trust[A, B] == pytest.approx(50.0)
    assert s.trust[C, B] == pytest.approx(50.0)
    assert s.reputation[A] == pytest.approx(55.0)


def test_broken_promise_costs_trust_with_everyone_watching(world: World) -> None:
    """See `promise_exercise`. AAA never holds the exercise.

    Nothing happens before the deadline (turn 2); at the end of turn 2 the promise is
    broken: BBB trusts AAA 15 less, CCC and DDD 5 less, AAA's reputation falls by 12.
    """
    game = promise_exercise(world)

    end_turn(game)
    end_turn(game)
    assert game.state.promises[0].status == "open"
    assert game.state.trust[B, A] == pytest.approx(50.0)

    facts = [o.fact for o in end_turn(game)]

    assert "PromiseBroken" in facts
    s = game.state
    assert s.promises[0].status == "broken"
    assert s.trust[B, A] == pytest.approx(35.0)
    assert s.trust[C, A] == pytest.approx(45.0)
    assert s.trust[D, A] == pytest.approx(45.0)
    assert s.reputation[A] == pytest.approx(38.0)


def test_defence_promise_is_kept_by_raising_military_strength(world: World) -> None:
    """AAA offers BBB a dialogue forum with a promise of +2 military strength in 4 turns.

    AAA invests in defence twice (military 40 → 42): the promise is kept that turn.
    """
    game = world.nations("AAA", "BBB", "CCC").game()
    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum", (("defence", 2),)))
    assert game.state.promises[0].kind == "defence"

    game.issue(InvestDefence("AAA"))
    facts = [o.fact for o in end_turn(game)]
    assert "PromiseKept" not in facts

    game.issue(InvestDefence("AAA"))
    facts = [o.fact for o in end_turn(game)]
    assert "PromiseKept" in facts
    assert game.state.trust[B, A] == pytest.approx(56.0)
    assert game.state.reputation[A] == pytest.approx(55.0)


def test_a_broken_pledge_lets_the_partner_walk_out_with_its_ledger(world: World) -> None:
    """See `promise_exercise`: the exercise was a term of the forum. When AAA breaks it,
    BBB (trust now 35) weighs AAA as a newcomer — trust (35 − 50) × 0.6 = −9, AAA's
    reputation (38 − 50) × 0.3 = −3.6 — and walks out; the news gives the ledger, and the
    two-member forum is gone."""
    game = promise_exercise(world)
    end_turn(game)
    end_turn(game)

    outcomes = end_turn(game)

    left = [o for o in outcomes if o.fact == "AgreementLeft"]
    assert [o.nations[0] for o in left] == ["BBB"]
    assert "(Nation AAA broke its pledge; ledger −12.6: trust −9.0, reputation −3.6)" in (
        left[0].text
    )
    assert not game.state.has_agreement("AAA", "BBB")


def test_a_partner_that_still_trusts_stays_after_a_broken_pledge(world: World) -> None:
    """As above, but BBB trusted AAA 90: after the broken promise it still trusts it 75,
    its ledger for AAA is positive, and the forum holds."""
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD").trust("BBB", "AAA", 90).rules(trust_drift_rate=0)
    ).game()
    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum", (("exercise", 2),)))
    for _ in range(3):
        end_turn(game)

    assert game.state.promises[0].status == "broken"
    assert game.state.has_agreement("AAA", "BBB")


def test_a_pledge_is_worth_what_the_proposer_can_deliver_and_has_delivered(world: World) -> None:
    """AAA has 20 budget, no income, 3 capital and gains 3 a turn; investing in defence costs
    2 budget and 1 capital for +1 military. In the 4 turns a pledge runs it can buy 10: a
    pledge of 10 is believed in full (worth 3 × 10 = 30), one of 20 half (60 × 0.5 = 30).
    After one broken promise its record is (0 + 2) / (1 + 2) = ⅔ of that."""
    game = world.nations("AAA", "BBB", "CCC", economy=0).game()

    def offered(terms: tuple[tuple[str, int], ...]) -> list[str]:
        v = game.verdict("BBB", "dialogue_forum", terms)
        return [line for line in v.lines() if line.startswith("offered")]

    assert offered((("defence", 10),)) == ["offered: defence 10 +30.0"]
    assert offered((("defence", 20),)) == ["offered: defence 20 (believed 50%) +30.0"]

    game.issue(ProposeAgreement("AAA", "CCC", "dialogue_forum", (("exercise", 2),)))
    for _ in range(3):
        end_turn(game)
    assert game.state.promises[0].status == "broken"
    assert offered((("exercise", 0),)) == ["offered: joint exercise (believed 67%) +2.7"]


def test_an_exercise_promised_to_a_nation_too_wary_to_drill_is_half_believed(
    world: World,
) -> None:
    """Drilling together needs trust both ways of at least `exercise_min_trust`. BBB trusts
    AAA too little for that: an exercise AAA promises it is believed half; CCC trusts AAA
    enough, and believes it in full."""
    game = world.nations("AAA", "BBB", "CCC").trust("BBB", "AAA", 20).trust("CCC", "AAA", 80).game()
    least = game.rules.exercise_min_trust
    t = game.state.trust
    assert min(float(t[1, 0]), float(t[0, 1])) < least
    assert min(float(t[2, 0]), float(t[0, 2])) >= least

    def offered(target: str) -> list[str]:
        v = game.verdict(target, "dialogue_forum", (("exercise", 0),))
        return [line for line in v.lines() if line.startswith("offered")]

    (to_bbb,) = offered("BBB")
    (to_ccc,) = offered("CCC")
    assert "(believed 50%)" in to_bbb
    assert "believed" not in to_ccc


def test_an_ai_weighs_an_event_promise_of_an_exercise_as_the_ledger_believes_it(
    world: World,
) -> None:
    """An event option in which AAA promises BBB an exercise is worth less to AAA while the
    two trust each other too little to drill: it may well be broken."""
    from game.core.defs import EffectDef, OptionDef
    from game.core.events import option_worth

    game = world.nations("AAA", "BBB").trust("BBB", "AAA", 80).trust("AAA", "BBB", 80).game()
    promise = EffectDef("add_promise", {"from": "nation", "to": "target", "kind": "exercise"})
    option = OptionDef("Promise a drill", None, "", (promise,))
    trusted = option_worth(game.ctx().scoped("AAA", "BBB"), option)
    game.state.trust[1, 0] = game.rules.exercise_min_trust - 20
    wary = option_worth(game.ctx().scoped("AAA", "BBB"), option)
    assert wary < trusted
