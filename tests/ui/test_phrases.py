"""Every effect description and news line of the shipped levels reads as English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.content.loader import load_level_file
from game.core.game import Game
from game.ui.describe import describe_effects, turn_changes

LEVELS = sorted((Path(__file__).parents[2] / "levels").glob("*.yaml"))
# "You shifts", "You has": a second-person subject with a third-person verb.
YOU_VERB = re.compile(r"\bYou (?!was\b)([a-z]+[^s\W]s|has|is)\b")
ARTICLE = re.compile(r"\b(a|an|A|An) [“\"]?([A-Za-z]+)")
FORBIDDEN = (
    re.compile(r"\w\(s\)"),  # "item(s)"
    re.compile(r"\b1 turns\b|\b(?:[02-9]|\d\d+) turn\b"),
    re.compile(r"\((Government|Opposition)\)"),  # a party the level left unnamed
    re.compile(r"\b(\w+) \1\b", re.IGNORECASE),  # "the the"
    re.compile(r"\b(a|an) \w+ sharing\b(?! agreement)"),
)
VOWEL_SOUND_EXCEPTIONS = ("uni", "use", "usu", "eu", "one", "once")


def grammar_problems(text: str) -> list[str]:
    found = []
    m = YOU_VERB.search(text)
    if m:
        found.append(f"'You {m.group(1)}'")
    for art, word in ARTICLE.findall(text):
        w = word.lower()
        vowel = w[0] in "aeiou" and not w.startswith(VOWEL_SOUND_EXCEPTIONS)
        if (art.lower() == "a") == vowel:
            found.append(f"'{art} {word}'")
    found += [f"/{p.pattern}/" for p in FORBIDDEN if p.search(text)]
    return found


def test_the_checker_catches_the_sentences_players_reported() -> None:
    for bad in (
        "You shifts toward more spending",
        "Finland proposes a access agreement",
        "Sweden and you sign a technology sharing",
        "9 news item(s) in the feed",
        "Consequences follow in 1 turns",
        "Japan: Opposition leader of Japan (Opposition) won the election",
    ):
        assert grammar_problems(bad), bad
    assert grammar_problems("You promise Finland a joint exercise within 4 turns") == []


@pytest.mark.parametrize("path", LEVELS, ids=[p.stem for p in LEVELS])
def test_every_effect_description_reads_well(path: Path) -> None:
    level = load_level_file(path).loaded.level
    game = Game(level, 1)
    player = level.player
    other = next(n.id for n in level.nations if n.id != player)
    found: list[str] = []
    seen = 0
    for ev in level.events:
        # Once as the player's own event, once as another nation's (the AI's view).
        for nation, target in ((player, other), (other, player)):
            ctx = game.ctx().scoped(nation, target)
            for opt in ev.options:
                for line in describe_effects(ctx, opt.effects):
                    seen += 1
                    found += [f"{ev.id}: {line.text!r}: {p}" for p in grammar_problems(line.text)]
    assert seen > 0
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", LEVELS, ids=[p.stem for p in LEVELS])
def test_every_news_line_reads_well(path: Path) -> None:
    """A few turns with the AI in every seat: every news line and turn summary line."""
    level = load_level_file(path).loaded.level
    game = Game(level, 3)
    found: list[str] = []
    texts = 0
    for _ in range(6):
        if game.over:
            break
        before = game.state.copy()
        game.autoplay()
        news = list(game.turn_outcomes) + game.end_turn()
        lines = [o.text for o in news]
        lines += [ln.text for ln in turn_changes(level, before, game.state, level.player)]
        texts += len(lines)
        found += [f"{t!r}: {p}" for t in lines for p in grammar_problems(t)]
    assert texts > 0
    assert not found, "\n".join(found)


def test_a_sentence_said_twice_is_said_once(tmp_path) -> None:
    from game.core.defs import EffectDef
    from game.core.effects import describe_effects

    level = load_level_file(LEVELS[0]).loaded.level
    ctx = Game(level, 1).ctx().scoped(level.player, None)
    twice = [EffectDef("world_tension", {"by": 2})] * 2
    assert [ln.text for ln in describe_effects(ctx, twice)] == ["World tension +2 (×2)"]
