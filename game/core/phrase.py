"""Small English helpers for generated sentences: articles, counts, and "you"/nation agreement."""

from __future__ import annotations

# Words whose first letter misleads the a/an rule ("a union", "an hour").
_CONSONANT_SOUND = ("uni", "use", "usu", "eu", "one", "once", "ukr", "uga", "uru", "uzb")
_VOWEL_SOUND = ("hour", "honest", "honour", "heir")
# Head nouns that make an agreement's name countable ("a trade pact"); other names get
# "agreement" after them ("a technology sharing agreement").
_AGREEMENT_HEADS = (
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
)
_IRREGULAR = {"has": "have", "is": "are", "was": "were", "does": "do", "goes": "go"}


def article(phrase: str) -> str:
    """ "a" or "an" for `phrase` by its first sound."""
    word = phrase.strip().lower().lstrip("“\"'(")
    if not word:
        return "a"
    if word.startswith(_VOWEL_SOUND):
        return "an"
    if word.startswith(_CONSONANT_SOUND):
        return "a"
    return "an" if word[0] in "aeiou" else "a"


def a(phrase: str) -> str:
    """`phrase` with its indefinite article: "an access agreement", "a union"."""
    return f"{article(phrase)} {phrase}"


def plural(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def count(n: float, word: str, many: str = "") -> str:
    """ "1 turn", "2 turns", "0 news items" (`many` for an irregular plural)."""
    one = abs(n) == 1
    return f"{n:g} {word if one else (many or plural(word))}"


def agree(verb: str, you: bool) -> str:
    """A verb given in the third person ("shifts", "has") as `you` would take it."""
    if not you:
        return verb
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith(("shes", "ches", "xes", "zes", "sses")):
        return verb[:-2]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def subject(nid: str, player: str, name: str) -> str:
    """ "You" for the player, else the nation's name."""
    return "You" if nid == player else name


def says(nid: str, player: str, name: str, verb: str) -> str:
    """Subject and verb in agreement: "You shift", "Finland shifts"."""
    return f"{subject(nid, player, name)} {agree(verb, nid == player)}"


def _proper(name: str) -> bool:
    """A name with capitals after its first word ("North Atlantic Alliance") is a proper name."""
    return any(w[:1].isupper() for w in name.split()[1:])


def agreement(name: str) -> str:
    """An agreement kind's name as a countable noun phrase: "technology sharing agreement"."""
    name = name.strip()
    if _proper(name):
        return name
    low = name.lower()
    return low if low.split()[-1:] and low.split()[-1] in _AGREEMENT_HEADS else f"{low} agreement"


def an_agreement(name: str) -> str:
    """ "an access agreement", "a technology sharing agreement", "the North Atlantic Alliance"."""
    phrase = agreement(name)
    return f"the {phrase}" if _proper(name) else a(phrase)


def the_agreement(name: str) -> str:
    """ "the access agreement", "the North Atlantic Alliance"."""
    return f"the {agreement(name)}"


def party(leader: str, name: str) -> str:
    """Who won or held an election: "Maria Delgado (Democratic Union)", or "the opposition"
    for nations whose parties the level leaves unnamed."""
    if name.lower() in ("government", "opposition"):
        return f"the {name.lower()}"
    return f"{leader} ({name})"
