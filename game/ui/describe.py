"""Plain sentences for players: effect previews of event options and what a turn changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.core import phrase
from game.core.context import Ctx
from game.core.defs import EffectDef, LevelDef
from game.core.state import GameState

MINUS = "−"


@dataclass(frozen=True)
class Line:
    """One sentence and whether it is good (+1), bad (-1) or neutral (0) for the player."""

    text: str
    tone: int = 0


def signed(v: float, digits: int = 0) -> str:
    """A signed number with a true minus sign: +5, −3, +0.5."""
    text = f"{abs(v):.{digits}f}" if digits else f"{abs(v):g}"
    return ("+" if v >= 0 else MINUS) + text


def _tone(v: float, good_when_up: bool) -> int:
    if v == 0:
        return 0
    return 1 if (v > 0) == good_when_up else -1


class _Names:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.player = ctx.player

    def id(self, ref: Any) -> str:
        return self.ctx.resolve(str(ref))

    def subj(self, ref: Any) -> str:
        nid = self.id(ref)
        return "You" if nid == self.player else self.ctx.name(nid)

    def says(self, ref: Any, verb: str) -> str:
        """Subject and verb in agreement: "You promise", "Finland promises"."""
        nid = self.id(ref)
        return phrase.says(nid, self.player, self.ctx.name(nid), verb)

    def obj(self, ref: Any) -> str:
        nid = self.id(ref)
        return "you" if nid == self.player else self.ctx.name(nid)

    def poss(self, ref: Any) -> str:
        nid = self.id(ref)
        return "Your" if nid == self.player else f"{self.ctx.name(nid)}'s"

    def involves_player(self, *refs: Any) -> bool:
        return any(self.id(r) == self.player for r in refs)


NATION_NUMBERS = {
    "approval": "approval",
    "stability": "stability",
    "budget": "budget",
    "capital": "diplomatic capital",
    "reputation": "reputation",
    "military": "military strength",
    "economy": "economy",
}
PROMISE_TEXT = {
    "exercise": "a joint exercise",
    "defence": "higher defence spending",
    "aid": "aid",
    "stay": "to stay in your agreements",
}


def describe_effect(ctx: Ctx, effect: EffectDef) -> Line | None:
    """A sentence for one effect, from the point of view of `ctx`'s player; None if invisible."""
    n = _Names(ctx)
    a = effect.args
    name = effect.name
    by = float(a.get("by", 0) or 0)
    if name == "trust":
        src, dst = a.get("from", "target"), a.get("to", "player")
        if a.get("both"):
            return Line(
                f"Trust between {n.obj(src)} and {n.obj(dst)} {signed(by)}", _tone(by, True)
            )
        good = n.id(dst) == n.player or n.id(src) == n.player
        what = f"{n.poss(src)} trust in {n.obj(dst)}"
        return Line(f"{what} {signed(by)}", _tone(by, True) if good else 0)
    if name == "grievance":
        src, dst = a.get("from", "target"), a.get("to", "player")
        tone = _tone(by, False) if n.involves_player(src, dst) else 0
        if a.get("both", True):
            return Line(f"Grievance between {n.obj(src)} and {n.obj(dst)} {signed(by)}", tone)
        return Line(f"{n.poss(src)} grievance against {n.obj(dst)} {signed(by)}", tone)
    if name == "tension":
        return Line(
            f"Tension between {n.obj(a['a'])} and {n.obj(a['b'])} {signed(by)}", _tone(by, False)
        )
    if name == "interop":
        part = a.get("part", "all")
        what = "interoperability" if part == "all" else f"{part} compatibility"
        tone = _tone(by, True) if n.involves_player(a["a"], a["b"]) else 0
        return Line(
            f"{what.capitalize()} between {n.obj(a['a'])} and {n.obj(a['b'])} {signed(by)}", tone
        )
    if name == "world_tension":
        return Line(f"World tension {signed(by)}", _tone(by, False))
    if name in NATION_NUMBERS:
        who = a.get("nation", "nation")
        good = n.id(who) == n.player
        return Line(
            f"{n.poss(who)} {NATION_NUMBERS[name]} {signed(by)}", _tone(by, True) if good else 0
        )
    if name == "add_promise":
        turns = int(a.get("turns", 4))
        kind = str(a.get("kind", ""))
        what = PROMISE_TEXT.get(kind, kind)
        if kind == "defence" and a.get("amount"):
            what = f"defence spending +{a['amount']:g}"
        elif kind == "aid" and a.get("amount"):
            what = f"{a['amount']:g} in aid"
        when = phrase.count(turns, "turn")
        return Line(f"{n.says(a['from'], 'promises')} {n.obj(a['to'])} {what} within {when}", 0)
    if name == "start_project":
        what = "A training programme" if a.get("kind") == "training" else "A technology transfer"
        return Line(f"{what} starts between {n.obj(a['a'])} and {n.obj(a['b'])}", 1)
    if name == "chain_event":
        after = phrase.count(int(a.get("after", 1)), "turn")
        chained = next((e for e in ctx.level.events if e.id == a.get("event")), None)
        if chained is not None and chained.title:
            return Line(f"Then “{chained.title}” in {after}", 0)
        return Line(f"Consequences follow in {after}", 0)
    if name == "change_government":
        return Line(
            f"{n.poss(a.get('nation', 'nation'))} government falls; the opposition takes over", 0
        )
    if name == "change_leader":
        who = a.get("nation", "nation")
        return Line(f"{n.says(who, 'gets')} a new leader, {a.get('leader')}", 0)
    if name == "shift_values":
        axis = next((x for x in ctx.level.axes if x.id == a.get("axis")), None)
        if axis is None:
            return None
        pole = axis.high if by > 0 else axis.low
        who = n.says(a.get("nation", "nation"), "moves")
        if not pole:
            return Line(f"{who} {'up' if by > 0 else 'down'} on {axis.name.lower()}", 0)
        return Line(f"{who} toward “{pole}” on {axis.name.lower()}", 0)
    if name == "threat":
        t = next((x for x in ctx.level.threats if x.id == a.get("threat")), None)
        label = t.name if t is not None else str(a.get("threat"))
        return Line(f"Threat “{label}” {signed(by)}", _tone(by, False))
    if name == "leave_agreement":
        kind = phrase.the_agreement(_kind_title(ctx.level, str(a.get("kind"))))
        who = a.get("nation", "nation")
        tone = -1 if n.id(who) != n.player else 0
        return Line(f"{n.says(who, 'leaves')} {kind}", tone)
    if name == "form_agreement":
        kind = phrase.an_agreement(_kind_title(ctx.level, str(a.get("kind"))))
        return Line(
            f"{n.subj(a['a'])} and {n.obj(a['b'])} sign {kind}",
            1 if n.involves_player(a["a"], a["b"]) else 0,
        )
    # Flags and news lines change nothing a player can weigh.
    return None


def _kind_title(level: LevelDef, kind: str) -> str:
    try:
        return level.kind(kind).name
    except KeyError:
        return kind.replace("_", " ")


def _kind_name(level: LevelDef, kind: str) -> str:
    return phrase.agreement(_kind_title(level, kind))


def describe_effects(ctx: Ctx, effects: Any) -> list[Line]:
    """The sentences of a list of effects; a sentence said twice is said once, "(×2)"."""
    out: list[Line] = []
    times: dict[Line, int] = {}
    for e in effects:
        try:
            line = describe_effect(ctx, e)
        except (KeyError, ValueError, TypeError):
            line = Line(f"{e.name.replace('_', ' ')}: {e.args}")
        if line is None:
            continue
        if line not in times:
            out.append(line)
        times[line] = times.get(line, 0) + 1
    return [Line(f"{ln.text} (×{times[ln]})", ln.tone) if times[ln] > 1 else ln for ln in out]


def requirement_text(text: str) -> str:
    """A condition as players read it: the expression with friendlier operators."""
    return text.replace(">=", "≥").replace("<=", "≤").replace("!=", "≠").replace("player", "you")


# -- what a turn changed -------------------------------------------------------------


def turn_changes(level: LevelDef, before: GameState, after: GameState, player: str) -> list[Line]:
    """The player-facing differences between two states, most important first."""
    p = after.idx(player)
    lines: list[Line] = []

    def num(label: str, old: float, new: float, good_up: bool = True, digits: int = 0) -> None:
        d = new - old
        if abs(d) < 1:
            digits = 1
        if round(d, digits or 1) != 0:
            lines.append(
                Line(
                    f"{label}: {old:.{digits}f} → {new:.{digits}f} ({signed(d, 1)})",
                    _tone(d, good_up),
                )
            )

    num("Approval", float(before.approval[p]), float(after.approval[p]))
    num("Diplomatic capital", float(before.capital[p]), float(after.capital[p]))
    num("Budget", float(before.budget[p]), float(after.budget[p]), digits=1)
    num("Reputation", float(before.reputation[p]), float(after.reputation[p]))
    num("World tension", before.world_tension, after.world_tension, good_up=False)
    names = {x.id: x.name for x in level.nations}
    moves = []
    for j, nid in enumerate(after.ids):
        if j == p:
            continue
        d = float(after.trust[j, p] - before.trust[j, p])
        if abs(d) >= 0.5:
            moves.append((abs(d), nid, d, float(after.trust[j, p])))
    for _, nid, d, now in sorted(moves, key=lambda m: (-m[0], m[1]))[:6]:
        lines.append(
            Line(f"{names[nid]}'s trust in you {signed(d, 1)} (now {now:.0f})", _tone(d, True))
        )
    old = {(a.kind, m) for a in before.agreements for m in a.members if player in a.members}
    new = {(a.kind, m) for a in after.agreements for m in a.members if player in a.members}
    for kind, m in sorted(new - old):
        if m != player:
            lines.append(Line(f"New {_kind_name(level, kind)} partner: {names.get(m, m)}", 1))
    for kind, m in sorted(old - new):
        if m != player:
            lines.append(
                Line(f"{names.get(m, m)} is no longer in your {_kind_name(level, kind)}", -1)
            )
    for t_new in after.threats:
        t_old = next((t for t in before.threats if t.id == t_new.id), None)
        if t_old is not None and abs(t_new.level - t_old.level) >= 1:
            label = next((t.name for t in level.threats if t.id == t_new.id), t_new.id)
            d = t_new.level - t_old.level
            lines.append(
                Line(f"Threat “{label}” {signed(d, 1)} (now {t_new.level:.0f})", _tone(d, False))
            )
    return lines
