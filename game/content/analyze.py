"""Many seeded AI-only games of a level: who wins, when, and which events fire."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from game.core.defs import LevelDef
from game.core.game import Game


@dataclass
class Stats:
    runs: int = 0
    results: Counter[str] = field(default_factory=Counter)
    result_turns: dict[str, list[int]] = field(default_factory=dict)
    fired_total: Counter[str] = field(default_factory=Counter)
    fired_games: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)


def play_one(level: LevelDef, seed: int, turns: int) -> Game:
    game = Game(level, seed)
    for _ in range(turns):
        if game.over:
            break
        game.autoplay()
        game.end_turn()
    return game


def analyze(
    level: LevelDef,
    runs: int = 20,
    turns: int | None = None,
    progress: TextIO | None = None,
    first_seed: int = 1,
) -> Stats:
    stats = Stats()
    limit = turns if turns is not None else level.turns
    for k in range(runs):
        game = play_one(level, first_seed + k, limit)
        s = game.state
        result = s.result or "unfinished"
        stats.runs += 1
        stats.results[result] += 1
        stats.result_turns.setdefault(result, []).append(s.turn)
        stats.scores.append(s.score)
        for eid, n in s.fired_count.items():
            stats.fired_total[eid] += n
            stats.fired_games[eid] += 1
        if progress is not None:
            done = k + 1
            bar = "#" * (30 * done // runs)
            progress.write(f"\ranalyze [{bar:<30}] {done}/{runs} games")
            progress.flush()
    if progress is not None:
        progress.write("\n")
    return stats


def report(level: LevelDef, stats: Stats) -> str:
    lines = [f"{level.title} — {stats.runs} AI-only games (seeds 1–{stats.runs})", "", "results:"]
    for result in ("victory", "defeat", "ended", "unfinished"):
        n = stats.results.get(result, 0)
        if n == 0:
            continue
        turns = stats.result_turns[result]
        lines.append(
            f"  {result:<10} {n:>4} ({100 * n / stats.runs:5.1f}%)  "
            f"mean turn {sum(turns) / len(turns):5.1f}"
        )
    if stats.scores:
        lines.append(f"  mean final score {sum(stats.scores) / len(stats.scores):.1f}")
    lines += ["", "events (fires per game, share of games):"]
    never = []
    for ev in level.events:
        n = stats.fired_total.get(ev.id, 0)
        if n == 0:
            never.append(ev.id)
            continue
        share = 100 * stats.fired_games[ev.id] / stats.runs
        lines.append(f"  {ev.id:<32} {n / stats.runs:6.2f}  {share:5.1f}%")
    lines += ["", f"events that never fired ({len(never)}):"]
    lines += [f"  {eid}" for eid in never] or ["  none"]
    return "\n".join(lines)
