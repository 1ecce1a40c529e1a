"""What the player must reach and avoid, as figures: value, threshold, trend, met or not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.core import numbering, objectives, phrasing
from game.core.context import Ctx
from game.core.defs import LevelDef
from game.core.expr import ExprError
from game.core.phrasing import Line, figure
from game.core.state import GameState
from game.ui.charts import SERIES_KEYS, GoalLine, history_series
from game.ui.theme import Theme

if TYPE_CHECKING:
    from game.ui.session import Session

DANGER = 0.85  # how near a defeat's threshold counts as a warning
OP_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}
# The chart series a goal figure is drawn over (see charts.SERIES_KEYS).
SERIES_OF = {
    "approval": "approval",
    "world_tension": "tension",
    "alliance_interop": "interop",
    "avg_trust_in": "trust",
}


@dataclass(frozen=True)
class Row:
    """One term of an objective as the panel and the top bar show it."""

    label: str
    value: str  # "47 / 60", or "met" / "not yet" for a term without a figure
    trend: str  # "↑", "↓", "→" or "" when unknown
    met: bool
    victory: bool
    progress: float | None  # 0..1 toward a victory threshold, or toward danger for a defeat
    series: str = ""  # the history chart line this figure belongs to
    threshold: float | None = None
    figure: float | None = None  # the figure itself, unrounded
    op: str = ""  # how it is compared with the threshold (">=", "<", …)


@dataclass(frozen=True)
class Group:
    """One victory or defeat condition: its sentence and its rows."""

    text: str
    victory: bool
    joiner: str
    by_turn: str
    rows: tuple[Row, ...]

    @property
    def met(self) -> bool:
        flags = [r.met for r in self.rows]
        return any(flags) if self.joiner == "or" else all(flags)


def _kind(level: LevelDef, kind: str) -> str:
    try:
        return phrasing.agreement(level.kind(kind).name)
    except KeyError:
        return kind.replace("_", " ")


def label(level: LevelDef, term: objectives.Term) -> str:
    """A goal figure in words: "Defence pact interoperability", "Your approval"."""
    args = [a for a in term.args if a not in ("player", "nation", "target")]
    yours = "player" in term.args
    kind = _kind(level, args[0]) if args else ""
    named = {
        "alliance_size": f"Members of your {kind}",
        "alliance_interop": f"Interoperability in your {kind}",
        "alliance_min_approval": f"Lowest approval among your {kind} partners",
        "avg_trust_in": "Average trust in you",
        "world_tension": "World tension",
    }
    if term.call in named:
        return named[term.call]
    if term.call and yours:
        return f"Your {term.call.replace('_', ' ')}"
    if term.call:
        return term.call.replace("_", " ").capitalize()
    return alternatives(level, readable(level, term.text))


def alternatives(level: LevelDef, text: str) -> str:
    """Alternatives that differ only in the nation they name, said once: "defence pact with
    Japan and interoperability with Japan ≥ 84 or defence pact with South Korea and …"
    reads "defence pact with X and interoperability with X ≥ 84, X one of Japan or South
    Korea". Any other text is returned as it is."""
    alts = text.split(" or ")
    if len(alts) < 2:
        return text
    names = sorted((n.name for n in level.nations), key=len, reverse=True)
    found, shapes = [], set()
    for alt in alts:
        named, rest = [], alt
        for n in names:  # longest first: "Niger" is not found inside "Nigeria"
            if n in rest:
                named.append(n)
                rest = rest.replace(n, "")
        if len(named) != 1:
            return text
        found.append(named[0])
        shapes.add(alt.replace(named[0], "X"))
    if len(shapes) != 1 or len(set(found)) != len(found):
        return text
    pick = ", ".join(found[:-1]) + f" or {found[-1]}"
    return f"{shapes.pop()}, X one of {pick}"


# Figures in words, by how many nations they take; `owner` is the first one's possessive.
_FIGURE = {
    "capital": (1, "{owner} diplomatic capital"),
    "budget": (1, "{owner} budget"),
    "approval": (1, "{owner} approval"),
    "stability": (1, "{owner} stability"),
    "reputation": (1, "{owner} reputation"),
    "military": (1, "{owner} military strength"),
    "economy": (1, "{owner} economy"),
    "trust": (2, "{owner} trust in {b}"),
    "grievance": (2, "{owner} grievance against {b}"),
    "tension": (2, "tension between {a} and {b}"),
    "affinity": (2, "affinity between {a} and {b}"),
}
_CALL = re.compile(r"(\w+)\(([^()]*)\)")


def readable(level: LevelDef, text: str) -> str:
    """A condition with its calls put in words: "defence pact with Japan and
    interoperability with Japan ≥ 60"."""
    names = {n.id: n.name for n in level.nations}

    def nation(arg: str) -> str:
        return "you" if arg == "player" else names.get(arg, arg)

    def call(m: re.Match[str]) -> str:
        name = m.group(1)
        args = [a.strip().strip("'\"") for a in m.group(2).split(",") if a.strip()]
        others = [nation(a) for a in args if a in names or a == "player"]
        rest = [a for a in args if a not in names and a != "player"]
        if name == "has_agreement" and rest:
            who = [o for o in others if o != "you"]
            return f"{_kind(level, rest[0])} with {' and '.join(who) or 'you'}"
        if name in _FIGURE and len(others) == _FIGURE[name][0] and not rest:
            a, b = others[0], others[-1]
            owner = "your" if a == "you" else phrasing.possessive(a)
            return _FIGURE[name][1].format(a=a, b=b, owner=owner)
        if name == "is_member" and rest:
            whose = (
                ", ".join("your" if o == "you" else phrasing.possessive(o) for o in others) or "a"
            )
            return f"{whose} membership of the {_kind(level, rest[0])}"
        if name == "interop":
            who = [o for o in others if o != "you"]
            return f"interoperability with {' and '.join(who) or 'you'}"
        words = name.replace("_", " ")
        return f"{words} of {', '.join(others + rest)}" if args else words

    out = text
    for _ in range(4):  # calls inside calls, innermost first
        new = _CALL.sub(call, out)
        if new == out:
            break
        out = new
    for op, word in OP_TEXT.items():
        out = out.replace(f" {op} ", f" {word} ")
    return out.replace("(", "").replace(")", "")


_SCOPE = re.compile(r"\b(nation|target)\b")


def requirement_text(ctx: Ctx, text: str) -> str:
    """A requirement as players read it, each figure with its value now:
    "your diplomatic capital ≥ 1 (you have 0)", "Norway's budget ≥ 2 (it has 1.5)".

    `ctx` is scoped to the event, so `nation` and `target` name its nations.
    """
    level, player = ctx.level, ctx.level.player
    # The event's nations by id, the player as "player" (read as "you", "your").
    bound = {
        v: "player" if ctx.var(v) == player else str(ctx.var(v))
        for v in ("nation", "target")
        if ctx.var(v)
    }
    env = objectives.env_of(level)

    def named(m: re.Match[str]) -> str:
        return bound.get(m.group(1), m.group(1))

    try:
        joiner, terms = objectives.terms_of(text, env)
    except ExprError:  # a requirement the checker let through is still shown, as written
        return readable(level, text.replace("player", "you"))
    parts = []
    for term in terms:
        r = objectives.read(ctx, term)
        ids = [bound.get(a, a) for a in term.args]
        if term.figure is None or r.value is None or r.threshold is None:
            parts.append(readable(level, _SCOPE.sub(named, term.text)))
            continue
        limit, now = f"{r.threshold:g}", figure(r.value, term.op, r.threshold, r.met, 1)
        what = readable(level, _SCOPE.sub(named, term.figure.text))
        if term.call in _FIGURE and _FIGURE[term.call][0] == 1 == len(ids):
            has = "you have" if ids[0] == "player" else "it has"
        else:
            has = "now"
        parts.append(f"{what} {OP_TEXT[term.op]} {limit} ({has} {now})")
    return f" {joiner} ".join(parts)


def _arrow(now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return ""
    if abs(now - before) < 0.5:
        return "→"
    return "↑" if now > before else "↓"


def _progress(r: objectives.Reading) -> float | None:
    if r.value is None or r.threshold is None or r.threshold == 0:
        return None
    # Toward the goal for a victory, toward the danger for a defeat: 1 at the threshold.
    up = r.term.op in (">=", ">")
    t = r.value / r.threshold if up else (100 - r.value) / max(1.0, 100 - r.threshold)
    return max(0.0, min(1.0, t))


class Tracker:
    """The level's objectives, split once, read against any state."""

    def __init__(self, level: LevelDef) -> None:
        self.level = level
        self.objectives = objectives.objectives(level, objectives.env_of(level))

    def groups(self, state: GameState, before: GameState | None = None) -> list[Group]:
        level = self.level
        ctx = Ctx(level, state)
        old = Ctx(level, before) if before is not None else None
        out = []
        for obj in self.objectives:
            rows = []
            for term in obj.terms:
                r = objectives.read(ctx, term)
                prev = objectives.read(old, term).value if old is not None else None
                if r.value is not None and r.threshold is not None and obj.victory:
                    now = figure(r.value, term.op, r.threshold, r.met)
                    if term.op in ("<", "<="):
                        # A figure to keep down reads as a limit, not as progress toward it.
                        value = f"{now} · wins at {OP_TEXT[term.op]} {r.threshold:g}"
                    else:
                        value = f"{now} / {r.threshold:g}"
                elif r.value is not None and r.threshold is not None:
                    now = figure(r.value, term.op, r.threshold, r.met)
                    value = f"{now} · defeat at {OP_TEXT[term.op]} {r.threshold:g}"
                else:
                    value = "met" if r.met else "not yet"
                rows.append(
                    Row(
                        label(level, term),
                        value,
                        _arrow(r.value, prev),
                        r.met,
                        obj.victory,
                        _progress(r),
                        SERIES_OF.get(term.call, ""),
                        r.threshold,
                        r.value,
                        term.op,
                    )
                )
            by = obj.goal.by_turn
            by_turn = f"by {numbering.when(level, by)}" if by is not None else ""
            out.append(Group(obj.goal.text, obj.victory, obj.joiner, by_turn, tuple(rows)))
        return out


def tracker(session: Session) -> Tracker:
    """The session's tracker, built once per level."""
    t = session.memo.get("tracker")
    if not isinstance(t, Tracker) or t.level is not session.level:
        t = Tracker(session.level)
        session.memo["tracker"] = t
    return t


def groups(session: Session) -> list[Group]:
    return tracker(session).groups(session.game.state, session.previous_start)


def goal_changes(session: Session, before: GameState) -> list[Line]:
    """The conditions of victory that came to hold, or stopped holding, since `before`:
    "Condition met: …" and "Condition lost: … (now …)", for the turn summary."""
    t = tracker(session)
    then = [r.met for g in t.groups(before) if g.victory for r in g.rows]
    now = [r for g in t.groups(session.game.state) if g.victory for r in g.rows]
    out = []
    for was, row in zip(then, now, strict=True):
        if row.met and not was:
            out.append(Line(f"Condition met: {row.label}", 1))
        elif was and not row.met:
            figure = f" (now {row.value})" if row.figure is not None else ""
            out.append(Line(f"Condition lost: {row.label}{figure}", -1))
    return out


def row_text(row: Row) -> str:
    """ "Interoperability in your defence pact 47 / 60 ↑"."""
    return " ".join(p for p in (row.label, row.value, row.trend) if p)


def win_heading(gs: list[Group], g: Group) -> str:
    """A victory's heading: "To win", or with other victories beside it "To win, either" and
    "Or" for the next ones (any one of them wins)."""
    wins = [x for x in gs if x.victory]
    head = "To win" if len(wins) == 1 else ("To win, either" if g is wins[0] else "Or")
    return head + (" — any of these" if g.joiner == "or" else "")


def nearest_win(gs: list[Group]) -> Group | None:
    """The victory with the largest share of its conditions met (the first, on a tie)."""
    wins = [g for g in gs if g.victory and g.rows]
    if not wins:
        return None
    return max(wins, key=lambda g: sum(r.met for r in g.rows) / len(g.rows))


def condition_lines(gs: list[Group]) -> list[str]:
    """Every condition under its heading, one per line; ways to lose that follow one another
    share one heading, since any one of them ends the game."""
    lines: list[str] = []
    single, single_by = -1, ""  # the last heading over one way to lose, open to more
    for g in gs:
        by = f" {g.by_turn}" if g.by_turn else ""
        alone = not g.victory and len(g.rows) == 1
        if alone and single >= 0 and single_by == by:
            lines[single] = f"You lose if any of these{by}:"
        else:
            head = win_heading(gs, g) if g.victory else "You lose if"
            join = " any of these" if g.joiner == "or" and not g.victory else ""
            lines.append(f"{head}{join}{by}:")
            single, single_by = (len(lines) - 1 if alone else -1), by
        lines += [("  ✓ " if r.met else "  · ") + row_text(r) for r in g.rows]
        if not alone:
            single = -1
    return lines


def summary(session: Session) -> tuple[str, str]:
    """The top bar's figure ("1/3") and its tooltip (every condition, one per line)."""
    gs = groups(session)
    # With several ways to win, the figure is the nearest one's: conditions of different
    # victories do not add up.
    near = nearest_win(gs)
    wins = list(near.rows) if near is not None else []
    met = sum(1 for r in wins if r.met)
    lines = condition_lines(gs)
    danger = [r for g in gs if not g.victory for r in g.rows if (r.progress or 0) >= DANGER]
    shown = f"{met}/{len(wins)}" + (" ⚠" if danger else "")
    return shown, "\n".join(lines) + "\nClick here or press O for the objectives."


def goal_lines(session: Session, theme: Theme) -> list[GoalLine]:
    """The thresholds of the figures the history chart draws, in their lines' colours."""
    colours = {
        key: s.color
        for (key, _), s in zip(SERIES_KEYS, history_series([], None, theme), strict=True)
    }
    out = []
    for g in groups(session):
        for r in g.rows:
            if r.series and r.threshold is not None:
                head = "Goal" if g.victory else "Defeat"
                out.append(GoalLine(r.threshold, colours[r.series], f"{head}: {r.label}"))
    return out
