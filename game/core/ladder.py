"""The ladder of agreements: deeper kinds need a track record in the kinds below them (and
whatever condition the level sets on proposing them)."""

from __future__ import annotations

import numpy as np

from game.core import derived
from game.core.defs import AgreementKindDef, LevelDef
from game.core.gates import gate_mask, gate_reason
from game.core.phrasing import an_agreement
from game.core.state import GameState

NEVER = 2**63 - 1  # the largest int64, spelled out so importing this module needs no numpy


def together_since(state: GameState, kinds: tuple[str, ...], a: str, b: str) -> int | None:
    """The earliest turn since which `a` and `b` have shared an agreement of one of `kinds`."""
    since = int(_since_table(state, kinds)[state.idx(a), state.idx(b)])
    if since != NEVER:
        return since
    # Together since the table was made: they came together this turn.
    return state.turn if any(state.has_agreement(a, b, k) for k in kinds) else None


def _since_table(state: GameState, kinds: tuple[str, ...]) -> np.ndarray:
    """`together_since` for every pair of nations as they were when the table was made (NEVER:
    not together then), made once a turn.

    Joining cannot move that turn earlier for nations already together, and nations who come
    together later do so in the current turn; leaving can, so a departure makes it again.
    """
    return state.memo(  # type: ignore[no-any-return]
        "together_since:" + ",".join(kinds),
        (state.turn, state.departures),
        lambda: _make_since_table(state, kinds),
    )


def _make_since_table(state: GameState, kinds: tuple[str, ...]) -> np.ndarray:
    index = state.index
    members: list[int] = []
    since: list[int] = []
    sizes: list[int] = []
    for g in state.agreements:
        if g.kind in kinds:
            members += [index[m] for m in g.members]
            since += [g.since(m) for m in g.members]
            sizes.append(len(g.members))
    table = np.full((state.n, state.n), NEVER, dtype=np.int64)
    if sizes:
        # Every ordered pair of members of each agreement, all agreements at once: entry e
        # of an agreement of s members pairs with the s entries of its agreement.
        size = np.array(sizes)
        block = np.repeat(size, size)  # per entry: the size of its agreement
        first = np.repeat(np.cumsum(size) - size, size)  # per entry: its agreement's first entry
        left = np.repeat(np.arange(len(members)), block)
        offset = np.arange(len(left)) - np.repeat(np.cumsum(block) - block, block)
        right = np.repeat(first, block) + offset
        idx, turn = np.array(members), np.array(since)
        np.minimum.at(table, (idx[left], idx[right]), np.maximum(turn[left], turn[right]))
    table.flags.writeable = False
    return table


def missing_rungs(level: LevelDef, state: GameState, a: str, b: str, kind: str) -> list[str]:
    """Why `a` cannot yet propose `kind` to `b`: the level's condition on the kind, if it does
    not hold, and the track record it still wants (empty: it can)."""
    k = level.kind(kind)
    out: list[str] = []
    closed = gate_reason(level, state, k.requires, a, b)
    if closed is not None:
        out.append(closed)
    if not k.needs:
        return out
    since = together_since(state, k.needs, a, b)
    held = -1 if since is None else state.turn - since
    if held >= k.needs_turns:
        return out
    names = " or ".join(_kind_name(level, x) for x in k.needs)
    if since is None:
        out.append(f"needs {names} with them first ({k.needs_turns} turns)")
    else:
        left = k.needs_turns - held
        out.append(f"needs {left} more turn{'s' * (left != 1)} in {names} with them")
    return out


def rung_mask(
    level: LevelDef, state: GameState, rows: np.ndarray, kind: AgreementKindDef
) -> np.ndarray:
    """`not missing_rungs(...)` for actors `rows` and every target, at once."""
    if not kind.needs:
        return gate_mask(level, state, kind.requires, rows)
    cutoff = state.turn - kind.needs_turns
    if cutoff < state.turn:  # joins later in the turn change nothing: one mask a turn
        ok = np.asarray(_held(state, kind.needs, kind.needs_turns)[rows])
    else:
        ok = _since_table(state, kind.needs)[rows] <= cutoff
        for k in kind.needs:  # this turn's newcomers qualify too
            ok |= derived.partner_matrix(state, k)[rows]
    if kind.requires is None:  # no gate: every target is open (as `gate_mask` would say)
        return ok
    return np.asarray(ok & gate_mask(level, state, kind.requires, rows))


def _held(state: GameState, kinds: tuple[str, ...], turns: int) -> np.ndarray:
    """Pairs together in one of `kinds` for `turns` turns or more (at least one)."""
    return state.memo(  # type: ignore[no-any-return]
        f"held:{','.join(kinds)}:{turns}",
        (state.turn, state.departures),
        lambda: _since_table(state, kinds) <= state.turn - turns,
    )


def _kind_name(level: LevelDef, kind: str) -> str:
    try:
        return an_agreement(level.kind(kind).name)
    except KeyError:
        return kind
