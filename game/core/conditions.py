"""The functions and variables that conditions may use, each documented with an example."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.core import derived
from game.core.context import Ctx
from game.core.expr import ExprEnv, FuncSpec, VarSpec

N, NUM, STR, BOOL = "nation", "number", "string", "bool"


def _pair(name: str) -> Callable[[Ctx, str, str], float]:
    def fn(ctx: Ctx, a: str, b: str) -> float:
        s = ctx.state
        return float(s.arrays[name][s.idx(a), s.idx(b)])

    return fn


def _one(name: str) -> Callable[[Ctx, str], float]:
    def fn(ctx: Ctx, a: str) -> float:
        return float(ctx.state.arrays[name][ctx.state.idx(a)])

    return fn


def _interop(ctx: Ctx, a: str, b: str) -> float:
    s = ctx.state
    return float(derived.interop(ctx.level, s)[s.idx(a), s.idx(b)])


def _affinity(ctx: Ctx, a: str, b: str) -> float:
    s = ctx.state
    return float(derived.affinity(ctx.level, s)[s.idx(a), s.idx(b)])


def _has_agreement(ctx: Ctx, a: str, b: str, kind: str | None = None) -> bool:
    return ctx.state.has_agreement(a, b, kind)


def _is_member(ctx: Ctx, a: str, kind: str) -> bool:
    return any(g.kind == kind for g in ctx.state.agreements_of(a))


def _agreement_count(ctx: Ctx, a: str) -> float:
    return float(len(ctx.state.agreements_of(a)))


def _alliance_size(ctx: Ctx, a: str, kind: str) -> float:
    return float(len(derived.alliance_of(ctx.state, a, kind)))


def _alliance_interop(ctx: Ctx, a: str, kind: str) -> float:
    # Only the nation's own interoperability with each partner counts: drills the partners
    # run among themselves do not meet the nation's goal for it.
    s = ctx.state
    others = [s.idx(m) for m in derived.alliance_of(s, a, kind) if m != a]
    if not others:
        return 0.0
    return float(derived.interop(ctx.level, s)[s.idx(a), others].mean())


def _alliance_min_approval(ctx: Ctx, a: str, kind: str) -> float:
    members = derived.alliance_of(ctx.state, a, kind)
    if not members:
        return 0.0
    return float(min(ctx.state.approval[ctx.state.idx(m)] for m in members))


def _elections_in(ctx: Ctx, a: str) -> float:
    return float(ctx.state.next_election[ctx.state.idx(a)] - ctx.state.turn)


def _flag(ctx: Ctx, name: str) -> bool:
    return ctx.state.flags.get(name, 0) != 0


def _flag_value(ctx: Ctx, name: str) -> float:
    return float(ctx.state.flags.get(name, 0))


def _threat(ctx: Ctx, tid: str) -> float:
    for t in ctx.state.threats:
        if t.id == tid:
            return t.level
    return 0.0


def _shares_threat(ctx: Ctx, a: str, b: str) -> bool:
    s = ctx.state
    return bool(derived.shared_threat(ctx.level, s)[s.idx(a), s.idx(b)])


def _promises(status: str) -> Callable[[Ctx, str], float]:
    def fn(ctx: Ctx, a: str) -> float:
        return float(sum(1 for p in ctx.state.promises_of(a) if p.status == status))

    return fn


def _fired(ctx: Ctx, event: str) -> float:
    return float(ctx.state.fired_count.get(event, 0))


def _crisis(ctx: Ctx) -> bool:
    return ctx.state.world_tension >= ctx.rules.crisis_level


def _is_player(ctx: Ctx, a: str) -> bool:
    return a == ctx.player


def _avg_trust_in(ctx: Ctx, a: str) -> float:
    s = ctx.state
    return derived.off_diagonal_mean(s.trust.T, s.idx(a))


PERCENT = (0.0, 100.0)


def _f(
    params: tuple[str, ...],
    result: str,
    fn: Callable[..., Any],
    doc: str,
    example: str,
    names: tuple[str, ...],
    optional: int = 0,
    value_range: tuple[float, float] | None = None,
) -> FuncSpec:
    return FuncSpec(params, result, fn, doc, example, optional, names, value_range)  # type: ignore[arg-type]


FUNCTIONS: dict[str, FuncSpec] = {
    "trust": _f(
        (N, N),
        NUM,
        _pair("trust"),
        "How far `from` trusts `to`, 0–100.",
        "trust(target, player) < 40",
        ("from", "to"),
        value_range=PERCENT,
    ),
    "grievance": _f(
        (N, N),
        NUM,
        _pair("grievance"),
        "Grievance `from` holds against `to`, 0–100.",
        "grievance(target, player) > 50",
        ("from", "to"),
        value_range=PERCENT,
    ),
    "tension": _f(
        (N, N),
        NUM,
        _pair("tension"),
        "Tension between two nations, 0–100.",
        "tension(player, RUS) >= 60",
        ("a", "b"),
        value_range=PERCENT,
    ),
    "interop": _f(
        (N, N),
        NUM,
        _interop,
        "Overall interoperability (0.4 equipment + 0.35 doctrine + 0.25 communications).",
        "interop(player, target) >= 50",
        ("a", "b"),
        value_range=PERCENT,
    ),
    "equipment": _f(
        (N, N),
        NUM,
        _pair("equipment"),
        "Equipment compatibility, 0–100.",
        "equipment(player, target) < 30",
        ("a", "b"),
        value_range=PERCENT,
    ),
    "doctrine": _f(
        (N, N),
        NUM,
        _pair("doctrine"),
        "Doctrine alignment, 0–100.",
        "doctrine(player, target) > 40",
        ("a", "b"),
        value_range=PERCENT,
    ),
    "communications": _f(
        (N, N),
        NUM,
        _pair("communications"),
        "Communications compatibility.",
        "communications(player, target) < 35",
        ("a", "b"),
        value_range=PERCENT,
    ),
    "affinity": _f(
        (N, N),
        NUM,
        _affinity,
        "Shared values, -1 (opposed) to 1 (identical).",
        "affinity(player, target) > 0.5",
        ("a", "b"),
        value_range=(-1.0, 1.0),
    ),
    "approval": _f(
        (N,),
        NUM,
        _one("approval"),
        "Public approval of a government, 0–100.",
        "approval(player) < 20",
        ("nation",),
        value_range=PERCENT,
    ),
    "stability": _f(
        (N,),
        NUM,
        _one("stability"),
        "Domestic stability, 0–100.",
        "stability(target) < 40",
        ("nation",),
        value_range=PERCENT,
    ),
    "budget": _f(
        (N,),
        NUM,
        _one("budget"),
        "Budget available to spend.",
        "budget(player) >= 4",
        ("nation",),
        value_range=(0.0, 999.0),
    ),
    "capital": _f(
        (N,),
        NUM,
        _one("capital"),
        "Diplomatic capital available.",
        "capital(player) >= 2",
        ("nation",),
        value_range=(0.0, 99.0),
    ),
    "reputation": _f(
        (N,),
        NUM,
        _one("reputation"),
        "Public record of promises kept, 0–100.",
        "reputation(player) >= 70",
        ("nation",),
        value_range=PERCENT,
    ),
    "military": _f(
        (N,),
        NUM,
        _one("military"),
        "Military strength.",
        "military(player) >= 40",
        ("nation",),
        value_range=PERCENT,
    ),
    "economy": _f(
        (N,),
        NUM,
        _one("economy"),
        "Economic weight.",
        "economy(target) > 60",
        ("nation",),
        value_range=PERCENT,
    ),
    "elections_in": _f(
        (N,),
        NUM,
        _elections_in,
        "Turns until the nation's next election.",
        "elections_in(target) <= 2",
        ("nation",),
    ),
    "is_member": _f(
        (N, STR),
        BOOL,
        _is_member,
        "Whether a nation belongs to any agreement of a kind (instead of long `or` chains).",
        'is_member(target, "defence_pact")',
        ("nation", "kind"),
    ),
    "has_agreement": _f(
        (N, N, STR),
        BOOL,
        _has_agreement,
        "Whether two nations share an agreement (of a kind, if given).",
        'has_agreement(player, target, "defence_pact")',
        ("a", "b", "kind"),
        1,
    ),
    "agreement_count": _f(
        (N,),
        NUM,
        _agreement_count,
        "How many agreements a nation is in.",
        "agreement_count(target) == 0",
        ("nation",),
    ),
    "alliance_size": _f(
        (N, STR),
        NUM,
        _alliance_size,
        "Members of the largest agreement of a kind that includes the nation.",
        'alliance_size(player, "defence_pact") >= 4',
        ("nation", "kind"),
    ),
    "alliance_interop": _f(
        (N, STR),
        NUM,
        _alliance_interop,
        "Average interoperability between the nation and each other member of that agreement "
        "(what its partners drill among themselves does not count).",
        'alliance_interop(player, "defence_pact") >= 60',
        ("nation", "kind"),
        value_range=PERCENT,
    ),
    "alliance_min_approval": _f(
        (N, STR),
        NUM,
        _alliance_min_approval,
        "Lowest approval among the members of that agreement.",
        'alliance_min_approval(player, "defence_pact") >= 30',
        ("nation", "kind"),
        value_range=PERCENT,
    ),
    "flag": _f(
        (STR,),
        BOOL,
        _flag,
        "Whether a flag set by an effect is set.",
        'flag("summit_held")',
        ("name",),
    ),
    "flag_value": _f(
        (STR,),
        NUM,
        _flag_value,
        "The number stored in a flag (0 if unset).",
        'flag_value("incidents") >= 3',
        ("name",),
    ),
    "threat": _f(
        (STR,),
        NUM,
        _threat,
        "Current level of a threat, 0–100.",
        'threat("eastern_pressure") > 50',
        ("id",),
        value_range=PERCENT,
    ),
    "shares_threat": _f(
        (N, N),
        BOOL,
        _shares_threat,
        "Whether two nations face a common threat.",
        "shares_threat(player, target)",
        ("a", "b"),
    ),
    "promises_kept": _f(
        (N,),
        NUM,
        _promises("kept"),
        "Recent promises the nation kept.",
        "promises_kept(player) >= 2",
        ("nation",),
    ),
    "promises_broken": _f(
        (N,),
        NUM,
        _promises("broken"),
        "Recent promises the nation broke.",
        "promises_broken(target) > 0",
        ("nation",),
    ),
    "fired": _f(
        (STR,),
        NUM,
        _fired,
        "How often an event has fired this game.",
        'fired("summit_invitation") == 0',
        ("event",),
    ),
    "crisis": _f(
        (),
        BOOL,
        _crisis,
        "Whether world tension has reached the rules' crisis level (`crisis_level`, 100).",
        "crisis()",
        (),
    ),
    "is_player": _f(
        (N,),
        BOOL,
        _is_player,
        "Whether the nation is the player's.",
        "is_player(target)",
        ("nation",),
    ),
    "avg_trust_in": _f(
        (N,),
        NUM,
        _avg_trust_in,
        "Average trust all others have in a nation.",
        "avg_trust_in(player) >= 65",
        ("nation",),
        value_range=PERCENT,
    ),
}

VARIABLES: dict[str, VarSpec] = {
    "turn": VarSpec("number", "The current turn (0 at the start)."),
    "last_turn": VarSpec("number", "The level's number of turns."),
    "turns_left": VarSpec("number", "Turns left before the level ends."),
    "world_tension": VarSpec("number", "World tension, 0–100.", PERCENT),
    "player": VarSpec("nation", "The player's nation."),
    "nation": VarSpec("nation", "The nation an event happens to (the player for player events)."),
    "target": VarSpec("nation", "The other nation an event is about (or `nation` if none)."),
    "default_score": VarSpec(
        "number",
        "The score the level would have without its own formula (see Goals and score); "
        "only in `score`, to add to it.",
        only_in="score",
    ),
}

RESERVED_NAMES = frozenset(FUNCTIONS) | frozenset(VARIABLES) | {"and", "or", "not", "true", "false"}


def make_env(nation_ids: list[str], where: str = "") -> ExprEnv:
    """The names a level's expressions may use; `where` is "score" for the level's score."""
    return ExprEnv(
        FUNCTIONS, VARIABLES, frozenset(n for n in nation_ids if n not in RESERVED_NAMES), where
    )
