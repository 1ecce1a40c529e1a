"""The figure world tension moves toward: the tensest pairs of nations and the worst threat."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np

# The mean and the worst of the tensest pairs, and the worst threat, weighed.
TOP_PAIRS = 5
PAIR_MEAN_WEIGHT = 0.6
PAIR_MAX_WEIGHT = 0.2
THREAT_WEIGHT = 0.3
# How far world tension moves toward that figure each turn.
WORLD_PULL = 0.5


@functools.lru_cache(maxsize=8)
def upper_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the pairs above the diagonal of an n×n matrix."""
    rows, cols = np.triu_indices(n, 1)
    rows.flags.writeable = cols.flags.writeable = False
    return rows, cols


def tension_target(tension: np.ndarray, threat_levels: Iterable[float]) -> tuple[float, np.ndarray]:
    """The figure world tension moves toward, and the tensest pairs (indices into the pairs
    above the diagonal, least tense first)."""
    rows, cols = upper_pairs(len(tension))
    upper = tension[rows, cols]
    order = _top_order(upper)
    top = upper[order] if upper.size else np.zeros(1)
    target = (
        PAIR_MEAN_WEIGHT * float(top.mean())
        + PAIR_MAX_WEIGHT * float(top.max())
        + THREAT_WEIGHT * max(threat_levels, default=0.0)
    )
    return target, order


def _top_order(values: np.ndarray) -> np.ndarray:
    """The indices of the TOP_PAIRS largest values, least first, ties in index order: the
    tail of a stable argsort, from only the values that can be in it (a partition finds the
    least of them), so that a large world sorts a handful instead of every pair."""
    cut = values.size - TOP_PAIRS
    if cut <= 0:
        return np.argsort(values, kind="stable")
    near = np.flatnonzero(values >= np.partition(values, cut)[cut])
    return near[np.argsort(values[near], kind="stable")][-TOP_PAIRS:]


def settled(tension: np.ndarray, threat_levels: Iterable[float]) -> float:
    """World tension at a level's start: the figure its tensions and threats make."""
    return round(min(100.0, max(0.0, tension_target(tension, threat_levels)[0])), 2)
