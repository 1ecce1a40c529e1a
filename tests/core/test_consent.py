"""A bloc's consent judged for all its members at once agrees with `judge`, member by member."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.content.library import load_level
from game.core.context import Ctx
from game.core.effects import first_objection, host_of
from game.core.game import Game
from game.core.phrasing import signed
from game.core.staying import stay_ledgers
from game.core.verdict import joining_totals, judge, tenths
from game.core.worldgen import generate_level
from tests.core.conftest import World

SHIPPED = ("northern_shield", "concert_of_nations", "blue_pacific", "first_steps")


def _played(game: Game, turns: int) -> Game:
    for _ in range(turns):
        if game.over:
            break
        game.autoplay()
        game.end_turn()
    return game


def _games() -> list[tuple[str, Game]]:
    games = [
        (f"generated {n} seed {seed}", _played(Game(generate_level(n, seed=seed), seed), turns))
        for n, seed, turns in ((12, 1, 10), (16, 2, 14), (24, 3, 8))
    ]
    games += [(name, _played(Game(load_level(name), 3), 6)) for name in SHIPPED]
    return games


GAMES = _games()


def one_by_one(ctx: Ctx, proposer: str, responder: str, kind: str) -> tuple[str, str] | None:
    """The definition of a bloc's consent: its members asked in order, one `judge` each."""
    s = ctx.state
    host, newcomer = host_of(s, kind, proposer, responder)
    if host is None:
        return None
    for member in host.members:
        if member in (proposer, responder):
            continue
        if member == ctx.player:
            return member, "the founder's consent is needed"
        v = judge(ctx.level, s, newcomer, member, kind, joining=True)
        if not v.accepted:
            return member, f"ledger {signed(v.total, 1)}"
    return None


@pytest.mark.parametrize(("name", "game"), GAMES, ids=[name for name, _ in GAMES])
def test_joining_totals_are_judge_totals(name: str, game: Game) -> None:
    """For every newcomer, every member and every kind: the vector total is `judge`'s."""
    s, level = game.state, game.level
    for newcomer in s.ids:
        members = [m for m in s.ids if m != newcomer]
        for kind in level.agreement_kinds:
            totals = list(joining_totals(level, s, newcomer, members, kind.id))
            expected = [judge(level, s, newcomer, m, kind.id, joining=True).total for m in members]
            assert totals == expected, (newcomer, kind.id)


@pytest.mark.parametrize(("name", "game"), GAMES, ids=[name for name, _ in GAMES])
def test_first_objection_is_the_member_by_member_answer(name: str, game: Game) -> None:
    """For every (actor, target, kind): the same objecting member and reason, or none."""
    ctx = game.ctx()
    s = ctx.state
    blocs = 0
    for actor in s.ids:
        for target in s.ids:
            if target == actor:
                continue
            for kind in ctx.level.agreement_kinds:
                blocs += host_of(s, kind.id, actor, target)[0] is not None
                assert first_objection(ctx, actor, target, kind.id) == one_by_one(
                    ctx, actor, target, kind.id
                ), (actor, target, kind.id)
    assert blocs > 0, "no bloc to join: the comparison proved nothing"


def test_a_factor_on_a_half_tenth_rounds_as_judge_rounds_it() -> None:
    """Reputation 50.5 makes a factor of 0.15, just below a half tenth as a double: `round`
    gives 0.1 where rounding ten times it (1.5) would give 0.2. The totals still agree."""
    game = GAMES[0][1]
    s, level = game.state.copy(), game.level
    newcomer = s.ids[0]
    s.reputation[s.idx(newcomer)] = 50.0 + 0.15 / level.rules.verdict_reputation
    members = s.ids[1:]
    expected = [judge(level, s, newcomer, m, "dialogue_forum", joining=True) for m in members]
    assert any(("reputation", 0.1) in v.factors for v in expected)
    assert list(joining_totals(level, s, newcomer, members, "dialogue_forum")) == [
        v.total for v in expected
    ]


# Ledger factors: numbers on the state's grid of hundredths times the rules' coefficients.
GRID_PRODUCTS = [
    round(k * 0.01, 2) * c
    for k in range(-10000, 10001, 7)
    for c in (0.3, 0.6, -0.2, -0.4, -0.5, 0.1, 0.72, 1.3)
]


@pytest.mark.parametrize("chunk", range(8))
def test_tenths_are_round_on_halves_and_grid_products(chunk: int) -> None:
    """Every half tenth (x.x5, where `round` and ten-times-then-round may part), the doubles
    beside it, and products of the state's grid with the rules' coefficients."""
    halves = [k / 20 for k in range(-40000, 40001)]
    values = [*halves, *(math.nextafter(v, math.inf) for v in halves)]
    values += [*(math.nextafter(v, -math.inf) for v in halves), *GRID_PRODUCTS]
    for v in values[chunk::8]:
        assert tenths(v) / 10 == round(v, 1), v


@given(st.floats(min_value=-1e6, max_value=1e6))
def test_tenths_are_round(value: float) -> None:
    assert tenths(value) / 10 == round(value, 1)


@given(st.lists(st.floats(min_value=-1e4, max_value=1e4), max_size=14))
def test_a_sum_of_tenths_is_the_rounded_sum_of_rounded_values(values: list[float]) -> None:
    """`judge`'s total, `round(sum(round(v, 1)), 1)`, counted in whole tenths."""
    assert sum(tenths(v) for v in values) / 10 == round(sum(round(v, 1) for v in values), 1)


def test_an_answer_kept_for_the_next_question_is_not_reused_after_news() -> None:
    """Signing reuses the answer the AI got just before sending; with news in between (here
    a member's trust in the newcomer collapses, and is reported), the bloc is asked again."""
    game = GAMES[1][1]
    ctx = game.ctx()
    s = ctx.state
    asked = next(
        (a, t, k.id)
        for a in s.ids
        for t in s.ids
        for k in ctx.level.agreement_kinds
        if a != t
        and t != ctx.player
        and (host := host_of(s, k.id, a, t)[0]) is not None
        and ctx.player not in host.members
        and len(host.members) > 2
        and one_by_one(ctx, a, t, k.id) is None
    )
    assert first_objection(ctx, *asked) is None  # the answer kept for the next question
    host, newcomer = host_of(s, asked[2], asked[0], asked[1])
    assert host is not None
    member = next(m for m in host.members if m not in asked[:2])
    s.trust[s.idx(member), s.idx(newcomer)] = 0.0
    ctx.out("TrustChanged", "trust collapsed", member, newcomer)
    assert first_objection(ctx, *asked) == one_by_one(ctx, *asked)
    assert first_objection(ctx, *asked) is not None


@pytest.mark.parametrize(("name", "game"), GAMES, ids=[name for name, _ in GAMES])
def test_a_members_own_stay_ledger_is_its_row_of_all(name: str, game: Game) -> None:
    """A new government or a touched member reads only its own stay ledger: the same, to the
    last bit, as its row of every member's."""
    ctx = game.ctx()
    for a in game.state.agreements:
        every = {st.member: st for st in stay_ledgers(ctx, a)}
        assert list(every) == a.members
        for member in a.members:
            assert stay_ledgers(ctx, a, (member,)) == [every[member]]
        some = set(a.members[::2])
        assert stay_ledgers(ctx, a, some) == [every[m] for m in a.members if m in some]


def test_signing_lines_name_a_new_agreement_a_bloc_joined_and_the_players_own(
    world: World,
) -> None:
    """What signing makes, as the player reads it: AAA (the player) and CCC start a new
    forum; AAA would join BBB's forum with DDD; EEE would join the player's own."""
    from game.core.actions.proposal import signing_lines

    game = (
        world.nations("AAA", "BBB", "CCC", "DDD", "EEE")
        .agreement("dialogue_forum", "BBB", "DDD")
        .agreement("trade_pact", "AAA", "CCC")
        .game()
    )
    ctx = game.ctx()
    fresh = signing_lines(ctx, "AAA", "EEE", "access")
    assert [ln.text for ln in fresh] == ["You and Nation EEE start a new access agreement together"]
    joining = [ln.text for ln in signing_lines(ctx, "BBB", "AAA", "dialogue_forum")]
    assert joining[0] == (
        "You join Nation BBB's dialogue forum (3 members with you: Nation BBB and Nation DDD)"
    )
    assert joining[1] in (
        "Its other member, Nation DDD, must agree, and it does",
        "Its other member, Nation DDD, must agree, and it objects: it would not be signed",
    )
    ours = [ln.text for ln in signing_lines(ctx, "EEE", "AAA", "trade_pact")]
    assert ours[0] == "Nation EEE joins your trade pact (3 members with them)"
    assert ours[1].startswith("Its other member, Nation CCC, must agree, and it ")


def test_an_offer_to_the_player_settled_by_another_signing_says_so(world: World) -> None:
    """BBB and CCC share a forum and both offer the player one. Accepting BBB's puts the
    player in the forum with CCC too: CCC's offer has nothing left to give and is dropped,
    with a line in the news rather than in silence."""
    from game.core.actions.answers import AnswerProposal
    from game.core.state import PendingOffer

    game = (
        world.nations("AAA", "BBB", "CCC")
        .relation("CCC", "AAA", trust=80)
        .agreement("dialogue_forum", "BBB", "CCC")
        .game()
    )
    st = game.state
    for proposer in ("BBB", "CCC"):
        st.offers.append(PendingOffer(st.new_key(), proposer, "AAA", "dialogue_forum", [], 0))
    res = game.issue(AnswerProposal("AAA", st.offers[0].key, True))
    assert res.ok, res
    assert st.has_agreement("AAA", "CCC", "dialogue_forum")
    assert not st.offers
    signed = [o.text for o in res.outcomes if o.fact == "AgreementSigned"]
    # A bloc is named by its members, so two forums are told apart in the news.
    assert signed == [
        "Nation AAA joined the dialogue forum of Nation BBB and Nation CCC (3 members)."
    ]
    settled = [o.text for o in res.outcomes if o.fact == "OfferSettled"]
    assert settled == [
        "Nation CCC's offer of a dialogue forum is settled: you are in one together now."
    ]
