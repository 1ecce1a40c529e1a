"""How far "at risk if the opposition wins" can be trusted, measured over seeded games.

Method: each game is played with a strategy in the player's seat. At the start of every
turn, for every nation that shares an agreement with the player and votes within
`WINDOW` turns, the forecast (`forecast.opposition_forecast`) names the shared agreements
the opposition would drop (its review's ledger, or an event at least `NAMED` likely) and
mentions the less likely ones as possible. When that vote is held and the opposition
wins, each named agreement is a hit if the nation left it that turn, else a false alarm;
votes the incumbent wins leave their forecasts untested (the forecast is conditional). A
shared agreement dropped after a lost vote that the last forecast before it did not
mention at all is a missed drop. Governments brought down by events between votes are
counted apart: no forecast is due for them. The rule the forecast replaced (every shared
agreement, when re-election is under 50% and the vote within `WINDOW` turns) is scored
the same way, for comparison.

Run: `python -m game.balance.forecast [LEVEL] [--games N] [--strategy NAME]`.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from typing import Any

from game.balance.strategies import strategies
from game.content import load_level
from game.core.defs import LevelDef
from game.core.forecast import NAMED, WINDOW, opposition_forecast
from game.core.game import Game


@dataclass
class Tally:
    """Forecast lines (one per agreement named, per turn shown) and how they turned out."""

    hits: int = 0
    false_alarms: int = 0
    untested: int = 0
    drops: int = 0  # shared agreements dropped by a new government after a vote
    missed: int = 0
    outside: int = 0  # dropped after a government fell to an event rather than a vote

    @property
    def precision(self) -> float:
        tested = self.hits + self.false_alarms
        return self.hits / tested if tested else 1.0

    def add(self, other: Tally) -> None:
        for name in ("hits", "false_alarms", "untested", "drops", "missed", "outside"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Scores:
    new: Tally = field(default_factory=Tally)
    old: Tally = field(default_factory=Tally)


def _shared(game: Game, nid: str) -> set[int]:
    """The ids of the agreements `nid` shares with the player."""
    return {a.id for a in game.state.agreements_of(nid) if game.player in a.members}


def _left(game: Game, news: list[dict[str, Any]], nid: str, before: set[int]) -> set[int]:
    """The shared agreements `nid` itself walked out of this turn (not those the player
    left, though a pact of two dissolves either way)."""
    if not any(o["fact"] == "AgreementLeft" and o["nations"][:1] == [nid] for o in news):
        return set()
    return before - {a.id for a in game.state.agreements_of(nid)}


def measure_game(level: LevelDef, seed: int, strategy: str = "expert") -> Scores:
    """One game's forecasts and what became of them."""
    game = Game(level, seed)
    turn_fn = strategies()[strategy].player(game, random.Random(seed))
    scores = Scores()
    # (nation, vote turn) -> each turn's forecast: (named, named or mentioned as possible,
    # named by the old rule)
    seen: dict[tuple[str, int], list[tuple[set[int], set[int], set[int]]]] = {}
    while not game.over:
        s = game.state
        ctx = game.ctx()
        for nid in s.ids:
            if nid == game.player:
                continue
            shared = _shared(game, nid)
            turns = int(s.next_election[s.idx(nid)]) - s.turn
            if not shared or not 0 <= turns <= WINDOW:
                continue
            f = opposition_forecast(ctx, nid)
            mine = [r for r in f.risks if game.player in r.agreement.members]
            named = {r.agreement.id for r in mine if r.chance >= NAMED}
            maybe = {r.agreement.id for r in mine}
            old = shared if f.chance > 0.5 else set()
            seen.setdefault((nid, s.turn + turns), []).append((named, maybe, old))
        turn = s.turn
        before = {nid: _shared(game, nid) for nid in s.ids if nid != game.player}
        due = {nid for nid in before if int(s.next_election[s.idx(nid)]) == turn}
        turn_fn()
        if game.state.turn == turn and not game.over:
            raise RuntimeError(f"strategy {strategy} did not end turn {turn}")
        news = game.records[-1].outcomes if game.records else []
        changed = {o["nations"][0] for o in news if o["fact"] == "GovernmentChanged"}
        for nid in sorted(changed - due - {game.player}):
            # A government brought down by an event, not a vote: no forecast is due.
            outside = len(_left(game, news, nid, before[nid]))
            scores.new.outside += outside
            scores.old.outside += outside
        for nid in sorted(due):
            lines = seen.pop((nid, turn), [])
            left = _left(game, news, nid, before[nid]) if nid in changed else set()
            for tally, pick, net in ((scores.new, 0, 1), (scores.old, 2, 2)):
                for line in lines:
                    named = line[pick]
                    if nid not in changed:
                        tally.untested += len(named)
                        continue
                    tally.hits += len(named & left)
                    tally.false_alarms += len(named - left)
                # A drop is missed when the last forecast before the vote did not mention it.
                last = lines[-1][net] if lines else set()
                tally.drops += len(left)
                tally.missed += len(left - last)
    return scores


def measure(level: LevelDef, seeds: range, strategy: str = "expert") -> Scores:
    total = Scores()
    for seed in seeds:
        one = measure_game(level, seed, strategy)
        total.new.add(one.new)
        total.old.add(one.old)
    return total


def report(scores: Scores, games: int) -> str:
    out = []
    for name, t in (("opposition's review", scores.new), ("old rule", scores.old)):
        out.append(
            f"{name}: precision {t.precision:.0%} ({t.hits} right of {t.hits + t.false_alarms}"
            f" tested), {t.untested} untested (incumbent won), drops {t.drops}, "
            f"missed {t.missed}; {t.outside} dropped after a government fell outside a vote"
            f" — over {games} games"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("level", nargs="?", default="levels/northern_shield.yaml")
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--strategy", default="expert")
    args = ap.parse_args(argv)
    scores = measure(load_level(args.level), range(1, args.games + 1), args.strategy)
    print(report(scores, args.games))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
