"""Player settings: defaults, validation, and an atomic JSON file in the user's config folder."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from game.saves.store import APP_NAME, user_data_folder

WINDOW_SIZES = ((1280, 720), (1440, 810), (1600, 900), (1920, 1080))
UI_SCALES = (0.75, 1.0, 1.25, 1.5, 2.0)
ANIMATION_SPEEDS = (0.0, 0.5, 1.0, 2.0)


@dataclass
class Settings:
    """What the player can change; every field has a sane default."""

    window_width: int = 1600
    window_height: int = 900
    fullscreen: bool = False
    ui_scale: float = 1.0
    colourblind: bool = False
    animation_speed: float = 1.0
    map_mode: str = "trust"
    master_volume: float = 0.8
    music_volume: float = 0.5
    effects_volume: float = 0.8
    muted: bool = False
    pause_in_background: bool = True

    @property
    def window_size(self) -> tuple[int, int]:
        return (self.window_width, self.window_height)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """Settings from a parsed file; unknown keys and wrong types fall back to defaults."""
        base = cls()
        out: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            default = getattr(base, f.name)
            v = data.get(f.name, default)
            if isinstance(default, bool):
                out[f.name] = v if isinstance(v, bool) else default
            elif isinstance(default, (int, float)) and not isinstance(v, bool):
                out[f.name] = type(default)(v) if isinstance(v, (int, float)) else default
            elif isinstance(default, str):
                out[f.name] = v if isinstance(v, str) else default
            else:
                out[f.name] = default
        s = cls(**out)
        s.window_width = min(7680, max(800, s.window_width))
        s.window_height = min(4320, max(600, s.window_height))
        s.ui_scale = min(UI_SCALES, key=lambda x: abs(x - s.ui_scale))
        s.animation_speed = min(3.0, max(0.0, s.animation_speed))
        s.master_volume = _volume(s.master_volume, base.master_volume)
        s.music_volume = _volume(s.music_volume, base.music_volume)
        s.effects_volume = _volume(s.effects_volume, base.effects_volume)
        return s


def _volume(v: float, default: float) -> float:
    """A volume from 0 to 1; not a finite number gives the default."""
    return min(1.0, max(0.0, v)) if math.isfinite(v) else default


def config_dir(override: str | Path | None = None) -> Path:
    """Where settings live (platformdirs' user config dir unless overridden)."""
    if override is not None:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir(override: str | Path | None = None) -> Path:
    """Where saves and screenshots live: the folder the save store uses, so both agree."""
    return user_data_folder(override)


def settings_path(cfg: Path) -> Path:
    return cfg / "settings.json"


def load_settings(cfg: Path) -> Settings:
    """Read settings; a missing or damaged file gives the defaults (never an error)."""
    try:
        data = json.loads(settings_path(cfg).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return Settings.from_dict(data) if isinstance(data, dict) else Settings()


def save_settings(cfg: Path, settings: Settings) -> None:
    """Write settings atomically: a temp file in the same folder, fsync, then rename."""
    cfg.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dataclasses.asdict(settings), indent=2, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=cfg)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, settings_path(cfg))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
