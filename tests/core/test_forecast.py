"""The "at risk if the opposition wins" forecast: the opposition's own review, with chances."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.core.actions.answers import EndTurn
from game.core.context import Ctx
from game.core.domestic import change_government
from game.core.forecast import NAMED, opposition_forecast
from game.core.outcomes import Accepted

if TYPE_CHECKING:
    from conftest import World


def election_world(world: World) -> World:
    """BBB (approval 0) votes at the end of turn 0; its opposition's platform is −1 / −1.

    AAA (the player) shares a defence pact with BBB, which trusts it only 20 and would no
    longer share its values; CCC, trusted 90 and at −1 / −1 like the opposition, shares a
    dialogue forum with BBB.
    """
    return (
        world.nation("AAA", democracy=0.8, free_trade=0.5)
        .nation(
            "BBB",
            democracy=0.8,
            free_trade=0.5,
            approval=0,
            next_election=0,
            platform={"democracy": -1.0, "free_trade": -1.0},
        )
        .nation("CCC", democracy=-1.0, free_trade=-1.0)
        .trust("BBB", "AAA", 20)
        .trust("BBB", "CCC", 90)
        .agreement("defence_pact", "AAA", "BBB")
        .agreement("dialogue_forum", "BBB", "CCC")
    )


def test_the_forecast_names_what_the_opposition_would_drop_and_only_that(world: World) -> None:
    """See `election_world`. The forecast names the defence pact with AAA (the review drops
    it outright) and not the forum with CCC; the opposition's chance is 1 − re-election."""
    game = election_world(world).game()

    f = opposition_forecast(game.ctx(), "BBB")

    assert [(r.agreement.kind, r.chance) for r in f.risks] == [("defence_pact", 1.0)]
    assert f.turns == 0
    assert f.chance > 0.9
    # The forecast is the review itself: the vote then drops exactly what it named.
    result = game.issue(EndTurn("AAA"))
    assert isinstance(result, Accepted)
    assert {a.kind for a in game.state.agreements_of("BBB")} == {"dialogue_forum"}


def test_a_forecast_leaves_the_game_untouched(world: World) -> None:
    """Playing the change of government out happens on a copy: the state hash is the same."""
    game = election_world(world).game()
    before = game.state.state_hash()

    opposition_forecast(game.ctx(), "BBB")

    assert game.state.state_hash() == before
    assert game.state.government[1] != "Rival of BBB"


def test_a_friendly_opposition_puts_nothing_at_risk(world: World) -> None:
    """BBB's opposition shares AAA's values (platform 0.8 / 0.5) and trusts it: nothing is
    named, whatever its chance."""
    game = (
        world.nation("AAA", democracy=0.8, free_trade=0.5)
        .nation(
            "BBB",
            democracy=0.8,
            free_trade=0.5,
            approval=0,
            next_election=2,
            platform={"democracy": 0.8, "free_trade": 0.5},
        )
        .trust("BBB", "AAA", 80)
        .agreement("dialogue_forum", "AAA", "BBB")
        .game()
    )

    f = opposition_forecast(game.ctx(), "BBB")

    assert f.risks == ()
    assert f.turns == 2


def test_a_review_drops_the_agreement_it_judged_not_the_first_of_its_kind(world: World) -> None:
    """BBB is in two dialogue forums: one with AAA (trusted 90, its new values) and a later
    one with CCC (trusted 10). The new government's review drops the forum with CCC, and
    BBB stays in the one with AAA (it used to leave the first forum of the kind)."""
    game = (
        world.nation("AAA", democracy=-1.0, free_trade=-1.0)
        .nation("BBB", democracy=0.8, free_trade=0.5, platform={"democracy": -1.0})
        .nation("CCC", democracy=0.9, free_trade=0.9)
        .trust("BBB", "AAA", 90)
        .trust("BBB", "CCC", 10)
        .agreement("dialogue_forum", "AAA", "BBB")
        .agreement("dialogue_forum", "BBB", "CCC")
        .game()
    )
    s = game.state
    first, second = s.agreements
    named = opposition_forecast(game.ctx(), "BBB").risks

    change_government(Ctx(game.level, s), 1)

    assert [r.agreement.id for r in named] == [second.id]
    assert [a.id for a in s.agreements_of("BBB")] == [first.id]


def test_an_event_a_new_government_sets_off_is_weighed_by_its_chances(world: World) -> None:
    """An event fires on a change of government (mean time 2: half the time) and leaves the
    access agreement with AAA on one option of weight 1 in 4: a 12.5% risk, mentioned but
    not named."""
    game = (
        world.nation("AAA")
        .nation("BBB", approval=0, next_election=1)
        .trust("BBB", "AAA", 80)
        .agreement("access", "AAA", "BBB")
        .event(
            "rethink",
            world.option("Stay", ai_weight=3.0),
            world.option(
                "Leave", ("leave_agreement", {"nation": "nation", "kind": "access"}), ai_weight=1.0
            ),
            who="ai",
            on="government_changed",
            mean_time=2,
        )
        .game()
    )

    f = opposition_forecast(game.ctx(), "BBB")

    assert [(r.agreement.kind, r.chance) for r in f.risks] == [("access", 0.125)]
    assert f.risks[0].chance < NAMED
