"""Autosave journal: each end of turn appends what changed; the whole file is rewritten rarely.

An autosave file is a save followed by journal entries (see game.saves.container). An entry
holds the turns completed since the entry before it, the state at the start of the current
turn (its history, a row a turn, as the rows added since the entry before), this turn's
commands so far, the load-menu summary and any new checkpoints, with a checksum chained to
the entry before it. Appending costs the same at turn 100 as at turn 10; the file is
rewritten whole (and the earlier autosaves move down) when the journal has grown as large as
the save it follows, so the rewrites' cost per turn stays bounded too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.core.game import Game
from game.saves.atomic import atomic_write_bytes
from game.saves.checkpoints import game_checkpoints
from game.saves.container import MAX_PAYLOAD_BYTES, MAX_SAVE_BYTES, pack
from game.saves.format import (
    LevelMeta,
    SaveError,
    capture,
    file_checkpoints,
    level_fingerprint,
    read_save_bytes,
    readable,
    signed_line,
    summarize,
    turn_dict,
    turns_json,
    write_save,
)


@dataclass
class _Tail:
    """What this process last wrote to an autosave file, to append to it safely."""

    size: int
    payload: int  # the JSON bytes the file expands to
    checksum: str
    entries: int
    turns: int
    last_hash: str
    history: int  # rows of history the file holds
    checkpoints: frozenset[int]
    base_bytes: int
    journal_bytes: int
    game_key: tuple[str, int, str]


# Per file; a file changed behind our back (size differs) or another game is rewritten whole.
_tails: dict[Path, _Tail] = {}


def journal_save(
    g: Game,
    path: Path,
    *,
    level_meta: LevelMeta,
    created: str,
    keep: list[Path],
) -> bool:
    """Bring the save at `path` up to `g`: append a journal entry if it can, else rewrite it.

    Returns whether it appended. On a rewrite, the previous file moves down `keep`.
    """
    tail = _tails.get(path)
    key = (level_fingerprint(g.level), g.state.seed, g.player)
    if tail is not None and _can_append(tail, g, path, key):
        line, checksum, added, history = _entry(g, tail)
        data = pack(line)
        if (
            tail.size + len(data) <= MAX_SAVE_BYTES
            and tail.payload + len(line) <= MAX_PAYLOAD_BYTES
        ):
            _append(path, data)
            _note_written([path])
            tail.size += len(data)
            tail.payload += len(line)
            tail.journal_bytes += len(data)
            tail.checksum = checksum
            tail.entries += 1
            tail.turns = len(g.records)
            tail.last_hash = g.records[-1].state_hash if g.records else ""
            tail.history = history
            tail.checkpoints = tail.checkpoints | set(added)
            return True
    _tails.pop(path, None)
    save = capture(g, level_meta=level_meta, created=created, previous=path, copy=False)
    _close_up([path, *keep])
    written = write_save(save, path, keep=keep)
    _note_written([path, *keep])
    _tails[path] = _Tail(
        size=written.size,
        payload=written.payload,
        checksum=written.checksum,
        entries=0,
        turns=len(save.turns),
        last_hash=save.turns[-1].state_hash if save.turns else "",
        history=len(save.snapshot["history"]),
        checkpoints=frozenset(save.checkpoints),
        base_bytes=written.size,
        journal_bytes=0,
        game_key=key,
    )
    return False


def forget(path: Path) -> None:
    """Drop what is known of `path`'s tail: its next autosave rewrites it whole."""
    _tails.pop(path, None)


def _close_up(files: list[Path]) -> None:
    """Before a rewrite moves the files down one place, those that do not read back are
    dropped and the readable ones close up, newest first: a damaged autosave never pushes an
    intact one out."""
    present = [p for p in files if p.is_file()]
    readable_ones = [p for p in present if _stamp(p) == _written.get(p) or _readable_file(p)]
    if len(readable_ones) == len(present):
        return
    held = [p.read_bytes() for p in readable_ones]
    for slot, data in zip(files, held, strict=False):
        atomic_write_bytes(slot, data, keep=[])
    for slot in files[len(held) :]:
        slot.unlink(missing_ok=True)


def _readable_file(path: Path) -> bool:
    try:
        return readable(read_save_bytes(path))
    except SaveError:
        return False


# The files this process wrote whole and intact, by their size and modification time then:
# one unchanged since is not read again to tell whether it is damaged.
_written: dict[Path, tuple[int, int]] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _note_written(files: list[Path]) -> None:
    for p in files:
        stamp = _stamp(p)
        if stamp is None:
            _written.pop(p, None)
        else:
            _written[p] = stamp


def _unchanged(tail: _Tail, path: Path) -> bool:
    try:
        return os.stat(path).st_size == tail.size
    except OSError:
        return False


def _can_append(tail: _Tail, g: Game, path: Path, key: tuple[str, int, str]) -> bool:
    n = tail.turns
    if tail.game_key != key or tail.journal_bytes >= tail.base_bytes or len(g.records) < n:
        return False
    if n and g.records[n - 1].state_hash != tail.last_hash:
        return False
    if len(g.turn_start.history) < tail.history:
        return False
    return _unchanged(tail, path)


def _entry(g: Game, tail: _Tail) -> tuple[bytes, str, list[int], int]:
    """The JSON line of the next journal entry, its checksum, the checkpoints it adds and the
    rows of history the file holds with it.

    The snapshot leaves out its history, which grows by a row a turn: the entry holds only the
    rows added since the one before. The line is written as a save is (`signed_line`).
    """
    checkpoints = game_checkpoints(g)
    snapshot = g.turn_start.to_snapshot()
    history = snapshot.pop("history")
    body: dict[str, Any] = {
        "journal": tail.entries + 1,
        "after": tail.checksum,
        "turns": [turn_dict(r) for r in g.records[tail.turns :]],
        "pending_commands": [c.to_dict() for c in g.issued],
        "snapshot": snapshot,
        "history_added": history[tail.history :],
        "summary": summarize(g),
        "checkpoints": file_checkpoints(
            {t: s for t, s in checkpoints.items() if t not in tail.checkpoints}
        ),
    }
    line, checksum = signed_line(body, turns_json(g.records, tail.turns))
    return line, checksum, [int(t) for t in body["checkpoints"]], len(history)


def _append(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "ab") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
