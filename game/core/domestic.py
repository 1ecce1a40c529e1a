"""Domestic politics: approval with inertia, stability, elections and changes of government."""

from __future__ import annotations

import math

import numpy as np

from game.core import derived, phrasing
from game.core.context import Ctx
from game.core.outcomes import declare_facts
from game.core.promises import break_open_promises
from game.core.rng import Stream
from game.core.state import PromiseState, qf
from game.core.verdict import judge

declare_facts(ElectionHeld=0, GovernmentCollapsed=-1, GovernmentChanged=0, AgreementLeft=-1)


# Approval heads for a base, moved by stability, the economy, world tension above a level
# and agreements up to a number.
APPROVAL_TENSION_FROM = 50.0
APPROVAL_AGREEMENTS_MAX = 3


def approval_parts(ctx: Ctx) -> list[tuple[str, np.ndarray | float]]:
    """What every nation's approval heads for, part by part; the parts add up to it."""
    s, r = ctx.state, ctx.rules
    agreements = s.agreement_counts()
    return [
        ("base", r.approval_base),
        ("stability", 0.25 * (s.stability - 50.0)),
        ("economy", 0.1 * (s.economy - 50.0)),
        (
            f"world tension over {APPROVAL_TENSION_FROM:g}",
            -0.1 * max(0.0, s.world_tension - APPROVAL_TENSION_FROM),
        ),
        (
            f"agreements (up to {APPROVAL_AGREEMENTS_MAX})",
            2.0 * np.minimum(agreements, APPROVAL_AGREEMENTS_MAX),
        ),
    ]


def approval_parts_of(ctx: Ctx, nation: str) -> list[tuple[str, float]]:
    """One nation's parts of `approval_parts`, the base first."""
    i = ctx.state.idx(nation)
    return [
        (name, float(v[i]) if isinstance(v, np.ndarray) else float(v))
        for name, v in approval_parts(ctx)
    ]


def approval_target(ctx: Ctx) -> np.ndarray:
    """What every nation's approval heads for: the sum of `approval_parts`."""
    base, *parts = (part for _, part in approval_parts(ctx))
    total = np.full(len(ctx.state.ids), base)
    for part in parts:
        total = total + part
    return total


def reelection_chance(approval: float, slope: float) -> float:
    """Probability the incumbent wins: 1 / (1 + e^(-(approval - 50) / slope)).

    The exponent is clamped so that a level's steep (or zero) slope gives a sure result
    instead of an overflow.
    """
    x = -(approval - 50.0) / max(slope, 1e-9)
    return 1.0 / (1.0 + math.exp(min(60.0, max(-60.0, x))))


def update_domestic(ctx: Ctx) -> None:
    """Phase: approval and stability move toward their targets; elections are held."""
    s, r = ctx.state, ctx.rules
    target = approval_target(ctx)
    s.approval[:] += r.approval_inertia * (target - s.approval)
    np.clip(s.approval, 0, 100, out=s.approval)
    stab_target = 50.0 + 0.4 * (s.approval - 50.0)
    s.stability[:] += r.stability_inertia * (stab_target - s.stability)
    np.clip(s.stability, 0, 100, out=s.stability)
    s.quantize()
    # A government falling or an election held changes no other nation's approval or
    # calendar, so the nations due are picked out at once.
    early = s.turn + r.early_election_delay
    due = ((s.approval < r.approval_fall) & (s.next_election > early)) | (s.next_election == s.turn)
    for i in np.flatnonzero(due).tolist():
        nid = s.ids[i]
        if s.approval[i] < r.approval_fall and s.next_election[i] > early:
            s.next_election[i] = early
            ctx.out(
                "GovernmentCollapsed",
                f"The government of {ctx.name(nid)} collapsed with approval at "
                f"{s.approval[i]:.0f}; an early election is called.",
                nid,
            )
        if s.next_election[i] == s.turn:
            hold_election(ctx, i)


def hold_election(ctx: Ctx, i: int) -> None:
    s, r = ctx.state, ctx.rules
    nid = s.ids[i]
    p = reelection_chance(float(s.approval[i]), r.election_slope)
    won = Stream(s.seed, s.turn, "election", i).chance(p)
    s.next_election[i] = s.turn + max(1, ctx.level.nations[i].election_every)
    if won:
        s.approval[i] = qf(min(100.0, s.approval[i] + 5.0))
        ctx.out(
            "ElectionHeld",
            f"{ctx.name(nid)}: {phrasing.party(s.leader[i], s.government[i])} was re-elected "
            f"(chance was {p:.0%}).",
            nid,
        )
        return
    change_government(ctx, i, reason=f"won the election (incumbent's chance was {p:.0%})")


def change_government(ctx: Ctx, i: int, reason: str = "took power") -> None:
    """The other party governs: values shift toward its platform; weak commitments are dropped."""
    s, r = ctx.state, ctx.rules
    nd = ctx.level.nations[i]
    nid = s.ids[i]
    s.arrays["party"][i] = 1 - s.arrays["party"][i]
    party = nd.opposition if s.arrays["party"][i] == 1 else nd.government
    s.government[i] = party.name
    s.leader[i] = party.leader
    for k, axis in enumerate(ctx.level.axes):
        if axis.id in party.platform:
            goal = party.platform[axis.id]
            s.positions[i, k] = qf(
                s.positions[i, k] + r.election_value_shift * (goal - s.positions[i, k])
            )
    s.approval[i] = r.honeymoon_approval
    who = phrasing.party(party.leader, party.name)
    ctx.out("GovernmentChanged", f"{ctx.name(nid)}: {who} {reason}.", nid)
    review_commitments(ctx, nid)
    # The stay ledgers live above this module (they re-judge agreements on other changes).
    from game.core.staying import new_government

    new_government(ctx, nid)


def review_commitments(ctx: Ctx, nid: str) -> None:
    """A new government keeps only the agreements its public still supports."""
    s = ctx.state
    i = s.idx(nid)
    aff: np.ndarray | None = None
    for a in list(s.agreements_of(nid)):  # walking out of one leaves the others as they are
        if nid not in a.members or not any(m != nid for m in a.members):
            continue
        if aff is None:
            # The whole matrix, not one row: the stay ledgers that follow read it anyway, so
            # the moved nation's row and column of it are remade once, here.
            aff = derived.affinity(ctx.level, s)[i]
        # Judged as if the partner it trusts most proposed it afresh; staying is no new ask.
        best_partner = max(
            (m for m in a.members if m != nid), key=lambda m: (float(s.trust[i, s.idx(m)]), m)
        )
        best = (
            judge(
                ctx.level, s, best_partner, nid, a.kind, aff=float(aff[s.idx(best_partner)])
            ).total
            + ctx.level.kind(a.kind).ask
        )
        if best < -10.0:
            why = f"the new government's review scored it {best:.0f}"
            leave_agreement(ctx, nid, a.kind, why, only=a.id, cause="government")


def leave_agreement(
    ctx: Ctx, nid: str, kind: str, why: str, only: int | None = None, cause: str = ""
) -> bool:
    """`nid` walks out of its agreement of `kind` (of id `only`, when it is in two of a kind);
    `cause` (in the news' data) names what made it: "government" (a new one's review),
    "pledge" (a broken one), "ask", or what re-judging the agreement found."""
    s = ctx.state
    for a in s.agreements:
        if a.kind == kind and nid in a.members and only in (None, a.id):
            left = a
            a.members.remove(nid)
            a.joined.pop(nid, None)
            name = ctx.level.kind(kind).name
            ctx.out(
                "AgreementLeft",
                f"{ctx.name(nid)} left the {name.lower()} ({why}).",
                nid,
                *a.members,
                cause=cause,
            )
            for other in a.members:
                j, i = s.idx(other), s.idx(nid)
                s.trust[j, i] = max(0.0, s.trust[j, i] - ctx.rules.leave_partner_trust)
                break_open_promises(ctx, nid, other)
            break
    else:
        return False
    dissolved = tuple(a for a in s.agreements if len(a.members) < 2)
    if dissolved:
        s.agreements = [a for a in s.agreements if len(a.members) >= 2]
    # The last member of an agreement that dissolves is in one agreement fewer too.
    s.agreements_changed(
        left=(nid, *(m for a in dissolved for m in a.members)), agreement=left, dissolved=dissolved
    )
    return True


def walk_outs(ctx: Ctx, broken: list[PromiseState]) -> None:
    """A nation whose partner broke a pledge made as a term of their agreement weighs the
    partner again with the ledger of a newcomer; below its bar, it walks out of the
    agreement, and the news gives the ledger. The player decides for itself."""
    s = ctx.state
    for p in broken:
        if p.kind not in ("defence", "exercise") or p.promisee == ctx.player:
            continue
        for a in s.agreements:
            both = p.promiser in a.members and p.promisee in a.members
            if not both or not any(t and t[0] == p.kind for t in a.terms):
                continue
            v = judge(ctx.level, s, p.promiser, p.promisee, a.kind, joining=True)
            if not v.accepted:
                ledger = f"ledger {phrasing.signed(v.total, 1)}: " + ", ".join(v.lines()[:3])
                leave_agreement(
                    ctx,
                    p.promisee,
                    a.kind,
                    f"{ctx.name(p.promiser)} broke its pledge; {ledger}",
                    only=a.id,
                    cause="pledge",
                )
            break
