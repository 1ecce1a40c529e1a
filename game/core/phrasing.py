"""Sentences for players: nations as "you" or by name with verbs that agree, signed numbers."""

from __future__ import annotations

import functools
import operator
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
    # Without fixed digits a previewed change shows at most one decimal: +1.9, not +1.93333.
    text = f"{abs(v):.{digits}f}" if digits else f"{round(abs(v), 1):g}"
    return ("+" if v >= 0 else MINUS) + text


def tone(v: float, good_when_up: bool) -> int:
    """+1 when a change of `v` is good for the player, -1 when bad, 0 for no change."""
    if v == 0:
        return 0
    return 1 if (v > 0) == good_when_up else -1


# Words whose first letter misleads the a/an rule ("a union", "a European", "an hour").
_CONSONANT_SOUND = ("uni", "use", "usu", "eu", "one", "once", "ukr", "uga", "uru", "uzb")
_VOWEL_SOUND = ("hour", "honest", "honour", "heir")
# Head nouns that make an agreement's name countable ("a trade pact"); other names get
# "agreement" after them ("a technology sharing agreement").
_AGREEMENT_HEADS = frozenset(
    {
        "agreement",
        "pact",
        "forum",
        "treaty",
        "alliance",
        "accord",
        "partnership",
        "union",
        "council",
        "deal",
        "dialogue",
        "charter",
        "compact",
        "convention",
        "framework",
        "initiative",
        "programme",
        "zone",
        "arrangement",
        "community",
        "organisation",
        "organization",
        "league",
        "bloc",
        "coalition",
        "concert",
        "group",
        "summit",
        "mission",
        "exercise",
    }
)


# The first words of lines that are no name, lowered inside a sentence.
_COMMON_OPENINGS = (
    "Your ", "You ", "Every ", "World ", "Trust ", "Tension ", "Grievance ",
)  # fmt: skip


def in_sentence(text: str) -> str:
    """A line that opens with a common word ("Your", "Tension", "World") lowered to run on
    inside a sentence ("Costs you: … · your approval −1 · tension between you and Russia
    +3"); one that opens with a name keeps its capital."""
    return text[0].lower() + text[1:] if text.startswith(_COMMON_OPENINGS) else text


_HOLDS = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


def figure(value: float, op: str, threshold: float, met: bool, digits: int = 0) -> str:
    """`value` as a goal shows it: with `digits` decimals (as few as it needs), unless
    rounding would make it read as meeting a threshold it misses (52.6 shown as 53 against
    "≥ 53"), or the reverse; then with the decimals that tell them apart."""
    holds = _HOLDS.get(op)
    for d in range(digits, 3):
        text = f"{round(value, d):.{d}f}" if d == 0 else f"{round(value, d):g}"
        if holds is None or bool(holds(float(text), threshold)) == met:
            return text
    return f"{value:g}"


def short_of(have: float, need: float) -> str:
    """What a nation has of something it has too little of, as the top bar shows amounts
    (one decimal at most: "9.9"), with the decimals it takes never to read as enough
    ("9.96" against a need of 10, not "10")."""
    return figure(have, ">=", need, False, 1)


# Last words of names that are plural ("Solomon Islands", "United States", "Philippines"):
# their possessive takes an apostrophe alone.
_PLURAL_ENDINGS = ("ands", "ates", "ines", "ives", "elles", "amas", "oros")


def possessive(name: str) -> str:
    """ "Finland's", "Belarus's", but "Solomon Islands'" and "United States'"."""
    return f"{name}'" if name.endswith(_PLURAL_ENDINGS) else f"{name}'s"


def opening(text: str) -> str:
    """`text` as a sentence's start: its first letter raised, the rest as it is (a name
    inside keeps its capitals, which `str.capitalize` would lower)."""
    return text[:1].upper() + text[1:]


def article(noun: str) -> str:
    """`noun` with "a" or "an" before it by its first sound: "an access agreement", "a union"."""
    word = noun.strip().lower().lstrip("“\"'(")
    if word.startswith(_VOWEL_SOUND):
        vowel = True
    elif word.startswith(_CONSONANT_SOUND):
        vowel = False
    else:
        vowel = word[:1] in "aeiou"
    return f"{'an' if vowel else 'a'} {noun}"


def _proper(name: str) -> bool:
    """A name with capitals after its first word ("North Atlantic Alliance") is a proper name."""
    return any(w[:1].isupper() for w in name.split()[1:])


@functools.lru_cache(maxsize=256)  # a level has a few kinds, named in every ledger
def agreement(name: str) -> str:
    """An agreement kind's name as a countable noun phrase: "technology sharing agreement"."""
    name = name.strip()
    if _proper(name):
        return name
    words = name.lower().split()
    return (
        " ".join(words)
        if words[-1:] and words[-1] in _AGREEMENT_HEADS
        else f"{name.lower()} agreement"
    )


def an_agreement(name: str) -> str:
    """ "an access agreement", "a technology sharing agreement", "the North Atlantic Alliance"."""
    return f"the {agreement(name)}" if _proper(name) else article(agreement(name))


def the_agreement(name: str) -> str:
    """ "the access agreement", "the North Atlantic Alliance"."""
    return f"the {agreement(name)}"


def party(leader: str, name: str) -> str:
    """Who won or held an election: "Maria Delgado (Democratic Union)", or "the opposition"
    for nations whose parties the level leaves unnamed."""
    if name.lower() in ("government", "opposition"):
        return f"the {name.lower()}"
    return f"{leader} ({name})"


def plural(count: float, one: str, many: str | None = None) -> str:
    """ "1 turn", "3 turns", "2 news items"."""
    word = one if count == 1 else (many if many is not None else one + "s")
    return f"{count:g} {word}"


def listing(names: list[str], most: int = 3) -> str:
    """ "Poland", "Poland and Lithuania", "Poland, Lithuania and Latvia"; past `most`
    names, "Poland, Lithuania, Latvia and 2 more"."""
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


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
        return "Your" if self.is_player(ref) else possessive(self.ctx.name(self.id(ref)))

    def says(self, ref: Any, verb: str, verb_s: str | None = None) -> str:
        """Subject and verb in agreement: says(player, "shift") -> "You shift"."""
        if self.is_player(ref):
            return f"You {verb}"
        return f"{self.subj(ref)} {verb_s if verb_s is not None else _third_person(verb)}"

    def kind_name(self, kind: Any) -> str:
        """An agreement kind as a noun phrase: "technology sharing agreement"."""
        return agreement(self.kind_title(kind))

    def kind_title(self, kind: Any) -> str:
        try:
            return self.level.kind(str(kind)).name
        except KeyError:
            return str(kind).replace("_", " ")


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"
