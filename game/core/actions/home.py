"""Actions at home: public diplomacy for approval, and defence investment for strength."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.actions.base import ActionDef, AiSlot, Cost, Fx, declare, fx, gain
from game.core.commands import Command
from game.core.context import Ctx
from game.core.rules import Rules


@dataclass(frozen=True)
class RunPublicDiplomacy(Command):
    pass


@dataclass(frozen=True)
class InvestDefence(Command):
    pass


def _campaign(ctx: Ctx, cmd: RunPublicDiplomacy) -> list[Fx]:
    now = float(ctx.state.approval[ctx.state.idx(cmd.actor)])
    return [fx("approval", nation=cmd.actor, by=gain(now, ctx.rules.public_diplomacy_gain, 110.0))]


def _campaigned(ctx: Ctx, cmd: RunPublicDiplomacy) -> None:
    ctx.out(
        "CampaignRun",
        f"{ctx.name(cmd.actor)} campaigned at home for its foreign policy.",
        cmd.actor,
    )


PUBLIC = declare(
    ActionDef(
        RunPublicDiplomacy,
        id="public_diplomacy",
        label="Public diplomacy at home",
        summary="Campaign for your foreign policy: approval at home rises, less so the higher "
        "it already is.",
        scope="self",
        order=100,
        capital=1,
        budget=1.0,
        effects=_campaign,
        then=_campaigned,
        variants=lambda ctx, actor, target: (RunPublicDiplomacy(actor),),
        ai=(AiSlot("home", "shore up approval at home"),),
        facts={"CampaignRun": 0},
    )
)


def _invest(ctx: Ctx, cmd: InvestDefence) -> list[Fx]:
    r = ctx.rules
    return [
        fx("military", nation=cmd.actor, by=r.invest_defence_gain),
        fx("approval", nation=cmd.actor, by=-r.invest_defence_approval_cost),
    ]


def _raised(ctx: Ctx, cmd: InvestDefence) -> None:
    ctx.out("DefenceRaised", f"{ctx.name(cmd.actor)} raised defence spending.", cmd.actor)


def _invest_price(rules: Rules, cmd: InvestDefence) -> Cost:
    return Cost(INVEST.capital_of(rules), rules.invest_defence_cost)


INVEST = declare(
    ActionDef(
        InvestDefence,
        id="invest_defence",
        label="Invest in defence",
        summary="Spend budget on the armed forces: military strength rises (this keeps defence "
        "promises); approval dips.",
        scope="self",
        order=110,
        price=_invest_price,
        price_doc="`invest_defence_cost`",
        effects=_invest,
        then=_raised,
        variants=lambda ctx, actor, target: (InvestDefence(actor),),
        ai=(AiSlot("arm", "answer the threat"),),
        facts={"DefenceRaised": 0},
    )
)
