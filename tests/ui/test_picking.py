"""Clicking a capital on the play screen selects its nation, whatever the zoom."""

from __future__ import annotations

import numpy as np
import pytest

CAPITALS = {
    "FIN": (24.94, 60.17),
    "EST": (24.75, 59.44),
    "SWE": (18.07, 59.33),
    "LVA": (24.11, 56.95),
}


@pytest.mark.parametrize("zoom", [1.0, 2.0, 4.5])
@pytest.mark.parametrize("nation", sorted(CAPITALS))
def test_click_on_capital_selects_nation(playing, ui, zoom: float, nation: str) -> None:
    play = playing.stack[0]
    lon, lat = CAPITALS[nation]
    play.map.zoom = zoom
    x, y = play.map.projection.project(np.array([lon, lat]))
    play.map.center = (float(x), float(y))
    playing.step()
    ui.click(play.map.world_to_screen(lon, lat))
    assert play.selected == nation
    assert ui.names[-1] == "NationPanel"
    assert playing.top.nid == nation


def test_click_on_sea_closes_the_panel(playing, ui) -> None:
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*CAPITALS["FIN"]))
    assert ui.names[-1] == "NationPanel"
    ui.click(play.map.world_to_screen(19.5, 57.5))  # the Baltic Sea off Gotland's east coast
    assert play.selected is None
    assert ui.names == ["PlayScene"]


def test_drag_pans_instead_of_selecting(playing) -> None:
    import pygame

    play = playing.stack[0]
    play.map.zoom = 3.0
    playing.step()
    before = play.map.center
    start = play.map.world_to_screen(*CAPITALS["FIN"])
    p0 = (round(start[0]), round(start[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=p0, button=1))
    for k in range(1, 6):
        pos = (p0[0] + 12 * k, p0[1] + 5 * k)
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(12, 5), buttons=(1, 0, 0))
        )
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    playing.step()
    assert play.selected is None
    assert play.map.center[0] < before[0] and play.map.center[1] < before[1]
