"""World tension with named causes: each turn's change split by source, adding up exactly."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from game.content import load_level
from game.core.commands import BuildConfidence, EndTurn, HoldExercise
from game.core.game import Game
from game.core.outcomes import Accepted
from game.core.tension_log import CAUSE_PREFIX, DECAY, parts_of

if TYPE_CHECKING:
    from conftest import World


def tense_world(world: World) -> World:
    """AAA (the player) and BBB trust each other (80) and share a forum; CCC distrusts both
    (trust 10) and is already tense with AAA (60) and BBB (50), so a drill alarms it."""
    return (
        world.nations("AAA", "BBB", "CCC")
        .relation("AAA", "BBB", trust=80)
        .relation("AAA", "CCC", trust=10, tension=60)
        .relation("BBB", "CCC", trust=10, tension=50)
        .agreement("dialogue_forum", "AAA", "BBB")
    )


def end_turn(game: Game) -> dict[str, float]:
    assert isinstance(game.issue(EndTurn(game.player)), Accepted)
    return game.state.history[-1]


def test_an_exercise_that_alarms_a_neighbour_is_named_with_its_share(world: World) -> None:
    """See `tense_world`. AAA drills with BBB: CCC's tension with both rises, and the turn's
    row names "exercise:AAA:BBB" with a positive share; easing with time takes some back.
    Its preview said what it would add before it was done."""
    game = tense_world(world).game()
    cmd = HoldExercise("AAA", "BBB", 1)
    shift = game.tension_shift(cmd)
    assert shift > 0
    line = game.tension_line(cmd)
    assert line is not None and line.text.startswith("World tension +") and line.tone < 0
    assert isinstance(game.issue(cmd), Accepted)

    row = end_turn(game)

    assert row[CAUSE_PREFIX + "exercise:AAA:BBB"] == pytest.approx(shift, abs=0.01)
    assert row[CAUSE_PREFIX + DECAY] < 0


def test_confidence_building_shows_as_a_cut(world: World) -> None:
    """AAA builds confidence with CCC: its share of the turn's change is negative, as its
    preview said."""
    game = tense_world(world).game()
    cmd = BuildConfidence("AAA", "CCC")
    assert game.tension_shift(cmd) < 0
    game.issue(cmd)

    row = end_turn(game)

    assert row[CAUSE_PREFIX + "confidence:AAA:CCC"] < 0


def test_the_parts_add_up_to_each_turns_change_on_northern_shield() -> None:
    """Twelve turns of Northern Shield with the AI in every seat: every turn's parts add up
    to the change of world tension since the turn before (to the rounding of a hundredth),
    and the causes name exercises, threats and easing."""
    game = Game(load_level("levels/northern_shield.yaml"), 3)
    before = game.state.world_tension
    causes: set[str] = set()
    for _ in range(12):
        game.autoplay()
        game.end_turn()
        row = game.state.history[-1]
        parts = parts_of(row)
        assert sum(p.amount for p in parts) == pytest.approx(row["tension"] - before, abs=0.015)
        causes |= {p.cause.split(":")[0] for p in parts}
        before = row["tension"]
    assert {"exercise", "threat", DECAY} <= causes


def test_the_breakdown_leaves_the_state_hash_alone(world: World) -> None:
    """The notes are a scratch record: two games, one previewed many times, hash alike."""
    level = tense_world(world).level()
    a, b = Game(level), Game(level)
    for cmd in (HoldExercise("AAA", "BBB", 1), BuildConfidence("AAA", "CCC")):
        b.tension_shift(cmd)
        b.tension_line(cmd)
        a.issue(cmd)
        b.issue(cmd)
    end_turn(a)
    end_turn(b)
    assert a.state.state_hash() == b.state.state_hash()
    assert a.state.history == b.state.history
