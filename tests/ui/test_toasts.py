"""Notices at the foot of the screen never cover the dialog or panel the player is using."""

from __future__ import annotations

import time

import pygame

from game.ui.app import place_toasts

SCREEN = pygame.Rect(0, 0, 1280, 720)


def test_toasts_stack_up_from_the_bottom_centre_when_nothing_is_in_the_way() -> None:
    boxes = place_toasts([(300, 30), (200, 30)], SCREEN, [], 650, 6)
    assert [b.centerx for b in boxes] == [640, 640]
    assert boxes[1].bottom == 650  # the newest lowest
    assert boxes[0].bottom == boxes[1].top - 6


def test_toasts_move_beside_above_or_below_what_they_would_cover() -> None:
    panel = pygame.Rect(12, 64, 470, 584)  # a nation panel on the left
    boxes = place_toasts([(480, 30)], SCREEN, [panel], 650, 6)
    assert boxes and not boxes[0].colliderect(panel) and SCREEN.contains(boxes[0])
    dialog = pygame.Rect(250, 120, 780, 460)  # a dialog with room below it
    boxes = place_toasts([(480, 30), (400, 30)], SCREEN, [dialog], 650, 6)
    assert len(boxes) == 2 and not any(b.colliderect(dialog) for b in boxes)


def test_toasts_are_left_out_where_a_dialog_leaves_no_room() -> None:
    tall = pygame.Rect(120, 30, 1040, 660)
    assert place_toasts([(480, 30)], SCREEN, [tall], 650, 6) == []
    room_for_one = pygame.Rect(120, 60, 1040, 630)
    assert len(place_toasts([(480, 30), (480, 30)], SCREEN, [room_for_one], 650, 6)) == 1


def test_a_toast_leaves_the_panel_and_the_proposal_builder_clear(playing) -> None:
    play = playing.stack[0]
    for nid in ("FIN", "RUS"):
        playing.apply(play.select(nid))
        playing.step()
        playing.toast(f"A long notice about what just happened with {nid} and its neighbours")
        clear = playing.top.keep_clear()
        assert clear is not None and clear == play.panel.panel
        boxes = [box for _, box in playing.toast_boxes()]
        assert boxes and not any(b.colliderect(clear) for b in boxes)
    playing.apply(play.open_proposal("FIN"))
    playing.step()
    frame = playing.top.keep_clear()
    assert frame is not None and frame == playing.top.frame
    assert not any(box.colliderect(frame) for _, box in playing.toast_boxes())


def test_a_long_notice_wraps_inside_a_small_window_and_stays_up_longer(playing) -> None:
    """A notice wider than the window is wrapped, not left out; it stays up long enough to
    be read."""
    playing.settings.window_width, playing.settings.window_height = 800, 600
    playing.apply_settings(resize=True)
    playing.step()
    short = "Sound on"
    long = (
        "Russia could not join the dialogue forum: Germany objected (ledger −36.1), so "
        "nothing was signed, though the talks went ahead as planned"
    )
    playing.toast(short)
    playing.toast(long)
    shown = playing.toast_boxes()
    assert len(shown) == 2
    (short_surf, _), (long_surf, long_box) = shown
    screen = pygame.Rect(0, 0, *playing.size)
    assert screen.contains(long_box)
    assert long_surf.get_height() >= 2 * short_surf.get_height()
    (_, short_until), (_, long_until) = playing.toasts
    assert long_until - short_until > 3


def test_a_short_notice_after_a_long_one_goes_when_its_own_time_is_up(playing) -> None:
    """Each notice stays up for its own time: a short one after a long one goes first."""
    playing.toast("A long notice " * 8)
    playing.toast("Sound on")
    (long_text, long_until), (short_text, short_until) = playing.toasts
    assert long_until > short_until
    now = time.monotonic()
    playing.toasts = [(long_text, now + 60), (short_text, now - 1)]  # the short one is due
    playing.step()
    assert [text for text, _ in playing.toasts] == [long_text]


def test_a_notice_leaves_the_legend_readable_where_there_is_room(playing, monkeypatch) -> None:
    """In a small window a long notice, centred, would cover the map's legend: it goes beside
    or above it instead. Where nothing leaves room, it is shown over the legend, not lost."""
    play = playing.stack[0]
    playing.settings.window_width, playing.settings.window_height = 1024, 640
    playing.apply_settings(resize=True)
    playing.step()
    playing.toast("Russia could not join the dialogue forum: Germany objected (ledger −36.1)")
    ((_, box),) = playing.toast_boxes()
    legend = play.rather_clear()
    assert legend is not None and legend == play.legend_rect
    centred = box.move(playing.size[0] // 2 - box.centerx, 0)
    assert centred.colliderect(legend), "the test should need the notice moved"
    assert not box.colliderect(legend)

    everywhere = pygame.Rect(0, 0, *playing.size)
    monkeypatch.setattr(play, "rather_clear", lambda: everywhere)
    assert [b for _, b in playing.toast_boxes()] == [box.move(centred.x - box.x, 0)]
