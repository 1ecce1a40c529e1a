"""Keyed random streams whose numbers depend only on our own code, never on a numpy version."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence

import numpy as np

_MASK64 = (1 << 64) - 1
_MASK128 = (1 << 128) - 1
# The PCG64 (XSL RR 128/64) multiplier, as in O'Neill's reference and numpy's PCG64.
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645


def purpose_key(purpose: str) -> int:
    """A stable 32-bit number for a purpose name (never Python's salted `hash`)."""
    return int.from_bytes(hashlib.blake2b(purpose.encode(), digest_size=4).digest(), "little")


def _key_state(seed: int, turn: int, purpose: str, extra: tuple[int, ...]) -> tuple[int, int]:
    text = ":".join(str(x) for x in (seed & _MASK64, turn, purpose, *extra))
    digest = hashlib.blake2b(text.encode(), digest_size=32, person=b"alliances-rng").digest()
    state = int.from_bytes(digest[:16], "little")
    inc = int.from_bytes(digest[16:], "little") | 1
    return state, inc


class Stream:
    """Random numbers for one (seed, turn, purpose, *extra) key.

    Streams are keyed rather than shared, so an extra draw for one purpose never shifts
    another's. The generator is PCG64 (XSL RR 128/64), bit for bit the algorithm numpy's
    `PCG64` implements (a test checks the two agree), written out here so that neither a
    numpy upgrade nor numpy's seeding can change a recorded game. Keying a stream costs one
    blake2b hash instead of a SeedSequence, which matters when every turn opens hundreds.
    """

    __slots__ = ("_inc", "_state")

    def __init__(self, seed: int, turn: int, purpose: str, *extra: int) -> None:
        self._state, self._inc = _key_state(seed, turn, purpose, extra)

    @property
    def pcg_state(self) -> tuple[int, int]:
        """(state, increment) of the underlying PCG64, for cross-checks."""
        return self._state, self._inc

    def raw(self) -> int:
        """The next raw 64-bit word."""
        s = (self._state * _PCG_MULT + self._inc) & _MASK128
        self._state = s
        x = ((s >> 64) ^ s) & _MASK64
        r = s >> 122
        return ((x >> r) | (x << ((64 - r) & 63))) & _MASK64

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
        """Floats in [0, 1) for a whole array, mapped from raw words exactly as `uniform` maps one.

        The words come from numpy's PCG64 started at this stream's state (same algorithm,
        vectorised); the stream itself then moves past the words used.
        """
        size = int(np.prod(shape))
        gen = _bit_generator()
        gen.state = {
            "bit_generator": "PCG64",
            "state": {"state": self._state, "inc": self._inc},
            "has_uint32": 0,
            "uinteger": 0,
        }
        raw = np.asarray(gen.random_raw(size), dtype=np.uint64)
        self._state = int(gen.state["state"]["state"])
        return ((raw >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))).reshape(shape)


@functools.cache
def _bit_generator() -> np.random.PCG64:
    """One numpy PCG64 whose whole state is set before each use (seeding a new one costs more
    than the draws); what it had before never matters."""
    return np.random.PCG64(0)
