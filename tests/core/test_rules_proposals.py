"""Scenario tests for proposals: the verdict ledger, its flip hint, and signed agreements."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from game.core import actions
from game.core.commands import AnswerProposal, EndTurn, ProposeAgreement
from game.core.outcomes import Accepted

if TYPE_CHECKING:
    from conftest import World

A, B = 0, 1
# Terms worth nothing: nothing a proposer adds can flip a "no", so none is counter-offered.
NO_TERMS = {"term_aid": 0.0, "term_defence": 0.0, "term_exercise": 0.0, "term_concession": 0.0}


def test_ledger_lists_every_factor_against_the_threshold(world: World) -> None:
    """AAA offers BBB a trade pact. Both value democracy fully (affinity 1), BBB trusts AAA
    70, holds a grievance of 25, votes next turn, and both are threatened by CCC (level 50).

    The ledger reads: trust +12, shared values +20, shared threat +15, grievance −10,
    election soon −8, the pact's ask −4; total +25 against a threshold of 0: accepted.
    """
    game = (
        world.nation("AAA", democracy=1.0)
        .nation("BBB", democracy=1.0, next_election=1)
        .nation("CCC")
        .trust("BBB", "AAA", 70)
        .relation("AAA", "BBB", grievance=25)
        .threat("pressure", source="CCC", threatened=["AAA", "BBB"], level=50)
        .game()
    )

    verdict = game.verdict("BBB", "trade_pact")

    assert dict(verdict.factors) == {
        "trust": 12.0,
        "shared values": 20.0,
        "shared threat": 15.0,
        "grievance": -10.0,
        "election soon": -8.0,
        "trade pact is a big ask": -4.0,
    }
    assert verdict.total == pytest.approx(25.0)
    assert verdict.threshold == 0.0
    assert verdict.accepted
    assert "25.0 to spare" in verdict.flip
    assert "trust +12.0" in verdict.lines()


def test_ledger_counts_reputation_and_commitments_already_carried(world: World) -> None:
    """AAA (a poor record: reputation 20) offers CCC a dialogue forum; CCC already carries
    two agreements. Reputation counts (20 − 50) × 0.3 = −9, commitments 2 × −3 = −6."""
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .agreement("trade_pact", "CCC", "BBB")
        .agreement("access", "CCC", "DDD")
        .game()
    )
    game.state.reputation[A] = 20.0

    factors = dict(game.verdict("CCC", "dialogue_forum").factors)

    assert factors["reputation"] == pytest.approx(-9.0)
    assert factors["commitments already carried"] == pytest.approx(-6.0)


def test_refusing_ledger_names_the_change_that_flips_it(world: World) -> None:
    """AAA offers BBB (trust 40) a defence pact: trust −6, the big ask −12, not enough trust
    for a pact −5, interoperability +1.9; total −21.1, refused.

    The hint offers 11 more aid or raising their trust by 36; either really flips it,
    and 10 aid (one less) does not.
    """
    game = world.nations("AAA", "BBB").trust("BBB", "AAA", 40).game()

    verdict = game.verdict("BBB", "defence_pact")

    assert not verdict.accepted
    assert verdict.total == pytest.approx(-21.1)
    assert "offer 11 more aid" in verdict.flip
    assert "raise their trust by 27" in verdict.flip
    assert game.verdict("BBB", "defence_pact", (("aid", 11),)).accepted
    assert not game.verdict("BBB", "defence_pact", (("aid", 10),)).accepted
    game.state.trust[B, A] += 36
    assert game.verdict("BBB", "defence_pact").accepted


def test_small_deficit_can_be_bridged_by_a_trade_concession(world: World) -> None:
    """AAA offers neutral BBB (trust 50) a trade pact: only the ask −4 stands against it.

    The hint suggests a trade concession, and adding one flips the verdict.
    """
    game = world.nations("AAA", "BBB").game()

    verdict = game.verdict("BBB", "trade_pact")

    assert verdict.total == pytest.approx(-4.0)
    assert "add a trade concession" in verdict.flip
    assert game.verdict("BBB", "trade_pact", (("concession", 1),)).accepted


def test_flip_hint_holds_for_a_wary_personality(world: World) -> None:
    """BBB has a wary personality (trust weighs half). AAA offers it a defence pact.

    Raising BBB's trust by the amount the hint names must flip the verdict.
    """
    game = (
        world.nation("AAA")
        .nation("BBB", personality="wary")
        .personality("wary", trust=0.5)
        .trust("BBB", "AAA", 40)
        .game()
    )
    verdict = game.verdict("BBB", "defence_pact")
    match = re.search(r"raise their trust by (\d+)", verdict.flip)
    assert match is not None

    game.state.trust[B, A] += int(match.group(1))

    assert game.verdict("BBB", "defence_pact").accepted


def test_accepted_proposal_signs_an_agreement(world: World) -> None:
    """AAA offers BBB (trust 70) a dialogue forum: accepted and signed at once."""
    game = world.nations("AAA", "BBB").trust("BBB", "AAA", 70).game()

    result = game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    assert isinstance(result, Accepted)
    assert "AgreementSigned" in [o.fact for o in result.outcomes]
    (agreement,) = game.state.agreements
    assert (agreement.kind, agreement.members, agreement.start_turn) == (
        "dialogue_forum",
        ["AAA", "BBB"],
        0,
    )


def test_declined_proposal_signs_nothing(world: World) -> None:
    """AAA offers BBB (trust 20) a dialogue forum; no term is worth anything in this world,
    so no counter-offer can bridge it: BBB declines, nothing is signed."""
    game = world.nations("AAA", "BBB").trust("BBB", "AAA", 20).rules(**NO_TERMS).game()

    result = game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    assert isinstance(result, Accepted)
    assert [o.fact for o in result.outcomes] == ["ProposalDeclined"]
    assert game.state.agreements == []


def test_third_nation_joins_the_proposers_existing_agreement(world: World) -> None:
    """AAA and BBB already share a forum; CCC (trust 90) accepts AAA's offer of one, and
    BBB (trust 65 in CCC) consents.

    CCC joins the existing forum: one agreement with three members, not two.
    """
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "AAA", "BBB")
        .trust("CCC", "AAA", 90)
        .trust("BBB", "CCC", 65)
        .game()
    )

    result = game.issue(ProposeAgreement("AAA", "CCC", "dialogue_forum"))

    assert isinstance(result, Accepted)
    (forum,) = game.state.agreements
    assert forum.kind == "dialogue_forum"
    assert forum.members == ["AAA", "BBB", "CCC"]
    assert forum.since("CCC") == game.state.turn and forum.since("BBB") == forum.start_turn
    assert game.state.has_agreement("BBB", "CCC", "dialogue_forum")


def test_proposer_joins_the_responders_existing_agreement(world: World) -> None:
    """BBB and CCC share a forum; AAA, in none, offers BBB (trust 90) a forum.

    AAA joins BBB's forum (CCC, trust 65 in AAA, consents): one agreement with three members.
    """
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "BBB", "CCC")
        .trust("BBB", "AAA", 90)
        .trust("CCC", "AAA", 65)
        .game()
    )

    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    (forum,) = game.state.agreements
    assert forum.members == ["AAA", "BBB", "CCC"]
    assert game.state.has_agreement("AAA", "CCC", "dialogue_forum")


def test_proposal_to_an_existing_partner_is_refused(world: World) -> None:
    """AAA and BBB already share a trade pact; a second one is refused."""
    game = world.nations("AAA", "BBB").agreement("trade_pact", "AAA", "BBB").game()

    reasons = game.reasons(ProposeAgreement("AAA", "BBB", "trade_pact"))

    assert any("already together in an agreement: Trade pact" in r for r in reasons)


def test_ai_proposal_to_the_player_waits_for_an_answer(world: World) -> None:
    """BBB (AI, acting) shares AAA's values fully and trusts it 90: it proposes an agreement.

    After the turn the offer waits for the player, who accepts it: the agreement is signed.
    """
    game = (
        world.nation("AAA", democracy=1.0)
        .nation("BBB", democracy=1.0)
        .relation("AAA", "BBB", trust=90)
        .rules(ai_actions_per_turn=2)
        .game()
    )

    result = game.issue(EndTurn("AAA"))

    assert isinstance(result, Accepted)
    assert "ProposalReceived" in [o.fact for o in result.outcomes]
    (offer,) = game.state.offers
    assert isinstance(game.issue(AnswerProposal("AAA", offer.key, True)), Accepted)
    assert game.state.has_agreement("AAA", "BBB", offer.kind)


def test_unanswered_ai_proposal_lapses_after_a_whole_turn(world: World) -> None:
    """BBB (AI) proposes an agreement to AAA, who ignores it for a whole turn.

    The offer is there during AAA's turn; at the end of the next turn it lapses.
    """
    game = (
        world.nation("AAA", democracy=1.0)
        .nation("BBB", democracy=1.0)
        .relation("AAA", "BBB", trust=90)
        .rules(ai_actions_per_turn=2)
        .game()
    )
    game.issue(EndTurn("AAA"))
    (offer,) = game.state.offers

    result = game.issue(EndTurn("AAA"))

    assert isinstance(result, Accepted)
    assert "ProposalLapsed" in [o.fact for o in result.outcomes]
    assert offer.key not in [o.key for o in game.state.offers]
    assert game.reasons(AnswerProposal("AAA", offer.key, True))


@pytest.mark.parametrize("answer", ["decline", "ignore"])
def test_a_rebuffed_proposer_trusts_the_nation_that_said_no_less(world: World, answer: str) -> None:
    """BBB (AI) proposes an agreement to AAA; AAA declines it, or lets it lapse. Either way
    BBB's trust in AAA ends 3 lower with `proposal_rebuff_trust` 3 than with 0 (less the
    little that drift toward the baseline takes back)."""

    world.nation("AAA", democracy=1.0).nation("BBB", democracy=1.0).relation("AAA", "BBB", trust=90)

    def play(rebuff: float) -> float:
        game = world.rules(ai_actions_per_turn=1, proposal_rebuff_trust=rebuff).game()
        game.issue(EndTurn("AAA"))
        (offer,) = game.state.offers
        if answer == "decline":
            assert isinstance(game.issue(AnswerProposal("AAA", offer.key, False)), Accepted)
        game.issue(EndTurn("AAA"))
        assert offer.key not in [o.key for o in game.state.offers]
        return float(game.state.trust[1, 0])

    assert play(0) - play(3) == pytest.approx(3, abs=0.3)


def test_a_member_of_the_bloc_can_refuse_a_newcomer(world: World) -> None:
    """BBB and CCC share a forum; AAA offers BBB (trust 90) a forum, but CCC distrusts AAA
    (trust 15): nobody joins a bloc without its members' consent, and the news says who
    objected."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "BBB", "CCC")
        .trust("BBB", "AAA", 90)
        .trust("CCC", "AAA", 15)
        .game()
    )

    result = game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    assert isinstance(result, Accepted)
    (forum,) = game.state.agreements
    assert forum.members == ["BBB", "CCC"]
    (refusal,) = [o for o in result.outcomes if o.fact == "JoinRefused"]
    assert f"{game.level.names['CCC']} objected (ledger" in refusal.text


def test_no_one_joins_the_players_bloc_without_the_player(world: World) -> None:
    """The player AAA founded a forum with BBB; BBB accepts CCC's proposal of a forum, but
    CCC does not join the player's bloc unless the player proposes it."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "AAA", "BBB")
        .trust("BBB", "CCC", 95)
        .game()
    )
    ctx = game.ctx()

    actions.apply(ctx, ProposeAgreement("CCC", "BBB", "dialogue_forum"))

    (forum,) = game.state.agreements
    assert forum.members == ["AAA", "BBB"]
    said = [o.text for o in ctx.outcomes if o.fact == "JoinRefused"]
    assert said == [
        "Nation CCC could not join the dialogue forum you are in: it takes only the nations "
        "you propose to."
    ]


def test_deeper_agreements_need_turns_on_the_rung_below(world: World) -> None:
    """AAA and BBB (trust 90 both ways) share nothing: a trade pact needs a dialogue forum
    held for two turns first, and a defence pact a technology-sharing or access agreement
    held for three; the count starts when they sign."""
    game = world.nations("AAA", "BBB").relation("AAA", "BBB", trust=90).game()

    assert "needs a dialogue forum with them first (2 turns)" in game.reasons(
        ProposeAgreement("AAA", "BBB", "trade_pact")
    )
    assert isinstance(game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum")), Accepted)
    game.end_turn()
    assert "needs 1 more turn in a dialogue forum with them" in game.reasons(
        ProposeAgreement("AAA", "BBB", "trade_pact")
    )
    game.end_turn()
    assert game.reasons(ProposeAgreement("AAA", "BBB", "trade_pact")) == []
    assert (
        "needs a technology sharing agreement or an access agreement with them first (3 turns)"
        in game.reasons(ProposeAgreement("AAA", "BBB", "defence_pact"))
    )


def test_bigger_asks_cost_more_capital(world: World) -> None:
    """A forum costs 1 diplomatic capital, an access agreement (ask 6) 2, a defence pact
    (ask 12) 3."""
    game = world.nations("AAA", "BBB").game()

    costs = [
        game.cost(ProposeAgreement("AAA", "BBB", k)).capital
        for k in ("dialogue_forum", "access", "defence_pact")
    ]

    assert costs == [1, 2, 3]


def test_a_refusal_costs_face_and_asking_again_soon_is_held_against_you(world: World) -> None:
    """BBB (trust 30) refuses AAA's forum: its trust in AAA falls by 2, and for three turns
    AAA's next proposal carries an "asked again too soon" factor (no term could bridge it)."""
    game = world.nations("AAA", "BBB").trust("BBB", "AAA", 30).rules(**NO_TERMS).game()

    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    assert game.state.trust[1, 0] == pytest.approx(28.0)
    factors = dict(game.verdict("BBB", "dialogue_forum").factors)
    assert factors["asked again too soon"] == pytest.approx(-6.0)
    for _ in range(3):
        game.end_turn()
    assert "asked again too soon" not in dict(game.verdict("BBB", "dialogue_forum").factors)


def test_a_second_no_soon_after_the_first_is_held_against_you_three_times_as_long(
    world: World,
) -> None:
    """BBB (trust 30) refuses AAA's forum on turn 0 and again on turn 3, as soon as the
    first no stops counting: the second no counts for 3 × 3 turns, not 3."""
    game = world.nations("AAA", "BBB").trust("BBB", "AAA", 30).rules(**NO_TERMS).game()
    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))
    for _ in range(3):
        game.end_turn()

    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    held = []
    for _ in range(10):
        held.append("asked again too soon" in dict(game.verdict("BBB", "dialogue_forum").factors))
        game.end_turn()
    assert held == [True] * 9 + [False]


def test_an_ai_snubbed_twice_leaves_the_player_alone_longer(world: World) -> None:
    """BBB (AI, trust 90) offers AAA a forum every time it may. AAA lets the first offer lapse
    (turn 1), and the next as soon as it comes: the third comes three cooldowns later."""
    game = (
        world.nation("AAA", democracy=1.0)
        .nation("BBB", democracy=1.0)
        .relation("AAA", "BBB", trust=90)
        .rules(ai_actions_per_turn=1, proposal_rebuff_trust=0)
        .game()
    )

    offered = []
    for _ in range(16):
        game.issue(EndTurn("AAA"))
        offered += [game.state.turn for o in game.state.offers if o.turn == game.state.turn - 1]

    assert offered[:3] == [1, 5, 15]


def test_a_term_can_be_offered_once(world: World) -> None:
    game = world.nations("AAA", "BBB").game()

    reasons = game.reasons(
        ProposeAgreement("AAA", "BBB", "dialogue_forum", (("aid", 2), ("aid", 3)))
    )

    assert "each term can be offered once" in reasons
