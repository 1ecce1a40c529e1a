"""The game opens with the player's country in view, not under the briefing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from game.resources import levels_dir
from game.ui.app import App
from game.ui.scenes.play import PlayScene
from game.ui.session import Session, open_level


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[object]:
    apps: list[App] = []

    def start(level: str, size: tuple[int, int]) -> PlayScene:
        app = App(config=tmp_path / "c", data=tmp_path / "d", levels_dir=levels_dir(), size=size)
        app.settings.animation_speed = 0.0
        apps.append(app)
        path = levels_dir() / f"{level}.yaml"
        app.apply(app.start(Session.new(open_level(path), 1, path)))
        app.step()
        scene = app.stack[0]
        assert isinstance(scene, PlayScene)
        return scene

    yield start
    for app in apps:
        app.close()


@pytest.mark.parametrize("size", [(1600, 900), (1280, 720)])
def test_a_country_under_the_briefing_is_brought_out_from_it(
    opened: object, size: tuple[int, int]
) -> None:
    """Canada, top left of a world map, starts under the briefing; with the whole world in
    view the map cannot pan, so it zooms in on Canada and pans its middle into view."""
    play = opened("concert_of_nations", size)  # type: ignore[operator]
    news, land = play._news_rect(), play.map.land_box(play.session.player)

    assert play.map.zoom > 1.0
    assert not news.collidepoint(land.center)
    assert play.map_rect.collidepoint(land.center)


def test_a_country_already_in_view_leaves_the_opening_view_alone(opened: object) -> None:
    play = opened("northern_shield", (1600, 900))  # type: ignore[operator]
    news, land = play._news_rect(), play.map.land_box(play.session.player)

    assert play.map.zoom == 1.0
    assert not land.colliderect(news)
