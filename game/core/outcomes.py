"""Outcomes: past-tense facts a turn produced, for the news feed, saves and replays."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Outcome:
    """A fact such as `ElectionHeld` with a sentence for players and the nations it concerns."""

    fact: str
    text: str
    nations: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "text": self.text, "nations": list(self.nations)}


@dataclass(frozen=True)
class Refused:
    """A command the rules did not accept, with every reason."""

    reasons: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return False


@dataclass(frozen=True)
class Accepted:
    """A command the rules applied, with what it did."""

    outcomes: tuple[Outcome, ...] = ()

    @property
    def ok(self) -> bool:
        return True


Result = Accepted | Refused


# Every fact the rules can report, with its tone for the player: good (+1), bad (-1) or
# neutral (0). Each module declares the facts it reports; the news colours come from here.
FACT_TONES: dict[str, int] = {}


def declare_facts(**tones: int) -> None:
    for fact, tone in tones.items():
        if FACT_TONES.get(fact, tone) != tone:
            raise ValueError(f"fact {fact} declared with two tones")
        FACT_TONES[fact] = tone
