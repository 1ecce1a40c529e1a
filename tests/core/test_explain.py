"""Every AI act explained: the news carries its reason; the factors are worked out on demand."""

from __future__ import annotations

import pytest

from game.content import load_level
from game.core import ai, explain
from game.core.context import Ctx
from game.core.game import Game
from game.core.ladder import missing_rungs
from game.core.phrasing import signed
from game.core.verdict import judge
from game.core.why import why_of


@pytest.fixture(scope="module")
def shield() -> Game:
    """Northern Shield after three turns with the AI in every seat."""
    game = Game(load_level("levels/northern_shield.yaml"), 3)
    for _ in range(3):
        game.autoplay()
        game.end_turn()
    return game


def test_every_ai_command_leaves_news_that_carries_its_reason(shield: Game) -> None:
    """Each AI command of the last turn produced at least one news line marked with a `Why`
    naming that command, its nation and its scoring layer."""
    ai_cmds = [c for c in shield.records[-1].ai_commands]
    whys = [w for o in shield.news if (w := why_of(o)) is not None]
    assert ai_cmds
    assert {w.command.to_dict()["type"] for w in whys} == {c["type"] for c in ai_cmds}
    assert all(w.nation == w.command.actor and w.layer and w.reason for w in whys)


def test_the_reason_of_a_pair_action_gives_its_top_factors(shield: Game) -> None:
    """An exercise's reason opens into its aim and utility, then its three largest factors,
    largest first; each factor is the utility lost when that input is made neutral, so
    together they cannot exceed what the inputs could change."""
    o = next(o for o in shield.news if (w := why_of(o)) and w.layer.startswith("drill"))
    why = why_of(o)
    assert why is not None

    lines = shield.explain(o)

    assert lines[0].startswith(f"Why: {shield.level.names[why.nation]} wanted to {why.reason}")
    assert lines[1].startswith("What weighed most (+ for it, − against): ")
    ctx = shield._scored
    assert ctx is not None
    tops = explain.factors(ctx, why)
    assert 1 <= len(tops) <= explain.TOP_FACTORS
    assert [abs(f.value) for f in tops] == sorted((abs(f.value) for f in tops), reverse=True)
    # The AI scored this very utility (before its seeded tie-break of at most 0.001).
    sc = explain._scores(ctx, ctx.state.idx(why.nation))
    base = explain._layer_value(ctx, sc, why.layer, ctx.state.idx(why.command.target))
    assert base == pytest.approx(why.utility, abs=2e-3)


def test_a_proposal_between_ais_explains_itself_with_the_ledger_it_read(shield: Game) -> None:
    """An AI→AI proposal carries the factors of the responder's ledger as `judge` gave
    them, worded when the news line is opened."""
    whys = [w for o in shield.news if (w := why_of(o)) and w.layer == "propose"]
    to_ai = [w for w in whys if w.command.target != shield.player]
    assert to_ai
    assert all(
        w.ledger and all(isinstance(name, str) and name for name, _ in w.ledger) for w in to_ai
    )
    o = next(o for o in shield.news if why_of(o) is to_ai[0])
    target = shield.level.names[to_ai[0].command.target]
    name, value = to_ai[0].ledger[0]
    assert any(
        line.startswith(f"How {target} weighed it: {name} {signed(value, 1)}")
        for line in shield.explain(o)
    )


def test_news_without_a_reason_opens_into_nothing(shield: Game) -> None:
    plain = [o for o in shield.news if why_of(o) is None]
    assert plain
    assert shield.explain(plain[0]) == []


def test_what_a_nation_wants_comes_from_its_own_candidates_and_ledgers(shield: Game) -> None:
    """Finland's goals are its best candidates' reasons; what it would welcome from the
    player lists only agreements its ledger would accept now."""
    ctx = shield.ctx()
    wants = explain.wants(ctx, "FIN")
    look = ai.Outlook.of(ctx, ["FIN"])
    best = ai.candidates(ctx, "FIN", look)[0]
    assert wants.goals and wants.goals[0].startswith(best.reason)
    for line in wants.from_you:
        kind = next(
            (
                k
                for k in shield.level.agreement_kinds
                if line.startswith(f"a {k.name.lower()}") or line.startswith(f"an {k.name.lower()}")
            ),
            None,
        )
        if kind is not None:
            assert judge(shield.level, shield.state, shield.player, "FIN", kind.id).accepted
            # One the ladder does not open yet says what it still wants.
            closed = missing_rungs(shield.level, shield.state, shield.player, "FIN", kind.id)
            assert ("; not yet: " in line) == bool(closed)
            assert not closed or line.endswith(f"; not yet: {closed[0]})")
    assert "×" in wants.weighs


def test_a_welcome_agreement_the_ladder_keeps_closed_says_what_it_still_wants(
    shield: Game,
) -> None:
    """On the first turn of Northern Shield deeper kinds need a forum first: any of them a
    nation would welcome from the player is listed with what it still needs."""
    ctx = shield.ctx()
    lines = [ln for nid in shield.state.ids for ln in explain.wants(ctx, nid, limit=9).from_you]
    assert any("; not yet: needs " in ln for ln in lines)


def test_explaining_leaves_the_game_alone(shield: Game) -> None:
    before = shield.state.state_hash()
    for o in shield.news:
        shield.explain(o)
    explain.wants(Ctx(shield.level, shield.state), "SWE")
    assert shield.state.state_hash() == before
