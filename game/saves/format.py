"""The save file: what it holds, how it is written and checked, and how a game is restored."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import game
from game.collector import collector_paused
from game.core.commands import CommandFormatError
from game.core.defs import LevelDef
from game.core.game import Game, TurnRecord
from game.core.outcomes import Refused
from game.core.rules import Rules
from game.core.state import GameState
from game.saves.atomic import atomic_write_bytes, backup_path
from game.saves.checkpoints import (
    Snapshot,
    game_checkpoints,
    history_at,
    offer_checkpoints,
    offer_earlier_start,
)
from game.saves.container import (
    MAX_NATIONS,
    MAX_PAYLOAD_BYTES,
    MAX_SAVE_BYTES,
    MAX_TURNS,
    ContainerError,
    is_packed,
    pack,
    size_text,
    unpack,
)
from game.saves.migrations import (
    CURRENT_VERSION,
    MigrationError,
    NewerVersionError,
    upgrade,
    version_of,
)
from game.saves.payload import (
    Id,
    SnapshotProblem,
    Text,
    Turn,
    check_against_level,
    check_snapshot,
    describe,
)
from game.saves.records import clone_json
from game.saves.records import copy_record as copy_record
from game.saves.records import parse_command as parse_command

FORMAT = "forging-alliances-save"

LevelResolver = Callable[[dict[str, str], str], LevelDef]
"""Rebuilds a level from its file texts (keyed by path in the levels folder) and main file."""


class SaveError(Exception):
    """A save that cannot be used: which file, what is wrong, and a backup that loads, if any."""

    def __init__(self, path: Path | None, problem: str, backup: Path | None = None) -> None:
        self.path = path
        self.problem = problem
        self.backup = backup
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.path if self.path is not None else 'save'}: {self.problem}"
        if self.backup is not None:
            text += f". The backup {self.backup} is intact and can be loaded instead."
        return text

    def __str__(self) -> str:
        return self.message


class WrongLevelError(SaveError):
    """The level rebuilt for a save is not the one the game was recorded on."""


class LoadedLevelLike(Protocol):
    """What a loaded level offers for saving: its file texts and its content hash."""

    @property
    def main(self) -> str: ...

    @property
    def sources(self) -> dict[str, str]: ...

    @property
    def content_hash(self) -> str: ...


@dataclass(frozen=True)
class LevelMeta:
    """Where a game's level came from: the texts a level resolver rebuilds it from."""

    main: str
    sources: dict[str, str]
    content_hash: str

    @classmethod
    def of(cls, loaded: LoadedLevelLike) -> LevelMeta:
        return cls(main=loaded.main, sources=dict(loaded.sources), content_hash=loaded.content_hash)


@dataclass(frozen=True)
class LevelCopy:
    """The level as a save keeps it: identity, its file texts, and a fingerprint of the rules' view.

    `content_hash` is the loader's hash of the level files; `fingerprint` hashes the rebuilt
    definitions, so a loader or rules change that alters the level is caught as well.
    """

    id: str
    title: str
    main: str
    content_hash: str
    fingerprint: str
    sources: dict[str, str]


@dataclass
class SaveData:
    """A save in memory, always in the current format (older files are upgraded on load)."""

    level: LevelCopy
    seed: int
    player: str
    created: str
    turns: list[TurnRecord]
    pending_commands: list[dict[str, Any]]
    snapshot: dict[str, Any]
    summary: dict[str, Any]
    # The state at the start of every 10th turn, by turn (see game.saves.checkpoints). The
    # snapshots may be shared with other saves of the same game: never change them.
    checkpoints: dict[int, Snapshot] = field(default_factory=dict)
    game_version: str = game.__version__
    path: Path | None = field(default=None, compare=False)
    upgraded_from: int | None = field(default=None, compare=False)
    # The start of an earlier turn than the snapshot's, as the autosave journal held it (not
    # written, unchecked): the last turn replays from it sooner than from a checkpoint.
    earlier_start: Snapshot | None = field(default=None, compare=False, repr=False)

    @property
    def turn(self) -> int:
        """The turn the game was at: the number of completed turns."""
        return len(self.turns)

    def to_dict(self) -> dict[str, Any]:
        """The file's JSON object, checksum included.

        It shares lists and dicts with this SaveData: serialize it, do not change it.
        """
        body = self.body()
        body["checksum"] = checksum_of(body)
        return body

    def body(self) -> dict[str, Any]:
        """The file's JSON object without its checksum (shares as `to_dict` does)."""
        return {
            "format": FORMAT,
            "format_version": CURRENT_VERSION,
            "game_version": self.game_version,
            "created": self.created,
            "summary": self.summary,
            "level": dataclasses.asdict(self.level),
            "seed": self.seed,
            "player": self.player,
            "snapshot": self.snapshot,
            "pending_commands": self.pending_commands,
            "turns": [turn_dict(t) for t in self.turns],
            "checkpoints": file_checkpoints(self.checkpoints),
        }


# -- writing ---------------------------------------------------------------------------------


def file_checkpoints(checkpoints: Mapping[int, Snapshot]) -> dict[str, Snapshot]:
    """Checkpoints as a file holds them, by turn: without their history, which is the start of
    the save's own (see `with_histories`)."""
    return {
        str(t): {k: v for k, v in snap.items() if k != "history"}
        for t, snap in sorted(checkpoints.items())
    }


def with_histories(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with each checkpoint's history put back: the start of the snapshot's history.

    What does not fit (wrong types, a turn past the snapshot's) is left as it is, for the
    checks that read it to refuse.
    """
    snap, points = data.get("snapshot"), data.get("checkpoints")
    if not (isinstance(snap, dict) and isinstance(points, dict)):
        return data
    history, turn = snap.get("history"), snap.get("turn")
    if not isinstance(history, list) or type(turn) is not int:
        return data
    filled: dict[Any, Any] = {}
    for key, point in points.items():
        if isinstance(key, str) and _TURN_KEY.fullmatch(key) and isinstance(point, dict):
            start = history_at(history, turn, int(key))
            if "history" not in point and start is not None:
                point = {**point, "history": start}
        filled[key] = point
    return {**data, "checkpoints": filled}


def canonical_json(obj: Any) -> bytes:
    """The one byte form that checksums and fingerprints are taken over."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _canonical_value(value: Any) -> bytes:
    """`canonical_json`, refusing numbers that are not finite (ValueError): no save holds one."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def signed_line(body: dict[str, Any], turns: bytes | None = None) -> tuple[bytes, str]:
    """The line a save or journal entry is written as, and its checksum (of `body`, a non-empty
    object without one; see `checksum_of`): the canonical text of `body` with the checksum
    added as its last key, so that a reader can check the bytes as they are (`signed_checksum`).

    Each value is encoded once; `turns`, if given, is the canonical JSON of `body["turns"]`
    (see `turns_json`). A number that is not finite raises ValueError.
    """
    items = {
        key: json.dumps(key, ensure_ascii=False).encode()
        + b":"
        + (turns if key == "turns" and turns is not None else _canonical_value(value))
        for key, value in body.items()
    }
    canonical = b"{" + b",".join(items[k] for k in sorted(items)) + b"}"
    checksum = hashlib.blake2b(canonical, digest_size=16).hexdigest()
    return canonical[:-1] + b',"checksum":"' + checksum.encode() + b'"}\n', checksum


_CHECKSUM_KEY = b',"checksum":"'
_SIGNED_TAIL = len(_CHECKSUM_KEY) + 32 + 2  # the key, 32 hex digits, '"}'


def signed_checksum(line: bytes) -> str | None:
    """The checksum of a line as `signed_line` writes one, taken from its bytes: those before
    the checksum are the canonical text. None for any other layout (older saves list their
    keys in another order) and for a text holding a surrogate escape, which canonical text
    never does: such lines are checked by encoding them again (`checksum_of`).

    Like the checksum itself, this catches damage, not edits: the checksum has no key, so
    anyone who edits a file can make it match, here by hashing the bytes they wrote. What a
    file then holds is checked field by field as any save is.
    """
    start = _signed_tail(line)
    if start is None or b"\\ud" in line or b"\\uD" in line:
        return None
    digest = hashlib.blake2b(memoryview(line)[:start], digest_size=16)
    digest.update(b"}")
    return digest.hexdigest()


def _signed_tail(line: bytes) -> int | None:
    """Where the checksum pair `signed_line` ends a line with begins; None if it has none."""
    n = len(line)
    while n and line[n - 1] in b" \t\r\n":
        n -= 1
    tail = line[n - _SIGNED_TAIL : n]
    if n < _SIGNED_TAIL or not (tail.startswith(_CHECKSUM_KEY) and tail.endswith(b'"}')):
        return None
    return n - _SIGNED_TAIL


def checksum_of(body: dict[str, Any]) -> str:
    """blake2b-128 of the canonical JSON of everything in a save except its checksum."""
    rest = {k: v for k, v in body.items() if k != "checksum"}
    return hashlib.blake2b(canonical_json(rest), digest_size=16).hexdigest()


def level_fingerprint(level: LevelDef) -> str:
    """A hash of the level's content and of its rule overrides, the same in every process.

    Rules left at their defaults are not part of it: a game update that adds a rule (with a
    default) or changes a default does not make a save "wrong level". Whether the rules still
    reproduce the recorded game is for `replay --verify` and its per-turn hashes to decide.
    """
    global _last_fingerprint
    if _last_fingerprint is not None and _last_fingerprint[0] is level:
        return _last_fingerprint[1]
    fp = hashlib.blake2b(canonical_json(_plain(level)), digest_size=16).hexdigest()
    _last_fingerprint = (level, fp)
    return fp


# Saves of format 2 and older fingerprinted every rule, defaults included; their upgrade marks
# the fingerprint with this prefix and it is compared the old way.
LEGACY_FINGERPRINT = "all-rules:"


def legacy_level_fingerprint(level: LevelDef) -> str:
    """The fingerprint of format 2 and older: every rule, defaults included."""
    plain = _plain(level, every_rule=True)
    return hashlib.blake2b(canonical_json(plain), digest_size=16).hexdigest()


def fingerprint_matches(level: LevelDef, recorded: str) -> bool:
    """Whether `level` is the level a save recorded by its fingerprint (either kind)."""
    if recorded.startswith(LEGACY_FINGERPRINT):
        return legacy_level_fingerprint(level) == recorded[len(LEGACY_FINGERPRINT) :]
    return level_fingerprint(level) == recorded


# Autosave fingerprints the same (immutable) level every turn; the walk is worth skipping.
_last_fingerprint: tuple[LevelDef, str] | None = None


def summarize(g: Game, title: str = "") -> dict[str, Any]:
    """What the load menu shows about a game without restoring it; `title` is the name the
    player gave the save, as typed (autosaves have none)."""
    s = g.state
    name = next((n.name for n in g.level.nations if n.id == g.player), g.player)
    named = {"title": title} if title else {}
    return {
        **named,
        "level": g.level.title,
        "player": g.player,
        "player_name": name,
        "date": g.date(),
        "turn": s.turn,
        "turns": g.level.turns,
        "difficulty": s.difficulty,
        "result": s.result,
        "result_text": s.result_text,
        "score": s.score,
        "approval": float(s.approval[s.idx(g.player)]),
        "agreements": len(s.agreements_of(g.player)),
    }


def capture(
    g: Game,
    *,
    level_meta: LevelMeta,
    created: str,
    previous: str | os.PathLike[str] | None = None,
    title: str = "",
    copy: bool = True,
) -> SaveData:
    """A save of `g` as it stands, mid-turn commands included; `created` and `title` (the
    name the player typed) are only displayed. With `copy=False` it shares the turn records
    with `g`, which is safe for a save written at once and dropped.

    Its checkpoints are those `g` kept; missing ones are taken from the save at `previous`
    (the file about to be replaced) when it holds the same game, else re-simulated once.
    """
    level = g.level
    earlier = None if previous is None else (lambda: checkpoints_in_file(previous))
    return SaveData(
        level=LevelCopy(
            id=level.id,
            title=level.title,
            main=level_meta.main,
            content_hash=level_meta.content_hash,
            fingerprint=level_fingerprint(level),
            sources=dict(sorted(level_meta.sources.items())),
        ),
        seed=g.state.seed,
        player=g.player,
        created=created,
        turns=[copy_record(r) for r in g.records] if copy else list(g.records),
        pending_commands=[c.to_dict() for c in g.issued],
        # The turn-start state plus this turn's commands rebuild the live state exactly.
        snapshot=g.turn_start.to_snapshot(),
        summary=summarize(g, title),
        checkpoints=game_checkpoints(g, earlier),
    )


def dump_save(save: SaveData) -> str:
    """The save as JSON text (what a save file holds, compressed)."""
    return signed_line(save.body(), turns_json(save.turns))[0].decode().rstrip("\n")


class Written(NamedTuple):
    """What `write_save` wrote: the save's checksum, the file's size and the JSON's size."""

    checksum: str
    size: int
    payload: int


def write_save(
    save: SaveData,
    path: str | os.PathLike[str],
    *,
    keep: Sequence[str | os.PathLike[str]] | None = None,
) -> Written:
    """Write a save atomically; older versions go to `keep` (default: `<path>.bak`).

    A save too large to be read back is refused (SaveError) and nothing is written.
    """
    line, checksum = signed_line(save.body(), turns_json(save.turns))
    data = pack(line)
    if len(data) > MAX_SAVE_BYTES or len(line) > MAX_PAYLOAD_BYTES:
        raise SaveError(
            Path(path),
            f"not saved: the game is too large to save ({size_text(len(data))}, "
            f"{size_text(len(line))} uncompressed; a save may be at most "
            f"{size_text(MAX_SAVE_BYTES)}, {size_text(MAX_PAYLOAD_BYTES)} uncompressed)",
        )
    atomic_write_bytes(path, data, keep=keep)
    return Written(checksum, len(data), len(line))


def save_game(
    g: Game,
    path: str | os.PathLike[str],
    *,
    level_meta: LevelMeta,
    created: str,
    title: str = "",
) -> SaveData:
    """Save `g` to `path` atomically, keeping the previous file as `<path>.bak`; the SaveData
    returned shares the turn records with `g`."""
    save = capture(
        g, level_meta=level_meta, created=created, previous=path, title=title, copy=False
    )
    write_save(save, path)
    save.path = Path(path)
    return save


# -- reading ---------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


_Hash = Annotated[str, Field(pattern="^[0-9a-f]{32}$")]
_Commands = Annotated[list[dict[str, Any]], Field(max_length=100_000)]


class _OutcomeModel(_Strict):
    fact: Id
    text: Text
    nations: Annotated[list[Id], Field(max_length=MAX_NATIONS)]


class _TurnModel(_Strict):
    turn: Turn
    commands: _Commands
    ai_commands: _Commands
    outcomes: Annotated[list[_OutcomeModel], Field(max_length=100_000)]
    state_hash: _Hash
    parts: dict[Id, Id]


class _LevelModel(_Strict):
    id: Id
    title: Text
    main: Id
    content_hash: Id
    fingerprint: Annotated[str, Field(pattern="^(all-rules:)?[0-9a-f]{32}$")]
    sources: Annotated[dict[Id, str], Field(max_length=10_000)]


class _SaveModel(_Strict):
    format: str
    format_version: int
    game_version: str
    created: str
    summary: dict[str, Any]
    level: _LevelModel
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)]
    player: Id
    snapshot: dict[str, Any]
    pending_commands: _Commands
    turns: Annotated[list[_TurnModel], Field(max_length=MAX_TURNS * 2)]
    checkpoints: dict[str, dict[str, Any]]


class _BadConstant(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _BadConstant(f"{name} is not a number a save can hold")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadConstant(f"{text[:20]} is not a number a save can hold")
    return value


def _loads(text: str) -> Any:
    """JSON with no NaN, infinity or overflowing float; raises _BadConstant for those.

    Integers are left to the typed models' bounds (a hook on every integer would cost a
    Python call per number of a large save); one too long to convert at all is refused here.
    """
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:
        if "digits" in str(exc):
            raise _BadConstant("an integer with too many digits for a save") from None
        raise


def _checksum_or_refuse(body: dict[str, Any], path: Path | None) -> str:
    try:
        return checksum_of(body)
    except UnicodeEncodeError:
        # Only a lone surrogate escape (\ud800) in a JSON string gets this far.
        raise SaveError(path, "corrupt (a text holds a lone surrogate escape)") from None


def _apply_journal(
    data: dict[str, Any], checksum: str, journal: list[bytes], path: Path | None, version: int
) -> tuple[dict[str, Any], Any]:
    """The save `data` with its journal entries applied in order, each checked first, and the
    snapshot the last entry followed (the start of an earlier turn, unchecked).

    From version 4 an entry's snapshot has no history: the entry adds rows to the one before.
    """
    out = dict(data)
    before: Any = None
    for k, blob in enumerate(journal, start=1):
        where = f"journal entry {k}"
        try:
            entry = _loads(blob.decode("utf-8"))
        except (_BadConstant, ValueError, RecursionError) as exc:
            reason = exc if isinstance(exc, _BadConstant) else "not valid JSON"
            raise SaveError(path, f"corrupt ({where}: {reason})") from None
        if not isinstance(entry, dict) or (
            entry.get("checksum") != signed_checksum(blob)
            and entry.get("checksum") != _checksum_or_refuse(entry, path)
        ):
            raise SaveError(path, f"corrupt ({where}: checksum mismatch)")
        if entry.get("journal") != k or entry.get("after") != checksum:
            raise SaveError(path, f"corrupt ({where} does not follow the one before it)")
        turns, points = entry.get("turns"), entry.get("checkpoints")
        if not (
            isinstance(turns, list)
            and isinstance(points, dict)
            and isinstance(out.get("turns"), list)
            and isinstance(out.get("checkpoints"), dict)
        ):
            raise SaveError(path, f"damaged ({where}: its turns or checkpoints are not lists)")
        out["turns"] = out["turns"] + turns
        out["checkpoints"] = {**out["checkpoints"], **points}
        before = out["snapshot"]
        for key in ("snapshot", "pending_commands", "summary"):
            out[key] = entry.get(key)
        if version >= 4:
            out["snapshot"] = _add_history(before, entry, path, where)
        checksum = entry["checksum"]
    return out, before


def _add_history(
    before: Any, entry: dict[str, Any], path: Path | None, where: str
) -> dict[str, Any]:
    """A version-4 entry's snapshot with its history: the one before's, plus the rows it adds."""
    snap, added = entry.get("snapshot"), entry.get("history_added")
    held = before.get("history") if isinstance(before, dict) else None
    if not (isinstance(snap, dict) and isinstance(added, list) and isinstance(held, list)):
        raise SaveError(path, f"damaged ({where}: its snapshot or the history it adds is missing)")
    if "history" in snap:
        raise SaveError(path, f"damaged ({where}: its snapshot holds a whole history)")
    return {**snap, "history": held + added}


def decode_save(raw: bytes, path: Path | None = None) -> tuple[dict[str, Any], int]:
    """Check a file's bytes up to its checksum and upgrade it: (current-format dict, old version).

    The journal entries after the save, if any, are checked and applied. This is the cheap
    part of loading, enough for a load menu; raises SaveError.
    """
    with collector_paused():
        data, version, _ = _decode_save(raw, path)
        return data, version


def _decode_save(raw: bytes, path: Path | None) -> tuple[dict[str, Any], int, Any]:
    """`decode_save`, and the snapshot the journal's last entry followed (None without one)."""
    journal: list[bytes] = []
    if is_packed(raw):
        try:
            members, _torn = unpack(raw)
        except ContainerError as exc:
            raise SaveError(path, f"corrupt ({exc})") from None
        raw, journal = members[0], members[1:]
    if not raw.strip():
        raise SaveError(path, "corrupt (the file is empty)")
    # Every save starts as a JSON object; other files are "not a save", saves are "corrupt".
    looks_like_save = raw.lstrip()[:1] == b"{"
    if not looks_like_save and (b"\x00" in raw[:4096]):
        raise SaveError(path, "not a save file (binary data)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not looks_like_save:
            raise SaveError(path, "not a save file (binary data)") from None
        raise SaveError(path, f"corrupt (not UTF-8 text at byte {exc.start})") from None
    try:
        data = _loads(text)
    except _BadConstant as exc:
        raise SaveError(path, f"corrupt ({exc})") from None
    except json.JSONDecodeError as exc:
        body = text.rstrip()
        ends_early = not body.endswith("}") or (exc.pos >= len(body) and exc.msg != "Extra data")
        if looks_like_save and ends_early:
            raise SaveError(path, "corrupt (truncated: the file ends early)") from None
        where = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        if looks_like_save:
            raise SaveError(path, f"corrupt (not valid JSON: {where})") from None
        raise SaveError(path, f"not a save file (not JSON: {where})") from None
    except RecursionError:
        raise SaveError(path, "not a save file (nested too deeply)") from None
    if not isinstance(data, dict):
        raise SaveError(path, "not a save file (JSON, but not a save)")
    fmt = data.get("format")
    if fmt != FORMAT:
        shown = "no format field" if fmt is None else f"format {fmt!r}"
        raise SaveError(path, f"not a Forging Alliances save ({shown})")
    try:
        version = version_of(data)
        if version > CURRENT_VERSION:
            # Checked before the checksum: a newer format may not checksum the same way.
            raise NewerVersionError(version)
    except MigrationError as exc:
        raise SaveError(path, str(exc)) from None
    stored = data.get("checksum")
    if not isinstance(stored, str):
        raise SaveError(path, "corrupt (no checksum)")
    if stored != signed_checksum(raw) and stored != _checksum_or_refuse(data, path):
        raise SaveError(path, "corrupt (checksum mismatch)")
    rest = {k: v for k, v in data.items() if k != "checksum"}
    earlier = None
    if journal:
        if version < 3:
            raise SaveError(path, f"corrupt (a format-{version} save with journal entries)")
        rest, earlier = _apply_journal(rest, stored, journal, path, version)
    if version >= 4:
        rest = with_histories(rest)
    try:
        return upgrade(rest), version, earlier
    except MigrationError as exc:
        raise SaveError(path, f"cannot be upgraded ({exc})") from None


def readable(raw: bytes) -> bool:
    """Whether a file's bytes read back as a save, as far as `decode_save` (and a load menu)
    goes. Files in the layout `signed_line` writes are checked from their bytes alone: every
    member whole and matching its checksum; others are decoded."""
    if is_packed(raw):
        try:
            members, _torn = unpack(raw)
        except ContainerError:
            return False
        if all(_signed_and_matching(m) for m in members):
            return True
    try:
        decode_save(raw)
    except SaveError:
        return False
    return True


def _signed_and_matching(line: bytes) -> bool:
    """Whether `line` is a signed line whose bytes match the checksum it carries."""
    checksum, start = signed_checksum(line), _signed_tail(line)
    if checksum is None or start is None:
        return False
    carried = line[start + len(_CHECKSUM_KEY) : start + _SIGNED_TAIL - 2]
    return carried == checksum.encode()


def build_save(
    data: dict[str, Any], path: Path | None = None, version: int | None = None
) -> SaveData:
    """Check the structure of a current-format save dict and turn it into SaveData."""
    try:
        m = _SaveModel.model_validate(data)
    except ValidationError as exc:
        raise SaveError(path, f"damaged ({describe(exc)})") from None
    turns: list[TurnRecord] = []
    for i, t in enumerate(m.turns):
        if t.turn != i:
            raise SaveError(path, f"damaged (turn record {i} is numbered {t.turn})")
        cmds = _commands(path, t.commands, f"turn {i}, command")
        if not cmds or cmds[-1]["type"] != "EndTurn":
            raise SaveError(path, f"damaged (turn {i} does not end with EndTurn)")
        if any(c["type"] == "EndTurn" for c in cmds[:-1]):
            raise SaveError(path, f"damaged (turn {i} has EndTurn before its last command)")
        ai_cmds = _commands(path, t.ai_commands, f"turn {i}, AI command")
        # The outcomes as read: checked by the model, kept as the plain dicts records hold.
        outcomes = data["turns"][i]["outcomes"]
        turns.append(TurnRecord(t.turn, cmds, ai_cmds, outcomes, t.state_hash, t.parts))
    pending = _commands(path, m.pending_commands, "unfinished turn, command")
    if any(c["type"] == "EndTurn" for c in pending):
        raise SaveError(path, "damaged (the unfinished turn holds an EndTurn)")
    state = state_from_snapshot(m.snapshot, path)
    if state.turn != len(turns):
        raise SaveError(
            path, f"damaged (the snapshot is of turn {state.turn}, the log has {len(turns)} turns)"
        )
    if turns and state.state_hash() != turns[-1].state_hash:
        raise SaveError(path, "damaged (the snapshot does not match the last turn's hash)")
    # Only their shape is checked here; a replay checks a checkpoint's hash before using it.
    checkpoints = _checkpoints(path, m.checkpoints, len(turns))
    lv = m.level
    return SaveData(
        level=LevelCopy(lv.id, lv.title, lv.main, lv.content_hash, lv.fingerprint, lv.sources),
        seed=m.seed,
        player=m.player,
        created=m.created,
        turns=turns,
        pending_commands=pending,
        snapshot=m.snapshot,
        summary=m.summary,
        checkpoints=checkpoints,
        game_version=m.game_version,
        path=path,
        upgraded_from=version if version is not None and version != CURRENT_VERSION else None,
    )


def parse_save(raw: bytes, path: Path | None = None) -> SaveData:
    """A whole save from its bytes; raises SaveError naming what is wrong."""
    with collector_paused():
        data, version, earlier = _decode_save(raw, path)
        save = build_save(data, path, version)
    if isinstance(earlier, dict):
        save.earlier_start = earlier
    return save


def read_save_bytes(path: Path) -> bytes:
    """A save file's bytes, refusing missing, unreadable, non-regular and too large files.

    A FIFO or a device (/dev/zero) is refused before anything is read from it.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SaveError(path, "does not exist") from None
    except IsADirectoryError:
        raise SaveError(path, "is a folder, not a save file") from None
    except OSError as exc:
        raise SaveError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise SaveError(path, "is a folder, not a save file")
        if not stat.S_ISREG(st.st_mode):
            raise SaveError(path, "not a save file (not a regular file)")
        if st.st_size > MAX_SAVE_BYTES:
            raise SaveError(path, _too_large(st.st_size))
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_SAVE_BYTES + 1)
    except OSError as exc:
        raise SaveError(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_SAVE_BYTES:
        raise SaveError(path, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return (
        f"not a save file (too large: {size_text(size)}; "
        f"saves are at most {size_text(MAX_SAVE_BYTES)})"
    )


def load_save(path: str | os.PathLike[str]) -> SaveData:
    """Read and check a save; on any problem raise SaveError, offering `<path>.bak` if it loads."""
    p = Path(path)
    try:
        return parse_save(read_save_bytes(p), p)
    except SaveError as err:
        raise SaveError(p, err.problem, working_backup(p)) from None


def working_backup(path: str | os.PathLike[str]) -> Path | None:
    """`<path>.bak` if it exists and loads, else None."""
    bak = backup_path(path)
    if not bak.is_file():
        return None
    try:
        parse_save(read_save_bytes(bak), bak)
    except SaveError:
        return None
    return bak


def checkpoints_in_file(path: str | os.PathLike[str]) -> dict[int, Snapshot]:
    """The checkpoints of the save at `path`, unchecked; none if it is missing or damaged."""
    p = Path(path)
    try:
        if not p.is_file():
            return {}
        data, _ = decode_save(read_save_bytes(p), p)
    except (SaveError, OSError):
        return {}
    raw = data.get("checkpoints")
    if not isinstance(raw, dict):
        return {}
    return {
        int(k): v
        for k, v in raw.items()
        if isinstance(k, str) and _TURN_KEY.fullmatch(k) and isinstance(v, dict)
    }


# -- restoring -------------------------------------------------------------------------------


def rebuild_level(save: SaveData, rebuild: LevelResolver, *, exact: bool = True) -> LevelDef:
    """The save's level, rebuilt from its own copy by `rebuild`.

    Refuses a level with another id, and with `exact` one whose content differs from what the
    game was recorded on (a changed loader or rules can rebuild the same files differently).
    """
    try:
        level = rebuild(dict(save.level.sources), save.level.main)
    except Exception as exc:  # a resolver parses files and may fail in any way; report, not crash
        raise SaveError(save.path, f"its level cannot be rebuilt ({exc})") from None
    if not isinstance(level, LevelDef):
        raise SaveError(save.path, "its level cannot be rebuilt (the resolver gave no level)")
    recorded = f"{save.level.title!r} ({save.level.id}, content {save.level.content_hash[:12]})"
    if level.id != save.level.id:
        raise WrongLevelError(
            save.path,
            f"wrong level: the game was recorded on {recorded}, but the level rebuilt from it "
            f"is {level.title!r} ({level.id})",
        )
    if exact and not fingerprint_matches(level, save.level.fingerprint):
        raise WrongLevelError(
            save.path,
            f"wrong level: the game was recorded on {recorded}, but the level rebuilt from it "
            "has different content (the level files, the loader or the rules changed)",
        )
    if save.player != level.player:
        raise SaveError(save.path, f"damaged (player {save.player!r} is not the level's player)")
    return level


def state_from_snapshot(snapshot: dict[str, Any], path: Path | None = None) -> GameState:
    """A fresh state from a snapshot dict (never sharing lists with it); raises SaveError.

    The snapshot is checked first (types, bounds, shapes, nations named), so the state built
    is one the rules can play on.
    """
    try:
        check_snapshot(snapshot)
    except SnapshotProblem as exc:
        raise SaveError(path, f"damaged (snapshot.{exc})") from None
    try:
        return GameState.from_snapshot(clone_json(snapshot))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise SaveError(path, f"damaged (the snapshot cannot be read: {exc!r})") from None


def new_game(level: LevelDef, save: SaveData) -> Game:
    """The saved game as it started: its level and seed at the difficulty it was played at
    (which the snapshot records, and which never changes during a game)."""
    return Game(level, seed=save.seed, difficulty=str(save.snapshot.get("difficulty", "normal")))


def restore_game(save: SaveData, rebuild: LevelResolver, *, exact_level: bool = True) -> Game:
    """The saved game, ready to play on: level rebuilt, turn-start state, this turn's commands.

    With `exact_level=False` a level whose content changed since the save is accepted if its
    id and nations are the same: the snapshot loads and play goes on under the new content,
    though the turn log no longer replays exactly (offer this after a WrongLevelError).
    """
    level = rebuild_level(save, rebuild, exact=exact_level)
    state = state_from_snapshot(save.snapshot, save.path)
    if state.ids != [n.id for n in level.nations]:
        raise WrongLevelError(save.path, "wrong level: the snapshot's nations are not the level's")
    try:
        check_against_level(save.snapshot, level)
    except SnapshotProblem as exc:
        raise SaveError(save.path, f"damaged (snapshot.{exc})") from None
    if (
        exact_level
        and not save.turns
        and state.state_hash() != new_game(level, save).state.state_hash()
    ):
        raise SaveError(save.path, "damaged (the turn-0 snapshot is not the level's start)")
    g = Game(level, state=state)
    g.records = [copy_record(r) for r in save.turns]
    offer_checkpoints(g, save.checkpoints)
    if save.earlier_start is not None:
        offer_earlier_start(g, save.earlier_start)
    for j, d in enumerate(save.pending_commands, start=1):
        result = g.issue(parse_command(d))
        if isinstance(result, Refused):
            raise SaveError(
                save.path,
                f"damaged (command {j} of the unfinished turn, {d.get('type')}, is refused: "
                f"{'; '.join(result.reasons)})",
                _backup_of(save),
            )
    return g


def load_game(
    path: str | os.PathLike[str], rebuild: LevelResolver, *, exact_level: bool = True
) -> Game:
    """`restore_game(load_save(path), rebuild)`."""
    return restore_game(load_save(path), rebuild, exact_level=exact_level)


# -- helpers ---------------------------------------------------------------------------------


def _commands(path: Path | None, records: list[dict[str, Any]], where: str) -> list[dict[str, Any]]:
    out = []
    for j, d in enumerate(records, start=1):
        try:
            out.append(parse_command(d).to_dict())
        except CommandFormatError as exc:
            raise SaveError(path, f"damaged ({where} {j}: {exc})") from None
    return out


# A checkpoint's key: a turn number written plainly (no sign, no leading zeros, ASCII digits).
_TURN_KEY = re.compile(r"0|[1-9][0-9]{0,8}")


def _checkpoints(
    path: Path | None, raw: dict[str, dict[str, Any]], turns: int
) -> dict[int, Snapshot]:
    out: dict[int, Snapshot] = {}
    for key, snap in raw.items():
        if not _TURN_KEY.fullmatch(key):
            raise SaveError(path, f"damaged (checkpoint {key!r} is not a turn number)")
        t = int(key)
        if t > turns:
            raise SaveError(
                path, f"damaged (the checkpoint of turn {t} is past the save's turn, {turns})"
            )
        held = snap.get("turn")
        if held != t or type(held) is not int:
            raise SaveError(
                path, f"damaged (the checkpoint of turn {t} holds the state of turn {held!r})"
            )
        out[t] = snap
    return dict(sorted(out.items()))


# The canonical JSON of each turn record of the game last written, by turn. A record never
# changes once made (TurnRecord is frozen and its lists are left alone), so a game's later
# saves and journal entries encode only its new turns; a record that is not the one kept at
# its turn (another game, a copy) is encoded and replaces it. The records stay alive until
# another game is saved, and only the first TURN_TEXTS_MAX bytes of text are kept (every turn
# of a shipped level, the first ~400 at 400 nations): the largest games do not hold it twice.
_turn_texts: list[tuple[TurnRecord, bytes, int]] = []  # with the bytes kept up to it
TURN_TEXTS_MAX = 64 * 2**20


def turns_json(records: Sequence[TurnRecord], start: int = 0) -> bytes:
    """The canonical JSON of the list `records[start:]`, as `turn_dict` gives each record."""
    texts = []
    for k in range(start, len(records)):
        r = records[k]
        if k < len(_turn_texts) and _turn_texts[k][0] is r:
            texts.append(_turn_texts[k][1])
            continue
        text = _canonical_value(turn_dict(r))
        if k <= len(_turn_texts):
            del _turn_texts[k:]
            kept = (_turn_texts[-1][2] if _turn_texts else 0) + len(text)
            if kept <= TURN_TEXTS_MAX:
                _turn_texts.append((r, text, kept))
        texts.append(text)
    return b"[" + b",".join(texts) + b"]"


def turn_dict(t: TurnRecord) -> dict[str, Any]:
    return {
        "turn": t.turn,
        "commands": t.commands,
        "ai_commands": t.ai_commands,
        "outcomes": t.outcomes,
        "state_hash": t.state_hash,
        "parts": t.parts,
    }


def _backup_of(save: SaveData) -> Path | None:
    return working_backup(save.path) if save.path is not None else None


def _plain(x: Any, every_rule: bool = False) -> Any:
    """A JSON-able form of a level definition tree that does not depend on memory or hash order.

    Of the rules only those that differ from their defaults are kept, unless `every_rule`.
    """
    if x is None or isinstance(x, bool | int | str):
        return x
    if isinstance(x, float):
        return x if math.isfinite(x) else repr(x)
    if isinstance(x, Rules) and not every_rule:
        overrides = {
            f.name: _plain(getattr(x, f.name))
            for f in dataclasses.fields(x)
            if getattr(x, f.name) != _default_of(f)
        }
        return ["Rules", overrides]
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        # Fields excluded from comparison (a compiled expression's closure) are not content,
        # nor are fields added after saves existed while they hold their default.
        fields = {
            f.name: _plain(getattr(x, f.name), every_rule)
            for f in dataclasses.fields(x)
            if f.compare
            and not (
                f.metadata.get("fingerprint") == "when_set" and getattr(x, f.name) == f.default
            )
        }
        return [type(x).__name__, fields]
    if isinstance(x, dict):
        return sorted(
            ([_plain(k, every_rule), _plain(v, every_rule)] for k, v in x.items()), key=_sort_key
        )
    if isinstance(x, list | tuple):
        return [_plain(v, every_rule) for v in x]
    if isinstance(x, set | frozenset):
        return sorted((_plain(v, every_rule) for v in x), key=_sort_key)
    if callable(x):
        return "@" + getattr(x, "__qualname__", type(x).__qualname__)
    return "@" + type(x).__qualname__


def _default_of(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def _sort_key(v: Any) -> bytes:
    return canonical_json(v)
