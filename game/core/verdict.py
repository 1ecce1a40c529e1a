"""The one function that judges a proposal and explains itself with a ledger."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from game.core import derived
from game.core.defs import AgreementKindDef, LevelDef
from game.core.difficulty import rules_for
from game.core.promises import DEFENCE_PLEDGE_TURNS, track_record
from game.core.state import GameState


@dataclass(frozen=True)
class Verdict:
    """Every factor of a decision, its total against the threshold, and how to flip it."""

    factors: tuple[tuple[str, float], ...]
    total: float
    threshold: float
    # What would flip the decision is worded only when asked for (the AI never asks).
    hint: Callable[[], str] = field(compare=False, repr=False)

    @cached_property
    def flip(self) -> str:
        """The smallest changes that would turn a "no" into a "yes" (or the margin of a "yes")."""
        return self.hint()

    @property
    def accepted(self) -> bool:
        return self.total >= self.threshold

    def lines(self) -> list[str]:
        return [f"{name} {value:+.1f}" for name, value in self.factors]


def term_values(level: LevelDef) -> dict[str, float]:
    r = level.rules
    return {
        "aid": r.term_aid,
        "defence": r.term_defence,
        "exercise": r.term_exercise,
        "concession": r.term_concession,
    }


def credibility(level: LevelDef, state: GameState, proposer: str, term: str, amount: int) -> float:
    """How far a promised term is believed, from 0 to 1: the proposer's record of kept and
    broken promises, times whether it can deliver — for a defence pledge, the military its
    budget (now and the income until the pledge is due) and its capital could buy; for a
    joint exercise, a budget for the smallest one. Aid and concessions are paid at once."""
    if term not in ("defence", "exercise"):
        return 1.0
    r = rules_for(level, state.difficulty)
    i = state.idx(proposer)
    believed = track_record(state, proposer)
    budget = float(state.budget[i])
    if term == "defence" and amount > 0:
        turns = DEFENCE_PLEDGE_TURNS
        funds = budget + turns * float(state.economy[i]) * r.budget_per_economy
        buys = funds / max(r.invest_defence_cost, 1e-9)
        per_capital = max(1, int(r.number("invest_defence_capital")))
        capital = (int(state.capital[i]) + turns * r.capital_per_turn) // per_capital
        believed *= min(1.0, min(buys, capital) * r.invest_defence_gain / amount)
    elif term == "exercise" and budget < r.exercise_budget[0]:
        believed *= 0.5
    return round(believed, 2)


def judge(
    level: LevelDef,
    state: GameState,
    proposer: str,
    responder: str,
    kind: str,
    terms: tuple[tuple[str, int], ...] = (),
    aff: float | None = None,
    shared: bool | None = None,
    joining: bool = False,
) -> Verdict:
    """How `responder` weighs an agreement of `kind` with `proposer` offering `terms`.

    `joining`: `responder` is already a member and weighs letting `proposer` in; the kind's
    ask and its own commitments are not in question, only the newcomer.
    """
    r = rules_for(level, state.difficulty)
    p, q = state.idx(proposer), state.idx(responder)
    kdef = level.kind(kind)
    pers = level.personality(level.nations[q].personality)
    trust = float(state.trust[q, p])
    if aff is None:
        aff = float(derived.affinity(level, state)[q, p])
    factors: list[tuple[str, float]] = []

    def add(name: str, value: float) -> None:
        if abs(value) >= 0.05:
            factors.append((name, round(value, 1)))

    add("trust", (trust - r.trust_neutral) * r.verdict_trust * pers.trust)
    add("shared values", aff * r.verdict_affinity * pers.affinity)
    if shared is None:
        shared = bool(derived.shared_threat(level, state)[q, p])
    if shared:
        add("shared threat", r.verdict_shared_threat * pers.security)
    add("grievance", float(state.grievance[q, p]) * r.verdict_grievance)
    add("reputation", (float(state.reputation[p]) - 50.0) * r.verdict_reputation)
    if 0 <= int(state.next_election[q]) - state.turn <= 2:
        add("election soon", r.verdict_election_soon * pers.domestic)
    if not joining:
        add(f"{kdef.name.lower()} is a big ask" if kdef.ask > 0 else kdef.name.lower(), -kdef.ask)
    refused = state.refusals.get(f"{proposer}>{responder}")
    if refused is not None and state.turn - refused < r.proposal_cooldown:
        add("asked again too soon", r.verdict_asked_again)
    if trust < kdef.min_trust:
        add("not enough trust for this", (kdef.min_trust - trust) * r.verdict_below_min_trust)
    if not joining:
        carried = state.agreement_count(responder)
        add("commitments already carried", min(carried, 8) * r.verdict_commitment)
    add("tension between us", float(state.tension[q, p]) * r.verdict_tension_with_partner)
    if kdef.military:
        io = (
            r.interop_weight_equipment * float(state.equipment[q, p])
            + r.interop_weight_doctrine * float(state.doctrine[q, p])
            + r.interop_weight_communications * float(state.communications[q, p])
        )
        add("interoperability", (io - 30.0) * r.verdict_interop * pers.security)
    values = term_values(level)
    for term, amount in terms:
        label = f"offered: {term} {amount}" if term != "exercise" else "offered: joint exercise"
        value = values.get(term, 0.0) * (amount if term in ("aid", "defence") else 1)
        believed = credibility(level, state, proposer, term, amount)
        if believed < 1.0:
            label += f" (believed {believed:.0%})"
        add(label, value * believed)
    total = round(sum(v for _, v in factors), 1)
    # The game's difficulty sets how high a ledger the player's own proposals must reach.
    bar = float(r.verdict_player_margin) if proposer == level.player and not joining else 0.0
    return Verdict(
        tuple(factors), total, bar, lambda: _flip(level, total - bar, trust, pers.trust, kdef)
    )


def _flip(
    level: LevelDef, total: float, trust: float, trust_weight: float, kdef: AgreementKindDef
) -> str:
    """The smallest changes that would turn a "no" into a "yes" (or the margin of a "yes")."""
    r = level.rules
    if total >= 0:
        return f"accepted with {total:.1f} to spare"
    deficit = -total
    hints = []
    if r.term_aid > 0:
        hints.append(f"offer {math.ceil(deficit / r.term_aid - 1e-9)} more aid")

    def trust_part(t: float) -> float:
        below = max(0.0, kdef.min_trust - t) * r.verdict_below_min_trust
        return (t - r.trust_neutral) * r.verdict_trust * trust_weight + below

    for dt in range(1, int(100 - trust) + 1):
        if trust_part(trust + dt) - trust_part(trust) >= deficit - 1e-9:
            hints.append(f"raise their trust by {dt}")
            break
    if deficit <= r.term_concession:
        hints.append("add a trade concession")
    return "would flip with: " + " or ".join(hints)
