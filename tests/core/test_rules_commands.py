"""Scenario tests for issuing commands: refusals change nothing, undo, and ending the turn."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from game.core.commands import (
    AnswerProposal,
    BuildConfidence,
    ChooseOption,
    Command,
    EndTurn,
    GiveAid,
    HoldDialogue,
    HoldExercise,
    Mediate,
    ProposeAgreement,
    RunPublicDiplomacy,
    StartTraining,
    TransferTechnology,
)
from game.core.game import Game
from game.core.outcomes import Accepted, Refused

if TYPE_CHECKING:
    from conftest import World

A, B, C = 0, 1, 2


def standard_game(world: World) -> Game:
    """AAA (budget 5, the player), BBB and CCC; AAA and BBB trust each other only 30."""
    return (
        world.nation("AAA", budget=5).nations("BBB", "CCC").relation("AAA", "BBB", trust=30).game()
    )


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        pytest.param(HoldDialogue("AAA", "ZZZ"), "unknown target nation", id="unknown-nation"),
        pytest.param(HoldDialogue("AAA", "AAA"), "own nation", id="self-target"),
        pytest.param(HoldDialogue("BBB", "CCC"), "you play AAA", id="not-the-players-nation"),
        pytest.param(HoldExercise("AAA", "CCC", 3), "size must be", id="exercise-size-3"),
        pytest.param(HoldExercise("AAA", "BBB", 2), "needs 8 budget", id="exercise-unaffordable"),
        pytest.param(GiveAid("AAA", "BBB", 0), "aid must be 1–20", id="aid-zero"),
        pytest.param(GiveAid("AAA", "BBB", 25), "budget", id="aid-too-much"),
        pytest.param(Mediate("AAA", "BBB", "BBB"), "two other nations", id="mediate-same-pair"),
        pytest.param(Mediate("AAA", "BBB", "QQQ"), "unknown second nation", id="mediate-unknown"),
        pytest.param(
            ProposeAgreement("AAA", "BBB", "grand_alliance"),
            "unknown agreement kind",
            id="unknown-kind",
        ),
        pytest.param(
            ProposeAgreement("AAA", "BBB", "trade_pact", (("bribe", 1),)),
            "unknown term",
            id="unknown-term",
        ),
        pytest.param(
            ProposeAgreement("AAA", "BBB", "trade_pact", (("aid", 30),)),
            "amount must be 0–20",
            id="term-out-of-range",
        ),
        pytest.param(
            ProposeAgreement("AAA", "BBB", "trade_pact", (("aid", 8),)),
            "exceeds your budget",
            id="aid-term-unaffordable",
        ),
        pytest.param(AnswerProposal("AAA", 99, True), "no proposal 99", id="no-such-offer"),
        pytest.param(ChooseOption("AAA", 99, 0), "no pending event 99", id="no-such-event"),
        pytest.param(StartTraining("AAA", "BBB"), "trust ≥ 40", id="training-low-trust"),
        pytest.param(
            TransferTechnology("AAA", "CCC"),
            "technology-sharing agreement",
            id="tech-without-agreement",
        ),
    ],
)
def test_refused_command_gives_reasons_and_changes_nothing(
    world: World, command: Command, reason: str
) -> None:
    """The player issues a command the rules cannot carry out.

    The answer is `Refused` with a reason that says what is wrong; the state hash, the
    list of issued commands and the news of the turn are exactly as before.
    """
    game = standard_game(world)
    game.issue(HoldDialogue("AAA", "CCC"))
    before = game.state.state_hash()
    issued = list(game.issued)
    news = list(game.turn_outcomes)

    result = game.issue(command)

    assert isinstance(result, Refused)
    assert any(reason in r for r in result.reasons), result.reasons
    assert not result.ok
    assert game.state.state_hash() == before
    assert game.issued == issued
    assert game.turn_outcomes == news
    assert list(result.reasons) == game.reasons(command)


def test_every_command_is_refused_once_the_game_is_over(world: World) -> None:
    """A level of one turn has ended; the player tries to act and to end another turn."""
    world.turns = 1
    game = world.nations("AAA", "BBB").game()
    assert isinstance(game.issue(EndTurn("AAA")), Accepted)
    assert game.over

    for command in (HoldDialogue("AAA", "BBB"), EndTurn("AAA")):
        result = game.issue(command)
        assert isinstance(result, Refused)
        assert result.reasons == ("the game is over",)


# -- undo -----------------------------------------------------------------------------


def test_undo_restores_the_state_before_the_last_command_only(world: World) -> None:
    """AAA holds a summit with BBB, builds confidence with CCC, then runs a campaign at home.

    Undoing the campaign restores exactly the state hash before it; the two earlier
    commands stay applied. A second undo takes back the confidence-building, and so on
    until nothing of the turn is left to undo.
    """
    game = world.nations("AAA", "BBB", "CCC").game()
    hashes = [game.state.state_hash()]
    commands = [
        HoldDialogue("AAA", "BBB"),
        BuildConfidence("AAA", "CCC"),
        RunPublicDiplomacy("AAA"),
    ]
    for command in commands:
        assert isinstance(game.issue(command), Accepted)
        hashes.append(game.state.state_hash())
    assert len(set(hashes)) == 4

    assert game.undo() == commands[2]
    assert game.state.state_hash() == hashes[2]
    assert game.issued == commands[:2]
    assert game.state.trust[B, A] == pytest.approx(52.33)
    assert game.state.trust[C, A] == pytest.approx(53.0)

    assert game.undo() == commands[1]
    assert game.state.state_hash() == hashes[1]
    assert game.undo() == commands[0]
    assert game.state.state_hash() == hashes[0]
    assert game.undo() is None
    assert game.state.state_hash() == hashes[0]


def test_undo_cannot_reach_into_a_finished_turn(world: World) -> None:
    """AAA holds a summit and ends the turn; undo has nothing of the new turn to take back."""
    game = world.nations("AAA", "BBB").game()
    game.issue(HoldDialogue("AAA", "BBB"))
    game.issue(EndTurn("AAA"))
    after = game.state.state_hash()

    assert game.undo() is None
    assert game.state.state_hash() == after
    assert game.state.turn == 1


def test_undone_command_can_be_issued_again(world: World) -> None:
    """AAA holds a summit with BBB, undoes it and holds it again: the same state results."""
    game = world.nations("AAA", "BBB").game()
    game.issue(HoldDialogue("AAA", "BBB"))
    first = game.state.state_hash()

    game.undo()
    result = game.issue(HoldDialogue("AAA", "BBB"))

    assert isinstance(result, Accepted)
    assert game.state.state_hash() == first


# -- ending the turn --------------------------------------------------------------------


def test_end_turn_waits_for_the_players_pending_events(world: World) -> None:
    """A summit invitation reaches the player every turn (two options: accept or decline).

    While it is pending, EndTurn is refused and names the event; nothing changes. Once
    the player chooses, EndTurn is accepted.
    """
    game = (
        world.nations("AAA", "BBB")
        .event(
            "summit_invitation",
            world.option("Accept", ("trust", {"from": "BBB", "to": "player", "by": 5})),
            world.option("Decline"),
            title="Summit invitation",
        )
        .game()
    )
    assert isinstance(game.issue(EndTurn("AAA")), Accepted)
    (pending,) = game.state.pending
    before = game.state.state_hash()

    result = game.issue(EndTurn("AAA"))

    assert isinstance(result, Refused)
    assert any("Summit invitation" in r for r in result.reasons)
    assert game.state.state_hash() == before
    assert game.state.turn == 1

    assert isinstance(game.issue(ChooseOption("AAA", pending.key, 1)), Accepted)
    assert isinstance(game.issue(EndTurn("AAA")), Accepted)
    assert game.state.turn == 2


def test_end_turn_records_the_turn_with_its_hash(world: World) -> None:
    """AAA holds a summit and ends the turn: the record holds both commands and the new hash."""
    game = world.nations("AAA", "BBB").game()
    game.issue(HoldDialogue("AAA", "BBB"))

    game.issue(EndTurn("AAA"))

    (record,) = game.records
    assert record.turn == 0
    assert [c["type"] for c in record.commands] == ["HoldDialogue", "EndTurn"]
    assert record.state_hash == game.state.state_hash()
    assert record.parts == game.state.part_hashes()
