"""Records the scripted games the level-outcome tests replay: one victory and one defeat per level.

    .venv/bin/python tests/content/make_scripts.py           # every level in levels/
    .venv/bin/python tests/content/make_scripts.py NAME ...  # only these levels

The victory script is the player's commands from the first seed the reference `expert`
strategy wins (it plays through the public API, as `alliances analyze --strategy expert`);
the defeat script comes from a deliberately ruinous policy (concessions and defence spending
every turn, and the least popular option of every event) that brings the government down.
Rules or level changes that alter play make the replay tests fail; regenerate after checking.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from game.balance.expert import expert
from game.content.loader import load_level_file
from game.core import commands as C
from game.core.defs import LevelDef
from game.core.game import Game
from game.core.outcomes import Accepted, Result

HERE = Path(__file__).parent
LEVELS = HERE.parents[1] / "levels"


def _approval_change(level: LevelDef, event: str, option: int) -> float:
    opt = level.event(event).options[option]
    return sum(
        float(e.args.get("by", 0))
        for e in opt.effects
        if e.name == "approval" and e.args.get("nation", "nation") in ("player", "nation")
    )


def ruinous_turn(game: Game) -> list[C.Command]:
    """The commands of one turn of a government that squanders its public's support."""
    level, s, me = game.level, game.state, game.player
    played: list[C.Command] = []
    for p in list(s.pending):
        ev = level.event(p.event)
        options = sorted(
            range(len(ev.options)), key=lambda k: (_approval_change(level, p.event, k), k)
        )
        for k in options:
            if isinstance(game.issue(C.ChooseOption(me, p.key, k)), Accepted):
                played.append(C.ChooseOption(me, p.key, k))
                break
    for o in list(s.offers):
        played.append(C.AnswerProposal(me, o.key, False))
        game.issue(played[-1])
    for other in s.ids:
        if other != me and isinstance(game.issue(C.OfferTradeConcession(me, other)), Accepted):
            played.append(C.OfferTradeConcession(me, other))
    while isinstance(game.issue(C.InvestDefence(me)), Accepted):
        played.append(C.InvestDefence(me))
    return played


def record(
    level: LevelDef, seed: int, ruin: bool
) -> tuple[str | None, list[list[dict[str, object]]]]:
    game = Game(level, seed)
    turns: list[list[dict[str, object]]] = []
    if ruin:
        while not game.over:
            played = ruinous_turn(game)
            game.end_turn()
            turns.append([c.to_dict() for c in played])
        return game.state.result, turns
    # The expert ends its own turns: every other command it has accepted is the script.
    issue = game.issue

    def recording(cmd: C.Command) -> Result:
        result = issue(cmd)
        if isinstance(result, Accepted) and not isinstance(cmd, C.EndTurn):
            turns[-1].append(cmd.to_dict())
        return result

    game.issue = recording  # type: ignore[method-assign]
    play_turn = expert(game, random.Random(seed))
    while not game.over:
        turns.append([])
        play_turn()
    return game.state.result, turns


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in LEVELS.glob("*.yaml"))
    for name in names:
        if not (LEVELS / f"{name}.yaml").is_file():
            print(f"no level {name!r} in {LEVELS}", file=sys.stderr)
            return 2
    for name in names:
        loaded = load_level_file(LEVELS / f"{name}.yaml").loaded
        assert loaded is not None, name
        for goal, ruin in (("victory", False), ("defeat", True)):
            for seed in range(1, 40):
                result, turns = record(loaded.level, seed, ruin)
                if result == goal:
                    out = HERE / "scripts" / f"{name}_{goal}.json"
                    out.write_text(
                        json.dumps(
                            {"level": name, "seed": seed, "result": goal, "turns": turns}, indent=1
                        )
                        + "\n"
                    )
                    print(f"{out.name}: seed {seed}, {len(turns)} turns")
                    break
            else:
                print(f"{name}: no seed reached {goal}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
