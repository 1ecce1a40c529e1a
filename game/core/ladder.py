"""The ladder of agreements: deeper kinds need a track record in the kinds below them (and
whatever condition the level sets on proposing them)."""

from __future__ import annotations

import numpy as np

from game.core.defs import AgreementKindDef, LevelDef
from game.core.gates import gate_mask, gate_reason
from game.core.phrasing import article
from game.core.state import GameState


def together_since(state: GameState, kinds: tuple[str, ...], a: str, b: str) -> int | None:
    """The earliest turn since which `a` and `b` have shared an agreement of one of `kinds`."""
    best: int | None = None
    for g in state.agreements:
        if g.kind in kinds and a in g.members and b in g.members:
            since = max(g.since(a), g.since(b))
            best = since if best is None else min(best, since)
    return best


def missing_rung(level: LevelDef, state: GameState, a: str, b: str, kind: str) -> str | None:
    """Why `a` cannot yet propose `kind` to `b` for want of a track record, or because the
    level's condition on the kind does not hold (None: it can)."""
    k = level.kind(kind)
    closed = gate_reason(level, state, k.requires, a, b)
    if closed is not None:
        return closed
    if not k.needs:
        return None
    since = together_since(state, k.needs, a, b)
    held = -1 if since is None else state.turn - since
    if held >= k.needs_turns:
        return None
    names = " or ".join(_kind_name(level, x) for x in k.needs)
    if since is None:
        return f"needs {names} with them first ({k.needs_turns} turns)"
    left = k.needs_turns - held
    return f"needs {left} more turn{'s' * (left != 1)} in {names} with them"


def rung_mask(
    level: LevelDef, state: GameState, rows: np.ndarray, kind: AgreementKindDef
) -> np.ndarray:
    """`missing_rung(...) is None` for actors `rows` and every target, at once."""
    n = state.n
    if not kind.needs:
        return gate_mask(level, state, kind.requires, rows)
    cutoff = state.turn - kind.needs_turns
    ok = np.zeros((n, n), dtype=np.bool_)
    for g in state.agreements:
        if g.kind in kind.needs:
            old = [state.idx(m) for m in g.members if g.since(m) <= cutoff]
            if len(old) > 1:
                idx = np.array(old)
                ok[idx[:, None], idx[None, :]] = True
    return np.asarray(ok[rows] & gate_mask(level, state, kind.requires, rows))


def _kind_name(level: LevelDef, kind: str) -> str:
    try:
        return article(level.kind(kind).name.lower())
    except KeyError:
        return kind
