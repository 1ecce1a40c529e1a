"""Plain sentences for players: requirements, and what a turn changed for the player."""

from __future__ import annotations

from game.core.defs import LevelDef
from game.core.effects import describe_effect, describe_effects
from game.core.game import date_label
from game.core.phrasing import Line, agreement, possessive, signed
from game.core.phrasing import tone as _tone
from game.core.promises import progress
from game.core.state import GameState, PromiseState

__all__ = ["Line", "describe_effect", "describe_effects", "signed"]


def lasting_first(why: list[str]) -> list[str]:
    """Reasons a command is refused, what waiting will not change (a lesson, a rule, a
    missing step) before what the next turn's capital or budget will ("needs 1 diplomatic
    capital, you have 0")."""
    return sorted(why, key=lambda w: w.startswith("needs ") and ", you have " in w)


# -- what a turn changed -------------------------------------------------------------


def turn_changes(level: LevelDef, before: GameState, after: GameState, player: str) -> list[Line]:
    """The player-facing differences between two states, most important first."""
    p = after.idx(player)
    lines: list[Line] = []

    def num(label: str, old: float, new: float, good_up: bool = True) -> None:
        # Whole numbers as they are, others to a tenth; the change is the difference of the
        # numbers shown, so that the line adds up ("22.5 → 20.8 (−1.7)", not "22 → 21 (−1.7)").
        digits = 0 if float(old).is_integer() and float(new).is_integer() else 1
        shown_old, shown_new = round(old, digits), round(new, digits)
        d = round(shown_new - shown_old, digits)
        if d != 0:
            lines.append(
                Line(
                    f"{label}: {shown_old:.{digits}f} → {shown_new:.{digits}f} "
                    f"({signed(d, digits)})",
                    _tone(d, good_up),
                )
            )

    num("Approval", float(before.approval[p]), float(after.approval[p]))
    num("Diplomatic capital", float(before.capital[p]), float(after.capital[p]))
    num("Budget", float(before.budget[p]), float(after.budget[p]))
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
            Line(
                f"{possessive(names[nid])} trust in you {signed(d, 1)} (now {now:.0f})",
                _tone(d, True),
            )
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


def _kind_name(level: LevelDef, kind: str) -> str:
    try:
        return agreement(level.kind(kind).name)
    except KeyError:
        return kind.replace("_", " ")


def promise_line(level: LevelDef, state: GameState, player: str, pr: PromiseState) -> str:
    """ "You → Germany: defence +3 of +10, 2 turns left (military 41 of 48) · by Q3 2027"."""
    names = {n.id: n.name for n in level.nations}
    who = "You" if pr.promiser == player else names.get(pr.promiser, pr.promiser)
    to = "you" if pr.promisee == player else names.get(pr.promisee, pr.promisee)
    return f"{who} → {to}: {progress(state, pr).text()} · by {date_label(level, pr.deadline)}"
