"""Promises: commitments with a deadline that the rules judge kept or broken."""

from __future__ import annotations

import numpy as np

from game.core.context import Ctx
from game.core.outcomes import declare_facts
from game.core.state import PromiseState, qf

declare_facts(PromiseKept=1, PromiseBroken=-1, PromiseMade=0)

PROMISE_KINDS = {
    "exercise": "hold a joint exercise with the promisee before the deadline",
    "defence": "raise military strength by `amount` before the deadline",
    "aid": "give the promisee at least `amount` budget in aid before the deadline",
    "stay": "stay in an agreement with the promisee until the deadline",
}


def make_promise(
    ctx: Ctx, promiser: str, promisee: str, kind: str, amount: float, turns: int
) -> None:
    s = ctx.state
    baseline = float(s.military[s.idx(promiser)]) if kind == "defence" else 0.0
    s.promises.append(
        PromiseState(
            id=s.new_key(),
            promiser=promiser,
            promisee=promisee,
            kind=kind,
            amount=qf(amount),
            baseline=qf(baseline),
            made_turn=s.turn,
            deadline=s.turn + max(1, turns),
        )
    )
    ctx.out(
        "PromiseMade",
        f"{ctx.name(promiser)} promised {ctx.name(promisee)}: {_describe(kind, amount)} "
        f"within {turns} turns.",
        promiser,
        promisee,
    )


def _describe(kind: str, amount: float) -> str:
    if kind == "exercise":
        return "a joint exercise"
    if kind == "defence":
        return f"+{amount:g} military strength"
    if kind == "aid":
        return f"{amount:g} in aid"
    return "to stay in the agreement"


def note_progress(ctx: Ctx, promiser: str, promisee: str, kind: str, amount: float) -> None:
    """Record that the promiser did something toward its open promises."""
    for p in ctx.state.promises:
        mine = p.status == "open" and p.promiser == promiser and p.kind == kind
        if mine and (kind == "defence" or p.promisee == promisee):
            p.progress = qf(p.progress + amount)


def _kept(ctx: Ctx, p: PromiseState) -> bool:
    s = ctx.state
    if p.kind == "exercise":
        i, j = s.idx(p.promiser), s.idx(p.promisee)
        return bool(s.last_exercise[i, j] >= p.made_turn)
    if p.kind == "defence":
        return float(s.military[s.idx(p.promiser)]) >= p.baseline + p.amount - 1e-9
    if p.kind == "aid":
        return p.progress >= p.amount - 1e-9
    return s.has_agreement(p.promiser, p.promisee)


def settle(ctx: Ctx, p: PromiseState, kept: bool) -> None:
    """Apply the consequences of a promise kept or broken, to the promisee and every observer."""
    s, r = ctx.state, ctx.rules
    i, j = s.idx(p.promiser), s.idx(p.promisee)
    p.status = "kept" if kept else "broken"
    direct = r.promise_kept_trust if kept else r.promise_broken_trust
    watch = r.promise_kept_observer_trust if kept else r.promise_broken_observer_trust
    col = s.trust[:, i]
    observers = np.ones(s.n, dtype=bool)
    observers[[i, j]] = False
    col[observers] += watch
    col[j] += direct
    np.clip(col, 0, 100, out=col)
    s.trust[i, i] = 100.0
    rep = r.promise_kept_reputation if kept else r.promise_broken_reputation
    s.reputation[i] = min(100.0, max(0.0, s.reputation[i] + rep))
    verb = "kept" if kept else "broke"
    ctx.out(
        "PromiseKept" if kept else "PromiseBroken",
        f"{ctx.name(p.promiser)} {verb} its promise to {ctx.name(p.promisee)} "
        f"({_describe(p.kind, p.amount)}).",
        p.promiser,
        p.promisee,
    )


def resolve_promises(ctx: Ctx) -> None:
    """Phase: promises kept early are settled; promises due are judged."""
    for p in ctx.state.promises:
        if p.status != "open":
            continue
        if p.kind != "stay" and _kept(ctx, p):
            settle(ctx, p, True)
        elif ctx.state.turn >= p.deadline:
            settle(ctx, p, _kept(ctx, p))
    # Settled promises older than a few turns leave the state; the news has them.
    ctx.state.promises = [
        p for p in ctx.state.promises if p.status == "open" or ctx.state.turn - p.deadline < 4
    ]


def break_open_promises(ctx: Ctx, promiser: str, promisee: str | None = None) -> None:
    """A nation walks away: its open promises (to one nation or all) are broken now."""
    for p in ctx.state.promises:
        if p.status == "open" and p.promiser == promiser and promisee in (None, p.promisee):
            settle(ctx, p, False)
