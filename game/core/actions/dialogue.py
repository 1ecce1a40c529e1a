"""Dialogue and summits: trust both ways, shrinking as trust rises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.core.actions.base import ActionDef, AiSlot, Fx, anyone, declare, fx, gain
from game.core.commands import Command
from game.core.context import Ctx


@dataclass(frozen=True)
class HoldDialogue(Command):
    target: str


def _effects(ctx: Ctx, cmd: HoldDialogue) -> list[Fx]:
    s, r = ctx.state, ctx.rules
    out = []
    for a, b in ((cmd.actor, cmd.target), (cmd.target, cmd.actor)):
        by = gain(float(s.trust[s.idx(a), s.idx(b)]), r.dialogue_gain, r.dialogue_saturation)
        out.append(fx("trust", **{"from": a, "to": b, "by": by}, both=False))
    return out


def _then(ctx: Ctx, cmd: HoldDialogue) -> None:
    ctx.out(
        "DialogueHeld",
        f"{ctx.name(cmd.actor)} held a summit with {ctx.name(cmd.target)}.",
        cmd.actor,
        cmd.target,
    )


def _variants(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    return (HoldDialogue(actor, target),)


DIALOGUE = declare(
    ActionDef(
        HoldDialogue,
        id="dialogue",
        label="Hold a dialogue / summit",
        summary="Talks at the top: trust rises both ways, less so the higher it already is.",
        scope="pair",
        order=10,
        capital=1,
        effects=_effects,
        then=_then,
        variants=_variants,
        legal=anyone,
        ai=(AiSlot("dialogue", "build trust with a like-minded nation"),),
        facts={"DialogueHeld": 1},
    )
)
