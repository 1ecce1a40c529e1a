"""Decks declare what they need and can be filtered by tag."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.loader import load_level_file

HERE = Path(__file__).parent
SHIPPED_DECKS = sorted((HERE.parents[1] / "levels" / "decks").glob("*.yaml"))

LEVEL = """\
id: deck_case
title: Deck case
player: EST
turns: 12
axes:
  - {{id: democracy, name: Democracy}}
nations:
  - {{id: EST, name: Estonia, regions: [EST]}}
  - {{id: FIN, name: Finland, regions: [FIN]}}
include:
  - {include}
"""


def _level(tmp_path: Path, include: str, deck: Path) -> Path:
    folder = tmp_path / "levels"
    (folder / "decks").mkdir(parents=True, exist_ok=True)
    (folder / "decks" / deck.name).write_text(deck.read_text(encoding="utf-8"), encoding="utf-8")
    path = folder / "deck_case.yaml"
    path.write_text(LEVEL.format(include=include), encoding="utf-8")
    return path


NEEDS_AXIS = HERE / "bad" / "levels" / "decks" / "needs_axis.yaml"


@pytest.mark.parametrize(
    ("include", "events"),
    [
        ("{deck: decks/needs_axis.yaml, skip_tags: [forum]}", ["old_war_day", "quiet_day"]),
        ("{deck: decks/needs_axis.yaml, only_tags: [old_war]}", ["old_war_day"]),
    ],
)
def test_a_tag_filter_keeps_only_the_chosen_events_and_what_they_need(
    tmp_path: Path, include: str, events: list[str]
) -> None:
    """Leaving out the one event that needs the missing axis makes the deck fit the level."""
    result = load_level_file(_level(tmp_path, include, NEEDS_AXIS))
    assert result.loaded is not None, result.diagnostics
    assert [e.id for e in result.loaded.level.events] == events


@pytest.mark.parametrize("deck", SHIPPED_DECKS, ids=[d.stem for d in SHIPPED_DECKS])
def test_a_shipped_deck_declares_every_axis_it_needs(tmp_path: Path, deck: Path) -> None:
    """Included by a level with none of its axes, a shipped deck costs at most one error,
    at the level's include line; nothing inside the deck is blamed."""
    path = _level(tmp_path, f"decks/{deck.name}", deck)
    result = load_level_file(path)
    errors = [d for d in result.diagnostics if d.is_error]
    assert all(d.path == str(path) for d in errors), [
        f"{d.path}:{d.line}: {d.message}" for d in errors
    ]
    assert [(d.code, d.line) for d in errors] in ([], [("E209", 11)])
