"""Quantities derived from the state on demand: affinity, shared threats, interop, alliances."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import numpy as np

from game.core.defs import LevelDef
from game.core.state import AgreementState, GameState


def salience_matrix(level: LevelDef) -> np.ndarray:
    """Nation × axis salience (read-only; built once per level)."""
    return level.salience_matrix  # type: ignore[no-any-return]


def build_salience_matrix(level: LevelDef) -> np.ndarray:
    axis_ids = [a.id for a in level.axes]
    return np.array(
        [[x.salience.get(a, 1.0) for a in axis_ids] for x in level.nations], dtype=np.float64
    ).reshape(len(level.nations), len(axis_ids))


def affinity(level: LevelDef, state: GameState) -> np.ndarray:
    """Salience-weighted cosine similarity of positions, -1..1, on a grid of 1/1000.

    The sum over axes is an explicit loop of elementwise products, not a matrix
    product, so the result does not depend on which BLAS kernel a machine has.

    When a few nations' positions moved since the matrix was last made (a change of
    government moves one), only their rows and columns are worked out again: the same
    numbers, since each entry reads only its two nations' positions (and the matrix is
    symmetric to the last bit), without N² work per change.
    """
    stamp = state.positions.tobytes()
    last = state.memo_slot("affinity")
    if last is not None and last[0] == stamp:
        return last[1]  # type: ignore[no-any-return]
    aff = _affinity(level, state) if last is None else _affinity_moved(level, state, *last)
    return state.memo("affinity", stamp, lambda: aff)  # type: ignore[no-any-return]


def _affinity_moved(level: LevelDef, state: GameState, stamp: bytes, old: np.ndarray) -> np.ndarray:
    """`_affinity` from the matrix made when positions were `stamp`, remaking the moved rows."""
    before = np.frombuffer(stamp, dtype=np.float64)
    if before.size != state.positions.size:
        return _affinity(level, state)
    moved = np.flatnonzero((before.reshape(state.positions.shape) != state.positions).any(axis=1))
    if len(moved) > max(1, state.n // 8):
        return _affinity(level, state)
    aff = old.copy()
    q = _weighted(level, state)
    norm = _norms(q)
    for i in moved.tolist():
        row = _row(q, norm, i)
        aff[i, :] = row
        aff[:, i] = row
    aff.flags.writeable = False
    return aff


def affinity_row(level: LevelDef, state: GameState, i: int) -> np.ndarray:
    """Row `i` of `affinity`, the same numbers, without building the whole matrix.

    A change of government moves one nation's positions, and the review that follows
    needs only that nation's row: on large worlds the full matrix would cost N² per change.
    """
    full = state.memoized("affinity", state.positions.tobytes())
    if full is not None:
        return full[i]  # type: ignore[no-any-return]
    q = _weighted(level, state)
    return _row(q, _norms(q), i)


def _row(q: np.ndarray, norm: np.ndarray, i: int) -> np.ndarray:
    """Row `i` of `_affinity` from the weighted positions and their lengths."""
    dot: np.ndarray = np.zeros(q.shape[0])
    for j in range(q.shape[1]):
        dot += q[i, j] * q[:, j]
    return _cosine(dot, norm[i], norm)


def _weighted(level: LevelDef, state: GameState) -> np.ndarray:
    weighted: np.ndarray = state.positions * np.sqrt(salience_matrix(level))
    return weighted


def _affinity(level: LevelDef, state: GameState) -> np.ndarray:
    q = _weighted(level, state)
    n, k = q.shape
    dot = np.zeros((n, n))
    for j in range(k):
        dot += q[:, j, None] * q[None, :, j]
    norm = np.sqrt(np.diag(dot).copy())
    aff = _cosine(dot, norm[:, None], norm[None, :])
    aff.flags.writeable = False
    return aff


def _norms(q: np.ndarray) -> np.ndarray:
    """Each row's length, summed axis by axis in the order `_affinity` sums the diagonal."""
    sq = np.zeros(q.shape[0])
    for j in range(q.shape[1]):
        sq += q[:, j] * q[:, j]
    return np.sqrt(sq)


def _cosine(dot: np.ndarray, norm_a: Any, norm_b: np.ndarray) -> np.ndarray:
    denom = norm_a * norm_b
    with np.errstate(divide="ignore", invalid="ignore"):
        aff = np.where(denom > 1e-9, dot / np.where(denom > 1e-9, denom, 1.0), 0.0)
    np.clip(aff, -1.0, 1.0, out=aff)
    return np.round(aff, 3)


_LEVEL = attrgetter("level")


def _threat_levels(state: GameState) -> tuple[float, ...]:
    """Every threat's level: what the threat lookups are made anew for."""
    return tuple(map(_LEVEL, state.threats))


def threatened_matrix(level: LevelDef, state: GameState) -> np.ndarray:
    """threatened[t, i]: level of threat t felt by nation i (0 if not threatened)."""
    index = level.nation_index()
    out = np.zeros((len(level.threats), state.n))
    levels = {t.id: t.level for t in state.threats}
    for ti, t in enumerate(level.threats):
        for nid in t.threatened:
            out[ti, index[nid]] = levels.get(t.id, 0.0)
    return out


def shared_threat(level: LevelDef, state: GameState) -> np.ndarray:
    """Boolean matrix: both nations face a common threat above the rules' level."""
    stamp = _threat_levels(state)
    return state.memo("shared", stamp, lambda: _shared_threat(level, state))  # type: ignore[no-any-return]


def _shared_threat(level: LevelDef, state: GameState) -> np.ndarray:
    felt = threatened_matrix(level, state) >= level.rules.shared_threat_level
    if felt.shape[0] == 0:
        return np.zeros((state.n, state.n), dtype=bool)
    shared = np.zeros((state.n, state.n), dtype=bool)
    for row in felt:
        shared |= row[:, None] & row[None, :]
    np.fill_diagonal(shared, False)
    return shared


def threat_level_felt(level: LevelDef, state: GameState) -> np.ndarray:
    """Highest threat level each nation feels (read-only)."""
    stamp = _threat_levels(state)
    return state.memo("felt", stamp, lambda: _felt(level, state))  # type: ignore[no-any-return]


def _felt(level: LevelDef, state: GameState) -> np.ndarray:
    m = threatened_matrix(level, state)
    felt = m.max(axis=0) if m.shape[0] else np.zeros(state.n)
    felt.flags.writeable = False
    return felt


def interop(level: LevelDef, state: GameState) -> np.ndarray:
    r = level.rules
    return (
        r.interop_weight_equipment * state.equipment
        + r.interop_weight_doctrine * state.doctrine
        + r.interop_weight_communications * state.communications
    )


def mutual_trust_of(state: GameState, i: int, j: int) -> float:
    """The lower of the two trusts between nations `i` and `j`: what acting together (a
    drill, a transfer) needs both ways."""
    return min(float(state.trust[i, j]), float(state.trust[j, i]))


def partner_matrix(state: GameState, kind: str | None = None) -> np.ndarray:
    """Boolean matrix: the two nations share an agreement (of `kind` if given). Read-only."""
    m = state.partners().get(kind)
    if m is None:
        return state.memo("no_partners", state.n, lambda: _no_partners(state.n))  # type: ignore[no-any-return]
    return m


def _no_partners(n: int) -> np.ndarray:
    m = np.zeros((n, n), dtype=bool)
    m.flags.writeable = False
    return m


def alliance_of(state: GameState, nation: str, kind: str) -> list[str]:
    """Members of the largest agreement of `kind` that includes `nation` (empty if none)."""
    best: list[str] = []
    for a in state.agreements_of(nation):  # in the order of `agreements`
        if a.kind == kind and len(a.members) > len(best):
            best = list(a.members)
    return best


def mean_interop(level: LevelDef, state: GameState, members: list[str]) -> float:
    if len(members) < 2:
        return 0.0
    idx = [state.idx(m) for m in members]
    sub = interop(level, state)[np.ix_(idx, idx)]
    k = len(idx)
    return float((sub.sum() - np.trace(sub)) / (k * (k - 1)))


def off_diagonal_mean(m: np.ndarray, row: int | None = None) -> float:
    n = m.shape[0]
    if n < 2:
        return 0.0
    if row is not None:
        return float((m[row].sum() - m[row, row]) / (n - 1))
    return float((m.sum() - np.trace(m)) / (n * (n - 1)))


def trust_groups(
    level: LevelDef, s: GameState
) -> dict[int, tuple[list[AgreementState], np.ndarray]]:
    """The agreements whose kind asks for trust among members, by member count: each group,
    and its members' state indices (one row per agreement, read-only), so that the trust
    blocks of a whole group are read as one stack. Made anew when the agreements change."""
    return s.memo(  # type: ignore[no-any-return]
        "trust_groups", (s.agreements_stamp, level), lambda: _trust_groups(level, s)
    )


def _trust_groups(
    level: LevelDef, s: GameState
) -> dict[int, tuple[list[AgreementState], np.ndarray]]:
    by_size: dict[int, list[AgreementState]] = {}
    for a in s.agreements:
        if level.kind(a.kind).min_trust > 0:
            by_size.setdefault(len(a.members), []).append(a)
    index = s.index
    out = {}
    for k, group in by_size.items():
        rows = np.array([[index[m] for m in a.members] for a in group], dtype=np.int64)
        rows.flags.writeable = False
        out[k] = (group, rows)
    return out
