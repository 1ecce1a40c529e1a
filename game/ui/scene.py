"""The scene protocol: scenes turn input into commands and return Push, Pop or Replace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

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

    # -- life cycle -------------------------------------------------------------

    def layout(self, rect: pygame.Rect) -> None:
        """Place widgets for a screen of this size; called on entry, resize and when asked."""
        self.rect = rect

    def ensure_layout(self) -> None:
        if self.needs_layout or self.rect.size != self.app.size:
            self.needs_layout = False
            self.widgets = []
            self.layout(pygame.Rect(0, 0, *self.app.size))

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

    def relayout(self) -> None:
        self.needs_layout = True
        self.app.dirty = True
