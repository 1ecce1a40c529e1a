"""Players count turns from 1 everywhere: top bar, turn summary, saves list, replay, charts."""

from __future__ import annotations

import pygame

from game.ui import theme as T
from game.ui.charts import Series, draw_chart, point_label
from game.ui.replay import ReplayScene
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.saves_menu import LoadScene, describe
from game.ui.widgets import Slider


def test_one_turn_played_reads_turn_one_everywhere(playing, ui, drawn_texts) -> None:
    play = playing.stack[0]
    assert "Turn 1 of 8" in drawn_texts(playing)
    while ui.names[-1] in ("EventDialog", "OfferDialog"):
        ui.key(pygame.K_1, "1")
    ui.key(pygame.K_RETURN)
    summary = playing.top
    assert type(summary).__name__ == "TurnSummaryScene"
    assert summary.title.startswith("Turn 1 · ")
    ui.key(pygame.K_RETURN)
    assert "Turn 2 of 8" in drawn_texts(playing)
    path = play.session.save_as("numbers")
    playing.push(LoadScene(playing, "load"))
    playing.step()
    row = next(describe(i)[1] for i in playing.top.saves if i.name == "numbers")
    assert f"turn 2 · {play.session.game.date()}" in row
    playing.stack[:] = [MenuScene(playing), ReplayScene(playing, path)]
    playing.step()
    replay = playing.top
    assert replay.turn == 0
    first = play.session.game.date(0)
    assert any(f"Turn 1 of 2 · {first}" in t for t in drawn_texts(playing)), drawn_texts(playing)
    slider = next(w for w in replay.widgets if isinstance(w, Slider))
    assert slider.fmt(slider.value) == "turn 1/2"


def test_a_chart_of_a_three_turn_game_runs_from_the_start_to_turn_three() -> None:
    """History holds the start and the state after each turn: the axis reads start, 1, 2,
    3 (never 4 in a 3-turn game) and each column's tooltip says which point it is."""
    surface = pygame.Surface((600, 300))
    series = [Series("Trust", (50.0, 52.0, 55.0, 60.0), (200, 100, 50))]
    tips = draw_chart(surface, surface.get_rect(), T.Theme(), series, span=4)

    assert [point_label(k) for k in range(4)] == ["start", "1", "2", "3"]
    assert [text.split(":")[0] for _, text in tips] == [
        "At the start",
        "After turn 1",
        "After turn 2",
        "After turn 3",
    ]


def test_the_top_bar_never_counts_past_the_last_turn(playing, drawn_texts) -> None:
    """After the last turn is played the state stands one turn on; the bar reads 8 of 8,
    with the date of turn 8."""
    game = playing.stack[0].session.game
    game.state.turn = game.level.turns
    playing.stack[0].relayout()
    texts = drawn_texts(playing)
    assert "Turn 8 of 8" in texts and "Turn 9 of 8" not in texts
    assert game.date(7) in texts and game.date(8) not in texts
