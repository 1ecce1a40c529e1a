"""`alliances analyze LEVEL --strategy ...` as a designer runs it."""

from __future__ import annotations

import json

import pytest

from game.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_has_a_row_per_strategy(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["analyze", "first_steps", "--strategy", "passive,expert", "--runs", "2"]
    code, out, err = run([*args, "--turns", "2", "--jobs", "1"], capsys)
    assert code == 0
    assert err == ""  # no progress bar when stderr is not a terminal
    lines = out.splitlines()
    assert lines[0].startswith(
        "First Steps (normal) — 2 game(s) per strategy, seeds 1–2, up to 2 turns"
    )
    assert lines[2].split() == [
        "strategy", "runs", "victory", "defeat", "unfinished", "mean", "win", "turn",
        "earliest", "median", "score",
    ]  # fmt: skip
    rows = {line.split()[0]: line.split() for line in lines[4:]}
    assert list(rows) == ["passive", "expert"]
    assert rows["passive"][1] == "2"
    # Two turns are too few to win the tutorial: both games of each run out.
    assert rows["passive"][6:8] == ["2", "100.0%"]


def test_json_is_the_same_with_one_or_two_workers(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["analyze", "first_steps", "--strategy", "random,ai", "--runs", "3", "--turns", "3"]
    outs = []
    for jobs in ("1", "2"):
        code, out, _ = run([*args, "--jobs", jobs, "--json"], capsys)
        assert code == 0
        outs.append(json.loads(out))
    assert outs[0] == outs[1]
    table = outs[0]
    assert table["level"] == "first_steps" and table["seeds"] == [1, 3]
    assert [r["strategy"] for r in table["strategies"]] == ["random", "ai"]
    for r in table["strategies"]:
        assert r["runs"] == 3 == r["victory"] + r["defeat"] + r["unfinished"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--strategy", "clever"], "unknown strategy 'clever'"),
        (["--strategy", "spam:teleport"], "unknown strategy 'spam:teleport'"),
        (["--strategy", "passive", "--jobs", "0"], "--jobs must be 1 or more"),
        (["--strategy", "passive", "--seed-start", "-3"], "--seed-start must be 0 or more"),
    ],
)
def test_bad_strategy_arguments_are_one_line_with_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["analyze", "first_steps", *args], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_the_help_lists_every_strategy(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["analyze", "--help"], capsys)
    assert code == 0
    for name in ("passive", "random", "spam:dialogue", "spam:exercise", "ai", "expert"):
        assert f"  {name} " in out
    assert "each offer is declined" in out


def test_analyze_without_a_strategy_is_the_ai_only_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["analyze", "first_steps", "--runs", "1", "--turns", "2"], capsys)
    assert code == 0
    assert "AI-only games" in out and "events (fires per game" in out


def test_the_difficulty_choices_are_the_rules_own() -> None:
    from game.cli import DIFFICULTY_CHOICES
    from game.core.difficulty import DIFFICULTIES

    assert tuple(DIFFICULTIES) == DIFFICULTY_CHOICES


def test_difficulty_reaches_the_games(capsys: pytest.CaptureFixture[str]) -> None:
    """Hard starts every nation with less trust in the player: the passive score falls."""
    args = ["analyze", "first_steps", "--strategy", "passive", "--runs", "1", "--turns", "1"]
    scores = {}
    for level in ("easy", "hard"):
        code, out, _ = run([*args, "--difficulty", level, "--json", "--jobs", "1"], capsys)
        assert code == 0
        table = json.loads(out)
        assert table["difficulty"] == level
        scores[level] = table["strategies"][0]["median_score"]
    assert scores["easy"] > scores["hard"]


def test_a_generated_world_is_played_by_the_worker_processes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["analyze", "generated:5:3", "--strategy", "random", "--runs", "2", "--turns", "2"]
    code, out, _ = run([*args, "--jobs", "2", "--json"], capsys)
    assert code == 0
    row = json.loads(out)["strategies"][0]
    assert row["runs"] == 2 == row["victory"] + row["defeat"] + row["unfinished"]
