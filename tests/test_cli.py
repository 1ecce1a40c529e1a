"""The `alliances` command as a user runs it: output formats, usage errors, pipes."""

from __future__ import annotations

import argparse
import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game import cli
from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
LEVELS = ROOT / "levels"
TUTORIAL = LEVELS / "first_steps.yaml"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_simulate_json_prints_one_object_per_turn_then_the_result(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every line is JSON; turn lines carry `turn` and `state_hash`, the last one the result."""
    code, out, _ = run(["simulate", str(TUTORIAL), "--turns", "4", "--seed", "2", "--json"], capsys)
    assert code == 0
    lines = [json.loads(x) for x in out.splitlines()]
    turns, last = lines[:-1], lines[-1]
    assert [t["turn"] for t in turns] == list(range(len(turns)))
    assert 1 <= len(turns) <= 4
    assert all(len(t["state_hash"]) == 32 for t in turns)
    assert len({t["state_hash"] for t in turns}) == len(turns)
    assert last["final_state_hash"] == turns[-1]["state_hash"]
    assert last["turns"] == len(turns)
    assert last["result"] in ("victory", "defeat", "ended", "unfinished")


def test_simulate_text_prints_a_line_per_turn_and_the_result(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["simulate", "first_steps", "--turns", "3", "--seed", "2"], capsys)
    lines = out.splitlines()
    assert code == 0
    assert len(lines) == 4
    assert lines[0].split()[:2] == ["Q1", "2027"]
    assert [ln.split()[2:4] for ln in lines[:3]] == [["turn", str(k)] for k in (1, 2, 3)]
    assert lines[-1].startswith("result: unfinished after 3 turns (score ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["simulate", "no_such_level"], "no level 'no_such_level'"),
        (["simulate", "first_steps", "--seed", "-1"], "--seed must be 0 or more"),
        (["simulate", "first_steps", "--turns", "-2"], "--turns must be 0 or more"),
        (["analyze", "first_steps", "--runs", "0"], "--runs must be 1 or more"),
        (["replay", "no_such_save.json"], "no_such_save.json"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("alliances: error: ")
    assert message in err


def test_a_broken_level_names_its_first_problem_and_how_many_more(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = ROOT / "tests" / "content" / "bad" / "three_faults.yaml"
    code, _, err = run(["simulate", str(bad)], capsys)
    assert code == 2
    assert err.count("\n") == 1
    assert "three_faults.yaml:" in err and "(and 2 more)" in err
    assert "alliances validate" in err


def test_an_unparsable_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["simulate", "first_steps", "--turns", "many"], capsys)
    assert code == 2
    assert "invalid int value: 'many'" in err


def test_output_into_a_closed_pipe_stops_quietly() -> None:
    """`alliances simulate … | head -0`: the reader is gone before the first line."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    cmd = [sys.executable, "-m", "game", "simulate", str(TUTORIAL), "--turns", "3", "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # long before the interpreter has started and loaded the level
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141  # a hang guard, not a speed goal
    assert err == ""


def test_bench_json_rows_name_their_world_and_time(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["bench", "--json", "--quick"], capsys)
    rows = [json.loads(x) for x in out.splitlines()]
    rules = [r for r in rows if r["section"] == "rules"]
    assert code == 0
    assert [r["nations"] for r in rules[:4]] == [10, 30, 100, 200]
    assert all(r["ms_per_turn"] > 0 for r in rules)
    assert {r["goal_ms"] for r in rules[:4]} == {None, 5.0, 50.0}
    startup = {r["world"]: r["ms_per_frame"] for r in rows if r["section"].startswith("ui:")}
    assert startup["ui_startup_to_menu"] > startup["ui_sound_device_open"] >= 0
    saves = [r for r in rows if r["section"] == "autosave"]
    assert [r["world"] for r in saves] == [
        "concert_of_nations @10-19",
        "concert_of_nations @100-109",
    ]
    assert all(r["ms_per_save"] > 0 and r["mean_ms"] > 0 and r["append_kb"] > 0 for r in saves)
    assert all(r["max_ms"] >= r["mean_ms"] >= 0 for r in saves)
    loads = [r for r in rows if r["section"] == "load"]
    assert [r["world"] for r in loads] == [
        "concert_of_nations @109 menu line",
        "concert_of_nations @109 load",
    ]
    assert all(r["ms_per_load"] > 0 for r in loads)
    start, *checks = [r for r in rows if r["section"] == "validate"]
    assert start["world"] == "python start-up alone" and start["goal_ms"] is None
    assert [r["world"] for r in checks] == sorted(p.name for p in LEVELS.glob("*.yaml"))
    assert all(r["ms_per_check"] > start["ms_per_start"] > 0 for r in checks)
    assert all(r["goal_ms"] == 250.0 for r in checks)


def test_new_level_writes_a_commented_level_that_validates_and_plays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The starting level carries the schema line, passes `validate --strict` without a single
    warning, plays to a result, and is never written over."""
    folder = tmp_path / "levels"
    code, out, _ = run(["new-level", "pacific_test", "--dir", str(folder)], capsys)
    assert code == 0
    path = folder / "pacific_test.yaml"
    assert out.splitlines() == [f"wrote {path}", f"wrote {folder / 'level.schema.json'}"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=level.schema.json\n")
    assert text.count("\n#") >= 5
    assert run(["validate", "--strict", str(path)], capsys)[:2] == (0, "")
    code, out, _ = run(["simulate", str(path), "--seed", "1"], capsys)
    assert code == 0 and "result: " in out and "result: unfinished" not in out
    code, _, err = run(["new-level", "pacific_test", "--dir", str(folder)], capsys)
    assert code == 2 and "exists already" in err
    code, _, err = run(["new-level", "9lives", "--dir", str(folder)], capsys)
    assert code == 2 and "is not a level id" in err


@pytest.mark.parametrize("words", [[], ["--data-dir", "D"], ["northern_shield", "--seed", "3"]])
def test_without_a_command_the_window_opens_with_the_options_given(
    monkeypatch: pytest.MonkeyPatch, words: list[str]
) -> None:
    seen: list[argparse.Namespace] = []
    monkeypatch.setattr(cli, "cmd_play", lambda args: seen.append(args) or 0)
    assert main(words) == 0
    (args,) = seen
    assert args.data_dir == ("D" if "D" in words else None)
    assert args.level == ("northern_shield" if words[:1] == ["northern_shield"] else None)


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("missing/game.json", "the folder {tmp}/missing does not exist"),
        (".", "it is a folder"),
        ("fifo.json", "it is not a regular file"),
    ],
)
def test_simulate_save_to_an_unwritable_place_says_why_before_playing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, problem: str
) -> None:
    os.mkfifo(tmp_path / "fifo.json")
    path = tmp_path / target
    code, out, err = run(["simulate", str(TUTORIAL), "--turns", "2", "--save", str(path)], capsys)
    assert code == 2
    assert out == ""  # refused before any turn is played
    assert err == f"alliances: error: cannot save to {path}: {problem.format(tmp=tmp_path)}\n"


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "the file system is read-only"),
        (errno.EACCES, "permission denied"),
    ],
)
def test_simulate_save_failing_while_writing_says_why_and_leaves_no_temp_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    problem: str,
) -> None:
    """The write fails after the temp file was made: one line, exit 2, the temp file gone."""
    from game.saves import atomic

    def fail(tmp: Path, data: bytes) -> None:
        tmp.write_bytes(data[:100])
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(atomic, "_write_synced", fail)
    path = tmp_path / "game.json"
    code, _, err = run(["simulate", str(TUTORIAL), "--turns", "2", "--save", str(path)], capsys)
    assert code == 2
    assert err == f"alliances: error: cannot save to {path}: {problem}\n"
    assert list(tmp_path.iterdir()) == []


def test_simulate_save_sweeps_temp_files_of_killed_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dead = tmp_path / ".game.json.tmp-999999999-1"
    dead.write_text("half a save")
    path = tmp_path / "game.json"
    code, _, _ = run(["simulate", str(TUTORIAL), "--turns", "1", "--save", str(path)], capsys)
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.json"]


def test_a_generated_world_is_a_level_name(capsys: pytest.CaptureFixture[str]) -> None:
    """`generated:N[:SEED]` plays a generated world; the same name gives the same game."""
    args = ["simulate", "generated:12:3", "--turns", "2", "--json"]
    code, out, _ = run(args, capsys)
    assert code == 0
    assert run(args, capsys)[1] == out
    assert json.loads(out.splitlines()[-1])["turns"] == 2
    code, other, _ = run(["simulate", "generated:12:4", "--turns", "2", "--json"], capsys)
    assert code == 0 and other != out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["simulate", "generated:1"], "2 to 1000 nations"),
        (["simulate", "generated:1001"], "2 to 1000 nations"),
        (["analyze", "generated:ten"], "generated:N or generated:N:SEED"),
        (["simulate", "generated:5:1:2:3"], "generated:N or generated:N:SEED"),
        (["simulate", "generated:5:1:0"], "1 to 1000 turns"),
        (["bench", "--sizes", "30,x"], "--sizes"),
        (["bench", "--sizes", "1,30"], "2 to 1000 nations"),
    ],
)
def test_generated_names_and_sizes_are_checked(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_the_growth_line_is_fitted_from_100_nations_up() -> None:
    """Fixed costs of small worlds would flatten the line: they are left out of the fit."""
    from game.bench import growth_line

    rows = [
        {"nations": 30, "ms_per_turn": 50.0},  # as slow as 200: a fit through it would say ~0.5
        {"nations": 200, "ms_per_turn": 50.0},
        {"nations": 1000, "ms_per_turn": 1250.0},  # 25 times 200's: exactly nations^2
    ]
    assert growth_line(rows).startswith("turn time grows as nations^2.00 from 200 to 1000")
    assert growth_line(rows[:2]).startswith("growth not fitted")


def test_a_generated_world_saves_and_replays(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The save names the world; `replay --verify` makes it again and finds every hash."""
    save = tmp_path / "g.json"
    code, _, err = run(["simulate", "generated:15:2", "--turns", "45", "--save", str(save)], capsys)
    assert code == 0, err
    code, out, err = run(["replay", "--verify", str(save)], capsys)
    assert code == 0, err
    assert "45" in out
