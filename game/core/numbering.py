"""Turn numbers as players read them: counted from 1, with the date beside them.

The rules count turns from 0 (`GameState.turn`, `TurnRecord.turn`); every number a
player or a script's reader sees goes through here.
"""

from __future__ import annotations

from game.core.defs import LevelDef
from game.core.game import date_label


def shown(turn: int) -> int:
    """The player's number for the turn with index `turn`."""
    return turn + 1


def turn_label(level: LevelDef, turn: int, total: bool = False) -> str:
    """ "Turn 3 · Q3 2026" (with "of 40" when `total`)."""
    of = f" of {level.turns}" if total else ""
    return f"Turn {shown(turn)}{of} · {date_label(level, turn)}"


def when(level: LevelDef, turn: int) -> str:
    """Inside a sentence: "turn 3 (Q3 2026)"."""
    return f"turn {shown(turn)} ({date_label(level, turn)})"
