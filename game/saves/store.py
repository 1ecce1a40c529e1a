"""Where saves live on this machine: the saves folder, named slots, autosaves and the load menu."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.core.game import Game
from game.resources import APP_NAME as APP_NAME
from game.resources import DATA_ENV as DATA_ENV
from game.resources import user_data_folder as user_data_folder
from game.saves.atomic import backup_path, sweep_once
from game.saves.format import (
    LevelMeta,
    SaveError,
    decode_save,
    read_save_bytes,
    save_game,
)
from game.saves.journal import journal_save

AUTOSAVE_SLOTS = 3
AUTOSAVE_PREFIX = "autosave-"

DataDir = str | os.PathLike[str] | None

_SLOT_UNSAFE = re.compile(r"[^\w\-]+")
_HASHED = re.compile(r"-[0-9a-f]{8}$")  # a name ending like a hashed one is hashed too
TITLE_MAX = 96  # characters of a save's typed name the menu shows
SLOT_MAX = 60  # characters; even in a 4-byte script, far inside a file name's 255 bytes
# Names Windows keeps for devices, whatever the extension.
_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{p}{k}" for p in ("com", "lpt") for k in range(1, 10)]
)


@dataclass(frozen=True)
class SaveInfo:
    """One line of the load menu; `problem` says why the file cannot be loaded, if it cannot."""

    path: Path
    name: str  # the file's name without `.json`
    modified: float
    level_title: str = ""
    date_label: str = ""
    turn: int = 0
    difficulty: str = ""  # "easy", "normal" or "hard"; empty for saves older than the choice
    result: str | None = None
    score: float | None = None
    created: str = ""
    problem: str | None = None
    backup: Path | None = None
    title: str = ""  # the name the player typed when saving (autosaves and old saves: "")

    @property
    def label(self) -> str:
        """The save's name as the player gave it, or its file's."""
        return self.title or self.name

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def is_autosave(self) -> bool:
        return self.name.startswith(AUTOSAVE_PREFIX)


def saves_folder(data_dir: DataDir = None) -> Path:
    """The saves folder, created if needed; temp files of crashed writers are swept once."""
    folder = user_data_folder(data_dir) / "saves"
    folder.mkdir(parents=True, exist_ok=True)
    sweep_once(folder)
    return folder


def slot_slug(name: str) -> str:
    """`name` as a slot's file name keeps it: letters and digits of any script, `-` and `_`,
    every other run of characters one `-`, at most SLOT_MAX characters ("" if none is left).
    A name that is its own slug is saved under it exactly; see `slot_file_name`."""
    text = unicodedata.normalize("NFC", name.strip())
    return _SLOT_UNSAFE.sub("-", text).strip("-")[:SLOT_MAX].rstrip("-")


def slot_file_name(name: str) -> str:
    """The file name of a named save slot; raises ValueError for an unusable or reserved name.

    Letters and digits of any script, `-` and `_` are kept (in Unicode's composed form);
    anything else becomes `-`, and then a short hash of the whole name is added, so two
    different names never share a file ("a b" and "a-b", "a!" and "a?").
    """
    text = unicodedata.normalize("NFC", name.strip())
    slug = slot_slug(text)
    if not slug:
        raise ValueError(f"{name!r} is not usable as a save name (use letters or digits)")
    folded = slug.casefold()
    if folded.startswith(AUTOSAVE_PREFIX) or folded.split(".")[0] in _RESERVED_NAMES:
        raise ValueError(f"{name!r} is reserved; choose another save name")
    if slug != text or _HASHED.search(slug):
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4)
        slug = f"{slug}-{digest.hexdigest()}"
    return f"{slug}.json"


def slot_path(name: str, data_dir: DataDir = None) -> Path:
    """The file of a named save slot (see `slot_file_name`)."""
    return saves_folder(data_dir) / slot_file_name(name)


def save_to_slot(
    g: Game,
    name: str,
    *,
    level_meta: LevelMeta,
    created: str,
    data_dir: DataDir = None,
    title: str = "",
) -> Path:
    """Save `g` under a slot name (keeping the slot's previous save as its `.bak`); the load
    menu shows it as `title`, the name as the player typed it, or else as `name`."""
    path = slot_path(name, data_dir)
    save_game(g, path, level_meta=level_meta, created=created, title=" ".join(title.split()))
    return path


def autosave_paths(data_dir: DataDir = None) -> list[Path]:
    """The autosave files, newest first."""
    folder = saves_folder(data_dir)
    return [folder / f"{AUTOSAVE_PREFIX}{k}.json" for k in range(1, AUTOSAVE_SLOTS + 1)]


def autosave(g: Game, *, level_meta: LevelMeta, created: str, data_dir: DataDir = None) -> Path:
    """Bring `autosave-1.json` up to `g`: a journal entry is appended to it, or now and then
    it is rewritten whole and the earlier ones move down (the last 3 rewrites are kept)."""
    newest, *older = autosave_paths(data_dir)
    journal_save(g, newest, level_meta=level_meta, created=created, keep=older)
    return newest


def latest_autosave(data_dir: DataDir = None) -> Path | None:
    """The newest autosave that is intact, or None."""
    for path in autosave_paths(data_dir):
        if path.is_file() and read_info(path).ok:
            return path
    return None


def list_saves(data_dir: DataDir = None) -> list[SaveInfo]:
    """Every save in the saves folder, newest first; damaged files are listed with their problem."""
    folder = saves_folder(data_dir)
    infos = [read_info(p) for p in folder.glob("*.json") if not p.name.startswith(".")]
    return sorted(infos, key=lambda i: (-i.modified, i.name))


def read_info(path: Path) -> SaveInfo:
    """The load-menu line for one file; checks the file's checksum but never raises.

    A file whose bytes this process has read before is not decoded again: menus ask for the
    same files each time they open.
    """
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0
    bak = backup_path(path)
    backup = bak if bak.is_file() else None
    try:
        raw = read_save_bytes(path)
    except SaveError as err:
        return SaveInfo(path, path.stem, modified, problem=err.problem, backup=backup)
    seen = hashlib.blake2b(raw, digest_size=16).digest()
    kept = _infos.get(path)
    if kept is not None and kept[0] == seen:
        return dataclasses.replace(kept[1], modified=modified, backup=backup)
    try:
        info = _read_info(path, raw, modified, backup)
    except Exception as exc:  # the menu must list every file; this may not happen next time
        return SaveInfo(
            path, path.stem, modified, problem=f"cannot be read ({exc!r})", backup=backup
        )
    _infos[path] = (seen, info)
    return info


# The load-menu lines decoded so far, by file, with a hash of the bytes they were read from.
_infos: dict[Path, tuple[bytes, SaveInfo]] = {}


def forget_infos() -> None:
    """Forget the load-menu lines read so far: each file is decoded again at its next read."""
    _infos.clear()


def _read_info(path: Path, raw: bytes, modified: float, backup: Path | None) -> SaveInfo:
    try:
        data, _ = decode_save(raw, path)
        summary = data.get("summary")
        if not isinstance(summary, dict):
            raise SaveError(path, "damaged (no summary)")
    except SaveError as err:
        return SaveInfo(path, path.stem, modified, problem=err.problem, backup=backup)
    return SaveInfo(
        path=path,
        name=path.stem,
        modified=modified,
        level_title=_text(summary.get("level")),
        date_label=_text(summary.get("date")),
        turn=_whole(summary.get("turn")),
        difficulty=_text(summary.get("difficulty")),
        result=summary.get("result") if isinstance(summary.get("result"), str) else None,
        score=_number(summary.get("score")),
        created=_text(data.get("created")),
        backup=backup,
        title=_text(summary.get("title"))[:TITLE_MAX],
    )


def _text(v: Any) -> str:
    return v if isinstance(v, str) else ""


def _whole(v: Any) -> int:
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def _number(v: Any) -> float | None:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    return None
