"""Promises: commitments with a deadline that the rules judge kept or broken."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core.context import Ctx
from game.core.outcomes import declare_facts
from game.core.phrasing import plural, signed
from game.core.state import GameState, PromiseState, qf

declare_facts(PromiseKept=1, PromiseBroken=-1, PromiseMade=0)

PROMISE_KINDS = {
    "exercise": "hold a joint exercise with the promisee before the deadline",
    "defence": "raise military strength by `amount` before the deadline",
    "aid": "give the promisee at least `amount` budget in aid before the deadline",
    "stay": "stay in an agreement with the promisee until the deadline",
}


# A defence pledge is a promise of military strength due this many turns after signing.
DEFENCE_PLEDGE_TURNS = 4


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
    for p in ctx.state.promises_of(promiser):
        mine = p.status == "open" and p.kind == kind
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


def resolve_promises(ctx: Ctx) -> list[PromiseState]:
    """Phase: promises kept early are settled; promises due are judged. Returns the ones
    broken now."""
    broken = []
    for p in ctx.state.promises:
        if p.status != "open":
            continue
        if p.kind != "stay" and _kept(ctx, p):
            settle(ctx, p, True)
        elif ctx.state.turn >= p.deadline:
            settle(ctx, p, _kept(ctx, p))
            if p.status == "broken":
                broken.append(p)
    # Settled promises older than a few turns leave the state; the news has them.
    ctx.state.promises = [
        p for p in ctx.state.promises if p.status == "open" or ctx.state.turn - p.deadline < 4
    ]
    return broken


def track_record(state: GameState, nation: str) -> float:
    """How far a nation's promises are believed, from its promises still on record: (kept +
    2) / (kept + broken + 2), so 1 with no record, ⅔ after one broken promise."""
    kept = broken = 0
    for p in state.promises_of(nation):
        kept += p.status == "kept"
        broken += p.status == "broken"
    return (kept + 2) / (kept + broken + 2)


def break_open_promises(ctx: Ctx, promiser: str, promisee: str | None = None) -> None:
    """A nation walks away: its open promises (to one nation or all) are broken now."""
    for p in ctx.state.promises_of(promiser):
        if p.status == "open" and promisee in (None, p.promisee):
            settle(ctx, p, False)


@dataclass(frozen=True)
class Progress:
    """How far an open promise has come: `done` of `needed`, and the turns left to finish it.

    For a defence promise `done` is the military gained since it was made and `military`
    the promiser's strength now (it must reach `baseline + amount`); for an exercise, 1 once
    held; for aid, the budget given; a promise to stay counts as done while it is kept.
    """

    kind: str
    done: float
    needed: float
    # Turns after this one before it is judged (0: judged at the end of this turn), counted
    # as the promise's own "within N turns" counts them.
    turns_left: int
    military: float | None = None

    @property
    def complete(self) -> bool:
        return self.done >= self.needed - 1e-9

    @property
    def due(self) -> str:
        """ "due this turn", "2 turns left", or "past its deadline"."""
        if self.turns_left < 0:
            return "past its deadline"
        if self.turns_left == 0:
            return "due this turn"
        return f"{plural(self.turns_left, 'turn')} left"

    def text(self) -> str:
        """ "defence +3 of +10, 2 turns left (military 41 of 48)" and the like."""
        if self.kind == "defence":
            now = self.military or 0.0
            goal = now - self.done + self.needed
            where = f"defence {signed(self.done)} of {signed(self.needed)}, {self.due}"
            return f"{where} (military {now:.0f} of {goal:.0f})"
        if self.kind == "aid":
            return f"aid {self.done:g} of {self.needed:g}, {self.due}"
        if self.kind == "exercise":
            return f"joint exercise {'held' if self.complete else 'not yet held'}, {self.due}"
        return f"stay in the agreement: {'kept so far' if self.complete else 'left'}, {self.due}"


def progress(state: GameState, p: PromiseState) -> Progress:
    """Where promise `p` stands now, judged as `resolve_promises` will judge it."""
    turns_left = p.deadline - state.turn
    if p.kind == "defence":
        military = float(state.military[state.idx(p.promiser)])
        return Progress("defence", military - p.baseline, p.amount, turns_left, military)
    if p.kind == "aid":
        return Progress("aid", p.progress, p.amount, turns_left)
    if p.kind == "exercise":
        i, j = state.idx(p.promiser), state.idx(p.promisee)
        held = bool(state.last_exercise[i, j] >= p.made_turn)
        return Progress("exercise", 1.0 if held else 0.0, 1.0, turns_left)
    together = state.has_agreement(p.promiser, p.promisee)
    return Progress(p.kind, 1.0 if together else 0.0, 1.0, turns_left)


def open_promises(state: GameState, nation: str) -> list[PromiseState]:
    """The open promises `nation` made or was made, soonest deadline first."""
    mine = [p for p in state.promises if p.status == "open" and nation in (p.promiser, p.promisee)]
    return sorted(mine, key=lambda p: (p.deadline, p.id))
