"""A modal dialog: a centred paper frame over a darkened screen, closed with Esc."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import theme as T
from game.ui.scene import Pop, Scene, Transition
from game.ui.widgets import Frame

if TYPE_CHECKING:
    from game.ui.app import App


class Dialog(Scene):
    """Subclasses set the size and fill `build(body)`; Esc closes unless `closable` is False."""

    opaque = False
    width = 640
    height = 420
    closable = True

    def __init__(self, app: App, title: str = "") -> None:
        super().__init__(app)
        self.title = title
        self.frame = pygame.Rect(0, 0, 0, 0)

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        w = min(th.px(self.width), rect.w - th.px(24))
        h = min(th.px(self.height), rect.h - th.px(24))
        self.frame = pygame.Rect(0, 0, w, h)
        self.frame.center = rect.center
        self.widgets.append(Frame(self.frame, self.title))
        pad = th.px(18)
        top = th.px(52) if self.title else pad
        body = pygame.Rect(self.frame.x + pad, self.frame.y + top, w - 2 * pad, h - top - pad)
        self.build(body)

    def build(self, body: pygame.Rect) -> None:
        """Place the dialog's widgets inside `body`."""

    def keep_clear(self) -> pygame.Rect | None:
        return self.frame if self.frame.w else None

    def on_event(self, event: pygame.event.Event) -> Transition:
        keyed = self.focus_keys(event, (pygame.K_DOWN, pygame.K_UP))
        if keyed is not False:
            return keyed
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.closable:
            return Pop()
        if event.type == pygame.MOUSEBUTTONDOWN and not self.frame.collidepoint(event.pos):
            # A click beside a modal does nothing: the screen below is not live.
            return None
        return None

    def draw(self, surface: pygame.Surface) -> None:
        T.scrim(surface)
        super().draw(surface)
