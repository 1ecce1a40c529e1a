"""Mediation: settle a dispute between two other nations; both come to trust you more."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core.actions.base import ActionDef, AiSlot, Fx, declare, fx
from game.core.commands import Command
from game.core.context import Ctx


@dataclass(frozen=True)
class Mediate(Command):
    target: str
    other: str


def partner_in_dispute(ctx: Ctx, actor: str, target: str) -> str | None:
    """The nation `target` has most to settle with (grievance + tension), `actor` aside."""
    s = ctx.state
    j = s.idx(target)
    best, best_v = None, -1.0
    for k, nid in enumerate(s.ids):
        if nid in (target, actor):
            continue
        v = float(s.grievance[j, k] + s.tension[j, k])
        if v > best_v:
            best, best_v = nid, v
    return best


def _check(ctx: Ctx, cmd: Mediate, reasons: list[str]) -> None:
    s, r = ctx.state, ctx.rules
    if cmd.other not in s.index:
        reasons.append(f"unknown second nation {cmd.other!r}")
        return
    if cmd.other in (cmd.actor, cmd.target):
        reasons.append("mediation needs two other nations")
        return
    i, j, k = s.idx(cmd.actor), s.idx(cmd.target), s.idx(cmd.other)
    if min(s.trust[j, i], s.trust[k, i]) < r.mediation_min_trust:
        reasons.append(f"both sides must trust you ≥ {r.mediation_min_trust:g}")
    if s.grievance[j, k] + s.tension[j, k] < 5:
        reasons.append("they have nothing to mediate")


def _legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    """`check` for every (actor of `rows`, target), with the other side `partner_in_dispute`
    picks: the target's worst quarrel, or its second worst when that is with the actor."""
    s, r = ctx.state, ctx.rules
    n = s.n
    if n < 3:
        return np.zeros((len(rows), n), dtype=np.bool_)
    quarrel = s.grievance + s.tension
    ranked = quarrel.copy()
    every = np.arange(n)
    ranked[every, every] = -np.inf
    first = np.argmax(ranked, axis=1)  # the first of equal maxima, as the variant's loop
    ranked[every, first] = -np.inf
    second = np.argmax(ranked, axis=1)
    other = np.where(first[None, :] == rows[:, None], second[None, :], first[None, :])
    targets = every[None, :]
    trusted = s.trust[targets, rows[:, None]] >= r.mediation_min_trust
    trusted &= s.trust[other, rows[:, None]] >= r.mediation_min_trust
    disputed = quarrel[targets, other] >= 5
    return np.asarray(trusted & disputed & (targets != rows[:, None]), dtype=np.bool_)


def _effects(ctx: Ctx, cmd: Mediate) -> list[Fx]:
    r = ctx.rules
    out = [
        fx("grievance", **{"from": cmd.target, "to": cmd.other, "by": -r.mediation_grievance_cut}),
        fx("tension", a=cmd.target, b=cmd.other, by=-r.mediation_tension_cut),
    ]
    for a in (cmd.target, cmd.other):
        out.append(fx("trust", **{"from": a, "to": cmd.actor, "by": 2.0}, both=False))
    out.append(fx("reputation", nation=cmd.actor, by=2.0))
    return out


def _then(ctx: Ctx, cmd: Mediate) -> None:
    ctx.out(
        "MediationHeld",
        f"{ctx.name(cmd.actor)} mediated between {ctx.name(cmd.target)} and {ctx.name(cmd.other)}.",
        cmd.actor,
        cmd.target,
        cmd.other,
    )


def _variants(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    other = partner_in_dispute(ctx, actor, target)
    return () if other is None else (Mediate(actor, target, other),)


MEDIATION = declare(
    ActionDef(
        Mediate,
        id="mediation",
        label="Mediate",
        summary="Broker talks between them and the nation they quarrel with most: grievance and "
        "tension between them fall, both trust you more, your reputation rises.",
        scope="pair",
        order=90,
        capital=2,
        check=_check,
        effects=_effects,
        then=_then,
        variants=_variants,
        name=lambda ctx, cmd: f"Mediate with {ctx.name(cmd.other)}",
        legal=_legal,
        ai=(AiSlot("mediate", "settle a quarrel and win both sides' trust"),),
        facts={"MediationHeld": 1},
    )
)
