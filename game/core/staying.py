"""Alliances that can break: members re-judge an agreement when something material changes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from game.core import derived
from game.core.context import Ctx
from game.core.domestic import leave_agreement
from game.core.outcomes import declare_facts
from game.core.phrasing import signed
from game.core.requests import is_call, kind_name
from game.core.state import AgreementState
from game.core.verdict import tenths

declare_facts(MemberMayLeave=-1)


@dataclass(frozen=True)
class Stay:
    """How a member weighs staying in an agreement: every factor and the total."""

    member: str
    factors: tuple[tuple[str, float], ...]
    total: float

    def text(self, n: int = 3) -> str:
        ranked = sorted(self.factors, key=lambda f: -abs(f[1]))[:n]
        return ", ".join(f"{name} {signed(value, 1)}" for name, value in ranked)


def stay_ledgers(ctx: Ctx, a: AgreementState, only: Collection[str] | None = None) -> list[Stay]:
    """Each member's stay ledger (of the members in `only`, if given): how it weighs its
    partners in the agreement, factor by factor as a newcomer's ledger reads them (trust,
    values, a shared threat, grievance, their reputation, tension, interoperability for a
    military kind), averaged over the partners, and what walking out would cost. One gather
    of the members' rows of each pairwise array, never a full matrix."""
    s, r, level = ctx.state, ctx.rules, ctx.level
    index = s.index
    m = np.array([index[x] for x in a.members], dtype=np.int64)
    k = len(m)
    if k < 2:
        return []
    members = [x for x in a.members if only is None or x in only]
    rows = np.array([a.members.index(x) for x in members], dtype=np.int64)
    mine = m[rows][:, None]  # each member's row of a pairwise array, at every member's column
    pairs = [
        s.trust[mine, m],
        derived.affinity(level, s)[mine, m],
        derived.shared_threat(level, s)[mine, m],
        s.grievance[mine, m],
        s.tension[mine, m],
    ]
    military = level.kind(a.kind).military
    if military:
        pairs.append(
            r.interop_weight_equipment * s.equipment[mine, m]
            + r.interop_weight_doctrine * s.doctrine[mine, m]
            + r.interop_weight_communications * s.communications[mine, m]
        )
    # Each member's mean over its partners (a shared threat counts 1): its own column counts
    # 0, and each row is summed on its own, as one array at a time would sum it.
    off = np.arange(k)[None, :] != rows[:, None]
    means = ((np.array(pairs) * off).sum(axis=2) / (k - 1)).T.tolist()
    weights = level.personality_weights[m[rows]].tolist()
    rep = s.reputation[m]
    rep_total = float(rep.sum())
    reps = rep.tolist()
    names = [
        "trust in partners",
        "shared values",
        "shared threat",
        "grievance",
        "partners' reputation",
        "tension",
        *(["interoperability"] if military else []),
        "walking out costs face",
    ]
    leaving = float(r.stay_leaving_cost)
    out = []
    for row, (member, place) in enumerate(zip(members, rows.tolist(), strict=True)):
        mean = means[row]
        w = weights[row]
        values = [
            (mean[0] - r.trust_neutral) * r.verdict_trust * w[0],
            mean[1] * r.verdict_affinity * w[1],
            mean[2] * r.verdict_shared_threat * w[2],
            mean[3] * r.verdict_grievance,
            ((rep_total - reps[place]) / (k - 1) - 50.0) * r.verdict_reputation,
            mean[4] * r.verdict_tension_with_partner,
        ]
        if military:
            values.append((mean[5] - r.stay_interop_par) * r.verdict_interop * w[2])
        values.append(leaving)
        factors = []
        tally = 0
        for name, value in zip(names, values, strict=True):
            if abs(value) >= 0.05:
                t = tenths(value)
                factors.append((name, t / 10))
                tally += t
        out.append(Stay(member, tuple(factors), tally / 10))
    return out


def warnings(ctx: Ctx, nation: str | None = None) -> list[str]:
    """ "Sweden may leave the defence pact: stay ledger −5, leaves below −8" for each AI
    partner of the player (only `nation`, if given) whose stay ledger is near the threshold."""
    s, r = ctx.state, ctx.rules
    out = []
    for a in s.agreements_of(ctx.player):
        for st in stay_ledgers(ctx, a):
            if st.member == ctx.player or (nation not in (None, ctx.player, st.member)):
                continue
            if st.total < r.stay_leave_threshold + r.stay_warn_margin:
                out.append(
                    f"{ctx.name(st.member)} may leave the {kind_name(ctx, a.kind)}: stay "
                    f"ledger {signed(st.total, 1)}, leaves below "
                    f"{signed(r.stay_leave_threshold, 1)} ({st.text(2)})"
                )
    return out


def _triggers(ctx: Ctx) -> dict[int, dict[str, str]]:
    """Agreement id -> member -> what made it think again, from this turn's news and state."""
    s, r = ctx.state, ctx.rules
    found: dict[int, dict[str, str]] = {}
    index = s.index

    def note(a: AgreementState, member: str, why: str) -> None:
        if member != ctx.player and member in a.members:
            found.setdefault(a.id, {}).setdefault(member, why)

    for o in ctx.outcomes:
        if o.fact == "PromiseBroken" and len(o.nations) >= 2:
            promiser, promisee = o.nations[0], o.nations[1]
            for a in s.agreements_of(promiser):
                note(a, promisee, f"{ctx.name(promiser)} broke a promise")
        elif o.fact == "AgreementSigned" and len(o.nations) >= 2:
            x, y = o.nations[0], o.nations[1]
            # An agreement has at most one of the two outside it: each is seen once.
            for near, far in ((x, y), (y, x)):
                trust_in_far: list[float] | None = None
                for a in s.agreements_of(near):
                    if far in a.members:
                        continue
                    if trust_in_far is None:
                        trust_in_far = s.trust[:, s.idx(far)].tolist()
                    for m in a.members:
                        if m != near and trust_in_far[index[m]] < r.ask_rival_trust:
                            note(a, m, f"{ctx.name(near)} courts {ctx.name(far)}, a rival")
    for q in s.requests:
        if is_call(q) and q.answered == s.turn and q.status in ("refused", "lapsed"):
            for a in s.agreements:
                if a.kind == q.about and q.asker in a.members:
                    for m in a.members:
                        if m != q.asked:
                            note(a, m, f"{ctx.name(q.asked)} refused a call")
    for a, k in _below_min_trust(ctx):
        note(a, a.members[k], "trust in its partners has fallen")
    return found


def _below_min_trust(ctx: Ctx) -> list[tuple[AgreementState, int]]:
    """(agreement, place of a member) for each member whose mean trust in its partners is
    below what the agreement's kind needs, in the order of the agreements and members.

    Each row of a group's stack of trust blocks is still summed on its own, as one block at
    a time would sum it, so the means are the same to the last bit."""
    s, level = ctx.state, ctx.level
    low: dict[int, list[int]] = {}  # id of an agreement -> places of its members below
    for k, (group, rows) in derived.trust_groups(level, s).items():
        if k < 2:
            continue
        blocks = s.trust[rows[:, :, None], rows[:, None, :]]
        means = (blocks.sum(axis=2) - blocks.diagonal(axis1=1, axis2=2)) / (k - 1)
        need = np.array([level.kind(a.kind).min_trust for a in group])
        for g, place in zip(*(means < need[:, None]).nonzero(), strict=True):
            low.setdefault(id(group[g]), []).append(int(place))
    return [(a, k) for a in s.agreements for k in low.get(id(a), ())]


def new_government(ctx: Ctx, nid: str) -> None:
    """A new government weighs each agreement it inherits with its stay ledger, too, and
    walks out of those below the threshold (part of the change of government, so that the
    opposition forecast, which plays the change out, sees it)."""
    if nid == ctx.player:
        return
    r = ctx.rules
    for a in list(ctx.state.agreements_of(nid)):
        mine = next(iter(stay_ledgers(ctx, a, (nid,))), None)
        if mine is not None and mine.total < r.stay_leave_threshold:
            leave_agreement(
                ctx,
                nid,
                a.kind,
                f"a new government; stay ledger {signed(mine.total, 1)} below "
                f"{signed(r.stay_leave_threshold, 1)}: {mine.text()}",
                only=a.id,
                cause="a new government",
            )


def rejudge(ctx: Ctx) -> None:
    """Members that something material touched weigh their agreement again; in each
    agreement the one whose stay ledger is lowest, if below the threshold, walks out with
    its ledger in the news. Near the threshold, the player's partners are named in a
    warning."""
    s, r = ctx.state, ctx.rules
    found = _triggers(ctx)
    for a in list(s.agreements):
        touched = found.get(a.id)
        if not touched or len(a.members) < 2:
            continue  # none touched, or dissolved by an earlier walk-out
        ledgers = stay_ledgers(ctx, a, touched)
        if not ledgers:
            continue
        worst = min(ledgers, key=lambda st: (st.total, s.idx(st.member)))
        if worst.total < r.stay_leave_threshold:
            why = touched[worst.member]
            leave_agreement(
                ctx,
                worst.member,
                a.kind,
                f"{why}; stay ledger {signed(worst.total, 1)} below "
                f"{signed(r.stay_leave_threshold, 1)}: {worst.text()}",
                only=a.id,
                cause=why,
            )
            continue
        if ctx.player not in a.members:
            continue
        for st in ledgers:
            if st.total < r.stay_leave_threshold + r.stay_warn_margin:
                ctx.out(
                    "MemberMayLeave",
                    f"{ctx.name(st.member)} may leave the {kind_name(ctx, a.kind)} "
                    f"({touched[st.member]}): stay ledger {signed(st.total, 1)}, leaves below "
                    f"{signed(r.stay_leave_threshold, 1)}.",
                    st.member,
                    ctx.player,
                )
