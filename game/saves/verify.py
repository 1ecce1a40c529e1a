"""Replays of saved games: re-simulate and check every turn, or open any turn from a checkpoint."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import game
from game.core import numbering
from game.core.commands import CommandFormatError
from game.core.defs import LevelDef
from game.core.game import Game, TurnRecord
from game.core.outcomes import Refused
from game.core.state import GameState
from game.saves.checkpoints import (
    CHECKPOINT_EVERY,
    Snapshot,
    checkpoint_state,
    fits_history,
    offer_checkpoints,
)
from game.saves.format import (
    LevelResolver,
    SaveData,
    SaveError,
    new_game,
    rebuild_level,
    state_from_snapshot,
)
from game.saves.records import copy_record, parse_command
from game.saves.records import replay_turn as replay_turn

Progress = Callable[[int, int], None]
"""Called with (turns done, turns in all) after each replayed turn."""

SNAPSHOT_EVERY = CHECKPOINT_EVERY


@dataclass(frozen=True)
class VerifyReport:
    """What a replay check found. `turns_checked` counts the turns replayed, the bad one included.

    On a mismatch `parts` names the parts of the state whose hashes differ, and
    `replayed_snapshot` holds the replayed state after the bad turn, for a desync report.
    When the turns replay but a checkpoint is not the replayed state, `bad_checkpoint` is its
    turn (also `first_bad_turn`) and `replayed_snapshot` is the state it should hold.
    """

    ok: bool
    turns_checked: int
    first_bad_turn: int | None
    parts: list[str]
    message: str
    ai_commands_differ: bool = False
    replayed_snapshot: dict[str, Any] | None = field(default=None, repr=False)
    bad_checkpoint: int | None = None


def verify_save(
    save: SaveData, rebuild: LevelResolver, progress: Progress | None = None
) -> VerifyReport:
    """Re-simulate the game from its level, seed and player commands and compare every turn.

    Costs one simulation of the game: the hashes compared are those each turn computes anyway.
    The save's checkpoints are never used, only compared with the replayed states as it passes
    them, so a checkpoint changed in any way is reported too.
    """
    try:
        level = rebuild_level(save, rebuild)
    except SaveError as exc:
        return VerifyReport(False, 0, None, [], exc.problem)
    g = new_game(level, save)
    total = len(save.turns)
    for rec in save.turns:
        k = rec.turn
        if g.state.turn != k:
            return VerifyReport(
                False, k, k, [], f"turn record {k} follows turn {g.state.turn - 1}: the log skips"
            )
        bad = _check_checkpoint(save, level, g.state, k)
        if bad is not None:
            return bad
        got = replay_turn(g, rec)
        when = numbering.when(level, k)
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
                message=f"{when} does not replay as recorded: {what}; {ai}{_other_version(save)}",
                ai_commands_differ=ai_differ,
                replayed_snapshot=g.state.to_snapshot(),
            )
        if progress is not None:
            progress(k + 1, total)
    bad = _check_checkpoint(save, level, g.state, total)
    if bad is not None:
        return bad
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
    kept = f", {len(save.checkpoints)} checkpoints match" if save.checkpoints else ""
    return VerifyReport(
        True, total, None, [], f"all {total} turns replay exactly (last {final}){kept}"
    )


def _other_version(save: SaveData) -> str:
    """A note for a mismatch when the save comes from another version of the game."""
    if save.game_version == game.__version__:
        return ""
    return (
        f" (the save was recorded by version {save.game_version} and this is "
        f"{game.__version__}, whose rules may differ)"
    )


def _check_checkpoint(
    save: SaveData, level: LevelDef, replayed: GameState, turn: int
) -> VerifyReport | None:
    """A failed report if the save's checkpoint of `turn` is not the replayed state."""
    kept = save.checkpoints.get(turn)
    if kept is None:
        return None
    want = replayed.to_snapshot()
    if kept == want:
        return None
    fields = sorted(
        k for k in want.keys() | kept.keys() if k != "arrays" and kept.get(k) != want.get(k)
    )
    arrays = kept.get("arrays")
    if not isinstance(arrays, dict):
        fields.append("arrays")
    else:
        names = want["arrays"].keys() | arrays.keys()
        fields += sorted(f"arrays.{a}" for a in names if arrays.get(a) != want["arrays"].get(a))
    try:
        theirs = checkpoint_state(kept).part_hashes()
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        parts = []  # unreadable: no part can be compared
    else:
        parts = [p for p, h in replayed.part_hashes().items() if theirs.get(p) != h]
    return VerifyReport(
        ok=False,
        turns_checked=turn,
        first_bad_turn=turn,
        parts=parts,
        message=(
            f"the checkpoint at the start of {numbering.when(level, turn)} is not the state the "
            f"game replays to: {', '.join(fields)} differ"
        ),
        replayed_snapshot=want,
        bad_checkpoint=turn,
    )


class ReplayCursor:
    """Opens the start of any turn of a saved game, for the replay viewer.

    A seek starts from the nearest state at or before the turn: the save's checkpoints (one
    every 10 turns), or states kept every `every` turns while replaying, so it replays at most
    9 turns. A checkpoint is used only once its state hash is the one the game recorded; a
    save without checkpoints (an upgraded older one) gets them as stretches are replayed, or
    all at once from `prepare`. `turns_simulated` counts the turns replayed so far.
    """

    def __init__(self, save: SaveData, rebuild: LevelResolver, *, every: int = SNAPSHOT_EVERY):
        if every < 1:
            raise ValueError("every must be at least 1")
        self.save = save
        self.level = rebuild_level(save, rebuild)
        self.every = every
        self.turns_simulated = 0
        self._states: dict[int, GameState] = {0: new_game(self.level, save).state}
        if save.turns:
            self._states[len(save.turns)] = state_from_snapshot(save.snapshot, save.path)
        # Checkpoints not yet checked; each one is checked when a seek first starts from it.
        self._unchecked: dict[int, Snapshot] = {
            t: snap for t, snap in save.checkpoints.items() if t not in self._states
        }

    @property
    def last_turn(self) -> int:
        """The turn the save ends at (its unfinished turn)."""
        return len(self.save.turns)

    def cached_turns(self) -> list[int]:
        """The turns whose start is at hand (checked checkpoints and states kept on the way)."""
        return sorted(self._states)

    def record(self, turn: int) -> TurnRecord:
        """What happened in `turn`: commands, AI commands, outcomes, hashes."""
        return self.save.turns[turn]

    def seek(self, turn: int) -> Game:
        """A new game as it stood at the start of `turn`; the player may take over from it.

        Raises SaveError when the checkpoint it starts from or a turn it replays is damaged.
        """
        if not 0 <= turn <= self.last_turn:
            raise ValueError(f"turn {turn} is outside this replay (0 to {self.last_turn})")
        base = max(t for t in self._states if t <= turn)
        closer = [t for t in self._unchecked if base < t <= turn]
        if closer:
            base = max(closer)
            self._check(base)
        g = Game(self.level, state=self._states[base].copy())
        self._advance(g, base, turn, None)
        g.records = [copy_record(r) for r in self.save.turns[:turn]]
        # A game taken over from here saves its checkpoints without replaying them again.
        offer_checkpoints(g, self.save.checkpoints)
        return g

    def prepare(self, progress: Progress | None = None) -> None:
        """Replay the whole game once so that every later seek is short."""
        g = Game(self.level, state=self._states[0].copy())
        self._advance(g, 0, self.last_turn, progress)

    def _check(self, turn: int) -> None:
        """Trust the save's checkpoint of `turn` if its hash is the game's after `turn - 1`.

        Its history, which the hash leaves out, must begin the history of the save's last turn.
        """
        last = self._states[self.last_turn]
        try:
            state = checkpoint_state(self._unchecked[turn])
            ok = state.state_hash() == self.save.turns[turn - 1].state_hash and fits_history(
                state, last.history, self.last_turn
            )
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            ok = False
        if not ok:
            raise SaveError(
                self.save.path,
                f"damaged (the checkpoint of turn {turn} is not the state recorded after turn "
                f"{turn - 1}; verify the save for details)",
            )
        del self._unchecked[turn]
        self._states[turn] = state

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
                self._unchecked.pop(t + 1, None)
            if progress is not None:
                progress(t + 1, stop)


def state_at(save: SaveData, rebuild: LevelResolver, turn: int) -> Game:
    """The game as it stood at the start of `turn` (use a ReplayCursor to open many turns)."""
    return ReplayCursor(save, rebuild).seek(turn)
