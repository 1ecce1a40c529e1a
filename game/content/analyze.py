"""Many seeded AI-only games of a level: who wins, when, by which goal, and which events fire."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from game.core.conditions import make_env
from game.core.context import Ctx
from game.core.defs import EventDef, GoalDef, LevelDef
from game.core.expr import ConditionPart, condition_parts
from game.core.game import Game
from game.core.state import ScheduledEvent


@dataclass
class PartStats:
    """How one part of a goal fared over the games: held at some turn, and its best value."""

    part: ConditionPart
    held_games: int = 0
    best: list[float] = field(default_factory=list)


@dataclass
class GoalStats:
    kind: str  # "victory" or "defeat"
    number: int  # 1-based, in the level's order
    goal: GoalDef
    parts: list[PartStats]
    decided: int = 0  # games this goal ended
    held_games: int = 0  # games in which it held at some turn it counted


@dataclass
class Stats:
    runs: int = 0
    results: Counter[str] = field(default_factory=Counter)
    result_turns: dict[str, list[int]] = field(default_factory=dict)
    fired_total: Counter[str] = field(default_factory=Counter)
    fired_games: Counter[str] = field(default_factory=Counter)
    scores: list[float] = field(default_factory=list)
    goals: list[GoalStats] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    dropped_why: dict[str, Counter[str]] = field(default_factory=dict)


def goals_of(level: LevelDef) -> list[GoalStats]:
    env = make_env([n.id for n in level.nations])
    out = []
    for kind, goals in (("defeat", level.defeat), ("victory", level.victory)):
        for k, g in enumerate(goals):
            parts = [PartStats(p) for p in condition_parts(g.when_text, env)]
            out.append(GoalStats(kind, k + 1, g, parts))
    return out


def deciding_goal(game: Game, goals: list[GoalStats]) -> GoalStats | None:
    """The goal that ended the game (the first of its kind whose text it ended with)."""
    s = game.state
    return next((g for g in goals if g.kind == s.result and g.goal.text == s.result_text), None)


def _number(part: ConditionPart, ctx: Ctx) -> float | None:
    if part.value is None:
        return None
    value = part.value.evaluate(ctx)
    return float(value) if isinstance(value, int | float) else None


class _GameWatch:
    """Follows one game turn by turn: goal parts and follow-ups that were due but dropped."""

    def __init__(self, game: Game, goals: list[GoalStats], stats: Stats) -> None:
        self.game, self.goals, self.stats = game, goals, stats
        self.held = [[False] * len(g.parts) for g in goals]
        self.whole = [False] * len(goals)
        self.best: list[list[float | None]] = [[None] * len(g.parts) for g in goals]

    def before_turn(self) -> tuple[list[ScheduledEvent], dict[str, int]]:
        s = self.game.state
        return [x for x in s.scheduled if x.turn <= s.turn], dict(s.fired_count)

    def after_turn(self, due: list[ScheduledEvent], fired_before: dict[str, int]) -> None:
        game, s = self.game, self.game.state
        ctx = game.ctx()
        for eid, n in Counter(x.event for x in due).items():
            dropped = n - (s.fired_count.get(eid, 0) - fired_before.get(eid, 0))
            if dropped > 0:
                x = next(x for x in due if x.event == eid)
                self.stats.dropped[eid] += dropped
                why = self.stats.dropped_why.setdefault(eid, Counter())
                why[_why_dropped(game.level.event(eid), ctx.scoped(x.nation, x.target))] += dropped
        for i, g in enumerate(self.goals):
            if g.goal.by_turn is not None and s.turn > g.goal.by_turn:
                continue
            self.whole[i] = self.whole[i] or bool(g.goal.when.evaluate(ctx))
            for j, ps in enumerate(g.parts):
                self.held[i][j] = self.held[i][j] or bool(ps.part.holds.evaluate(ctx))
                v = _number(ps.part, ctx)
                b = self.best[i][j]
                if v is not None and (b is None or (v > b if ps.part.higher_is_better else v < b)):
                    self.best[i][j] = v

    def finish(self) -> None:
        for i, g in enumerate(self.goals):
            g.held_games += self.whole[i]
            for j, ps in enumerate(g.parts):
                ps.held_games += self.held[i][j]
                b = self.best[i][j]
                if b is not None:
                    ps.best.append(b)
        decided = deciding_goal(self.game, self.goals)
        if decided is not None:
            decided.decided += 1


def _why_dropped(ev: EventDef, ctx: Ctx) -> str:
    """The parts of the follow-up's trigger that are false (judged at the end of that turn)."""
    env = make_env([n.id for n in ctx.level.nations])
    failing = [p.text for p in condition_parts(ev.trigger_text, env) if not p.holds.evaluate(ctx)]
    return f"its trigger was false: {' and '.join(failing) or ev.trigger_text}"


def play_one(level: LevelDef, seed: int, turns: int, watch: Stats | None = None) -> Game:
    game = Game(level, seed)
    follow = _GameWatch(game, watch.goals, watch) if watch is not None else None
    for _ in range(turns):
        if game.over:
            break
        game.autoplay()
        if follow is None:
            game.end_turn()
            continue
        due, before = follow.before_turn()
        game.end_turn()
        follow.after_turn(due, before)
    if follow is not None:
        follow.finish()
    return game


def analyze(
    level: LevelDef,
    runs: int = 20,
    turns: int | None = None,
    progress: TextIO | None = None,
    first_seed: int = 1,
) -> Stats:
    stats = Stats(goals=goals_of(level))
    limit = turns if turns is not None else level.turns
    for k in range(runs):
        game = play_one(level, first_seed + k, limit, stats)
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


def human_only(ev: EventDef) -> str | None:
    """Why an event can fire only when a person plays the player's nation, if it can."""
    if ev.on == "proposal_declined" and ev.who == "player":
        return "it answers a declined proposal, and the AI seat proposes only what is accepted"
    return None


def _num(v: float) -> str:
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.1f}"


def _goal_name(g: GoalStats) -> str:
    text = g.goal.text if len(g.goal.text) <= 60 else g.goal.text[:57] + "..."
    return f'{g.kind} {g.number} "{text}"'


def _part_line(ps: PartStats, runs: int, needed: float | None) -> str:
    text = ps.part.text
    lead = f"      {text:<44}" if len(text) <= 44 else f"      {text}\n      {'':<44}"
    line = f"{lead} held in {ps.held_games:>3} of {runs}"
    if ps.best and needed is not None:
        best = _num(statistics.median(ps.best))
        if ps.part.higher_is_better:
            line += f"   best {best} of {_num(needed)} needed (median)"
        else:
            line += f"   lowest {best}, needs {ps.part.op} {_num(needed)} (median)"
    return line


def _needed(part: ConditionPart, level: LevelDef) -> float | None:
    if part.needed is None:
        return None
    game = Game(level, 1)
    v = part.needed.evaluate(game.ctx())
    return float(v) if isinstance(v, int | float) else None


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
        for g in stats.goals:
            if g.kind == result and g.decided:
                lines.append(f"    {g.decided:>4}  by {_goal_name(g)}: {g.goal.when_text}")
    if stats.scores:
        lines.append(f"  mean final score {sum(stats.scores) / len(stats.scores):.1f}")
    if stats.goals:
        lines += ["", "goals (each part: games in which it held at some turn; best value reached):"]
    for g in stats.goals:
        by = f", until turn {g.goal.by_turn}" if g.goal.by_turn is not None else ""
        lines.append(
            f"  {_goal_name(g)}{by}: held in {g.held_games} of {stats.runs} games, "
            f"decided {g.decided}"
        )
        if len(g.parts) > 1 or (g.parts and g.parts[0].part.value is not None):
            for ps in g.parts:
                lines.append(_part_line(ps, stats.runs, _needed(ps.part, level)))
    lines += ["", "events (fires per game, share of games):"]
    never = []
    for ev in level.events:
        n = stats.fired_total.get(ev.id, 0)
        if n == 0:
            never.append(ev)
            continue
        share = 100 * stats.fired_games[ev.id] / stats.runs
        lines.append(f"  {ev.id:<32} {n / stats.runs:6.2f}  {share:5.1f}%")
    if stats.dropped:
        lines += [
            "",
            "follow-ups scheduled but dropped when due (times; why, judged after that turn):",
        ]
        for eid in sorted(stats.dropped):
            for why, k in stats.dropped_why[eid].most_common():
                lines.append(f"  {eid:<32} {k:>4}  {why}")
    lines += ["", f"events that never fired ({len(never)}):"]
    for ev in never:
        human = human_only(ev)
        lines.append(f"  {ev.id}" + (f"  (only with a human player: {human})" if human else ""))
    if not never:
        lines.append("  none")
    return "\n".join(lines)


def explain(game: Game) -> str:
    """Which parts of each goal hold now, with the numbers behind each comparison."""
    ctx = game.ctx()
    lines = [f"goals at turn {game.state.turn}:"]
    for g in goals_of(game.level):
        holds = bool(g.goal.when.evaluate(ctx))
        late = g.goal.by_turn is not None and game.state.turn > g.goal.by_turn
        state = "holds" if holds else "does not hold"
        if late:
            state += f" (counted only until turn {g.goal.by_turn})"
        lines.append(f"  {_goal_name(g)}: {state}")
        for ps in g.parts:
            mark = "yes" if ps.part.holds.evaluate(ctx) else "no "
            detail = ""
            v = _number(ps.part, ctx)
            if v is not None and ps.part.needed is not None:
                needed = ps.part.needed.evaluate(ctx)
                detail = f"   ({_num(v)}, needs {ps.part.op} {_num(float(needed))})"  # type: ignore[arg-type]
            lines.append(f"    {mark} {ps.part.text}{detail}")
    return "\n".join(lines)
