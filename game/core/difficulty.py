"""Easy, Normal and Hard: concrete numbers a game changes when it starts, recorded in its state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.core.defs import LevelDef
from game.core.rules import Rules


@dataclass(frozen=True)
class Difficulty:
    """A difficulty: its rule numbers on top of the level's, and what that means in words."""

    id: str
    label: str
    changes: tuple[str, ...]
    # (rule, how the level's own number becomes this difficulty's)
    overrides: tuple[tuple[str, Callable[[Any], Any]], ...] = ()


def _each(factor: float) -> Callable[[Any], Any]:
    """A rule of several sizes (one number per size), each scaled by `factor`."""
    return lambda sizes: tuple(round(x * factor, 4) for x in sizes)


DIFFICULTIES: dict[str, Difficulty] = {
    d.id: d
    for d in (
        Difficulty(
            "easy",
            "Easy",
            (
                "other nations accept your proposals with a ledger down to −4",
                "threats grow a quarter more slowly",
                "every nation starts with 5 more trust in you",
                "4 diplomatic capital a turn instead of 3",
                "interoperability fades a fifth more slowly between exercises",
                "joint exercises build a fifth more interoperability",
            ),
            (
                ("verdict_player_margin", lambda v: v - 4.0),
                ("threat_growth_scale", lambda v: v * 0.75),
                ("start_trust_toward_player", lambda v: v + 5.0),
                ("capital_per_turn", lambda v: v + 1),
                ("interop_decay", lambda v: v * 0.8),
                ("exercise_gain", _each(1.2)),
            ),
        ),
        Difficulty("normal", "Normal", ("the level as its designer tuned it",)),
        Difficulty(
            "hard",
            "Hard",
            (
                "other nations want a ledger of +4 before they accept your proposals",
                "threats grow a third faster",
                "every nation starts with 5 less trust in you",
                "no extra diplomatic capital for stability",
                "interoperability fades a quarter faster between exercises",
                "joint exercises build a fifth less interoperability",
            ),
            (
                ("verdict_player_margin", lambda v: v + 4.0),
                ("threat_growth_scale", lambda v: v * 1.33),
                ("start_trust_toward_player", lambda v: v - 5.0),
                ("capital_stability_bonus", lambda v: 0),
                ("interop_decay", lambda v: v * 1.25),
                ("exercise_gain", _each(0.8)),
            ),
        ),
    )
}


def rules_for(level: LevelDef, difficulty: str) -> Rules:
    """The level's rules with a difficulty's numbers on top (Normal changes nothing)."""
    d = DIFFICULTIES[difficulty]
    if not d.overrides:
        return level.rules
    base = level.rules
    return base.memo(  # type: ignore[no-any-return]
        ("difficulty", difficulty),
        lambda: base.with_overrides({k: change(base.number(k)) for k, change in d.overrides}),
    )


def changed_numbers(level: LevelDef, difficulty: str) -> list[tuple[str, Any, Any]]:
    """(rule, the level's number, this difficulty's number) for every rule it overrides."""
    base = level.rules
    return [
        (name, base.number(name), change(base.number(name)))
        for name, change in DIFFICULTIES[difficulty].overrides
    ]


def label_of(difficulty: str) -> str:
    """ "Easy", "Normal", "Hard" (an unknown id as it is written)."""
    d = DIFFICULTIES.get(difficulty)
    return d.label if d is not None else difficulty
