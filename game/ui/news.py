"""Which news matters to the player: their own country first, then partners, then elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from game.core.outcomes import Outcome
from game.core.state import GameState

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
