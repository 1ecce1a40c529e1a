"""The bytes of a save file: a gzip stream of JSON lines, the save itself then its journal.

A save file is one gzip member holding the save (one JSON object), optionally followed by
journal members, each one JSON object appended by an autosave (see game.saves.journal).
Files of format 2 and older are plain JSON text and are still read.

Limits: the largest game a level may describe (`MAX_NATIONS` nations, `MAX_TURNS` turns) makes
a save of about 63 MB compressed and 640 MB of JSON (measured: a 400-nation turn record is
about 156 kB of JSON and 16 kB compressed, a state snapshot 4.8 MB and 0.46 MB, and a save
keeps one snapshot every 10 turns). The read limits below are those sizes with room to spare;
writing checks them, so the game never writes a save it would refuse to read.
"""

from __future__ import annotations

import gzip
import math
import zlib

GZIP_MAGIC = b"\x1f\x8b"
COMPRESS_LEVEL = 3  # about 6x smaller than the JSON at a few ms per MB; level 6 costs 6x more

MAX_NATIONS = 400
MAX_TURNS = 1000
MAX_SAVE_BYTES = 128 * 1024 * 1024
"""The largest save file read (compressed)."""
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024
"""The most JSON a save file may expand to."""


class ContainerError(ValueError):
    """The file's bytes are not a readable gzip stream; the message says why."""


def pack(line: bytes) -> bytes:
    """One gzip member holding `line` (a JSON object's UTF-8 bytes); the same bytes every time."""
    return gzip.compress(line, COMPRESS_LEVEL, mtime=0)


def is_packed(raw: bytes) -> bool:
    return raw[:2] == GZIP_MAGIC


def unpack(raw: bytes) -> tuple[list[bytes], bool]:
    """The payload of each gzip member of `raw`, and whether a last member was cut short.

    A member cut short is what a crash during an append leaves; it is dropped (the caller
    decides whether that is acceptable). Raises ContainerError for anything else.
    """
    out: list[bytes] = []
    total = 0
    rest = raw
    while rest:
        if rest[:2] != GZIP_MAGIC and rest.strip(b"\x00"):
            raise ContainerError(f"the bytes after journal entry {len(out) - 1} are not a save's")
        if out and not rest.strip(b"\x00"):
            return out, True  # a crash during an append can leave the file's end zero-filled
        d = zlib.decompressobj(wbits=31)
        try:
            data = d.decompress(rest, MAX_PAYLOAD_BYTES - total + 1)
        except zlib.error:
            where = f"journal entry {len(out)}" if out else "the compressed data"
            raise ContainerError(f"{where} is damaged") from None
        total += len(data)
        if total > MAX_PAYLOAD_BYTES or d.unconsumed_tail:
            raise ContainerError(
                f"it expands to more than {MAX_PAYLOAD_BYTES // 2**20} MB, more than any game holds"
            )
        if not d.eof:
            if not out:
                raise ContainerError("truncated: the file ends early")
            return out, True
        out.append(data)
        rest = d.unused_data
    return out, False


def size_text(n: int) -> str:
    """A byte count for a message in MiB, rounded up to a tenth, so nothing above a limit
    reads as the limit itself."""
    return f"{math.ceil(n * 10 / 2**20) / 10:.1f} MiB"


def base_text(raw: bytes) -> str:
    """The JSON text of the save in a file's bytes, without its journal (for tools and tests)."""
    return (unpack(raw)[0][0] if is_packed(raw) else raw).decode("utf-8")
