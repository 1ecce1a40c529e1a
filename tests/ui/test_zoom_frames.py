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


def test_the_selection_outline_is_stroked_live_until_the_new_layer_lands(playing, ui) -> None:
    """The smooth outline of the selected nation is made for the finished layer only: the
    frames that show the scaled stand-in stroke it live instead of making one to discard."""
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*FIN))
    assert play.selected == "FIN"
    settle(playing)
    assert play.map._highlight_cache  # the settled map keeps its smooth outline
    made_for = play.map._highlight_key

    ui.wheel((700, 400), 1)
    assert play.map.building
    frames = 0
    while play.map.building:
        assert play.map._highlight_key == made_for  # none made for the stand-in
        playing.step()
        frames += 1
    assert frames >= 1
    settle(playing)
    assert play.map._highlight_key != made_for and play.map._highlight_cache
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
