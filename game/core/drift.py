"""Slow forces between turns: threats, trust drift, grievance and interop decay, tension."""

from __future__ import annotations

import functools

import numpy as np

from game.core import derived
from game.core.context import Ctx
from game.core.outcomes import declare_facts
from game.core.rng import Stream

declare_facts(CrisisErupted=-1, ThreatPeaked=-1, ThreatRising=-1)


def update_threats(ctx: Ctx) -> None:
    """Phase: each threat rises toward its peak, then recedes toward its floor, with noise."""
    s, level, r = ctx.state, ctx.level, ctx.rules
    index = level.nation_index()
    for k, (t, d) in enumerate(zip(s.threats, level.threats, strict=True)):
        noise = (Stream(s.seed, s.turn, "threat", k).uniform() - 0.5) * 2.0
        t.level = min(100.0, max(0.0, t.level + t.growth + noise))
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
            s.tension[src, victims] = np.minimum(100.0, s.tension[src, victims] + add)
            s.tension[victims, src] = np.minimum(100.0, s.tension[victims, src] + add)
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
    for part in (s.doctrine, s.communications):
        part -= np.where(stale, r.interop_decay, 0.0)
        np.clip(part, 0.0, 100.0, out=part)
    s.tension[:] *= 1.0 - r.tension_decay
    for name in ("trust", "doctrine", "communications", "equipment"):
        np.fill_diagonal(s.arrays[name], 100.0)
    np.fill_diagonal(s.tension, 0.0)
    np.fill_diagonal(g, 0.0)
    s.quantize()
    update_world_tension(ctx)


@functools.lru_cache(maxsize=8)
def _upper(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the pairs above the diagonal of an n×n matrix."""
    rows, cols = np.triu_indices(n, 1)
    rows.flags.writeable = cols.flags.writeable = False
    return rows, cols


def update_world_tension(ctx: Ctx) -> None:
    """World tension follows the worst pair tensions and the worst threat."""
    s = ctx.state
    n = s.n
    upper = s.tension[_upper(n)]
    top = np.sort(upper)[-5:] if upper.size else np.zeros(1)
    worst_threat = max((t.level for t in s.threats), default=0.0)
    target = 0.6 * float(top.mean()) + 0.2 * float(top.max()) + 0.3 * worst_threat
    before = s.world_tension
    s.world_tension = round(
        min(100.0, max(0.0, s.world_tension + 0.5 * (target - s.world_tension))), 2
    )
    crisis = ctx.rules.crisis_level
    if before < crisis <= s.world_tension:
        ctx.out(
            "CrisisErupted", f"World tension reached {s.world_tension:.0f}: a crisis has erupted."
        )
