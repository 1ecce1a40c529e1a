"""A whole turn by keyboard alone: pick a nation, act, answer an event, end the turn."""

from __future__ import annotations

import pygame

from game.core import commands as C
from game.ui.scenes.nation import NationPanel
from game.ui.theme import ACCENT


def test_a_whole_turn_by_keyboard(playing, ui) -> None:
    play = playing.stack[0]
    session = play.session
    # Tab picks nations by name: Estonia (you), then Finland.
    ui.key(pygame.K_TAB)
    assert play.selected == "EST"
    ui.key(pygame.K_RIGHTBRACKET, "]")
    assert play.selected == "FIN"
    panel = playing.top
    assert isinstance(panel, NationPanel)
    ui.key(pygame.K_TAB)
    ui.key(pygame.K_TAB)
    assert panel.tab == "Actions"
    # Down walks the focus ring over the panel's buttons; its tooltip names the action.
    while getattr(panel.focused(), "text", "") != "Hold a dialogue / summit":
        ui.key(pygame.K_DOWN)
    assert "summit" in playing.tooltip.lower() or "Costs" in playing.tooltip
    ui.key(pygame.K_RETURN)
    assert session.game.issued == [C.HoldDialogue("EST", "FIN")]
    assert playing.top is panel  # acting keeps the panel open
    ui.key(pygame.K_ESCAPE)
    assert ui.names == ["PlayScene"]
    ui.key(pygame.K_RETURN)  # end the turn
    assert ui.names[-1] == "TurnSummaryScene"
    ui.key(pygame.K_RETURN)
    assert ui.names[-1] == "EventDialog"
    dialog = playing.top
    ui.key(pygame.K_DOWN)
    ui.key(pygame.K_DOWN)  # the second option
    assert type(dialog.focused()).__name__ == "_OptionBox" and dialog.focused().k == 1
    ui.key(pygame.K_RETURN)
    assert session.game.issued[-1] == C.ChooseOption("EST", dialog.pending.key, 1)
    assert session.game.state.turn == 1
    while ui.names[-1] in ("EventDialog", "OfferDialog"):
        ui.key(pygame.K_ESCAPE)
    assert ui.names == ["PlayScene"]


def test_the_focus_ring_is_drawn(playing, ui) -> None:
    ui.key(pygame.K_ESCAPE)  # pause menu
    pause = playing.top
    playing.draw()
    focused_rect = pause.widgets[-1].rect
    top = (focused_rect.centerx, focused_rect.top - playing.theme.px(3))
    before = tuple(playing.screen.get_at(top))[:3]
    ui.key(pygame.K_UP)  # wraps to the last button
    assert pause.focused() is pause.widgets[-1]
    playing.draw()
    assert tuple(playing.screen.get_at(top))[:3] == ACCENT != before


def test_a_tab_opened_by_keyboard_keeps_the_ring_for_its_content(playing, ui) -> None:
    play = playing.stack[0]
    playing.apply(play.select("FIN"))
    playing.step()
    panel = playing.top
    assert isinstance(panel, NationPanel) and panel.tab == "Overview"
    while getattr(panel.focused(), "text", "") != "Actions":
        ui.key(pygame.K_DOWN)
    ui.key(pygame.K_RETURN)
    assert panel.tab == "Actions"
    assert panel.focused().text == "Actions"
    ui.key(pygame.K_DOWN)
    assert panel.focused().text == "Hold a dialogue / summit"


def test_left_and_right_move_along_an_offers_buttons(playing, ui) -> None:
    """A proposal's Accept, Decline and Later sit in a row: → and ← walk it as ↓ and ↑ do."""
    from game.core.state import PendingOffer
    from game.ui.scenes.event import OfferDialog

    st = playing.session.game.state
    st.offers.append(PendingOffer(st.new_key(), "FIN", "EST", "trade_pact", [], st.turn))
    playing.step()
    dialog = playing.top
    assert isinstance(dialog, OfferDialog)
    while getattr(dialog.focused(), "text", "") != "Accept":
        ui.key(pygame.K_DOWN)
    ui.key(pygame.K_RIGHT)
    assert dialog.focused().text == "Decline"
    ui.key(pygame.K_RIGHT)
    assert dialog.focused().text == "Later"
    ui.key(pygame.K_LEFT)
    ui.key(pygame.K_LEFT)
    assert dialog.focused().text == "Accept"
