"""What every strategy shares: reading legal commands by kind, answering, and ending the turn."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from game.core import actions
from game.core.commands import Command
from game.core.game import Game
from game.core.outcomes import Accepted

ANSWERS = ("ChooseOption", "AnswerProposal", "AnswerRequest")
# Picks one answer among the legal answers to one pending event or offer.
Chooser = Callable[[Game, list[Command]], Command]


def kind(cmd: Command) -> str:
    """The stable name of a command's kind (`ProposeAgreement`, `EndTurn`, ...)."""
    return str(cmd.to_dict()["type"])


def field(cmd: Command, name: str) -> object:
    return cmd.to_dict().get(name)


def spendable() -> list[actions.ActionDef]:
    """The registry's player actions that cost something (every action but answers and end turn)."""
    return [a for a in actions.ordered() if a.scope in ("pair", "self")]


def issued(game: Game, cmd: Command) -> bool:
    return isinstance(game.issue(cmd), Accepted)


def answer_all(game: Game, choose: Chooser | None = None) -> list[Command]:
    """Answer every pending event and offer, and return the legal commands left after.

    `choose` picks among one item's legal answers; without it, events take their first
    legal option and offers, asks and calls are declined.
    """
    while not game.over:
        legal = game.legal_commands()
        groups: dict[tuple[str, object], list[Command]] = {}
        for c in legal:
            if kind(c) in ANSWERS:
                groups.setdefault((kind(c), field(c, "key")), []).append(c)
        if not groups:
            return legal
        # One answer can change what another may choose (or raise a new event): each pick
        # is issued in turn, a refused one is asked again on the next round.
        picks = [(choose or first_answer)(game, group) for group in groups.values()]
        if not issue_each(game, picks):  # pragma: no cover - the first is always legal
            raise RuntimeError("no pending answer was accepted")
    return []


def first_answer(game: Game, group: list[Command]) -> Command:
    """The first legal option of an event; no to an offer, an ask or a call (as if it were
    left to lapse)."""
    for c in group:
        if kind(c) in ("AnswerProposal", "AnswerRequest") and field(c, "accept") is False:
            return c
    return group[0]


def end_turn(game: Game, choose: Chooser | None = None) -> None:
    """Answer what is still pending, then end the turn."""
    finish(game, answer_all(game, choose))


def finish(game: Game, legal: list[Command]) -> None:
    """End the turn with the EndTurn of `legal`, the list of legal commands right now."""
    if game.over:
        return
    ends = [c for c in legal if kind(c) == "EndTurn"]
    if not ends or not issued(game, ends[0]):  # pragma: no cover - answers came first
        raise RuntimeError("the turn cannot be ended")


def issue_each(game: Game, cmds: Iterable[Command]) -> int:
    """Issue commands in order, skipping any the rules now refuse; how many were accepted."""
    return sum(1 for c in cmds if not game.over and issued(game, c))
