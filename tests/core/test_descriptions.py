"""Effects say what they do: every registered effect has a sentence, every option a preview."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.content.library import load_level
from game.core.defs import EffectDef
from game.core.effects import EFFECTS, describe_effect, describe_effects, hidden
from game.core.game import Game

LEVELS = Path(__file__).resolve().parents[2] / "levels"
SHIPPED = sorted(p.stem for p in LEVELS.glob("*.yaml"))


def _example(name: str) -> EffectDef:
    """The effect as its manual example writes it."""
    ((key, args),) = yaml.safe_load(EFFECTS[name].example).items()
    assert key == name
    return EffectDef(name, args)


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_every_effect_describes_its_manual_example(name: str) -> None:
    game = Game(load_level("northern_shield"), 1)
    ctx = game.ctx().scoped(game.player, game.state.ids[1])
    line = describe_effect(ctx, _example(name))
    if EFFECTS[name].describe is hidden:
        assert line is None
        return
    assert line is not None and line.text[:1].isupper() and "{" not in line.text
    assert line.tone in (-1, 0, 1)


@pytest.mark.parametrize("level", SHIPPED)
def test_every_shipped_event_option_has_a_preview(level: str) -> None:
    """A player weighing an option always sees at least one thing it will do."""
    lv = load_level(level)
    game = Game(lv, 1)
    empty = []
    for ev in lv.events:
        for k, opt in enumerate(ev.options):
            ctx = game.ctx().scoped(game.player, game.state.ids[-1])
            if not describe_effects(ctx, opt.effects):
                empty.append(f"{ev.id} option {k + 1} ({opt.text!r})")
    assert not empty, "options with nothing to show: " + "; ".join(empty)
