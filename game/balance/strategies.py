"""The reference strategies by name: passive, random, spam of one action, the AI, the expert."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from game.balance.expert import expert
from game.balance.play import answer_all, end_turn, finish, issue_each, kind, spendable
from game.core.game import Game

# A strategy plays one whole turn of the player's seat (and ends it); `rng` is its own
# random stream, seeded from the game's seed, so a run is repeatable.
TurnFn = Callable[[Game, random.Random], None]
# A player for one game: given the game and its stream, the function that plays a turn.
PlayerFn = Callable[[Game, random.Random], Callable[[], None]]

RANDOM_ACTIONS_PER_TURN = 12


@dataclass(frozen=True)
class Strategy:
    name: str
    summary: str
    player: PlayerFn


def each_turn(fn: TurnFn) -> PlayerFn:
    """A player that keeps nothing between turns."""
    return lambda game, rng: lambda: fn(game, rng)


def passive_turn(game: Game, rng: random.Random) -> None:
    end_turn(game)


def random_turn(game: Game, rng: random.Random) -> None:
    """Uniform draws from the legal commands until EndTurn is drawn or the actions run out."""
    for _ in range(RANDOM_ACTIONS_PER_TURN):
        legal = game.legal_commands()
        if not legal:
            return
        cmd = rng.choice(legal)
        if kind(cmd) == "EndTurn":
            break
        game.issue(cmd)
    end_turn(game, lambda g, group: rng.choice(group))


def spam_turn(action_id: str) -> TurnFn:
    type_name = next(a.type_name for a in spendable() if a.id == action_id)

    def turn(game: Game, rng: random.Random) -> None:
        # Each round issues every legal command of the kind (every target, every size);
        # the turn ends when a round finds none left or none is accepted (capital ran out).
        while True:
            legal = answer_all(game)
            todo = [c for c in legal if kind(c) == type_name]
            if not todo or not issue_each(game, todo):
                break
        finish(game, legal)

    return turn


def ai_turn(game: Game, rng: random.Random) -> None:
    game.autoplay()
    end_turn(game)


def strategies() -> dict[str, Strategy]:
    """Every built-in strategy by name, in table order."""
    out = [
        Strategy(
            "passive",
            "only ends turns; each event takes its first legal option, each offer is declined",
            each_turn(passive_turn),
        ),
        Strategy(
            "random",
            f"uniformly random legal commands (at most {RANDOM_ACTIONS_PER_TURN} a turn) "
            "until it draws the end of the turn",
            each_turn(random_turn),
        ),
    ]
    for a in spendable():
        out.append(
            Strategy(
                f"spam:{a.id}",
                f"all legal '{a.label}' commands, to every target, every turn, until none "
                "is left; answers like passive",
                each_turn(spam_turn(a.id)),
            )
        )
    out.append(Strategy("ai", "the built-in AI plays the player's seat", each_turn(ai_turn)))
    out.append(
        Strategy(
            "expert",
            "a planner that reads the level's goals and plays toward them with the ledger and "
            "previews the player sees",
            expert,
        )
    )
    return {s.name: s for s in out}


def resolve(names: str) -> list[Strategy]:
    """`passive`, `spam` (every spam:<action>), `all`, or a comma-separated list of names."""
    known = strategies()
    picked: list[Strategy] = []
    for name in (n.strip() for n in names.split(",")):
        if name == "all":
            group = list(known.values())
        elif name == "spam":
            group = [s for n, s in known.items() if n.startswith("spam:")]
        elif name in known:
            group = [known[name]]
        else:
            raise KeyError(name)
        picked += [s for s in group if s not in picked]
    return picked


__all__ = ["Strategy", "resolve", "strategies"]
