"""Slow forces between turns: threats, trust drift, grievance and interop decay, tension."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from game.core import derived, tension_log, world_tension
from game.core.context import Ctx
from game.core.outcomes import declare_facts
from game.core.rng import Stream
from game.core.state import AgreementState, GameState
from game.core.world_tension import (
    PAIR_MAX_WEIGHT,
    PAIR_MEAN_WEIGHT,
    THREAT_WEIGHT,
    TOP_PAIRS,
    WORLD_PULL,
)
from game.core.world_tension import upper_pairs as _upper

declare_facts(CrisisErupted=-1, ThreatPeaked=-1, ThreatRising=-1, StandingSlipped=-1)


def update_threats(ctx: Ctx) -> None:
    """Phase: each threat rises toward its peak, then recedes toward its floor, with noise."""
    s, level, r = ctx.state, ctx.level, ctx.rules
    index = level.nation_index()
    tension_log.note_threat_start(s, max((t.level for t in s.threats), default=0.0))
    for k, (t, d) in enumerate(zip(s.threats, level.threats, strict=True)):
        noise = (Stream(s.seed, s.turn, "threat", k).uniform() - 0.5) * 2.0
        t.level = min(100.0, max(0.0, t.level + t.growth * r.threat_growth_scale + noise))
        if t.growth > 0 and t.level >= d.peak:
            t.growth = -abs(t.growth)
            ctx.out("ThreatPeaked", f"{d.name} has peaked and begins to recede.")
        elif t.growth < 0 and t.level <= d.floor:
            t.growth = abs(t.growth)
            ctx.out("ThreatRising", f"{d.name} is rising again.")
        if d.source is not None and t.level > 0:
            src = index[d.source]
            victims = [index[v] for v in d.threatened]
            add = t.level * r.threat_tension_rate
            was = s.tension[src, victims].tolist()
            s.tension[src, victims] = np.minimum(100.0, s.tension[src, victims] + add)
            s.tension[victims, src] = np.minimum(100.0, s.tension[victims, src] + add)
            cause = tension_log.cause_key("threat", d.id)
            for v, old, new in zip(victims, was, s.tension[src, victims].tolist(), strict=True):
                tension_log.note(s, cause, src, v, new - old)
    s.quantize()


def drift_and_decay(ctx: Ctx) -> None:
    """Phase: trust drifts toward its baseline; grievance, interop and tension decay."""
    s, level, r = ctx.state, ctx.level, ctx.rules
    aff = derived.affinity(level, s)
    shared = derived.shared_threat(level, s)
    g = s.grievance
    baseline = (
        r.trust_neutral
        + r.trust_baseline_affinity * aff
        - r.trust_baseline_grievance * g
        + r.trust_baseline_shared_threat * shared
    )
    np.clip(baseline, r.trust_baseline_min, r.trust_baseline_max, out=baseline)
    t = s.trust
    t += r.trust_drift_rate * (baseline - t)
    np.minimum(t, 100.0 - r.trust_cap_grievance * g, out=t)
    np.clip(t, 0.0, 100.0, out=t)
    g *= 1.0 - r.grievance_decay
    stale = (s.turn - s.last_exercise) > r.interop_decay_grace
    decay = np.where(stale, r.interop_decay, 0.0)
    for part in (s.doctrine, s.communications):
        part -= decay
        np.clip(part, 0.0, 100.0, out=part)
    s.tension[:] *= 1.0 - r.tension_decay
    for name in ("trust", "doctrine", "communications", "equipment"):
        np.fill_diagonal(s.arrays[name], 100.0)
    np.fill_diagonal(s.tension, 0.0)
    np.fill_diagonal(g, 0.0)
    s.quantize()
    neglect_agreements(ctx)
    update_world_tension(ctx)


def neglect_agreements(ctx: Ctx) -> None:
    """Standing in an agreement is the turns a member has held it (what the ladder counts);
    a member its partners trust less, on average, than the kind asks loses a turn of it
    each turn, as a neglected alliance would."""
    s, level = ctx.state, ctx.level
    for a, m in _distrusted(ctx):
        if a.since(m) >= s.turn:
            continue
        a.joined[m] = a.since(m) + 1
        if m == ctx.player:
            ctx.out(
                "StandingSlipped",
                f"Your standing in the {level.kind(a.kind).name.lower()} slipped: its "
                f"members' trust in you is below the {level.kind(a.kind).min_trust:g} it asks.",
                m,
            )


def _distrusted(ctx: Ctx) -> list[tuple[AgreementState, str]]:
    """(agreement, member) for each member of an agreement whose kind asks for trust that its
    partners trust less, on average, than the kind asks; in the order of the agreements and
    of their members.

    Row r of an agreement's block is the other members' trust in member r, and each row's
    mean is still the sum of that row alone over its length, as `.mean()` works it out, to
    the last bit."""
    s, level = ctx.state, ctx.level
    low: dict[int, list[int]] = {}  # id of an agreement -> places of its members below
    for k, (group, idx) in derived.trust_groups(level, s).items():
        means = s.trust[idx[:, _others(k)], idx[:, :, None]].sum(axis=2) / (k - 1)
        need = np.array([level.kind(a.kind).min_trust for a in group])
        enough = means >= need[:, None]
        for g, place in zip(*np.nonzero(~enough), strict=True):
            low.setdefault(id(group[g]), []).append(int(place))
    return [(a, a.members[k]) for a in s.agreements for k in low.get(id(a), ())]


@functools.lru_cache(maxsize=64)
def _others(k: int) -> np.ndarray:
    """Row r: the positions 0..k-1 but r, in order."""
    out = np.array([[j for j in range(k) if j != r] for r in range(k)], dtype=np.int64)
    out = out.reshape(k, k - 1)
    out.flags.writeable = False
    return out


# Where the last change of world tension, cause by cause, waits for the turn's history row.
TENSION_PARTS = "_tension_parts"


@dataclass(frozen=True)
class TensionCause:
    """One named part of where world tension is heading."""

    label: str  # "Russia – Poland" or a threat's name
    amount: float  # points of the target it accounts for
    nations: tuple[str, ...] = ()


def tension_causes(ctx: Ctx) -> list[TensionCause]:
    """What world tension is heading for, cause by cause, largest first: each of the tensest
    pairs (its share of their mean, and the worst also its share of the maximum) and the
    worst threat. The amounts add up to the target `update_world_tension` moves toward."""
    s = ctx.state
    rows, cols = _upper(s.n)
    upper = s.tension[rows, cols]
    out: list[TensionCause] = []
    if upper.size:
        order = np.argsort(upper, kind="stable")[-TOP_PAIRS:][::-1]
        for rank, k in enumerate(order):
            value = float(upper[k])
            amount = PAIR_MEAN_WEIGHT * value / len(order)
            if rank == 0:
                amount += PAIR_MAX_WEIGHT * value
            if amount <= 0:
                continue
            a, b = s.ids[int(rows[k])], s.ids[int(cols[k])]
            out.append(TensionCause(f"{ctx.name(a)} – {ctx.name(b)}", amount, (a, b)))
    if s.threats:
        k, worst = max(enumerate(s.threats), key=lambda kt: kt[1].level)
        d = ctx.level.threats[k]
        out.append(
            TensionCause(d.name, THREAT_WEIGHT * worst.level, (d.source,) if d.source else ())
        )
    return sorted(out, key=lambda c: -c.amount)


def tension_target(ctx: Ctx) -> float:
    """The figure world tension moves halfway toward each turn."""
    return sum(c.amount for c in tension_causes(ctx))


def _target(s: GameState, tension: np.ndarray) -> tuple[float, np.ndarray]:
    """The figure world tension moves toward, and the tensest pairs (indices into the
    pairs above the diagonal, least tense first)."""
    return world_tension.tension_target(tension, (t.level for t in s.threats))


def tension_shift(ctx: Ctx, changes: dict[tuple[int, int], float]) -> float:
    """How much further world tension would move at the turn's end if the pair tensions
    changed by `changes` now (pairs as (i, j), i < j)."""
    s = ctx.state
    if not changes:
        return 0.0
    after = s.tension.copy()
    for (i, j), d in changes.items():
        after[i, j] = after[j, i] = min(100.0, max(0.0, after[i, j] + d))
    return WORLD_PULL * (_target(s, after)[0] - _target(s, s.tension)[0])


def update_world_tension(ctx: Ctx) -> None:
    """World tension follows the worst pair tensions and the worst threat."""
    s = ctx.state
    rows, cols = _upper(s.n)
    target, order = _target(s, s.tension)
    worst_threat = max((t.level for t in s.threats), default=0.0)
    before = s.world_tension
    s.world_tension = round(
        min(100.0, max(0.0, s.world_tension + WORLD_PULL * (target - s.world_tension))), 2
    )
    weights = [
        (
            int(rows[k]),
            int(cols[k]),
            PAIR_MEAN_WEIGHT / len(order) + (PAIR_MAX_WEIGHT if rank == len(order) - 1 else 0.0),
        )
        for rank, k in enumerate(order.tolist())
    ]
    s.__dict__[TENSION_PARTS] = tension_log.breakdown(
        s, before, weights, THREAT_WEIGHT, worst_threat, WORLD_PULL, ctx.rules.tension_decay
    )
    tension_log.reset(s)
    crisis = ctx.rules.crisis_level
    if before < crisis <= s.world_tension:
        ctx.out(
            "CrisisErupted", f"World tension reached {s.world_tension:.0f}: a crisis has erupted."
        )
