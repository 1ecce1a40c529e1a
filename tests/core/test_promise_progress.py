"""Scenario tests for a promise's progress as the screens show it: done of needed, turns left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.core.commands import EndTurn, GiveAid, InvestDefence, ProposeAgreement
from game.core.game import Game
from game.core.outcomes import Accepted
from game.core.promises import open_promises, progress

if TYPE_CHECKING:
    from conftest import World


def promised(world: World, term: tuple[str, int]) -> Game:
    """Four neutral nations; AAA proposes a dialogue forum to BBB with one term, BBB signs."""
    game = world.nations("AAA", "BBB", "CCC", "DDD").game()
    result = game.issue(ProposeAgreement("AAA", "BBB", "dialogue_forum", (term,)))
    assert isinstance(result, Accepted)
    assert len(game.state.promises) == 1
    return game


def test_defence_progress_counts_military_gained_since_the_promise(world: World) -> None:
    """AAA promises defence +3 within 4 turns, then invests once (military +1).

    Progress reads +1 of +3 with the whole deadline still ahead (4 turns after this one,
    as "within 4 turns" counts), and names AAA's military now and the strength it must reach.
    """
    game = promised(world, ("defence", 3))
    (p,) = game.state.promises
    start = float(game.state.military[game.state.idx("AAA")])
    assert isinstance(game.issue(InvestDefence("AAA")), Accepted)

    pr = progress(game.state, p)

    assert (pr.kind, pr.done, pr.needed) == ("defence", 1.0, 3.0)
    assert pr.military == start + 1
    assert pr.turns_left == 4
    assert not pr.complete
    assert pr.text() == (
        f"defence +1 of +3, 4 turns left (military {start + 1:.0f} of {start + 3:.0f})"
    )


def test_progress_counts_down_to_due_this_turn(world: World) -> None:
    """AAA promises a joint exercise within 2 turns and never holds it: after one turn
    one turn is left; after two it is due at the end of this one; after that it is settled
    (broken) and no longer open."""
    game = promised(world, ("exercise", 2))
    (p,) = game.state.promises
    assert progress(game.state, p).due == "2 turns left"
    assert isinstance(game.issue(EndTurn("AAA")), Accepted)
    assert progress(game.state, p).due == "1 turn left"
    assert isinstance(game.issue(EndTurn("AAA")), Accepted)
    assert progress(game.state, p).due == "due this turn"
    assert progress(game.state, p).text() == "joint exercise not yet held, due this turn"
    assert open_promises(game.state, "AAA") == [p]
    assert isinstance(game.issue(EndTurn("AAA")), Accepted)
    assert p.status == "broken"
    assert open_promises(game.state, "AAA") == []


def test_aid_progress_adds_up_what_was_given(world: World) -> None:
    """An aid promise made by an event (5 within 3 turns): AAA gives 2, then 2 more."""
    game = world.nations("AAA", "BBB", "CCC", "DDD").game()
    from game.core.promises import make_promise

    make_promise(game.ctx(), "AAA", "BBB", "aid", 5, 3)
    (p,) = game.state.promises
    assert isinstance(game.issue(GiveAid("AAA", "BBB", 2)), Accepted)
    assert progress(game.state, p).text() == "aid 2 of 5, 3 turns left"
    game.state.capital[game.state.idx("AAA")] += 5
    assert isinstance(game.issue(GiveAid("AAA", "CCC", 2)), Accepted)  # not to BBB: no count
    assert progress(game.state, p).done == 2
