"""World tension: the causes it is heading for, and AI nations that see a crisis coming."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from game.content import load_level
from game.core.drift import tension_causes, tension_target, update_world_tension
from game.core.game import Game

if TYPE_CHECKING:
    from conftest import World


def test_causes_name_the_tensest_pairs_and_the_worst_threat_and_add_up_to_the_target(
    world: World,
) -> None:
    """AAA–BBB tension 50, CCC–DDD 20, a threat from DDD at level 40, every other pair 0.

    The five tensest pairs are 50, 20, 0, 0, 0: mean 14, highest 50, so the target is
    0.6 × 14 + 0.2 × 50 + 0.3 × 40 = 30.4. Its causes: the threat 12; AAA–BBB
    0.6 × 50 / 5 + 0.2 × 50 = 16; CCC–DDD 0.6 × 20 / 5 = 2.4 (pairs at 0 are not causes).
    """
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .relation("AAA", "BBB", tension=50)
        .relation("CCC", "DDD", tension=20)
        .threat("menace", source="DDD", threatened=["AAA"], level=40)
        .game()
    )
    ctx = game.ctx()

    causes = tension_causes(ctx)

    assert [(c.nations, round(c.amount, 6)) for c in causes] == [
        (("AAA", "BBB"), 16.0),
        (("DDD",), 12.0),
        (("CCC", "DDD"), 2.4),
    ]
    assert tension_target(ctx) == pytest.approx(30.4)
    game.state.world_tension = 0.0
    update_world_tension(ctx)
    assert game.state.world_tension == pytest.approx(15.2)  # halfway to the target


def test_ai_nations_invite_observers_while_world_tension_runs_high() -> None:
    """Northern Shield with world tension held at 85 before each of 4 AI phases: the AIs
    still drill, but no AI exercise alarms anyone (every one that would, has observers)."""
    game = Game(load_level("northern_shield"), 3)
    facts: list[str] = []
    for _ in range(4):
        game.state.world_tension = 85.0
        game.autoplay()
        facts += [o.fact for o in game.end_turn() if game.player not in o.nations]

    assert "ObserversWatched" in facts
    assert "TensionRose" not in facts
    assert "IncidentOccurred" not in facts


def test_a_member_its_partners_no_longer_trust_loses_standing_on_the_ladder(
    world: World,
) -> None:
    """AAA and BBB have held a trade pact (min trust 35) since the start. BBB trusts AAA 60,
    then 20: from then on AAA's standing slips a turn each turn (its `since` moves on), and
    the news tells the player; BBB, whom AAA still trusts, keeps its standing."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("trade_pact", "AAA", "BBB")
        .trust("BBB", "AAA", 60)
        # BBB stays whatever its stay ledger says: only the standing is in question here.
        .rules(trust_drift_rate=0, stay_leave_threshold=-100)
        .game()
    )
    (pact,) = game.state.agreements
    game.end_turn()
    assert pact.since("AAA") == 0

    game.state.trust[1, 0] = 20.0
    facts = [o.fact for o in game.end_turn()]
    game.end_turn()

    assert "StandingSlipped" in facts
    assert pact.since("AAA") == 2
    assert pact.since("BBB") == 0
