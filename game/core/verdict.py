"""The one function that judges a proposal and explains itself with a ledger."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from game.core import derived
from game.core.defs import AgreementKindDef, LevelDef
from game.core.difficulty import rules_for
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
        add(
            f"offered: {term} {amount}" if term != "exercise" else "offered: joint exercise",
            values.get(term, 0.0) * (amount if term in ("aid", "defence") else 1),
        )
    total = round(sum(v for _, v in factors), 1)
    # The game's difficulty sets how high a ledger the player's own proposals must reach.
    bar = float(r.verdict_player_margin) if proposer == level.player and not joining else 0.0
    return Verdict(
        tuple(factors), total, bar, lambda: _flip(level, total - bar, trust, pers.trust, kdef)
    )


def joining_totals(
    level: LevelDef, state: GameState, newcomer: str, members: Sequence[str], kind: str
) -> np.ndarray:
    """`judge(level, state, newcomer, m, kind, joining=True).total` for every m of `members`.

    The same ledger for all members at once, over the pairwise arrays: each factor in the
    same arithmetic as `judge`, rounded to tenths as `round` rounds it, so the totals are
    `judge`'s to the last bit.
    """
    r = rules_for(level, state.difficulty)
    p = state.idx(newcomer)
    index = state.index
    q = np.fromiter((index[m] for m in members), dtype=np.int64, count=len(members))
    kdef = level.kind(kind)
    w = level.personality_weights[q].T
    trust = state.trust[q, p]
    f = np.zeros((10, len(q)))
    f[0] = (trust - r.trust_neutral) * r.verdict_trust * w[0]
    f[1] = derived.affinity(level, state)[q, p] * r.verdict_affinity * w[1]
    f[2] = derived.shared_threat(level, state)[q, p] * (r.verdict_shared_threat * w[2])
    f[3] = state.grievance[q, p] * r.verdict_grievance
    f[4] = (float(state.reputation[p]) - 50.0) * r.verdict_reputation
    soon = state.next_election[q] - state.turn
    f[5] = ((soon >= 0) & (soon <= 2)) * (r.verdict_election_soon * w[4])
    f[6] = _asked_too_soon(state, newcomer, members, r.proposal_cooldown) * r.verdict_asked_again
    f[7] = (trust < kdef.min_trust) * ((kdef.min_trust - trust) * r.verdict_below_min_trust)
    f[8] = state.tension[q, p] * r.verdict_tension_with_partner
    if kdef.military:
        io = (
            r.interop_weight_equipment * state.equipment[q, p]
            + r.interop_weight_doctrine * state.doctrine[q, p]
            + r.interop_weight_communications * state.communications[q, p]
        )
        f[9] = (io - 30.0) * r.verdict_interop * w[2]
    # Sums of tenths are whole numbers of tenths: adding them is exact in any order.
    return np.asarray(_tenths(f).sum(axis=0) / 10.0)


def _asked_too_soon(
    state: GameState, proposer: str, responders: Sequence[str], cooldown: int
) -> np.ndarray:
    """Whether each responder refused `proposer` less than `cooldown` turns ago."""
    refusals, turn = state.refusals, state.turn
    out = np.zeros(len(responders), dtype=np.bool_)
    if refusals:
        for k, nation in enumerate(responders):
            refused = refusals.get(f"{proposer}>{nation}")
            out[k] = refused is not None and turn - refused < cooldown
    return out


def _tenths(values: np.ndarray) -> np.ndarray:
    """Each value rounded to tenths as `round(value, 1)` rounds it, times ten.

    `round` rounds the exact binary value (halves to even); `rint` of ten times it agrees
    except within a hair of a half, where ten times the value is itself rounded: those
    few values are rounded by `round`.
    """
    ten = values * 10.0
    out = np.rint(ten)
    for i, j in zip(*np.nonzero(np.abs(ten - out) > 0.499), strict=True):
        out[i, j] = round(round(float(values[i, j]), 1) * 10.0)
    return out


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
