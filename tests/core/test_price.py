"""No hidden costs: whatever a command or an event option takes from the player, its price
names (checked by carrying it out on a copy of the game, for every shipped level)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.content.loader import load_level_file
from game.core import actions, price
from game.core.actions.proposal import ProposeAgreement
from game.core.commands import Command
from game.core.context import Ctx
from game.core.effects import apply_effects
from game.core.game import Game
from game.core.state import GameState

LEVELS = sorted((Path(__file__).parents[2] / "levels").glob("*.yaml"))
TERMS = ((("concession", 1),), (("defence", 4), ("aid", 2)), (("exercise", 4),))


def losses(before: GameState, after: GameState, player: str) -> dict[str, tuple[str, ...]]:
    """Each currency the player lost, with the words a price must use for it."""
    p = before.idx(player)
    out: dict[str, tuple[str, ...]] = {}
    for name, words in (
        ("capital", ("diplomatic capital",)),
        ("budget", ("budget",)),
        ("approval", ("approval",)),
        ("reputation", ("reputation",)),
        ("military", ("military",)),
        ("stability", ("stability",)),
    ):
        if float(after.arrays[name][p]) < float(before.arrays[name][p]) - 1e-6:
            out[name] = words
    if np.any(after.trust[:, p] < before.trust[:, p] - 1e-6):
        out["trust in you"] = ("trust",)
    worse = after.world_tension > before.world_tension + 1e-6
    if worse or np.any(after.tension[p] > before.tension[p] + 1e-6):
        out["tension"] = ("tension",)
    made = [q for q in after.promises if q.promiser == player]
    if len(made) > len([q for q in before.promises if q.promiser == player]):
        out["promise"] = ("promise",)
    paid = [q for q in after.projects if q.a == player]
    if len(paid) > len([q for q in before.projects if q.a == player]):
        out["project"] = ("a turn",)
    return out


def unnamed(text: str, lost: dict[str, tuple[str, ...]]) -> list[str]:
    low = text.lower()
    return [name for name, words in lost.items() if not any(w in low for w in words)]


def commands(game: Game) -> list[Command]:
    """Every command in the player's menus toward every nation, proposals with terms, and
    the answers to the events and offers waiting."""
    out: list[Command] = [c for c in game.legal_commands() if actions.of(c).scope == "answer"]
    for n in game.level.nations:
        for row in game.menu(n.id):
            cmd = row.command
            out.append(cmd)
            if isinstance(cmd, ProposeAgreement):
                out += [ProposeAgreement(cmd.actor, cmd.target, cmd.kind, t) for t in TERMS]
    return out


@pytest.mark.parametrize("path", LEVELS, ids=[p.stem for p in LEVELS])
def test_every_command_names_what_it_costs(path: Path) -> None:
    level = load_level_file(path).loaded.level
    game = Game(level, 3)
    checked = answered = 0
    for turn in range(3):
        for cmd in commands(game):
            if game.reasons(cmd):
                continue
            answered += actions.of(cmd).scope == "answer"
            ctx = game.ctx()
            text = price.of_command(ctx, cmd).text()
            after = game.state.copy()
            actions.apply(Ctx(level, after), cmd)
            missing = unnamed(text, losses(game.state, after, game.player))
            assert not missing, f"turn {turn}: {cmd}: {text!r} hides {missing}"
            checked += 1
        game.autoplay()
        game.end_turn()
    assert checked > 20 and answered > 0


@pytest.mark.parametrize("path", LEVELS, ids=[p.stem for p in LEVELS])
def test_every_event_option_names_what_it_costs(path: Path) -> None:
    level = load_level_file(path).loaded.level
    game = Game(level, 3)
    others = [n.id for n in level.nations if n.id != level.player]
    checked = 0
    for ev in level.events:
        for opt in ev.options:
            ctx = game.ctx().scoped(level.player, others[0] if ev.target != "none" else None)
            text = price.of_effects(ctx, opt.effects).text()
            after = game.state.copy()
            apply_effects(Ctx(level, after).scoped(ctx.nation, ctx.target), opt.effects)
            missing = unnamed(text, losses(game.state, after, level.player))
            assert not missing, f"{ev.id}: {opt.text!r}: {text!r} hides {missing}"
            checked += 1
    assert checked == sum(len(ev.options) for ev in level.events) > 0


def test_a_trade_concession_term_names_its_approval_cost() -> None:
    """The cost the player met too late: a concession term takes approval when they sign."""
    level = load_level_file(LEVELS[0]).loaded.level
    game = Game(level, 1)
    other = next(n.id for n in level.nations if n.id != level.player)
    cmd = ProposeAgreement(level.player, other, level.agreement_kinds[0].id, (("concession", 1),))
    p = price.of_command(game.ctx(), cmd)
    assert any("approval" in part for part in p.parts())
    assert p.cost.capital >= 1
