"""World tension's causes in the player's words, for the top bar and the history chart."""

from __future__ import annotations

from game.core import actions
from game.core.defs import LevelDef
from game.core.tension_log import DECAY, STANDING, Part, parts_of


def cause_label(level: LevelDef, cause: str) -> str:
    """One cause as the player reads it: "Joint exercise: Russia with Belarus"."""
    if cause == DECAY:
        return "tensions easing with time"
    if cause == STANDING:
        return "the pull of tensions already standing"
    kind, *ids = cause.split(":")
    names = [level.names.get(x, x) for x in ids]
    if kind == "threat":
        threat = next((t.name for t in level.threats if ids and t.id == ids[0]), "")
        return f"{threat} stirring tension" if threat else "threats rising or receding"
    if kind == "incident":
        return f"incident between {' and '.join(names)}"
    if kind == "event":
        ev = next((e.title for e in level.events if ids and e.id == ids[0]), ids[0] if ids else "")
        return f"event: {ev}" + (f" ({names[1]})" if len(names) > 1 else "")
    action = next((a for a in actions.ordered() if a.id == kind), None)
    label = action.label if action is not None else kind.replace("_", " ")
    if len(names) >= 2:
        return f"{label}: {names[0]} with {names[1]}"
    return f"{label}: {names[0]}" if names else label


def turn_parts(level: LevelDef, row: dict[str, float], limit: int = 4) -> list[str]:
    """A history row's largest causes of the change in world tension, worded with amounts."""
    parts: list[Part] = parts_of(row)
    shown = [f"{cause_label(level, p.cause)} {p.amount:+.1f}" for p in parts[:limit]]
    rest = sum(p.amount for p in parts[limit:])
    if len(parts) > limit:
        shown.append(f"{len(parts) - limit} more {rest:+.1f}")
    return shown


def turn_note(level: LevelDef, row: dict[str, float]) -> str:
    """What moved world tension in a history row's turn: "World tension +2.9: …" (empty
    when the row has no breakdown)."""
    parts = turn_parts(level, row)
    if not parts:
        return ""
    change = sum(p.amount for p in parts_of(row))  # the parts add up to the change
    return f"World tension {change:+.1f}: " + "; ".join(parts)
