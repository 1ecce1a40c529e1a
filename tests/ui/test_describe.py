"""Effect previews and turn summaries read as plain sentences from the player's side."""

from __future__ import annotations

import pytest

from game.content.loader import load_level_file
from game.core.context import Ctx
from game.core.defs import EffectDef
from game.core.game import Game
from game.ui.describe import describe_effect, signed, turn_changes


@pytest.fixture
def ctx(levels_dir) -> Ctx:
    loaded = load_level_file(levels_dir / "test_shores.yaml").loaded
    assert loaded is not None
    return Game(loaded.level).ctx().scoped("EST", "FIN")


@pytest.mark.parametrize(
    ("name", "args", "text", "tone"),
    [
        ("trust", {"from": "target", "to": "player", "by": 5}, "Finland's trust in you +5", 1),
        ("trust", {"from": "player", "to": "target", "by": -3}, "Your trust in Finland −3", -1),
        (
            "grievance",
            {"from": "target", "to": "player", "by": 10},
            "Grievance between Finland and you +10",
            -1,
        ),
        ("tension", {"a": "player", "b": "RUS", "by": 8}, "Tension between you and Russia +8", -1),
        ("approval", {"nation": "player", "by": -4}, "Your approval −4", -1),
        ("approval", {"nation": "target", "by": 2}, "Finland's approval +2", 0),
        ("capital", {"nation": "player", "by": 1}, "Your diplomatic capital +1", 1),
        (
            "interop",
            {"a": "player", "b": "target", "part": "communications", "by": 4},
            "Communications compatibility between you and Finland +4",
            1,
        ),
        (
            "add_promise",
            {"from": "player", "to": "target", "kind": "exercise", "turns": 3},
            "You promise Finland a joint exercise within 3 turns",
            0,
        ),
        ("threat", {"threat": "pressure", "by": 15}, "Threat “Eastern pressure” +15", -1),
        (
            "shift_values",
            {"nation": "target", "axis": "free_trade", "by": -0.2},
            "Finland moves toward “protection” on free trade",
            0,
        ),
        (
            "form_agreement",
            {"kind": "defence_pact", "a": "player", "b": "target"},
            "You and Finland sign a defence pact",
            1,
        ),
    ],
)
def test_effect_sentences(ctx: Ctx, name: str, args: dict, text: str, tone: int) -> None:
    line = describe_effect(ctx, EffectDef(name, args))
    assert line is not None
    assert (line.text, line.tone) == (text, tone)


def test_flags_are_not_shown(ctx: Ctx) -> None:
    assert describe_effect(ctx, EffectDef("set_flag", {"flag": "x"})) is None


def test_signed_uses_a_true_minus() -> None:
    assert (signed(5), signed(-3), signed(-0.5, 1)) == ("+5", "−3", "−0.5")


def test_turn_changes_lists_what_moved(ctx: Ctx) -> None:
    before = ctx.state.copy()
    after = ctx.state.copy()
    after.approval[0] += 6
    after.trust[1, 0] += 4
    lines = [ln.text for ln in turn_changes(ctx.level, before, after, "EST")]
    assert lines[0].startswith("Approval: 50 → 56")
    assert "Finland's trust in you +4.0 (now 64)" in lines


def test_turn_changes_add_up_as_shown(ctx: Ctx) -> None:
    """Each line's change is the difference of the two numbers it shows: world tension
    22.5 → 20.8 reads −1.7 with a tenth shown, not "22 → 21 (−1.7)"; budget 6.84 → 7.75
    reads 6.8 → 7.8 (+1.0); capital, a whole number, stays whole."""
    before = ctx.state.copy()
    after = ctx.state.copy()
    before.world_tension, after.world_tension = 22.5, 20.8
    before.budget[0], after.budget[0] = 6.84, 7.75
    after.capital[0] = before.capital[0] + 1
    lines = [ln.text for ln in turn_changes(ctx.level, before, after, "EST")]

    assert "World tension: 22.5 → 20.8 (−1.7)" in lines
    assert "Budget: 6.8 → 7.8 (+1.0)" in lines
    capital = int(before.capital[0])
    assert f"Diplomatic capital: {capital} → {capital + 1} (+1)" in lines
