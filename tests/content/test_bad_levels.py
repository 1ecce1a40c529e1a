"""Broken levels: the loader reports every fault at its exact line, column and code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.content.diagnostics import CODES, Diagnostic
from game.content.loader import load_level_file, load_level_sources

BAD = Path(__file__).parent / "bad"
# Cases that include decks live under bad/levels/, since includes are confined to the nearest
# folder named `levels`; their decks are in bad/levels/decks/ and are not cases themselves.
CORPUS = sorted([*BAD.glob("*.yaml"), *(BAD / "levels").glob("*.yaml")])
# Codes whose cases need files too large or too odd to keep in the corpus; see test_safety.py.
ELSEWHERE = {"E004"}

_EXPECT = re.compile(
    r"# expect: (?:(?P<path>[^\s:]+):)?(?P<line>\d+):(?P<col>\d+) (?P<code>[EW]\d{3})"
    r"(?: (?P<text>.+))?"
)


@dataclass(frozen=True)
class Expected:
    """One diagnostic a case's header promises; `path` is relative to the case's folder."""

    path: str
    line: int
    col: int
    code: str
    text: str


@dataclass(frozen=True)
class Case:
    path: Path
    what: str
    expected: tuple[Expected, ...]
    xfail: str | None


def read_case(path: Path) -> Case:
    """The header comment of a case: what it shows, `# expect:` lines, an optional `# xfail:`."""
    lines = path.read_bytes().decode("utf-8", "replace").splitlines()
    what, xfail, nothing = "", None, False
    expected: list[Expected] = []
    for raw in lines:
        if not raw.startswith("#"):
            break
        if raw == "# expect: nothing":
            nothing = True
        elif raw.startswith("# xfail: "):
            xfail = raw.removeprefix("# xfail: ")
        elif raw.startswith("# expect:"):
            m = _EXPECT.fullmatch(raw)
            assert m, f"{path.name}: malformed header line {raw!r}"
            expected.append(
                Expected(
                    m["path"] or "",
                    int(m["line"]),
                    int(m["col"]),
                    m["code"],
                    m["text"] or "",
                )
            )
        elif not what:
            what = raw.removeprefix("# ")
    assert what, f"{path.name}: the first line must say what the case shows"
    assert expected or nothing, f"{path.name}: list every diagnostic or write '# expect: nothing'"
    assert not (expected and nothing), f"{path.name}: '# expect: nothing' plus expectations"
    return Case(path, what, tuple(expected), xfail)


def _params() -> list[object]:
    out: list[object] = []
    for path in CORPUS:
        case = read_case(path)
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        out.append(pytest.param(case, id=path.relative_to(BAD).as_posix(), marks=marks))
    return out


def where(d: Diagnostic, case: Path) -> str:
    """A diagnostic's file relative to the case's folder ("" for the case itself)."""
    target = Path(d.path).resolve()
    if target == case.resolve():
        return ""
    return target.relative_to(case.parent.resolve()).as_posix()


@pytest.mark.parametrize("case", _params())
def test_every_diagnostic_is_located_exactly(case: Case) -> None:
    result = load_level_file(case.path, display=str(case.path))
    got = sorted((where(d, case.path), d.line, d.col, d.code) for d in result.diagnostics)
    want = sorted((e.path, e.line, e.col, e.code) for e in case.expected)
    shown = "\n".join(f"{d.path}:{d.line}:{d.col} {d.code} {d.message}" for d in result.diagnostics)
    assert got == want, f"{case.what}\n{shown}"
    for e in case.expected:
        messages = [
            " ".join((d.message, *d.notes))
            for d in result.diagnostics
            if (where(d, case.path), d.line, d.col, d.code) == (e.path, e.line, e.col, e.code)
        ]
        assert any(e.text in m for m in messages), (
            f"{e.text!r} not in {messages} (message and notes)"
        )
    errors = [d for d in result.diagnostics if d.is_error]
    assert (result.loaded is None) == bool(errors)
    assert all(
        d.severity == ("error" if d.code[0] == "E" else "warning") for d in result.diagnostics
    )


def test_the_corpus_is_large_and_covers_every_code() -> None:
    cases = [read_case(p) for p in CORPUS]
    broken = [c for c in cases if c.expected and not c.xfail]
    assert len(broken) >= 30
    covered = {e.code for c in cases if not c.xfail for e in c.expected}
    assert covered | ELSEWHERE == set(CODES)


def test_norway_is_a_nation_not_false() -> None:
    result = load_level_file(BAD / "no_as_nation_id.yaml")
    assert result.loaded is not None
    assert [n.id for n in result.loaded.level.nations] == ["EST", "NO"]
    assert result.loaded.level.relations[0].b == "NO"
    assert result.loaded.level.victory[0].when_text == "trust(NO, player) >= 70"


def test_three_faults_come_back_in_one_run_in_file_order() -> None:
    result = load_level_file(BAD / "three_faults.yaml")
    assert [(d.line, d.code) for d in result.diagnostics] == [
        (8, "E103"),
        (18, "E204"),
        (40, "E301"),
    ]


def test_include_cycle_names_every_file_of_the_loop() -> None:
    result = load_level_file(BAD / "levels" / "include_cycle.yaml")
    (d,) = result.diagnostics
    assert d.message == (
        "include cycle: decks/cycle_a.yaml → decks/cycle_b.yaml → decks/cycle_a.yaml"
    )


def test_saved_sources_with_a_lone_surrogate_are_reported_not_raised() -> None:
    result = load_level_sources({"a.yaml": "id: x\ntitle: \ud800\n"}, "a.yaml")
    assert result.loaded is None
    assert [d.code for d in result.diagnostics] == ["E007"]


def test_errors_at_the_end_of_a_file_without_a_final_line_break_stay_in_the_file() -> None:
    text = "id: x\ntitle: Cut short\ns"
    result = load_level_sources({"a.yaml": text}, "a.yaml")
    assert [d.code for d in result.diagnostics if d.code < "E100"] == ["E001"]
    assert all(d.line <= 3 and d.source_line is not None for d in result.diagnostics)


def test_unreadable_lines_are_named_and_their_uses_counted_not_reported() -> None:
    """A deck with two syntax errors: each says which lines were left out and how many uses
    of what they define went unchecked, instead of reporting those uses as unknown."""
    result = load_level_file(BAD / "levels" / "deck_with_syntax_errors.yaml")
    syntax = [d for d in result.diagnostics if d.code == "E001"]
    assert [d.line for d in syntax] == [6, 28]
    assert (
        "lines 3–7, an item of `events` defining drill_one, could not be read"
        in syntax[0].notes[-2]
    )
    assert syntax[0].notes[-1].startswith("1 use of what could not be read was not checked")
    assert "defining drill_three, drill_four, could not" in syntax[1].notes[-2]
    assert not [d for d in result.diagnostics if d.code in ("E202", "E302")]


def test_an_unreadable_include_line_hides_no_deck_event_behind_a_false_error() -> None:
    """The level's include item has a syntax error, so the deck is never read: the level's
    chain to the deck's event is not called unknown, and the note counts it."""
    text = (BAD / "levels" / "deck_with_errors.yaml").read_text(encoding="utf-8")
    text = text.replace("include: [decks/broken.yaml]", "include:\n  - [decks/broken.yaml")
    text = text.replace("{event: follow_up, after: 2}", "{event: deck_event, after: 2}")
    result = load_level_sources({"a.yaml": text}, "a.yaml")
    assert [d.code for d in result.diagnostics if d.is_error] == ["E001"]
    (syntax,) = result.diagnostics[:1]
    assert syntax.notes[-2].startswith("line 21, an item of `include`, could not be read")
    assert syntax.notes[-1].startswith("2 uses of what could not be read were not checked")


def test_a_deck_that_cannot_be_read_at_all_is_reported_and_its_events_not_called_unknown(
    tmp_path: Path,
) -> None:
    """A NUL byte makes the deck unreadable: the level's use of the deck's event is not an
    error, and validating the deck itself reports its problem rather than "not included"."""
    from game.content.loader import check_deck_file

    folder = tmp_path / "levels"
    (folder / "decks").mkdir(parents=True)
    text = (BAD / "levels" / "deck_with_errors.yaml").read_text(encoding="utf-8")
    level = folder / "level.yaml"
    level.write_text(text.replace("{event: follow_up, after: 2}", "{event: deck_event, after: 2}"))
    deck = folder / "decks" / "broken.yaml"
    deck.write_bytes(b'events:\n  - id: deck_event\n    title: "x\x00"\n')
    result = load_level_file(level)
    assert [d.code for d in result.diagnostics if d.is_error] == ["E007"]
    (e007,) = [d for d in result.diagnostics if d.code == "E007"]
    assert "the file defining deck_event could not be read" in e007.notes[-2]
    assert e007.notes[-1].startswith("1 use of what could not be read was not checked")
    diags, through = check_deck_file(deck)
    assert [d.code for d in diags] == ["E007"] and through == [level]


@pytest.mark.parametrize("breaker", ["[", "{"], ids=["unclosed list", "unclosed mapping"])
def test_breaking_an_id_line_of_the_tutorial_costs_one_syntax_error_and_nothing_else(
    breaker: str,
) -> None:
    """The `- id:` lines of the tutorial's nations and first events broken in turn: the
    loader reports the syntax error and no use of the id it could not read."""
    from game.content.loader import load_level_file as load

    loaded = load(BAD.parents[2] / "levels" / "first_steps.yaml").loaded
    assert loaded is not None
    lines = loaded.sources[loaded.main].split("\n")
    targets = [k for k, line in enumerate(lines) if line.startswith("  - id: ")][:8]
    for k in targets:
        broken = list(lines)
        broken[k] = broken[k].replace("id: ", f"id: {breaker}", 1)
        sources = {**loaded.sources, loaded.main: "\n".join(broken)}
        result = load_level_sources(sources, loaded.main)
        codes = {d.code for d in result.diagnostics if d.is_error}
        assert codes == {"E001"}, (k + 1, [d.message for d in result.diagnostics])
