"""What a nation's next vote could cost its partners: the agreements its opposition would drop."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.context import Ctx
from game.core.domestic import change_government, reelection_chance
from game.core.events import eligible, option_available
from game.core.state import AgreementState

# How many turns ahead of a vote the forecast is shown.
WINDOW = 4
# A risk at least this likely once the opposition has won is named as one it would drop;
# a less likely one is mentioned as possible.
NAMED = 0.5


@dataclass(frozen=True)
class Risk:
    """One agreement the opposition could drop, and how likely if it takes power."""

    agreement: AgreementState
    chance: float  # if the opposition wins: 1.0 when its review drops it outright
    why: str


@dataclass(frozen=True)
class Forecast:
    """A nation's next vote: when, the chance the opposition wins, and what it would drop."""

    nation: str
    turns: int  # until the vote (0: at the end of this turn)
    chance: float  # that the opposition wins
    risks: tuple[Risk, ...]


def opposition_forecast(ctx: Ctx, nid: str) -> Forecast:
    """`nid`'s agreements judged with its opposition's values, as the rules would judge them
    if it took power now: the change of government is played out on a copy of the state
    (the review drops what its ledger scores too low), then the events a new government
    sets off are weighed by their chance to fire and the AI's weight on leaving."""
    s, r = ctx.state, ctx.rules
    i = s.idx(nid)
    chance = 1.0 - reelection_chance(float(s.approval[i]), r.election_slope)
    turns = int(s.next_election[i]) - s.turn
    if not any(len(a.members) > 1 for a in s.agreements_of(nid)):
        return Forecast(nid, turns, chance, ())
    trial = s.copy()
    after = Ctx(ctx.level, trial)
    change_government(after, i, reason="")
    kept = {a.id: a for a in trial.agreements_of(nid)}
    risks = [
        Risk(a, 1.0, "the new government's review")
        for a in s.agreements_of(nid)
        if a.id not in kept
    ]
    for a in s.agreements_of(nid):
        if a.id not in kept:
            continue
        p = _hook_leaves(after, nid, a.kind)
        if p > 0:
            risks.append(Risk(a, p, "a new government's first decisions"))
    return Forecast(nid, turns, chance, tuple(risks))


def _hook_leaves(ctx: Ctx, nid: str, kind: str) -> float:
    """The chance that the events a change of government sets off make `nid` leave its
    agreement of `kind`: each event's chance to fire times its AI weight on leaving."""
    stay = 1.0
    sub = ctx.scoped(nid, None)
    for ev in ctx.level.events:
        if ev.on != "government_changed" or ev.who == "player" or not eligible(ctx, ev):
            continue
        if ev.nations and nid not in ev.nations:
            continue
        if ev.trigger is not None and not ev.trigger.evaluate(sub):
            continue
        weights = [o.ai_weight if option_available(sub, o) else 0.0 for o in ev.options]
        total = sum(weights)
        if total <= 0:
            continue
        leaving = sum(
            w
            for o, w in zip(ev.options, weights, strict=True)
            if any(
                e.name == "leave_agreement"
                and e.args.get("kind") == kind
                and sub.resolve(str(e.args.get("nation", "nation"))) == nid
                for e in o.effects
            )
        )
        stay *= 1.0 - leaving / total / max(1.0, ev.mean_time)
    return 1.0 - stay
