"""The action registry: every declaration is complete, and the tables built from it agree."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from game.core import actions, ai
from game.core.actions import ActionDef
from game.core.actions.base import fields_of
from game.core.commands import COMMAND_TYPES, command_from_dict, field_names
from game.core.game import Game
from game.core.outcomes import FACT_TONES, Accepted
from game.core.worldgen import generate_level

ORDERED = actions.ordered()
AI_PAIR = [a for a in ORDERED if a.legal is not None]


@pytest.mark.parametrize("action", ORDERED, ids=lambda a: a.id)
def test_every_declaration_is_complete(action: ActionDef) -> None:
    """A new action is one declaration: if any part is missing, this names it."""
    assert re.fullmatch(r"[a-z][a-z0-9_]*", action.id)
    assert action.label and action.label[0].isupper()
    assert action.summary.endswith(".") and len(action.summary) > 20
    assert action.variants is not None, "no way to list the commands it can take"
    assert action.command.__name__ in COMMAND_TYPES
    assert action.command.label == action.label
    if action.scope in ("pair", "self"):
        assert action.effects is not None or action.notes is not None, "nothing to preview"
        if action.price is not None:
            assert action.price_doc, "a command-dependent price needs its words for the manual"
    if action.scope == "pair":
        assert "target" in {f.name for f in dataclasses.fields(action.command)}
    for slot in action.ai:
        assert slot.layer in ai.LAYERS or slot.layer in ai.SELF_LAYERS or slot.layer == "propose"
        if action.scope == "pair":
            assert action.legal is not None, "the AI scores it but cannot tell where it is legal"
    for fact in action.facts:
        assert fact in FACT_TONES


def test_every_ai_layer_is_used_by_an_action() -> None:
    used = {slot.layer for a in ORDERED for slot in a.ai}
    assert set(ai.LAYERS) | set(ai.SELF_LAYERS) | {"propose"} == used


def test_command_table_is_the_registry() -> None:
    assert set(COMMAND_TYPES) == {a.type_name for a in ORDERED}
    assert len({a.id for a in ORDERED}) == len(ORDERED)


def _played(n: int, seed: int, turns: int) -> Game:
    game = Game(generate_level(n, seed=seed, turns=60), seed)
    for _ in range(turns):
        game.autoplay()
        game.end_turn()
    return game


@pytest.mark.parametrize("seed", [1, 2])
def test_legal_commands_are_all_accepted_and_round_trip(seed: int) -> None:
    """Each command `legal_commands` lists is one `issue` accepts, and survives JSON."""
    game = _played(8, seed, 6)
    legal = game.legal_commands()
    assert legal and type(legal[-1]).__name__ in ("EndTurn", "ChooseOption", "AnswerProposal")
    assert legal == game.legal_commands()  # deterministic
    start = game.state.copy()
    for cmd in legal:
        assert command_from_dict(cmd.to_dict()) == cmd
        assert list(cmd.to_dict()) == ["type", *field_names(type(cmd))]  # the saved order
        if type(cmd).__name__ == "EndTurn":
            continue
        game.state = start.copy()
        game.issued = []
        assert isinstance(game.issue(cmd), Accepted), cmd
    game.state = start


def test_legal_commands_put_answers_first_and_the_end_of_turn_last() -> None:
    game = _played(6, 3, 3)
    kinds = [of.scope for of in map(actions.of, game.legal_commands())]
    order = {"answer": 0, "self": 1, "pair": 1, "turn": 2}
    assert kinds == sorted(kinds, key=order.__getitem__)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_ai_legal_masks_agree_with_check(seed: int) -> None:
    """Where the AI's vector form says a command is legal, `check` accepts it, and nowhere else."""
    game = _played(10, seed, 8)
    ctx = game.ctx()
    s = ctx.state
    rows = np.arange(s.n)
    for action in AI_PAIR:
        assert action.legal is not None
        for slot in action.ai:
            kws = [dict(slot.kw)]
            if slot.layer == "propose":
                kws = [{"kind": k.id} for k in ctx.level.agreement_kinds]
            for kw in kws:
                mask = action.legal(ctx, rows, kw) & ai._affords(ctx, action, rows, kw)[:, None]
                for i, a in enumerate(s.ids):
                    for j, b in enumerate(s.ids):
                        if i == j:
                            continue
                        if slot.layer in ai.VARIANT_LAYERS:
                            # The rules pick the command's other fields (mediation's other side).
                            assert action.variants is not None
                            made = next(iter(action.variants(ctx, a, b)), None)
                            if made is None:
                                assert not mask[i, j], (a, b)
                                continue
                            cmd = made
                        else:
                            cmd = action.command(a, b, **kw)  # type: ignore[call-arg]
                        why = actions.check(ctx, cmd, [])
                        assert bool(mask[i, j]) == (not why), (cmd, why)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_legal_mask_says_no_only_where_check_refuses(seed: int) -> None:
    """`legal_commands` asks `check` only where an action's mask, made with the command's
    other fields, says yes: for every listed variant of every action toward every nation,
    a no from the mask is a refusal from `check`. (Costs are checked apart, so a yes is not
    always a yes from `check`.)"""
    game = _played(10, seed, 8)
    ctx = game.ctx()
    s = ctx.state
    rows = np.arange(s.n)
    said_no = 0
    for action in AI_PAIR:
        assert action.legal is not None and action.variants is not None
        masks: dict[tuple[object, ...], np.ndarray] = {}
        for i, a in enumerate(s.ids):
            for j, b in enumerate(s.ids):
                if i == j:
                    continue
                for cmd in action.variants(ctx, a, b):
                    kw = fields_of(cmd)
                    key = tuple(sorted(kw.items()))
                    if key not in masks:
                        masks[key] = action.legal(ctx, rows, kw)
                    if not masks[key][i, j]:
                        said_no += 1
                        assert actions.check(ctx, cmd, []), cmd
    assert said_no > 100


def test_legal_commands_are_every_variant_check_accepts() -> None:
    """The listing, with its masks, is exactly the variants `check` accepts, in order."""
    game = _played(10, 4, 6)
    ctx = game.ctx()
    for actor in game.state.ids[:4]:
        every = [
            cmd
            for action in actions.ordered()
            if action.variants is not None
            for target in (
                [x for x in ctx.state.ids if x != actor] if action.scope == "pair" else [""]
            )
            for cmd in action.variants(ctx, actor, target)
            if not actions.check(ctx, cmd, [])
        ]
        order = {"answer": 0, "self": 1, "pair": 1, "turn": 2}
        every.sort(key=lambda c: order[actions.of(c).scope])
        assert actions.legal_commands(ctx, actor, []) == every


def test_ai_candidates_are_never_refused_on_a_30_nation_world() -> None:
    """Every command the AI would try, scored at the start of its phase, passes `check`,
    over a game of a generated 30-nation world (200 turns, unless the seat wins first)."""
    game = Game(generate_level(30, seed=5, turns=200), 5)
    tried = 0
    while not game.over:
        ctx = game.ctx()
        look = ai.Outlook.of(ctx)
        for nation in game.state.ids:
            for cand in ai.candidates(ctx, nation, look)[:6]:
                tried += 1
                assert actions.check(ctx, cand.command, []) == [], cand
        game.autoplay()
        game.end_turn()
    assert game.state.turn == 200 or game.state.result == "victory"
    assert tried > 10000
