"""Every tunable number of the rules, with its default, in one place."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class Tunable(NamedTuple):
    """A number declared beside the rule that uses it (an action's cost), with its meaning."""

    default: float
    doc: str


# Declared by the action registry as its modules load; every level may override them by name.
TUNABLES: dict[str, Tunable] = {}


def declare_tunable(name: str, default: float, doc: str) -> None:
    if name in TUNABLES and TUNABLES[name].default != default:
        raise ValueError(f"rule {name!r} declared twice with different defaults")
    TUNABLES[name] = Tunable(default, doc)


@dataclass(frozen=True, init=False, repr=False, eq=False)
class Rules:
    """Numbers a level may override (see `levels/README.md`, section *rules*).

    Its methods are written out below rather than generated: for some 160 numbers,
    compiling the generated ones costs more than every other rule module's import together,
    and `alliances validate` pays it at each start. A number not given reads the class's
    default, so an instance holds only what differs.
    """

    # trust
    trust_neutral: float = 50.0
    trust_drift_rate: float = 0.05
    trust_baseline_affinity: float = 25.0
    trust_baseline_grievance: float = 0.5
    trust_baseline_shared_threat: float = 10.0
    trust_baseline_min: float = 5.0
    trust_baseline_max: float = 95.0
    trust_cap_grievance: float = 0.5
    start_trust_toward_player: float = 0.0
    # grievance
    grievance_decay: float = 0.01
    # actions
    dialogue_gain: float = 4.0
    dialogue_saturation: float = 120.0
    confidence_gain: float = 3.0
    confidence_partner_gain: float = 1.0
    confidence_tension_cut: float = 2.0
    mediation_grievance_cut: float = 10.0
    mediation_tension_cut: float = 10.0
    mediation_min_trust: float = 45.0
    aid_trust_per_budget: float = 1.5
    aid_approval_per_budget: float = 0.5
    concession_trust: float = 3.0
    concession_approval_cost: float = 2.0
    public_diplomacy_gain: float = 4.0
    invest_defence_cost: float = 2.0
    invest_defence_gain: float = 1.0
    invest_defence_approval_cost: float = 1.0
    # promises
    promise_kept_trust: float = 6.0
    promise_broken_trust: float = -15.0
    promise_kept_observer_trust: float = 2.0
    promise_broken_observer_trust: float = -5.0
    promise_kept_reputation: float = 5.0
    promise_broken_reputation: float = -12.0
    # interoperability
    interop_weight_equipment: float = 0.4
    interop_weight_doctrine: float = 0.35
    interop_weight_communications: float = 0.25
    exercise_gain: tuple[float, float, float] = (0.04, 0.08, 0.14)
    exercise_budget: tuple[float, float, float] = (2.0, 4.0, 8.0)
    exercise_tension: tuple[float, float, float] = (3.0, 6.0, 10.0)
    exercise_incident_chance: tuple[float, float, float] = (0.02, 0.04, 0.08)
    exercise_min_trust: float = 40.0
    exercise_observers_gain: float = 0.6
    exercise_observers_tension_cut: float = 1.0
    exercise_observers_capital: int = 1
    exercise_threatened_trust: float = 35.0
    training_turns: int = 4
    training_doctrine_per_turn: float = 2.0
    training_budget_per_turn: float = 1.0
    training_min_trust: float = 40.0
    tech_turns: int = 6
    tech_equipment_per_turn: float = 3.0
    tech_budget_per_turn: float = 2.0
    tech_min_trust: float = 60.0
    interop_decay: float = 1.5
    interop_decay_grace: int = 4
    # diplomatic capital and budget
    capital_per_turn: int = 3
    capital_stability_bonus: int = 1
    capital_stability_threshold: float = 70.0
    capital_max: int = 6
    budget_per_economy: float = 0.08
    budget_max: float = 60.0
    # domestic politics
    approval_inertia: float = 0.2
    approval_base: float = 45.0
    approval_fall: float = 20.0
    stability_inertia: float = 0.1
    election_slope: float = 8.0
    election_value_shift: float = 0.5
    honeymoon_approval: float = 55.0
    early_election_delay: int = 1
    # tension and threats
    tension_decay: float = 0.05
    threat_tension_rate: float = 0.03
    shared_threat_level: float = 30.0
    threat_growth_scale: float = 1.0
    crisis_level: float = 100.0
    # events
    max_events_per_turn: int = 2
    event_candidates_max: int = 64
    # proposals
    verdict_trust: float = 0.6
    verdict_affinity: float = 20.0
    verdict_shared_threat: float = 15.0
    verdict_grievance: float = -0.4
    verdict_reputation: float = 0.3
    verdict_election_soon: float = -8.0
    verdict_commitment: float = -3.0
    verdict_tension_with_partner: float = -0.2
    verdict_below_min_trust: float = -0.5
    verdict_interop: float = 0.1
    verdict_asked_again: float = -6.0
    # A responder counts it against a proposer that it is in a military agreement with a
    # nation the responder trusts below `verdict_rival_trust` ("allied with our rival"),
    # times the responder's security weight.
    verdict_rival_ally: float = -6.0
    verdict_rival_trust: float = 30.0
    # For a military kind, every point of the responder's approval below
    # `verdict_voters_approval` counts this much ("our voters oppose it"), times domestic weight.
    verdict_voters: float = -0.5
    verdict_voters_approval: float = 50.0
    # The ledger total other nations want before they accept the player's proposals.
    verdict_player_margin: float = 0.0
    proposal_cooldown: int = 3
    proposal_refused_trust: float = 2.0
    # A rebuff offends: the proposer's trust in a nation that refused it or let it lapse.
    proposal_rebuff_trust: float = 1.0
    proposal_ask_per_capital: float = 6.0
    term_aid: float = 2.0
    term_defence: float = 3.0
    term_exercise: float = 4.0
    term_concession: float = 6.0
    # Counter-offers and AI proposals price a promised term (an exercise, a defence pledge)
    # at this share of what it costs: it is paid later, and the promiser may want it anyway.
    term_promise_price: float = 0.5
    # AI
    ai_actions_per_turn: int = 2
    # An AI nation sends proposals (to other AI nations and to the player) on one turn in this
    # many, its round of talks, staggered by its place in the level; 1: on every turn.
    ai_proposal_interval: int = 3
    ai_pledge_urgency: float = 8.0
    """How much an AI wants to invest in defence per point of military it still owes on a
    pledge, divided by the turns left to its deadline."""
    # A refused AI proposer takes a counter-offer when its own ledger for the agreement, less
    # the counter's price in budget times this (less for bolder nations), stays ≥ 0.
    ai_counter_price: float = 1.0
    # An AI adds terms to its proposals only up to this share of its budget (times boldness).
    ai_terms_budget_share: float = 0.5
    # An AI sends a proposal when its estimate of the other side's ledger (which knows
    # nothing of their personality, elections, voters or rivals) tops 2 less this times its
    # boldness: bold nations try their luck, and find out from the answer.
    ai_optimism: float = 6.0
    # World tension above which AI nations invite observers to drills that would alarm others.
    ai_calm_tension: float = 60.0
    # How much an option's `ai_weight` adds to what an AI nation thinks it is worth.
    ai_event_lean: float = 2.0
    # The spread of the seeded draw added to each option's worth (0: always the best).
    ai_event_noise: float = 3.0
    # asks: what AI nations ask of their partners, and what answering costs
    ask_cooldown: int = 6
    """Turns an AI nation waits after an ask before it asks anyone again."""
    ask_repeat_turns: int = 8
    """Turns before the same ask goes to the same nation again (records are kept this long)."""
    ask_player_per_turn: int = 1
    """At most this many new asks reach the player's inbox in one turn."""
    ask_min_utility: float = 3.0
    """How much an ask must serve the asker (its utility) before it is made."""
    ask_threat_felt: float = 25.0
    """Threat an asker must feel before it asks a partner to raise defence spending."""
    ask_low_defence: float = 0.6
    """A partner's military below this share of the asker's partners' mean counts as low."""
    ask_defence_amount: float = 3.0
    """Military strength an ask to raise defence spending wants, pledged as a promise."""
    ask_defence_turns: int = 4
    """Turns a pledge to raise defence spending made on an ask has to be met."""
    ask_exercise_turns: int = 3
    """Turns a pledge to join an exercise made on an ask has to be met."""
    ask_exercise_doctrine: float = 45.0
    """Doctrine alignment below which an AI asks a military partner to exercise with it."""
    ask_rival_trust: float = 30.0
    """Trust below which an AI holds a nation for a rival, and asks partners to drop it."""
    ask_aid_stability: float = 40.0
    """Stability below which a nation counts as hit by a disaster and asks for aid."""
    ask_aid_amount: float = 4.0
    """Budget an ask for aid after a disaster wants, paid at once."""
    ask_weight_defence: float = 4.0
    """Utility of asking an ally to raise defence spending, per unit of need (threat felt
    over `ask_threat_felt`, times how far the ally's military falls short)."""
    ask_weight_exercise: float = 5.0
    """Utility of asking an ally to exercise, per unit of doctrine gap below the bar."""
    ask_weight_drop: float = 8.0
    """Utility of asking a partner to drop a rival, per unit of distrust below the bar."""
    ask_weight_aid: float = 8.0
    """Utility of asking for aid after a disaster, per unit of stability below the bar."""
    ask_refused_trust: float = 5.0
    """Trust the asker loses in a nation that refuses its ask (or lets it lapse)."""
    ask_refused_reputation: float = 1.0
    """Reputation a nation loses for each refused ask."""
    ask_drop_value: float = 8.0
    """Ledger points an agreement is worth to a nation asked to leave it (plus trust)."""
    ask_undeliverable: float = 12.0
    """Ledger points against a pledge the nation asked could not deliver in time (times the
    share it could not: its credibility, as a proposal's terms are believed)."""
    request_budget_weight: float = 0.8
    """Ledger points per budget point an ask or call costs the one who answers it."""
    request_capital_weight: float = 3.0
    """Ledger points per diplomatic capital an ask or call costs."""
    request_approval_weight: float = 1.5
    """Ledger points per approval point an ask or call costs."""
    request_refusal_weight: float = 0.5
    """How much of what refusing costs (trust and reputation) counts for accepting."""
    # calls to honour a pact
    call_threat_step: float = 10.0
    """A threat escalates when its level enters a new band of this width; allies are called."""
    call_show_level: float = 45.0
    """Threat level from which an escalation calls for a show of force (a joint statement
    below it)."""
    call_sanctions_level: float = 65.0
    """Threat level from which an escalation calls for sanctions on the threat's source."""
    call_calm_tension: float = 80.0
    """World tension from which allies call only for statements: no one wants the show of
    force or the sanctions that tip the region into crisis."""
    call_max_allies: int = 3
    """Allies a member calls on at once: those it trusts most."""
    call_show_capital: int = 1
    """Diplomatic capital a show of force costs the ally who answers."""
    call_show_budget: float = 4.0
    """Budget a show of force costs the ally who answers."""
    call_show_tension: float = 4.0
    """Tension a show of force adds between the ally and the threat's source."""
    call_sanctions_capital: int = 1
    """Diplomatic capital sanctions cost the ally who answers."""
    call_sanctions_approval: float = 2.0
    """Approval sanctions cost the ally who answers (business at home pays)."""
    call_aid_budget: float = 4.0
    """Budget aid on a call costs the ally, paid to the member called for."""
    call_statement_capital: int = 1
    """Diplomatic capital a joint statement costs the ally who answers."""
    call_answered_trust: float = 6.0
    """Trust the member called for gains in an ally that answers."""
    call_answered_interop: float = 2.0
    """Doctrine and communications gained between the member and an ally that answers."""
    call_refused_trust: float = 10.0
    """Trust the member called for loses in an ally that refuses (or lets the call lapse)."""
    call_refused_member_trust: float = 4.0
    """Trust every other member of the agreement loses in an ally that refuses."""
    call_refused_reputation: float = 6.0
    """Reputation an ally loses for refusing a call to honour a pact."""
    call_pact_weight: float = 6.0
    """Ledger points a pact's word is worth to an ally weighing a call."""
    # alliances that can break
    stay_leave_threshold: float = -8.0
    """A member whose stay ledger falls below this walks out when it re-judges an agreement."""
    stay_warn_margin: float = 5.0
    """The player is warned when a partner's stay ledger is within this of the threshold."""
    stay_leaving_cost: float = 4.0
    """Ledger points for staying: walking out costs face and the ties built."""
    leave_partner_trust: float = 8.0
    """Trust each remaining member loses in a nation that walks out of an agreement."""
    stay_interop_par: float = 30.0
    """Interoperability with partners above which a military agreement is worth more."""
    # Overrides of declared tunables (see TUNABLES), sorted by name.
    tuned: tuple[tuple[str, float], ...] = field(default=(), repr=False)

    def __init__(self, **numbers: Any) -> None:
        unknown = numbers.keys() - _INIT_NAMES
        if unknown:
            raise TypeError(f"Rules() got unknown rule numbers: {', '.join(sorted(unknown))}")
        for name, value in numbers.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _ORDER)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__ or not isinstance(other, Rules):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        """Only the numbers that differ from their defaults: the rest would fill a screen."""
        changed = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != f.default
        ]
        return f"{type(self).__name__}({', '.join(changed)})"

    def number(self, name: str) -> Any:
        """Any rule number by name: a field, or a declared tunable (overridden or default)."""
        cache = self.__dict__.get("_numbers")
        if cache is None:
            # Frozen, so the cache goes straight into the instance dict (never compared).
            cache = self.__dict__["_numbers"] = {}
        value = cache.get(name)
        if value is None:
            value = cache[name] = self._number(name)
        return value

    def memo(self, key: Any, make: Callable[[], Any]) -> Any:
        """A value computed once from these rules (costs and the like), kept with them."""
        cache = self.__dict__.get("_memo")
        if cache is None:
            cache = self.__dict__["_memo"] = {}
        if key not in cache:
            cache[key] = make()
        return cache[key]

    def _number(self, name: str) -> Any:
        if name in TUNABLES:
            for k, v in self.tuned:
                if k == name:
                    return v
            return TUNABLES[name].default
        if name == "tuned" or name not in _FIELD_NAMES:
            raise KeyError(name)
        return getattr(self, name)

    def with_overrides(self, overrides: dict[str, Any]) -> Rules:
        """A copy with some numbers replaced; unknown names raise KeyError."""
        unknown = sorted(set(overrides) - rule_names())
        if unknown:
            raise KeyError(", ".join(unknown))
        fixed: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v
            for k, v in overrides.items()
            if k not in TUNABLES
        }
        tuned = dict(self.tuned)
        tuned.update((k, v) for k, v in overrides.items() if k in TUNABLES)
        fixed["tuned"] = tuple(sorted(tuned.items()))
        return dataclasses.replace(self, **fixed)


_ORDER = tuple(f.name for f in dataclasses.fields(Rules))
_INIT_NAMES = frozenset(_ORDER)
_FIELD_NAMES = _INIT_NAMES - {"tuned"}


def rule_names() -> frozenset[str]:
    """Every name a level's `rules:` may set."""
    return _FIELD_NAMES | frozenset(TUNABLES)


def rule_fields() -> list[tuple[str, str, Any]]:
    """(name, type, default) of every rule number, for the designer's manual."""
    out = []
    for f in dataclasses.fields(Rules):
        if f.name != "tuned":
            out.append((f.name, str(f.type), f.default))
    for name, t in sorted(TUNABLES.items()):
        out.append((name, "int" if isinstance(t.default, int) else "float", t.default))
    return out


DEFAULT_RULES = Rules()
