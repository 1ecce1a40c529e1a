"""A game being played in the window: the rules' Game plus its level files, saves and reloads."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.content.diagnostics import format_diagnostic
from game.content.loader import LoadedLevel, load_level_file, load_level_sources
from game.core import commands as C
from game.core.defs import LevelDef
from game.core.game import Game
from game.core.outcomes import Accepted, Outcome, Refused, Result
from game.core.phrasing import plural
from game.core.state import GameState
from game.ui.audio.listen import CueSink, command_cues


class SessionError(Exception):
    """A level or save that cannot be opened, with a message fit for the screen.

    For a save, `wrong_level` tells that only its level changed (the position can still be
    loaded without the exact level), and `backup` names an intact older copy, if there is one.
    """

    def __init__(
        self, message: str, *, wrong_level: bool = False, backup: Path | None = None
    ) -> None:
        super().__init__(message)
        self.wrong_level = wrong_level
        self.backup = backup


def level_from_sources(sources: dict[str, str], main: str) -> LoadedLevel:
    """A level rebuilt from a save's copy of its files; raises SessionError with the problems."""
    result = load_level_sources(sources, main)
    if result.loaded is None:
        first = result.diagnostics[0] if result.diagnostics else None
        raise SessionError(
            f"the saved level does not load: {format_diagnostic(first) if first else 'unknown'}"
        )
    return result.loaded


def open_level(path: Path) -> LoadedLevel:
    """A level file, validated; raises SessionError listing every error."""
    result = load_level_file(path, display=str(path))
    if result.loaded is None:
        lines = [format_diagnostic(d) for d in result.diagnostics if d.is_error]
        raise SessionError("\n".join(lines) or f"{path}: cannot be loaded")
    return result.loaded


def now_label() -> str:
    return _dt.datetime.now().strftime("%Y-%m-%d %H:%M")


@dataclass
class Session:
    """Everything the play screens need about the game in progress."""

    loaded: LoadedLevel
    game: Game
    path: Path | None = None
    data_dir: Path | None = None
    autosave_enabled: bool = True
    save_problem: str = ""
    reload_note: str = ""
    last_saved: Path | None = None
    prev_history: list[dict[str, float]] = field(default_factory=list)
    sounds: CueSink | None = None
    # The state at the start of the turn before this one, for trends (None after a load).
    previous_start: GameState | None = None
    # What the screens compute once per session (the objectives tracker).
    memo: dict[str, Any] = field(default_factory=dict)
    # The game's position when it was last saved or loaded: (turns recorded, commands issued).
    saved_at: tuple[int, tuple[C.Command, ...]] | None = None

    def __post_init__(self) -> None:
        if self.last_saved is not None:
            self.mark_saved()

    def mark_saved(self) -> None:
        self.saved_at = (len(self.game.records), tuple(self.game.issued))

    def unsaved(self) -> int:
        """How many of this turn's commands no save holds (0 when leaving loses nothing):
        those issued since the game was last saved or loaded on this turn. Undoing what that
        save holds loses nothing: loading it brings those commands back."""
        now = tuple(self.game.issued)
        if self.saved_at is None or self.saved_at[0] != len(self.game.records):
            return len(now)
        saved = self.saved_at[1]
        same = 0  # commands the save and the game share, from the first
        while same < min(len(saved), len(now)) and saved[same] == now[same]:
            same += 1
        return len(now) - same

    @classmethod
    def new(
        cls,
        loaded: LoadedLevel,
        seed: int | None = None,
        path: Path | None = None,
        difficulty: str = "normal",
        **kw: Any,
    ) -> Session:
        return cls(loaded, Game(loaded.level, seed, difficulty=difficulty), path, **kw)

    @property
    def level(self) -> LevelDef:
        return self.game.level

    @property
    def view(self) -> tuple[float, float, float, float]:
        v = self.loaded.model.map.view
        return (float(v[0]), float(v[1]), float(v[2]), float(v[3]))

    @property
    def player(self) -> str:
        return self.game.player

    def name(self, nation_id: str) -> str:
        for n in self.level.nations:
            if n.id == nation_id:
                return n.name
        return nation_id

    # -- commands ---------------------------------------------------------------

    def issue(self, cmd: C.Command) -> Result:
        """Send a player command to the rules; the sound bus hears how it went."""
        tension = self.game.state.world_tension
        result = self.game.issue(cmd)
        if self.sounds is not None:
            self.sounds.emit(*command_cues(self.game, cmd, result, tension))
        return result

    def undo(self) -> C.Command | None:
        cmd = self.game.undo()
        if self.sounds is not None:
            self.sounds.emit("ui.undo" if cmd else "ui.refused")
        return cmd

    def end_turn(self) -> Result:
        """End the turn through the rules, then autosave (a failed save is reported, not fatal)."""
        start = self.game.turn_start
        result = self.issue(C.EndTurn(self.player))
        if isinstance(result, Accepted):
            self.previous_start = start
            if self.autosave_enabled:
                self.autosave()
        return result

    # -- saves ------------------------------------------------------------------

    def _meta(self) -> Any:
        from game.saves.format import LevelMeta

        return LevelMeta.of(self.loaded)

    def autosave(self) -> Path | None:
        try:
            from game.saves.format import SaveError
            from game.saves.store import autosave
        except ImportError as exc:
            self.save_problem = f"autosave unavailable ({exc})"
            return None
        try:
            self.last_saved = autosave(
                self.game, level_meta=self._meta(), created=now_label(), data_dir=self.data_dir
            )
            self.save_problem = ""
            self.mark_saved()
        except (SaveError, OSError) as exc:
            self.save_problem = f"autosave failed: {exc}"
            return None
        return self.last_saved

    def save_as(self, name: str, title: str = "") -> Path:
        """Save to a named slot, shown as `title` (the name as typed) in the load menu;
        raises SessionError with a one-line reason."""
        try:
            from game.saves.format import SaveError
            from game.saves.store import save_to_slot
        except ImportError as exc:
            raise SessionError(f"saving is unavailable ({exc})") from None
        try:
            self.last_saved = save_to_slot(
                self.game,
                name,
                level_meta=self._meta(),
                created=now_label(),
                data_dir=self.data_dir,
                title=title,
            )
        except (SaveError, OSError, ValueError) as exc:
            raise SessionError(f"could not save: {exc}") from None
        self.mark_saved()
        return self.last_saved

    @classmethod
    def from_save(
        cls, path: Path, data_dir: Path | None = None, *, exact_level: bool = True
    ) -> Session:
        """Restore a saved game; raises SessionError with the save layer's message.

        With `exact_level=False` a save whose level or rules changed since it was recorded
        is loaded anyway (its position only: the old turns no longer replay exactly).
        """
        try:
            from game.saves.checkpoints import replay_last_turn
            from game.saves.format import SaveError, WrongLevelError, load_save, restore_game
        except ImportError as exc:
            raise SessionError(f"loading saves is unavailable ({exc})") from None
        holder: dict[str, LoadedLevel] = {}

        def rebuild(sources: dict[str, str], main: str) -> LevelDef:
            holder["loaded"] = level_from_sources(sources, main)
            return holder["loaded"].level

        try:
            save = load_save(path)
            game = restore_game(save, rebuild, exact_level=exact_level)
        except WrongLevelError as exc:
            raise SessionError(exc.message, wrong_level=True, backup=exc.backup) from None
        except SaveError as exc:
            raise SessionError(exc.message, backup=exc.backup) from None
        if game.records and replay_last_turn(game) == 0:
            # The feed picks up where the player left it: the last turn's news, as recorded
            # (with the player's own acts, and without the AI's reasons).
            game.news = [
                Outcome(str(d.get("fact", "")), str(d.get("text", "")), _ids(d.get("nations")))
                for d in game.records[-1].outcomes
                if isinstance(d, dict)
            ]
        return cls(holder["loaded"], game, None, data_dir=data_dir, last_saved=path)

    # -- live reload ------------------------------------------------------------

    def player_commands(self) -> list[C.Command]:
        """Every command the player issued this game, EndTurn included, in order."""
        out: list[C.Command] = []
        for rec in self.game.records:
            out += [C.command_from_dict(d) for d in rec.commands]
        return out + list(self.game.issued)

    def reloaded(self, loaded: LoadedLevel) -> Session:
        """The same game restarted on a changed level with the player's commands replayed.

        Commands the new level refuses are skipped and counted in `reload_note`, so a
        designer sees at once when an edit changed what the player could do.
        """
        game = Game(loaded.level, self.game.state.seed, difficulty=self.game.state.difficulty)
        skipped: list[str] = []
        for cmd in self.player_commands():
            if game.over:
                break
            if isinstance(cmd, C.EndTurn):
                # Pending events the new version raised are left open rather than blocking.
                if isinstance(game.issue(cmd), Refused):
                    game.end_turn()
                continue
            res = game.issue(cmd)
            if isinstance(res, Refused):
                skipped.append(f"{type(cmd).__name__}: {'; '.join(res.reasons)}")
        new = Session(loaded, game, self.path, self.data_dir, self.autosave_enabled)
        new.reload_note = (
            f"reloaded; {plural(len(skipped), 'command')} no longer apply"
            if skipped
            else "reloaded"
        )
        return new

    # -- what the screens show --------------------------------------------------

    def news(self) -> list[Outcome]:
        """Last turn's news, then what the player did this turn."""
        return list(self.game.news) + list(self.game.turn_outcomes)


def _ids(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()
