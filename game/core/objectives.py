"""A level's victory and defeat conditions taken apart into the figures a player can watch."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.conditions import make_env
from game.core.context import Ctx
from game.core.defs import GoalDef, LevelDef
from game.core.expr import Compiled, ExprEnv, ExprError, _Node, _Parser, compile_expr
from game.core.state import initial_state

FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class Term:
    """One comparison of a goal ("alliance_interop(player, 'defence_pact') >= 60"), or a
    whole condition that is no comparison of numbers (then `figure` is None)."""

    text: str
    whole: Compiled
    figure: Compiled | None = None  # the side that moves
    op: str = ""  # how the figure must stand against the threshold
    threshold: Compiled | None = None
    call: str = ""  # the figure's function or variable name, for labels
    args: tuple[str, ...] = ()  # its literal arguments ("player", "defence_pact")


@dataclass(frozen=True)
class Reading:
    """A term's figure now."""

    term: Term
    value: float | None
    threshold: float | None
    met: bool


@dataclass(frozen=True)
class Objective:
    """One victory or defeat condition and the terms it joins with `joiner`."""

    goal: GoalDef
    victory: bool
    joiner: str  # "and", "or", or "" for a single term
    terms: tuple[Term, ...]


def objectives(level: LevelDef, env: ExprEnv) -> list[Objective]:
    """Every victory, then every defeat condition of `level`, split into terms."""
    out = []
    for victory, goals in ((True, level.victory), (False, level.defeat)):
        for g in goals:
            joiner, terms = terms_of(g.when_text, env)
            out.append(Objective(g, victory, joiner, terms))
    return out


def terms_of(text: str, env: ExprEnv) -> tuple[str, tuple[Term, ...]]:
    """A condition split into its terms and the joiner between them ("and", "or", or "")."""
    joiner, nodes = _split(_Parser(text).parse())
    return joiner, tuple(_term(text, n, env) for n in nodes)


def read(ctx: Ctx, term: Term) -> Reading:
    met = bool(term.whole.evaluate(ctx))
    if term.figure is None or term.threshold is None:
        return Reading(term, None, None, met)
    value, limit = term.figure.evaluate(ctx), term.threshold.evaluate(ctx)
    as_float = float(value) if isinstance(value, int | float) else None
    limit_f = float(limit) if isinstance(limit, int | float) else None
    return Reading(term, as_float, limit_f, met)


def closeness(r: Reading) -> float:
    """How near a term is to holding, from 0 to 1 (1: it holds)."""
    if r.met:
        return 1.0
    if r.value is None or r.threshold is None:
        return 0.0
    if r.term.op in (">=", ">"):
        return min(1.0, max(0.0, r.value / r.threshold)) if r.threshold > 0 else 0.0
    if r.term.op in ("<=", "<"):
        return min(1.0, max(0.0, r.threshold / r.value)) if r.value > 0 else 0.0
    return 0.0


def env_of(level: LevelDef) -> ExprEnv:
    """The expression environment of `level`'s nations, made once per loaded level."""
    env = level.__dict__.get("_env")
    if env is None:
        env = level.__dict__["_env"] = make_env([n.id for n in level.nations])
    return env


def of_level(level: LevelDef) -> list[Objective]:
    """`objectives(level, ...)` built once per loaded level."""
    cached = level.__dict__.get("_objectives")
    if cached is None:
        cached = objectives(level, env_of(level))
        # Frozen, so the cache goes straight into the instance dict (as cached_property does).
        level.__dict__["_objectives"] = cached
    return cached


def progress(ctx: Ctx) -> float:
    """How far the player has come along the nearest victory, from 0 to 1.

    Each term counts by how much of the way from where the level started it to its
    threshold the player has covered (`gained`); a term that held from the start counts
    only by whether it still holds, so what the level gives for free scores nothing.
    A goal that holds counts 1; any other by the mean of its terms (the best of them for a
    goal of `or`s).
    """
    start = _start_closeness(ctx)
    best = 0.0
    for k, o in enumerate(of_level(ctx.level)):
        if not o.victory or not o.terms:
            continue
        near, held = [], []
        for t, c0 in zip(o.terms, start[k], strict=True):
            r = read(ctx, t)
            held.append(r.met)
            if c0 < 1.0:
                near.append(gained(c0, closeness(r)))
            elif not r.met:
                near.append(0.0)  # given at the start, and lost
        if any(held) if o.joiner == "or" else all(held):
            return 1.0  # a goal that holds is reached, however it was
        if not near:
            continue
        best = max(best, max(near) if o.joiner == "or" else sum(near) / len(near))
    return best


def gained(start: float, now: float) -> float:
    """The share of the way from closeness `start` to 1 covered at closeness `now` (0–1)."""
    if now >= 1.0:
        return 1.0
    return max(0.0, (now - start) / (1.0 - start)) if start < 1.0 else 0.0


def _start_closeness(ctx: Ctx) -> list[list[float]]:
    """Each objective term's closeness in the level's starting state for this game's seed
    and difficulty (worked out once per level, seed and difficulty)."""
    s = ctx.state
    cache = ctx.level.__dict__.setdefault("_start_closeness", {})
    key = (s.seed, s.difficulty)
    found = cache.get(key)
    if found is None:
        start = Ctx(ctx.level, initial_state(ctx.level, s.seed, s.difficulty))
        found = cache[key] = [
            [closeness(read(start, t)) for t in o.terms] for o in of_level(ctx.level)
        ]
    return found  # type: ignore[no-any-return]


def _split(node: _Node) -> tuple[str, list[_Node]]:
    """The terms of a top-level chain of one kind of joiner (`a and b and c`)."""
    if node.tag != "binary" or node.value not in ("and", "or"):
        return "", [node]
    joiner = str(node.value)
    out: list[_Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.tag == "binary" and n.value == joiner:
            stack.extend(reversed(n.args))
        else:
            out.append(n)
    return joiner, out


def _text(source: str, node: _Node) -> str:
    """The source of `node`, with the brackets it needs to stand alone.

    A node's span starts at its first operand and ends at its last, so `(a) or (b)` spans
    `a) or (b`: the missing brackets are taken back from around it.
    """
    start, end = node.offset, node.offset + node.length
    text = source[start:end]
    opens = closes = 0
    for ch in text:
        if ch == "(":
            opens += 1
        elif ch == ")":
            if opens:
                opens -= 1
            else:
                closes += 1
    while closes and start > 0:
        start -= 1
        if source[start] == "(":
            closes -= 1
    while opens and end < len(source):
        if source[end] == ")":
            opens -= 1
        end += 1
    return source[start:end].strip()


def _term(source: str, node: _Node, env: ExprEnv) -> Term:
    text = _text(source, node)
    whole = compile_expr(text, env)
    if node.tag != "binary" or str(node.value) not in FLIP:
        return Term(text, whole)
    left, right = node.args
    op = str(node.value)
    # The figure is the side that is not a plain number; "60 <= x" reads as "x >= 60".
    if left.tag == "lit" and right.tag != "lit":
        left, right, op = right, left, FLIP[op]
    try:
        figure = compile_expr(_text(source, left), env, "number")
        threshold = compile_expr(_text(source, right), env, "number")
    except ExprError:
        return Term(text, whole)
    call = str(left.value) if left.tag in ("call", "name") else ""
    args = tuple(str(a.value) for a in left.args if a.tag in ("lit", "name"))
    return Term(text, whole, figure, op, threshold, call, args)
