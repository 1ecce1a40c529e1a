"""The load and replay menus: every save with its level, date and turn; damaged ones named."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pygame

from game.ui.scene import Pop, Push, Scene, Transition
from game.ui.scenes.menu import paint_backdrop
from game.ui.session import Session, SessionError
from game.ui.widgets import Button, Custom, Frame, ListView

if TYPE_CHECKING:
    from game.ui.app import App


def list_saves(app: App) -> tuple[list[Any], str]:
    """The saves, newest first, or an empty list and why."""
    try:
        from game.saves.store import list_saves as _list
    except ImportError as exc:
        return [], f"Saves are unavailable ({exc})"
    try:
        return _list(app.data_override), ""
    except OSError as exc:
        return [], f"The saves folder cannot be read ({exc.strerror or exc})"


def describe(info: Any) -> tuple[str, str]:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.modified)) if info.modified else ""
    if not info.ok:
        return (info.name, f"Damaged: {info.problem}")
    result = f" · {info.result}" if info.result else ""
    return (
        f"{info.level_title or info.name}",
        f"{info.name} · {info.date_label} · turn {info.turn}{result} · saved {when}",
    )


class LoadScene(Scene):
    """`mode` is "load" (play on) or "replay" (open the replay viewer)."""

    def __init__(self, app: App, mode: str = "load") -> None:
        super().__init__(app)
        self.mode = mode
        self.saves, self.problem = list_saves(app)
        self.index = 0

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        self.widgets.append(Custom(rect, paint_backdrop))
        box = pygame.Rect(
            0, 0, min(th.px(900), rect.w - th.px(40)), min(th.px(640), rect.h - th.px(40))
        )
        box.center = rect.center
        title = "Load a game" if self.mode == "load" else "Replays — choose a saved game"
        self.widgets.append(Frame(box, title))
        inner = pygame.Rect(
            box.x + th.px(18), box.y + th.px(56), box.w - th.px(36), box.h - th.px(124)
        )
        rows = [describe(i) for i in self.saves] or [
            ("No saves yet", self.problem or "Games are autosaved at the end of every turn.")
        ]
        self.widgets.append(
            ListView(
                inner, rows, self.choose, row_height=56, selected=self.index if self.saves else -1
            )
        )
        bw, bh = th.px(180), th.px(42)
        go = pygame.Rect(box.right - th.px(18) - bw, box.bottom - th.px(18) - bh, bw, bh)
        info = self.saves[self.index] if self.saves else None
        ok = info is not None and info.ok
        tip = "" if ok else (info.problem if info is not None else "Nothing to open")
        label = "Load" if self.mode == "load" else "Watch replay"
        self.widgets.append(
            Button(go, label, self.open, style="primary", hotkey="Enter", enabled=ok, tip=tip or "")
        )
        back = pygame.Rect(go.x - th.px(150), go.y, th.px(140), bh)
        self.widgets.append(Button(back, "Back", Pop, style="ink", hotkey="Esc"))

    def choose(self, k: int) -> Transition:
        self.index = k
        self.relayout()
        return None

    def open(self) -> Transition:
        from game.ui.scenes.overlays import MessageScene

        if not self.saves:
            return None
        info = self.saves[self.index]
        if self.mode == "replay":
            from game.ui.replay import ReplayScene

            try:
                return Push(ReplayScene(self.app, info.path))
            except SessionError as exc:
                return Push(MessageScene(self.app, "Cannot open the replay", str(exc)))
        try:
            session = Session.from_save(info.path, self.app.data_override)
        except SessionError as exc:
            return Push(MessageScene(self.app, "Cannot load", str(exc)))
        return self.app.start(session)

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.open()
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if event.key in (pygame.K_DOWN, pygame.K_UP) and self.saves:
                step = 1 if event.key == pygame.K_DOWN else -1
                return self.choose((self.index + step) % len(self.saves))
        return None
