"""One loader for levels: YAML → checks in passes → every problem at once → a LevelDef."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.content import checks
from game.content.build import build_level
from game.content.diagnostics import Diagnostic, DiagnosticSink, Pos, sort_diagnostics
from game.content.models import DeckModel, LevelModel
from game.content.yamlsafe import (
    DEFAULT_LIMITS,
    Skipped,
    YamlDoc,
    load_yaml_file,
    load_yaml_recovering,
    unread_file,
)
from game.core.defs import LevelDef


@dataclass
class LoadedLevel:
    """A level that loaded cleanly, with what the game, saves and the UI need besides the rules."""

    level: LevelDef
    model: LevelModel
    main: str
    sources: dict[str, str]
    content_hash: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.level.title


@dataclass
class LoadResult:
    loaded: LoadedLevel | None
    diagnostics: list[Diagnostic]
    files: list[str] = field(default_factory=list)  # every file read, relative to the root

    @property
    def ok(self) -> bool:
        return self.loaded is not None


@dataclass
class ParsedFile:
    rel: str
    display: str
    doc: YamlDoc
    model: BaseModel | None
    included_at: Pos | None = None
    only_tags: frozenset[str] = frozenset()
    skip_tags: frozenset[str] = frozenset()

    def keeps(self, event: Any) -> bool:
        """Whether the including file's tag filter keeps this event (a mapping or a model)."""
        if not (self.only_tags or self.skip_tags):
            return True
        raw = event.get("tags") if isinstance(event, dict) else getattr(event, "tags", None)
        deck = self.doc.data.get("tags") if isinstance(self.doc.data, dict) else None
        # Tags of the wrong type are reported by the schema pass; here they are no tags.
        listed = [x for x in (raw, deck) if isinstance(x, (list, tuple, frozenset))]
        tags = {t for x in listed for t in x if isinstance(t, str)}
        if self.only_tags and not tags & self.only_tags:
            return False
        return not tags & self.skip_tags


Reader = Callable[[str], tuple[bytes | None, str]]
"""Reads a file by its path relative to the levels root: (bytes, "") or (None, problem).

A problem may start with an error code and a colon ("E004: ...") to be reported as such.
"""


def content_hash(sources: dict[str, str]) -> str:
    canon = json.dumps(sources, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.blake2b(canon.encode(), digest_size=16).hexdigest()


def levels_root(path: Path) -> Path:
    """The folder includes are confined to: the nearest `levels` folder above, else the file's."""
    resolved = path.resolve()
    for parent in resolved.parents:
        if parent.name == "levels":
            return parent
    return resolved.parent


class _Loader:
    def __init__(self, read: Reader, display: Callable[[str], str]) -> None:
        self.read = read
        self.display = display
        self.sink: DiagnosticSink | None = None
        self.diags: list[Diagnostic] = []
        self.sources: dict[str, str] = {}
        self.files: list[ParsedFile] = []
        # Lines left out of each file for syntax errors, and where the YAML layer complained
        # (a value it refused reads as nothing, which the schema must not report again).
        self.skipped: dict[str, list[Skipped]] = {}
        self.yaml_diags: set[Diagnostic] = set()

    def sink_for(self, display: str) -> DiagnosticSink:
        if self.sink is None:
            self.sink = DiagnosticSink(display)
        return self.sink

    def error(self, code: str, message: str, pos: Pos, notes: tuple[str, ...] = ()) -> None:
        self.diags.append(self.sink_for(pos.path).make("error", code, message, pos, notes))

    def parse(
        self,
        rel: str,
        model: type[BaseModel],
        at: Pos | None,
        stack: list[str],
        tags: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
    ) -> None:
        display = self.display(rel)
        data, problem = self.read(rel)
        if data is None:
            where = at or Pos(display, 1, 1)
            code, _, message = problem.partition(": ")
            if len(code) == 4 and code[0] == "E" and code[1:].isdigit():
                self.error(code, message, where)
            else:
                self.error("E008", f"cannot read {display}: {problem}", where)
            return
        read = load_yaml_recovering(data, display)
        found = _within_file(read.diagnostics, data)
        self.diags.extend(found)
        self.yaml_diags |= set(found)
        if read.skipped:
            self.skipped[display] = read.skipped
        doc = read.doc
        if doc is None:
            # Nothing of the file could be used: what it defines must not read as unknown.
            gone = unread_file(data.decode("utf-8", errors="replace"))
            self.skipped[display] = [gone]
            first = next((k for k, d in enumerate(self.diags) if d in found), None)
            if first is not None and gone.describe() not in self.diags[first].notes:
                d = self.diags[first]
                self.diags[first] = dataclasses.replace(d, notes=(*d.notes, gone.describe()))
                self.yaml_diags.add(self.diags[first])
            return
        text = data.decode("utf-8", errors="replace")
        self.sources[rel] = text
        sink = self.sink_for(display)
        sink.add_source(display, text)
        # Re-render diagnostics from the YAML layer now that the sink knows the text.
        if doc.data is None:
            self.error("E104", "the file is empty", Pos(display, 1, 1))
            return
        if not isinstance(doc.data, dict):
            self.error("E102", "expected a mapping of keys at the top of the file", doc.pos_of(()))
            return
        parsed = ParsedFile(rel, display, doc, None, at, *tags)
        self.files.append(parsed)
        try:
            parsed.model = model.model_validate(doc.data)
        except ValidationError as exc:
            for d in checks.schema_errors(exc, doc, model, sink):
                self.diags.append(d)
        includes = doc.data.get("include", [])
        if not isinstance(includes, list):
            return
        for k, item in enumerate(includes):
            inc = item.get("deck") if isinstance(item, dict) else item
            if not isinstance(inc, str):
                continue
            filters = (_tag_set(item, "only_tags"), _tag_set(item, "skip_tags"))
            pos = doc.pos_of(("include", k))
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), inc))
            if inc.startswith(("/", "\\")) or target.startswith("..") or ":" in inc:
                self.error("E009", f"include {inc!r} points outside the levels folder", pos)
                continue
            if target in stack:
                cycle = " → ".join([*stack[stack.index(target) :], target])
                self.error("E010", f"include cycle: {cycle}", pos)
                continue
            if any(f.rel == target for f in self.files):
                continue
            self.parse(target, DeckModel, pos, [*stack, target], filters)


def _tag_set(item: Any, key: str) -> frozenset[str]:
    tags = item.get(key) if isinstance(item, dict) else None
    return (
        frozenset(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else frozenset()
    )


def _load(main: str, read: Reader, display: Callable[[str], str]) -> LoadResult:
    ld = _Loader(read, display)
    ld.parse(main, LevelModel, None, [main])
    if ld.files and ld.files[0].rel == main:
        sink = ld.sink_for(ld.files[0].display)
        ld.diags.extend(checks.check_level(ld.files, sink))
    diags = sort_diagnostics(_dedupe(_unreadable_aware(ld)))
    files = [f.rel for f in ld.files]
    if any(d.is_error for d in diags) or not ld.files:
        return LoadResult(None, diags, files)
    main_file = ld.files[0]
    model = main_file.model
    assert isinstance(model, LevelModel)
    decks = [
        f.model.model_copy(update={"events": [e for e in f.model.events if f.keeps(e)]})
        for f in ld.files[1:]
        if isinstance(f.model, DeckModel)
    ]
    level = build_level(model, decks)
    loaded = LoadedLevel(
        level, model, main, dict(sorted(ld.sources.items())), content_hash(ld.sources), diags
    )
    return LoadResult(loaded, diags, files)


_UNKNOWN_NAME = re.compile(r"unknown [^']*'([^']+)'")
_MISSING_KEY = re.compile(r"missing required key '([^']+)' in the file")


def _unreadable_aware(ld: _Loader) -> list[Diagnostic]:
    """Drop what only follows from lines that could not be read, and say how much that was.

    A name defined in skipped lines reads as unknown everywhere it is used, and a top-level
    key on a skipped line reads as missing: neither is a real error, so each is left out and
    counted in a note on the syntax error that caused it.
    """
    out: list[Diagnostic] = []
    dropped: dict[Skipped, list[str]] = {}
    spots = {(d.path, d.line, d.col) for d in ld.yaml_diags}
    for d in ld.diags:
        if d not in ld.yaml_diags and (d.path, d.line, d.col) in spots:
            continue
        cause = _skipped_cause(ld.skipped, d)
        if cause is None:
            out.append(d)
        else:
            dropped.setdefault(cause, []).append(f"{d.path}:{d.line}")
    for gone, where in dropped.items():
        for k, d in enumerate(out):
            if d.code.startswith("E00") and gone.describe() in d.notes:
                n = len(where)
                note = (
                    f"{n} {'use' if n == 1 else 'uses'} of what could not be read "
                    f"{'was' if n == 1 else 'were'} not checked ({', '.join(where[:3])}"
                    f"{', …' if n > 3 else ''})"
                )
                out[k] = dataclasses.replace(d, notes=(*d.notes, note))
                break
    return out


def _skipped_cause(skipped: dict[str, list[Skipped]], d: Diagnostic) -> Skipped | None:
    if d.code.startswith("E00"):
        return None
    name = _UNKNOWN_NAME.search(d.message)
    missing = _MISSING_KEY.search(d.message)
    for path, gone in skipped.items():
        for g in gone:
            if name and name.group(1) in g.names:
                return g
            if missing and d.path == path and g.whole_section and g.section == missing.group(1):
                return g
            if (
                d.path == path
                and g.section
                and d.message.startswith(f"{g.section}:")
                and "at least" in d.message
            ):
                return g  # a list too short only for the items left out
            if d.path == path and "got nothing" in d.message and 0 < g.first - d.line <= 2:
                return g  # a key whose whole value was left out
            if g.section == "include" and d.code == "E202":
                return g  # the event may come from a deck whose include was left out
    return None


def _within_file(diags: list[Diagnostic], data: bytes) -> list[Diagnostic]:
    """Errors at the very end of a file without a final newline stay on its last line."""
    lines = data.decode("utf-8", errors="replace").splitlines() or [""]
    out = []
    for d in diags:
        if d.line > len(lines):
            last = lines[-1]
            d = dataclasses.replace(d, line=len(lines), col=len(last) + 1, source_line=last)
        out.append(d)
    return out


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for d in diags:
        key = (d.path, d.line, d.col, d.code, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def load_level_file(path: Path | str, *, display: str | None = None) -> LoadResult:
    """Load a level from disk; includes are read relative to it and confined to its levels root."""
    path = Path(path)
    root = levels_root(path)
    try:
        main = path.resolve().relative_to(root).as_posix()
    except ValueError:
        main = path.name
    shown_root = Path(display).parent if display else path.parent
    depth = main.count("/")
    for _ in range(depth):
        shown_root = shown_root.parent

    def show(rel: str) -> str:
        if rel == main:
            return display or str(path)
        return os.path.normpath(str(shown_root / rel))

    def read(rel: str) -> tuple[bytes | None, str]:
        target = (root / rel).resolve()
        if root not in target.parents and target != root:
            return None, "outside the levels folder"
        try:
            size = target.stat().st_size
        except OSError as exc:
            return None, exc.strerror or "not found"
        if size > DEFAULT_LIMITS.max_bytes or not target.is_file():
            # Let the YAML layer phrase the refusal (too large / not a regular file).
            _, diags = load_yaml_file(target, show(rel))
            return None, f"{diags[0].code}: {diags[0].message}" if diags else "unreadable"
        try:
            return target.read_bytes(), ""
        except OSError as exc:
            return None, exc.strerror or "unreadable"

    return _load(main, read, show)


def load_level_sources(sources: dict[str, str], main: str) -> LoadResult:
    """Load a level from in-memory texts (a save's copy of the level).

    Loading a save rebuilds its level (50–70 ms on Concert of Nations), and the saves a
    player loads in one sitting are mostly of one level: the last few results are kept, and
    each caller gets its own copy of their lists and dicts around the same level, which is
    never changed once built.
    """
    kept = _sources_result(main, tuple(sorted(sources.items())))
    loaded = kept.loaded
    if loaded is not None:
        loaded = dataclasses.replace(
            loaded, sources=dict(loaded.sources), diagnostics=list(loaded.diagnostics)
        )
    return LoadResult(loaded, list(kept.diagnostics), list(kept.files))


@functools.lru_cache(maxsize=4)
def _sources_result(main: str, sources: tuple[tuple[str, str], ...]) -> LoadResult:
    texts = dict(sources)

    def read(rel: str) -> tuple[bytes | None, str]:
        if rel not in texts:
            return None, "not in the saved copy of the level"
        # A save's JSON can carry lone surrogates; let the YAML layer call them bad text.
        return texts[rel].encode("utf-8", "surrogatepass"), ""

    return _load(main, read, lambda rel: rel)


def rebuild_from_sources(sources: dict[str, str], main: str) -> LevelDef:
    """The level resolver saves use: rebuild a LevelDef from a save's copy of the level files.

    A generated world has no files: its name (`generated:N:SEED:TURNS`) makes it again.
    """
    from game.content.diagnostics import format_diagnostic
    from game.core.worldgen import generated_level

    if not sources:
        generated = generated_level(main)
        if generated is not None:
            return generated

    result = load_level_sources(sources, main)
    if result.loaded is None:
        first = next((d for d in result.diagnostics if d.is_error), None)
        raise ValueError(format_diagnostic(first).splitlines()[0] if first else "no level")
    return result.loaded.level


def check_deck_file(path: Path | str) -> tuple[list[Diagnostic], list[Path]]:
    """A deck is checked inside the levels that include it (its nations, events and kinds).

    Returns the diagnostics that fall in the deck and the levels it was checked through;
    a deck no level includes gets a warning saying so.
    """
    deck = Path(path).resolve()
    root = levels_root(deck)
    rel = deck.relative_to(root).as_posix()
    diags: list[Diagnostic] = []
    through: list[Path] = []
    for level in sorted(root.rglob("*.yaml")):
        if "decks" in level.relative_to(root).parts:
            continue
        result = load_level_file(level)
        if rel in result.files or any(Path(d.path).resolve() == deck for d in result.diagnostics):
            through.append(level)
            diags += [d for d in result.diagnostics if Path(d.path).resolve() == deck]
    if not through:
        diags.append(
            DiagnosticSink(str(path)).make(
                "warning",
                "W402",
                "no level includes this deck, so nothing checks or uses it",
                Pos(str(path), 1, 1),
            )
        )
    return sort_diagnostics(_dedupe(diags)), through
