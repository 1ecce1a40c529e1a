"""Where the shipped levels and assets are: inside the installed package, or in a checkout."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def _shipped(name: str) -> Path:
    """The folder `name` (levels, assets) that ships with the game.

    A wheel holds it inside the package (`game/levels`, read through importlib.resources); a
    source checkout, installed editable or not at all, keeps it at the top of the repository.
    """
    inside = files("game") / name
    if isinstance(inside, Path) and inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[1] / name


def levels_dir() -> Path:
    """The shipped levels (with `decks/` and the schemas)."""
    return _shipped("levels")


def assets_dir() -> Path:
    """The shipped assets: `world/` map outlines and `fonts/`."""
    return _shipped("assets")


APP_NAME = "forging-alliances"
DATA_ENV = "FORGING_ALLIANCES_DATA"


def user_data_folder(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The game's data folder: `data_dir` if given, else $FORGING_ALLIANCES_DATA, else the OS's."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_levels_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where the player's own levels live: `levels/` in the data folder (not created here)."""
    return user_data_folder(data_dir) / "levels"


class LevelNotFound(LookupError):
    """No level file by that path or name; the message says where it was looked for."""


def find_level(name: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """A level file from a path, else a name in the shipped levels, else in the user's levels."""
    p = Path(name)
    if p.is_file():
        return p
    folders = (levels_dir(), user_levels_dir(data_dir))
    for folder in folders:
        for candidate in (folder / name, folder / f"{name}.yaml"):
            if candidate.is_file():
                return candidate
    raise LevelNotFound(
        f"no level {name!r} (give a path to a .yaml file or a name in {folders[0]} or {folders[1]})"
    )
