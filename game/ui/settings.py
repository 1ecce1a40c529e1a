"""Player settings: defaults, validation, and an atomic JSON file in the user's config folder."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from game.resources import APP_NAME, DATA_ENV, user_data_folder

WINDOW_SIZES = ((1280, 720), (1440, 810), (1600, 900), (1920, 1080))
UI_SCALES = (0.75, 1.0, 1.25, 1.5, 2.0)
ANIMATION_SPEEDS = (0.0, 0.5, 1.0, 2.0)


def fit_window(size: tuple[int, int], screen: tuple[int, int] | None) -> tuple[int, int]:
    """`size` shrunk, keeping its shape, to fit `screen` (the desktop the window opens on);
    as it is when it fits or the screen is unknown. A size kept from a larger screen would
    otherwise open a window hanging off every edge of a smaller one."""
    if screen is None or screen[0] <= 0 or screen[1] <= 0:
        return size
    w, h = size
    if w <= screen[0] and h <= screen[1]:
        return size
    k = min(screen[0] / w, screen[1] / h)
    return (max(1, int(w * k)), max(1, int(h * k)))


def window_choices(screen: tuple[int, int] | None) -> tuple[tuple[int, int], ...]:
    """The window sizes to offer on `screen`: those that fit it (at least the smallest)."""
    if screen is None:
        return WINDOW_SIZES
    fits = tuple(s for s in WINDOW_SIZES if fit_window(s, screen) == s)
    return fits or WINDOW_SIZES[:1]


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
    def from_dict(cls, data: dict[str, Any], ignored: list[str] | None = None) -> Settings:
        """Settings from a parsed file: a value of the wrong type, not finite or out of all
        reason falls back to its default (its key and value are added to `ignored`); numbers
        in range but off the choices are clamped or rounded to the nearest choice."""
        base = cls()
        out: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            default = getattr(base, f.name)
            if f.name not in data:
                out[f.name] = default
                continue
            v = _usable(data[f.name], default)
            if v is None:
                if ignored is not None:
                    ignored.append(f"{f.name} ({_shown(data[f.name])})")
                v = default
            out[f.name] = v
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


# Beyond this a number is not a setting anyone chose; it falls back to the default.
_SANE = 1e6


def _usable(v: Any, default: Any) -> Any:
    """`v` as the type of `default`, or None when it cannot stand for it."""
    if isinstance(default, bool):
        return v if isinstance(v, bool) else None
    if isinstance(default, int | float):
        if isinstance(v, bool) or not isinstance(v, int | float):
            return None
        if isinstance(v, int) and abs(v) > _SANE:
            return None  # also spares float() an integer of hundreds of digits
        if not math.isfinite(v) or abs(v) > _SANE:
            return None
        return round(v) if isinstance(default, int) else float(v)
    if isinstance(default, str):
        return v if isinstance(v, str) and len(v) <= 100 else None
    return None


def _shown(v: Any) -> str:
    text = json.dumps(v) if isinstance(v, str | bool | type(None)) else repr(v)
    return text if len(text) <= 24 else text[:20] + "..."


def config_dir(override: str | Path | None = None, data: str | Path | None = None) -> Path:
    """Where settings live: `override`, else the data folder when one is chosen (`data`, the
    --data-dir flag, or $FORGING_ALLIANCES_DATA) so that settings follow saves, else the OS's
    user config folder."""
    if override is not None:
        return Path(override)
    if data is not None or os.environ.get(DATA_ENV):
        return user_data_folder(data)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir(override: str | Path | None = None) -> Path:
    """Where saves and screenshots live: the folder the save store uses, so both agree."""
    return user_data_folder(override)


def settings_path(cfg: Path) -> Path:
    return cfg / "settings.json"


def load_settings(cfg: Path, warn: Callable[[str], None] | None = None) -> Settings:
    """Read settings; never an error. A missing file gives the defaults; a damaged one, or
    values that cannot be used, give the defaults for what is wrong and one warning line."""
    say = warn or _to_stderr
    path = settings_path(cfg)
    try:
        data = json.loads(
            path.read_bytes()[: 1 << 20].decode("utf-8"),
            parse_constant=float,  # Infinity and NaN reach the value checks, and are named
            parse_int=lambda s: int(s) if len(s) <= 30 else math.inf,
        )
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError, RecursionError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not valid JSON"
        say(f"{path}: {reason}; using the default settings")
        return Settings()
    if not isinstance(data, dict):
        say(f"{path}: not a JSON object; using the default settings")
        return Settings()
    ignored: list[str] = []
    settings = Settings.from_dict(data, ignored)
    if ignored:
        say(f"{path}: ignored {', '.join(ignored)}; using the defaults instead")
    return settings


def _to_stderr(message: str) -> None:
    print(f"alliances: warning: {message}", file=sys.stderr)


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
