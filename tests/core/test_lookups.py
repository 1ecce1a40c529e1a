"""Lookups kept beside the state for speed agree with what they stand for, all game long."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from game.core import ai
from game.core.game import Game
from game.core.state import NATION_ARRAYS, PAIR_ARRAYS, GameState
from game.core.worldgen import generate_level


def partners_by_scan(state: GameState) -> dict[str | None, np.ndarray]:
    """Who shares an agreement with whom, read straight off the agreement records."""
    n = state.n
    out: dict[str | None, np.ndarray] = {None: np.zeros((n, n), dtype=bool)}
    for g in state.agreements:
        m = out.setdefault(g.kind, np.zeros((n, n), dtype=bool))
        for x in g.members:
            for y in g.members:
                if x != y:
                    m[state.idx(x), state.idx(y)] = True
                    out[None][state.idx(x), state.idx(y)] = True
    return out


def played_states(n: int, seed: int, turns: int) -> Iterator[tuple[Game, list[str]]]:
    """A generated world played by the AI in every seat; yields after each turn with its news."""
    game = Game(generate_level(n, seed=seed, turns=turns), seed)
    while not game.over:
        game.autoplay()
        news = [o.fact for o in game.end_turn()]
        yield game, news


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_partner_matrices_follow_every_join_and_departure(seed: int) -> None:
    """Agreements are signed, joined and left over a long AI-only game; after every turn the
    kept matrices equal a fresh reading of the agreements, kind by kind."""
    signed = 0
    for game, news in played_states(12, seed, 60):
        s = game.state
        signed += news.count("AgreementSigned")
        kept, scanned = s.partners(), partners_by_scan(s)
        kinds = {g.kind for g in s.agreements} | {None}
        for kind in kinds:
            assert (kept.get(kind) == scanned[kind]).all(), (s.turn, kind)
        for kind in set(kept) - kinds:
            assert not kept[kind].any(), (s.turn, kind)
        i, j = 0, s.n - 1
        assert s.has_agreement(s.ids[i], s.ids[j]) == bool(scanned[None][i, j])
    assert signed > 0


def test_partner_matrices_survive_departures() -> None:
    """A government change drops commitments its public opposes: the matrices and the
    agreement counts shrink with it."""
    dropped = 0
    for seed in range(1, 7):
        for game, news in played_states(10, seed, 80):
            if "AgreementLeft" in news:
                dropped += 1
                kept, scanned = game.state.partners(), partners_by_scan(game.state)
                assert (kept[None] == scanned[None]).all()
                s = game.state
                counted = [sum(x in g.members for g in s.agreements) for x in s.ids]
                assert [s.agreement_count(x) for x in s.ids] == counted
    assert dropped > 0


def test_running_projects_are_known_both_ways_round() -> None:
    """A project between a and b is found from either side, and only while it runs."""
    seen = 0
    for game, _ in played_states(12, 4, 60):
        s = game.state
        running = {(p.kind, *sorted((p.a, p.b))) for p in s.projects}
        seen += len(running)
        for kind in ("training", "tech_transfer"):
            for a in s.ids[:6]:
                for b in s.ids[:6]:
                    expected = (kind, *sorted((a, b))) in running
                    assert s.project_running(kind, a, b) == expected
    assert seen > 0


def test_every_number_array_is_rounded_copied_and_hashed() -> None:
    """Each per-nation and pairwise array, changed alone in a copy, changes the copy's hash,
    is rounded by `quantize`, and leaves the original untouched."""
    game = next(g for g, _ in played_states(6, 5, 20) if g.state.turn == 3)
    s = game.state
    h = s.state_hash()
    for name in NATION_ARRAYS + PAIR_ARRAYS:
        c = s.copy()
        a = c.arrays[name]
        at = (0,) * a.ndim if name in NATION_ARRAYS else (0, 1)
        before = float(a[at])
        a[at] = before + 0.123456
        c.quantize()
        assert float(c.arrays[name][at]) == round(before + 0.12, 2), name
        assert c.state_hash() != h, name
        assert float(s.arrays[name][at]) == before, name
    assert s.state_hash() == h
    restored = GameState.from_snapshot(s.to_snapshot())
    assert restored.state_hash() == h
    restored.arrays["trust"][0, 1] += 1.0
    assert restored.state_hash() != h


def test_scoring_one_seat_ranks_exactly_as_scoring_every_seat() -> None:
    """The player's seat is scored alone in `autoplay`; its ranking must be the one the full
    table gives that nation, or an AI-played player would differ from an AI nation."""
    for game, _ in played_states(15, 6, 12):
        ctx = game.ctx()
        full = ai.Outlook.of(ctx)
        for nation in game.state.ids[::4]:
            alone = ai.Outlook.of(ctx, [nation])
            assert ai.candidates(ctx, nation, alone) == ai.candidates(ctx, nation, full)


def test_an_array_replaced_rather_than_changed_in_place_still_counts() -> None:
    """Rules change arrays in place, but one that assigns a new array must not be lost to
    rounding, copying or hashing."""
    game = next(g for g, _ in played_states(6, 5, 20) if g.state.turn == 2)
    s = game.state
    h = s.state_hash()
    s.arrays["tension"] = s.tension + 1.004
    s.quantize()
    assert float(s.tension[0, 1]) == round(float(game.turn_start.tension[0, 1]) + 1.0, 2)
    assert s.state_hash() != h
    c = s.copy()
    assert (c.tension == s.tension).all()
    assert c.state_hash() == s.state_hash()
    assert GameState.from_snapshot(s.to_snapshot()).state_hash() == s.state_hash()


def test_one_row_of_affinity_is_that_row_of_the_whole_matrix() -> None:
    """A new government's review reads one row; it must be the matrix's row to the last bit."""
    from game.core import derived

    for game, _ in played_states(25, 4, 12):
        s, level = game.state, game.level
        s.positions[3] = np.round(-s.positions[3] * 0.7, 2)  # as a change of government would
        rows = [derived.affinity_row(level, s, i) for i in range(s.n)]  # before the memo exists
        whole = derived.affinity(level, s)
        assert all(np.array_equal(row, whole[i]) for i, row in enumerate(rows)), s.turn
        assert np.array_equal(derived.affinity_row(level, s, 7), whole[7])  # from the memo


def test_affinity_after_a_few_moves_is_the_matrix_made_afresh() -> None:
    """Changes of government move one nation at a time; the matrix remade from the last one
    (those rows and columns only) must be the whole matrix made anew, to the last bit."""
    from game.core import derived

    for game, _ in played_states(40, 4, 12):
        s, level = game.state, game.level
        derived.affinity(level, s)
        for moved in ([3], [5, 17], []):
            for i in moved:
                s.positions[i] = np.round(-s.positions[i] * 0.7 + 0.05, 2)
            kept = derived.affinity(level, s)
            assert np.array_equal(kept, derived._affinity(level, s)), (s.turn, moved)
            assert not kept.flags.writeable
