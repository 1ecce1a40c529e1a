"""Live reload: watch a level file and its includes, and re-validate them when they change."""

from __future__ import annotations

import os
from pathlib import Path

from game.content.diagnostics import format_diagnostic
from game.content.loader import LoadedLevel, levels_root, load_level_file


def _mtime(p: Path) -> float | None:
    try:
        return os.stat(p).st_mtime_ns / 1e9
    except OSError:
        return None


class LevelWatcher:
    """Polls modification times; `poll` returns a new level, its errors, or None if unchanged.

    The set of watched files follows the last version that loaded, so adding an include to
    the level starts watching the included deck too.
    """

    def __init__(self, path: Path, loaded: LoadedLevel) -> None:
        self.path = Path(path)
        self.root = levels_root(self.path)
        self.files: list[Path] = []
        self.stamps: dict[Path, float | None] = {}
        self._watch(loaded)
        self.reloads = 0

    def _watch(self, loaded: LoadedLevel) -> None:
        files = [self.path]
        for rel in loaded.sources:
            p = self.root / rel
            if p.resolve() != self.path.resolve():
                files.append(p)
        self.files = files
        self.stamps = {p: _mtime(p) for p in files}

    def changed(self) -> bool:
        now = {p: _mtime(p) for p in self.files}
        if now != self.stamps:
            self.stamps = now
            return True
        return False

    def poll(self) -> LoadedLevel | list[str] | None:
        """None when nothing changed; the new level when it loads; else every error line."""
        if not self.changed():
            return None
        result = load_level_file(self.path, display=str(self.path))
        if result.loaded is None:
            errors = [format_diagnostic(d) for d in result.diagnostics if d.is_error]
            return errors or [f"{self.path}: cannot be loaded"]
        self._watch(result.loaded)
        self.reloads += 1
        return result.loaded
