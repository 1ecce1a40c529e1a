"""Confidence-building and transparency: repairs low trust at any level, calms tension."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from game.core import derived
from game.core.actions.base import ActionDef, AiSlot, Fx, anyone, declare, fx
from game.core.commands import Command
from game.core.context import Ctx


@dataclass(frozen=True)
class BuildConfidence(Command):
    target: str


def _effects(ctx: Ctx, cmd: BuildConfidence) -> list[Fx]:
    s, r = ctx.state, ctx.rules
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    out = [
        fx("trust", **{"from": cmd.target, "to": cmd.actor, "by": r.confidence_gain}, both=False)
    ]
    partners = derived.partner_matrix(s)[j].copy()
    partners[i] = False
    for k in np.flatnonzero(partners).tolist():
        out.append(
            fx(
                "trust",
                **{"from": s.ids[k], "to": cmd.actor, "by": r.confidence_partner_gain},
                both=False,
            )
        )
    out.append(fx("tension", a=cmd.actor, b=cmd.target, by=-r.confidence_tension_cut))
    return out


def _then(ctx: Ctx, cmd: BuildConfidence) -> None:
    ctx.out(
        "ConfidenceBuilt",
        f"{ctx.name(cmd.actor)} opened its books to {ctx.name(cmd.target)} (transparency).",
        cmd.actor,
        cmd.target,
    )


def _variants(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    return (BuildConfidence(actor, target),)


CONFIDENCE = declare(
    ActionDef(
        BuildConfidence,
        id="confidence",
        label="Confidence-building measures",
        summary="Open your books: their trust in you rises (their partners' a little too) and "
        "tension between you eases; works at any level of trust.",
        scope="pair",
        order=20,
        capital=1,
        effects=_effects,
        then=_then,
        variants=_variants,
        legal=anyone,
        ai=(AiSlot("confidence", "repair low trust"),),
        facts={"ConfidenceBuilt": 1},
    )
)
