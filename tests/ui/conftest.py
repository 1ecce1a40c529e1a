"""Headless pygame setup for the UI tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Must be set before pygame initialises its video and audio subsystems.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.scene import Scene
    from game.ui.theme import Theme
    from game.ui.widgets import Button

SCREEN_SIZE = (1600, 900)


@pytest.fixture
def screen() -> Iterator[pygame.Surface]:
    """An initialised pygame with a 1600x900 display surface."""
    pygame.init()
    surface = pygame.display.set_mode(SCREEN_SIZE)
    try:
        yield surface
    finally:
        pygame.quit()


# A five-nation Baltic level whose first turns bring one event each, so a scripted game
# meets an event dialog on turns 2 and 3.
TEST_LEVEL = """\
id: test_shores
title: Test Shores
description: A small Baltic test level with five nations and a few teaching events.
difficulty: tutorial
turns: 8
seed: 7
player: EST
map: {base: world-110m, view: [10.0, 52.0, 34.0, 66.0]}
axes:
  - {id: democracy, name: Democracy, low: autocracy, high: democracy}
  - {id: free_trade, name: Free trade, low: protection, high: open markets}
  - {id: defence_spending, name: Defence spending, kind: issue, low: low, high: high}
nations:
  - {id: EST, name: Estonia, color: "#4f7cac", regions: [EST], capital: [24.75, 59.44],
     positions: {democracy: 0.9, free_trade: 0.8, defence_spending: 0.7}, budget: 12}
  - {id: FIN, name: Finland, color: "#7fa37a", regions: [FIN], capital: [24.94, 60.17],
     positions: {democracy: 0.9, free_trade: 0.6, defence_spending: 0.5},
     elections: {every: 16, next: 3}}
  - {id: LVA, name: Latvia, color: "#a87b5a", regions: [LVA], capital: [24.11, 56.95],
     positions: {democracy: 0.8, free_trade: 0.7, defence_spending: 0.6}}
  - {id: SWE, name: Sweden, color: "#c2a35a", regions: [SWE], capital: [18.07, 59.33],
     positions: {democracy: 0.95, free_trade: 0.7, defence_spending: 0.2}}
  - {id: RUS, name: Russia, color: "#8e6a8f", regions: [RUS], capital: [37.62, 55.75],
     positions: {democracy: -0.6, free_trade: -0.2, defence_spending: 0.9},
     equipment: eastern, doctrine: eastern}
relations:
  - {a: EST, b: RUS, trust: 25, grievance: 40, tension: 20}
  - {a: EST, b: FIN, trust: 60}
threats:
  - {id: pressure, name: Eastern pressure, source: RUS, threatened: [EST, LVA, FIN],
     level: 35, growth: 2}
agreements:
  - {kind: dialogue_forum, members: [FIN, SWE]}
events:
  - id: summit_invite
    title: A summit invitation
    text: Your neighbour invites your prime minister to a summit on regional security.
    target: other
    targets: [FIN, LVA, SWE]
    trigger: "turn >= 0"
    once: true
    options:
      - text: Accept with a warm speech
        effects:
          - trust: {from: target, to: player, by: 5}
          - approval: {nation: player, by: 1}
      - text: Send the foreign minister instead
        effects:
          - trust: {from: target, to: player, by: 2}
      - text: Decline politely
        requires: "approval(player) > 80"
        effects:
          - approval: {nation: player, by: 2}
  - id: home_protests
    title: Protests at home
    text: Crowds gather against the cost of the defence budget.
    trigger: "turn >= 1"
    once: true
    options:
      - text: Hold a town-hall tour
        effects:
          - approval: {nation: player, by: 3}
          - capital: {nation: player, by: -1}
      - text: Proceed regardless
        effects:
          - approval: {nation: player, by: -4}
victory:
  - when: >-
      alliance_size(player, 'defence_pact') >= 4
      and alliance_interop(player, 'defence_pact') >= 60
    text: A defence pact of four with working interoperability.
defeat:
  - when: "approval(player) < 20"
    text: Your government fell.
"""

FINLAND_CAPITAL = (24.94, 60.17)


@pytest.fixture
def levels_dir(tmp_path: Path) -> Path:
    """A levels folder holding the test level."""
    folder = tmp_path / "levels"
    folder.mkdir()
    (folder / "test_shores.yaml").write_text(TEST_LEVEL, encoding="utf-8")
    return folder


@pytest.fixture
def app(tmp_path: Path, levels_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    """The game window, headless, with its config and data folders in tmp_path."""
    from game.ui.app import App

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    a = App(
        config=tmp_path / "config", data=tmp_path / "data", levels_dir=levels_dir, size=SCREEN_SIZE
    )
    # Animations land at once, so one step shows the final picture.
    a.settings.animation_speed = 0.0
    try:
        yield a
    finally:
        a.close()


class Driver:
    """Posts real pygame events to an app and runs one step after each input."""

    def __init__(self, app: App) -> None:
        self.app = app

    def key(self, k: int, unicode: str = "", mod: int = 0) -> None:
        for kind in (pygame.KEYDOWN, pygame.KEYUP):
            pygame.event.post(pygame.event.Event(kind, key=k, mod=mod, unicode=unicode))
        self.app.step()

    def click(self, pos: tuple[float, float], button: int = 1) -> None:
        p = (round(pos[0]), round(pos[1]))
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=(0, 0, 0))
        )
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=p, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=p, button=button))
        self.app.step()

    def wheel(self, pos: tuple[int, int], y: int) -> None:
        """Turn the mouse wheel `y` notches (up is positive) with the pointer at `pos`."""
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
        )
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False))
        self.app.step()

    def button(self, text: str, scene: Scene | None = None) -> Button:
        """The button with this text in `scene` (default: the top scene), after layout."""
        from game.ui.widgets import Button

        scene = scene or self.app.top
        assert scene is not None
        scene.ensure_layout()
        for w in scene.widgets:
            if isinstance(w, Button) and w.text == text:
                return w
        raise AssertionError(f"no button {text!r} in {type(scene).__name__}")

    def press(self, text: str) -> None:
        """Click the centre of a button of the top scene."""
        self.click(self.button(text).rect.center)

    @property
    def names(self) -> list[str]:
        return [type(s).__name__ for s in self.app.stack]


@pytest.fixture
def ui(app: App) -> Driver:
    return Driver(app)


@pytest.fixture
def playing(app: App, levels_dir: Path) -> App:
    """The app with the test level started (no autosave noise unless a test wants it)."""
    from game.ui.session import Session, open_level

    path = levels_dir / "test_shores.yaml"
    app.apply(app.start(Session.new(open_level(path), None, path)))
    app.step()
    return app


# -- text audit: where every rendered text was drawn, and by which widget -----------------

SLACK = 1  # pixels of anti-aliasing a glyph may spill


@dataclass(frozen=True)
class Drawn:
    text: str
    ink: pygame.Rect  # the glyphs' own extent, where they were blitted
    shown: pygame.Rect  # what of it the clip let through
    box: pygame.Rect
    owner: str
    scrolls: bool  # drawn by a scrolling list, whose edge rows are meant to be cut


class AuditSurface(pygame.Surface):
    """A screen that remembers where each rendered text went and which widget drew it."""

    def __init__(self, size: tuple[int, int], theme: Theme) -> None:
        super().__init__(size)
        self.theme = theme
        self.box = pygame.Rect(0, 0, *size)
        self.owner = ""
        self.scrolls = False
        self.drawn: list[Drawn] = []

    def blit(  # type: ignore[override]
        self, source: pygame.Surface, dest: Any, area: Any = None, special_flags: int = 0
    ) -> pygame.Rect:
        text = self.theme.texts.get(source)
        if text and text.strip():
            x, y = (dest.x, dest.y) if isinstance(dest, pygame.Rect) else dest[:2]
            ink = source.get_bounding_rect().move(round(x), round(y))
            if ink.w and ink.h:
                shown = ink.clip(self.get_clip())
                self.drawn.append(Drawn(text, ink, shown, self.box, self.owner, self.scrolls))
        return super().blit(source, dest, area, special_flags)


def draw_audited(app: App, top_only: bool = False) -> list[list[Drawn]]:
    """Every visible scene drawn onto an audit surface: the texts of each scene, in order."""
    screen = AuditSurface(app.size, app.theme)
    first = max((k for k, s in enumerate(app.stack) if s.opaque), default=0)
    if top_only:
        first = len(app.stack) - 1
    out = []
    for scene in app.stack[first:]:
        scene.ensure_layout()
        screen.drawn = []
        for w in scene.widgets:
            screen.box = pygame.Rect(w.rect)
            screen.owner = f"{type(scene).__name__}/{type(w).__name__}"
            screen.scrolls = w.scrolls
            screen.set_clip(None)
            w.draw(screen, app.theme)
        out.append(screen.drawn)
    return out


def problems(app: App, where: str = "", top_only: bool = False) -> list[str]:
    """Text drawn outside the widget that drew it, cut by a clip, or over other text."""
    found = []
    for texts in draw_audited(app, top_only):
        for d in texts:
            seen = d.shown if d.scrolls else d.ink
            if not seen.w or not seen.h:
                continue
            if not d.box.inflate(2 * SLACK, 2 * SLACK).contains(seen):
                found.append(
                    f"{where}{d.owner}: {d.text!r} at {tuple(seen)} outside {tuple(d.box)}"
                )
            elif not d.scrolls and d.shown != d.ink:
                found.append(f"{where}{d.owner}: {d.text!r} cut by a clip at {tuple(d.shown)}")
        shown = [d for d in texts if d.shown.w and d.shown.h]
        for k, a in enumerate(shown):
            for b in shown[k + 1 :]:
                if a.shown.inflate(-2 * SLACK, -2 * SLACK).colliderect(b.shown):
                    found.append(f"{where}{a.owner}: {a.text!r} overlaps {b.owner}: {b.text!r}")
    return found


@pytest.fixture
def text_problems() -> Callable[..., list[str]]:
    """`text_problems(app, where, top_only)`: text out of its widget, clipped or overlapping."""
    return problems


@pytest.fixture
def drawn_texts() -> Callable[..., list[str]]:
    """`drawn_texts(app)`: every text the visible scenes draw now, in drawing order."""

    def texts(app: App, top_only: bool = False) -> list[str]:
        return [d.text for scene in draw_audited(app, top_only) for d in scene]

    return texts
