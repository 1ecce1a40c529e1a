"""A field of a shipped level set to a value of the wrong type gives diagnostics, not a crash."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.loader import load_level_sources
from game.content.yamlsafe import load_yaml
from game.core.game import Game
from game.core.turn import SCORE_LIMIT

LEVELS = Path(__file__).resolve().parents[2] / "levels"

# One of each shape YAML can give, and the shapes that used to slip past the checker
# (a list inside a list, a mapping of lists) or past the rules (numbers that are not finite
# once they are multiplied, digits beyond any float).
WRONG: list[Any] = [
    None,
    True,
    0,
    -7,
    2.5,
    1e300,
    10**400,
    "x",
    "",
    [],
    [[]],
    [{}],
    ["x", 3],
    {},
    {"a": []},
    {"x": {"y": 1}},
]

Path_ = tuple[str | int, ...]


def _paths(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    """Every place in the data: each mapping value and list item, nested ones too."""
    if path:
        yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from _paths(v, (*path, k))


def _sources() -> dict[str, str]:
    return {
        p.relative_to(LEVELS).as_posix(): p.read_text("utf-8")
        for p in sorted(LEVELS.rglob("*.yaml"))
    }


SOURCES = _sources()
DATA = {rel: load_yaml(text.encode(), rel)[0].data for rel, text in SOURCES.items()}  # type: ignore[union-attr]


def _places() -> list[tuple[str, str, Path_]]:
    """(level, file, place) for every field; a deck's through the first level including it."""
    out: list[tuple[str, str, Path_]] = []
    done: set[str] = set()
    for main in (m for m in SOURCES if "/" not in m):
        entries = DATA[main].get("include", [])
        decks = [i.get("deck") if isinstance(i, dict) else i for i in entries]
        included = [d for d in decks if isinstance(d, str) and d in SOURCES]
        for rel in (main, *included):
            if rel not in done:
                done.add(rel)
                out += [(main, rel, p) for p in _paths(DATA[rel])]
    return out


PLACES = _places()


def _replace(data: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    out = dict(data) if isinstance(data, dict) else list(data)
    inner = data.get(path[0]) if isinstance(data, dict) else data[path[0]]
    out[path[0]] = _replace(inner, path[1:], value)  # type: ignore[index]
    return out


def _load(main: str, rel: str, path: Path_, value: Any) -> Any:
    sources = dict(SOURCES)
    # JSON is YAML: the mutated data goes back to the loader as text, through the same path
    # as any level file, without a YAML writer.
    sources[rel] = json.dumps(_replace(DATA[rel], path, value), indent=1, ensure_ascii=False)
    return load_level_sources(sources, main)


def test_every_shipped_file_is_covered() -> None:
    """The places include the levels' and the decks' fields (the property test samples them)."""
    files = {rel for _, rel, _ in PLACES}
    assert files == set(SOURCES), set(SOURCES) - files
    assert len(PLACES) > 500


def test_known_crashes_give_located_errors() -> None:
    """The shapes that once raised inside the checker now give errors at their line."""
    main = "northern_shield.yaml"
    cases = [
        (("nations", 0, "positions"), [[]]),
        (("nations", 0, "salience"), [[]]),
        (("nations", 0, "regions"), {"a": []}),
        (("nations", 0, "government", "platform"), [[]]),
        (("agreements", 0, "members"), {"x": {}}),
        (("threats", 0, "threatened"), {"x": 1}),
        (("events", 0, "id"), [[]]),
    ]
    for path, value in cases:
        result = _load(main, main, path, value)
        errors = [d for d in result.diagnostics if d.is_error]
        assert errors and result.loaded is None, path
        assert all(d.line >= 1 and d.col >= 1 for d in errors), path


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(place=st.sampled_from(PLACES), value=st.sampled_from(WRONG))
def test_wrong_types_give_diagnostics(place: tuple[str, str, Path_], value: Any) -> None:
    main, rel, path = place
    result = _load(main, rel, path, value)
    assert (result.loaded is None) == any(d.is_error for d in result.diagnostics)
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1, d


HUGE = " * ".join(["10000000000"] * 31)  # 10^310: past any float, from small numbers


def _with_score(score: str) -> Any:
    main = "northern_shield.yaml"
    return _load(main, main, ("score",), score)


def test_a_score_that_overflows_is_held_at_the_limit_and_nan_counts_as_zero() -> None:
    """Whether a formula overflows depends on the game, so the rules keep the score finite."""
    for score, expected in [(HUGE, SCORE_LIMIT), (f"0 - ({HUGE})", -SCORE_LIMIT)]:
        result = _with_score(score)
        assert result.loaded is not None, result.diagnostics
        game = Game(result.loaded.level, 1)
        game.end_turn()
        assert game.state.score == expected
        game.state.state_hash()  # hashing a clamped score raises nothing
    nan = _with_score(f"({HUGE}) - ({HUGE})")
    assert nan.loaded is not None
    game = Game(nan.loaded.level, 1)
    game.end_turn()
    assert game.state.score == 0.0 and not math.isnan(game.state.score)


def test_a_score_with_a_number_too_large_to_be_finite_is_an_error_at_its_column() -> None:
    result = _with_score("avg_trust_in(player) + " + "9" * 400)
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["E103"]
    assert "finite" in errors[0].message
    assert errors[0].col > 20  # at the number, not at the start of the expression
