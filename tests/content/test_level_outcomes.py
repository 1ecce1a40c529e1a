"""Every shipped level can be won and lost: recorded command scripts play to each end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.content.loader import load_level_file
from game.core.commands import EndTurn, command_from_dict
from game.core.game import Game
from game.core.outcomes import Accepted

HERE = Path(__file__).parent
LEVELS = HERE.parents[1] / "levels"
SCRIPTS = sorted((HERE / "scripts").glob("*.json"))


LEVEL_NAMES = sorted(p.stem for p in LEVELS.glob("*.yaml"))


@pytest.mark.parametrize("name", LEVEL_NAMES)
def test_every_shipped_level_has_a_victory_and_a_defeat_script(name: str) -> None:
    """A level without both scripts has not been shown to be winnable and losable."""
    missing = [
        end
        for end in ("victory", "defeat")
        if not (HERE / "scripts" / f"{name}_{end}.json").exists()
    ]
    assert not missing, (
        f"levels/{name}.yaml has no recorded {' or '.join(missing)} script; record them with: "
        f".venv/bin/python tests/content/make_scripts.py {name}"
    )


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_script_plays_to_its_recorded_end(script: Path) -> None:
    """The player issues exactly the recorded commands, turn after turn; every one is
    accepted and the game ends the way the script says (regenerate the scripts with
    `tests/content/make_scripts.py` after a deliberate rules or level change)."""
    data = json.loads(script.read_text())
    loaded = load_level_file(LEVELS / f"{data['level']}.yaml").loaded
    assert loaded is not None
    game = Game(loaded.level, data["seed"])
    for turn, commands in enumerate(data["turns"]):
        assert not game.over, f"the game ended before turn {turn}"
        for d in commands:
            result = game.issue(command_from_dict(d))
            assert isinstance(result, Accepted), (turn, d, result)
        assert isinstance(game.issue(EndTurn(game.player)), Accepted)
    assert game.state.result == data["result"]
    assert game.state.result_text
