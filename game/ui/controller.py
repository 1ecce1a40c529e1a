"""The one narrow way screens over the map reach the game in progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pygame

    from game.core.commands import Command
    from game.core.outcomes import Result
    from game.ui.scene import Scene, Transition
    from game.ui.session import Session


class Controller(Protocol):
    """What a dialog or panel may ask of the play screen, and nothing more.

    Scenes read the game through `session` and change it only through `issue` and `undo`;
    they never touch the play screen's map, camera or widgets.
    """

    @property
    def session(self) -> Session:
        """The game being played (read it; change it only through `issue`)."""
        ...

    @property
    def map_area(self) -> pygame.Rect:
        """The part of the window the map shows, for panels that sit over it."""
        ...

    def issue(self, cmd: Command) -> Result:
        """Send a command to the rules, tell the player what happened, redraw."""
        ...

    def undo(self) -> Transition:
        """Take back the last command of this turn."""
        ...

    def select(self, nid: str | None) -> Transition:
        """Select a nation (None clears the selection and closes its panel)."""
        ...

    def point_at(self, nid: str | None) -> None:
        """Highlight the nation under the pointer (None when the pointer leaves the map)."""
        ...

    def open(self, scene: Scene) -> Transition:
        """Show `scene` over the play screen."""
        ...

    def later(self) -> None:
        """Put off every event, offer, call and ask waiting now, so the player can look at
        the map; the chip beside End turn opens them again this turn."""
        ...

    def invalidate(self) -> None:
        """The state changed: re-read it into the map and every panel."""
        ...

    def tick(self, dt: float) -> Transition:
        """Let the play screen animate and raise its dialogs while a panel covers it."""
        ...
