"""Small overlays: shortcuts help, pause menu, message box, charts, turn summary, reload errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.ui import theme as T
from game.ui.charts import draw_chart, history_series
from game.ui.describe import Line
from game.ui.scene import Pop, Push, Quit, Replace, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.widgets import Button, Custom, Label, column

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.session import Session

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Drag · arrows · WASD", "Pan the map"),
    ("Wheel · + / −", "Zoom toward the pointer"),
    ("H", "Reset the map view"),
    ("Click a nation", "Open its panel"),
    ("1 – 6", "Map mode: trust, interop, grievance, stability, blocs, values"),
    ("L", "Show or hide names"),
    ("N", "Show or hide the news"),
    ("Tab", "Panel: next tab"),
    ("P", "Propose an agreement to the selected nation"),
    ("C", "History charts"),
    ("Enter", "End turn · confirm"),
    ("Ctrl+Z", "Undo the last action of this turn"),
    ("1 – 4 (in an event)", "Choose an option"),
    ("Ctrl+S", "Save the game under a name"),
    ("Esc", "Close · pause menu"),
    ("F11", "Fullscreen"),
    ("F12", "Screenshot"),
    ("M", "Sound on or off"),
    ("F1 · ?", "This help"),
)


class HelpScene(Dialog):
    """Every keyboard shortcut."""

    width, height = 760, 670

    def __init__(self, app: App) -> None:
        super().__init__(app, "Keyboard shortcuts")

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        h = th.px(28)
        key_w = th.px(230)
        for k, (keys, what) in enumerate(SHORTCUTS):
            y = body.y + k * h
            if y + h > body.bottom - th.px(40):
                break
            self.widgets.append(Label(pygame.Rect(body.x, y, key_w, h), keys, 15, T.INK, True))
            self.widgets.append(
                Label(pygame.Rect(body.x + key_w, y, body.w - key_w, h), what, 15, T.INK_DIM)
            )
        close = pygame.Rect(0, 0, th.px(140), th.px(36))
        close.bottomright = body.bottomright
        self.widgets.append(Button(close, "Close", Pop, style="ink", hotkey="Esc"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Pop()
        return super().on_event(event)


class MessageScene(Dialog):
    """A message with one button; used for errors that must be read."""

    width, height = 640, 320

    def __init__(self, app: App, title: str, text: str) -> None:
        super().__init__(app, title)
        self.text = text

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        self.widgets.append(
            Label(pygame.Rect(body.x, body.y, body.w, body.h - th.px(50)), self.text, 15, wrap=True)
        )
        ok = pygame.Rect(0, 0, th.px(140), th.px(36))
        ok.bottomright = body.bottomright
        self.widgets.append(Button(ok, "OK", Pop, style="ink", hotkey="Enter"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Pop()
        return super().on_event(event)


class PauseScene(Dialog):
    """Esc during play: resume, save, settings, main menu, quit."""

    width, height = 420, 380

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app, "Paused")
        self.session = session
        if app.watcher is not None:
            self.height += 60  # room for "Restart with these changes"

    def build(self, body: pygame.Rect) -> None:
        from game.ui.scenes.menu import MenuScene
        from game.ui.scenes.settings_scene import SettingsScene

        th = self.theme
        app = self.app

        def save() -> Transition:
            from game.ui.scenes.save_dialog import SaveDialog

            # The name dialog takes the pause menu's place: saving returns to the game.
            return Replace(SaveDialog(app, self.session))

        items: list[tuple[str, Callable[[], Any], str, str]] = [
            ("Resume", Pop, "Esc", "primary"),
            ("Save game", save, "Ctrl+S", "ink"),
            ("Settings", lambda: Push(SettingsScene(app)), "", "ink"),
            *(
                [("Restart with these changes", app.restart_level, "F5", "ink")]
                if app.watcher
                else []
            ),
            ("Main menu", lambda: Replace(MenuScene(app), clear=True), "", "ink"),
            ("Quit", Quit, "", "ink"),
        ]
        rects = column(body.x, body.y + th.px(8), body.w, th.px(48), th.px(12), len(items))
        for r, (text, action, key, style) in zip(rects, items, strict=True):
            self.widgets.append(Button(r, text, action, style=style, hotkey=key, size=17))


class ChartsScene(Dialog):
    """The history chart of the game so far."""

    width, height = 980, 560

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app, "History")
        self.session = session

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.session
        series = history_series(s.game.state.history, start_of(s), th)

        def paint(surface: pygame.Surface, rect: pygame.Rect, theme: T.Theme) -> None:
            draw_chart(surface, rect, theme, series, first_turn=0, span=s.level.turns + 1)

        chart = pygame.Rect(body.x, body.y, body.w, body.h - th.px(50))
        self.widgets.append(Custom(chart, paint))
        close = pygame.Rect(0, 0, th.px(140), th.px(36))
        close.bottomright = body.bottomright
        self.widgets.append(Button(close, "Close", Pop, style="ink", hotkey="Esc"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_c, pygame.K_RETURN):
            return Pop()
        return super().on_event(event)


def start_of(session: Session) -> dict[str, float]:
    """History values at turn 0, from the level's starting state."""
    from game.core.context import Ctx
    from game.core.state import initial_state
    from game.core.turn import record_history

    state = initial_state(session.level, session.game.state.seed)
    record_history(Ctx(session.level, state))
    return state.history[0]


class TurnSummaryScene(Dialog):
    """After End turn: the new date and what changed for the player."""

    width = 620

    def __init__(self, app: App, title: str, lines: list[Line], news_count: int) -> None:
        super().__init__(app, title)
        self.height = 200 + 26 * max(1, min(len(lines), 16))
        self.lines = lines
        self.news_count = news_count

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        h = th.px(26)
        rows = self.lines or [Line("Nothing changed for you this turn.")]
        y = body.y
        for line in rows:
            if y + h > body.bottom - th.px(76):
                break
            color = th.signed(line.tone) if line.tone else T.INK
            mark = "▲ " if line.tone > 0 else ("▼ " if line.tone < 0 else "• ")
            self.widgets.append(
                Label(pygame.Rect(body.x, y, body.w, h), mark + line.text, 15, color)
            )
            y += h
        note = f"{self.news_count} news item(s) in the feed — click one to see its nation."
        self.widgets.append(
            Label(pygame.Rect(body.x, body.bottom - th.px(76), body.w, h), note, 13, T.INK_DIM)
        )
        ok = pygame.Rect(0, 0, th.px(160), th.px(38))
        ok.bottomright = body.bottomright
        self.widgets.append(Button(ok, "Continue", Pop, style="primary", hotkey="Enter"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_SPACE,
        ):
            return Pop()
        return super().on_event(event)


def draw_reload_errors(surface: pygame.Surface, th: T.Theme, errors: list[str]) -> None:
    """The live-reload error overlay: the level's problems, with file:line:col, over the game."""
    lines = [ln for e in errors for ln in e.splitlines()][:14]
    pad = th.px(12)
    lh = th.line_height(13)
    w = min(surface.get_width() - 2 * pad, th.px(900))
    h = lh * (len(lines) + 2) + 2 * pad
    box = pygame.Rect(0, 0, w, h)
    box.midbottom = (surface.get_width() // 2, surface.get_height() - th.px(72))
    pygame.draw.rect(surface, (40, 20, 20), box, border_radius=th.px(6))
    pygame.draw.rect(surface, (214, 96, 80), box, 2, border_radius=th.px(6))
    title = th.text(
        "Level has errors — still playing the last version that loaded", 14, (255, 190, 170), True
    )
    surface.blit(title, (box.x + pad, box.y + pad))
    mono = th.font(12)
    for k, ln in enumerate(lines):
        text = th.ellipsize(ln, 12, w - 2 * pad)
        surface.blit(
            mono.render(text, True, T.CHROME_TEXT),
            (box.x + pad, box.y + pad + lh * (k + 1) + th.px(4)),
        )
