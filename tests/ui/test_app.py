"""The window's own duties: no-display error, screenshots, fullscreen, resizing, idling, reload."""

from __future__ import annotations

import os
import sys
import time

import pygame
import pytest

from game.ui import app as app_module
from game.ui.scenes.menu import MenuScene


def test_no_display_is_one_line_and_status_2(monkeypatch, capsys) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert app_module.run() == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "alliances simulate" in err and "Traceback" not in err


def test_unknown_level_is_an_error_not_a_traceback(capsys) -> None:
    assert app_module.run(level="no-such-level") == 2
    assert "no level 'no-such-level'" in capsys.readouterr().err


def test_f12_saves_a_screenshot(app, ui) -> None:
    app.push(MenuScene(app))
    app.step()
    ui.key(pygame.K_F12)
    shots = list((app.data_dir / "screenshots").glob("shot-*.png"))
    assert len(shots) == 1
    assert pygame.image.load(str(shots[0])).get_size() == app.size


def test_f11_toggles_fullscreen_and_remembers(app, ui) -> None:
    app.push(MenuScene(app))
    ui.key(pygame.K_F11)
    assert app.settings.fullscreen
    ui.key(pygame.K_F11)
    assert not app.settings.fullscreen
    assert app.size == app.settings.window_size


def test_resize_lays_the_screen_out_again(playing, ui) -> None:
    play = playing.stack[0]
    playing.screen = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1280, 720), w=1280, h=720))
    playing.step()
    end = ui.button("End turn")
    assert end.rect.right <= 1280 and end.rect.bottom <= 720
    assert play.map_rect.w == 1280
    assert playing.settings.window_size == (1280, 720)


def test_idle_loop_draws_nothing(playing) -> None:
    playing.step()
    frames = playing.frames
    for _ in range(5):
        playing.step()
    assert playing.frames == frames
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(400, 400), rel=(1, 1), buttons=(0, 0, 0))
    )
    playing.step()
    assert playing.frames == frames + 1


def _touch(path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    # File systems with coarse timestamps would hide a quick edit; move mtime on for sure.
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


@pytest.fixture
def watched(app, levels_dir):
    from game.ui.session import Session, open_level

    path = levels_dir / "test_shores.yaml"
    app.apply(app.start(Session.new(open_level(path), None, path), watch_path=path))
    app.step()
    return path


def test_live_reload_replays_commands_on_the_new_level(app, ui, watched) -> None:
    from game.core import commands as C

    play = app.stack[0]
    play.issue(C.HoldDialogue("EST", "FIN"))
    old = app.session
    _touch(watched, watched.read_text().replace("title: Test Shores", "title: Test Shores II"))
    app._last_poll = 0.0
    app.step()
    assert app.session is not old
    assert app.session.level.title == "Test Shores II"
    assert app.session.game.issued == [C.HoldDialogue("EST", "FIN")]
    assert app.session.game.state.state_hash() == old.game.state.state_hash()
    assert app.stack[0] is play and play.session is app.session
    assert not app.reload_errors


def test_live_reload_keeps_playing_when_the_level_breaks(app, watched) -> None:
    old = app.session
    _touch(watched, watched.read_text().replace("player: EST", "player: XXX"))
    app._last_poll = 0.0
    app.step()
    assert app.session is old
    assert app.reload_errors and "test_shores.yaml:" in app.reload_errors[0]
    line, col = app.reload_errors[0].split(":")[1:3]
    assert line.isdigit() and col.isdigit()


def _reload_with_new_budget(app, watched) -> None:
    text = watched.read_text()
    assert "budget: 12}" in text
    _touch(watched, text.replace("budget: 12}", "budget: 33}", 1))
    app._last_poll = 0.0
    app.step()


def test_the_reload_toast_offers_a_restart_and_f5_takes_it(app, ui, watched) -> None:
    """After a reload the toast names F5; F5 starts turn 0 of the new version, still watched."""
    from game.core import commands as C

    app.stack[0].issue(C.HoldDialogue("EST", "FIN"))
    app.session.game.end_turn()
    _reload_with_new_budget(app, watched)
    assert app.toasts[-1][0].endswith("F5: restart with these changes")
    replayed = app.session
    assert replayed.game.state.turn == 1
    ui.key(pygame.K_F5)
    assert app.session is not replayed
    assert app.session.game.state.turn == 0 and not app.session.game.issued
    est = app.session.game.state.idx("EST")
    assert float(app.session.game.state.budget[est]) == 33
    assert app.watcher is not None and app.watcher.path == watched


def test_the_pause_menu_restarts_with_the_changes_only_when_watching(app, ui, watched) -> None:
    from game.ui.scenes.overlays import PauseScene

    _reload_with_new_budget(app, watched)
    ui.key(pygame.K_ESCAPE)
    assert isinstance(app.top, PauseScene)
    ui.press("Restart with these changes")
    assert app.session.game.state.turn == 0
    assert [type(s).__name__ for s in app.stack] == ["PlayScene"]
    app.watcher = None
    ui.key(pygame.K_ESCAPE)
    with pytest.raises(AssertionError, match="no button"):
        ui.button("Restart with these changes")


def test_live_reload_survives_a_value_of_the_wrong_type(app, watched) -> None:
    """A list where a mapping belongs, saved mid-edit, is reported; the game goes on."""
    old = app.session
    text = watched.read_text()
    broken = text.replace(
        "positions: {democracy: 0.9, free_trade: 0.8, defence_spending: 0.7}", "positions: [[]]"
    )
    assert broken != text
    _touch(watched, broken)
    app._last_poll = 0.0
    app.step()
    assert app.session is old
    assert app.reload_errors and "test_shores.yaml:" in app.reload_errors[0]
    assert "E102" in app.reload_errors[0]


@pytest.mark.parametrize(("preset", "used"), [(None, "0"), ("1", "1")])
def test_the_window_is_shown_without_opengl_unless_the_player_asks(
    tmp_path, levels_dir, monkeypatch, preset, used
) -> None:
    """The window is filled by plain copies, not through OpenGL (10 ms a frame with software
    GL); a player who set SDL_FRAMEBUFFER_ACCELERATION keeps that choice."""
    if preset is None:
        monkeypatch.delenv("SDL_FRAMEBUFFER_ACCELERATION", raising=False)
    else:
        monkeypatch.setenv("SDL_FRAMEBUFFER_ACCELERATION", preset)
    a = app_module.App(config=tmp_path / "c", data=tmp_path / "d", levels_dir=levels_dir)
    try:
        assert os.environ["SDL_FRAMEBUFFER_ACCELERATION"] == used
    finally:
        a.close()


def test_screenshot_names_do_not_collide(app) -> None:
    app.push(MenuScene(app))
    a, b = app.screenshot(), app.screenshot()
    assert a is not None and b is not None and a != b
    assert time.strftime("%Y") in a.name


def test_a_new_game_freezes_what_lives_and_lets_the_last_game_go(playing, levels_dir) -> None:
    """Starting a game takes what is alive out of the cycle collector's full passes; the game
    before it is thawed first, so once nothing refers to it, it is collected."""
    import gc
    import weakref

    from game.ui.session import Session, open_level

    assert gc.get_freeze_count() > 0
    last = weakref.ref(playing.session)
    path = levels_dir / "test_shores.yaml"
    playing.apply(playing.start(Session.new(open_level(path), None, path)))
    playing.step()
    gc.collect()
    assert last() is None
