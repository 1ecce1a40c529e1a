"""Goals taken apart into the figures a player watches: value, threshold, met."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.loader import load_level_file
from game.core import objectives
from game.core.conditions import make_env
from game.core.game import Game

LEVELS = Path(__file__).parents[2] / "levels"


def level_and_terms(name: str) -> tuple[Game, list[objectives.Objective]]:
    level = load_level_file(LEVELS / f"{name}.yaml").loaded.level
    env = make_env([n.id for n in level.nations])
    return Game(level, 1), objectives.objectives(level, env)


def test_a_chain_of_ands_becomes_one_figure_per_comparison() -> None:
    game, objs = level_and_terms("northern_shield")
    win = objs[0]
    assert win.victory and win.joiner == "and"
    assert [t.call for t in win.terms] == [
        "alliance_size",
        "alliance_interop",
        "alliance_min_approval",
    ]
    readings = [objectives.read(game.ctx(), t) for t in win.terms]
    assert [(r.term.op, r.threshold) for r in readings] == [(">=", 5), (">=", 63), (">=", 30)]
    assert all(r.value is not None for r in readings)
    assert [o.victory for o in objs] == [True, False, False]
    lose = objs[1].terms[0]
    assert (lose.call, lose.op) == ("approval", "<")


def test_bracketed_groups_stand_alone_and_are_judged_whole() -> None:
    game, objs = level_and_terms("concert_of_nations")
    grouped = next(o for o in objs if o.victory and len(o.terms[0].text) > 100)
    assert grouped.joiner == "and" and len(grouped.terms) == 2
    for term in grouped.terms:
        assert term.text.startswith("(") and term.text.endswith(")")
        assert term.figure is None
        assert objectives.read(game.ctx(), term).met is False


@pytest.mark.parametrize("path", sorted(LEVELS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_goal_splits_and_reads(path: Path) -> None:
    game, objs = level_and_terms(path.stem)
    assert objs
    for o in objs:
        whole = bool(o.goal.when.evaluate(game.ctx()))
        met = [objectives.read(game.ctx(), t).met for t in o.terms]
        assert whole == (any(met) if o.joiner == "or" else all(met))
