"""What the frames after a wheel zoom draw while the map paints its new layer."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.ui import worldmap

FIN = (24.94, 60.17)


def settle(app) -> int:
    """Frames until the map has painted its layer and shown it."""
    m = app.stack[0].map
    frames = 0
    while (m.building or m.needs_redraw) and frames < 500:
        app.step()
        frames += 1
    assert not m.building
    return frames


def test_the_selection_outline_is_made_once_for_the_new_layer(playing, ui) -> None:
    """The landing frame of a zoom strokes the selected nation's outline live; the next frame
    makes the smooth outline for the layer being painted (and paints none of it), and that
    outline stays when the layer lands."""
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*FIN))
    assert play.selected == "FIN"
    settle(playing)
    assert play.map._highlight_cache  # the settled map keeps its smooth outline
    made_for = play.map._highlight_key

    ui.wheel((700, 400), 1)
    job = play.map._job
    assert job is not None and job.row == 0
    assert play.map._highlight_key == made_for  # none made for the stand-in
    playing.step()
    made_for = play.map._highlight_key
    assert made_for is not None and made_for[2] == job.region and play.map._highlight_cache
    assert job.row == 0 and play.map.building
    settle(playing)
    assert play.map._highlight_key == made_for  # kept when the layer landed
    painted = pygame.surfarray.array3d(playing.screen)
    play.map.invalidate()  # the same view painted at once
    playing.draw()
    at_once = pygame.surfarray.array3d(playing.screen)
    differ = np.any(painted != at_once, axis=2).mean()
    assert differ < 0.002, f"{differ:.2%} of the pixels differ from a map painted at once"


def test_no_frame_makes_a_strip_after_painting_part_of_another(
    playing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Making a strip is dear, so it opens a frame's share of painting: even with time to
    spare, a frame stops at the end of a strip."""
    monkeypatch.setattr(worldmap, "LAYER_BUDGET_MS", 1e9)
    m = playing.stack[0].map
    m.zoom = 3.0
    playing.step()  # the zoom lands on the old layer, scaled
    job = m._job
    assert job is not None
    made = []
    while m.building:
        before = len(job.layer.strips)
        playing.step()
        made.append(len(job.layer.strips) - before)
    assert len(job.layer.strips) > 1
    assert max(made) == 1
