"""The map under the player's hands: drag and key panning, wheel zoom with a cheap animation."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.ui.worldmap import MAX_ZOOM, MIN_ZOOM, SEA, MapNation, WorldMap

if TYPE_CHECKING:
    from game.ui.session import Session

PAN_SPEED = 700.0  # pixels a second while an arrow key is held
ZOOM_STEP = 1.25
DRAG_SLOP = 4  # a press that moves less than this is a click, not a drag
PAN_KEYS = {
    pygame.K_LEFT: (1, 0),
    pygame.K_a: (1, 0),
    pygame.K_RIGHT: (-1, 0),
    pygame.K_d: (-1, 0),
    pygame.K_UP: (0, 1),
    pygame.K_w: (0, 1),
    pygame.K_DOWN: (0, -1),
    pygame.K_s: (0, -1),
}
ZOOM_IN_KEYS = (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
ZOOM_OUT_KEYS = (pygame.K_MINUS, pygame.K_KP_MINUS)


def make_map(session: Session) -> WorldMap:
    """The world map of a session's level, in the session's map view."""
    nations = [MapNation(n.id, n.name, tuple(n.regions), n.capital) for n in session.level.nations]
    return WorldMap(nations, session.view)


class MapView:
    """Input and animation around a WorldMap.

    A zoom rebuilds the map's base layer (tens of ms on a world view), so an animated
    zoom scales a snapshot of the map instead and asks the map for the real zoom once,
    when the animation lands.
    """

    def __init__(self, world: WorldMap, speed: Callable[[], float]) -> None:
        self.map = world
        self.speed = speed
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.drag_from: tuple[int, int] | None = None
        self.drag_last = (0, 0)
        self.dragged = False
        self.held: set[int] = set()
        self._snap: pygame.Surface | None = None
        self._anchor = (0.0, 0.0)
        self._shown = 1.0  # zoom of the animation relative to the snapshot
        self._goal = 1.0

    # -- input -------------------------------------------------------------------

    def press(self, pos: tuple[int, int]) -> bool:
        """A left press on the map starts a drag or a click; False when outside the map."""
        if not self.rect.collidepoint(pos):
            return False
        self.finish_zoom()
        self.drag_from = self.drag_last = pos
        self.dragged = False
        return True

    def drag(self, pos: tuple[int, int]) -> bool:
        """Follow the pointer while pressed; True while a drag is under way."""
        if self.drag_from is None:
            return False
        moved = abs(pos[0] - self.drag_from[0]) + abs(pos[1] - self.drag_from[1])
        if self.dragged or moved >= DRAG_SLOP:
            self.dragged = True
            self.map.pan_by(pos[0] - self.drag_last[0], pos[1] - self.drag_last[1])
            self.drag_last = pos
        return True

    def release(self, pos: tuple[int, int]) -> tuple[bool, str | None]:
        """End a press: (was a click, the nation clicked or None)."""
        if self.drag_from is None:
            return False, None
        self.drag_from = None
        if self.dragged:
            self.map.end_pan()
            return False, None
        return True, self.map.pick(pos)

    def pick(self, pos: tuple[int, int]) -> str | None:
        if self.animating_zoom or not self.rect.collidepoint(pos):
            return None
        return self.map.pick(pos)

    def key_down(self, key: int) -> bool:
        if key in PAN_KEYS:
            self.finish_zoom()
            self.held.add(key)
            return True
        if key in ZOOM_IN_KEYS:
            self.zoom_by(ZOOM_STEP, self.rect.center)
            return True
        if key in ZOOM_OUT_KEYS:
            self.zoom_by(1 / ZOOM_STEP, self.rect.center)
            return True
        if key == pygame.K_h:
            self.finish_zoom()
            self.map.zoom = 1.0
            return True
        return False

    def key_up(self, key: int) -> None:
        self.held.discard(key)

    def wheel(self, y: float, pos: tuple[int, int]) -> None:
        if y and self.rect.collidepoint(pos):
            self.zoom_by(ZOOM_STEP**y, pos)

    # -- zoom animation ------------------------------------------------------------

    def zoom_by(self, factor: float, anchor: tuple[float, float]) -> None:
        anchor = (float(anchor[0]), float(anchor[1]))
        if self._snap is not None and anchor != self._anchor:
            self.finish_zoom()
        z = self.map.zoom
        reach = min(MAX_ZOOM, max(MIN_ZOOM, z * self._goal * factor)) / z
        if self.speed() <= 0:
            self.map.zoom_at(reach, anchor)
            return
        if self._snap is None:
            if abs(math.log(reach)) < 1e-6:
                return
            # Drawn at the map's own screen position, so the map keeps its screen origin
            # (picking and zoom anchors stay right).
            canvas = pygame.Surface((self.rect.right, self.rect.bottom))
            self.map.draw(canvas, self.rect)
            snap = canvas.subsurface(self.rect).copy()
            self._snap, self._anchor, self._shown = snap, anchor, 1.0
        self._goal = reach

    @property
    def animating_zoom(self) -> bool:
        return self._snap is not None

    @property
    def animating(self) -> bool:
        # A map painting its layer over several frames wants those frames, and the one after.
        return (
            bool(self.held) or self._snap is not None or self.map.building or self.map.needs_redraw
        )

    def finish_zoom(self) -> None:
        if self._snap is None:
            return
        goal, anchor = self._goal, self._anchor
        self._snap, self._shown, self._goal = None, 1.0, 1.0
        self.map.zoom_at(goal, anchor)

    def update(self, dt: float) -> None:
        if self.held:
            dx = sum(PAN_KEYS[k][0] for k in self.held)
            dy = sum(PAN_KEYS[k][1] for k in self.held)
            self.map.pan_by(dx * PAN_SPEED * dt, dy * PAN_SPEED * dt)
        if self._snap is not None:
            gap = math.log(self._goal / self._shown)
            # Exponential approach: quick at first, settling softly on the goal.
            t = min(1.0, dt * 10.0 * max(0.1, self.speed()))
            if abs(gap) < 0.01 or t >= 1.0:
                self.finish_zoom()
            else:
                self._shown *= math.exp(gap * t)

    # -- drawing ---------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        if rect.size != self.rect.size:
            self.finish_zoom()
        self.rect = pygame.Rect(rect)
        if self._snap is None:
            self.map.draw(surface, rect)
            return
        z = self._shown
        ax, ay = self._anchor[0] - rect.x, self._anchor[1] - rect.y
        w, h = rect.size
        old = surface.get_clip()
        surface.set_clip(rect.clip(old))
        if z >= 1.0:
            # Only the part of the snapshot that stays visible is scaled up.
            src = pygame.Rect(
                round(ax * (1 - 1 / z)), round(ay * (1 - 1 / z)), round(w / z), round(h / z)
            )
            src = src.clip(self._snap.get_rect())
            if src.w > 0 and src.h > 0:
                part = pygame.transform.scale(self._snap.subsurface(src), (w, h))
                surface.blit(part, rect.topleft)
        else:
            surface.fill(SEA, rect)
            small = pygame.transform.scale(self._snap, (max(1, round(w * z)), max(1, round(h * z))))
            surface.blit(small, (rect.x + round(ax - ax * z), rect.y + round(ay - ay * z)))
        surface.set_clip(old)
