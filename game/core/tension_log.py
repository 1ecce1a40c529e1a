"""Where world tension came from: each turn's change broken down cause by cause.

Every change to pair tension is noted with its cause while the turn runs (an exercise by
whom with whom, an incident, a threat, an event, a calming action). When world tension
moves, its change is split exactly into the parts those causes played through the pairs
that set it, plus tensions easing with time and the tension already standing. The notes
are a scratch record of the turn under way (never hashed or saved); the breakdown is
written into the turn's history row, under keys `CAUSE_PREFIX + cause`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.core.state import GameState

CAUSE_PREFIX = "dt:"
DECAY = "decay"
STANDING = "standing"
_NOTES = "_tension_notes"
_WORLD = "_tension_world"
_THREAT = "_tension_threat"


def _notes(s: GameState) -> dict[tuple[int, int], dict[str, float]]:
    notes = s.__dict__.get(_NOTES)
    if notes is None:
        notes = s.__dict__[_NOTES] = {}
    return notes


def note(s: GameState, cause: str, i: int, j: int, delta: float) -> None:
    """Tension between nations i and j changed by `delta` because of `cause`."""
    if delta == 0 or i == j:
        return
    pair = (i, j) if i < j else (j, i)
    by = _notes(s).setdefault(pair, {})
    by[cause] = by.get(cause, 0.0) + delta


def set_pair(s: GameState, cause: str, i: int, j: int, value: float) -> None:
    """Set the (symmetric) tension between i and j, noting the change under `cause`."""
    note(s, cause, i, j, value - float(s.tension[i, j]))
    s.tension[i, j] = s.tension[j, i] = value


def note_world(s: GameState, cause: str, delta: float) -> None:
    """World tension itself changed by `delta` (an event's effect), because of `cause`."""
    if delta:
        world = s.__dict__.setdefault(_WORLD, {})
        world[cause] = world.get(cause, 0.0) + delta


def note_threat_start(s: GameState, worst: float) -> None:
    """The worst threat's level before threats move this turn (once a turn)."""
    s.__dict__.setdefault(_THREAT, worst)


def cause_key(kind: str, *ids: str) -> str:
    """A cause as stored: its kind and the ids it names, e.g. "exercise:POL:LTU"."""
    return ":".join((kind, *ids))


@dataclass(frozen=True)
class Part:
    """One cause's share of a turn's change in world tension."""

    cause: str
    amount: float


def breakdown(
    s: GameState,
    before: float,
    weights: Sequence[tuple[int, int, float]],
    threat_weight: float,
    worst_threat: float,
    pull: float,
    decay: float,
) -> list[Part]:
    """Split the turn's change of world tension into parts that add up to it exactly: the
    change from `before` (world tension as this update found it) and any events' changes.

    `weights`: the pairs that set the figure world tension moves toward, each with its
    weight; `pull`: how far world tension moves toward that figure (0.5: halfway);
    `decay`: the share of pair tension that eased this turn. A pair's change from each
    cause is weighed as it counts in that figure; what the notes do not account for on
    those pairs is their easing with time. The rest (the pull of the tension that stood
    before, pairs changing places, rounding) is the standing part.
    """
    notes = _notes(s)
    parts: dict[str, float] = {}
    for i, j, w in weights:
        by = notes.get((i, j) if i < j else (j, i), {})
        noted = 0.0
        for cause in sorted(by):
            parts[cause] = parts.get(cause, 0.0) + pull * w * by[cause]
            noted += by[cause]
        # Decay scales what stood before it: after = before × (1 − decay).
        eased = -float(s.tension[i, j]) * decay / max(1e-9, 1.0 - decay)
        parts[DECAY] = parts.get(DECAY, 0.0) + pull * w * eased
    start = s.__dict__.get(_THREAT)
    if start is not None:
        key = cause_key("threat")
        parts[key] = parts.get(key, 0.0) + pull * threat_weight * (worst_threat - start)
    # Events that moved world tension itself did so before `before` was read.
    world = s.__dict__.get(_WORLD, {})
    for cause, delta in sorted(world.items()):
        parts[cause] = parts.get(cause, 0.0) + delta
    change = s.world_tension - before + sum(world.values())
    shown = {c: round(v, 2) for c, v in sorted(parts.items()) if abs(v) >= 0.005}
    # The standing part takes the rounding too, so the shown parts add up to the change.
    shown[STANDING] = round(change - sum(shown.values()), 2)
    return [Part(c, v) for c, v in sorted(shown.items()) if v]


def changes(s: GameState, cause: str) -> dict[tuple[int, int], float]:
    """The pair changes noted so far under `cause`."""
    return {pair: by[cause] for pair, by in _notes(s).items() if by.get(cause)}


def reset(s: GameState) -> None:
    """Start the next turn's record."""
    for key in (_NOTES, _WORLD, _THREAT):
        s.__dict__.pop(key, None)


def record(parts: Sequence[Part]) -> dict[str, float]:
    """The parts as history keys."""
    return {CAUSE_PREFIX + p.cause: p.amount for p in parts}


def parts_of(row: dict[str, float]) -> list[Part]:
    """A history row's parts, largest first (ties by cause)."""
    out = [Part(k[len(CAUSE_PREFIX) :], v) for k, v in row.items() if k.startswith(CAUSE_PREFIX)]
    return sorted(out, key=lambda p: (-abs(p.amount), p.cause))
