"""Safe YAML loading for level files that keeps the source position of every value."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from game.collector import collector_paused
from game.content.diagnostics import Diagnostic, DiagnosticSink, Pos, line_col

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Pos",
    "YamlDoc",
    "YamlPath",
    "load_yaml",
    "load_yaml_file",
    "load_yaml_recovering",
    "unread_file",
]

YamlPath = tuple[str | int, ...]


_TAG_PREFIX: Final = "tag:yaml.org,2002:"
TAG_STR: Final = _TAG_PREFIX + "str"
TAG_INT: Final = _TAG_PREFIX + "int"
TAG_FLOAT: Final = _TAG_PREFIX + "float"
TAG_BOOL: Final = _TAG_PREFIX + "bool"
TAG_NULL: Final = _TAG_PREFIX + "null"
TAG_MAP: Final = _TAG_PREFIX + "map"
TAG_SEQ: Final = _TAG_PREFIX + "seq"
# Plain scalars without a tag get this marker instead of PyYAML's YAML 1.1 guesses, so we can
# tell "untagged" from "explicitly tagged" and apply our own, stricter resolution rules.
_TAG_PLAIN: Final = "tag:forging-alliances.invalid,2026:plain"

_SCALAR_TAGS: Final = frozenset({_TAG_PLAIN, TAG_STR, TAG_INT, TAG_FLOAT, TAG_BOOL, TAG_NULL})

_INT_RE: Final = re.compile(r"[-+]?[0-9]+")
_FLOAT_RE: Final = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NON_FINITE_RE: Final = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
# What each of those three starts with: other text (most of a level) needs none of them.
_NUMBER_START: Final = frozenset("+-.0123456789")
# Characters YAML forbids in a stream; checked up front so the position we report does not
# depend on which PyYAML backend is installed (the C one reports byte offsets).
_NON_PRINTABLE: Final = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class Limits:
    """Resource caps applied before any data is built from a YAML file."""

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 64
    max_aliases: int = 100
    # Nodes produced by expanding aliases; the alias count alone does not bound this, since
    # nine levels of nine aliases each (72 aliases) expand to nearly 400 million nodes.
    max_alias_nodes: int = 100_000


DEFAULT_LIMITS: Final = Limits()


@dataclass
class YamlDoc:
    """Plain data parsed from YAML plus where each value and mapping key came from."""

    path: str
    data: Any
    # The parser's marks, made into positions only when one is asked for: most never are.
    marks: dict[YamlPath, Any] = field(default_factory=dict)
    key_marks: dict[YamlPath, Any] = field(default_factory=dict)

    def pos_of(self, path: YamlPath, key: bool = False) -> Pos:
        """Position of ``path`` (its key if ``key``), else of its nearest recorded ancestor.

        Validation errors often point at something that does not exist in the file, such as a
        missing key; reporting them at the enclosing mapping is the most useful fallback.
        """
        path = tuple(path)
        # Only text keys and list indexes name a place; a path built from a value of the
        # wrong type (a list where a key was expected) stops before that value.
        for stop, part in enumerate(path):
            if not isinstance(part, (str, int)):
                path, key = path[:stop], False
                break
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if key and end == len(path) and prefix in self.key_marks:
                return mark_pos(self.path, self.key_marks[prefix])
            if prefix in self.marks:
                return mark_pos(self.path, self.marks[prefix])
        return Pos(self.path, 1, 1)


def mark_pos(path: str, mark: Any) -> Pos:
    """The 1-based position of a parser's 0-based mark."""
    return Pos(path, int(mark.line) + 1, int(mark.column) + 1)


def _make_loader(base: type[Any]) -> type[Any]:
    """Derive a PyYAML loader whose resolver leaves all scalar typing to this module."""

    class Loader(base):  # type: ignore[misc]
        def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                return _TAG_PLAIN if implicit[0] else TAG_STR
            if kind is SequenceNode:
                return TAG_SEQ
            return TAG_MAP

    return Loader


# Looked up at call time so tests can exercise the pure-Python backend as well.
_Loader = _make_loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


class _Abort(Exception):
    """Stops loading after a fatal diagnostic has been recorded."""


class _NeedsScan(Exception):
    """A file parsed without the event scan holds an alias or deep nesting: the scan decides."""


def _quote(text: str, limit: int = 40) -> str:
    # Scalars can be whole paragraphs; a message only needs enough to recognise the value.
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return repr(text)


def _short_tag(tag: str) -> str:
    if tag.startswith(_TAG_PREFIX):
        return "!!" + tag[len(_TAG_PREFIX) :]
    return tag


def _is_plain(node: ScalarNode) -> bool:
    # The pure-Python parser marks plain scalars with style None, libyaml with "".
    return not node.style


class _Builder:
    def __init__(self, path: str, text: str, limits: Limits) -> None:
        self.path = path
        self.text = text
        self.limits = limits
        self.sink = DiagnosticSink(path, text)
        # Ids of the nodes built so far, when no event scan checked the file first.
        self.unscanned: set[int] | None = None

    def pos(self, mark: Any) -> Pos:
        return mark_pos(self.path, mark)

    # Event scan -------------------------------------------------------------------------

    def scan_events(self) -> bool:
        """Check document, anchor, alias and depth limits without building any data.

        Returns False (after recording a diagnostic) when the document must be rejected.
        """
        lim = self.limits
        # Per open collection: [anchor, subtree node count, subtree height].
        stack: list[list[Any]] = []
        # Anchor -> (expanded node count, height) of the completed node it names.
        anchors: dict[str, tuple[int, int]] = {}
        anchor_pos: dict[str, Pos] = {}
        documents = 0
        aliases = 0
        alias_nodes = 0

        events: Iterator[Any] = yaml.parse(self.text, Loader=_Loader)
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                size, height = 1, 0
                if kind is yaml.AliasEvent:
                    checked = self.check_alias(event, anchors, anchor_pos, len(stack))
                    if checked is None:
                        return False
                    size, height = checked
                    aliases += 1
                    alias_nodes += size
                    if aliases > lim.max_aliases:
                        self.sink.error(
                            "E006",
                            f"more than {lim.max_aliases} aliases in one file",
                            self.pos(event.start_mark),
                        )
                        return False
                    if alias_nodes > lim.max_alias_nodes:
                        self.sink.error(
                            "E006",
                            f"aliases expand to more than {lim.max_alias_nodes} values",
                            self.pos(event.start_mark),
                            notes=("anchors and aliases are meant for small shared blocks",),
                        )
                        return False
                elif event.anchor is not None:
                    if not self.define_anchor(event, anchor_pos):
                        return False
                    anchors[event.anchor] = (1, 0)
                if stack:
                    parent = stack[-1]
                    parent[1] += size
                    if height + 1 > parent[2]:
                        parent[2] = height + 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= lim.max_depth:
                    self.sink.error(
                        "E005",
                        f"nesting is deeper than the limit of {lim.max_depth} levels",
                        self.pos(event.start_mark),
                    )
                    return False
                if event.anchor is not None and not self.define_anchor(event, anchor_pos):
                    return False
                stack.append([event.anchor, 1, 1])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                anchor, size, height = stack.pop()
                if anchor is not None:
                    anchors[anchor] = (size, height)
                if stack:
                    parent = stack[-1]
                    parent[1] += size
                    if height + 1 > parent[2]:
                        parent[2] = height + 1
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.sink.error(
                        "E001",
                        "expected a single document, but found another one",
                        self.pos(event.start_mark),
                        notes=(
                            "a level file holds exactly one YAML document; remove the extra '---'",
                        ),
                    )
                    return False
        return True

    def define_anchor(self, event: Any, anchor_pos: dict[str, Pos]) -> bool:
        name = str(event.anchor)
        pos = self.pos(event.start_mark)
        first = anchor_pos.get(name)
        if first is not None:
            self.sink.error(
                "E001",
                f"anchor &{name} is defined twice (first on line {first.line})",
                pos,
            )
            return False
        anchor_pos[name] = pos
        return True

    def check_alias(
        self,
        event: Any,
        anchors: dict[str, tuple[int, int]],
        anchor_pos: dict[str, Pos],
        depth: int,
    ) -> tuple[int, int] | None:
        """Return the expanded (size, height) of an alias, or None if it is rejected."""
        name = str(event.anchor)
        pos = self.pos(event.start_mark)
        found = anchors.get(name)
        if found is None:
            if name in anchor_pos:
                self.sink.error(
                    "E003", f"alias *{name} is used inside the node it names (recursive alias)", pos
                )
            else:
                self.sink.error("E001", f"alias *{name} is used before &{name} is defined", pos)
            return None
        height = found[1]
        if depth + height > self.limits.max_depth:
            self.sink.error(
                "E005",
                f"alias *{name} makes nesting deeper than the limit of "
                f"{self.limits.max_depth} levels",
                pos,
            )
            return None
        return found

    # Data construction ------------------------------------------------------------------

    def build_document(self) -> YamlDoc:
        doc = YamlDoc(path=self.path, data=None)
        root = yaml.compose(self.text, Loader=_Loader)
        if root is not None:
            doc.data = self.build(root, (), doc, 0)
        return doc

    def build(self, node: Node, ypath: YamlPath, doc: YamlDoc, depth: int) -> Any:
        seen = self.unscanned
        if seen is not None:
            # An alias is a node met twice; the scan measures what it expands to.
            deep = depth >= self.limits.max_depth and not isinstance(node, ScalarNode)
            if deep or id(node) in seen:
                raise _NeedsScan
            seen.add(id(node))
        mark = doc.marks[ypath] = node.start_mark
        if depth > self.limits.max_depth:
            # The event scan already enforces this; kept so a gap there cannot recurse forever.
            self.sink.error("E005", "nesting is too deep", self.pos(mark))
            raise _Abort
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != TAG_SEQ:
                self.forbidden_tag(node.tag, self.pos(mark))
                return None
            return [
                self.build(item, (*ypath, index), doc, depth + 1)
                for index, item in enumerate(node.value)
            ]
        if isinstance(node, MappingNode):
            if node.tag != TAG_MAP:
                self.forbidden_tag(node.tag, self.pos(mark))
                return None
            return self.mapping(node, ypath, doc, depth)
        self.sink.error("E003", f"unsupported YAML node {type(node).__name__}", self.pos(mark))
        return None

    def mapping(self, node: MappingNode, ypath: YamlPath, doc: YamlDoc, depth: int) -> Any:
        result: dict[str, Any] = {}
        first_seen: dict[str, Any] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            if not isinstance(key_node, ScalarNode):
                self.sink.error(
                    "E003", "mapping keys must be plain text, not lists or mappings", self.pos(mark)
                )
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self.forbidden_tag(key_node.tag, self.pos(mark))
                continue
            key = str(key_node.value)
            if key == "<<" and _is_plain(key_node):
                self.sink.error(
                    "E003",
                    "merge keys ('<<') are not supported",
                    self.pos(mark),
                    notes=("write the shared entries out, or use a plain alias as the value",),
                )
                continue
            if key in first_seen:
                first = self.pos(first_seen[key])
                self.sink.error(
                    "E002",
                    f"duplicate key {_quote(key)} (first defined on line {first.line})",
                    self.pos(mark),
                    notes=(f"the first {_quote(key)} is at line {first.line}, column {first.col}",),
                )
                continue
            first_seen[key] = mark
            child = (*ypath, key)
            doc.key_marks[child] = mark
            result[key] = self.build(value_node, child, doc, depth + 1)
        return result

    def forbidden_tag(self, tag: str, pos: Pos) -> None:
        self.sink.error(
            "E003",
            f"tag {_quote(_short_tag(tag), 60)} is not allowed here",
            pos,
            notes=("level files may only contain plain text, numbers, booleans, lists and maps",),
        )

    def scalar(self, node: ScalarNode) -> Any:
        value = str(node.value)
        mark = node.start_mark
        tag = node.tag
        if tag == TAG_STR:
            return value
        if tag == _TAG_PLAIN:
            if not _is_plain(node):
                return value
            return self.plain(value, mark)
        if tag == TAG_NULL:
            if value in ("", "~", "null"):
                return None
            return self.bad_value(f"{_quote(value)} is not null", mark)
        if tag == TAG_BOOL:
            if value in ("true", "false"):
                return value == "true"
            return self.bad_value(f"{_quote(value)} is not a boolean (use true or false)", mark)
        if tag == TAG_INT:
            if _INT_RE.fullmatch(value):
                return self.integer(value, mark)
            return self.bad_value(f"{_quote(value)} is not an integer", mark)
        if tag == TAG_FLOAT:
            if _INT_RE.fullmatch(value) or _FLOAT_RE.fullmatch(value):
                return self.real(value, mark)
            if _NON_FINITE_RE.fullmatch(value):
                return self.bad_value(f"{_quote(value)} is not a finite number", mark)
            return self.bad_value(f"{_quote(value)} is not a number", mark)
        self.forbidden_tag(tag, self.pos(mark))
        return None

    def plain(self, value: str, mark: Any) -> Any:
        # YAML 1.2 core schema, minus the case variants, so words like NO, off or Yes (country
        # codes, answers) stay text instead of silently becoming booleans.
        if value in ("", "~", "null"):
            return None
        if value == "true":
            return True
        if value == "false":
            return False
        if value[:1] not in _NUMBER_START:
            return value
        if _INT_RE.fullmatch(value):
            return self.integer(value, mark)
        if _FLOAT_RE.fullmatch(value):
            return self.real(value, mark)
        if _NON_FINITE_RE.fullmatch(value):
            return self.bad_value(f"{_quote(value)} is not a finite number", mark)
        return value

    def integer(self, value: str, mark: Any) -> Any:
        try:
            return int(value)
        except ValueError:
            # Python refuses to parse integers with thousands of digits.
            return self.bad_value("integer has too many digits", mark)

    def real(self, value: str, mark: Any) -> Any:
        number = float(value)
        if not math.isfinite(number):
            return self.bad_value(f"{_quote(value)} is not a finite number", mark)
        return number

    def bad_value(self, message: str, mark: Any) -> None:
        self.sink.error("E105", message, self.pos(mark))
        return None


def _check_text(text: str, path: str, limits: Limits) -> list[Diagnostic] | None:
    """Reject text that is too large or contains characters YAML does not allow."""
    sink = DiagnosticSink(path, text)
    # Every character needs at least one byte, so long texts are rejected without encoding.
    size = len(text) if len(text) > limits.max_bytes else _utf8_size(text)
    if size > limits.max_bytes:
        sink.error(
            "E004",
            f"file is larger than the limit of {limits.max_bytes} bytes",
            Pos(path, 1, 1),
        )
        return sink.diagnostics
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        ch = bad.group()
        line, col = line_col(text, bad.start())
        what = "a NUL byte (binary file?)" if ch == "\0" else f"character U+{ord(ch):04X}"
        sink.error(
            "E007",
            f"file contains {what}, which is not allowed in YAML text",
            Pos(path, line, col),
            notes=("level files must be UTF-8 text without control characters",),
        )
        return sink.diagnostics
    return None


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    nul = data.find(b"\0")
    if nul >= 0:
        shown = data.decode("utf-8", "replace")
        prefix = data[:nul].decode("utf-8", "replace")
        line, col = line_col(prefix, len(prefix))
        sink = DiagnosticSink(path, shown)
        sink.error(
            "E007",
            f"file contains a NUL byte at offset {nul}; it looks like a binary file",
            Pos(path, line, col),
            notes=("level files must be UTF-8 text (UTF-16 is not supported)",),
        )
        return None, sink.diagnostics
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        shown = data.decode("utf-8", "replace")
        # Everything before the failing byte is valid UTF-8, so its length gives the column.
        prefix = data[: exc.start].decode("utf-8", "replace")
        line, col = line_col(prefix, len(prefix))
        sink = DiagnosticSink(path, shown)
        sink.error(
            "E007",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start})",
            Pos(path, line, col),
            notes=("save the file as UTF-8",),
        )
        return None, sink.diagnostics
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, []


def _reader_error_pos(exc: ReaderError, text: str, path: str) -> Pos:
    index = int(exc.position)
    if not issubclass(_Loader, yaml.SafeLoader):
        # libyaml counts UTF-8 bytes, not characters.
        index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "replace"))
    line, col = line_col(text, index)
    return Pos(path, line, col)


def load_yaml(
    text_or_bytes: str | bytes, path: str, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Parse one YAML document into plain data with positions, never raising.

    Returns ``(None, diagnostics)`` if anything is wrong; otherwise the document (whose data
    is None for an empty file) and an empty list.
    """
    text = ""
    try:
        text, problems = _text_of(text_or_bytes, path, limits)
        if problems:
            return None, problems
        return _parse(text, path, limits)
    except Exception as exc:  # the loader must turn any failure into a report
        return None, [_crash(exc, path, text)]


def _crash(exc: Exception, path: str, text: str) -> Diagnostic:
    sink = DiagnosticSink(path, text)
    return sink.error(
        "E001", f"could not parse YAML ({type(exc).__name__}: {exc})", Pos(path, 1, 1)
    )


def _text_of(text_or_bytes: str | bytes, path: str, limits: Limits) -> tuple[str, list[Diagnostic]]:
    """The text of a file, or the problems that stop it being read as YAML at all."""
    if isinstance(text_or_bytes, bytes):
        data = text_or_bytes
        if len(data) > limits.max_bytes:
            return "", [_too_large(path, len(data), limits)]
        decoded, problems = _decode(data, path)
        if decoded is None:
            return "", problems
        text = decoded
    else:
        text = text_or_bytes
        if text.startswith("\ufeff"):
            text = text[1:]
    return text, _check_text(text, path, limits) or []


def _parse(text: str, path: str, limits: Limits) -> tuple[YamlDoc | None, list[Diagnostic]]:
    attempt = _attempt(text, path, limits)
    if attempt.doc is None or attempt.builder.sink.has_errors:
        return None, attempt.builder.sink.diagnostics
    return attempt.doc, attempt.builder.sink.diagnostics


@dataclass
class _Attempt:
    builder: _Builder
    doc: YamlDoc | None = None
    # The lines (0-based) a syntax error spans, when that is what stopped the parse.
    syntax_lines: tuple[int, int] | None = None


def _quick_attempt(text: str, path: str, limits: Limits) -> _Attempt | None:
    """A parse without the event scan, for a file with no aliases and no deep nesting (most
    are): a third of the time of a file's reading. None when the file has either, or does not
    parse: the scan and its reports then decide, as they would have without this.

    Only with libyaml: the pure-Python composer spends seconds on a file nested a thousand
    deep before the build could refuse it, which the scan refuses at once."""
    if issubclass(_Loader, yaml.SafeLoader):
        return None
    builder = _Builder(path, text, limits)
    builder.unscanned = set()
    try:
        with collector_paused():
            return _Attempt(builder, builder.build_document())
    except (_NeedsScan, yaml.YAMLError, RecursionError):
        return None


def _attempt(text: str, path: str, limits: Limits) -> _Attempt:
    """One parse; on a syntax error, records it and says which lines it spans."""
    quick = _quick_attempt(text, path, limits)
    return quick if quick is not None else _scanned_attempt(text, path, limits)


def _scanned_attempt(text: str, path: str, limits: Limits) -> _Attempt:
    """One parse after the event scan has checked anchors, aliases, depth and documents."""
    builder = _Builder(path, text, limits)
    sink = builder.sink
    try:
        with collector_paused():
            if not builder.scan_events():
                return _Attempt(builder)
            return _Attempt(builder, builder.build_document())
    except _Abort:
        return _Attempt(builder)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = builder.pos(mark) if mark is not None else Pos(path, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in problem:
            # libyaml's own nesting guard can fire before our event scan gets that deep.
            sink.error("E005", f"nesting is too deep ({problem})", pos)
            return _Attempt(builder)
        notes: list[str] = []
        first = pos.line - 1
        if exc.context and exc.problem and exc.context_mark is not None:
            context_pos = builder.pos(exc.context_mark)
            notes.append(f"{exc.context} (line {context_pos.line}, column {context_pos.col})")
            first = min(first, context_pos.line - 1)
        line = sink.source_line(pos) or ""
        problem, hint = _syntax_hint(problem, line, pos.col)
        sink.error("E001", problem, pos, notes=[*notes, *hint])
        return _Attempt(builder, syntax_lines=(first, pos.line - 1))
    except ReaderError as exc:
        sink.error("E007", f"{exc.reason}", _reader_error_pos(exc, text, path))
        return _Attempt(builder)
    except RecursionError:
        sink.error("E005", "nesting is too deep", Pos(path, 1, 1))
        return _Attempt(builder)


def _syntax_hint(problem: str, line: str, col: int) -> tuple[str, tuple[str, ...]]:
    """PyYAML's wording for the common slips, turned into what to do about them."""
    at = line[col - 1 : col] if 0 < col <= len(line) else ""
    if at == "\t" or (problem.startswith("found character") and "\t" in line[:col]):
        return "a tab is used for indentation", (
            "YAML indents with spaces only: replace the tab with spaces",
        )
    if problem.startswith("found character '@'") or problem.startswith("found character '`'"):
        return problem, ("a value starting with this character must be quoted",)
    return problem, ()


@dataclass(frozen=True)
class Skipped:
    """Lines of a file left out because they could not be parsed, and what they seem to hold."""

    first: int  # 1-based, inclusive
    last: int
    section: str  # the top-level key they belong to ("" if none)
    whole_section: bool  # the section's own line was among them
    names: tuple[str, ...]  # the ids they seem to define

    def describe(self) -> str:
        named = f" defining {', '.join(self.names)}" if self.names else ""
        if not self.section:
            return f"the file{named} could not be read, so nothing in it was checked"
        span = (
            f"line {self.first}" if self.first == self.last else f"lines {self.first}–{self.last}"
        )
        what = f"`{self.section}`" if self.whole_section else f"an item of `{self.section}`"
        them = "it" if self.first == self.last else "them"
        return f"{span}, {what}{named}, could not be read, so nothing in {them} was checked"


@dataclass
class Recovered:
    """A file parsed around its syntax errors: the data that could be read, and what was not."""

    doc: YamlDoc | None
    diagnostics: list[Diagnostic]
    skipped: list[Skipped]


_MAX_SYNTAX_ERRORS = 20
_LINE_SPLIT = re.compile("(\r\n|[\n\r\x85\u2028\u2029])")
# `id: x` in the text of left-out lines, however the value's brackets or quotes were broken.
_ID_RE = re.compile(r"(?:^|[\s{,])id:[\s\[{\"']*([A-Za-z][A-Za-z0-9_]*)")


def load_yaml_recovering(data: bytes, path: str, *, limits: Limits = DEFAULT_LIMITS) -> Recovered:
    """Like `load_yaml`, but a syntax error costs only the item it is in: that item's lines
    are left out and the rest is parsed again, so every syntax error is found in one run.
    Duplicate keys keep their first value. Other problems (size, encoding, limits) still
    reject the whole file."""
    text = ""
    try:
        text, problems = _text_of(data, path, limits)
        if problems:
            return Recovered(None, problems, [])
        return _recover(text, path, limits)
    except Exception as exc:  # the loader must turn any failure into a report
        return Recovered(None, [_crash(exc, path, text)], [])


def _recover(text: str, path: str, limits: Limits) -> Recovered:
    parts = _LINE_SPLIT.split(text)
    lines = parts[0::2]
    shown = DiagnosticSink(path, text)  # diagnostics show the file as written
    diags: list[Diagnostic] = []
    skipped: list[Skipped] = []
    for _ in range(_MAX_SYNTAX_ERRORS):
        attempt = _attempt("".join(parts), path, limits)
        for d in attempt.builder.sink.diagnostics:
            diags.append(shown.make(d.severity, d.code, d.message, d.pos, d.notes))
        if attempt.syntax_lines is None:
            if attempt.doc is None:
                return Recovered(None, diags, skipped)
            return Recovered(attempt.doc, diags, skipped)
        region = _enclosing_item(lines, *attempt.syntax_lines)
        if region is None:
            break
        first, last = region
        section, is_section = _section_of(lines, first)
        blanked = "\n".join(lines[first : last + 1])
        names = tuple(dict.fromkeys(_ID_RE.findall(blanked)))
        gone = Skipped(first + 1, last + 1, section, is_section, names)
        skipped.append(gone)
        d = diags[-1]
        diags[-1] = dataclasses.replace(d, notes=(*d.notes, gone.describe()))
        for k in range(first, last + 1):
            lines[k] = ""
            parts[2 * k] = ""
            if k and parts[2 * k - 1] == "\r":
                # A lone CR before an emptied line would join the LF after it into one
                # line break (CRLF) and move every later line up one.
                parts[2 * k - 1] = "\n"
    whole = unread_file(text)
    d = diags[-1]
    diags[-1] = dataclasses.replace(d, notes=(*d.notes, whole.describe()))
    return Recovered(None, diags, [whole])


def unread_file(text: str) -> Skipped:
    """A whole file left out, with the ids its text seems to define."""
    lines = len(_LINE_SPLIT.split(text)[0::2])
    return Skipped(1, lines, "", True, tuple(dict.fromkeys(_ID_RE.findall(text))))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _is_top_key(line: str) -> bool:
    return _is_content(line) and _indent(line) == 0 and not line.startswith("-")


def _section_of(lines: list[str], at: int) -> tuple[str, bool]:
    for k in range(at, -1, -1):
        if _is_top_key(lines[k]):
            return lines[k].split(":", 1)[0].strip().strip("\"'"), k == at
    return "", False


def _enclosing_item(lines: list[str], lo: int, hi: int) -> tuple[int, int] | None:
    """The lines (0-based, inclusive) of the whole list item or key under a top-level key
    that holds lines lo..hi; None when they are already left out (no progress possible)."""
    hi = min(max(lo, hi), len(lines) - 1)
    lo = max(0, min(lo, hi))
    top = next((k for k in range(lo, -1, -1) if _is_top_key(lines[k])), None)
    if top is None or top == lo:
        first, last = lo, hi
        while last + 1 < len(lines) and not _is_top_key(lines[last + 1]):
            last += 1
    else:
        body = [k for k in range(top + 1, len(lines)) if _is_content(lines[k])]
        end = next((k for k in body if _is_top_key(lines[k])), len(lines))
        body = [k for k in body if k < end]
        item_indent = _indent(lines[body[0]]) if body else 0
        starts = [
            k
            for k in body
            if _indent(lines[k]) == item_indent and (item_indent or lines[k].startswith("-"))
        ]
        first = max((k for k in starts if k <= lo), default=top + 1)
        last = min((k for k in starts if k > hi), default=end) - 1
    while last > first and not _is_content(lines[last]):
        last -= 1
    if not any(_is_content(lines[k]) for k in range(first, last + 1)):
        return None
    return first, last


def _too_large(path: str, size: int | None, limits: Limits) -> Diagnostic:
    sink = DiagnosticSink(path)
    what = "file" if size is None else f"file is {size} bytes,"
    return sink.error(
        "E004",
        f"{what} larger than the limit of {limits.max_bytes} bytes",
        Pos(path, 1, 1),
    )


def load_yaml_file(
    path: Path, display_path: str, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[YamlDoc | None, list[Diagnostic]]:
    """Read and parse a YAML file, refusing oversized or non-regular files before reading."""
    start = Pos(display_path, 1, 1)
    sink = DiagnosticSink(display_path)
    # Non-blocking, so a FIFO swapped in for the file cannot hang the open; the checks below
    # run on the opened descriptor, so nothing can change between checking and reading.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                # Directories, FIFOs and devices could block or never end when read.
                sink.error("E008", "not a regular file", start)
                return None, sink.diagnostics
            if info.st_size > limits.max_bytes:
                return None, [_too_large(display_path, info.st_size, limits)]
            # The file may grow while we read, so never read more than one byte past the cap.
            data = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        sink.error("E008", "file not found", start)
        return None, sink.diagnostics
    except OSError as exc:
        sink.error("E008", f"cannot read file: {exc.strerror or exc}", start)
        return None, sink.diagnostics
    if len(data) > limits.max_bytes:
        # Only part of the file was read, so its real size is unknown.
        return None, [_too_large(display_path, None, limits)]
    return load_yaml(data, display_path, limits=limits)
