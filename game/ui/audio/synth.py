"""Sound synthesis with numpy: oscillators, envelopes, filtered noise, and the game's effects.

Every effect is a function of the sample rate returning float32 stereo samples (n, 2) in
[-1, 1], so no sound file needs a licence. Notes are MIDI numbers (69 = A4 = 440 Hz).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Samples = NDArray[np.float32]
Mono = NDArray[np.float64]

# A bell's partials (ratio, loudness, how fast it dies away relative to the fundamental).
BELL = ((1.0, 1.0, 1.0), (2.0, 0.5, 1.6), (2.76, 0.35, 2.4), (5.4, 0.12, 4.0))
# A soft organ-like tone: a fundamental with a little octave and twelfth.
SOFT = ((1.0, 1.0, 1.0), (2.0, 0.3, 1.0), (3.0, 0.1, 1.0))


def hz(note: float) -> float:
    return float(440.0 * 2.0 ** ((note - 69.0) / 12.0))


def times(seconds: float, rate: int) -> Mono:
    return np.arange(round(seconds * rate), dtype=np.float64) / rate


def envelope(n: int, rate: int, attack: float, decay: float) -> Mono:
    """A linear rise over `attack` seconds, then an exponential fall with time constant `decay`."""
    t = np.arange(n, dtype=np.float64) / rate
    rise = np.clip(t / max(attack, 1e-4), 0.0, 1.0)
    return rise * np.exp(-np.maximum(t - attack, 0.0) / max(decay, 1e-4))


def voice(
    note: float,
    seconds: float,
    rate: int,
    *,
    partials: Sequence[tuple[float, float, float]] = SOFT,
    attack: float = 0.005,
    decay: float = 0.3,
    glide: float = 0.0,
) -> Mono:
    """One note: summed sine partials, each with its own decay; `glide` bends it by semitones."""
    t = times(seconds, rate)
    f0 = hz(note) * 2.0 ** (glide * t / max(seconds, 1e-6) / 12.0)
    phase = 2.0 * np.pi * np.cumsum(f0) / rate
    out = np.zeros_like(t)
    # Partials that die away alike share one envelope.
    for speed in sorted({p[2] for p in partials}):
        tone = np.zeros_like(t)
        for ratio, level, _ in (p for p in partials if p[2] == speed):
            if hz(note) * ratio < rate / 2:
                tone += level * np.sin(ratio * phase)
        out += tone * envelope(t.size, rate, attack, decay / speed)
    return out


def noise(seconds: float, rate: int, low: float, high: float, seed: int = 1) -> Mono:
    """White noise kept only between `low` and `high` Hz (an FFT band-pass)."""
    n = round(seconds * rate)
    spectrum = np.fft.rfft(np.random.default_rng(seed).standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / rate)
    spectrum[(f < low) | (f > high)] = 0.0
    out = np.fft.irfft(spectrum, n)
    peak = float(np.max(np.abs(out))) if n else 0.0
    return out / peak if peak > 0 else out


def mix(length: float, rate: int, parts: Sequence[tuple[float, Mono, float]]) -> Mono:
    """Lay (start second, samples, gain) parts onto a silent track `length` seconds long."""
    out = np.zeros(round(length * rate))
    for start, samples, gain in parts:
        at = round(start * rate)
        end = min(out.size, at + samples.size)
        if end > at:
            out[at:end] += gain * samples[: end - at]
    return out


def finish(mono: Mono, rate: int, peak: float = 0.8, width: float = 0.0) -> Samples:
    """Normalise to `peak`, fade the last 10 ms (no click), and spread to stereo.

    `width` delays the right channel by up to a few milliseconds for a sense of space.
    """
    top = float(np.max(np.abs(mono))) if mono.size else 0.0
    left = mono * (peak / top) if top > 0 else mono.copy()
    right = left
    lag = round(width * 0.004 * rate)
    if 0 < lag < left.size:
        right = np.concatenate([np.zeros(lag), left[: left.size - lag]])
    out = np.stack([left, right], axis=1)
    fade = min(out.shape[0], max(1, rate // 100))
    out[out.shape[0] - fade :] *= np.linspace(1.0, 0.0, fade)[:, None]
    return out.astype(np.float32)


def arpeggio(
    notes: Sequence[float],
    gap: float,
    rate: int,
    *,
    ring: float = 1.0,
    partials: Sequence[tuple[float, float, float]] = BELL,
    decay: float = 0.5,
    gains: Sequence[float] = (),
) -> Mono:
    """Notes struck `gap` seconds apart, each left to ring for `ring` seconds."""
    parts = []
    for k, note in enumerate(notes):
        gain = gains[k] if k < len(gains) else 1.0
        parts.append((k * gap, voice(note, ring, rate, partials=partials, decay=decay), gain))
    return mix(gap * (len(notes) - 1) + ring, rate, parts)


# -- the game's effects: short for the interface, longer stingers for the news --------------


def click(rate: int) -> Samples:
    tick = voice(88, 0.05, rate, partials=((1.0, 1.0, 1.0),), attack=0.001, decay=0.012)
    tap = noise(0.05, rate, 2000, 6000, seed=3) * envelope(round(0.05 * rate), rate, 0.0005, 0.004)
    return finish(tick + 0.4 * tap, rate, peak=0.35)


def refused(rate: int) -> Samples:
    low = dict(partials=((1.0, 1.0, 1.0), (3.0, 0.25, 1.5)), attack=0.004, decay=0.09)
    a = voice(52, 0.16, rate, **low)  # type: ignore[arg-type]
    b = voice(49, 0.2, rate, **low)  # type: ignore[arg-type]
    return finish(mix(0.3, rate, [(0.0, a, 1.0), (0.1, b, 1.0)]), rate, peak=0.45)


def undo(rate: int) -> Samples:
    sweep = voice(74, 0.14, rate, partials=((1.0, 1.0, 1.0),), decay=0.06, glide=-7)
    return finish(sweep, rate, peak=0.3)


def confirm(rate: int) -> Samples:
    two = arpeggio((76, 83), 0.07, rate, ring=0.3, partials=SOFT, decay=0.12, gains=(0.8, 1.0))
    return finish(two, rate, peak=0.45)


def chime(rate: int) -> Samples:
    return finish(arpeggio((72, 76, 79, 84), 0.11, rate, ring=1.1, decay=0.45), rate, 0.5, 1.0)


def good_news(rate: int) -> Samples:
    bells = arpeggio((67, 71, 74, 79, 83), 0.09, rate, ring=1.3, decay=0.5)
    pad = voice(55, 1.66, rate, attack=0.25, decay=1.0)
    return finish(bells + 0.35 * mix(bells.size / rate, rate, [(0, pad, 1.0)]), rate, 0.6, 1.0)


def neutral_news(rate: int) -> Samples:
    horn = dict(partials=((1.0, 1.0, 1.0), (2.0, 0.4, 1.0), (3.0, 0.2, 1.2)), attack=0.08)
    a = voice(62, 0.9, rate, decay=0.6, **horn)  # type: ignore[arg-type]
    b = voice(69, 1.1, rate, decay=0.7, **horn)  # type: ignore[arg-type]
    return finish(mix(1.5, rate, [(0.0, a, 1.0), (0.35, b, 0.9)]), rate, 0.55, 1.0)


def bad_news(rate: int) -> Samples:
    chord = [voice(n, 1.7, rate, attack=0.12, decay=0.9) for n in (45, 48, 52, 56)]
    rumble = noise(1.7, rate, 40, 180, seed=5) * envelope(round(1.7 * rate), rate, 0.2, 0.6)
    return finish(sum(chord, np.zeros(chord[0].size)) + 0.6 * rumble, rate, 0.65, 1.0)


def signed(rate: int) -> Samples:
    brass = ((1.0, 1.0, 1.0), (2.0, 0.6, 1.1), (3.0, 0.4, 1.3), (4.0, 0.25, 1.6))
    hits = [(0.0, 60), (0.0, 64), (0.16, 67), (0.32, 72), (0.32, 76)]
    parts = [
        (at, voice(n, 1.2, rate, partials=brass, attack=0.03, decay=0.55), 1.0) for at, n in hits
    ]
    return finish(mix(1.55, rate, parts), rate, 0.6, 1.0)


def broken(rate: int) -> Samples:
    fall = arpeggio((69, 65, 62), 0.22, rate, ring=1.0, partials=SOFT, decay=0.5)
    drone = voice(38, fall.size / rate, rate, attack=0.2, decay=1.2)
    return finish(fall + 0.5 * drone, rate, 0.6, 1.0)


def declined(rate: int) -> Samples:
    return finish(arpeggio((67, 63), 0.16, rate, ring=0.5, partials=SOFT, decay=0.25), rate, 0.45)


def promise_kept(rate: int) -> Samples:
    return finish(arpeggio((79, 86), 0.12, rate, ring=0.8, decay=0.4), rate, 0.45, 1.0)


def promise_broken(rate: int) -> Samples:
    bells = [voice(n, 1.2, rate, partials=BELL, decay=0.5) for n in (57, 63)]
    return finish(bells[0] + 0.8 * bells[1], rate, 0.55, 1.0)


def election_won(rate: int) -> Samples:
    return finish(arpeggio((67, 72, 76, 79), 0.13, rate, ring=1.0, decay=0.45), rate, 0.55, 1.0)


def election_lost(rate: int) -> Samples:
    fall = arpeggio((72, 68, 65, 60), 0.26, rate, ring=1.2, partials=SOFT, decay=0.55)
    return finish(fall, rate, 0.6, 1.0)


def alarm(rate: int, seconds: float = 1.6, urgency: float = 1.0) -> Samples:
    t = times(seconds, rate)
    pulse = 0.5 - 0.5 * np.cos(2.0 * np.pi * 2.5 * urgency * t)
    tone = voice(57, seconds, rate, attack=0.05, decay=seconds * 2)
    tone += 0.6 * voice(58, seconds, rate, attack=0.05, decay=seconds * 2)
    return finish(tone * pulse * envelope(t.size, rate, 0.1, seconds * 0.6), rate, 0.6, 1.0)


def crisis(rate: int) -> Samples:
    siren = alarm(rate, 2.2, 1.6)[:, 0].astype(np.float64)
    boom = noise(2.2, rate, 30, 240, seed=9) * envelope(round(2.2 * rate), rate, 0.01, 0.5)
    return finish(siren + 0.8 * boom, rate, 0.7, 1.0)


def fanfare(notes: Sequence[float], rate: int, hold: float) -> Mono:
    brass = ((1.0, 1.0, 1.0), (2.0, 0.6, 1.0), (3.0, 0.35, 1.2), (4.0, 0.2, 1.4))
    lead = arpeggio(notes, 0.2, rate, ring=hold, partials=brass, decay=hold * 0.5)
    return lead


def victory(rate: int) -> Samples:
    lead = fanfare((60, 64, 67, 72, 76, 79, 84), rate, 1.8)
    pad = sum(voice(n, lead.size / rate, rate, attack=0.6, decay=2.5) for n in (48, 55, 64))
    return finish(lead + 0.5 * pad, rate, 0.7, 1.0)


def defeat(rate: int) -> Samples:
    lead = fanfare((69, 65, 62, 57), rate, 2.2)
    pad = sum(voice(n, lead.size / rate, rate, attack=0.8, decay=2.5) for n in (38, 45, 53))
    return finish(lead + 0.6 * pad, rate, 0.65, 1.0)


def game_over(rate: int) -> Samples:
    chord = sum(voice(n, 2.6, rate, attack=0.3, decay=1.2) for n in (55, 62, 67, 71))
    bell = arpeggio((74, 79), 0.4, rate, ring=2.0, decay=0.8)
    return finish(chord + mix(2.6, rate, [(0.1, bell, 0.8)]), rate, 0.6, 1.0)


def offer(rate: int) -> Samples:
    return finish(arpeggio((74, 79, 74), 0.1, rate, ring=0.6, partials=SOFT, decay=0.2), rate, 0.4)
