"""The one function that judges a proposal and explains itself with a ledger."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from game.core import derived
from game.core.defs import AgreementKindDef, LevelDef
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
    r = level.rules
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
        add(
            f"offered: {term} {amount}" if term != "exercise" else "offered: joint exercise",
            values.get(term, 0.0) * (amount if term in ("aid", "defence") else 1),
        )
    total = round(sum(v for _, v in factors), 1)
    return Verdict(tuple(factors), total, 0.0, lambda: _flip(level, total, trust, pers.trust, kdef))


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
