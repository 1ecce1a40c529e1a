"""Frame-time and start-up measurements of the window, headless, for `alliances bench`."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.ui.mapview import MapView

BENCH_LEVEL = """\
id: bench_baltic
title: Bench Baltic
turns: 20
player: EST
map: {view: [4.0, 50.0, 42.0, 70.0]}
axes:
  - {id: democracy, name: Democracy}
  - {id: defence_spending, name: Defence spending, kind: issue}
nations:
  - {id: EST, name: Estonia, color: "#4f7cac", regions: [EST], capital: [24.75, 59.44],
     positions: {democracy: 0.9, defence_spending: 0.7}}
  - {id: FIN, name: Finland, color: "#7fa37a", regions: [FIN], capital: [24.94, 60.17],
     positions: {democracy: 0.9, defence_spending: 0.5}}
  - {id: LVA, name: Latvia, color: "#a87b5a", regions: [LVA], capital: [24.11, 56.95],
     positions: {democracy: 0.8, defence_spending: 0.6}}
  - {id: LTU, name: Lithuania, color: "#9a8cb0", regions: [LTU], capital: [25.28, 54.69],
     positions: {democracy: 0.8, defence_spending: 0.6}}
  - {id: SWE, name: Sweden, color: "#c2a35a", regions: [SWE], capital: [18.07, 59.33],
     positions: {democracy: 0.95, defence_spending: 0.2}}
  - {id: NOR, name: Norway, color: "#6d9bb0", regions: [NOR], capital: [10.75, 59.91],
     positions: {democracy: 0.95, defence_spending: 0.4}}
  - {id: POL, name: Poland, color: "#b06d6d", regions: [POL], capital: [21.01, 52.23],
     positions: {democracy: 0.6, defence_spending: 0.9}}
  - {id: DEU, name: Germany, color: "#8c8c6a", regions: [DEU], capital: [13.40, 52.52],
     positions: {democracy: 0.9, defence_spending: 0.1}}
agreements:
  - {kind: dialogue_forum, members: [EST, FIN, LVA, LTU]}
  - {kind: defence_pact, members: [POL, DEU, NOR]}
"""


def _median_ms(step: Callable[[int], object], runs: int) -> float:
    samples = []
    for k in range(runs):
        t0 = time.perf_counter()
        step(k)
        samples.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(samples)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def zoom_sequence(
    view: MapView, frame: Callable[[], object], at: tuple[float, float], steps: int = 8
) -> dict[str, float]:
    """Frames of a wheel zoom `steps` steps in, then as many out, with 18 frames after each
    step (0.6 s at 30 a second): the 95th percentile and the slowest frame of each way, and
    the most processor time one frame took (not counting waits for the window system)."""
    from game.ui.mapview import ZOOM_STEP

    out: dict[str, float] = {}
    cpu_max = 0.0
    for way, factor in (("in", ZOOM_STEP), ("out", 1 / ZOOM_STEP)):
        wall: list[float] = []
        for _ in range(steps * 18):
            if len(wall) % 18 == 0:
                view.zoom_by(factor, at)
            t0, c0 = time.perf_counter(), time.thread_time()
            view.update(1 / 30)
            frame()
            wall.append((time.perf_counter() - t0) * 1000.0)
            cpu_max = max(cpu_max, (time.thread_time() - c0) * 1000.0)
        out[f"ui_zoom_{way}_frame_p95"] = _p95(wall)
        out[f"ui_zoom_{way}_frame_max"] = max(wall)
    out["ui_zoom_frame_cpu_max"] = cpu_max
    return out


def video_driver(window: bool) -> str:
    """The video driver frames will be measured with: the real window's, or none (dummy)."""
    if not window:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    pygame.display.init()
    try:
        driver = str(pygame.display.get_driver())
    finally:
        pygame.display.quit()
    # Every later measurement (and its child processes) uses that same driver.
    os.environ["SDL_VIDEODRIVER"] = driver
    return driver


def startup_child(launched: float) -> None:
    """In a fresh interpreter: open the window on the menu and print when its first frame was
    drawn (wall-clock seconds since `launched`) and how long the sound device took to open."""
    from game.ui.app import App
    from game.ui.scenes.menu import MenuScene

    with tempfile.TemporaryDirectory() as tmp:
        app = App(config=Path(tmp) / "cfg", data=Path(tmp) / "data")
        app.push(MenuScene(app))
        app.draw()
        shown = time.time()
        t0 = time.perf_counter()
        app.audio.open()
        opened = time.perf_counter() - t0
        app.close()
    print(f"{(shown - launched) * 1000:.3f} {opened * 1000:.3f}")


def bench_startup(runs: int = 5) -> dict[str, float]:
    """Median ms from launching Python to the menu's first frame, and to open the sound device
    (done right after that frame; composing the sounds then runs in the background)."""
    env = dict(os.environ)
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    menu, audio = [], []
    for _ in range(runs):
        launched = time.time()
        code = f"from game.ui.bench import startup_child; startup_child({launched!r})"
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        shown, opened = (float(x) for x in out.stdout.split()[-2:])
        menu.append(shown)
        audio.append(opened)
    return {
        "ui_startup_to_menu": statistics.median(menu),
        "ui_sound_device_open": statistics.median(audio),
    }


def bench_ui(runs: int = 15, size: tuple[int, int] = (1600, 900)) -> dict[str, float]:
    """Median ms per frame: map pan and zoom frames, a panel redraw, a full and an idle frame.

    ui_map_zoom_frame is a zoom that lands (the old map layer, scaled, stands in); the frames
    that then paint the new layer, and the one that shows it, are ui_layer_frame_max (the
    slowest) and ui_layer_frames (how many); the frames of an animated zoom in between are
    ui_zoom_animation_frame. The ui_zoom_* rows are every frame of eight wheel steps in and
    out (see `zoom_sequence`).
    Call `video_driver` first to choose between a real window and none.
    """
    import pygame

    from game.ui.app import App
    from game.ui.audio.bus import RENDERER
    from game.ui.scenes.nation import NationPanel
    from game.ui.session import Session, open_level
    from game.ui.worldmap import settle_after_zoom

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "levels" / "bench_baltic.yaml"
        path.parent.mkdir()
        path.write_text(BENCH_LEVEL, encoding="utf-8")
        app = App(config=root / "cfg", data=root / "data", levels_dir=path.parent, size=size)
        try:
            app.apply(app.start(Session.new(open_level(path), None, path)))
            app.session.autosave_enabled = False  # type: ignore[union-attr]
            app.draw()
            # Frames are timed once the sounds are composed, not while that thread runs.
            app.audio.open()
            RENDERER.wait()
            play = app.stack[0]
            app.apply(play.select("FIN"))  # type: ignore[attr-defined]
            app.draw()
            panel = app.top
            assert isinstance(panel, NationPanel)
            centre = (size[0] / 2, size[1] / 2)

            def pan(k: int) -> None:
                play.map.pan_by(9 if k % 2 else -9, 4 if k % 2 else -4)  # type: ignore[attr-defined]
                app.draw()

            def zoom(k: int) -> None:
                play.map.zoom_at(1.1 if k % 2 == 0 else 1 / 1.1, centre)  # type: ignore[attr-defined]
                app.draw()

            view = play.view  # type: ignore[attr-defined]

            def zoom_anim(k: int) -> None:
                if not view.animating_zoom:
                    view.zoom_by(2.0, centre)
                view.update(0.001)
                app.draw()

            def panel_redraw(k: int) -> None:
                panel.needs_layout = True
                panel.ensure_layout()
                panel.draw(app.screen)

            def idle(k: int) -> None:
                app.step(wait=False)

            out = {
                "ui_full_frame": _median_ms(lambda k: app.draw(), runs),
                # What showing a frame costs the window system, part of every frame above.
                "ui_display_flip": _median_ms(lambda k: pygame.display.flip(), runs),
                "ui_map_pan_frame": _median_ms(pan, runs),
                "ui_map_zoom_frame": _median_ms(zoom, runs),
            }
            settled = settle_after_zoom(play.map, app.draw, centre, runs)  # type: ignore[attr-defined]
            out["ui_layer_frame_max"] = settled["map_layer_frame_max"]
            out["ui_layer_frames"] = settled["map_layer_frames"]
            out["ui_zoom_animation_frame"] = _median_ms(zoom_anim, runs)
            out["ui_panel_redraw"] = _median_ms(panel_redraw, runs)
            view.finish_zoom()
            play.map.zoom = 1.0  # type: ignore[attr-defined]
            out.update(zoom_sequence(view, app.draw, centre))
            view.finish_zoom()
            app.draw()
            while play.map.building or play.map.needs_redraw:  # type: ignore[attr-defined]
                app.draw()  # the map paints its new layer, then shows it: not idle yet
            pygame.event.clear()
            frames = app.frames
            out["ui_idle_step"] = _median_ms(idle, runs)
            out["ui_idle_frames_drawn"] = float(app.frames - frames)
            return out
        finally:
            app.close()
