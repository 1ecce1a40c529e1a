"""History charts drawn with pygame: trust, approval, interoperability and tension over turns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from game.core import numbering
from game.core.defs import LevelDef
from game.ui import tension
from game.ui import theme as T
from game.ui.theme import RGB, Theme


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]
    color: RGB


@dataclass(frozen=True)
class GoalLine:
    """A threshold drawn across the chart: a level's goal or its point of defeat."""

    value: float
    color: RGB
    label: str


Tip = tuple[pygame.Rect, str]


SERIES_KEYS = (
    ("trust", "Trust in you (avg)"),
    ("approval", "Approval"),
    ("interop", "Interoperability"),
    ("tension", "World tension"),
)


def history_series(
    history: Sequence[dict[str, float]], start: dict[str, float] | None, theme: Theme
) -> list[Series]:
    """The four history lines, beginning with the starting values when known."""
    rows = ([start] if start else []) + list(history)
    colours = {
        "trust": theme.palette["high"],
        "approval": (214, 160, 60),
        "interop": (92, 130, 200) if theme.palette_name == "standard" else (0, 158, 115),
        "tension": theme.palette["low"],
    }
    return [
        Series(label, tuple(float(r.get(key, 0.0)) for r in rows), colours[key])
        for key, label in SERIES_KEYS
    ]


def draw_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    series: Sequence[Series],
    *,
    first_turn: int = 0,
    title: str = "",
    on_paper: bool = True,
    marker: int | None = None,
    span: int = 0,
    goals: Sequence[GoalLine] = (),
    notes: Sequence[str] = (),
) -> list[Tip]:
    """Lines on a 0–100 scale with gridlines, turn ticks and a legend across the top.

    `span` is how many turns the x axis covers (at least the data's length), so a game
    in progress shows how far along it is. Returns a tooltip per turn column: every
    line's value at that turn, then that column's entry of `notes` if it has one.
    """
    ink = T.INK if on_paper else T.CHROME_TEXT
    dim = T.INK_DIM if on_paper else T.CHROME_DIM
    grid = T.PAPER_2 if on_paper else T.SLATE_3
    top = rect.y
    if title:
        t = theme.text(title, 15, ink, True)
        surface.blit(t, (rect.x, top))
        top += t.get_height() + theme.px(4)
    # Legend: swatch and label per series, wrapping as needed.
    x, y = rect.x, top
    lh = theme.line_height(13)
    for s in series:
        label = theme.text(s.label, 13, dim)
        w = theme.px(16) + label.get_width() + theme.px(14)
        if x + w > rect.right:
            x, y = rect.x, y + lh
        pygame.draw.line(surface, s.color, (x, y + lh // 2), (x + theme.px(12), y + lh // 2), 3)
        surface.blit(label, (x + theme.px(16), y))
        x += w
    top = y + lh + theme.px(12)
    axis_w = theme.text("100", 12, dim).get_width() + theme.px(6)
    plot = pygame.Rect(rect.x + axis_w, top, rect.w - axis_w - theme.px(4), rect.bottom - top - lh)
    if plot.w < 20 or plot.h < 20:
        return []
    for v in (0, 25, 50, 75, 100):
        py = plot.bottom - round(plot.h * v / 100)
        pygame.draw.line(surface, grid, (plot.x, py), (plot.right, py), 1)
        lab = theme.text(str(v), 12, dim)
        surface.blit(lab, (plot.x - lab.get_width() - theme.px(4), py - lab.get_height() // 2))
    n = max((len(s.values) for s in series), default=0)
    if n == 0:
        msg = theme.text("No turns played yet", 14, dim)
        surface.blit(msg, msg.get_rect(center=plot.center))
        return []
    n_axis = max(n, span)
    step = plot.w / max(1, n_axis - 1)
    tick_every = max(1, round(n_axis / max(1, plot.w // theme.px(44))))
    for k in range(0, n_axis, tick_every):
        px = plot.x + round(k * step)
        lab = theme.text(point_label(first_turn + k), 12, dim)
        lx = max(rect.x, min(px - lab.get_width() // 2, rect.right - lab.get_width()))
        surface.blit(lab, (lx, plot.bottom + theme.px(2)))
    if marker is not None and 0 <= marker - first_turn < n:
        mx = plot.x + round((marker - first_turn) * step)
        pygame.draw.line(surface, T.ACCENT_DARK, (mx, plot.y), (mx, plot.bottom), 2)
    old = surface.get_clip()
    surface.set_clip(plot.inflate(6, 6).clip(old))
    for s in series:
        pts = [
            (plot.x + k * step, plot.bottom - plot.h * max(0.0, min(100.0, v)) / 100.0)
            for k, v in enumerate(s.values)
        ]
        if len(pts) == 1:
            pygame.draw.circle(surface, s.color, (round(pts[0][0]), round(pts[0][1])), 3)
        else:
            pygame.draw.lines(surface, s.color, False, pts, max(3, theme.px(3)))
            pygame.draw.circle(
                surface, s.color, (round(pts[-1][0]), round(pts[-1][1])), theme.px(4)
            )
    surface.set_clip(old)
    _goal_lines(surface, plot, theme, goals)
    tips = []
    for k in range(n):
        x0 = plot.x + round((k - 0.5) * step)
        column = pygame.Rect(x0, plot.y, max(1, round(step)), plot.h).clip(plot)
        values = " · ".join(f"{s.label} {s.values[k]:.0f}" for s in series if k < len(s.values))
        note = f"\n{notes[k]}" if k < len(notes) and notes[k] else ""
        tips.append((column, f"{point_title(first_turn + k)}: {values}{note}"))
    return tips


def tension_notes(
    level: LevelDef, history: Sequence[dict[str, float]], start: dict[str, float] | None
) -> list[str]:
    """Per chart column (starting values first when known), what moved world tension."""
    rows = ([start] if start else []) + list(history)
    return [tension.turn_note(level, row) for row in rows]


def point_label(point: int) -> str:
    """A history point's tick: the turns played by then ("start" before the first), so a
    40-turn game's axis runs from the start to 40."""
    return "start" if point == 0 else str(numbering.shown(point - 1))


def point_title(point: int) -> str:
    return "At the start" if point == 0 else f"After turn {numbering.shown(point - 1)}"


def _goal_lines(
    surface: pygame.Surface, plot: pygame.Rect, theme: Theme, goals: Sequence[GoalLine]
) -> None:
    """Dashed lines at each goal's value, labelled at the right end, labels never stacked."""
    placed: list[pygame.Rect] = []
    for g in goals:
        y = plot.bottom - round(plot.h * max(0.0, min(100.0, g.value)) / 100.0)
        dash = theme.px(6)
        for x in range(plot.x, plot.right, 2 * dash):
            pygame.draw.line(surface, g.color, (x, y), (min(plot.right, x + dash), y), 2)
        label = theme.text(theme.ellipsize(g.label, 11, plot.w // 2), 11, g.color, True)
        box = label.get_rect(bottomright=(plot.right - theme.px(4), y - theme.px(2)))
        if box.top < plot.top:
            box.top = y + theme.px(2)
        while any(box.colliderect(p) for p in placed) and box.bottom < plot.bottom:
            box.y += box.h
        placed.append(box)
        surface.blit(label, box)
