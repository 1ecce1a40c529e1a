"""Tests for diagnostic formatting, ordering, JSON output and the collecting sink."""

from __future__ import annotations

import json
import re

from game.content.diagnostics import (
    CODES,
    Diagnostic,
    DiagnosticSink,
    Pos,
    format_diagnostic,
    line_col,
    sort_diagnostics,
    to_json,
)


def _diag(path: str, line: int, col: int, code: str = "E101", message: str = "m") -> Diagnostic:
    return Diagnostic(path=path, line=line, col=col, severity="error", code=code, message=message)


def test_format_with_source_line_and_notes() -> None:
    d = Diagnostic(
        path="levels/a.yaml",
        line=3,
        col=9,
        severity="error",
        code="E201",
        message="unknown nation id 'NOR'",
        source_line="  ally: NOR",
        notes=("known nations: DEU, FRA", "ids are case-sensitive"),
    )
    assert format_diagnostic(d) == (
        "levels/a.yaml:3:9: error[E201]: unknown nation id 'NOR'\n"
        "      ally: NOR\n"
        "            ^\n"
        "    note: known nations: DEU, FRA\n"
        "    note: ids are case-sensitive"
    )


def test_format_without_source_line() -> None:
    d = Diagnostic("x.yaml", 1, 1, "warning", "W402", "event 'e1' is never reachable")
    assert format_diagnostic(d) == "x.yaml:1:1: warning[W402]: event 'e1' is never reachable"


def test_format_expands_tabs_in_source_and_caret_alike() -> None:
    d = Diagnostic("t.yaml", 1, 3, "error", "E001", "bad", source_line="\ta\tb: 1")
    lines = format_diagnostic(d).split("\n")
    assert lines[1] == "    " + "    a   b: 1"
    # Column 3 is the second tab, which starts right after "a" (display column 5).
    assert lines[2] == "    " + " " * 5 + "^"


def test_format_caret_past_end_of_line() -> None:
    d = Diagnostic("t.yaml", 1, 6, "error", "E104", "missing value", source_line="name:")
    assert format_diagnostic(d).split("\n")[2] == "         ^"


def test_format_caret_accounts_for_wide_characters() -> None:
    d = Diagnostic("t.yaml", 1, 5, "error", "E105", "bad", source_line="名前: x")
    assert format_diagnostic(d).split("\n")[2] == "    " + " " * 6 + "^"


def test_format_hides_control_characters() -> None:
    d = Diagnostic("t.yaml", 1, 1, "error", "E007", "bad", source_line="a\x1b[2Jb")
    assert "\x1b" not in format_diagnostic(d)


def test_sort_by_path_line_col_code_message() -> None:
    a = _diag("b.yaml", 1, 1)
    b = _diag("a.yaml", 2, 1)
    c = _diag("a.yaml", 1, 5)
    d = _diag("a.yaml", 1, 5, code="E002")
    e = _diag("a.yaml", 1, 5, code="E002", message="a")
    assert sort_diagnostics([a, b, c, d, e]) == [e, d, c, b, a]


def test_to_json_stable_keys() -> None:
    d = Diagnostic("a.yaml", 2, 3, "error", "E102", "wrong type", "x: 1", ("expected text",))
    text = to_json([d])
    items = json.loads(text)
    assert items == [
        {
            "path": "a.yaml",
            "line": 2,
            "col": 3,
            "severity": "error",
            "code": "E102",
            "message": "wrong type",
            "source_line": "x: 1",
            "notes": ["expected text"],
        }
    ]
    assert list(items[0]) == [
        "path",
        "line",
        "col",
        "severity",
        "code",
        "message",
        "source_line",
        "notes",
    ]
    assert to_json([]) == "[]"


def test_sink_fills_source_lines_and_tracks_errors() -> None:
    sink = DiagnosticSink("a.yaml", "first: 1\nsecond: 2\r\nthird: 3\n")
    assert not sink.has_errors
    sink.warning("W404", "style", Pos("a.yaml", 2, 1))
    assert not sink.has_errors
    d = sink.error("E101", "unknown key 'third'", Pos("a.yaml", 3, 1), notes=["did you mean"])
    assert sink.has_errors
    assert d.source_line == "third: 3"
    assert d.notes == ("did you mean",)
    assert [x.severity for x in sink.diagnostics] == ["warning", "error"]
    assert sink.diagnostics[0].source_line == "second: 2"


def test_sink_reports_other_files_by_position_path() -> None:
    sink = DiagnosticSink("main.yaml", "include: part.yaml\n")
    sink.add_source("part.yaml", "x: 1\ny: oops\n")
    d = sink.error("E105", "bad", Pos("part.yaml", 2, 4))
    assert (d.path, d.line, d.col, d.source_line) == ("part.yaml", 2, 4, "y: oops")
    unknown = sink.error("E105", "bad", Pos("other.yaml", 1, 1))
    assert unknown.source_line is None
    out_of_range = sink.error("E105", "bad", Pos("main.yaml", 99, 1))
    assert out_of_range.source_line is None


def test_line_col_uses_yaml_line_breaks() -> None:
    text = "ab\r\ncd\ref\ngh"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 4) == (2, 1)
    assert line_col(text, 5) == (2, 2)
    assert line_col(text, 7) == (3, 1)
    assert line_col(text, 11) == (4, 2)


def test_codes_registry() -> None:
    required = [f"E00{i}" for i in range(1, 10)] + ["E010"]
    required += [f"E10{i}" for i in range(1, 6)]
    required += [f"E20{i}" for i in range(1, 9)]
    required += [f"E30{i}" for i in range(1, 5)]
    required += [f"W40{i}" for i in range(1, 5)]
    for code in required:
        assert CODES[code]
    for code, description in CODES.items():
        assert re.fullmatch(r"[EW]\d{3}", code)
        assert "\n" not in description
