"""Why an AI nation did something: the record its news lines carry, explained on demand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.core.commands import Command
from game.core.outcomes import Outcome

WHY = "why"  # the key of an outcome's `data` that holds its `Why`


@dataclass(frozen=True)
class Why:
    """The candidate an AI carried out: its command, scoring layer, reason and utility, and
    for a proposal the factors of the ledger its answer read. The utility's factors are
    worked out only when asked (`game.core.explain.factors`), from the state the AI scored,
    and the ledger is worded only when shown."""

    nation: str
    command: Command
    layer: str
    reason: str
    utility: float
    ledger: tuple[tuple[str, float], ...] = ()


def attach(outcomes: Sequence[Outcome], why: Why) -> None:
    """Mark the news a carried-out candidate produced with its reason."""
    for o in outcomes:
        o.data.setdefault(WHY, why)


def why_of(o: Outcome) -> Why | None:
    found = o.data.get(WHY)
    return found if isinstance(found, Why) else None
