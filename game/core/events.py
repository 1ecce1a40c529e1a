"""The events engine: who an event can happen to, when it fires, and how its options resolve."""

from __future__ import annotations

import math

from game.core import derived
from game.core.context import Ctx
from game.core.defs import EventDef, OptionDef
from game.core.effects import apply_effects
from game.core.outcomes import declare_facts
from game.core.rng import Stream
from game.core.state import PendingEvent
from game.core.tension_log import cause_key
from game.core.verdict import credibility

declare_facts(EventFired=0, OptionChosen=0)


def _holds(ctx: Ctx, cond: object | None) -> bool:
    return cond is None or bool(cond.evaluate(ctx))  # type: ignore[attr-defined]


def nations_for(ctx: Ctx, ev: EventDef) -> list[str]:
    ids = ctx.state.ids
    if ev.who == "player":
        out = [ctx.player]
    elif ev.who == "ai":
        out = [n for n in ids if n != ctx.player]
    else:
        out = list(ids)
    if ev.nations:
        out = [n for n in out if n in ev.nations]
    return out


def targets_for(ctx: Ctx, ev: EventDef, nation: str) -> list[str | None]:
    if ev.target == "none":
        return [None]
    s = ctx.state
    if ev.target == "partner":
        partners = derived.partner_matrix(s)[s.idx(nation)]
        out = [nid for k, nid in enumerate(s.ids) if partners[k]]
    else:
        out = [nid for nid in s.ids if nid != nation]
    if ev.targets:
        out = [t for t in out if t in ev.targets]
    return list(out)


def option_available(ctx: Ctx, opt: OptionDef) -> bool:
    return _holds(ctx, opt.requires)


def eligible(ctx: Ctx, ev: EventDef) -> bool:
    s = ctx.state
    if ev.once and s.fired_count.get(ev.id, 0) > 0:
        return False
    last = s.last_fired.get(ev.id)
    return not (ev.cooldown and last is not None and s.turn - last < ev.cooldown)


def find_candidate(ctx: Ctx, ev: EventDef, stream: Stream) -> tuple[str, str | None] | None:
    """A random (nation, target) for which the trigger holds, or None.

    A random nation is drawn, then a random target of it, never the same pair twice, and
    the first pair whose trigger holds wins. At most `rules.event_candidates_max` pairs are
    looked at, so a large world stays fast; a small one is searched exhaustively.
    """
    nations = nations_for(ctx, ev)
    left: dict[int, list[str | None]] = {}
    alive = list(range(len(nations)))
    tries = ctx.rules.event_candidates_max
    # One scoped context, moved from pair to pair: a trigger only reads it.
    sub = ctx.scoped(ctx.nation, None)
    while alive and tries > 0:
        a = stream.below(len(alive))
        k = alive[a]
        targets = left.get(k)
        if targets is None:
            targets = left[k] = targets_for(ctx, ev, nations[k])
        if not targets:
            alive[a] = alive[-1]
            alive.pop()
            continue
        t = stream.below(len(targets))
        target = targets[t]
        targets[t] = targets[-1]
        targets.pop()
        tries -= 1
        sub.nation, sub.target = nations[k], target
        if _holds(sub, ev.trigger):
            return nations[k], target
    return None


def fire(ctx: Ctx, ev: EventDef, nation: str, target: str | None) -> None:
    """The event happens: the player gets a decision; an AI nation decides at once."""
    s = ctx.state
    s.last_fired[ev.id] = s.turn
    s.fired_count[ev.id] = s.fired_count.get(ev.id, 0) + 1
    if nation == ctx.player:
        s.pending.append(PendingEvent(s.new_key(), ev.id, nation, target, s.turn))
        ctx.out("EventFired", ev.title, nation, *([target] if target else []), event=ev.id)
        return
    sub = ctx.scoped(nation, target)
    sub.cause = cause_key("event", ev.id, nation)
    choice = ai_choice(sub, ev, Stream(s.seed, s.turn, "event_choice", s.new_key()))
    opt = ev.options[choice]
    ctx.out(
        "EventFired",
        f"{ev.title} — {ctx.name(nation)} chose: {opt.text}",
        nation,
        *([target] if target else []),
        event=ev.id,
    )
    apply_effects(sub, opt.effects)


def ai_choice(ctx: Ctx, ev: EventDef, stream: Stream) -> int:
    """The available option worth most to the deciding nation (`ctx.nation`): what its
    effects are worth to it (`option_worth`), plus its `ai_weight` times the rules'
    `ai_event_lean`, plus a seeded draw of up to `ai_event_noise`. An option with weight 0
    is taken only when nothing else is available."""
    r = ctx.rules
    best, pick = -math.inf, -1
    for k, o in enumerate(ev.options):
        draw = stream.uniform() * r.ai_event_noise  # one draw per option, taken or not
        if not option_available(ctx, o) or o.ai_weight <= 0:
            continue
        worth = option_worth(ctx, o) + o.ai_weight * r.ai_event_lean + draw
        if worth > best:
            best, pick = worth, k
    if pick < 0:
        available = [k for k, o in enumerate(ev.options) if option_available(ctx, o)]
        return available[0] if available else 0
    return pick


# What one point of each of a nation's own figures is worth to it, before its personality.
_OWN_WORTH = {
    "reputation": 0.8,
    "approval": 1.0,
    "stability": 0.5,
    "budget": 0.6,
    "capital": 1.5,
    "military": 0.5,
    "economy": 0.8,
}


def option_worth(ctx: Ctx, opt: OptionDef) -> float:
    """What an option's effects are worth to the deciding nation (`ctx.nation`), in the
    units of its other choices: gains for itself, others' trust in it, calm around it, and
    the promises it can keep; costs and risks count against. Effects on others alone are
    worth nothing to it."""
    s = ctx.state
    me = ctx.nation
    i = s.idx(me)
    w_trust, _, w_sec, _, w_home = ctx.level.personality_weights[i].tolist()
    worth = 0.0
    for e in opt.effects:
        a = e.args
        name = e.name
        if name in _OWN_WORTH:
            if ctx.resolve(a.get("nation", "nation")) != me:
                continue
            by = float(a["by"]) * _OWN_WORTH[name]
            if name == "approval":
                # Near the floor where governments fall, every point of approval counts more.
                by *= w_home * (1.0 + max(0.0, 40.0 - float(s.approval[i])) / 10.0)
            elif name == "military":
                by *= w_sec
            worth += by
        elif name == "trust":
            src, dst = ctx.resolve(a["from"]), ctx.resolve(a["to"])
            if (dst == me and src != me) or (a.get("both") and src == me):
                worth += float(a["by"]) * 0.4 * w_trust
        elif name == "grievance":
            if ctx.resolve(a["to"]) == me or (a.get("both") and ctx.resolve(a["from"]) == me):
                worth -= float(a["by"]) * 0.3
        elif name in ("tension", "interop"):
            if me in (ctx.resolve(a["a"]), ctx.resolve(a["b"])):
                worth += float(a["by"]) * (0.3 * w_sec if name == "interop" else -0.25)
        elif name == "world_tension":
            worth -= float(a["by"]) * 0.3
        elif name == "threat":
            worth -= float(a["by"]) * 0.2 * w_sec
        elif name == "form_agreement":
            if me in (ctx.resolve(a["a"]), ctx.resolve(a["b"])):
                worth += 4.0
        elif name == "leave_agreement":
            if ctx.resolve(a.get("nation", "nation")) == me:
                worth -= 4.0
        elif name == "add_promise" and ctx.resolve(a["from"]) == me:
            to = ctx.resolve(a["to"])
            amount = int(a.get("amount", 0) or 0)
            believed = credibility(ctx.level, s, me, str(a["kind"]), amount, to)
            r = ctx.rules
            # Kept, it earns reputation; broken, it costs more.
            worth += (
                believed * r.promise_kept_reputation
                + (1.0 - believed) * r.promise_broken_reputation
            ) * _OWN_WORTH["reputation"]
    return worth


def roll_events(ctx: Ctx) -> None:
    """Phase: follow-ups that are due, then every event in level order rolls its chance.

    An event with `mean_time` 0 never rolls: it fires only when chained. At most
    `rules.max_events_per_turn` new events reach the player in one turn; when more roll,
    the ones with the highest `weight` win (level order breaks ties).
    """
    s, level = ctx.state, ctx.level
    due = [x for x in s.scheduled if x.turn <= s.turn]
    s.scheduled = [x for x in s.scheduled if x.turn > s.turn]
    for x in due:
        ev = level.event(x.event)
        if _holds(ctx.scoped(x.nation, x.target), ev.trigger):
            fire(ctx, ev, x.nation, x.target)
    for_player: list[tuple[float, int, EventDef, str | None]] = []
    for k, ev in enumerate(level.events):
        if ev.on or ev.mean_time <= 0 or not eligible(ctx, ev):
            continue
        stream = Stream(s.seed, s.turn, "event", k)
        if not stream.chance(1.0 / max(1.0, ev.mean_time)):
            continue
        found = find_candidate(ctx, ev, stream)
        if found is None:
            continue
        if found[0] == ctx.player:
            for_player.append((-ev.weight, k, ev, found[1]))
        else:
            fire(ctx, ev, *found)
    for_player.sort(key=lambda x: (x[0], x[1]))
    for _, _, ev, target in for_player[: ctx.rules.max_events_per_turn]:
        fire(ctx, ev, ctx.player, target)


def fire_hook(ctx: Ctx, hook: str, nation: str, target: str | None) -> None:
    """Fire the events listening to a rules hook (e.g. `exercise_incident`) for these nations."""
    s = ctx.state
    for k, ev in enumerate(ctx.level.events):
        if ev.on != hook or not eligible(ctx, ev):
            continue
        if ev.who != "all" and (ev.who == "player") != (nation == ctx.player):
            continue
        if (ev.nations and nation not in ev.nations) or (
            ev.targets and target is not None and target not in ev.targets
        ):
            continue
        if _holds(ctx.scoped(nation, target), ev.trigger):
            stream = Stream(s.seed, s.turn, "hook", k)
            if stream.chance(1.0 / max(1.0, ev.mean_time)):
                fire(ctx, ev, nation, target)


def choose(ctx: Ctx, pending: PendingEvent, option: int) -> None:
    ev = ctx.level.event(pending.event)
    sub = ctx.scoped(pending.nation, pending.target)
    sub.cause = cause_key("event", ev.id, pending.nation)
    opt = ev.options[option]
    ctx.state.pending = [p for p in ctx.state.pending if p.key != pending.key]
    ctx.out(
        "OptionChosen",
        f"{ev.title}: {opt.text}",
        pending.nation,
        *([pending.target] if pending.target else []),
        event=ev.id,
    )
    apply_effects(sub, opt.effects)
