"""Aid and trade concessions: money and markets for goodwill, at a price at home."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core.actions.base import ActionDef, AiSlot, Cost, Fx, anyone, declare, fx
from game.core.commands import Command
from game.core.context import Ctx
from game.core.effects import apply_effects
from game.core.promises import note_progress
from game.core.rules import Rules

AID_SIZES = (2, 5, 10)


@dataclass(frozen=True)
class GiveAid(Command):
    target: str
    amount: int = 2


@dataclass(frozen=True)
class OfferTradeConcession(Command):
    target: str


def _aid_effects(ctx: Ctx, cmd: GiveAid) -> list[Fx]:
    r = ctx.rules
    return [
        fx("budget", nation=cmd.target, by=cmd.amount),
        fx(
            "trust",
            **{
                "from": cmd.target,
                "to": cmd.actor,
                "by": r.aid_trust_per_budget * cmd.amount**0.5 * 2,
            },
            both=False,
        ),
        fx("approval", nation=cmd.target, by=r.aid_approval_per_budget * cmd.amount),
    ]


def _aid_then(ctx: Ctx, cmd: GiveAid) -> None:
    note_progress(ctx, cmd.actor, cmd.target, "aid", cmd.amount)
    ctx.out(
        "AidGiven",
        f"{ctx.name(cmd.actor)} gave {cmd.amount} in aid to {ctx.name(cmd.target)}.",
        cmd.actor,
        cmd.target,
    )


def _aid_check(ctx: Ctx, cmd: GiveAid, reasons: list[str]) -> None:
    if not 1 <= cmd.amount <= 20:
        reasons.append("aid must be 1–20")


def _aid_price(rules: Rules, cmd: GiveAid) -> Cost:
    return Cost(AID.capital_of(rules), float(max(0, cmd.amount)))


def _aid_legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    return anyone(ctx, rows, kw) & (1 <= int(kw["amount"]) <= 20)


AID = declare(
    ActionDef(
        GiveAid,
        id="aid",
        label="Give aid",
        summary="Budget to them: their trust in you and their approval rise; counts toward "
        "aid you promised.",
        scope="pair",
        order=70,
        capital=1,
        price=_aid_price,
        once_per_target=False,
        price_doc="the amount given",
        check=_aid_check,
        effects=_aid_effects,
        then=_aid_then,
        variants=lambda ctx, actor, target: tuple(GiveAid(actor, target, a) for a in AID_SIZES),
        name=lambda ctx, cmd: f"Give aid ({cmd.amount})",
        legal=_aid_legal,
        ai=(AiSlot("aid", "help a struggling friend", {"amount": 2}),),
        facts={"AidGiven": 1},
    )
)


def concede(ctx: Ctx, actor: str, target: str, quiet: bool = False) -> None:
    """`actor` opens its market to `target` (also a term of proposals, carried out quietly)."""
    cmd = OfferTradeConcession(actor, target)
    apply_effects(ctx, _concession_effects(ctx, cmd), resolved=True)
    if not quiet:
        _concession_then(ctx, cmd)


def _concession_effects(ctx: Ctx, cmd: OfferTradeConcession) -> list[Fx]:
    r = ctx.rules
    return [
        fx("trust", **{"from": cmd.target, "to": cmd.actor, "by": r.concession_trust}, both=False),
        fx("approval", nation=cmd.actor, by=-r.concession_approval_cost),
        fx("approval", nation=cmd.target, by=r.concession_approval_cost),
        fx("economy", nation=cmd.target, by=1.0),
    ]


def _concession_then(ctx: Ctx, cmd: OfferTradeConcession) -> None:
    ctx.out(
        "ConcessionMade",
        f"{ctx.name(cmd.actor)} opened its market to {ctx.name(cmd.target)}; some at home grumble.",
        cmd.actor,
        cmd.target,
    )


def _concession_variants(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    return (OfferTradeConcession(actor, target),)


CONCESSION = declare(
    ActionDef(
        OfferTradeConcession,
        id="concession",
        label="Trade concession",
        summary="Open your market to them: their trust, approval and economy rise; your "
        "approval falls.",
        scope="pair",
        order=80,
        capital=1,
        effects=_concession_effects,
        then=_concession_then,
        variants=_concession_variants,
        legal=anyone,
        ai=(AiSlot("concede", "court a like-minded nation with its market"),),
        facts={"ConcessionMade": 0},
    )
)
