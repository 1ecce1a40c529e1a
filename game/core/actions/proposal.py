"""Proposals: an agreement of a kind, with terms, judged by the other side's ledger."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core import derived
from game.core.actions.base import ActionDef, AiSlot, declare
from game.core.actions.economy import concede
from game.core.commands import TERM_KINDS, Command
from game.core.context import Ctx
from game.core.effects import sign
from game.core.events import fire_hook
from game.core.phrasing import Line, article
from game.core.promises import make_promise, note_progress
from game.core.state import PendingOffer, qf
from game.core.verdict import judge


@dataclass(frozen=True)
class ProposeAgreement(Command):
    target: str
    kind: str
    terms: tuple[tuple[str, int], ...] = ()


def _check(ctx: Ctx, cmd: ProposeAgreement, reasons: list[str]) -> None:
    s = ctx.state
    kinds = [k.id for k in ctx.level.agreement_kinds]
    if cmd.kind not in kinds:
        reasons.append(f"unknown agreement kind {cmd.kind!r}")
        return
    if s.has_agreement(cmd.actor, cmd.target, cmd.kind):
        reasons.append(f"already together in an agreement: {ctx.level.kind(cmd.kind).name}")
    for term, amount in cmd.terms:
        if term not in TERM_KINDS:
            reasons.append(f"unknown term {term!r}")
        elif amount < 0 or amount > 20:
            reasons.append(f"term {term} amount must be 0–20")
    aid = sum(a for t, a in cmd.terms if t == "aid")
    if aid > s.budget[s.idx(cmd.actor)] + 1e-9:
        reasons.append(f"offered aid of {aid} exceeds your budget")
    if any(o.proposer == cmd.actor and o.responder == cmd.target for o in s.offers):
        reasons.append("a proposal to them is already waiting for an answer")


def _then(ctx: Ctx, cmd: ProposeAgreement) -> None:
    s = ctx.state
    if cmd.target == ctx.player and cmd.actor != ctx.player:
        kname = ctx.level.kind(cmd.kind).name
        s.offers.append(
            PendingOffer(
                s.new_key(), cmd.actor, cmd.target, cmd.kind, [list(t) for t in cmd.terms], s.turn
            )
        )
        ctx.out(
            "ProposalReceived",
            f"{ctx.name(cmd.actor)} proposes {article(kname.lower())}.",
            cmd.actor,
            cmd.target,
        )
        return
    verdict = judge(ctx.level, s, cmd.actor, cmd.target, cmd.kind, cmd.terms)
    conclude(
        ctx,
        cmd.actor,
        cmd.target,
        cmd.kind,
        cmd.terms,
        verdict.accepted,
        f"(ledger {verdict.total:+.1f})",
    )


def conclude(
    ctx: Ctx,
    proposer: str,
    responder: str,
    kind: str,
    terms: tuple[tuple[str, int], ...],
    accepted: bool,
    why: str,
) -> None:
    """Sign an agreement that was accepted and carry out its terms, or record the refusal."""
    s = ctx.state
    name = ctx.level.kind(kind).name
    if not accepted:
        ctx.out(
            "ProposalDeclined",
            f"{ctx.name(responder)} declined a proposal from {ctx.name(proposer)}: "
            f"{name}{f' {why}' if why else ''}.",
            proposer,
            responder,
        )
        fire_hook(ctx, "proposal_declined", proposer, responder)
        return
    sign(ctx, kind, proposer, responder, [list(t) for t in terms])
    p = s.idx(proposer)
    for term, amount in terms:
        if term == "aid" and s.budget[p] >= amount:
            s.budget[p] = qf(s.budget[p] - amount)
            s.budget[s.idx(responder)] = qf(s.budget[s.idx(responder)] + amount)
            note_progress(ctx, proposer, responder, "aid", amount)
        elif term == "defence":
            make_promise(ctx, proposer, responder, "defence", amount, 4)
        elif term == "exercise":
            make_promise(ctx, proposer, responder, "exercise", 0, max(2, amount or 4))
        elif term == "concession":
            concede(ctx, proposer, responder, quiet=True)


def _notes(ctx: Ctx, cmd: ProposeAgreement) -> list[Line]:
    kname = ctx.level.kind(cmd.kind).name.lower()
    if cmd.target == ctx.player:
        return [Line(f"You are offered {article(kname)}", 0)]
    v = judge(ctx.level, ctx.state, cmd.actor, cmd.target, cmd.kind, cmd.terms)
    verb = "would accept" if v.accepted else "would refuse"
    lines = [
        Line(
            f"{ctx.name(cmd.target)} {verb} {article(kname)} (ledger {v.total:+.1f})",
            1 if v.accepted else -1,
        )
    ]
    for term, amount in cmd.terms:
        if term == "defence":
            lines.append(Line(f"You promise defence spending +{amount} within 4 turns", 0))
        elif term == "exercise":
            lines.append(Line(f"You promise a joint exercise within {max(2, amount or 4)} turns"))
        elif term == "aid":
            lines.append(Line(f"You pay {amount} in aid when they sign", 0))
        elif term == "concession":
            lines.append(Line("You open your market to them when they sign (approval at home)", 0))
    return lines


def _variants(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    return tuple(ProposeAgreement(actor, target, k.id) for k in ctx.level.agreement_kinds)


def _legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    s = ctx.state
    ok = ~derived.partner_matrix(s, str(kw["kind"]))[rows]
    for o in s.offers:
        r = np.flatnonzero(rows == s.idx(o.proposer))
        if len(r):
            ok[r, s.idx(o.responder)] = False
    return np.asarray(ok, dtype=np.bool_)


PROPOSAL = declare(
    ActionDef(
        ProposeAgreement,
        id="proposal",
        label="Propose an agreement",
        summary="Offer an agreement of a kind, with terms; they weigh it with the ledger you see "
        "before sending, and sign or refuse.",
        scope="pair",
        order=30,
        check=_check,
        then=_then,
        notes=_notes,
        variants=_variants,
        name=lambda ctx, cmd: f"Propose {article(ctx.level.kind(cmd.kind).name.lower())}",
        legal=_legal,
        ai=(AiSlot("propose", "seek {kind}", {"kind": "*"}),),
        facts={"ProposalReceived": 0, "ProposalDeclined": -1},
    )
)
