"""First Steps teaches in order: each lesson opens the step it teaches, the pact comes last,
and each lesson's wording matches the relations it describes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.balance.strategies import strategies
from game.content.loader import load_level_file
from game.core.defs import LevelDef
from game.core.game import Game

LEVEL = Path(__file__).parents[2] / "levels" / "first_steps.yaml"
STRATEGIES = ("passive", "random", "spam:proposal", "ai", "expert")
SEEDS = (1, 2, 3)
# Lessons in the order they teach, each a group of wordings of which exactly one comes.
LESSONS = (
    ("tut_summit_invitation",),
    ("tut_transparency_request", "tut_transparency_request_warmer"),
    ("tut_first_proposal",),
    ("tut_small_exercise", "tut_exercise_briefing"),
    ("tut_protests_at_home",),
    ("tut_pact_ready", "tut_pact_not_ready"),
)


@pytest.fixture(scope="module")
def level() -> LevelDef:
    loaded = load_level_file(LEVEL).loaded
    assert loaded is not None
    return loaded.level


def _wording_holds(game: Game, event: str, target: str | None) -> bool:
    """What a lesson's text says about the relations, checked when it reaches the player."""
    s, me = game.state, game.player
    if event == "tut_transparency_request":  # "Its trust in us is low"
        return float(s.trust[s.idx("RUS"), s.idx(me)]) < 40
    if event == "tut_transparency_request_warmer":  # "Our summits have warmed relations"
        return float(s.trust[s.idx("RUS"), s.idx(me)]) >= 40
    if event == "tut_small_exercise":  # "A partner that trusts us"
        assert target is not None
        return s.has_agreement(me, target) and float(s.trust[s.idx(target), s.idx(me)]) >= 40
    lesser = ("access", "tech_sharing")
    if event == "tut_pact_ready":  # "A partner with whom we share an access agreement..."
        return any(s.has_agreement(me, str(target), k) for k in lesser)
    if event == "tut_pact_not_ready":  # "no neighbour shares an access agreement..."
        return not any(s.has_agreement(me, x, k) for x in s.ids if x != me for k in lesser)
    return True


@pytest.mark.parametrize("name", STRATEGIES)
def test_the_pact_comes_only_after_every_lesson_that_leads_to_it(
    level: LevelDef, name: str
) -> None:
    """Whoever plays: the lessons come one a turn in their order, exactly one wording of each,
    each worded truly; and no defence pact holds the player before the pact lesson's option
    has opened it, nor before turn 3."""
    for seed in SEEDS:
        game = Game(level, seed)
        turn = strategies()[name].player(game, random.Random(seed))
        came: dict[str, int] = {}
        while not game.over:
            turn()
            s = game.state
            opened = bool(s.flags.get("lesson_pact"))
            pact = any(g.kind == "defence_pact" and game.player in g.members for g in s.agreements)
            assert not pact or (opened and s.turn > 3), (name, seed, s.turn)
            for p in s.pending:
                if p.event.startswith("tut_") and p.event not in came:
                    came[p.event] = s.turn
                    assert _wording_holds(game, p.event, p.target), (name, seed, p.event)
        fired = [[e for e in group if e in came] for group in LESSONS]
        assert all(len(group) == 1 for group in fired), (name, seed, fired)
        turns = [came[group[0]] for group in fired]
        assert turns == sorted(set(turns)), (name, seed, turns)


def test_each_lesson_opens_what_it_teaches(level: LevelDef) -> None:
    """Before its lesson, a step is refused with the lesson's name as the reason."""
    game = Game(level, 1)
    locked = {
        "confidence": "Lesson 2",
        "exercise": "Lesson 4",
        "training": "Lesson 4",
        "public_diplomacy": "Lesson 5",
    }
    for action, lesson in locked.items():
        gate = level.action_gate(action)
        assert gate is not None and gate.text.startswith(lesson), action
    kinds = {k.id: k for k in level.agreement_kinds}
    assert kinds["dialogue_forum"].requires is not None
    for k in ("trade_pact", "access", "tech_sharing"):
        gate = kinds[k].requires
        assert gate is not None and gate.text.startswith("Lesson 3"), k
    rows = {r.label: r.reasons for r in game.menu("FIN")}
    assert any("Lesson 2 opens confidence-building" in why for why in rows.values())
    assert any("Lesson 1 opens dialogue forums" in why for why in rows.values())
    assert any("The lesson on defence pacts comes first" in why for why in rows.values())
