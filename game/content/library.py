"""Levels by name or path: the shipped levels folder, and loading a level for scripts."""

from __future__ import annotations

from pathlib import Path

from game import resources
from game.content.diagnostics import Diagnostic, format_diagnostic
from game.content.loader import LoadedLevel, load_level_file
from game.core.defs import LevelDef

LEVELS_DIR = resources.levels_dir()


class LevelError(Exception):
    """A level that cannot be found or loaded; the message lists every problem, one a line."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


def find_level(name: str | Path, data_dir: str | Path | None = None) -> Path:
    """A level path from a path, or the name of a shipped level or of one in the user's
    levels folder (`levels/` in the data folder, see game.resources)."""
    try:
        return resources.find_level(str(name), data_dir)
    except resources.LevelNotFound as exc:
        raise LevelError(str(exc)) from None


def load_loaded(path_or_name: str | Path) -> LoadedLevel:
    """A level with its sources and hashes (what saves need); raises LevelError."""
    path = find_level(path_or_name)
    result = load_level_file(path, display=str(path))
    if result.loaded is None:
        errors = [d for d in result.diagnostics if d.is_error]
        lines = [format_diagnostic(d).splitlines()[0] for d in errors] or [f"{path}: not a level"]
        raise LevelError("\n".join(lines), errors)
    return result.loaded


def load_level(path_or_name: str | Path) -> LevelDef:
    """The checked definition of a level, by path or by name (`"northern_shield"`).

    Raises LevelError, whose message lists every problem as `file:line:col: error[…]: …`.
    """
    return load_loaded(path_or_name).level
