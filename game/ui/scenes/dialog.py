"""A modal dialog: a centred paper frame over a darkened screen, closed with Esc."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.ui import theme as T
from game.ui.scene import Pop, Scene, Transition
from game.ui.widgets import Button, Frame, Label

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

    def body_width(self, rect: pygame.Rect) -> int:
        """The width `build` gets for the body on a screen of `rect` (for sizing by it)."""
        th = self.theme
        return min(th.px(self.width), rect.w - th.px(24)) - 2 * th.px(18)

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

    def stack_lines(
        self, body: pygame.Rect, rows: list[tuple[str, tuple[int, int, int], int]], gap: int
    ) -> int:
        """Wrapped labels (text, colour, size) one under another from the top of `body`;
        returns the y below the last."""
        th = self.theme
        y = body.y
        for text, colour, size in rows:
            surf = th.text(text, size, colour, wrap=body.w)
            self.widgets.append(
                Label(
                    pygame.Rect(body.x, y, body.w, surf.get_height()), text, size, colour, wrap=True
                )
            )
            y += surf.get_height() + th.px(gap)
        return y

    def choice_row(
        self, body: pygame.Rect, choices: list[tuple[str, Callable[[], Transition], str, str]]
    ) -> None:
        """Buttons (text, action, style, hotkey) of equal width across the bottom of `body`."""
        th = self.theme
        gap, bh = th.px(10), th.px(40)
        bw = (body.w - (len(choices) - 1) * gap) // len(choices)
        for k, (text, action, style, key) in enumerate(choices):
            r = pygame.Rect(body.x + k * (bw + gap), body.bottom - bh, bw, bh)
            self.widgets.append(Button(r, text, action, style=style, hotkey=key, size=15))

    def answer_row(
        self,
        body: pygame.Rect,
        accept: Callable[[], Transition],
        refuse: tuple[str, Callable[[], Transition]],
        later: Callable[[], Transition],
        **accept_kw: Any,
    ) -> None:
        """Accept (1) and a refusal (2) at the bottom left of `body`, Later (Esc) at its right."""
        th = self.theme
        bw, bh = th.px(170), th.px(40)
        y = body.bottom - bh
        self.widgets.append(
            Button(
                pygame.Rect(body.x, y, bw, bh),
                "Accept",
                accept,
                style="primary",
                hotkey="1",
                **accept_kw,
            )
        )
        self.widgets.append(
            Button(
                pygame.Rect(body.x + bw + th.px(10), y, bw, bh),
                refuse[0],
                refuse[1],
                style="ink",
                hotkey="2",
            )
        )
        self.widgets.append(
            Button(
                pygame.Rect(body.right - bw, y, bw, bh), "Later", later, style="paper", hotkey="Esc"
            )
        )

    def keep_clear(self) -> pygame.Rect | None:
        return self.frame if self.frame.w else None

    def on_event(self, event: pygame.event.Event) -> Transition:
        # ← and → move along a row of buttons as ↓ and ↑ do, except where they move a cursor.
        sideways = () if self.wants_text else (pygame.K_RIGHT, pygame.K_LEFT)
        keyed = self.focus_keys(event, (pygame.K_DOWN, pygame.K_UP, *sideways))
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
