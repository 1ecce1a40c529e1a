"""The state's lookups answer as a scan would: each nation's agreements after every join
and every departure (which change the lookup in place), and each nation's
promises as promises are made, settled and dropped."""

from __future__ import annotations

import dataclasses

import pytest

from game.core.domestic import leave_agreement
from game.core.effects import host_of, sign
from game.core.game import Game
from game.core.state import AgreementState, GameState
from game.core.worldgen import generate_level


def scanned(state: GameState, nation: str) -> list[AgreementState]:
    return [a for a in state.agreements if nation in a.members]


def assert_lookup_agrees(state: GameState) -> None:
    for nation in state.ids:
        assert state.agreements_of(nation) == scanned(state, nation), nation
        for kind in {a.kind for a in state.agreements}:
            first = next((a for a in scanned(state, nation) if a.kind == kind), None)
            assert state.agreement_of(nation, kind) is first


@pytest.mark.parametrize("seed", [1, 2])
def test_the_lookup_follows_every_change_of_agreements(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AI nations sign, join and leave agreements (some dissolve) over twelve turns of a
    30-nation world; after each change the lookup (read after every change, so each one
    changes a current lookup in place) is what a scan finds."""
    changed = GameState.agreements_changed
    checked = {"joins": 0, "departures": 0}

    def checking(self: GameState, *args: object, **kwargs: object) -> None:
        changed(self, *args, **kwargs)  # type: ignore[arg-type]
        assert_lookup_agrees(self)
        checked["departures" if kwargs.get("left") else "joins"] += 1

    world = generate_level(30, seed=seed, turns=40)
    # Every AI proposing on every turn: the most signing, joining and leaving.
    rules = world.rules.with_overrides({"ai_proposal_interval": 1})
    game = Game(dataclasses.replace(world, rules=rules), seed)
    monkeypatch.setattr(GameState, "agreements_changed", checking)
    for _ in range(12):
        game.autoplay()
        game.end_turn()
    assert checked["joins"] > 20 and checked["departures"] > 0, checked
    assert_lookup_agrees(game.state)


def test_a_nation_joins_the_first_agreement_of_a_kind_it_is_in() -> None:
    """`host_of` names the agreement a signing extends: the first of the kind in the list."""
    game = Game(generate_level(12, seed=3, turns=20), 3)
    s = game.state
    a, b, c = s.ids[:3]
    s.agreements = [
        AgreementState(90, "trade_pact", [b, c], 0, []),
        AgreementState(91, "trade_pact", [a, b], 0, []),
    ]
    assert host_of(s, "trade_pact", b, a)[0] is s.agreements[0]
    assert host_of(s, "trade_pact", a, c)[0] is s.agreements[1]


def test_a_join_after_a_departure_no_one_read_still_reads_right() -> None:
    """A nation leaves and, before anything reads the lookup, another joins (as a rule that
    adds members itself would tell it): the join must not extend the lookup made before
    the departure."""
    game = Game(generate_level(12, seed=3, turns=20), 3)
    ctx, s = game.ctx(), game.state
    a, b, c, d = s.ids[:4]
    s.agreements = []
    sign(ctx, "trade_pact", a, b)
    sign(ctx, "trade_pact", a, c)
    assert_lookup_agrees(s)
    leave_agreement(ctx, b, "trade_pact", "a test")
    g = s.agreements[0]
    g.members = sorted([*g.members, d])
    s.agreements_changed("trade_pact", g.members, (d,), agreement=g)
    assert_lookup_agrees(s)
    assert s.agreements_of(b) == []


def test_each_nations_promises_are_the_ones_it_made() -> None:
    """Over twenty turns of a 30-nation world (promises made during a turn, settled ones
    dropped at its end), `promises_of` lists what a scan of the promises finds."""
    game = Game(generate_level(30, seed=4, turns=40), 4)
    s = game.state
    made = 0
    for _ in range(20):
        game.autoplay()
        game.end_turn()
        s = game.state
        for nation in s.ids:
            assert s.promises_of(nation) == [p for p in s.promises if p.promiser == nation]
        made = max(made, len(s.promises))
    assert made > 10


def test_an_agreement_that_dissolves_leaves_its_last_members_lookup() -> None:
    """A pact of two loses one member and dissolves: the one left behind is in it no more."""
    game = Game(generate_level(12, seed=3, turns=20), 3)
    ctx, s = game.ctx(), game.state
    a, b, c = s.ids[:3]
    s.agreements = []
    sign(ctx, "trade_pact", a, b)
    sign(ctx, "dialogue_forum", a, c)
    assert_lookup_agrees(s)
    leave_agreement(ctx, b, "trade_pact", "a test")
    assert_lookup_agrees(s)
    assert [x.kind for x in s.agreements_of(a)] == ["dialogue_forum"]
    assert s.agreements_of(b) == []


def test_a_new_agreement_after_two_dissolutions_comes_last() -> None:
    """Two pacts dissolve (the list shrinks by two), then a nation that is in a later
    agreement signs a new one: the new one is its last, as in the list."""
    game = Game(generate_level(12, seed=3, turns=20), 3)
    ctx, s = game.ctx(), game.state
    a, b, c, d, e, f, g, h = s.ids[:8]
    s.agreements = []
    sign(ctx, "trade_pact", a, b)
    sign(ctx, "trade_pact", c, d)
    sign(ctx, "trade_pact", e, f)
    sign(ctx, "dialogue_forum", a, g)
    assert_lookup_agrees(s)
    leave_agreement(ctx, b, "trade_pact", "a test")
    leave_agreement(ctx, d, "trade_pact", "a test")
    assert_lookup_agrees(s)
    sign(ctx, "access", a, h)
    assert_lookup_agrees(s)
    assert [x.kind for x in s.agreements_of(a)] == ["dialogue_forum", "access"]
