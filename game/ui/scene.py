"""The scene protocol: scenes turn input into commands and return Push, Pop or Replace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pygame

from game.ui import theme as T
from game.ui.widgets import Widget

if TYPE_CHECKING:
    from game.ui.app import App


@dataclass(frozen=True)
class Push:
    """Put a scene on top of the stack."""

    scene: Scene


@dataclass(frozen=True)
class Pop:
    """Remove the top scene; `result` is handed to the scene below via `resumed`."""

    result: Any = None


@dataclass(frozen=True)
class Replace:
    """Swap the top scene for another (`clear` empties the whole stack first)."""

    scene: Scene
    clear: bool = False


@dataclass(frozen=True)
class PassThrough:
    """Let the scene below handle this event too (a side panel over the map)."""


@dataclass(frozen=True)
class Quit:
    """Close the window."""


Transition = Push | Pop | Replace | PassThrough | Quit | None
PASS = PassThrough()


class Scene:
    """One screen or overlay. Subclasses build widgets in `layout` and react in `handle`.

    `opaque` scenes hide those below them (the app does not draw what cannot be seen);
    a scene that is not opaque is drawn over the one below, as dialogs and panels are.
    """

    opaque = True
    # Scenes the game window may close at once with Esc (dialogs that decide nothing).
    title = ""
    # A scene with a text field: typed characters are text, not shortcuts (such as "?").
    wants_text = False
    # The music cue while this scene is on screen; None keeps the music of the scene below.
    music: str | None = None

    def __init__(self, app: App) -> None:
        self.app = app
        self.theme = app.theme
        self.widgets: list[Widget] = []
        self.rect = pygame.Rect(0, 0, *app.size)
        self.needs_layout = True
        self.focus = -1  # which focusable widget the keyboard's ring is on (-1: none)

    # -- life cycle -------------------------------------------------------------

    def layout(self, rect: pygame.Rect) -> None:
        """Place widgets for a screen of this size; called on entry, resize and when asked."""
        self.rect = rect

    def ensure_layout(self) -> None:
        if self.needs_layout or self.rect.size != self.app.size:
            self.needs_layout = False
            self.widgets = []
            self.layout(pygame.Rect(0, 0, *self.app.size))

    def settings_changed(self) -> None:
        """Scale, palette or window changed: lay out again (and re-colour what is cached)."""
        self.needs_layout = True

    def resumed(self, result: Any) -> Transition:
        """The scene above was popped with `result`."""
        self.needs_layout = True
        return None

    def update(self, dt: float) -> Transition:
        """Advance animations by `dt` seconds; may start a transition (e.g. an event dialog)."""
        return None

    @property
    def animating(self) -> bool:
        """True while the scene wants frames without input (an animation in progress)."""
        return False

    def keep_clear(self) -> pygame.Rect | None:
        """The part of the screen notices must not cover (a dialog's frame, a side panel)."""
        return None

    def rather_clear(self) -> pygame.Rect | None:
        """A part of the screen notices cover only where there is no other room (a legend)."""
        return None

    # -- input and drawing ------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition:
        """Default: offer the event to widgets, front-most first."""
        for w in reversed(self.widgets):
            if w.handle(event):
                result: Transition = w.take_result()
                return result
        return self.on_event(event)

    def on_event(self, event: pygame.event.Event) -> Transition:
        """Events no widget took; scenes override this for their keys."""
        return None

    def draw(self, surface: pygame.Surface) -> None:
        for w in self.widgets:
            w.draw(surface, self.theme)
        focused = self.focused()
        if focused is not None:
            th = self.theme
            ring = focused.rect.inflate(th.px(6), th.px(6))
            pygame.draw.rect(surface, T.ACCENT, ring, max(3, th.px(3)), border_radius=th.px(7))

    # -- keyboard focus -----------------------------------------------------------

    def focusables(self) -> list[Widget]:
        return [w for w in self.widgets if w.focusable]

    def focused(self) -> Widget | None:
        items = self.focusables()
        return items[self.focus] if 0 <= self.focus < len(items) else None

    def move_focus(self, step: int) -> None:
        """Move the focus ring `step` widgets on (wrapping), and show the widget's tooltip."""
        self.ensure_layout()
        items = self.focusables()
        if not items:
            return
        self.focus = (
            (self.focus + step) % len(items)
            if self.focus >= 0
            else (0 if step > 0 else len(items) - 1)
        )
        w = items[self.focus]
        self.app.tooltip = w.tip
        self.app.mouse = (w.rect.right - 8, w.rect.bottom - 4)
        self.app.dirty = True

    def activate_focus(self) -> Transition | Literal[False]:
        """Enter or Space: the focused widget acts; False when nothing has the focus."""
        w = self.focused()
        if w is None or not w.activate():
            return False
        result: Transition = w.take_result()
        return result

    def focus_keys(
        self, event: pygame.event.Event, move: tuple[int, ...]
    ) -> Transition | Literal[False]:
        """The focus keys a scene accepts: Tab, Shift+Tab and the keys in `move`
        (down/up pairs), Enter and Space. False when the key was not one of them."""
        if event.type != pygame.KEYDOWN:
            return False
        k = event.key
        back = bool(event.mod & pygame.KMOD_SHIFT)
        if k == pygame.K_TAB or k in move:
            up = back if k == pygame.K_TAB else move.index(k) % 2 == 1
            self.move_focus(-1 if up else 1)
            return None
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.activate_focus()
        return False

    def relayout(self) -> None:
        self.needs_layout = True
        self.app.dirty = True
