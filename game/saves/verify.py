"""Replays of saved games: re-simulate and compare every turn's hash, or open any turn quickly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.core.commands import CommandFormatError, EndTurn
from game.core.game import Game, TurnRecord, date_label
from game.core.outcomes import Refused
from game.core.state import GameState
from game.saves.format import (
    LevelResolver,
    SaveData,
    SaveError,
    copy_record,
    parse_command,
    rebuild_level,
    state_from_snapshot,
)

Progress = Callable[[int, int], None]
"""Called with (turns done, turns in all) after each replayed turn."""

SNAPSHOT_EVERY = 10


@dataclass(frozen=True)
class VerifyReport:
    """What a replay check found. `turns_checked` counts the turns replayed, the bad one included.

    On a mismatch `parts` names the parts of the state whose hashes differ, and
    `replayed_snapshot` holds the replayed state after the bad turn, for a desync report.
    """

    ok: bool
    turns_checked: int
    first_bad_turn: int | None
    parts: list[str]
    message: str
    ai_commands_differ: bool = False
    replayed_snapshot: dict[str, Any] | None = field(default=None, repr=False)


def replay_turn(g: Game, record: TurnRecord) -> TurnRecord | str:
    """Play one recorded turn again: the new record, or why a recorded command does not replay."""
    cmds = record.commands
    if not cmds or cmds[-1].get("type") != "EndTurn":
        return "the turn does not end with EndTurn"
    for j, d in enumerate(cmds[:-1], start=1):
        try:
            cmd = parse_command(d)
        except CommandFormatError as exc:
            return f"command {j} is unreadable ({exc})"
        if isinstance(cmd, EndTurn):
            return f"command {j} ends the turn before its last command"
        result = g.issue(cmd)
        if isinstance(result, Refused):
            why = "; ".join(result.reasons)
            return f"command {j} ({d.get('type')}) is refused on replay: {why}"
    # end_turn rather than issue(EndTurn): the game may have been ended without the check that
    # every event was answered, and the replay must end it the same way.
    g.end_turn()
    return g.records[-1]


def verify_save(
    save: SaveData, rebuild: LevelResolver, progress: Progress | None = None
) -> VerifyReport:
    """Re-simulate the game from its level, seed and player commands and compare every turn.

    Costs one simulation of the game: the hashes compared are those each turn computes anyway.
    """
    try:
        level = rebuild_level(save, rebuild)
    except SaveError as exc:
        return VerifyReport(False, 0, None, [], exc.problem)
    g = Game(level, seed=save.seed)
    total = len(save.turns)
    for rec in save.turns:
        k = rec.turn
        if g.state.turn != k:
            return VerifyReport(
                False, k, k, [], f"turn record {k} follows turn {g.state.turn - 1}: the log skips"
            )
        got = replay_turn(g, rec)
        when = f"turn {k} ({date_label(level, k)})"
        if isinstance(got, str):
            return VerifyReport(False, k + 1, k, [], f"{when}: {got}")
        if got.state_hash != rec.state_hash:
            parts = [p for p, h in got.parts.items() if rec.parts.get(p) != h]
            ai_differ = got.ai_commands != rec.ai_commands
            what = (
                f"{', '.join(parts)} differ"
                if parts
                else "the state hash differs though no part does (the recorded hash was altered)"
            )
            ai = "the AI's commands differ too" if ai_differ else "the AI's commands are the same"
            return VerifyReport(
                ok=False,
                turns_checked=k + 1,
                first_bad_turn=k,
                parts=parts,
                message=f"{when} does not replay as recorded: {what}; {ai}",
                ai_commands_differ=ai_differ,
                replayed_snapshot=g.state.to_snapshot(),
            )
        if progress is not None:
            progress(k + 1, total)
    for j, d in enumerate(save.pending_commands, start=1):
        try:
            result = g.issue(parse_command(d))
        except CommandFormatError as exc:
            return VerifyReport(False, total, total, [], f"unfinished turn, command {j}: {exc}")
        if isinstance(result, Refused):
            why = "; ".join(result.reasons)
            return VerifyReport(
                False, total, total, [], f"unfinished turn, command {j} is refused on replay: {why}"
            )
    final = save.turns[-1].state_hash[:12] if save.turns else "none"
    return VerifyReport(True, total, None, [], f"all {total} turns replay exactly (last {final})")


class ReplayCursor:
    """Opens the start of any turn of a saved game, for the replay viewer.

    States are kept every `every` turns while replaying, so once a stretch has been replayed a
    seek costs at most `every - 1` turns. `prepare` replays the whole game once up front.
    """

    def __init__(self, save: SaveData, rebuild: LevelResolver, *, every: int = SNAPSHOT_EVERY):
        if every < 1:
            raise ValueError("every must be at least 1")
        self.save = save
        self.level = rebuild_level(save, rebuild)
        self.every = every
        self.turns_simulated = 0
        self._states: dict[int, GameState] = {0: Game(self.level, seed=save.seed).state}
        if save.turns:
            self._states[len(save.turns)] = state_from_snapshot(save.snapshot, save.path)

    @property
    def last_turn(self) -> int:
        """The turn the save ends at (its unfinished turn)."""
        return len(self.save.turns)

    def cached_turns(self) -> list[int]:
        return sorted(self._states)

    def record(self, turn: int) -> TurnRecord:
        """What happened in `turn`: commands, AI commands, outcomes, hashes."""
        return self.save.turns[turn]

    def seek(self, turn: int) -> Game:
        """A new game as it stood at the start of `turn`; the player may take over from it."""
        if not 0 <= turn <= self.last_turn:
            raise ValueError(f"turn {turn} is outside this replay (0 to {self.last_turn})")
        base = max(t for t in self._states if t <= turn)
        g = Game(self.level, state=self._states[base].copy())
        self._advance(g, base, turn, None)
        g.records = [copy_record(r) for r in self.save.turns[:turn]]
        return g

    def prepare(self, progress: Progress | None = None) -> None:
        """Replay the whole game once so that every later seek is short."""
        g = Game(self.level, state=self._states[0].copy())
        self._advance(g, 0, self.last_turn, progress)

    def _advance(self, g: Game, start: int, stop: int, progress: Progress | None) -> None:
        for t in range(start, stop):
            rec = self.save.turns[t]
            got = replay_turn(g, rec)
            self.turns_simulated += 1
            if isinstance(got, str) or got.state_hash != rec.state_hash:
                raise SaveError(
                    self.save.path,
                    f"damaged (turn {t} does not replay as recorded; verify the save for details)",
                )
            if (t + 1) % self.every == 0 and t + 1 not in self._states:
                self._states[t + 1] = g.state.copy()
            if progress is not None:
                progress(t + 1, stop)


def state_at(save: SaveData, rebuild: LevelResolver, turn: int) -> Game:
    """The game as it stood at the start of `turn` (use a ReplayCursor to open many turns)."""
    return ReplayCursor(save, rebuild).seek(turn)
