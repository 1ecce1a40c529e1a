"""The nation panel's overview is painted when the game changes, not on every map frame."""

from __future__ import annotations

import pygame
import pytest

from game.core import commands as C
from game.ui.scenes import nation

FIN = (24.94, 60.17)


def test_the_overview_is_painted_again_only_when_the_game_changes(
    playing, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frames of a map that moves beneath the open panel (a zoom, a pan) put the overview's
    pixels back; a command given from the panel paints it anew with the new numbers."""
    play = playing.stack[0]
    painted = []
    overview = nation.NationPanel._overview

    def counting(self, surface, rect, th):  # type: ignore[no-untyped-def]
        painted.append(float(self.session.game.state.trust[1, 0]))
        return overview(self, surface, rect, th)

    monkeypatch.setattr(nation.NationPanel, "_overview", counting)
    ui.click(play.map.world_to_screen(*FIN))
    panel = playing.top
    assert panel.tab == "Overview"
    playing.draw(flip=False)
    assert len(painted) == 1  # the frame after the click painted it
    body = next(w for w in panel.widgets if getattr(w, "stamp", None) is not None)
    before = playing.screen.subsurface(body.rect).copy()
    for _ in range(3):
        play.map.zoom_at(1.1, play.map_rect.center)
        playing.draw(flip=False)
    assert len(painted) == 1
    kept = playing.screen.subsurface(body.rect)
    assert pygame.image.tobytes(kept, "RGB") == pygame.image.tobytes(before, "RGB")

    assert play.session.issue(C.HoldDialogue("EST", "FIN")).ok
    playing.step()
    playing.draw(flip=False)
    assert len(painted) == 2 and painted[1] > painted[0]  # FIN trusts EST more after talks
