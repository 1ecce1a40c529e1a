"""Every effect of the closed vocabulary, applied once, does what its documentation says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from game.core.commands import ChooseOption, EndTurn
from game.core.context import Ctx
from game.core.defs import EffectDef
from game.core.effects import EFFECTS, apply_effects
from game.core.outcomes import Accepted, Outcome
from game.core.state import GameState

if TYPE_CHECKING:
    from conftest import World

A, B, C, D = 0, 1, 2, 3

Check = Callable[[GameState, GameState, list[Outcome]], bool]


@dataclass(frozen=True)
class Row:
    """One effect, its arguments, and what must be true after it was applied."""

    effect: str
    args: dict[str, Any]
    check: Check
    setup: Callable[[GameState], None] | None = None


def _set_flag(name: str, value: int) -> Callable[[GameState], None]:
    def setup(state: GameState) -> None:
        state.flags[name] = value

    return setup


def facts(out: list[Outcome]) -> list[str]:
    return [o.fact for o in out]


# The effect runs for an event that happens to BBB ("nation") about CCC ("target");
# AAA is the player. See `effects_world` for the starting numbers.
ROWS: list[tuple[str, Row]] = [
    (
        "trust-one-way",
        Row(
            "trust",
            {"from": "target", "to": "player", "by": 5},
            lambda b, s, o: s.trust[C, A] == 55 and s.trust[A, C] == 50,
        ),
    ),
    (
        "trust-both-ways",
        Row(
            "trust",
            {"from": "target", "to": "player", "by": -8, "both": True},
            lambda b, s, o: s.trust[C, A] == 42 and s.trust[A, C] == 42,
        ),
    ),
    (
        "trust-clamped",
        Row(
            "trust",
            {"from": "nation", "to": "player", "by": -80},
            lambda b, s, o: s.trust[B, A] == 0,
        ),
    ),
    (
        "grievance-both-ways-by-default",
        Row(
            "grievance",
            {"from": "nation", "to": "target", "by": 12},
            lambda b, s, o: s.grievance[B, C] == 12 and s.grievance[C, B] == 12,
        ),
    ),
    (
        "tension",
        Row(
            "tension",
            {"a": "player", "b": "DDD", "by": 8},
            lambda b, s, o: s.tension[A, D] == 8 and s.tension[D, A] == 8,
        ),
    ),
    (
        "interop-one-part",
        Row(
            "interop",
            {"a": "player", "b": "nation", "part": "communications", "by": 4},
            lambda b, s, o: (
                s.communications[A, B] == 34
                and s.communications[B, A] == 34
                and s.doctrine[A, B] == b.doctrine[A, B]
                and s.equipment[A, B] == b.equipment[A, B]
            ),
        ),
    ),
    (
        "interop-all-parts",
        Row(
            "interop",
            {"a": "player", "b": "nation", "by": 5},
            lambda b, s, o: all(
                s.arrays[p][x, y] == b.arrays[p][x, y] + 5
                for p in ("equipment", "doctrine", "communications")
                for x, y in ((A, B), (B, A))
            ),
        ),
    ),
    (
        "world-tension",
        Row("world_tension", {"by": 5}, lambda b, s, o: s.world_tension == b.world_tension + 5),
    ),
    (
        "approval",
        Row("approval", {"nation": "target", "by": -4}, lambda b, s, o: s.approval[C] == 46),
    ),
    (
        "approval-clamped",
        Row("approval", {"nation": "player", "by": 80}, lambda b, s, o: s.approval[A] == 100),
    ),
    (
        "stability-of-the-events-nation",
        Row("stability", {"by": -5}, lambda b, s, o: s.stability[B] == 55),
    ),
    (
        "budget",
        Row("budget", {"nation": "player", "by": 3}, lambda b, s, o: s.budget[A] == 23),
    ),
    (
        "capital",
        Row("capital", {"nation": "player", "by": 1}, lambda b, s, o: s.capital[A] == 4),
    ),
    (
        "reputation",
        Row("reputation", {"nation": "player", "by": 3}, lambda b, s, o: s.reputation[A] == 53),
    ),
    (
        "military",
        Row("military", {"by": 2}, lambda b, s, o: s.military[B] == 42),
    ),
    (
        "economy",
        Row("economy", {"nation": "target", "by": -3}, lambda b, s, o: s.economy[C] == 47),
    ),
    (
        "add-promise",
        Row(
            "add_promise",
            {"from": "player", "to": "target", "kind": "defence", "amount": 2, "turns": 4},
            lambda b, s, o: (
                [(p.promiser, p.promisee, p.kind, p.amount, p.deadline) for p in s.promises]
                == [("AAA", "CCC", "defence", 2.0, 4)]
                and "PromiseMade" in facts(o)
            ),
        ),
    ),
    (
        "start-project",
        Row(
            "start_project",
            {"kind": "training", "a": "player", "b": "target"},
            lambda b, s, o: (
                [(p.kind, p.a, p.b, p.turns_left) for p in s.projects]
                == [("training", "AAA", "CCC", 4)]
            ),
        ),
    ),
    (
        "set-flag",
        Row("set_flag", {"flag": "summit_held"}, lambda b, s, o: s.flags == {"summit_held": 1}),
    ),
    (
        "set-flag-adds",
        Row(
            "set_flag",
            {"flag": "incidents", "value": 3, "add": True},
            lambda b, s, o: s.flags == {"incidents": 5},
            _set_flag("incidents", 2),
        ),
    ),
    (
        "clear-flag",
        Row(
            "clear_flag",
            {"flag": "summit_held"},
            lambda b, s, o: "summit_held" not in s.flags,
            _set_flag("summit_held", 1),
        ),
    ),
    (
        "chain-event",
        Row(
            "chain_event",
            {"event": "aftermath", "after": 2},
            lambda b, s, o: (
                [(x.turn, x.event, x.nation, x.target) for x in s.scheduled]
                == [(2, "aftermath", "BBB", "CCC")]
            ),
        ),
    ),
    (
        "change-government",
        Row(
            "change_government",
            {"nation": "target"},
            lambda b, s, o: (
                s.government[C] == "Challengers"
                and s.leader[C] == "Rival of CCC"
                and abs(s.positions[C, 0] - (-0.1)) < 1e-9
                and s.positions[C, 1] == b.positions[C, 1]
                and "GovernmentChanged" in facts(o)
            ),
        ),
    ),
    (
        "change-leader",
        Row(
            "change_leader",
            {"nation": "target", "leader": "Ana Berg"},
            lambda b, s, o: (
                s.leader[C] == "Ana Berg"
                and s.government[C] == b.government[C]
                and "LeaderChanged" in facts(o)
            ),
        ),
    ),
    (
        "shift-values",
        Row(
            "shift_values",
            {"nation": "target", "axis": "free_trade", "by": -0.2},
            lambda b, s, o: abs(s.positions[C, 1] - 0.1) < 1e-9,
        ),
    ),
    (
        "shift-values-clamped",
        Row(
            "shift_values",
            {"nation": "target", "axis": "free_trade", "by": -5},
            lambda b, s, o: s.positions[C, 1] == -1.0,
        ),
    ),
    (
        "threat",
        Row(
            "threat",
            {"threat": "pressure", "by": 15},
            lambda b, s, o: [t.level for t in s.threats] == [55.0],
        ),
    ),
    (
        "leave-agreement",
        Row(
            "leave_agreement",
            {"kind": "defence_pact"},
            lambda b, s, o: (
                not s.has_agreement("AAA", "BBB")
                and s.trust[A, B] == 42
                and "AgreementLeft" in facts(o)
            ),
        ),
    ),
    (
        "form-agreement-joins-existing",
        Row(
            "form_agreement",
            {"kind": "trade_pact", "a": "target", "b": "player"},
            lambda b, s, o: (
                [(g.kind, g.members) for g in s.agreements if g.kind == "trade_pact"]
                == [("trade_pact", ["AAA", "CCC", "DDD"])]
            ),
        ),
    ),
    (
        "news",
        Row(
            "news",
            {"text": "The summit ends in smiles."},
            lambda b, s, o: (
                [(x.fact, x.text) for x in o] == [("NewsReported", "The summit ends in smiles.")]
            ),
        ),
    ),
]


def effects_world(world: World) -> World:
    """AAA (the player), BBB, CCC and DDD, neutral (trust 50, approval 50, stability 60,
    budget 20, capital 3, military 40, economy 50). AAA and BBB share a defence pact, CCC
    and DDD a trade pact. CCC sits at democracy 0.4 / free trade 0.3 and its opposition
    wants democracy −0.6. A threat from DDD to AAA and BBB stands at 40. An `aftermath`
    event exists to be chained."""
    return (
        world.nations("AAA", "BBB")
        .nation("CCC", democracy=0.4, free_trade=0.3, platform={"democracy": -0.6})
        .nation("DDD")
        .agreement("defence_pact", "AAA", "BBB")
        .agreement("trade_pact", "CCC", "DDD")
        .threat("pressure", source="DDD", threatened=["AAA", "BBB"], level=40)
        .event("aftermath", world.option("Ok"), who="ai", mean_time=1e9)
    )


@pytest.mark.parametrize("row", [pytest.param(row, id=name) for name, row in ROWS])
def test_effect_does_what_its_doc_says(world: World, row: Row) -> None:
    """An event about BBB and CCC applies one effect; its documented change is there."""
    game = effects_world(world).game()
    state = game.state
    if row.setup is not None:
        row.setup(state)
    before = state.copy()
    out: list[Outcome] = []

    apply_effects(
        Ctx(game.level, state, nation="BBB", target="CCC", outcomes=out),
        [EffectDef(row.effect, row.args)],
    )
    state.quantize()

    assert row.check(before, state, out), f"{row.effect}: {EFFECTS[row.effect].doc}"
    if row.effect != "news":
        assert state.state_hash() != before.state_hash()


def test_every_effect_has_a_row_in_the_table() -> None:
    """A new effect cannot be added to the vocabulary without a test of what it does."""
    assert {row.effect for _, row in ROWS} == set(EFFECTS)


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_effect_example_names_only_its_own_parameters(name: str) -> None:
    """The manual's example of each effect is valid YAML using the effect's own parameters
    and giving every required one."""
    spec = EFFECTS[name]

    example = yaml.safe_load(spec.example)

    assert list(example) == [name]
    args = example[name]
    assert set(args) <= set(spec.params), spec.example
    assert {p for p, param in spec.params.items() if param.required} <= set(args)
    assert spec.doc


SELF_AGREEMENT = (
    "game/core/effects.py sign() does not refuse a == b: `form_agreement {a: player, b: "
    "target}` in an event without a target (where `target` means the nation itself) "
    "creates an agreement whose members are ['AAA', 'AAA']"
)


def self_agreement_world(world: World) -> World:
    """The player's own event (no target) offers `form_agreement {kind: trade_pact, a:
    player, b: target}`; with no target, `target` is the player itself."""
    return world.event(
        "trade_fair",
        world.option(
            "Sign up", ("form_agreement", {"kind": "trade_pact", "a": "player", "b": "target"})
        ),
        once=True,
    )


def test_a_nation_cannot_sign_an_agreement_with_itself(world: World) -> None:
    """See `self_agreement_world`. The player takes the option: no agreement appears that
    has fewer than two different members."""
    game = self_agreement_world(world.nations("AAA", "BBB")).game()
    game.issue(EndTurn("AAA"))
    (pending,) = game.state.pending

    game.issue(ChooseOption("AAA", pending.key, 0))

    assert all(len(set(g.members)) >= 2 for g in game.state.agreements)


def test_government_change_after_a_self_agreement_does_not_crash(world: World) -> None:
    """See `self_agreement_world`. The player takes the option, then loses an election
    (approval 0) at the end of turn 1: the turn ends normally."""
    game = self_agreement_world(world.nation("AAA", approval=0, next_election=1).nation("BBB"))
    game = game.game()
    game.issue(EndTurn("AAA"))
    (pending,) = game.state.pending
    game.issue(ChooseOption("AAA", pending.key, 0))

    result = game.issue(EndTurn("AAA"))

    assert isinstance(result, Accepted)
    assert "GovernmentChanged" in facts(list(result.outcomes))
