"""Crash-safe file writes: temp file, fsync, rename, with the previous versions kept beside."""

from __future__ import annotations

import errno
import itertools
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.tmp-(?P<pid>\d+)-(?P<n>\d+)$")
_counter = itertools.count(1)
# Temp files this process is writing right now, so a concurrent clean-up never removes them.
_in_flight: set[Path] = set()
# Folders already swept of dead writers' temp files by this process.
_swept: set[Path] = set()
# Where liveness of the writer cannot be checked, a temp file this old is surely abandoned.
_STALE_AGE_SECONDS = 3600.0


def backup_path(path: str | os.PathLike[str]) -> Path:
    """Where the previous version of `path` is kept: `<path>.bak`."""
    p = Path(path)
    return p.with_name(p.name + ".bak")


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, keep: Sequence[str | os.PathLike[str]] | None = None
) -> None:
    """Replace `path` with `text` (UTF-8) so that a crash leaves either the old or the new file.

    `keep` lists where older versions go, newest first: by default `<path>.bak`; an empty
    sequence keeps none. Each older version moves one place down before `path` is replaced.
    """
    atomic_write_bytes(path, text.encode("utf-8"), keep=keep)


def atomic_write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    keep: Sequence[str | os.PathLike[str]] | None = None,
) -> None:
    """The bytes version of `atomic_write_text`."""
    target = Path(path)
    if target.exists() and not target.is_file():
        # Never rename over a device or a FIFO (`--save /dev/full`) or copy one as a backup.
        raise OSError(errno.EINVAL, "it is not a regular file")
    chain = [backup_path(target)] if keep is None else [Path(k) for k in keep]
    folder = target.parent
    sweep_once(folder)
    tmp = _temp_for(target)
    try:
        _write_synced(tmp, data)
        # Older copies shift down from the oldest end, each through its own temp + rename, so
        # at every moment every slot holds a complete file; the target is replaced last.
        for src, dst in reversed(list(zip([target, *chain], chain, strict=False))):
            if src.exists():
                _copy_atomically(src, dst)
        _replace(tmp, target)
    finally:
        _in_flight.discard(tmp)
        _unlink_quietly(tmp)
    _fsync_dir(folder)


def sweep_once(folder: str | os.PathLike[str]) -> None:
    """`clean_stale_temps(folder)`, the first time this process writes in `folder`."""
    try:
        key = Path(folder).resolve()
    except OSError:
        return
    if key not in _swept:
        _swept.add(key)
        clean_stale_temps(key)


def write_target_problem(path: str | os.PathLike[str]) -> str | None:
    """Why a file cannot be written at `path`, found before any work is done, or None."""
    p = Path(path)
    if p.is_dir():
        return "it is a folder"
    if p.exists() and not p.is_file():
        return "it is not a regular file"
    folder = p.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def os_error_text(exc: OSError) -> str:
    """An operating-system error as a short phrase for a one-line message."""
    known = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOENT: "the folder does not exist",
        errno.EISDIR: "it is a folder",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.ENAMETOOLONG: "the name is too long",
    }
    return known.get(exc.errno or 0) or (exc.strerror or str(exc)).rstrip(".").lower()


def clean_stale_temps(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove temp files left in `folder` by writers that died; returns what was removed.

    A temp file belongs to a live writer while its process runs, so only files of processes
    that are gone (or, where that cannot be told, files older than an hour) are removed.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in sorted(entries, key=lambda e: e.name):
        m = _TEMP_RE.match(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False):
            continue
        p = Path(entry.path)
        if p in _in_flight or not _is_stale(entry, int(m["pid"])):
            continue
        if _unlink_quietly(p):
            removed.append(p)
    return removed


def _temp_for(target: Path) -> Path:
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{next(_counter)}")
    _in_flight.add(tmp)
    return tmp


def _write_synced(tmp: Path, data: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _copy_atomically(src: Path, dst: Path) -> None:
    """Make `dst` a complete copy of `src` without ever leaving `dst` half written."""
    tmp = _temp_for(dst)
    try:
        try:
            # A hard link is instant and shares the already-synced data of `src`.
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        _replace(tmp, dst)
    finally:
        _in_flight.discard(tmp)
        _unlink_quietly(tmp)


def _replace(src: Path, dst: Path) -> None:
    if sys.platform != "win32":
        os.replace(src, dst)
        return
    # On Windows a reader (a virus scanner, the load menu) can hold the target open briefly.
    for attempt in range(5):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        # Some file systems refuse fsync on directories; the rename is still atomic there.
        pass
    finally:
        os.close(fd)


def _is_stale(entry: os.DirEntry[str], pid: int) -> bool:
    if sys.platform != "win32":
        if pid == os.getpid():
            return True  # not in flight here, so left by an earlier process with a reused pid
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        except OSError:
            pass
        else:
            return False
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > _STALE_AGE_SECONDS
    except OSError:
        return False


def _unlink_quietly(p: Path) -> bool:
    try:
        p.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False
    return True
