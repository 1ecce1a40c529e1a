"""Scenario tests for negotiation: one judge for every proposal, counter-offers, AI terms,
flip hints the proposer can act on, and no pointless offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

from game.core import ai, explain, price
from game.core.commands import AnswerProposal, EndTurn, ProposeAgreement
from game.core.defs import EffectDef
from game.core.effects import apply_effects, describe_effect
from game.core.outcomes import Accepted
from game.core.state import PendingOffer
from game.core.verdict import counter_terms

if TYPE_CHECKING:
    from conftest import World

NO_TERMS = {"term_aid": 0.0, "term_defence": 0.0, "term_exercise": 0.0, "term_concession": 0.0}


def _wary_neighbour(world: World) -> World:
    """BBB (AI) and CCC trust each other 60. BBB has an access agreement with DDD, whom CCC
    trusts 10, and CCC votes next turn. BBB reckons CCC's ledger at +8 for a forum; CCC's
    own reads trust +6, forum +2, election soon −8, allied with our rival −6: −6."""
    return (
        world.nation("AAA")
        .nation("BBB")
        .nation("CCC", next_election=1)
        .nation("DDD")
        .agreement("access", "BBB", "DDD")
        .relation("BBB", "CCC", trust=60)
        .trust("CCC", "DDD", 10)
        .rules(ai_actions_per_turn=1)
    )


def _facts(outcomes: list, fact: str, *nations: str) -> list[str]:
    return [o.text for o in outcomes if o.fact == fact and set(nations) <= set(o.nations)]


def test_an_ai_refuses_another_ai_and_the_news_gives_its_reasons(world: World) -> None:
    """With no term worth anything, CCC simply refuses BBB's forum: the AI did not screen its
    proposal with CCC's ledger, and the news names CCC's reasons."""
    game = _wary_neighbour(world).rules(ai_actions_per_turn=1, **NO_TERMS).game()

    result = game.issue(EndTurn("AAA"))

    assert isinstance(result, Accepted)
    (line,) = _facts(list(result.outcomes), "ProposalDeclined", "BBB", "CCC")
    assert line.startswith("Nation CCC declined a proposal from Nation BBB: Dialogue forum")
    assert "election soon −8.0" in line.replace("-", "−")
    assert "allied with our rival −6.0" in line.replace("-", "−")


def test_an_ai_counter_offers_and_the_ai_proposer_takes_it(world: World) -> None:
    """The same proposal, with terms worth their usual values: CCC counters with the cheapest
    term that flips its ledger (a defence pledge of +2, worth 3 a point: a promise is priced
    at half, so it costs no more than a concession and comes first), BBB finds the forum
    worth that price and they sign with it: BBB has a promise to keep."""
    game = _wary_neighbour(world).game()

    result = game.issue(EndTurn("AAA"))

    outcomes = list(result.outcomes)
    (line,) = _facts(outcomes, "CounterOffered", "BBB", "CCC")
    assert "if it added defence +2 (ledger −6.0; most against: election soon −8.0" in line
    assert game.state.has_agreement("BBB", "CCC", "dialogue_forum")
    assert _facts(outcomes, "PromiseMade", "BBB", "CCC")
    (promise,) = [p for p in game.state.promises if p.promiser == "BBB"]
    assert (promise.promisee, promise.kind, promise.amount) == ("CCC", "defence", 2.0)


def test_the_responder_weighs_a_proposer_allied_with_its_rival(world: World) -> None:
    """The player AAA is in an access agreement with DDD, whom CCC trusts 10: CCC's ledger of
    AAA's forum counts "allied with our rival" at −6 × its security weight (1)."""
    game = (
        world.nations("AAA", "CCC", "DDD")
        .agreement("access", "AAA", "DDD")
        .trust("CCC", "DDD", 10)
        .game()
    )

    factors = dict(game.verdict("CCC", "dialogue_forum").factors)

    assert factors["allied with our rival"] == pytest.approx(-6.0)
    game.state.trust[1, 2] = 40.0
    assert "allied with our rival" not in dict(game.verdict("CCC", "dialogue_forum").factors)


def test_voters_oppose_a_military_agreement_when_approval_is_low(world: World) -> None:
    """BBB's government polls 35, 15 below the 50 its voters want before a military pact:
    −0.5 a point is −7.5 on an access agreement, and nothing on a trade pact."""
    game = world.nation("AAA").nation("BBB", approval=35.0).game()

    assert dict(game.verdict("BBB", "access").factors)["our voters oppose it"] == pytest.approx(
        -7.5
    )
    assert "our voters oppose it" not in dict(game.verdict("BBB", "trade_pact").factors)


def test_the_player_gets_a_counter_offer_it_can_accept(world: World) -> None:
    """AAA (budget 5) offers BBB (trust 35) a forum with a concession: trust −9, forum +2,
    concession +6 is −1; more is needed. BBB counters with the cheapest addition AAA can
    deliver (a joint exercise promise, not a second concession); accepting signs and makes
    the promise."""
    game = world.nation("AAA", budget=5.0).nation("BBB").trust("BBB", "AAA", 35).game()
    offer = ProposeAgreement("AAA", "BBB", "dialogue_forum", (("concession", 1),))

    result = game.issue(offer)

    assert [o.fact for o in result.outcomes] == ["CounterOffered"]  # type: ignore[union-attr]
    (counter,) = game.state.offers
    assert counter.counter and (counter.proposer, counter.responder) == ("BBB", "AAA")
    assert counter.terms == [["concession", 1], ["exercise", 4]]
    assert isinstance(game.issue(AnswerProposal("AAA", counter.key, True)), Accepted)
    assert game.state.has_agreement("AAA", "BBB", "dialogue_forum")
    assert [(p.promiser, p.kind) for p in game.state.promises] == [("AAA", "exercise")]


def test_walking_away_from_a_counter_offer_is_a_refusal(world: World) -> None:
    """AAA walks away from BBB's counter: nothing is signed, the refusal costs AAA 2 trust
    with BBB, and asking again soon is held against it."""
    game = world.nation("AAA", budget=5.0).nation("BBB").trust("BBB", "AAA", 35).game()
    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))
    (counter,) = game.state.offers

    result = game.issue(AnswerProposal("AAA", counter.key, False))

    assert "ProposalDeclined" in [o.fact for o in result.outcomes]  # type: ignore[union-attr]
    assert not game.state.agreements and not game.state.offers
    assert game.state.trust[1, 0] == pytest.approx(33.0)
    assert "asked again too soon" in dict(game.verdict("BBB", "dialogue_forum").factors)


def test_a_counter_offer_lapses_at_the_end_of_its_turn(world: World) -> None:
    game = world.nation("AAA", budget=5.0).nation("BBB").trust("BBB", "AAA", 35).game()
    game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    result = game.issue(EndTurn("AAA"))

    assert any(
        o.fact == "ProposalLapsed" and "counter-offer" in o.text
        for o in result.outcomes  # type: ignore[union-attr]
    )
    assert not any(o.counter for o in game.state.offers)


def test_counter_terms_stay_within_budget_and_cap_and_skip_offered_terms(world: World) -> None:
    """BBB (trust 20) is offered a forum with aid 3 by AAA (budget 9): the counter never adds
    aid again and asks for nothing AAA could not pay; with no budget, no exercise."""
    game = world.nation("AAA", budget=9.0).nation("BBB").trust("BBB", "AAA", 20).game()
    s = game.state

    extra = counter_terms(game.level, s, "AAA", "BBB", "dialogue_forum", (("aid", 3),))

    assert extra is not None
    assert "aid" not in dict(extra)
    s.budget[0] = 0.0
    poor = counter_terms(game.level, s, "AAA", "BBB", "dialogue_forum")
    assert poor is None or ("aid" not in dict(poor) and "exercise" not in dict(poor))


def test_flip_hints_suggest_only_what_the_player_can_do_this_turn(world: World) -> None:
    """AAA (budget 14) offers BBB (trust 20) a defence pact with a concession (ledger −37.1):
    the 19 aid that would flip it is more than AAA has, so aid is not suggested, nor the
    concession again. With budget 100, 19 aid is; at trust 5 the deficit needs more than the
    cap of 20 and aid is not suggested even then."""
    game = world.nation("AAA", budget=14.0).nation("BBB").trust("BBB", "AAA", 20).game()
    terms = (("concession", 1),)

    verdict = game.verdict("BBB", "defence_pact", terms)

    assert not verdict.accepted
    assert "more aid" not in verdict.flip
    assert "concession" not in verdict.flip
    game.state.budget[0] = 100.0
    assert "offer 19 more aid" in game.verdict("BBB", "defence_pact", terms).flip
    game.state.trust[1, 0] = 5.0
    assert "more aid" not in game.verdict("BBB", "defence_pact", terms).flip


def test_an_ai_adds_terms_when_its_estimate_falls_short(world: World) -> None:
    """BBB wants a forum with the player AAA (BBB trusts AAA 80) but reckons AAA's ledger at
    (20 − 50) × 0.6 + 2 = −16, below the −4 a steady nation (boldness 1) wants: it adds the
    cheapest terms that close the gap within half its budget (aid 20 → 10 aid at most). A
    joint exercise is only half believed while AAA trusts BBB too little (20) to drill with
    it, so the promise it adds is a defence pledge."""
    game = (
        world.nation("AAA")
        .nation("BBB", budget=40.0)
        .trust("BBB", "AAA", 80)
        .trust("AAA", "BBB", 20)
        .rules(ai_actions_per_turn=1)
        .game()
    )

    game.issue(EndTurn("AAA"))

    (offer,) = [o for o in game.state.offers if o.proposer == "BBB"]
    terms = dict(offer.terms)
    assert terms, "the offer carries terms"
    assert set(terms) <= {"aid", "defence", "exercise", "concession"}
    assert "defence" in terms and "exercise" not in terms  # a promise they can believe


def test_ai_mediates_a_quarrel_between_nations_that_trust_it(world: World) -> None:
    """CCC and DDD hold a grievance of 40 against each other and both trust BBB 70: BBB,
    with nothing better to do, mediates."""
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .relation("CCC", "DDD", grievance=40)
        .trust("CCC", "BBB", 70)
        .trust("DDD", "BBB", 70)
        .rules(ai_actions_per_turn=2)
        .game()
    )

    result = game.issue(EndTurn("AAA"))

    assert _facts(list(result.outcomes), "MediationHeld", "BBB")  # type: ignore[union-attr]


def test_no_ai_offers_what_the_player_already_has_through_a_bloc(world: World) -> None:
    """BBB offers the player a forum; before answering, the player joins CCC's forum, which
    BBB is in. The pending offer goes (there is nothing left to sign), Accept is refused with
    a reason, and BBB does not offer it again."""
    game = (
        world.nation("AAA", democracy=1.0)
        .nation("BBB", democracy=1.0)
        .nation("CCC", democracy=1.0)
        .agreement("dialogue_forum", "BBB", "CCC")
        .relation("AAA", "BBB", trust=90)
        .relation("AAA", "CCC", trust=90)
        .rules(ai_actions_per_turn=1)
        .game()
    )
    game.issue(EndTurn("AAA"))
    (offer,) = [o for o in game.state.offers if o.proposer == "BBB"]
    kind = offer.kind
    game.state.offers = [offer]  # only BBB's

    game.issue(ProposeAgreement("AAA", "CCC", kind))

    assert game.state.has_agreement("AAA", "BBB", kind)
    assert game.reasons(AnswerProposal("AAA", offer.key, True))
    assert offer not in game.state.offers
    look = ai.Outlook.of(game.ctx())
    assert not any(
        c.command.to_dict().get("kind") == kind and c.command.to_dict().get("target") == "AAA"
        for c in ai.candidates(game.ctx(), "BBB", look)
    )


def test_a_lapsed_offer_is_not_sent_again_within_the_cooldown(world: World) -> None:
    """BBB offers the player an agreement; the player lets it lapse. For the next
    `proposal_cooldown` turns BBB sends the player nothing new; then it may again."""
    game = (
        world.nation("AAA", democracy=1.0)
        .nation("BBB", democracy=1.0)
        .relation("AAA", "BBB", trust=90)
        .rules(ai_actions_per_turn=2)
        .game()
    )
    game.issue(EndTurn("AAA"))
    assert [o.proposer for o in game.state.offers] == ["BBB"]
    received = []
    for _ in range(4):
        result = game.issue(EndTurn("AAA"))
        received.append(
            [o.fact for o in result.outcomes].count("ProposalReceived")  # type: ignore[union-attr]
        )

    assert received[:3] == [0, 0, 0]
    assert received[3] == 1


def test_no_ai_asks_to_join_a_bloc_that_has_the_player_in_it(world: World) -> None:
    """AAA (the player) and CCC share a forum. BBB, which trusts CCC 90, would like a forum
    with it, but a bloc with the player takes no one the player did not propose to: BBB does
    not ask, and nobody's join is refused."""
    game = (
        world.nations("AAA", "BBB", "CCC", democracy=1.0)
        .agreement("dialogue_forum", "AAA", "CCC")
        .relation("BBB", "CCC", trust=90)
        .rules(ai_actions_per_turn=2)
        .game()
    )

    result = game.issue(EndTurn("AAA"))

    outcomes = list(result.outcomes)  # type: ignore[union-attr]
    assert "JoinRefused" not in [o.fact for o in outcomes]
    assert not _facts(outcomes, "CounterOffered", "BBB", "CCC")
    assert not game.state.has_agreement("BBB", "CCC", "dialogue_forum")


def test_a_members_objection_is_on_record_for_the_cooldown(world: World) -> None:
    """BBB and CCC share a forum; AAA's forum with BBB is accepted but CCC (trust 15)
    objects. The objection is on record: asking CCC again soon is held against AAA."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "BBB", "CCC")
        .trust("BBB", "AAA", 90)
        .trust("CCC", "AAA", 15)
        .game()
    )

    result = game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum"))

    assert "JoinRefused" in [o.fact for o in result.outcomes]  # type: ignore[union-attr]
    assert game.state.refusals == {"AAA>CCC": 0}


@pytest.mark.parametrize(
    ("threatened", "first"), [(True, "Access agreement"), (False, "Trade pact")]
)
def test_a_threatened_nation_asks_a_like_minded_one_for_a_military_agreement_first(
    world: World, threatened: bool, first: str
) -> None:
    """BBB and CCC share a dialogue forum from the start, trust each other 55 and partly share
    values. When the ladder opens (turn 3), BBB proposes what it wants most: under DDD's
    threat (level 80, felt by BBB alone) the access agreement; without it the trade pact."""
    world = (
        world.nation("AAA")
        .nation("BBB", democracy=1.0)
        .nation("CCC", democracy=0.3, free_trade=1.0)
        .nation("DDD", democracy=-1.0)
        .agreement("dialogue_forum", "BBB", "CCC")
        .relation("BBB", "CCC", trust=55)
        .rules(ai_actions_per_turn=1)
    )
    if threatened:
        world = world.threat("menace", source="DDD", threatened=["BBB"], level=80)
    game = world.game()

    signed: list[str] = []
    for _ in range(3):
        signed += _facts(list(game.issue(EndTurn("AAA")).outcomes), "AgreementSigned", "BBB")

    assert signed[0] == f"Nation BBB and Nation CCC signed an agreement: {first}."


@pytest.mark.parametrize(("ccc_trust", "signed"), [(15, False), (90, True)])
def test_an_event_that_forms_an_agreement_asks_the_bloc_as_a_proposal_does(
    world: World, ccc_trust: float, signed: bool
) -> None:
    """BBB and CCC share a forum; an event signs one between AAA (the player) and BBB. CCC
    judges the newcomer: trusting AAA 15 it objects, in the preview and in the news, and
    nothing is signed; trusting it 90 it consents and AAA joins."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "BBB", "CCC")
        .trust("BBB", "AAA", 90)
        .trust("CCC", "AAA", ccc_trust)
        .game()
    )
    ctx = game.ctx()
    form = EffectDef("form_agreement", {"kind": "dialogue_forum", "a": "player", "b": "BBB"})

    preview = describe_effect(ctx, form)
    apply_effects(ctx, [form])

    facts = [o.fact for o in ctx.outcomes]
    assert game.state.has_agreement("AAA", "BBB", "dialogue_forum") is signed
    assert ("JoinRefused" in facts) is not signed
    assert ("AgreementSigned" in facts) is signed
    assert preview is not None
    assert ("but Nation CCC objects (ledger" in preview.text) is not signed
    assert preview.tone == (1 if signed else -1)


def test_an_event_agreement_between_members_already_in_it_asks_no_one(world: World) -> None:
    """AAA, BBB and CCC share a forum and CCC distrusts BBB: an event signing AAA and BBB's
    forum again changes nothing, and CCC is not asked about BBB again."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "AAA", "BBB", "CCC")
        .trust("CCC", "BBB", 5)
        .game()
    )
    ctx = game.ctx()
    before = [list(a.members) for a in game.state.agreements]

    apply_effects(
        ctx, [EffectDef("form_agreement", {"kind": "dialogue_forum", "a": "player", "b": "BBB"})]
    )

    assert [list(a.members) for a in game.state.agreements] == before
    assert not ctx.outcomes


def test_an_event_cannot_bring_a_nation_into_the_players_bloc(world: World) -> None:
    """AAA (the player) and BBB share a forum; an event would sign one between CCC and BBB.
    The player was not asked, so CCC stays out, and the news says why in those words."""
    game = world.nations("AAA", "BBB", "CCC").agreement("dialogue_forum", "AAA", "BBB").game()
    ctx = game.ctx()

    apply_effects(
        ctx, [EffectDef("form_agreement", {"kind": "dialogue_forum", "a": "CCC", "b": "BBB"})]
    )

    assert not game.state.has_agreement("CCC", "BBB", "dialogue_forum")
    [refused] = [o for o in ctx.outcomes if o.fact == "JoinRefused"]
    assert refused.text == (
        "Nation CCC could not join the dialogue forum you are in: it takes only the nations "
        "you propose to."
    )


def test_a_nation_joining_the_players_agreement_adds_no_commitment_to_its_price(
    world: World,
) -> None:
    """AAA (the player) and BBB share a forum: proposing one to CCC brings CCC into it, and
    AAA carries no more agreements than before, so the price says nothing of it; a trade
    pact with CCC, which AAA has none of, is one more agreement carried."""
    game = world.nations("AAA", "BBB", "CCC").agreement("dialogue_forum", "AAA", "BBB").game()
    ctx = game.ctx()
    joining = price.of_command(ctx, ProposeAgreement("AAA", "CCC", "dialogue_forum")).text()
    new = price.of_command(ctx, ProposeAgreement("AAA", "CCC", "trade_pact")).text()

    assert "one more agreement carried" not in joining
    assert "one more agreement carried" in new


@pytest.mark.parametrize("counter", [False, True])
def test_accepting_an_offer_prices_the_agreement_it_makes_you_carry(
    world: World, counter: bool
) -> None:
    """AAA (the player) shares a forum with BBB, and CCC one with DDD. CCC offers AAA a
    forum: signing extends CCC's, so AAA carries a second forum, and the price says so. A
    counter-offer is signed by the side that answers it: CCC joins AAA's forum, and AAA
    carries nothing more. What accepting then does matches the price."""
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .agreement("dialogue_forum", "AAA", "BBB")
        .agreement("dialogue_forum", "CCC", "DDD")
        .relation("AAA", "BBB", trust=90)
        .relation("AAA", "CCC", trust=90)
        .relation("AAA", "DDD", trust=90)
        .relation("BBB", "CCC", trust=90)
        .game()
    )
    st = game.state
    offer = PendingOffer(st.new_key(), "CCC", "AAA", "dialogue_forum", [], st.turn, counter)
    st.offers.append(offer)
    accept = AnswerProposal("AAA", offer.key, True)
    priced = "one more agreement carried" in price.of_command(game.ctx(), accept).text()
    before = st.agreement_count("AAA")

    assert isinstance(game.issue(accept), Accepted)
    assert st.has_agreement("AAA", "CCC", "dialogue_forum")
    assert priced == (not counter)
    assert st.agreement_count("AAA") == before + priced


def test_an_ai_proposes_only_in_its_round_of_talks(world: World) -> None:
    """With `ai_proposal_interval: 3`, BBB (second in the level) sends proposals, to the
    player as to other AI nations, only at the end of turns 2, 5, 8 and CCC (third) of
    turns 1, 4, 7, whatever they want in between. The panel line says when."""
    game = (
        world.nation("AAA")
        .nation("BBB", budget=40.0)
        .nation("CCC", budget=40.0)
        .relation("BBB", "CCC", trust=80)
        .relation("AAA", "BBB", trust=80)
        .rules(ai_actions_per_turn=2, ai_proposal_interval=3, proposal_cooldown=1)
        .game()
    )
    lines, sent = [], []
    for turn in range(9):
        ctx = game.ctx()
        lines.append(explain.wants(ctx, "BBB").talks)
        assert list(ai.talks_due(ctx, np.arange(3))) == [True, turn % 3 == 2, turn % 3 == 1]
        game.issue(EndTurn("AAA"))
        sent += [
            (turn, c["actor"], c["target"])
            for c in game.records[-1].ai_commands
            if c["type"] == "ProposeAgreement"
        ]
        for o in list(game.state.offers):
            game.issue(AnswerProposal("AAA", o.key, False))
    rounds = {(actor, turn % 3) for turn, actor, _ in sent}
    assert rounds == {("BBB", 2), ("CCC", 1)}
    assert {target for _, actor, target in sent if actor == "BBB"} == {"AAA", "CCC"}
    assert lines[:3] == [
        "Sends proposals once every 3 turns: next in 2 turns",
        "Sends proposals once every 3 turns: next in 1 turn",
        "Sends proposals once every 3 turns: next at the end of this turn",
    ]
    assert explain.talks_line(game.ctx(), "AAA") == ""
