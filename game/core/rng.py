"""Keyed random streams whose numbers depend only on our own mapping of raw 64-bit draws."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

_MASK64 = (1 << 64) - 1


def purpose_key(purpose: str) -> int:
    """A stable 32-bit number for a purpose name (never Python's salted `hash`)."""
    return int.from_bytes(hashlib.blake2b(purpose.encode(), digest_size=4).digest(), "little")


class Stream:
    """Random numbers for one (seed, turn, purpose, *extra) key.

    Streams are keyed rather than shared so an extra draw for one purpose never
    shifts the draws of another. PCG64 and SeedSequence are specified algorithms;
    everything above the raw 64-bit words is our own code, so a numpy upgrade that
    changes `Generator.random` cannot change a recorded game.
    """

    def __init__(self, seed: int, turn: int, purpose: str, *extra: int) -> None:
        key = (turn & 0xFFFFFFFF, purpose_key(purpose), *(e & 0xFFFFFFFF for e in extra))
        seq = np.random.SeedSequence(seed & _MASK64, spawn_key=key)
        self._bits = np.random.PCG64(seq)

    def raw(self) -> int:
        """The next raw 64-bit word."""
        return int(self._bits.random_raw()) & _MASK64

    def uniform(self) -> float:
        """A float in [0, 1) built from the top 53 bits of one word."""
        return (self.raw() >> 11) * (1.0 / (1 << 53))

    def below(self, n: int) -> int:
        """An unbiased integer in [0, n) by rejection sampling."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = ((1 << 64) // n) * n
        while True:
            r = self.raw()
            if r < limit:
                return r % n

    def chance(self, p: float) -> bool:
        """True with probability p, compared on a fixed grid of one millionth."""
        threshold = round(min(max(p, 0.0), 1.0) * 1_000_000)
        return self.below(1_000_000) < threshold

    def weighted(self, weights: Sequence[float]) -> int:
        """An index drawn in proportion to non-negative weights (fixed grid of 1e-6)."""
        grid = [max(0, round(w * 1_000_000)) for w in weights]
        total = sum(grid)
        if total <= 0:
            return self.below(len(weights))
        r = self.below(total)
        for i, g in enumerate(grid):
            if r < g:
                return i
            r -= g
        return len(weights) - 1  # unreachable: r < total

    def uniform_array(self, shape: tuple[int, ...]) -> np.ndarray:
        """Floats in [0, 1), mapped from raw words exactly as `uniform` maps one."""
        size = int(np.prod(shape))
        raw = np.asarray(self._bits.random_raw(size), dtype=np.uint64)
        return ((raw >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))).reshape(shape)
