"""Sentences for players: nations as "you" or by name with verbs that agree, signed numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.core.context import Ctx

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


def tone(v: float, good_when_up: bool) -> int:
    """+1 when a change of `v` is good for the player, -1 when bad, 0 for no change."""
    if v == 0:
        return 0
    return 1 if (v > 0) == good_when_up else -1


def article(noun: str) -> str:
    """`noun` with "a" or "an" before it: "an access agreement", "a trade pact"."""
    word = noun.lstrip().lower()
    vowel = word[:1] in "aeio" or (word[:1] == "u" and not word.startswith(("uni", "use", "usu")))
    return f"{'an' if vowel and word else 'a'} {noun}"


def plural(count: float, one: str, many: str | None = None) -> str:
    """ "1 turn", "3 turns", "2 news items"."""
    word = one if count == 1 else (many if many is not None else one + "s")
    return f"{count:g} {word}"


class Voice:
    """Names nations from the player's point of view: "You agree", "Finland agrees"."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.level = ctx.level
        self.player = ctx.player

    def id(self, ref: Any) -> str:
        return self.ctx.resolve(str(ref))

    def is_player(self, ref: Any) -> bool:
        return self.id(ref) == self.player

    def involves_player(self, *refs: Any) -> bool:
        return any(self.is_player(r) for r in refs)

    def subj(self, ref: Any) -> str:
        return "You" if self.is_player(ref) else self.ctx.name(self.id(ref))

    def obj(self, ref: Any) -> str:
        return "you" if self.is_player(ref) else self.ctx.name(self.id(ref))

    def poss(self, ref: Any) -> str:
        return "Your" if self.is_player(ref) else f"{self.ctx.name(self.id(ref))}'s"

    def says(self, ref: Any, verb: str, verb_s: str | None = None) -> str:
        """Subject and verb in agreement: says(player, "shift") -> "You shift"."""
        if self.is_player(ref):
            return f"You {verb}"
        return f"{self.subj(ref)} {verb_s if verb_s is not None else _third_person(verb)}"

    def kind_name(self, kind: Any) -> str:
        try:
            return self.level.kind(str(kind)).name.lower()
        except KeyError:
            return str(kind).replace("_", " ")


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"
