"""Easy, Normal and Hard: concrete numbers a game changes when it starts, recorded in its state."""

from __future__ import annotations

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
    overrides: tuple[tuple[str, Any], ...] = ()


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
            ),
            (
                ("verdict_player_margin", -4.0),
                ("threat_growth_scale", 0.75),
                ("start_trust_toward_player", 5.0),
                ("capital_per_turn", 4),
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
            ),
            (
                ("verdict_player_margin", 4.0),
                ("threat_growth_scale", 1.33),
                ("start_trust_toward_player", -5.0),
                ("capital_stability_bonus", 0),
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
        lambda: base.with_overrides({k: _applied(base, k, v) for k, v in d.overrides}),
    )


def _applied(base: Rules, name: str, value: Any) -> Any:
    # Scales and shifts apply to the level's own number; plain values replace it.
    if name == "threat_growth_scale":
        return base.threat_growth_scale * value
    if name in ("verdict_player_margin", "start_trust_toward_player"):
        return base.number(name) + value
    if name == "capital_per_turn":
        return base.capital_per_turn + 1
    return value
