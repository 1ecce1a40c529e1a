"""Checkpoints: the state at the start of every 10th turn, kept per game as it is played."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from game.core.defs import LevelDef
from game.core.game import Game
from game.core.state import GameState, initial_state
from game.saves.payload import check_snapshot
from game.saves.records import clone_json, replay_turn

CHECKPOINT_EVERY = 10

Snapshot = dict[str, Any]
"""A `GameState.to_snapshot()` dict. Checkpoint snapshots are shared, never changed."""

CheckpointSource = Callable[[], Mapping[int, Snapshot]]
"""Supplies checkpoints of an earlier save (read only when some are missing)."""


def checkpoint_turns(turn: int) -> range:
    """The turns whose start a save made at the start of `turn` keeps: 0, 10, 20, ... `turn`."""
    return range(0, turn + 1, CHECKPOINT_EVERY)


@dataclass
class _Log:
    """What is known of one game's checkpoints.

    `states` are checked: each one's state hash is `hashes[t]`, the hash the game recorded
    after turn t-1. `offered` ones come from a save and are checked only when needed.
    """

    level: LevelDef
    seed: int
    difficulty: str
    states: dict[int, Snapshot] = field(default_factory=dict)
    hashes: dict[int, str] = field(default_factory=dict)
    offered: dict[int, Snapshot] = field(default_factory=dict)
    # The first turn that did not replay as recorded: no checkpoint past it can be built.
    stuck_at: int | None = None
    turns_simulated: int = 0
    # The start of a later turn than any checkpoint, from a save's journal: unchecked.
    earlier: Snapshot | None = None


# One log per live game, dropped with the game. A log never refers to its game.
_logs: weakref.WeakKeyDictionary[Game, _Log] = weakref.WeakKeyDictionary()


def game_checkpoints(g: Game, earlier: CheckpointSource | None = None) -> dict[int, Snapshot]:
    """Every checkpoint of `g` up to its current turn start, by turn.

    Checkpoints come, cheapest first, from what this game already kept (its turn starts and
    those of the save it was restored from), from `earlier` (the previous save at the path
    being written), and last by re-simulating the stretch still missing, once per game.
    Offered checkpoints are used only if their state hash is the game's recorded one. A
    history that does not replay as recorded leaves out the checkpoints past the bad turn.
    """
    log = _log_of(g)
    _note(log, g)
    if _missing(log, g) and earlier is not None:
        for t, snap in earlier().items():
            if 0 < t <= len(g.records):
                log.offered.setdefault(t, snap)
    if _missing(log, g):
        _check_offered(log, g)
    missing = _missing(log, g)
    if missing:
        _simulate(log, g, missing)
    return {t: log.states[t] for t in checkpoint_turns(len(g.records)) if t in log.states}


def offer_checkpoints(g: Game, checkpoints: Mapping[int, Snapshot]) -> None:
    """Checkpoints of `g`'s history from a save; each is checked against `g`'s records first.

    Checkpoints past `g`'s turn may be offered: they are used if `g` plays on the same way.
    """
    log = _log_of(g)
    for t, snap in checkpoints.items():
        if t > 0 and t not in log.states:  # turn 0 is always the level's start
            log.offered.setdefault(t, snap)


def offer_earlier_start(g: Game, snapshot: Snapshot) -> None:
    """The state at the start of some turn of `g`'s history that no checkpoint holds (the one
    before the last, from an autosave's journal): `replay_last_turn` starts from it if it is
    on `g`'s record."""
    _log_of(g).earlier = snapshot


def note_turn(g: Game) -> None:
    """Keep `g`'s turn start if it is a checkpoint turn.

    Called after every end of turn, it spares the first save of a long game its re-simulation.
    """
    _note(_log_of(g), g)


def simulated_turns(g: Game) -> int:
    """How many turns were re-simulated to build `g`'s checkpoints."""
    log = _logs.get(g)
    return 0 if log is None else log.turns_simulated


def checkpoint_state(snapshot: Snapshot) -> GameState:
    """A fresh state from a checkpoint, sharing nothing with it.

    The snapshot is checked first; a damaged one raises SnapshotProblem (a ValueError).
    """
    check_snapshot(snapshot)
    return GameState.from_snapshot(clone_json(snapshot))


def _snapshot(state: GameState) -> Snapshot:
    """`state.to_snapshot()`, sharing nothing with the state (whose history keeps growing)."""
    snap = state.to_snapshot()
    snap["history"] = clone_json(snap["history"])
    return snap


def _log_of(g: Game) -> _Log:
    log = _logs.get(g)
    seed, difficulty = g.state.seed, g.state.difficulty
    if log is None or log.level is not g.level or (log.seed, log.difficulty) != (seed, difficulty):
        log = _logs[g] = _Log(g.level, seed, difficulty)
        return log
    records = g.records
    stale = [
        t
        for t in log.states
        if t > 0 and (t > len(records) or records[t - 1].state_hash != log.hashes[t])
    ]
    for t in stale:
        del log.states[t], log.hashes[t]
    if stale:
        log.stuck_at = None
    return log


def _note(log: _Log, g: Game) -> None:
    n = len(g.records)
    if n % CHECKPOINT_EVERY or n in log.states or n == 0 or g.turn_start.turn != n:
        return
    h = g.turn_start.state_hash()
    if h == g.records[n - 1].state_hash:
        log.states[n], log.hashes[n] = _snapshot(g.turn_start), h
        log.offered.pop(n, None)


def _missing(log: _Log, g: Game) -> list[int]:
    if 0 not in log.states:
        start = initial_state(log.level, log.seed, log.difficulty)
        log.states[0], log.hashes[0] = _snapshot(start), start.state_hash()
    return [
        t
        for t in checkpoint_turns(len(g.records))
        if t not in log.states and (log.stuck_at is None or t <= log.stuck_at)
    ]


def _check_offered(log: _Log, g: Game) -> None:
    for t in _missing(log, g):
        snap = log.offered.pop(t, None)
        if snap is not None and _on_record(g, t, snap):
            log.states[t], log.hashes[t] = snap, g.records[t - 1].state_hash


def _on_record(g: Game, t: int, snap: Snapshot) -> bool:
    """Whether `snap` is the start of turn `t` (> 0) as `g` recorded it: its state hash and its
    history both match."""
    try:
        state = checkpoint_state(snap)
        return (
            0 < t <= len(g.records)
            and state.turn == t
            and state.state_hash() == g.records[t - 1].state_hash
            and fits_history(state, g.turn_start.history, g.turn_start.turn)
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return False


def history_at(later: list[Any], later_turn: int, turn: int) -> list[Any] | None:
    """The start of the history `later`, as it stood at `later_turn`, that a state of `turn`
    holds (a row is added every turn); None if that state is not on it."""
    keep = len(later) - (later_turn - turn)
    return later[:keep] if 0 <= keep <= len(later) else None


def fits_history(state: GameState, later: list[dict[str, float]], later_turn: int) -> bool:
    """Whether `state` is at its turn of the history `later`, as it stood at `later_turn`.

    The state hash leaves out the history; it must be the start of the later one.
    """
    start = history_at(later, later_turn, state.turn)
    return start is not None and state.history == start


def _simulate(log: _Log, g: Game, turns: Iterable[int]) -> None:
    """Replay `g`'s records from the nearest kept checkpoint to each turn in `turns`."""
    sim: Game | None = None
    for t in sorted(turns):
        base = max(k for k in log.states if k <= t)
        if sim is None or sim.state.turn != base:
            sim = Game(log.level, state=checkpoint_state(log.states[base]))
        for k in range(base, t):
            rec = g.records[k]
            try:
                got = replay_turn(sim, rec)
            except Exception:  # a save never fails for want of checkpoints; a replay shows why
                got = "the turn cannot be replayed"
            log.turns_simulated += 1
            if isinstance(got, str) or got.state_hash != rec.state_hash:
                log.stuck_at = k
                return
        log.states[t], log.hashes[t] = _snapshot(sim.state), g.records[t - 1].state_hash


def replay_last_turn(g: Game) -> int:
    """Play `g`'s last recorded turn again from the nearest checkpoint, so its news are as when
    it was played: the AI's acts carry their reasons, and the player's own acts are not news.

    Returns how many turns were played again (at most a checkpoint interval); 0, and `g`
    unchanged, when there is no last turn or the history does not replay as recorded.
    """
    n = len(g.records)
    if n == 0:
        return 0
    log = _log_of(g)
    _missing(log, g)  # turn 0 is always known
    _check_offered(log, g)
    base = max(t for t in log.states if t < n)
    start = log.states[base]
    later = log.earlier
    t = later.get("turn") if isinstance(later, dict) else None
    if type(t) is int and base < t < n and later is not None and _on_record(g, t, later):
        base, start = t, later
    try:
        sim = Game(log.level, state=checkpoint_state(start))
        for rec in g.records[base:]:
            got = replay_turn(sim, rec)
            if isinstance(got, str) or got.state_hash != rec.state_hash:
                return 0
    except Exception:  # a replay that fails leaves the game as it was loaded
        return 0
    g.news, g.last_start, g.last_issued = sim.news, sim.last_start, sim.last_issued
    return n - base
