"""Calm ambient music composed with numpy: slow pad chords, wind and sparse bells, seamless loops.

Each loop is exactly periodic: every frequency is a whole number of cycles per loop, chord
cross-fades, wind and bell tails wrap around the end, so the mixer can repeat it forever.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.ui.audio.synth import BELL, Mono, Samples, hz, voice

# The pad and the wind are smooth and low: computed at a quarter of the rate, interpolated up.
PAD_DIVISOR = 4


@dataclass(frozen=True)
class Piece:
    """A loop: chords held `seconds` each, bells drawn from `scale`, and a seed for their places."""

    chords: tuple[tuple[int, ...], ...]
    seconds: float
    scale: tuple[int, ...]
    bells: int
    seed: int
    wind: float = 0.25

    @property
    def length(self) -> float:
        return self.seconds * len(self.chords)


# Stately, in D minor: the menu.
MENU = Piece(
    chords=(
        (50, 57, 62, 65),
        (46, 53, 62, 65),
        (48, 55, 60, 64),
        (45, 52, 60, 64),
        (43, 50, 59, 62),
    ),
    seconds=8.0,
    scale=(74, 77, 79, 81, 84, 86),
    bells=9,
    seed=11,
)
# Sparser and brighter, around F major: thinking time during play.
PLAY = Piece(
    chords=((53, 60, 64, 69), (57, 60, 64, 67), (50, 57, 64, 65), (48, 55, 62, 64)),
    seconds=10.0,
    scale=(72, 74, 76, 79, 81),
    bells=6,
    seed=23,
    wind=0.2,
)


def _whole(freq: float, length: float) -> float:
    """The nearest frequency with a whole number of cycles in `length` seconds."""
    return max(1.0, round(freq * length)) / length


def _windows(t: Mono, piece: Piece, fade: float) -> list[Mono]:
    """Raised-cosine windows, one per chord, that sum to 1 and wrap around the loop."""
    out = []
    half = piece.seconds / 2
    for k in range(len(piece.chords)):
        centre = (k + 0.5) * piece.seconds
        d = np.abs((t - centre + piece.length / 2) % piece.length - piece.length / 2)
        x = np.clip((d - (half - fade / 2)) / fade, 0.0, 1.0)
        out.append(0.5 + 0.5 * np.cos(np.pi * x))
    return out


def _pad(piece: Piece, rate: int) -> tuple[Mono, Mono]:
    """Left and right pad tracks at `rate`: each chord note as two slightly detuned voices."""
    length = piece.length
    t = np.arange(round(length * rate), dtype=np.float64) / rate
    left, right = np.zeros_like(t), np.zeros_like(t)
    for chord, w in zip(piece.chords, _windows(t, piece, fade=piece.seconds * 0.35), strict=True):
        idx = np.nonzero(w > 0)[0]
        tt, ww = t[idx], w[idx]
        for j, note in enumerate(chord):
            gain = 0.55 if j == 0 else 0.35
            # A slow swell per note, a whole number of cycles per loop.
            swell = 0.8 + 0.2 * np.sin(2 * np.pi * (j + 1) * tt / length + j)
            for track, cents in ((left, -4.0), (right, 4.0)):
                f = _whole(hz(note) * 2 ** (cents / 1200), length)
                tone = np.sin(2 * np.pi * f * tt) + 0.18 * np.sin(2 * np.pi * 2 * f * tt)
                track[idx] += gain * ww * swell * tone
    return left, right


def _wind(piece: Piece, n: int, rate: int, seed: int) -> Mono:
    """Band-limited noise with random phases over the whole loop: periodic by construction."""
    rng = np.random.default_rng(seed)
    f = np.fft.rfftfreq(n, 1.0 / rate)
    shape = np.where((f > 70) & (f < 700), 1.0 / np.maximum(f, 1.0) ** 0.5, 0.0)
    spectrum = shape * np.exp(2j * np.pi * rng.random(f.size))
    out = np.fft.irfft(spectrum, n)
    out /= max(1e-9, float(np.max(np.abs(out))))
    t = np.arange(n) / rate
    return out * (0.6 + 0.4 * np.sin(2 * np.pi * 3 * t / piece.length))


def _upsample(track: Mono, n: int) -> Mono:
    """Linear interpolation of a periodic track to `n` samples."""
    m = track.size
    x = np.arange(n) * (m / n)
    out: Mono = np.interp(x, np.arange(m + 1), np.append(track, track[0]))
    return out


def _bells(piece: Piece, rate: int, n: int) -> tuple[Mono, Mono]:
    rng = np.random.default_rng(piece.seed)
    left, right = np.zeros(n), np.zeros(n)
    slots = np.sort(rng.choice(int(piece.length), size=piece.bells, replace=False))
    for k, at in enumerate(slots):
        note = float(rng.choice(piece.scale))
        ring = voice(note, 3.0, rate, partials=BELL, attack=0.004, decay=1.1)
        start = round((at + rng.random() * 0.5) * rate)
        pos = (start + np.arange(ring.size)) % n
        gain = 0.22 + 0.1 * rng.random()
        pan = 0.3 + 0.4 * (k % 2)
        np.add.at(left, pos, gain * (1 - pan) * ring)
        np.add.at(right, pos, gain * pan * ring)
    return left, right


def compose(piece: Piece, rate: int, seed: int = 1) -> Samples:
    """The loop as float32 stereo samples; its end joins its start without a seam."""
    n = round(piece.length * rate)
    low = max(8000, rate // PAD_DIVISOR)
    pads = _pad(piece, low)
    wind = piece.wind * 0.3 * _wind(piece, pads[0].size, low, seed)
    bells = _bells(piece, rate, n)
    tracks = []
    for k, (pad, bell) in enumerate(zip(pads, bells, strict=True)):
        soft = pad / len(piece.chords[0]) + np.roll(wind, k * low // 7)
        dry = _upsample(soft, n) + bell
        # A cheap room: two quiet echoes, wrapped around the loop like everything else.
        wet = (
            dry + 0.22 * np.roll(dry, round(0.23 * rate)) + 0.12 * np.roll(dry, round(0.41 * rate))
        )
        tracks.append(wet)
    out = np.stack(tracks, axis=1)
    out *= 0.5 / max(1e-9, float(np.max(np.abs(out))))
    return out.astype(np.float32)


def loop_seam(samples: Samples | Sequence[Sequence[float]]) -> float:
    """How far the loop's last sample is from its first, relative to the largest step inside."""
    x = np.asarray(samples, dtype=np.float64)
    steps = np.abs(np.diff(x, axis=0)).max()
    return float(np.abs(x[0] - x[-1]).max() / max(steps, 1e-12))


def menu(rate: int) -> Samples:
    return compose(MENU, rate, seed=3)


def play(rate: int) -> Samples:
    return compose(PLAY, rate, seed=5)
