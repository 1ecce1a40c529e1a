"""The closed vocabulary of effects that events name in data, each a small documented function."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.core import tension_log
from game.core.context import Ctx
from game.core.domestic import change_government, leave_agreement
from game.core.outcomes import declare_facts
from game.core.phrasing import (
    Line,
    Voice,
    agreement,
    an_agreement,
    listing,
    plural,
    possessive,
    signed,
    tone,
)
from game.core.projects import start_project
from game.core.promises import make_promise
from game.core.state import AgreementState, GameState, ScheduledEvent, qf
from game.core.verdict import joining_totals

declare_facts(LeaderChanged=0, NewsReported=0, AgreementSigned=1, OfferSettled=0)

REQUIRED = object()

PARTS = ("equipment", "doctrine", "communications", "all")


@dataclass(frozen=True)
class Param:
    """One argument of an effect: its kind (for checking at load), default and meaning."""

    kind: str  # nation, number, integer, string, part, event, flag, axis, threat, kind, promise,
    # project, bool
    doc: str
    default: Any = REQUIRED

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


Describer = Callable[[Voice, dict[str, Any]], Line | None]


def hidden(v: Voice, a: dict[str, Any]) -> Line | None:
    """The describer of effects that change nothing a player can weigh (flags, news lines)."""
    return None


@dataclass(frozen=True)
class EffectSpec:
    """A registered effect: what it does, how to write it, and how to say it to a player."""

    name: str
    doc: str
    example: str
    fn: Callable[[Ctx, dict[str, Any]], None]
    describe: Describer
    params: dict[str, Param] = field(default_factory=dict)

    def args_with_defaults(self, given: dict[str, Any]) -> dict[str, Any]:
        return {k: given.get(k, p.default) for k, p in self.params.items()}

    @functools.cached_property
    def defaults(self) -> dict[str, Any]:
        """The optional parameters' defaults."""
        return {k: p.default for k, p in self.params.items() if not p.required}

    @functools.cached_property
    def plan(self) -> tuple[tuple[str, Any, bool], ...]:
        """(name, default, is a nation) of every parameter, for applying it quickly."""
        return tuple((k, p.default, p.kind == "nation") for k, p in self.params.items())


EFFECTS: dict[str, EffectSpec] = {}


def effect(
    name: str, doc: str, example: str, *, describe: Describer, **params: Param
) -> Callable[[Callable[[Ctx, dict[str, Any]], None]], Callable[[Ctx, dict[str, Any]], None]]:
    """Register an effect with its manual text, example, parameters and player sentence."""

    def register(
        fn: Callable[[Ctx, dict[str, Any]], None],
    ) -> Callable[[Ctx, dict[str, Any]], None]:
        EFFECTS[name] = EffectSpec(name, doc, example, fn, describe, dict(params))
        return fn

    return register


def _clamp_add(arr: np.ndarray, key: Any, by: float, lo: float = 0.0, hi: float = 100.0) -> None:
    """`arr[key] += by`, held within `lo`..`hi` (as `min(hi, max(lo, ...))` holds it)."""
    now = arr.item(key) + by
    now = now if now > lo else lo
    arr[key] = now if now < hi else hi


def _signed(v: float) -> str:
    return f"{v:+g}"


def _say_trust(v: Voice, a: dict[str, Any]) -> Line:
    src, dst, by = a["from"], a["to"], float(a["by"])
    if a["both"]:
        return Line(f"Trust between {v.obj(src)} and {v.obj(dst)} {signed(by)}", tone(by, True))
    good = v.involves_player(src, dst)
    return Line(f"{v.poss(src)} trust in {v.obj(dst)} {signed(by)}", tone(by, True) if good else 0)


@effect(
    "trust",
    "Change how far `from` trusts `to` (both ways with `both: true`).",
    "trust: {from: target, to: player, by: 5}",
    describe=_say_trust,
    **{
        "from": Param("nation", "who trusts"),
        "to": Param("nation", "who is trusted"),
        "by": Param("number", "change, -100..100"),
        "both": Param("bool", "apply both ways", False),
    },
)
def _trust(ctx: Ctx, a: dict[str, Any]) -> None:
    i, j = ctx.idx(a["from"]), ctx.idx(a["to"])
    _clamp_add(ctx.state.trust, (i, j), a["by"])
    if a["both"]:
        _clamp_add(ctx.state.trust, (j, i), a["by"])


def _say_grievance(v: Voice, a: dict[str, Any]) -> Line:
    src, dst, by = a["from"], a["to"], float(a["by"])
    t = tone(by, False) if v.involves_player(src, dst) else 0
    if a["both"]:
        return Line(f"Grievance between {v.obj(src)} and {v.obj(dst)} {signed(by)}", t)
    return Line(f"{v.poss(src)} grievance against {v.obj(dst)} {signed(by)}", t)


@effect(
    "grievance",
    "Change the grievance `from` holds against `to` (both ways by default).",
    "grievance: {from: target, to: player, by: -10}",
    describe=_say_grievance,
    **{
        "from": Param("nation", "who holds it"),
        "to": Param("nation", "against whom"),
        "by": Param("number", "change"),
        "both": Param("bool", "apply both ways", True),
    },
)
def _grievance(ctx: Ctx, a: dict[str, Any]) -> None:
    i, j = ctx.idx(a["from"]), ctx.idx(a["to"])
    _clamp_add(ctx.state.grievance, (i, j), a["by"])
    if a["both"]:
        _clamp_add(ctx.state.grievance, (j, i), a["by"])


@effect(
    "tension",
    "Change the tension between two nations.",
    "tension: {a: player, b: RUS, by: 8}",
    describe=lambda v, a: Line(
        f"Tension between {v.obj(a['a'])} and {v.obj(a['b'])} {signed(a['by'])}",
        tone(a["by"], False) if v.involves_player(a["a"], a["b"]) else 0,
    ),
    a=Param("nation", "one side"),
    b=Param("nation", "other side"),
    by=Param("number", "change"),
)
def _tension(ctx: Ctx, a: dict[str, Any]) -> None:
    i, j = ctx.idx(a["a"]), ctx.idx(a["b"])
    was = float(ctx.state.tension[i, j])
    _clamp_add(ctx.state.tension, (i, j), a["by"])
    _clamp_add(ctx.state.tension, (j, i), a["by"])
    tension_log.note(ctx.state, ctx.cause or "event", i, j, float(ctx.state.tension[i, j]) - was)


@effect(
    "interop",
    "Change one part of interoperability (or `all` three) between two nations.",
    "interop: {a: player, b: target, part: communications, by: 4}",
    describe=lambda v, a: Line(
        f"{'Interoperability' if a['part'] == 'all' else a['part'].capitalize() + ' compatibility'}"
        f" between {v.obj(a['a'])} and {v.obj(a['b'])} {signed(a['by'])}",
        tone(a["by"], True) if v.involves_player(a["a"], a["b"]) else 0,
    ),
    a=Param("nation", "one side"),
    b=Param("nation", "other side"),
    part=Param("part", "equipment, doctrine, communications or all", "all"),
    by=Param("number", "change"),
)
def _interop(ctx: Ctx, a: dict[str, Any]) -> None:
    i, j, by = ctx.idx(a["a"]), ctx.idx(a["b"]), a["by"]
    arrays = ctx.state.arrays
    for p in PARTS[:3] if a["part"] == "all" else (a["part"],):
        arr = arrays[p]
        _clamp_add(arr, (i, j), by)
        _clamp_add(arr, (j, i), by)


@effect(
    "world_tension",
    "Change world tension.",
    "world_tension: {by: 5}",
    describe=lambda v, a: Line(f"World tension {signed(a['by'])}", tone(a["by"], False)),
    by=Param("number", "change"),
)
def _world_tension(ctx: Ctx, a: dict[str, Any]) -> None:
    was = ctx.state.world_tension
    ctx.state.world_tension = min(100.0, max(0.0, ctx.state.world_tension + a["by"]))
    tension_log.note_world(ctx.state, ctx.cause or "event", ctx.state.world_tension - was)


def _nation_number(
    name: str, what: str, example: str, said: str, lo: float = 0.0, hi: float = 100.0
) -> None:
    def say(v: Voice, a: dict[str, Any]) -> Line:
        by, who = float(a["by"]), a["nation"]
        return Line(f"{v.poss(who)} {said} {signed(by)}", tone(by, True) if v.is_player(who) else 0)

    @effect(
        name,
        f"Change a nation's {what}.",
        example,
        describe=say,
        nation=Param("nation", "whose", "nation"),
        by=Param("number", "change"),
    )
    def fn(ctx: Ctx, a: dict[str, Any]) -> None:
        arr = ctx.state.arrays[name]
        i = ctx.idx(a["nation"])
        if arr.dtype.kind == "i":
            arr[i] = int(min(hi, max(lo, int(arr[i]) + round(a["by"]))))
        else:
            _clamp_add(arr, i, a["by"], lo, hi)


_nation_number(
    "approval", "public approval (0–100)", "approval: {nation: player, by: -4}", "approval"
)
_nation_number("stability", "stability (0–100)", "stability: {nation: target, by: -5}", "stability")
_nation_number("budget", "budget", "budget: {nation: player, by: 3}", "budget", 0.0, 999.0)
_nation_number(
    "capital",
    "diplomatic capital",
    "capital: {nation: player, by: 1}",
    "diplomatic capital",
    0.0,
    99.0,
)
_nation_number(
    "reputation", "reputation (0–100)", "reputation: {nation: player, by: 3}", "reputation"
)
_nation_number(
    "military", "military strength", "military: {nation: player, by: 2}", "military strength"
)
_nation_number("economy", "economic weight", "economy: {nation: target, by: -3}", "economy")


PROMISE_TEXT = {
    "exercise": "a joint exercise",
    "defence": "higher defence spending",
    "aid": "aid",
    "stay": "to stay in your agreements",
}


def _say_promise(v: Voice, a: dict[str, Any]) -> Line:
    kind, amount = str(a["kind"]), a["amount"]
    what = PROMISE_TEXT.get(kind, kind)
    if kind == "defence" and amount:
        what = f"defence spending {signed(amount)}"
    elif kind == "aid" and amount:
        what = f"{amount:g} in aid"
    elif kind == "stay":
        what = "to stay in " + ("your" if v.is_player(a["to"]) else "their") + " agreements"
    turns = plural(int(a["turns"]), "turn")
    return Line(f"{v.says(a['from'], 'promise')} {v.obj(a['to'])} {what} within {turns}", 0)


@effect(
    "add_promise",
    "`from` promises `to` something, judged kept or broken by the deadline.",
    "add_promise: {from: player, to: target, kind: defence, amount: 2, turns: 4}",
    describe=_say_promise,
    **{
        "from": Param("nation", "who promises"),
        "to": Param("nation", "to whom"),
        "kind": Param("promise", "exercise, defence, aid or stay"),
        "amount": Param("number", "how much (defence: military; aid: budget)", 0),
        "turns": Param("integer", "turns until the deadline", 4),
    },
)
def _add_promise(ctx: Ctx, a: dict[str, Any]) -> None:
    make_promise(
        ctx, ctx.resolve(a["from"]), ctx.resolve(a["to"]), a["kind"], a["amount"], a["turns"]
    )


@effect(
    "start_project",
    "Start a training programme or technology transfer between two nations.",
    "start_project: {kind: training, a: player, b: target}",
    describe=lambda v, a: Line(
        f"{'A training programme' if a['kind'] == 'training' else 'A technology transfer'}"
        f" starts between {v.obj(a['a'])} and {v.obj(a['b'])}",
        1 if v.involves_player(a["a"], a["b"]) else 0,
    ),
    kind=Param("project", "training or tech_transfer"),
    a=Param("nation", "who pays"),
    b=Param("nation", "partner"),
)
def _start_project(ctx: Ctx, a: dict[str, Any]) -> None:
    start_project(ctx, a["kind"], ctx.resolve(a["a"]), ctx.resolve(a["b"]))


@effect(
    "set_flag",
    "Set a named flag (conditions read it with flag()/flag_value()).",
    "set_flag: {flag: summit_held}",
    describe=hidden,
    flag=Param("flag", "name"),
    value=Param("integer", "number stored", 1),
    add=Param("bool", "add to the value", False),
)
def _set_flag(ctx: Ctx, a: dict[str, Any]) -> None:
    old = ctx.state.flags.get(a["flag"], 0) if a["add"] else 0
    ctx.state.flags[a["flag"]] = int(old + a["value"])


@effect(
    "clear_flag",
    "Remove a flag.",
    "clear_flag: {flag: summit_held}",
    describe=hidden,
    flag=Param("flag", "name"),
)
def _clear_flag(ctx: Ctx, a: dict[str, Any]) -> None:
    ctx.state.flags.pop(a["flag"], None)


@effect(
    "chain_event",
    "Schedule a follow-up event after some turns, about the same nations.",
    "chain_event: {event: leak_investigation, after: 2}",
    # It fires in the events phase `after` turns from now, which ends that turn: the player
    # meets it a turn later (chosen on turn 5 with `after: 2`, it is there on turn 8).
    describe=lambda v, a: Line(
        f"In {plural(max(1, int(a['after'])) + 1, 'turn')}: “{_event_title(v, a['event'])}”", 0
    ),
    event=Param("event", "event id"),
    after=Param(
        "integer", "turns from now to the events phase it fires in (seen the turn after)", 1
    ),
)
def _chain(ctx: Ctx, a: dict[str, Any]) -> None:
    ctx.state.scheduled.append(
        ScheduledEvent(ctx.state.turn + max(1, a["after"]), a["event"], ctx.nation, ctx.target)
    )


@effect(
    "change_government",
    "The opposition takes power: values shift toward its platform.",
    "change_government: {nation: target}",
    describe=lambda v, a: Line(
        f"{v.poss(a['nation'])} government falls; the opposition takes over",
        -1 if v.is_player(a["nation"]) else 0,
    ),
    nation=Param("nation", "where", "nation"),
)
def _change_government(ctx: Ctx, a: dict[str, Any]) -> None:
    change_government(ctx, ctx.idx(a["nation"]))


@effect(
    "change_leader",
    "A new leader for the governing party.",
    "change_leader: {nation: target, leader: Ana Berg}",
    describe=lambda v, a: Line(f"{v.says(a['nation'], 'get')} a new leader, {a['leader']}", 0),
    nation=Param("nation", "where", "nation"),
    leader=Param("string", "new leader's name"),
)
def _change_leader(ctx: Ctx, a: dict[str, Any]) -> None:
    i = ctx.idx(a["nation"])
    ctx.state.leader[i] = str(a["leader"])
    ctx.out(
        "LeaderChanged",
        f"{ctx.name(ctx.state.ids[i])} has a new leader: {a['leader']}.",
        ctx.state.ids[i],
    )


@effect(
    "shift_values",
    "Move a nation's position on one value axis or issue (-1..1).",
    "shift_values: {nation: target, axis: free_trade, by: -0.2}",
    describe=lambda v, a: _say_shift(v, a),
    nation=Param("nation", "whose", "nation"),
    axis=Param("axis", "axis id"),
    by=Param("number", "change on the -1..1 scale"),
)
def _shift_values(ctx: Ctx, a: dict[str, Any]) -> None:
    k = [x.id for x in ctx.level.axes].index(a["axis"])
    i = ctx.idx(a["nation"])
    ctx.state.positions[i, k] = min(1.0, max(-1.0, float(ctx.state.positions[i, k]) + a["by"]))


@effect(
    "threat",
    "Raise or lower a threat's level.",
    "threat: {threat: piracy, by: 15}",
    describe=lambda v, a: Line(
        f"Threat “{_threat_name(v, a['threat'])}” {signed(a['by'])}", tone(a["by"], False)
    ),
    threat=Param("threat", "threat id"),
    by=Param("number", "change"),
)
def _threat(ctx: Ctx, a: dict[str, Any]) -> None:
    for t in ctx.state.threats:
        if t.id == a["threat"]:
            t.level = qf(min(100.0, max(0.0, t.level + a["by"])))


@effect(
    "leave_agreement",
    "A nation leaves its agreement of a kind (trust with partners falls).",
    "leave_agreement: {nation: target, kind: defence_pact}",
    describe=lambda v, a: Line(
        f"{v.says(a['nation'], 'leave')} the {v.kind_name(a['kind'])}",
        0 if v.is_player(a["nation"]) else -1,
    ),
    nation=Param("nation", "who leaves", "nation"),
    kind=Param("kind", "agreement kind"),
)
def _leave(ctx: Ctx, a: dict[str, Any]) -> None:
    leave_agreement(ctx, ctx.resolve(a["nation"]), a["kind"], "by decision")


def _say_form(v: Voice, a: dict[str, Any]) -> Line:
    signs = f"{v.subj(a['a'])} and {v.obj(a['b'])} sign {an_agreement(v.kind_title(a['kind']))}"
    mine = v.involves_player(a["a"], a["b"])
    objection = first_objection(v.ctx, v.id(a["a"]), v.id(a["b"]), a["kind"])
    if objection is None:
        return Line(signs, 1 if mine else 0)
    member, reason = objection
    objects = v.says(member, "object")
    return Line(f"{signs} — but {objects} ({reason}), so it is not signed", -1 if mine else 0)


@effect(
    "form_agreement",
    "Two nations sign an agreement (the second joins the first's if any, when every other "
    "member consents, as for a proposal).",
    "form_agreement: {kind: trade_pact, a: player, b: target}",
    describe=_say_form,
    kind=Param("kind", "agreement kind"),
    a=Param("nation", "one side"),
    b=Param("nation", "other side"),
)
def _form(ctx: Ctx, a: dict[str, Any]) -> None:
    sign_with_consent(ctx, a["kind"], ctx.resolve(a["a"]), ctx.resolve(a["b"]))


@effect(
    "news",
    "Add a line to the news feed.",
    "news: {text: The summit ends in smiles.}",
    describe=hidden,
    text=Param("string", "the sentence"),
)
def _news(ctx: Ctx, a: dict[str, Any]) -> None:
    ctx.out("NewsReported", str(a["text"]), ctx.nation, *([ctx.target] if ctx.target else []))


def _event_title(v: Voice, event: Any) -> str:
    try:
        return v.level.event(str(event)).title
    except KeyError:
        return str(event).replace("_", " ")


def _threat_name(v: Voice, threat: Any) -> str:
    return next((t.name for t in v.level.threats if t.id == threat), str(threat))


def _say_shift(v: Voice, a: dict[str, Any]) -> Line:
    axis = next((x for x in v.level.axes if x.id == a["axis"]), None)
    by = float(a["by"])
    name = axis.name.lower() if axis is not None else str(a["axis"]).replace("_", " ")
    pole = (axis.high if by > 0 else axis.low) if axis is not None else ""
    if pole:
        return Line(f"{v.says(a['nation'], 'move')} toward “{pole}” on {name}", 0)
    return Line(f"{v.poss(a['nation'])} position on {name} moves {'up' if by > 0 else 'down'}", 0)


def describe_effect(ctx: Ctx, e: Any) -> Line | None:
    """A sentence for one effect (an EffectDef) from the player's point of view, or None."""
    spec = EFFECTS[e.name]
    return spec.describe(Voice(ctx), spec.args_with_defaults(e.args))


def describe_effects(ctx: Ctx, effects: Any) -> list[Line]:
    """The visible sentences of a sequence of EffectDef, in order; a sentence said twice is
    said once, with "(×2)"."""
    lines = [line for e in effects if (line := describe_effect(ctx, e)) is not None]
    times: dict[Line, int] = {}
    for line in lines:
        times[line] = times.get(line, 0) + 1
    return [Line(f"{ln.text} (×{times[ln]})", ln.tone) if times[ln] > 1 else ln for ln in times]


def host_of(state: GameState, kind: str, a: str, b: str) -> tuple[AgreementState | None, str]:
    """The agreement of `kind` that signing would extend (`a`'s, else `b`'s) and who joins it."""
    host = state.agreement_of(a, kind)
    if host is not None:
        return host, b
    return state.agreement_of(b, kind), a


def sign(ctx: Ctx, kind: str, a: str, b: str, terms: list[list[Any]] | None = None) -> None:
    """`b` joins `a`'s agreement of `kind` (or `a` joins `b`'s), or the two start one."""
    s = ctx.state
    if a == b or s.has_agreement(a, b, kind):
        return
    host, newcomer = host_of(s, kind, a, b)
    joined: tuple[str, ...] = (newcomer,)
    if host is not None:
        g = host
        g.members = sorted({*g.members, *joined})
        for nid in joined:
            g.joined[nid] = s.turn
    else:
        g = AgreementState(s.new_key(), kind, sorted([a, b]), s.turn, terms or [])
        s.agreements.append(g)
        joined = (a, b)
    s.agreements_changed(kind, g.members, joined, agreement=g)
    # Offers of this kind between nations now together in it have nothing left to give. One
    # the player made or was waiting to answer says so, rather than vanish from the inbox.
    kept = []
    for o in s.offers:
        if not s.has_agreement(o.proposer, o.responder, o.kind):
            kept.append(o)
        elif ctx.player in (o.proposer, o.responder) and {o.proposer, o.responder} != {a, b}:
            other = o.responder if o.proposer == ctx.player else o.proposer
            what = an_agreement(ctx.level.kind(o.kind).name)
            offer = (
                f"Your offer of {what} to {ctx.name(other)}"
                if o.proposer == ctx.player
                else f"{possessive(ctx.name(other))} offer of {what}"
            )
            ctx.out(
                "OfferSettled",
                f"{offer} is settled: you are in one together now.",
                other,
                ctx.player,
                key=o.key,
            )
    s.offers = kept
    name = ctx.level.kind(kind).name
    if len(joined) == 2:
        text = f"{ctx.name(a)} and {ctx.name(b)} signed an agreement: {name}."
    else:
        # Named by its members, so two blocs of one kind are told apart in the news.
        others = [ctx.name(m) for m in g.members if m != joined[0]]
        text = (
            f"{ctx.name(joined[0])} joined the {agreement(name)} of {listing(others, 3)} "
            f"({len(g.members)} members)."
        )
    ctx.out("AgreementSigned", text, a, b)


def first_objection(ctx: Ctx, proposer: str, responder: str, kind: str) -> tuple[str, str] | None:
    """The first member of the bloc being joined that does not consent, and why (None: all do).

    Every other member judges the newcomer with the same ledger as a proposal; a bloc that
    has the player in it takes no one the player has not proposed to themselves.

    An AI asks just before it sends a proposal, and signing asks again: the answer is kept
    on the context for the next question only, and reused if that is the same question
    with nothing told in between (no news, no agreement made or left).
    """
    s = ctx.state
    key = (proposer, responder, kind, s.turn, len(ctx.outcomes), len(s.agreements), s.departures)
    last = ctx.__dict__.pop("_last_consent", None)
    if last is not None and last[0] == key:
        return last[1]  # type: ignore[no-any-return]
    answer = _first_objection(ctx, proposer, responder, kind)
    ctx.__dict__["_last_consent"] = (key, answer)
    return answer


def _first_objection(ctx: Ctx, proposer: str, responder: str, kind: str) -> tuple[str, str] | None:
    s = ctx.state
    host, newcomer = host_of(s, kind, proposer, responder)
    if host is None:
        return None
    others = [m for m in host.members if m != proposer and m != responder]
    # Members are asked in order: those after the player are never asked.
    asked = others[: others.index(ctx.player)] if ctx.player in others else others
    if asked:
        totals = joining_totals(ctx.level, s, newcomer, asked, kind)
        for member, total in zip(asked, totals, strict=True):
            if total < 0.0:
                return member, f"ledger {signed(total, 1)}"
    if len(asked) < len(others):
        return ctx.player, "the founder's consent is needed"
    return None


def sign_with_consent(
    ctx: Ctx, kind: str, a: str, b: str, terms: list[list[Any]] | None = None
) -> bool:
    """Sign as `sign` does when every member of the bloc being joined consents (True);
    otherwise the first member's objection is in the news, and on record against the
    newcomer, and nothing is signed (False). Two nations already in it together sign nothing
    and are asked nothing."""
    if a == b or ctx.state.has_agreement(a, b, kind):
        return True
    objection = first_objection(ctx, a, b, kind)
    if objection is None:
        sign(ctx, kind, a, b, terms)
        return True
    s = ctx.state
    member, reason = objection
    newcomer = host_of(s, kind, a, b)[1]
    # The member's no is on record: asking it again soon is held against the newcomer.
    if member != ctx.player:
        s.note_refusal(newcomer, member, ctx.rules.proposal_cooldown)
    name = ctx.level.kind(kind).name.lower()
    if member == ctx.player:
        # Not asked: a bloc the player is in takes only the nations the player proposes to.
        text = (
            f"{ctx.name(newcomer)} could not join the {name} you are in: it takes only the "
            "nations you propose to."
        )
    else:
        objected = f"{ctx.name(member)} objected ({reason})"
        text = f"{ctx.name(newcomer)} could not join the {name}: {objected}."
    ctx.out("JoinRefused", text, a, b, member)
    return False


def apply_effects(ctx: Ctx, effects: Any, *, resolved: bool = False) -> None:
    """Apply a sequence of EffectDef in order, resolving scope words in nation arguments.

    `resolved`: the nation arguments are ids already (effects that actions build), and
    every required argument is given.
    """
    if resolved:
        for e in effects:
            spec = EFFECTS[e.name]
            spec.fn(ctx, {**spec.defaults, **e.args})
        return
    for e in effects:
        spec = EFFECTS[e.name]
        given = e.args
        args: dict[str, Any] = {}
        for pname, default, nation in spec.plan:
            v = given.get(pname, default)
            args[pname] = ctx.resolve(v) if nation else v
        spec.fn(ctx, args)
