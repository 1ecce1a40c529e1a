"""A level rebuilt from a save's copy of its files: kept for the next load of the same texts."""

from __future__ import annotations

from pathlib import Path

from game.content.loader import load_level_file, load_level_sources

LEVEL = Path(__file__).parents[2] / "levels" / "northern_shield.yaml"


def test_the_same_texts_give_the_same_level_and_each_caller_its_own_lists() -> None:
    """A second load of the same texts reuses the level built the first time; what a caller
    may change (the texts, the diagnostics, the files read) is its own."""
    loaded = load_level_file(LEVEL).loaded
    assert loaded is not None
    first = load_level_sources(dict(loaded.sources), loaded.main)
    second = load_level_sources(dict(loaded.sources), loaded.main)
    assert first.loaded is not None and second.loaded is not None

    assert second.loaded.level is first.loaded.level
    assert second.loaded.level == loaded.level
    assert second.loaded.content_hash == first.loaded.content_hash == loaded.content_hash
    first.loaded.sources.clear()
    first.files.clear()
    third = load_level_sources(dict(loaded.sources), loaded.main)
    assert third.loaded is not None
    assert third.loaded.sources == loaded.sources
    assert third.files == second.files != []
    assert third.loaded.diagnostics is not first.loaded.diagnostics
    assert third.diagnostics is not first.diagnostics


def test_changed_texts_are_loaded_again() -> None:
    """One changed character is another level: it is built anew, and a text that does not
    load is reported each time, never served from an earlier success."""
    loaded = load_level_file(LEVEL).loaded
    assert loaded is not None
    texts = dict(loaded.sources)
    renamed = {**texts, loaded.main: texts[loaded.main].replace(loaded.level.title, "Renamed", 1)}
    broken = {**texts, loaded.main: texts[loaded.main] + "\nnations: 3\n"}

    again = load_level_sources(renamed, loaded.main).loaded
    assert again is not None and again.level.title == "Renamed"
    assert load_level_sources(broken, loaded.main).loaded is None
    assert load_level_sources(broken, loaded.main).loaded is None
    assert load_level_sources(texts, loaded.main).loaded is not None
