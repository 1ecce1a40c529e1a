"""Proposals: an agreement of a kind, with terms, judged by the other side's ledger."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core import derived
from game.core.actions.base import ActionDef, AiSlot, check_mutual_trust, declare
from game.core.actions.economy import concede
from game.core.actions.exercise import HoldExercise
from game.core.actions.home import INVEST, InvestDefence
from game.core.commands import TERM_KINDS, Command
from game.core.context import Ctx
from game.core.effects import first_objection, host_of, sign_with_consent
from game.core.events import fire_hook
from game.core.ladder import missing_rungs, rung_mask
from game.core.phrasing import Line, agreement, an_agreement, listing, plural, possessive, signed
from game.core.promises import DEFENCE_PLEDGE_TURNS, make_promise, note_progress
from game.core.state import PendingOffer, qf
from game.core.verdict import (
    COMMITMENTS_COUNTED,
    Verdict,
    counter_terms,
    describe_terms,
    judge,
    price_of,
)


@dataclass(frozen=True)
class ProposeAgreement(Command):
    target: str
    kind: str
    terms: tuple[tuple[str, int], ...] = ()


def _check(ctx: Ctx, cmd: ProposeAgreement, reasons: list[str]) -> None:
    s = ctx.state
    try:
        kind = ctx.level.kind(cmd.kind)
    except (KeyError, TypeError):  # TypeError: not a name at all
        reasons.append(f"unknown agreement kind {cmd.kind!r}")
        return
    together = s.has_agreement(cmd.actor, cmd.target, cmd.kind)
    if together:
        reasons.append(f"already together in an agreement: {kind.name}")
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
    terms = [t for t, _ in cmd.terms]
    if len(set(terms)) != len(terms):
        reasons.append("each term can be offered once")
    if not together:  # the way to an agreement they already have is no reason
        reasons += missing_rungs(ctx.level, s, cmd.actor, cmd.target, cmd.kind)


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
            f"{ctx.name(cmd.actor)} proposes {an_agreement(kname)}.",
            cmd.actor,
            cmd.target,
        )
        return
    # A new proposal to a nation replaces the counter-offer it made to the last one.
    s.offers = [
        o
        for o in s.offers
        if not (o.counter and (o.proposer, o.responder) == (cmd.target, cmd.actor))
    ]
    verdict = judge(ctx.level, s, cmd.actor, cmd.target, cmd.kind, cmd.terms)
    ctx.last_ledger = verdict.factors
    if not verdict.accepted:
        extra = counter_terms(ctx.level, s, cmd.actor, cmd.target, cmd.kind, cmd.terms, verdict)
        if extra is not None and _counter(ctx, cmd, verdict, extra):
            return
    why = "" if verdict.accepted else f"({verdict.why()})"  # a refusal says why
    conclude(ctx, cmd.actor, cmd.target, cmd.kind, cmd.terms, verdict.accepted, why)


def _counter(
    ctx: Ctx, cmd: ProposeAgreement, verdict: Verdict, extra: tuple[tuple[str, int], ...]
) -> bool:
    """The responder names the terms it would sign for. The player answers the counter-offer
    later this turn; an AI proposer takes it at once when the agreement is worth the price to
    it, else the refusal stands (False)."""
    s = ctx.state
    kname = ctx.level.kind(cmd.kind).name
    terms = cmd.terms + extra
    ctx.out(
        "CounterOffered",
        f"{ctx.name(cmd.target)} would sign {an_agreement(kname)} with {ctx.name(cmd.actor)} "
        f"if it added {describe_terms(extra)} ({verdict.why()}).",
        cmd.target,
        cmd.actor,
    )
    if cmd.actor == ctx.player:
        s.offers.append(
            PendingOffer(
                s.new_key(),
                cmd.target,
                cmd.actor,
                cmd.kind,
                [list(t) for t in terms],
                s.turn,
                counter=True,
            )
        )
        return True
    if not takes_counter(ctx, cmd.actor, cmd.target, cmd.kind, extra):
        return False
    conclude(ctx, cmd.actor, cmd.target, cmd.kind, terms, True, "")
    return True


def takes_counter(
    ctx: Ctx, proposer: str, responder: str, kind: str, extra: tuple[tuple[str, int], ...]
) -> bool:
    """An AI proposer takes a counter-offer when its own ledger for the agreement (the one it
    would judge the agreement by if offered) covers the price of the terms asked, a price
    that weighs less on bolder nations."""
    s = ctx.state
    own = judge(ctx.level, s, responder, proposer, kind)
    boldness = max(0.25, float(ctx.level.personality_weights[s.idx(proposer), 3]))
    return own.total - price_of(ctx.level, s, extra) * ctx.rules.ai_counter_price / boldness >= 0


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
    s, r = ctx.state, ctx.rules
    name = ctx.level.kind(kind).name
    if not accepted:
        ctx.out(
            "ProposalDeclined",
            f"{ctx.name(responder)} declined a proposal from {ctx.name(proposer)}: "
            f"{name}{f' {why}' if why else ''}.",
            proposer,
            responder,
        )
        # A refusal costs the asker a little face, and asking again soon is held against it;
        # the rebuff costs the one who refused a little of the asker's trust.
        p, q = s.idx(proposer), s.idx(responder)
        s.trust[q, p] = max(0.0, float(s.trust[q, p]) - r.proposal_refused_trust)
        s.trust[p, q] = max(0.0, float(s.trust[p, q]) - r.proposal_rebuff_trust)
        s.note_refusal(proposer, responder, r.proposal_cooldown)
        fire_hook(ctx, "proposal_declined", proposer, responder)
        return
    if not sign_with_consent(ctx, kind, proposer, responder, [list(t) for t in terms]):
        return
    p = s.idx(proposer)
    for term, amount in terms:
        if term == "aid" and s.budget[p] >= amount:
            s.budget[p] = qf(s.budget[p] - amount)
            s.budget[s.idx(responder)] = qf(s.budget[s.idx(responder)] + amount)
            note_progress(ctx, proposer, responder, "aid", amount)
        elif term == "defence":
            make_promise(ctx, proposer, responder, "defence", amount, DEFENCE_PLEDGE_TURNS)
        elif term == "exercise":
            make_promise(ctx, proposer, responder, "exercise", 0, max(2, amount or 4))
        elif term == "concession":
            concede(ctx, proposer, responder, quiet=True)


def join_blocked(ctx: Ctx, proposer: str, responder: str, kind: str) -> bool:
    """What anyone can tell before proposing: the bloc being joined has the player in it and
    the player is not a party (it takes no one the player has not proposed to), or one of its
    members refused the newcomer within `proposal_cooldown`."""
    s = ctx.state
    host, newcomer = host_of(s, kind, proposer, responder)
    if host is None:
        return False
    if ctx.player in host.members and ctx.player not in (proposer, responder):
        return True
    cooldown = ctx.rules.proposal_cooldown
    return any(s.refused_recently(newcomer, m, cooldown) for m in host.members)


def _notes(ctx: Ctx, cmd: ProposeAgreement) -> list[Line]:
    kname = ctx.level.kind(cmd.kind).name
    if cmd.target == ctx.player:
        return [Line(f"You are offered {an_agreement(kname)}", 0)]
    v = judge(ctx.level, ctx.state, cmd.actor, cmd.target, cmd.kind, cmd.terms)
    verb = "would accept" if v.accepted else "would refuse"
    lines = [
        Line(
            f"{ctx.name(cmd.target)} {verb} {an_agreement(kname)} (ledger {signed(v.total, 1)})",
            1 if v.accepted else -1,
        )
    ]
    refused = refusal_line(ctx, cmd)
    lines += [refused] if refused is not None else []
    lines += term_lines(ctx, cmd)
    host, _ = host_of(ctx.state, cmd.kind, cmd.actor, cmd.target)
    if host is not None:
        lines += signing_lines(ctx, cmd.actor, cmd.target, cmd.kind)
    return lines


def signing_lines(ctx: Ctx, proposer: str, responder: str, kind: str) -> list[Line]:
    """What signing would make, in the player's words: a new agreement of the two, or one
    of them joining the other's bloc, named with its members, and whether the bloc's
    other members consent (each judges the newcomer; a bloc with the player in it takes
    only those the player proposed to)."""
    s = ctx.state
    kname = ctx.level.kind(kind).name
    host, newcomer = host_of(s, kind, proposer, responder)
    if host is None:
        pair = [ctx.name(proposer), ctx.name(responder)]
        if ctx.player in (proposer, responder):
            pair = ["You", ctx.name(responder if proposer == ctx.player else proposer)]
        return [Line(f"{pair[0]} and {pair[1]} start a new {agreement(kname)} together", 1)]
    founder = responder if newcomer == proposer else proposer
    members = [m for m in host.members if m != ctx.player]
    names = [ctx.name(m) for m in members] + (["you"] if ctx.player in host.members else [])
    size = f"{len(host.members) + 1} members with {'you' if newcomer == ctx.player else 'them'}"
    if newcomer == ctx.player:
        whose = possessive(ctx.name(founder))
        head = f"You join {whose} {agreement(kname)} ({size}: {listing(names, 4)})"
    elif founder == ctx.player:
        head = f"{ctx.name(newcomer)} joins your {agreement(kname)} ({size})"
    else:
        whose = possessive(ctx.name(founder))
        head = f"{ctx.name(newcomer)} joins {whose} {agreement(kname)} ({size})"
    lines = [Line(head, 0)]
    others = [m for m in host.members if m not in (proposer, responder)]
    if others:
        objection = first_objection(ctx, proposer, responder, kind)
        if len(others) == 1:
            asked = f"Its other member, {ctx.name(others[0])}, must agree"
            said = "it does" if objection is None else "it objects"
        else:
            asked = f"Its other {plural(len(others), 'member')} must agree"
            said = "all do" if objection is None else f"{ctx.name(objection[0])} objects"
        if objection is not None:
            said += ": it would not be signed"
        lines.append(Line(f"{asked}, and {said}", 1 if objection is None else -1))
    return lines


def membership_lines(ctx: Ctx, member: str, a: str, b: str, kind: str) -> list[Line]:
    """What `a` and `b` signing `kind` commits `member` (the player, one of them) to beyond
    its terms: allies' calls in a military agreement, whose refusal costs trust and
    reputation, and, unless the other only joins an agreement `member` is in already, one
    more commitment that every ledger of its later proposals holds against it.

    `a` and `b` are in the order the signing takes them (`sign`): `a`'s agreement of that kind
    is the one extended when both have one, and then `member` may join a second."""
    r, k = ctx.rules, ctx.level.kind(kind)
    host, _ = host_of(ctx.state, kind, a, b)
    carried_already = host is not None and member in host.members
    out = []
    if k.military:
        out.append(
            Line(
                "You may be called on when a member is threatened (a statement, a show of "
                f"force, sanctions or aid); a refusal costs the caller's trust "
                f"−{r.call_refused_trust:g}, the other members' −{r.call_refused_member_trust:g}"
                f" and your reputation −{r.call_refused_reputation:g}",
                -1,
            )
        )
    if (
        r.verdict_commitment
        and not carried_already
        and ctx.state.agreement_count(member) < COMMITMENTS_COUNTED
    ):
        out.append(
            Line(
                f"Your later proposals {signed(r.verdict_commitment)} in every nation's ledger "
                "(one more agreement carried)",
                -1,
            )
        )
    return out


def refusal_line(ctx: Ctx, cmd: ProposeAgreement) -> Line | None:
    """What the other side's refusal would cost the proposer, if they would refuse."""
    if cmd.target == ctx.player:
        return None
    v = judge(ctx.level, ctx.state, cmd.actor, cmd.target, cmd.kind, cmd.terms)
    loss = ctx.rules.proposal_refused_trust
    if v.accepted or not loss:
        return None
    return Line(f"{possessive(ctx.name(cmd.target))} trust in you −{loss:g} when they refuse", -1)


def term_lines(ctx: Ctx, cmd: ProposeAgreement) -> list[Line]:
    """What each term of a proposal commits the proposer to."""
    r = ctx.rules
    lines = []
    for term, amount in cmd.terms:
        if term == "defence":
            lines.append(
                Line(f"You promise defence spending +{amount} within {DEFENCE_PLEDGE_TURNS} turns")
            )
            steps = math.ceil(amount / r.invest_defence_gain) if r.invest_defence_gain > 0 else 0
            each = INVEST.cost_in(ctx, InvestDefence(cmd.actor))
            paid = [
                *([f"{steps * each.capital} DC"] if each.capital else []),
                *([f"{steps * each.budget:g} budget"] if each.budget else []),
                *(
                    [f"your approval −{steps * r.invest_defence_approval_cost:g}"]
                    if r.invest_defence_approval_cost
                    else []
                ),
            ]
            if steps > 0 and paid:
                what = plural(steps, "defence investment")
                lines.append(Line(f"Keeping it takes {what}: {', '.join(paid)}", -1))
        elif term == "exercise":
            lines.append(Line(f"You promise a joint exercise within {max(2, amount or 4)} turns"))
            short: list[str] = []
            drill = HoldExercise(cmd.actor, cmd.target, 0)
            check_mutual_trust(ctx, drill, r.exercise_min_trust, short)
            if short:
                lines.append(Line(f"You cannot hold one with them yet: {short[0]}", -1))
        elif term == "aid":
            lines.append(Line(f"You pay {amount} budget in aid when they sign", 0))
        elif term == "concession":
            cost = ctx.rules.concession_approval_cost
            lines.append(
                Line(f"You open your market to them when they sign: your approval −{cost:g}", -1)
            )
    return lines


def _variants(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    return tuple(ProposeAgreement(actor, target, k.id) for k in ctx.level.agreement_kinds)


def _surcharge(ctx: Ctx, cmd: ProposeAgreement) -> int:
    """Bigger asks take more of a foreign ministry's attention."""
    try:
        ask = ctx.level.kind(cmd.kind).ask
    except KeyError:
        return 0
    return int(max(0.0, ask) // ctx.rules.proposal_ask_per_capital)


def _legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    s = ctx.state
    kind = ctx.level.kind(str(kw["kind"]))
    ok = ~derived.partner_matrix(s, kind.id)[rows] & rung_mask(ctx.level, s, rows, kind)
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
        capital=1,
        surcharge=_surcharge,
        surcharge_doc="+1 for every `proposal_ask_per_capital` (6) of the kind's `ask`",
        check=_check,
        then=_then,
        notes=_notes,
        variants=_variants,
        name=lambda ctx, cmd: f"Propose {an_agreement(ctx.level.kind(cmd.kind).name)}",
        legal=_legal,
        ai=(AiSlot("propose", "seek {kind}", {"kind": "*"}),),
        facts={
            "ProposalReceived": 0,
            "ProposalDeclined": -1,
            "JoinRefused": -1,
            "CounterOffered": 0,
        },
    )
)
