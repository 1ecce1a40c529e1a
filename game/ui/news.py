"""Which news matters to the player: their own country first, then partners, then elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.core.defs import LevelDef
from game.core.outcomes import FACT_TONES, Outcome
from game.core.promises import open_promises, progress
from game.core.state import GameState

# Not a fact of the rules: the feed's reminder of a promise of the player's falling due.
PROMISE_DUE = "PromiseDue"

HOME, PARTNERS, ELSEWHERE = 0, 1, 2
SECTION_TITLES = ("Your country", "Your partners", "Elsewhere")
# Facts that concern everyone, whoever they name: threats moving, a crisis, the end.
WORLD_FACTS = frozenset({"ThreatRising", "ThreatPeaked", "CrisisErupted", "GameEnded"})
POLITICS_FACTS = frozenset(
    {"ElectionHeld", "GovernmentChanged", "GovernmentCollapsed", "LeaderChanged"}
)
PARTNER_FACTS = POLITICS_FACTS | {
    "AgreementSigned",
    "AgreementLeft",
    "PromiseBroken",
    "ProjectStalled",
}
# The biggest news, most severe first: one of these with the player in it earns the banner.
BANNER_FACTS = (
    "GameEnded",
    "CrisisErupted",
    "GovernmentCollapsed",
    "GovernmentChanged",
    "AgreementLeft",
    "PromiseBroken",
    "IncidentOccurred",
    "AgreementSigned",
    "ElectionHeld",
    "PromiseKept",
)


@dataclass(frozen=True)
class Item:
    outcome: Outcome
    section: int
    weight: int  # lower comes first within its section


def partners(state: GameState, player: str) -> set[str]:
    return {m for a in state.agreements_of(player) for m in a.members if m != player}


def rank(news: list[Outcome], state: GameState, player: str) -> list[Item]:
    """Every item with its section, in the order the feed lists them (stable within ties)."""
    allies = partners(state, player)
    items = []
    for k, o in enumerate(news):
        mine = player in o.nations
        if mine or o.fact in WORLD_FACTS:
            section = HOME
        elif o.fact in PARTNER_FACTS and allies.intersection(o.nations):
            section = PARTNERS
        else:
            section = ELSEWHERE
        big = BANNER_FACTS.index(o.fact) if o.fact in BANNER_FACTS else len(BANNER_FACTS)
        items.append((section, big, k, Item(o, section, big)))
    return [it for *_, it in sorted(items, key=lambda x: x[:3])]


def banner(news: list[Outcome], state: GameState, player: str) -> Outcome | None:
    """The one piece of news the player must not miss this turn, if there is one."""
    home = [it for it in rank(news, state, player) if it.section == HOME]
    top = min(home, key=lambda it: it.weight, default=None)
    return top.outcome if top is not None and top.weight < len(BANNER_FACTS) else None


AGREEMENT_FACTS = frozenset(
    {
        "AgreementSigned",
        "AgreementLeft",
        "ProposalReceived",
        "ProposalDeclined",
        "ProposalLapsed",
        "JoinRefused",
    }
)
PROMISE_FACTS = frozenset({"PromiseMade", "PromiseKept", "PromiseBroken", PROMISE_DUE})
THREAT_FACTS = WORLD_FACTS | {"IncidentOccurred", "TensionRose"}


@dataclass(frozen=True)
class Filter:
    """One way to narrow the feed: its name and which ranked items it keeps."""

    id: str
    label: str
    keeps: Callable[[Item], bool]


FILTERS: tuple[Filter, ...] = (
    Filter("all", "All news", lambda it: True),
    Filter("home", "Your country", lambda it: it.section == HOME),
    Filter("partners", "Your partners", lambda it: it.section == PARTNERS),
    Filter("elections", "Elections", lambda it: it.outcome.fact in POLITICS_FACTS),
    Filter("agreements", "Agreements", lambda it: it.outcome.fact in AGREEMENT_FACTS),
    Filter("promises", "Promises", lambda it: it.outcome.fact in PROMISE_FACTS),
    Filter("threats", "Threats", lambda it: it.outcome.fact in THREAT_FACTS),
    Filter("elsewhere", "Elsewhere", lambda it: it.section == ELSEWHERE),
)
FILTER_IDS = tuple(f.id for f in FILTERS)


def filtered(items: list[Item], filter_id: str) -> list[Item]:
    """The ranked items one filter keeps ("all" keeps every one)."""
    keep = FILTERS[FILTER_IDS.index(filter_id)].keeps
    return [it for it in items if keep(it)]


def counts(items: list[Item]) -> dict[str, int]:
    """How many items each filter would show."""
    return {f.id: sum(1 for it in items if f.keeps(it)) for f in FILTERS}


def due_promises(level: LevelDef, state: GameState, player: str) -> list[Outcome]:
    """The player's open promises judged this turn or next, with how far each has come."""
    names = {n.id: n.name for n in level.nations}
    out = []
    for p in open_promises(state, player):
        pr = progress(state, p)
        if p.promiser != player or pr.turns_left > 1:
            continue
        to = names.get(p.promisee, p.promisee)
        text = f"Your promise to {to}: {pr.text()}"
        out.append(Outcome(PROMISE_DUE, text, (player, p.promisee)))
    return out


def feed_items(level: LevelDef, state: GameState, player: str, news: list[Outcome]) -> list[Item]:
    """What the feed lists, ranked: the promises falling due, then the news."""
    return rank(due_promises(level, state, player) + news, state, player)


def tone_of(o: Outcome) -> int:
    """Good (+1), bad (-1) or neutral news for the player's feed; the end of a game by how
    it ended (a victory is good news)."""
    if o.fact == PROMISE_DUE:
        return -1
    if o.fact == "GameEnded" and o.data.get("result") in ("victory", "ended"):
        return 1 if o.data["result"] == "victory" else 0
    return FACT_TONES.get(o.fact, 0)
