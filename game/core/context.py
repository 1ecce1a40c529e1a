"""The context rules code runs in: level, state, the nations an event is about, and the news."""

from __future__ import annotations

from typing import Any

from game.core.defs import LevelDef
from game.core.difficulty import rules_for
from game.core.outcomes import Outcome
from game.core.state import GameState

SCOPE_WORDS = ("player", "nation", "target")


class Ctx:
    """Where conditions read variables and effects write outcomes."""

    def __init__(
        self,
        level: LevelDef,
        state: GameState,
        *,
        nation: str | None = None,
        target: str | None = None,
        outcomes: list[Outcome] | None = None,
    ) -> None:
        self.level = level
        self.state = state
        self.rules = rules_for(level, state.difficulty)
        self.player = level.player
        self.nation = nation if nation is not None else level.player
        self.target = target
        self.outcomes: list[Outcome] = outcomes if outcomes is not None else []
        # What the changes made now are part of (an action, an event): tension notes it.
        self.cause = ""
        # At the end of a turn: what the player's commands of the turn brought (an incident
        # during its exercise), which the end of the turn may answer to.
        self.earlier: tuple[Outcome, ...] = ()
        # The factors of the ledger the last proposal carried out here was answered by (none
        # when it waits for the player's answer): the reason an AI's proposal shows.
        self.last_ledger: tuple[tuple[str, float], ...] = ()
        # While the level's score is worked out: the score without the level's formula.
        self.default_score: float | None = None

    def scoped(self, nation: str | None, target: str | None) -> Ctx:
        sub = Ctx(self.level, self.state, nation=nation, target=target, outcomes=self.outcomes)
        sub.cause = self.cause
        sub.earlier = self.earlier
        return sub

    def var(self, name: str) -> Any:
        if name == "turn":
            return self.state.turn
        if name == "last_turn":
            return self.level.turns
        if name == "turns_left":
            return self.level.turns - self.state.turn
        if name == "world_tension":
            return self.state.world_tension
        if name == "player":
            return self.player
        if name == "nation":
            return self.nation
        if name == "target":
            return self.target if self.target is not None else self.nation
        if name == "default_score" and self.default_score is not None:
            return self.default_score
        raise KeyError(name)

    def resolve(self, ref: str) -> str:
        """A nation id from a scope word (`player`, `nation`, `target`) or an id."""
        if ref in SCOPE_WORDS:
            return str(self.var(ref))
        return ref

    def idx(self, ref: str) -> int:
        """The array position of a nation named by a scope word or an id (`resolve`)."""
        return self.state.idx(self.resolve(ref))

    def name(self, nation_id: str) -> str:
        return self.level.names.get(nation_id, nation_id)

    def out(self, fact: str, text: str, *nations: str, **data: Any) -> Outcome:
        o = Outcome(fact, text, tuple(nations), dict(data))
        self.outcomes.append(o)
        return o
