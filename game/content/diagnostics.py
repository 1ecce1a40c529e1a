"""Diagnostics (positioned error and warning reports) for level content files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# Stable codes: tools, tests and documentation refer to these, so a code's meaning must never
# change once published. New checks get new codes.
CODES: dict[str, str] = {
    # File and YAML layer.
    "E001": "YAML syntax error",
    "E002": "duplicate key",
    "E003": "forbidden tag or construct",
    "E004": "file too large",
    "E005": "nesting too deep",
    "E006": "too many aliases",
    "E007": "not UTF-8 text / binary file",
    "E008": "file not found or unreadable",
    "E009": "include outside the levels folder",
    "E010": "include cycle",
    # Schema.
    "E101": "unknown key",
    "E102": "wrong type",
    "E103": "value out of range",
    "E104": "missing required key",
    "E105": "invalid value",
    # Cross references.
    "E201": "unknown nation id",
    "E202": "unknown event id",
    "E203": "unknown agreement kind",
    "E204": "unknown map region (ISO3)",
    "E205": "duplicate id",
    "E206": "unknown threat id",
    "E207": "unknown value axis or issue",
    "E208": "unknown reference",
    "E209": "included deck needs what the level does not define",
    # Condition expressions.
    "E301": "condition syntax error",
    "E302": "unknown function or name",
    "E303": "wrong number of arguments",
    "E304": "type error in expression",
    # Lints.
    "W401": "event trigger can never be true",
    "W402": "event never referenced or reachable",
    "W403": "asymmetric relation",
    "W404": "lint",
}

TAB_SIZE = 4

# The same line breaks the YAML parser counts, so line numbers from its marks match ours.
_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


@dataclass(frozen=True)
class Pos:
    """A 1-based line/column position inside a named file."""

    path: str
    line: int
    col: int


@dataclass(frozen=True)
class Diagnostic:
    """One error or warning about a content file, with where it happened."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    source_line: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def pos(self) -> Pos:
        return Pos(self.path, self.line, self.col)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def split_lines(text: str) -> list[str]:
    """Split text into lines using YAML's notion of a line break."""
    return _LINE_BREAK.split(text)


def line_col(text: str, index: int) -> tuple[int, int]:
    """Turn a 0-based character offset into a 1-based (line, column) pair."""
    index = max(0, min(index, len(text)))
    line = 1
    line_start = 0
    for match in _LINE_BREAK.finditer(text, 0, index):
        line += 1
        line_start = match.end()
    return line, index - line_start + 1


def _display_char(ch: str) -> str:
    # Control characters could rewrite the terminal, so they are shown as a placeholder.
    if ch != "\t" and unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
        return "\N{REPLACEMENT CHARACTER}"
    return ch


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _render_source(source_line: str, col: int) -> tuple[str, str]:
    """Return the displayable source line and the caret line under 1-based ``col``."""
    shown: list[str] = []
    caret_offset = 0
    width = 0
    for index, ch in enumerate(source_line):
        if index == col - 1:
            caret_offset = width
        if ch == "\t":
            spaces = TAB_SIZE - width % TAB_SIZE
            shown.append(" " * spaces)
            width += spaces
        else:
            shown.append(_display_char(ch))
            width += _char_width(ch)
    if col - 1 >= len(source_line):
        # Errors at end of line (e.g. a missing value) point just past the last character.
        caret_offset = width
    return "".join(shown).rstrip(), " " * caret_offset + "^"


def format_diagnostic(d: Diagnostic) -> str:
    """Render a diagnostic in the compiler-like ``path:line:col: error[CODE]: msg`` style."""
    lines = [f"{d.path}:{d.line}:{d.col}: {d.severity}[{d.code}]: {d.message}"]
    if d.source_line is not None:
        shown, caret = _render_source(d.source_line, d.col)
        lines.append("    " + shown)
        lines.append("    " + caret)
    lines.extend(f"    note: {note}" for note in d.notes)
    return "\n".join(lines)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.path, d.line, d.col, d.code, d.message)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Order diagnostics by file, position, code and message for stable output."""
    return sorted(diagnostics, key=sort_key)


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    """Serialise diagnostics as a JSON array of objects with a fixed key order."""
    items = [
        {
            "path": d.path,
            "line": d.line,
            "col": d.col,
            "severity": d.severity,
            "code": d.code,
            "message": d.message,
            "source_line": d.source_line,
            "notes": list(d.notes),
        }
        for d in diagnostics
    ]
    return json.dumps(items, ensure_ascii=False, indent=2)


class DiagnosticSink:
    """Collects diagnostics for one file, filling in source lines from the known texts.

    A position may name another file (e.g. an included one); registering that file's text
    with :meth:`add_source` lets its diagnostics show source lines too.
    """

    def __init__(self, path: str, text: str | None = None) -> None:
        self._path = path
        self._texts: dict[str, str] = {}
        self._lines: dict[str, list[str]] = {}
        self._diagnostics: list[Diagnostic] = []
        if text is not None:
            self.add_source(path, text)

    @property
    def path(self) -> str:
        return self._path

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self._diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self._diagnostics)

    def add_source(self, path: str, text: str) -> None:
        self._texts[path] = text
        self._lines.pop(path, None)

    def source_line(self, pos: Pos) -> str | None:
        text = self._texts.get(pos.path)
        if text is None:
            return None
        lines = self._lines.get(pos.path)
        if lines is None:
            lines = split_lines(text)
            self._lines[pos.path] = lines
        if 1 <= pos.line <= len(lines):
            return lines[pos.line - 1]
        return None

    def make(
        self,
        severity: Severity,
        code: str,
        message: str,
        pos: Pos,
        notes: Iterable[str] = (),
    ) -> Diagnostic:
        return Diagnostic(
            path=pos.path,
            line=pos.line,
            col=pos.col,
            severity=severity,
            code=code,
            message=message,
            source_line=self.source_line(pos),
            notes=tuple(notes),
        )

    def error(self, code: str, message: str, pos: Pos, notes: Iterable[str] = ()) -> Diagnostic:
        d = self.make("error", code, message, pos, notes)
        self._diagnostics.append(d)
        return d

    def warning(self, code: str, message: str, pos: Pos, notes: Iterable[str] = ()) -> Diagnostic:
        d = self.make("warning", code, message, pos, notes)
        self._diagnostics.append(d)
        return d

    def add(self, diagnostic: Diagnostic) -> None:
        self._diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self._diagnostics.extend(diagnostics)

    def __len__(self) -> int:
        return len(self._diagnostics)
