"""Gates: a level opens an agreement kind or an action only while its condition holds."""

from __future__ import annotations

from game.content.loader import load_level_sources
from game.core import actions
from game.core.actions.answers import ChooseOption
from game.core.actions.confidence import BuildConfidence
from game.core.actions.proposal import ProposeAgreement
from game.core.defs import LevelDef
from game.core.game import Game
from game.core.outcomes import Accepted
from game.core.state import AgreementState

LEVEL = """
id: gated
title: Gated
player: AAA
turns: 12
axes:
  - {id: democracy, name: Democracy}
nations:
  - {id: AAA, name: Aaa, capital: [0, 0], capital_points: 6}
  - {id: BBB, name: Bbb, capital: [1, 0], capital_points: 6}
  - {id: CCC, name: Ccc, capital: [2, 0], capital_points: 6}
relations:
  - {a: AAA, b: BBB, trust: 90}
  - {a: AAA, b: CCC, trust: 90}
  - {a: BBB, b: CCC, trust: 90}
agreement_kinds:
  - id: access
    name: Access agreement
    ask: -5
    requires: '(nation == player and flag("lesson")) or (nation != player and target != player)'
    locked: The lesson opens access agreements
actions:
  confidence:
    requires: 'flag("lesson") or nation != player'
    locked: The lesson opens confidence-building
events:
  - id: lesson
    title: The lesson
    text: Now you may.
    trigger: turn >= 0
    once: true
    options:
      - text: Learn.
        effects:
          - set_flag: {flag: lesson}
"""


def _level() -> LevelDef:
    result = load_level_sources({"gated.yaml": LEVEL}, "gated.yaml")
    assert result.loaded is not None, [d.message for d in result.diagnostics]
    return result.loaded.level


def test_a_gated_action_and_kind_are_refused_with_their_text_until_the_flag_is_set() -> None:
    """Before the lesson, confidence-building and access are refused with the level's own
    reasons and are missing from the legal commands; once its option sets the flag, both open."""
    game = Game(_level(), 1)
    confidence = BuildConfidence("AAA", "BBB")
    access = ProposeAgreement("AAA", "BBB", "access")

    assert "The lesson opens confidence-building" in game.reasons(confidence)
    assert "The lesson opens access agreements" in game.reasons(access)
    assert confidence not in game.legal_commands()
    assert access not in game.legal_commands()

    game.end_turn()
    (pending,) = game.state.pending
    assert isinstance(game.issue(ChooseOption("AAA", pending.key, 0)), Accepted)

    assert game.reasons(confidence) == []
    assert game.reasons(access) == []
    assert access in game.legal_commands()


def test_a_gate_on_both_sides_keeps_other_nations_from_offering_it_to_the_player() -> None:
    """The condition reads `nation` as the proposer and `target` as the other side: BBB may
    propose access to CCC at any time, but not to the player."""
    game = Game(_level(), 1)
    ctx = game.ctx()

    assert actions.check(ctx, ProposeAgreement("BBB", "CCC", "access"), []) == []
    assert "The lesson opens access agreements" in actions.check(
        ctx, ProposeAgreement("BBB", "AAA", "access"), []
    )
    assert actions.check(ctx, BuildConfidence("BBB", "AAA"), []) == []


def test_the_ai_phase_never_takes_a_closed_step_toward_the_player() -> None:
    """Over several turns of AI play, no nation offers the player the gated kind before the
    player has learnt the lesson (the lesson is left unanswered), while the others sign it."""
    game = Game(_level(), 3)
    for _ in range(4):
        game.end_turn()
        assert not any(o.kind == "access" for o in game.state.offers)
    assert any(g.kind == "access" for g in game.state.agreements)


def test_a_kind_closed_by_a_lesson_also_names_the_step_it_will_still_need() -> None:
    """First Steps on its first turn: a trade pact with Finland waits for its lesson and for
    a dialogue forum held two turns; both are said, so the lesson does not hide the ladder.
    A kind already held says only that."""
    from game.content.library import load_level

    game = Game(load_level("first_steps"), 1)
    assert game.reasons(ProposeAgreement("EST", "FIN", "trade_pact")) == [
        "Lesson 3 opens trade pacts",
        "needs a dialogue forum with them first (2 turns)",
    ]
    st = game.state
    st.agreements.append(AgreementState(st.new_key(), "trade_pact", ["EST", "FIN"], 0))
    st.agreements_changed()
    assert game.reasons(ProposeAgreement("EST", "FIN", "trade_pact")) == [
        "already together in an agreement: Trade pact"
    ]
