"""Easy, Normal or Hard is chosen in the level picker, and the game remembers it."""

from __future__ import annotations

import itertools

import pygame

from game.core.difficulty import DIFFICULTIES, changed_numbers
from game.ui.scenes.menu import LevelPickerScene
from game.ui.scenes.overlays import PauseScene
from game.ui.scenes.saves_menu import LoadScene
from game.ui.widgets import Label, ListView


def test_the_picker_starts_the_game_at_the_chosen_difficulty(app, ui) -> None:
    app.push(LevelPickerScene(app))
    app.step()
    picker = app.top
    assert picker.difficulty == "normal" and ui.button("Normal").selected
    ui.key(pygame.K_RIGHT)
    assert picker.difficulty == "hard" and ui.button("Hard").selected
    ui.key(pygame.K_LEFT)
    ui.key(pygame.K_LEFT)
    assert picker.difficulty == "easy"
    # Each choice says what it changes: its own words and this level's numbers, both
    # from its declaration.
    level = picker.entry.loaded.level
    tip = ui.button("Easy").tip
    for phrase in DIFFICULTIES["easy"].changes:
        assert phrase in tip

    def said(v: object) -> str:
        if isinstance(v, tuple):
            return " / ".join(said(x) for x in v)
        return f"{v:g}".replace("-", "−")

    for rule, before, after in changed_numbers(level, "easy"):
        assert f"{rule.replace('_', ' ')}: {said(before)} → {said(after)}" in tip
    assert before != after
    ui.press("Hard")
    assert picker.difficulty == "hard"
    ui.press("Easy")
    ui.key(pygame.K_RETURN)
    assert ui.names == ["PlayScene"]
    game = app.stack[0].session.game
    assert game.state.difficulty == "easy"
    assert game.ctx().rules.capital_per_turn == level.rules.capital_per_turn + 1


def test_the_difficulty_is_shown_in_the_pause_menu_and_the_saves_list(app, ui) -> None:
    app.push(LevelPickerScene(app))
    app.step()
    ui.key(pygame.K_RIGHT)  # Hard
    ui.key(pygame.K_RETURN)
    session = app.stack[0].session
    app.push(PauseScene(app, session))
    app.step()
    texts = [w.text for w in app.top.widgets if isinstance(w, Label)]
    assert "Test Shores · Hard" in texts
    session.save_as("hard game")
    app.stack[:] = [LoadScene(app, "load")]
    app.step()
    load = app.top
    assert [info.difficulty for info in load.saves] == ["hard"]
    load.ensure_layout()
    rows = next(w for w in load.widgets if isinstance(w, ListView)).rows
    assert rows[0][0] == "Test Shores · Hard"
    # Loading it plays on at Hard.
    ui.key(pygame.K_RETURN)
    assert ui.names == ["PlayScene"], ui.names
    assert app.stack[0].session.game.state.difficulty == "hard"


class _Recording(pygame.Surface):
    """A surface that remembers where each blit landed."""

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__(size)
        self.placed: list[pygame.Rect] = []

    def blit(self, source, dest, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.placed.append(pygame.Rect(dest, source.get_size()))
        return super().blit(source, dest, *args, **kwargs)


def test_a_long_goal_pushes_the_difficulty_line_down(app, levels_dir) -> None:
    """Goals that wrap to several lines (Concert of Nations has two long ones) take their
    height: the title, summary, description, dates, goals and difficulty never overlap."""
    path = levels_dir / "test_shores.yaml"
    level = path.read_text(encoding="utf-8")
    long_goal = "A goal whose text runs on and on so that it wraps. " * 6
    text = level.replace(
        "text: A defence pact of four with working interoperability.", f"text: {long_goal}"
    )
    assert text != level
    path.write_text(text, encoding="utf-8")
    picker = LevelPickerScene(app)
    app.push(picker)
    app.step()

    canvas = _Recording((900, 900))
    picker._paint_detail(canvas, pygame.Rect(0, 0, 600, 900), picker.theme)

    blocks = canvas.placed[:6]
    assert blocks[4].h > 3 * blocks[1].h  # the goal wrapped
    for above, below in itertools.pairwise(blocks):
        assert below.top >= above.bottom, (above, below)
