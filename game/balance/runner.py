"""Many seeded games of a level per strategy, in parallel, and the table of how they ended."""

from __future__ import annotations

import functools
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from game.balance.strategies import Strategy, strategies
from game.content import load_level
from game.core.defs import LevelDef
from game.core.game import Game
from game.core.worldgen import generated_level


@dataclass(frozen=True)
class Task:
    """One game to play: which level (a path, so a worker process can load it), how, which seed."""

    level: str
    strategy: str
    seed: int
    turns: int | None = None
    difficulty: str = "normal"


@dataclass(frozen=True)
class Run:
    strategy: str
    seed: int
    result: str  # "victory", "defeat" or "unfinished" (ran out of turns)
    turn: int
    score: float


@functools.lru_cache(maxsize=4)
def _level(path: str) -> LevelDef:
    """A level file, or a generated world named `generated:N:SEED:TURNS`."""
    return generated_level(path) or load_level(path)


def play(
    level: LevelDef,
    strategy: Strategy,
    seed: int,
    turns: int | None = None,
    difficulty: str = "normal",
) -> Run:
    """One game of `level` with `strategy` in the player's seat and the AI everywhere else."""
    game = Game(level, seed, difficulty=difficulty)
    limit = level.turns if turns is None else turns
    turn = strategy.player(game, random.Random(seed))
    while not game.over and game.state.turn < limit:
        before = game.state.turn
        turn()
        if game.state.turn == before and not game.over:
            raise RuntimeError(f"strategy {strategy.name} did not end turn {before}")
    s = game.state
    result = s.result if s.result in ("victory", "defeat") else "unfinished"
    return Run(strategy.name, seed, result, s.turn, float(s.score))


def run_task(task: Task) -> Run:
    strategy = strategies()[task.strategy]
    return play(_level(task.level), strategy, task.seed, task.turns, task.difficulty)


def run_all(
    tasks: Sequence[Task], jobs: int = 1, progress: Callable[[int], None] | None = None
) -> list[Run]:
    """Every task's run, in task order whatever the number of worker processes."""
    out: list[Run | None] = [None] * len(tasks)
    if jobs <= 1:
        for k, task in enumerate(tasks):
            out[k] = run_task(task)
            if progress is not None:
                progress(k + 1)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(run_task, t): k for k, t in enumerate(tasks)}
            for done, fut in enumerate(as_completed(futures), 1):
                out[futures[fut]] = fut.result()
                if progress is not None:
                    progress(done)
    return [r for r in out if r is not None]


@dataclass(frozen=True)
class Row:
    """How one strategy fared over its runs."""

    strategy: str
    runs: int
    victory: int
    defeat: int
    unfinished: int
    mean_victory_turn: float | None
    earliest_victory_turn: int | None
    median_score: float

    @classmethod
    def of(cls, strategy: str, runs: list[Run]) -> Row:
        wins = [r.turn for r in runs if r.result == "victory"]
        return cls(
            strategy=strategy,
            runs=len(runs),
            victory=len(wins),
            defeat=sum(1 for r in runs if r.result == "defeat"),
            unfinished=sum(1 for r in runs if r.result == "unfinished"),
            mean_victory_turn=round(statistics.fmean(wins), 1) if wins else None,
            earliest_victory_turn=min(wins) if wins else None,
            median_score=round(statistics.median(r.score for r in runs), 1) if runs else 0.0,
        )


def tabulate(runs: list[Run], order: Sequence[str]) -> list[Row]:
    return [Row.of(name, [r for r in runs if r.strategy == name]) for name in order]


def _count(n: int, total: int) -> str:
    return f"{n:>3} {100 * n / total:5.1f}%" if total else f"{n:>3}"


def format_table(title: str, rows: list[Row]) -> str:
    head = (
        f"{'strategy':<22} {'runs':>4}  {'victory':>10}  {'defeat':>10}  {'unfinished':>10}  "
        f"{'mean win turn':>13}  {'earliest':>8}  {'median score':>12}"
    )
    lines = [title, "", head, "-" * len(head)]
    for r in rows:
        mean = f"{r.mean_victory_turn:.1f}" if r.mean_victory_turn is not None else "—"
        first = str(r.earliest_victory_turn) if r.earliest_victory_turn is not None else "—"
        lines.append(
            f"{r.strategy:<22} {r.runs:>4}  {_count(r.victory, r.runs):>10}  "
            f"{_count(r.defeat, r.runs):>10}  {_count(r.unfinished, r.runs):>10}  "
            f"{mean:>13}  {first:>8}  {r.median_score:>12.1f}"
        )
    return "\n".join(lines)


def rows_json(rows: list[Row]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]


class Progress:
    """A one-line progress bar on a terminal (nothing at all when the stream is not one)."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty()

    def __call__(self, done: int) -> None:
        if not self.live:
            return
        bar = "#" * (30 * done // self.total)
        self.stream.write(f"\r{self.label} [{bar:<30}] {done}/{self.total} games")
        self.stream.flush()

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
