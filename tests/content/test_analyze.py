"""Goal debugging: analyze names the deciding goal and how close each part came; --explain."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main as cli_main
from game.content.analyze import analyze, report
from game.content.loader import load_level_sources
from game.core.defs import LevelDef

LEVEL = """\
id: goals_case
title: Goals case
player: EST
turns: 6
axes:
  - {id: democracy, name: Democracy}
nations:
  - {id: EST, name: Estonia, regions: [EST], positions: {democracy: 0.8}}
  - {id: FIN, name: Finland, regions: [FIN]}
  - {id: LVA, name: Latvia, regions: [LVA]}
relations:
  - {a: EST, b: FIN, trust: 55}
events:
  - id: opening
    title: Opening
    text: The first turn.
    trigger: turn == 1
    once: true
    options:
      - text: Plan a follow-up.
        effects:
          - chain_event: {event: follow_up, after: 1}
  - id: follow_up
    title: Follow-up
    text: Only if the public adores you.
    trigger: approval(player) > 99
    mean_time: 0
    options:
      - text: Fine.
  - id: declined
    title: Declined
    text: Someone said no.
    on: proposal_declined
    options:
      - text: Shrug.
victory:
  - when: trust(FIN, player) >= 99 and turn >= 2
    text: Finland trusts you completely.
defeat:
  - when: turn >= 5 and approval(player) < 101
    text: Time ran out on you.
"""


def level() -> LevelDef:
    result = load_level_sources({"goals_case.yaml": LEVEL}, "goals_case.yaml")
    assert result.loaded is not None, result.diagnostics
    return result.loaded.level


def test_analyze_names_the_deciding_goal_and_how_close_each_part_came() -> None:
    text = report(level(), analyze(level(), runs=2))
    assert 'by defeat 1 "Time ran out on you."' in text
    victory = text[text.index('victory 1 "Finland trusts you completely."') :]
    assert "held in 0 of 2 games" in victory.splitlines()[0]
    trust_line = next(ln for ln in victory.splitlines() if "trust(FIN, player) >= 99" in ln)
    assert "held in   0 of 2" in trust_line
    assert "of 99 needed (median)" in trust_line
    turn_line = next(ln for ln in victory.splitlines() if ln.strip().startswith("turn >= 2"))
    assert "held in   2 of 2" in turn_line


def test_analyze_lists_dropped_follow_ups_and_marks_events_only_a_person_triggers() -> None:
    text = report(level(), analyze(level(), runs=2))
    dropped = text[text.index("follow-ups scheduled but dropped") :]
    assert "follow_up" in dropped and "its trigger was false: approval(player) > 99" in dropped
    never = text[text.index("events that never fired") :]
    assert "declined  (only with a human player:" in never


def test_simulate_explain_prints_which_parts_of_each_goal_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "goals_case.yaml"
    path.write_text(LEVEL, encoding="utf-8")
    assert cli_main(["simulate", str(path), "--seed", "1", "--explain"]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("goals at turn 5:") :].splitlines()
    assert tail[1] == '  defeat 1 "Time ran out on you.": holds'
    assert tail[2] == "    yes turn >= 5   (5, needs >= 5)"
    assert tail[4] == '  victory 1 "Finland trusts you completely.": does not hold'
    assert tail[5].startswith("    no  trust(FIN, player) >= 99   (")
