"""Every number a level may override in `rules:` is one the rules actually read."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import game
from game.core import actions
from game.core.commands import HoldDialogue
from game.core.rules import DEFAULT_RULES, TUNABLES, Rules

if TYPE_CHECKING:
    from conftest import World

CORE_DIR = Path(game.__file__).parent / "core"
RULES_SOURCE = "".join(
    p.read_text(encoding="utf-8") for p in sorted(CORE_DIR.rglob("*.py")) if p.name != "rules.py"
)
# Rule numbers no rule reads yet, each with the reason; empty means every number counts.
UNUSED: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            f.name,
            marks=[pytest.mark.xfail(reason=UNUSED[f.name], strict=True)]
            if f.name in UNUSED
            else [],
        )
        for f in dataclasses.fields(Rules)
        if f.name != "tuned"
    ],
)
def test_rule_number_is_read_by_the_rules(name: str) -> None:
    """A designer overrides a rule number in a level: some rule must read it, or the
    override silently does nothing."""
    assert re.search(rf"\b{name}\b", RULES_SOURCE), f"no rule reads {name}"


def test_level_override_reaches_the_rules(world: World) -> None:
    """A level doubles the dialogue gain: a summit from trust 0 gains 8 instead of 4."""
    built = (
        world.nations("AAA", "BBB").relation("AAA", "BBB", trust=0).rules(dialogue_gain=8).game()
    )

    built.issue(HoldDialogue("AAA", "BBB"))

    assert built.level.rules.dialogue_gain == 8
    assert DEFAULT_RULES.dialogue_gain == 4
    assert built.state.trust[0, 1] == pytest.approx(8.0)


def test_unknown_override_is_rejected() -> None:
    """A level names a rule that does not exist: the override is refused with its name."""
    with pytest.raises(KeyError, match="dialog_gain"):
        DEFAULT_RULES.with_overrides({"dialog_gain": 8})


@pytest.mark.parametrize("action", actions.ordered(), ids=lambda a: a.id)
def test_every_action_cost_is_tunable(action: actions.ActionDef) -> None:
    """A level sets an action's capital (and budget, where fixed) in `rules:`: the cost of
    every command of that kind follows."""
    if action.scope not in ("pair", "self"):
        assert action.cost(DEFAULT_RULES, None) == actions.Cost()
        return
    assert f"{action.id}_capital" in TUNABLES
    tuned = DEFAULT_RULES.with_overrides({f"{action.id}_capital": 5})
    if action.price is None:
        tuned = tuned.with_overrides({f"{action.id}_budget": 7.5})
    probe = _any_command(action)
    cost = action.cost(tuned, probe)
    assert cost.capital == 5
    assert action.cost(DEFAULT_RULES, probe).capital == action.capital
    if action.price is None:
        assert cost.budget == 7.5


def _any_command(action: actions.ActionDef) -> object:
    fields = [f.name for f in dataclasses.fields(action.command) if f.name != "actor"]
    values = {"amount": 2, "size": 1, "terms": (), "kind": "trade_pact"}
    return action.command("AAA", **{f: values.get(f, "BBB") for f in fields})


def test_rules_are_built_compared_and_shown_by_their_numbers() -> None:
    """Rules write out their constructor: a number not given reads its default, a number
    given at its default changes nothing, an unknown name is refused, and the text of a
    rule set names only the numbers that differ."""
    doubled = Rules(dialogue_gain=DEFAULT_RULES.dialogue_gain * 2)

    assert Rules(dialogue_gain=DEFAULT_RULES.dialogue_gain) == DEFAULT_RULES == Rules()
    assert hash(Rules(dialogue_gain=DEFAULT_RULES.dialogue_gain)) == hash(DEFAULT_RULES)
    assert doubled != DEFAULT_RULES
    assert doubled.trust_neutral == DEFAULT_RULES.trust_neutral
    assert dataclasses.replace(doubled, dialogue_gain=DEFAULT_RULES.dialogue_gain) == Rules()
    assert repr(doubled) == f"Rules(dialogue_gain={doubled.dialogue_gain!r})"
    assert repr(DEFAULT_RULES) == "Rules()"
    with pytest.raises(TypeError, match="dialog_gain"):
        Rules(dialog_gain=8)
    with pytest.raises(dataclasses.FrozenInstanceError):
        doubled.dialogue_gain = 1.0  # type: ignore[misc]
