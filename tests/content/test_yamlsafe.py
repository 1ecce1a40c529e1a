"""Tests for the safe, position-keeping YAML loader used for level files."""

from __future__ import annotations

import gc
import itertools
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content import yamlsafe
from game.content.diagnostics import Diagnostic
from game.content.yamlsafe import Limits, Pos, YamlDoc, load_yaml, load_yaml_file


@pytest.fixture(params=["default", "pure-python"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with the default (usually libyaml) backend and with pure-Python PyYAML."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsafe, "_Loader", yamlsafe._make_loader(yaml.SafeLoader))
    yield str(request.param)


def ok(text: str | bytes) -> YamlDoc:
    doc, diags = load_yaml(text, "lv.yaml")
    assert diags == []
    assert doc is not None
    return doc


def fail(text: str | bytes, limits: Limits = yamlsafe.DEFAULT_LIMITS) -> list[Diagnostic]:
    doc, diags = load_yaml(text, "lv.yaml", limits=limits)
    assert doc is None
    assert diags
    return diags


def codes(diags: list[Diagnostic]) -> list[str]:
    return [d.code for d in diags]


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for prev, name in itertools.pairwise(names[:levels]):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# Scalars -----------------------------------------------------------------------------------


@pytest.mark.usefixtures("backend")
def test_norway_problem_and_yes_no_words_stay_strings() -> None:
    doc = ok("id: NO\na: off\nb: yes\nc: on\nd: Y\ne: n\nf: True\ng: FALSE\nh: Null\n")
    assert doc.data == {
        "id": "NO",
        "a": "off",
        "b": "yes",
        "c": "on",
        "d": "Y",
        "e": "n",
        "f": "True",
        "g": "FALSE",
        "h": "Null",
    }


@pytest.mark.usefixtures("backend")
def test_core_scalars() -> None:
    doc = ok(
        "t: true\nf: false\nn: null\nt2: ~\ne:\ni: 42\nneg: -7\npos: +3\nz: 007\n"
        "x: 1.5\ny: -.5\nexp: 1e3\ndot: 2.\n"
        "date: 2027-01-01\nhex: 0x10\nund: 1_000\ntime: 12:30\nver: 1.2.3\n"
    )
    assert doc.data == {
        "t": True,
        "f": False,
        "n": None,
        "t2": None,
        "e": None,
        "i": 42,
        "neg": -7,
        "pos": 3,
        "z": 7,
        "x": 1.5,
        "y": -0.5,
        "exp": 1000.0,
        "dot": 2.0,
        "date": "2027-01-01",
        "hex": "0x10",
        "und": "1_000",
        "time": "12:30",
        "ver": "1.2.3",
    }
    assert type(doc.data["exp"]) is float
    assert type(doc.data["i"]) is int


@pytest.mark.usefixtures("backend")
def test_quoted_and_block_scalars_are_strings() -> None:
    doc = ok("a: 'true'\nb: \"12\"\nc: 'null'\nd: ''\ne: |\n  false\nf: >-\n  3\n")
    assert doc.data == {"a": "true", "b": "12", "c": "null", "d": "", "e": "false\n", "f": "3"}


@pytest.mark.usefixtures("backend")
def test_standard_tags_are_honoured() -> None:
    doc = ok("a: !!str 12\nb: !!int '5'\nc: !!float 2\nd: !!bool true\ne: !!null ''\n")
    assert doc.data == {"a": "12", "b": 5, "c": 2.0, "d": True, "e": None}
    assert codes(fail("a: !!bool yes\n")) == ["E105"]
    assert codes(fail("a: !!int 1.5\n")) == ["E105"]


@pytest.mark.parametrize("value", [".inf", "-.inf", "+.Inf", ".nan", ".NaN", "1e999", "-1e400"])
def test_non_finite_numbers_rejected(value: str) -> None:
    (d,) = fail(f"x: {value}\n")
    assert (d.code, d.line, d.col) == ("E105", 1, 4)
    assert "finite" in d.message


def test_quoted_inf_is_a_string() -> None:
    assert ok("x: '.inf'\n").data == {"x": ".inf"}


def test_keys_are_always_strings() -> None:
    assert ok("1: a\ntrue: b\nnull: c\n1.5: d\n").data == {
        "1": "a",
        "true": "b",
        "null": "c",
        "1.5": "d",
    }


def test_empty_and_comment_only_files_have_no_data() -> None:
    texts: list[str | bytes] = ["", "\n\n", "# just a comment\n", b"", "\ufeff"]
    for text in texts:
        doc = ok(text)
        assert doc.data is None


def test_utf8_bytes_and_bom() -> None:
    assert ok("name: Zürich\n".encode()).data == {"name": "Zürich"}
    assert ok(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


def test_aliases_are_expanded_into_independent_copies() -> None:
    doc = ok("base: &b {x: 1, y: [2]}\nother: *b\n")
    assert doc.data == {"base": {"x": 1, "y": [2]}, "other": {"x": 1, "y": [2]}}
    assert doc.data["base"] is not doc.data["other"]


# Positions ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("backend")
def test_positions_of_nested_values_and_keys() -> None:
    text = (
        "title: Demo\n"  # line 1
        "nations:\n"  # line 2
        "  - id: NOR\n"  # line 3
        "    name: 'Norway'\n"  # line 4
        "  - id: SWE\n"  # line 5
        "    tags: [a, b]\n"  # line 6
        "meta: {x: 1}\n"  # line 7
    )
    doc = ok(text)
    assert doc.pos_of(()) == Pos("lv.yaml", 1, 1)
    assert doc.pos_of(("title",)) == Pos("lv.yaml", 1, 8)
    assert doc.pos_of(("title",), key=True) == Pos("lv.yaml", 1, 1)
    assert doc.pos_of(("nations",)) == Pos("lv.yaml", 3, 3)
    assert doc.pos_of(("nations", 0)) == Pos("lv.yaml", 3, 5)
    assert doc.pos_of(("nations", 0, "id"), key=True) == Pos("lv.yaml", 3, 5)
    assert doc.pos_of(("nations", 0, "id")) == Pos("lv.yaml", 3, 9)
    assert doc.pos_of(("nations", 0, "name")) == Pos("lv.yaml", 4, 11)
    assert doc.pos_of(("nations", 1, "tags"), key=True) == Pos("lv.yaml", 6, 5)
    assert doc.pos_of(("nations", 1, "tags", 1)) == Pos("lv.yaml", 6, 15)
    assert doc.pos_of(("meta", "x"), key=True) == Pos("lv.yaml", 7, 8)
    assert doc.pos_of(("meta", "x")) == Pos("lv.yaml", 7, 11)
    assert ("nations", 0) not in doc.key_marks


@pytest.mark.usefixtures("backend")
def test_positions_count_characters_not_bytes() -> None:
    doc = ok("名前: [é, 'ü', x]\r\nb: 1\r\n")
    assert doc.pos_of(("名前", 2)) == Pos("lv.yaml", 1, 14)
    assert doc.pos_of(("b",)) == Pos("lv.yaml", 2, 4)


def test_pos_of_falls_back_to_nearest_ancestor() -> None:
    doc = ok("nations:\n  - id: NOR\n    name: Norway\n")
    assert doc.pos_of(("nations", 0, "id")) == Pos("lv.yaml", 2, 9)
    assert doc.pos_of(("nations", 0, "id"), key=True) == Pos("lv.yaml", 2, 5)
    # A missing key is reported at the mapping that should contain it.
    assert doc.pos_of(("nations", 0, "capital")) == Pos("lv.yaml", 2, 5)
    assert doc.pos_of(("nations", 0, "capital"), key=True) == Pos("lv.yaml", 2, 5)
    assert doc.pos_of(("nations", 7, "x")) == Pos("lv.yaml", 2, 3)
    assert doc.pos_of(("events",)) == Pos("lv.yaml", 1, 1)
    assert doc.pos_of(()) == Pos("lv.yaml", 1, 1)
    assert ok("").pos_of(("x",)) == Pos("lv.yaml", 1, 1)


# Structural errors -------------------------------------------------------------------------


@pytest.mark.usefixtures("backend")
def test_duplicate_key_mentions_both_lines() -> None:
    (d,) = fail("a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\n")
    assert (d.code, d.line, d.col) == ("E002", 5, 3)
    assert "'x'" in d.message
    assert "line 3" in d.message
    assert d.source_line == "  x: 3"


def test_all_duplicates_are_reported() -> None:
    diags = fail("a: 1\na: 2\nb: 1\nb: 2\n")
    assert [(d.code, d.line) for d in diags] == [("E002", 2), ("E002", 4)]


@pytest.mark.usefixtures("backend")
def test_python_tag_rejected_without_side_effects(tmp_path: Path) -> None:
    target = tmp_path / "pwned.txt"
    text = f"x: !!python/object/apply:builtins.open [{str(target)!r}, 'w']\n"
    (d,) = fail(text)
    assert (d.code, d.line, d.col) == ("E003", 1, 4)
    assert "python/object/apply" in d.message
    assert not target.exists()


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/name:os.system\n",
        "x: !custom 1\n",
        "x: !!binary aGk=\n",
        "x: !!set {a, b}\n",
        "x: !!timestamp 2001-12-14\n",
        "x: !!map [1]\n",
        "? !!python/tuple [1, 2]\n: x\n",
    ],
)
def test_other_tags_rejected(text: str) -> None:
    assert "E003" in codes(fail(text))


@pytest.mark.usefixtures("backend")
def test_merge_key_rejected() -> None:
    (d,) = fail("base: &b {x: 1}\nchild:\n  <<: *b\n  y: 2\n")
    assert (d.code, d.line, d.col) == ("E003", 3, 3)
    assert "merge" in d.message


def test_quoted_merge_like_key_is_an_ordinary_key() -> None:
    assert ok("'<<': 1\n").data == {"<<": 1}


def test_complex_keys_rejected() -> None:
    (d,) = fail("? [a, b]\n: 1\n")
    assert (d.code, d.line) == ("E003", 1)


@pytest.mark.usefixtures("backend")
def test_syntax_error_reports_problem_line() -> None:
    (d,) = fail("a: 1\nb: 2\nc: d: e\n")
    assert (d.code, d.line, d.col) == ("E001", 3, 5)
    assert "mapping values are not allowed" in d.message
    assert d.source_line == "c: d: e"


def test_unclosed_flow_sequence_is_a_syntax_error() -> None:
    (d,) = fail("a: [1, 2\nb: 3\n")
    assert d.code == "E001"


def test_multiple_documents_rejected() -> None:
    (d,) = fail("a: 1\n---\nb: 2\n")
    assert (d.code, d.line) == ("E001", 2)
    assert "single document" in d.message


def test_undefined_alias_is_a_syntax_error() -> None:
    (d,) = fail("a: *nope\n")
    assert (d.code, d.line, d.col) == ("E001", 1, 4)
    assert "*nope" in d.message


def test_recursive_alias_rejected() -> None:
    (d,) = fail("a: &x [1, *x]\n")
    assert (d.code, d.line, d.col) == ("E003", 1, 11)
    assert "recursive" in d.message


@pytest.mark.usefixtures("backend")
def test_duplicate_anchor_rejected() -> None:
    (d,) = fail("a: &x 1\nb: &x 2\nc: *x\n")
    assert (d.code, d.line, d.col) == ("E001", 2, 4)
    assert "line 1" in d.message


# Resource limits ---------------------------------------------------------------------------


@pytest.mark.usefixtures("backend")
def test_billion_laughs_rejected_quickly() -> None:
    start = time.perf_counter()
    (d,) = fail(billion_laughs(9))
    assert time.perf_counter() - start < 2.0
    assert d.code == "E006"
    # Loading pauses the cyclic garbage collector; it must be back on afterwards.
    assert gc.isenabled()


def test_too_many_aliases_rejected() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    (d,) = fail(text)
    assert d.code == "E006"
    assert ok("a: &a 1\nb: [" + ", ".join(["*a"] * 100) + "]\n").data["b"] == [1] * 100


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(("style", "depth"), [("flow", 1000), ("flow", 20_000), ("block", 1000)])
def test_deep_nesting_rejected(style: str, depth: int) -> None:
    if style == "flow":
        text = "[" * depth + "]" * depth
    else:
        text = "".join(" " * i + "k:\n" for i in range(depth))
    start = time.perf_counter()
    (d,) = fail(text)
    assert time.perf_counter() - start < 2.0
    assert d.code == "E005"


def test_nesting_at_the_limit_is_accepted() -> None:
    limits = Limits(max_depth=5)
    assert load_yaml("[[[[[1]]]]]", "lv.yaml", limits=limits)[0] is not None
    assert codes(fail("[[[[[[1]]]]]]", limits=limits)) == ["E005"]


def test_alias_expansion_depth_counts() -> None:
    limits = Limits(max_depth=4)
    text = "a: &a [[1]]\nb: [[*a]]\n"
    assert codes(fail(text, limits=limits)) == ["E005"]


def test_oversized_text_rejected() -> None:
    limits = Limits(max_bytes=10)
    assert codes(fail("a: 12345678\n", limits=limits)) == ["E004"]
    assert codes(fail(b"a: 12345678\n", limits=limits)) == ["E004"]
    # The cap is in bytes, so multi-byte characters count fully.
    assert codes(fail("a: éééé", limits=limits)) == ["E004"]


def test_huge_file_rejected_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        chunk = b"key: value\n" * 100_000
        for _ in range(48):
            handle.write(chunk)
    assert big.stat().st_size > 50_000_000
    start = time.perf_counter()
    doc, diags = load_yaml_file(big, "levels/big.yaml")
    assert time.perf_counter() - start < 2.0
    assert doc is None
    assert [(d.code, d.path, d.line, d.col) for d in diags] == [("E004", "levels/big.yaml", 1, 1)]


# Encoding and file access ------------------------------------------------------------------


def test_binary_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"a: 1\nb: \x00\x01\x02\n")
    doc, diags = load_yaml_file(path, "bin.yaml")
    assert doc is None
    (d,) = diags
    assert (d.code, d.line, d.col) == ("E007", 2, 4)


def test_utf16_file_rejected() -> None:
    assert codes(fail("a: 1\n".encode("utf-16"))) == ["E007"]


def test_latin1_file_rejected_with_position(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: ok\ncity: Zürich\n".encode("latin-1"))
    doc, diags = load_yaml_file(path, "latin.yaml")
    assert doc is None
    (d,) = diags
    assert (d.code, d.line, d.col) == ("E007", 2, 8)
    assert "0xFC" in d.message
    assert d.source_line == "city: Z\N{REPLACEMENT CHARACTER}rich"


@pytest.mark.usefixtures("backend")
def test_control_characters_rejected_with_position() -> None:
    (d,) = fail("ok: é\nbad: 'x\x07'\n")
    assert (d.code, d.line, d.col) == ("E007", 2, 8)
    assert "U+0007" in d.message


def test_nul_in_text_rejected() -> None:
    (d,) = fail("a: b\x00")
    assert (d.code, d.line, d.col) == ("E007", 1, 5)


def test_lone_surrogate_in_text_rejected() -> None:
    assert codes(fail("a: \ud800\n")) == ["E007"]


def test_missing_file(tmp_path: Path) -> None:
    doc, diags = load_yaml_file(tmp_path / "nope.yaml", "levels/nope.yaml")
    assert doc is None
    assert [(d.code, d.path) for d in diags] == [("E008", "levels/nope.yaml")]


def test_directory_is_not_a_level_file(tmp_path: Path) -> None:
    doc, diags = load_yaml_file(tmp_path, "levels")
    assert doc is None
    assert codes(diags) == ["E008"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    doc, diags = load_yaml_file(fifo, "pipe.yaml")
    assert doc is None
    assert codes(diags) == ["E008"]


def test_load_yaml_file_success(tmp_path: Path) -> None:
    path = tmp_path / "level.yaml"
    path.write_text("id: NO\nturns: 12\n", encoding="utf-8")
    doc, diags = load_yaml_file(path, "levels/level.yaml")
    assert diags == []
    assert doc is not None
    assert doc.data == {"id": "NO", "turns": 12}
    assert doc.pos_of(("turns",)) == Pos("levels/level.yaml", 2, 8)


# Robustness --------------------------------------------------------------------------------

_YAML_BITS = st.sampled_from(
    [
        "a",
        "key",
        ": ",
        ":",
        "- ",
        "\n",
        "  ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "&y ",
        "*y",
        "!!python/object:os.system ",
        "!!str ",
        "!tag ",
        "<<: ",
        "? ",
        "|",
        ">",
        "'",
        '"',
        "#",
        "---",
        "...",
        "%YAML 1.1\n",
        "1",
        "1.5e9",
        ".inf",
        "~",
        "true",
        "\\",
        "é",
        "\x00",
        "\x85",
        "\ufeff",
    ]
)


def _check_result(result: object) -> None:
    assert isinstance(result, tuple)
    doc, diags = result
    assert doc is None or isinstance(doc, YamlDoc)
    assert isinstance(diags, list)
    assert all(isinstance(d, Diagnostic) for d in diags)
    assert (doc is None) == any(d.severity == "error" for d in diags)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text_never_raises(text: str) -> None:
    _check_result(load_yaml(text, "fuzz.yaml"))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data: bytes) -> None:
    _check_result(load_yaml(data, "fuzz.yaml"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_BITS, max_size=40).map("".join))
def test_yaml_like_text_never_raises(text: str) -> None:
    _check_result(load_yaml(text, "fuzz.yaml"))


def test_internal_failures_become_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("unexpected")

    monkeypatch.setattr(yamlsafe._Builder, "build_document", boom)
    (d,) = fail("a: 1\n")
    assert d.code == "E001"
    assert "unexpected" in d.message


def _outcome(attempt: yamlsafe._Attempt) -> tuple[object, ...]:
    doc = attempt.doc
    if doc is None:
        return None, attempt.builder.sink.diagnostics, attempt.syntax_lines
    where = (
        doc.data,
        {path: doc.pos_of(path) for path in doc.marks},
        {path: doc.pos_of(path, key=True) for path in doc.key_marks},
    )
    return where, attempt.builder.sink.diagnostics, attempt.syntax_lines


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_BITS, max_size=40).map("".join))
def test_a_file_read_without_the_scan_reads_as_with_it(text: str) -> None:
    """A file read in one pass (no aliases, no deep nesting) gives the same data, positions
    and reports as when the event scan checks it first."""
    limits = yamlsafe.DEFAULT_LIMITS
    quick = yamlsafe._quick_attempt(text, "f.yaml", limits)
    if quick is not None:
        assert _outcome(quick) == _outcome(yamlsafe._scanned_attempt(text, "f.yaml", limits))


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [1, 2]\nb: *a\n",
        "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n",
        "[" * 70 + "]" * 70,
        "a: 1\n---\nb: 2\n",
        "a: [1\n",
    ],
    ids=["alias", "too-many-aliases", "deep", "two-documents", "syntax-error"],
)
def test_aliases_depth_and_errors_are_left_to_the_scan(text: str) -> None:
    """An alias, nesting near the limit or a file that does not parse is read the long way."""
    assert yamlsafe._quick_attempt(text, "f.yaml", yamlsafe.DEFAULT_LIMITS) is None


def test_a_plain_file_is_read_without_the_scan() -> None:
    """A level-like file with no aliases is read in one pass: the event scan never runs."""
    if issubclass(yamlsafe._Loader, yaml.SafeLoader):
        pytest.skip("the one-pass reading needs libyaml")
    text = "id: x\nnations:\n  - {id: EST, regions: [EST]}\n  - id: FIN\n    name: Finland\n"
    quick = yamlsafe._quick_attempt(text, "f.yaml", yamlsafe.DEFAULT_LIMITS)
    assert quick is not None and quick.doc is not None
    assert quick.doc.data["nations"][1]["name"] == "Finland"


def test_a_second_syntax_error_after_a_lone_carriage_return_is_on_its_own_line() -> None:
    """A lone CR is a line break. Leaving out the item after it must not turn CR + LF into
    one break, which put every later error a line too high (found by the mutation test)."""
    from game.content.diagnostics import split_lines

    text = "format_version: \r0\nrequires:\n  axes: [x]\n\nevents:\n  - yes\n    title: t\n"
    got = yamlsafe.load_yaml_recovering(text.encode(), "deck.yaml")
    lines = split_lines(text)

    assert [(d.line, d.col) for d in got.diagnostics] == [(3, 1), (8, 10)]
    assert lines[7] == "    title: t" and lines[7][9] == ":"
