"""Scenario tests for the events engine: triggers, once, cooldown, follow-ups and choices."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from game.balance.play import answer_all
from game.content.library import load_level
from game.core.commands import ChooseOption, EndTurn, HoldExercise
from game.core.game import Game
from game.core.outcomes import Accepted, Outcome, Refused
from game.core.state import PendingEvent

if TYPE_CHECKING:
    from conftest import World

A, B = 0, 1


def end_turn(game: Game) -> list[Outcome]:
    result = game.issue(EndTurn(game.player))
    assert isinstance(result, Accepted), result
    return list(result.outcomes)


def turns_fired(game: Game, event: str, turns: int) -> list[int]:
    """Play `turns` turns and list the turns during which `event` fired."""
    fired = []
    for _ in range(turns):
        turn = game.state.turn
        count = game.state.fired_count.get(event, 0)
        end_turn(game)
        if game.state.fired_count.get(event, 0) > count:
            fired.append(turn)
    return fired


def tick(flag: str) -> tuple[str, dict[str, object]]:
    """An effect that counts how often an option was taken."""
    return ("set_flag", {"flag": flag, "add": True})


def test_event_waits_for_its_trigger(world: World) -> None:
    """An AI event for BBB can happen every turn, but only once `turn >= 3`."""
    game = (
        world.nations("AAA", "BBB")
        .event("late", world.option("Ok", tick("late")), who="ai", trigger="turn >= 3")
        .game()
    )

    assert turns_fired(game, "late", 6) == [3, 4, 5]
    assert game.state.last_fired["late"] == 5


def test_trigger_is_judged_for_each_nation(world: World) -> None:
    """Unrest strikes a nation whose approval is below 30: CCC (approval 10), never BBB (50)."""
    game = (
        world.nation("AAA")
        .nation("BBB")
        .nation("CCC", approval=10)
        .event(
            "unrest",
            world.option("Ok", tick("unrest")),
            who="ai",
            trigger="approval(nation) < 30",
        )
        .game()
    )

    outcomes = end_turn(game) + end_turn(game)

    fired = [o.nations for o in outcomes if o.fact == "EventFired"]
    assert fired == [("CCC",), ("CCC",)]


def test_once_event_fires_only_once(world: World) -> None:
    """A once-only AI event that could fire every turn fires in the first turn only."""
    game = (
        world.nations("AAA", "BBB")
        .event("founding", world.option("Ok", tick("founding")), who="ai", once=True)
        .game()
    )

    assert turns_fired(game, "founding", 5) == [0]
    assert game.state.flags["founding"] == 1


def test_cooldown_spaces_an_event_out(world: World) -> None:
    """An AI event that could fire every turn has a cooldown of 3: turns 0, 3, 6, 9."""
    game = (
        world.nations("AAA", "BBB")
        .event("drill", world.option("Ok", tick("drill")), who="ai", cooldown=3)
        .game()
    )

    assert turns_fired(game, "drill", 10) == [0, 3, 6, 9]


def test_follow_up_fires_after_the_chained_number_of_turns(world: World) -> None:
    """A once-only crisis in BBB chains its aftermath two turns later.

    The aftermath never rolls on its own (mean time 10⁹ turns): it fires at turn 2,
    about the same nation, and only then.
    """
    game = (
        world.nations("AAA", "BBB")
        .event(
            "crisis",
            world.option("Act", ("chain_event", {"event": "aftermath", "after": 2})),
            who="ai",
            once=True,
        )
        .event(
            "aftermath",
            world.option("Ok", tick("aftermath")),
            who="ai",
            mean_time=1e9,
        )
        .game()
    )

    end_turn(game)
    (scheduled,) = game.state.scheduled
    assert (scheduled.turn, scheduled.event, scheduled.nation) == (2, "aftermath", "BBB")

    assert turns_fired(game, "aftermath", 5) == [2]
    assert game.state.scheduled == []
    assert game.state.flags["aftermath"] == 1


def test_option_requirement_gates_the_players_choice(world: World) -> None:
    """The player's budget event offers an expensive option needing a budget of 100.

    With a budget near 24 that option is refused with its requirement; the other is taken.
    """
    game = (
        world.nations("AAA", "BBB")
        .event(
            "arms_fair",
            world.option("Buy everything", tick("bought"), requires="budget(player) >= 100"),
            world.option("Window-shop", tick("looked")),
        )
        .game()
    )
    end_turn(game)
    (pending,) = game.state.pending
    before = game.state.state_hash()

    refused = game.issue(ChooseOption("AAA", pending.key, 0))
    out_of_range = game.issue(ChooseOption("AAA", pending.key, 2))

    assert isinstance(refused, Refused)
    assert refused.reasons == ("requires budget(player) >= 100",)
    assert isinstance(out_of_range, Refused)
    assert game.state.state_hash() == before
    assert isinstance(game.issue(ChooseOption("AAA", pending.key, 1)), Accepted)
    assert game.state.flags == {"looked": 1}


def test_ai_never_takes_an_option_whose_requirement_fails(world: World) -> None:
    """BBB's event offers a heavily weighted option that requires `turn < 0` and a plain one."""
    game = (
        world.nations("AAA", "BBB")
        .event(
            "temptation",
            world.option("Forbidden", tick("forbidden"), requires="turn < 0", ai_weight=100),
            world.option("Allowed", tick("allowed")),
            who="ai",
        )
        .game()
    )

    for _ in range(6):
        end_turn(game)

    assert game.state.flags == {"allowed": 6}


def test_ai_takes_the_option_worth_most_to_it(world: World) -> None:
    """BBB meets the same event 80 turns running: a reputation gain, a reputation loss
    weighted 3 by the designer, and a weight-0 option that would pay most of all.

    The gain is always taken (worth +8 against −8 + 3 × lean, with a draw of at most
    `ai_event_noise` in between); the weight-0 option never is.
    """
    world.turns = 100
    game = (
        world.nations("AAA", "BBB")
        .event(
            "dilemma",
            world.option("Gain", tick("gain"), ("reputation", {"nation": "nation", "by": 10})),
            world.option(
                "Loss", tick("loss"), ("reputation", {"nation": "nation", "by": -10}), ai_weight=3
            ),
            world.option(
                "Never", tick("never"), ("reputation", {"nation": "nation", "by": 50}), ai_weight=0
            ),
            who="ai",
        )
        .game()
    )

    for _ in range(80):
        end_turn(game)

    assert game.state.flags.get("gain") == 80
    assert "loss" not in game.state.flags and "never" not in game.state.flags


def test_ai_leans_toward_the_designers_weight_between_options_of_equal_worth(
    world: World,
) -> None:
    """Options worth the same to BBB: the weight-3 one wins unless the seeded draws
    (up to `ai_event_noise` = 3 each) outweigh its lean of 2 × (3 − 1) = 4 — never here —
    and with the noise raised to 20 both are taken, the heavier more often."""
    world.turns = 100
    build = world.nations("AAA", "BBB").event(
        "dilemma",
        world.option("Often", tick("often"), ai_weight=3),
        world.option("Seldom", tick("seldom"), ai_weight=1),
        who="ai",
    )
    game = build.game()
    for _ in range(80):
        end_turn(game)
    assert game.state.flags == {"often": 80}

    game = build.rules(ai_event_noise=20).game()
    for _ in range(80):
        end_turn(game)
    flags = game.state.flags
    assert flags["often"] + flags["seldom"] == 80
    assert 0.55 <= flags["often"] / 80 <= 0.85


def test_player_event_waits_pending_and_the_choice_applies_its_effects(world: World) -> None:
    """BBB invites the player to a summit (accept: trust +10 both ways, a flag; decline).

    After the turn the event is pending and nothing has changed yet; choosing "accept"
    applies its effects, removes the event and is reported in the news.
    """
    game = (
        world.nations("AAA", "BBB")
        .event(
            "summit",
            world.option(
                "Accept",
                ("trust", {"from": "target", "to": "player", "by": 10, "both": True}),
                ("set_flag", {"flag": "summit_held"}),
            ),
            world.option("Decline"),
            target="other",
            once=True,
        )
        .game()
    )

    end_turn(game)

    (pending,) = game.state.pending
    assert (pending.event, pending.nation, pending.target) == ("summit", "AAA", "BBB")
    assert game.state.trust[B, A] == pytest.approx(50.0)
    assert game.state.flags == {}

    result = game.issue(ChooseOption("AAA", pending.key, 0))

    assert isinstance(result, Accepted)
    assert game.state.pending == []
    assert game.state.trust[B, A] == pytest.approx(60.0)
    assert game.state.trust[A, B] == pytest.approx(60.0)
    assert game.state.flags == {"summit_held": 1}
    assert "OptionChosen" in [o.fact for o in result.outcomes]


def test_exercise_incident_hook_fires_its_event(world: World) -> None:
    """A hook event listens for exercise incidents; incidents are made certain (chance 1).

    When AAA and BBB exercise near distrustful CCC, the incident fires the hook event
    for the player with CCC as the other nation.
    """
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("dialogue_forum", "AAA", "BBB")
        .relation("AAA", "BBB", trust=60)
        .trust("CCC", "AAA", 10)
        .trust("CCC", "BBB", 10)
        .rules(exercise_incident_chance=(1.0, 1.0, 1.0))
        .event("incident", world.option("Protest"), on="exercise_incident")
        .game()
    )

    result = game.issue(HoldExercise("AAA", "BBB", 0))

    assert isinstance(result, Accepted)
    (pending,) = game.state.pending
    assert (pending.event, pending.nation, pending.target) == ("incident", "AAA", "CCC")


def test_a_follow_up_reaches_the_player_when_its_preview_says() -> None:
    """Denying a leaked cable chains "The cable was genuine": the option's preview says in how
    many turns, and that is the turn the follow-up is waiting for the player."""
    game = Game(load_level("northern_shield"), 1)
    s = game.state
    other = next(n for n in s.ids if n != game.player)
    answer_all(game)
    key = s.new_key()
    s.pending.append(PendingEvent(key, "leaked_cable", game.player, other, s.turn))
    options = game.level.event("leaked_cable").options
    deny = next(k for k, o in enumerate(options) if o.text.startswith("Deny"))
    cmd = ChooseOption(game.player, key, deny)
    (line,) = [ln.text for ln in game.preview(cmd) if "The cable was genuine" in ln.text]
    wait = int(re.match(r"In (\d+) turns?:", line).group(1))  # type: ignore[union-attr]
    chosen = s.turn
    assert game.issue(cmd).ok
    while not any(p.event == "cable_confirmed" for p in s.pending):
        assert s.turn < chosen + wait, "the follow-up is late"
        answer_all(game)
        assert game.issue(EndTurn(game.player)).ok
    assert s.turn == chosen + wait
