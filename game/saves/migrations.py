"""Save format versions and the chain of steps that upgrades an old save to the current one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CURRENT_VERSION = 4

SaveDict = dict[str, Any]
Migration = Callable[[SaveDict], SaveDict]


class MigrationError(ValueError):
    """A save whose version is unknown or whose contents an upgrade step cannot read."""


class NewerVersionError(MigrationError):
    """A save written by a newer game, in a format this one does not know."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"saved by a newer version of the game (save format {version}; "
            f"this game reads formats up to {CURRENT_VERSION})"
        )
        self.version = version


def _v0_to_v1(data: SaveDict) -> SaveDict:
    """Version 0 named its version field `version` and its turn log `log`."""
    out: SaveDict = {}
    for key, value in data.items():
        if key == "version":
            out["format_version"] = 1
        elif key == "log":
            out["turns"] = value
        else:
            out[key] = value
    if "turns" not in out:
        raise MigrationError("version 0 save without its turn log ('log')")
    return out


def _v1_to_v2(data: SaveDict) -> SaveDict:
    """Version 2 keeps the state at the start of every 10th turn; version 1 kept none.

    The upgraded save has no checkpoints: a replay builds them as it goes, and the next save
    of the game writes them.
    """
    if "checkpoints" in data:
        raise MigrationError("version 1 save with checkpoints, which only version 2 has")
    out: SaveDict = {k: (2 if k == "format_version" else v) for k, v in data.items()}
    out["checkpoints"] = {}
    return out


def _v2_to_v3(data: SaveDict) -> SaveDict:
    """Version 3 fingerprints a level's rule overrides only, not every rule's default.

    A version-2 fingerprint is kept, marked, and compared the old way. (Version 3 files may
    also carry journal lines after the save itself; see game.saves.journal.)
    """
    out: SaveDict = {k: (3 if k == "format_version" else v) for k, v in data.items()}
    level = out.get("level")
    if isinstance(level, dict) and isinstance(level.get("fingerprint"), str):
        out["level"] = {**level, "fingerprint": "all-rules:" + level["fingerprint"]}
    return out


def _v3_to_v4(data: SaveDict) -> SaveDict:
    """Version 4 writes the history (one row a turn) once: a file's checkpoints leave it out,
    since each one's is the start of the save's own, and journal entries add only their new
    rows. Read back, a version-4 save is the same dict as a version-3 one.
    """
    return {k: (4 if k == "format_version" else v) for k, v in data.items()}


# Step N turns a version-N save into a version-(N+1) one; every version below the current
# one has exactly one step, so any old save reaches the current format.
MIGRATIONS: dict[int, Migration] = {
    0: _v0_to_v1,
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
}


def version_of(data: SaveDict) -> int:
    """The format version a save dict declares, under its current or its version-0 name."""
    if "format_version" in data:
        v = data["format_version"]
    elif "version" in data:
        v = data["version"]
    else:
        raise MigrationError("no format version")
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise MigrationError(f"format version {v!r} is not a version number")
    return v


def upgrade(data: SaveDict) -> SaveDict:
    """Apply every step from the save's version up to `CURRENT_VERSION`; returns a new dict."""
    version = version_of(data)
    if version > CURRENT_VERSION:
        raise NewerVersionError(version)
    while version < CURRENT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"no upgrade from save format {version}")
        try:
            data = step(data)
        except MigrationError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise MigrationError(f"cannot upgrade from save format {version}: {exc!r}") from exc
        after = version_of(data)
        if after != version + 1:
            raise MigrationError(f"the upgrade from format {version} produced format {after}")
        version = after
    return data
