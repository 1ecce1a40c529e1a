"""Immutable definitions of a loaded level, as the rules see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from game.core.rules import DEFAULT_RULES, Rules

RGB = tuple[int, int, int]

# Metadata of a field added after saves existed: at its default it is not part of a level's
# fingerprint, so saves of levels that do not use it stay loadable.
ADDED_LATER = {"fingerprint": "when_set"}


@dataclass(frozen=True)
class AxisDef:
    """A value axis (democracy, free trade) or a strategic issue (a regional dispute)."""

    id: str
    name: str
    kind: str = "value"  # "value" or "issue"
    low: str = ""
    high: str = ""


@dataclass(frozen=True)
class PartyDef:
    """A party that can govern a nation, with the positions it pulls the nation toward."""

    name: str
    leader: str
    platform: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonalityDef:
    """How an AI weighs the parts of its utility."""

    id: str
    security: float = 1.0
    affinity: float = 1.0
    trust: float = 1.0
    domestic: float = 1.0
    boldness: float = 1.0


@dataclass(frozen=True)
class NationDef:
    """A nation as the level defines it at the start."""

    id: str
    name: str
    color: RGB
    regions: tuple[str, ...]
    capital: tuple[float, float] | None
    positions: dict[str, float]
    salience: dict[str, float]
    military: float
    economy: float
    equipment: str
    doctrine: str
    approval: float
    stability: float
    government: PartyDef
    opposition: PartyDef
    election_every: int
    next_election: int
    personality: str
    budget: float
    capital_points: int


@dataclass(frozen=True)
class Gate:
    """A level's condition on when an action or an agreement kind opens to a nation.

    It is read with `nation` the nation about to act and `target` the other side (the
    acting nation itself for actions at home); while it does not hold, `text` is the reason
    the action is refused.
    """

    when: Any  # compiled condition
    when_text: str
    text: str = ""

    def reason(self) -> str:
        return self.text or f"not open yet: needs {self.when_text}"


@dataclass(frozen=True)
class AgreementKindDef:
    """A kind of agreement (dialogue forum, trade pact, defence pact, ...)."""

    id: str
    name: str
    ask: float = 0.0
    min_trust: float = 0.0
    military: bool = False
    allows_tech: bool = False
    description: str = ""
    # The rung below on the ladder: the pair must have shared one of these kinds for
    # `needs_turns` turns before this one can be proposed (empty: open to anyone).
    needs: tuple[str, ...] = ()
    needs_turns: int = 0
    # The level's own condition on proposing it (a lesson that must come first); None: none.
    requires: Gate | None = field(default=None, metadata=ADDED_LATER)


@dataclass(frozen=True)
class EffectDef:
    """One effect: a registered effect name and its arguments."""

    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class OptionDef:
    """One choice of an event."""

    text: str
    requires: Any | None  # compiled condition
    requires_text: str
    effects: tuple[EffectDef, ...]
    ai_weight: float = 1.0


@dataclass(frozen=True)
class EventDef:
    """An event: who it happens to, when, and what its options do."""

    id: str
    title: str
    text: str
    theme: str
    who: str  # "player", "ai" or "all"
    nations: tuple[str, ...]  # empty: any nation allowed by `who`
    target: str  # "none", "other" or "partner"
    targets: tuple[str, ...]
    trigger: Any | None  # compiled condition
    trigger_text: str
    mean_time: float
    weight: float
    once: bool
    cooldown: int
    on: str  # "" or a hook name such as "exercise_incident"
    options: tuple[OptionDef, ...]


@dataclass(frozen=True)
class ThreatDef:
    """A rising and falling danger that shifts interests."""

    id: str
    name: str
    source: str | None
    threatened: tuple[str, ...]
    level: float
    growth: float
    peak: float
    floor: float


@dataclass(frozen=True)
class AgreementStartDef:
    """An agreement in force when the level starts."""

    kind: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class RelationDef:
    """Starting numbers for one directed pair (a, b)."""

    a: str
    b: str
    trust: float | None = None
    grievance: float | None = None
    tension: float | None = None
    equipment: float | None = None
    doctrine: float | None = None
    communications: float | None = None
    symmetric: bool = True


@dataclass(frozen=True)
class GoalDef:
    """A victory or defeat condition."""

    when: Any  # compiled condition
    when_text: str
    text: str
    by_turn: int | None = None


@dataclass(frozen=True)
class LevelDef:
    """Everything the rules need from a level."""

    id: str
    title: str
    player: str
    start_year: int
    start_quarter: int
    turns: int
    seed: int
    axes: tuple[AxisDef, ...]
    nations: tuple[NationDef, ...]
    relations: tuple[RelationDef, ...] = ()
    agreements: tuple[AgreementStartDef, ...] = ()
    agreement_kinds: tuple[AgreementKindDef, ...] = ()
    threats: tuple[ThreatDef, ...] = ()
    events: tuple[EventDef, ...] = ()
    personalities: tuple[PersonalityDef, ...] = ()
    victory: tuple[GoalDef, ...] = ()
    defeat: tuple[GoalDef, ...] = ()
    score: Any | None = None  # compiled numeric expression
    score_text: str = ""
    score_help: str = field(default="", metadata=ADDED_LATER)  # in the player's words
    rules: Rules = DEFAULT_RULES
    description: str = ""
    turn_months: int = 3
    # Actions a level opens only under a condition, by action id (`exercise`, `confidence`).
    action_gates: tuple[tuple[str, Gate], ...] = field(default=(), metadata=ADDED_LATER)

    def nation_index(self) -> dict[str, int]:
        return self.index

    @cached_property
    def index(self) -> dict[str, int]:
        return {n.id: i for i, n in enumerate(self.nations)}

    @cached_property
    def salience_matrix(self) -> Any:
        """Nation × axis salience as a read-only numpy array (built once)."""
        from game.core.derived import build_salience_matrix

        m = build_salience_matrix(self)
        m.flags.writeable = False
        return m

    @cached_property
    def personality_weights(self) -> Any:
        """Nation × (trust, affinity, security, boldness, domestic) AI weights, read-only."""
        import numpy as np

        pers = [self.personality(n.personality) for n in self.nations]
        m = np.array(
            [[p.trust, p.affinity, p.security, p.boldness, p.domestic] for p in pers],
            dtype=np.float64,
        ).reshape(len(pers), 5)
        m.flags.writeable = False
        return m

    @cached_property
    def names(self) -> dict[str, str]:
        return {n.id: n.name for n in self.nations}

    @cached_property
    def _kinds(self) -> dict[str, AgreementKindDef]:
        return {k.id: k for k in self.agreement_kinds}

    @cached_property
    def _personalities(self) -> dict[str, PersonalityDef]:
        return {p.id: p for p in self.personalities}

    @cached_property
    def _events(self) -> dict[str, EventDef]:
        return {e.id: e for e in self.events}

    @cached_property
    def _action_gates(self) -> dict[str, Gate]:
        return dict(self.action_gates)

    def action_gate(self, action_id: str) -> Gate | None:
        return self._action_gates.get(action_id)

    def event(self, event_id: str) -> EventDef:
        return self._events[event_id]

    def kind(self, kind_id: str) -> AgreementKindDef:
        return self._kinds[kind_id]

    def personality(self, pid: str) -> PersonalityDef:
        return self._personalities.get(pid) or PersonalityDef(id=pid)


DEFAULT_AGREEMENT_KINDS: tuple[AgreementKindDef, ...] = (
    AgreementKindDef("dialogue_forum", "Dialogue forum", ask=-2.0, description="Regular talks."),
    AgreementKindDef(
        "trade_pact",
        "Trade pact",
        ask=4.0,
        min_trust=35.0,
        needs=("dialogue_forum",),
        needs_turns=2,
    ),
    AgreementKindDef(
        "access",
        "Access agreement",
        ask=6.0,
        min_trust=45.0,
        military=True,
        needs=("dialogue_forum",),
        needs_turns=2,
    ),
    AgreementKindDef(
        "tech_sharing",
        "Technology sharing",
        ask=8.0,
        min_trust=55.0,
        allows_tech=True,
        needs=("trade_pact", "access"),
        needs_turns=2,
    ),
    AgreementKindDef(
        "defence_pact",
        "Defence pact",
        ask=12.0,
        min_trust=50.0,
        military=True,
        needs=("tech_sharing", "access"),
        needs_turns=3,
    ),
)
