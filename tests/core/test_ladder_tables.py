"""The ladder's turn-long table of who has been together since when answers as a fresh scan
of every agreement would, across joins in the same turn and after a nation leaves."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from game.core import ladder
from game.core.actions.proposal import ProposeAgreement
from game.core.domestic import leave_agreement
from game.core.game import Game
from game.core.state import GameState
from game.core.worldgen import generate_level


def scanned(state: GameState, kinds: tuple[str, ...], a: str, b: str) -> int | None:
    """The definition: the earliest turn, over every agreement of `kinds` holding both."""
    best: int | None = None
    for g in state.agreements:
        if g.kind in kinds and a in g.members and b in g.members:
            since = max(g.since(a), g.since(b))
            best = since if best is None else min(best, since)
    return best


def assert_tables_agree(game: Game) -> int:
    """Every pair and every kind with a ladder: `together_since`, `missing_rungs` and
    `rung_mask` as the scan says. Returns how many pairs have been together."""
    s, level = game.state, game.level
    rows = np.arange(s.n)
    together = 0
    for kind in level.agreement_kinds:
        if not kind.needs:
            continue
        mask = ladder.rung_mask(level, s, rows, kind)
        for i, a in enumerate(s.ids):
            for j, b in enumerate(s.ids):
                if i == j:
                    continue
                since = scanned(s, kind.needs, a, b)
                together += since is not None
                assert ladder.together_since(s, kind.needs, a, b) == since, (a, b, kind.id)
                held = since is not None and s.turn - since >= kind.needs_turns
                assert bool(mask[i, j]) == held, (a, b, kind.id)
                assert (not ladder.missing_rungs(level, s, a, b, kind.id)) == held
    return together


def _joins_this_turn(game: Game) -> int:
    """The player proposes every first rung the others would sign: joins after the table."""
    signed = 0
    for target in game.state.ids:
        if target != game.player and game.would_sign(target, "dialogue_forum"):
            out = game.issue(ProposeAgreement(game.player, target, "dialogue_forum"))
            signed += any(o.fact == "AgreementSigned" for o in getattr(out, "outcomes", ()))
    return signed


@pytest.mark.parametrize("seed", [1, 2])
def test_the_table_agrees_with_a_scan_through_a_game(seed: int) -> None:
    """At every turn of an AI-played 12-nation game, before and after the player's joins."""
    game = Game(generate_level(12, seed=seed, turns=40), seed)
    together = signed = 0
    for _ in range(14):
        together += assert_tables_agree(game)  # the table is made here, for this turn
        signed += _joins_this_turn(game)
        assert_tables_agree(game)
        game.autoplay()
        game.end_turn()
    assert together > 0 and signed > 0


def test_a_nation_leaving_makes_the_table_again() -> None:
    """A member leaves an agreement in the middle of a turn: its pairs are no longer together."""
    game = Game(generate_level(12, seed=3, turns=40), 3)
    for _ in range(10):
        game.autoplay()
        game.end_turn()
    assert_tables_agree(game)
    s = game.state
    g = max(s.agreements, key=lambda g: len(g.members))
    leaver = g.members[0]
    assert leave_agreement(game.ctx(), leaver, g.kind, "a test")
    assert_tables_agree(game)


def test_a_ladder_of_no_turns_counts_this_turns_joins() -> None:
    """With `needs_turns` 0, nations that came together this turn are on the next rung."""
    level = generate_level(12, seed=1, turns=40)
    kinds = tuple(
        dataclasses.replace(k, needs_turns=0) if k.needs else k for k in level.agreement_kinds
    )
    game = Game(dataclasses.replace(level, agreement_kinds=kinds), 1)
    signed = 0
    for _ in range(4):
        assert_tables_agree(game)
        signed += _joins_this_turn(game)
        assert_tables_agree(game)
        game.autoplay()
        game.end_turn()
    assert signed > 0
