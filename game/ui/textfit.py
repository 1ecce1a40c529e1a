"""Fitting text in a box, the same way everywhere: wrap, then shrink a little, then cut with "…"."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui.theme import RGB, Theme

MIN_SIZE = 10  # never shrink text below this many design pixels
SHRINK = 2  # how many design pixels a label may lose before it is cut


@dataclass(frozen=True)
class Fitted:
    """Text laid out for a box: its lines, the size they are drawn at, and whether it was cut."""

    text: str
    lines: tuple[str, ...]
    size: int
    bold: bool
    cut: bool  # the lines do not hold the whole text: show `text` on hover

    def height(self, theme: Theme) -> int:
        return len(self.lines) * theme.line_height(self.size, self.bold)

    def width(self, theme: Theme) -> int:
        font = theme.font(self.size, self.bold)
        return max((font.size(line)[0] for line in self.lines), default=0)


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; a word wider than the box is broken."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if font.size(trial)[0] <= width:
                line = trial
                continue
            if line:
                out.append(line)
            line = word
            while font.size(line)[0] > width and len(line) > 1:
                k = len(line) - 1
                while k > 1 and font.size(line[:k])[0] > width:
                    k -= 1
                out.append(line[:k])
                line = line[k:]
        out.append(line)
    return out


def fit(
    theme: Theme,
    text: str,
    size: int,
    width: int,
    height: int = 0,
    *,
    bold: bool = False,
    shrink: int = SHRINK,
    max_lines: int = 0,
) -> Fitted:
    """Lay `text` out in a `width` × `height` box (height 0: one line).

    Wrap at the given size; if the lines do not all fit, try up to `shrink` design pixels
    smaller (never below MIN_SIZE); at the smallest size keep the lines that fit and end the
    last with "…" — then `cut` is set and the caller shows the whole text on hover.
    """
    width = max(1, width)
    smallest = max(min(size, MIN_SIZE), size - max(0, shrink))
    for s in range(size, smallest - 1, -1):
        font = theme.font(s, bold)
        rows = _room(theme, s, bold, height, max_lines)
        lines = wrap(font, text, width) if rows > 1 else [text]
        if len(lines) <= rows and all(font.size(line)[0] <= width for line in lines):
            return Fitted(text, tuple(lines), s, bold, False)
    font = theme.font(smallest, bold)
    rows = _room(theme, smallest, bold, height, max_lines)
    lines = wrap(font, text, width) if rows > 1 else [text]
    kept = lines[:rows]
    rest = " ".join(lines[rows - 1 :]) if len(lines) > rows else kept[-1]
    kept[-1] = theme.ellipsize(rest, smallest, width, bold)
    return Fitted(text, tuple(kept), smallest, bold, True)


def _room(theme: Theme, size: int, bold: bool, height: int, max_lines: int) -> int:
    rows = max(1, height // theme.line_height(size, bold)) if height else 1
    return min(rows, max_lines) if max_lines else rows


def draw(
    surface: pygame.Surface,
    theme: Theme,
    fitted: Fitted,
    rect: pygame.Rect,
    color: RGB,
    align: str = "left",
    valign: str = "top",
) -> pygame.Rect:
    """Blit the lines inside `rect`; returns the area the text covers."""
    lh = theme.line_height(fitted.size, fitted.bold)
    total = lh * len(fitted.lines)
    y = rect.y
    if valign == "center":
        y = rect.centery - total // 2
    elif valign == "bottom":
        y = rect.bottom - total
    covered = pygame.Rect(rect.x, y, 0, 0)
    for line in fitted.lines:
        surf = theme.text(line, fitted.size, color, fitted.bold)
        x = rect.x
        if align == "center":
            x = rect.centerx - surf.get_width() // 2
        elif align == "right":
            x = rect.right - surf.get_width()
        surface.blit(surf, (x, y))
        covered.union_ip(pygame.Rect(x, y, surf.get_width(), lh))
        y += lh
    return covered


def draw_text(
    surface: pygame.Surface,
    theme: Theme,
    text: str,
    rect: pygame.Rect,
    size: int = 15,
    color: RGB = (0, 0, 0),
    *,
    bold: bool = False,
    align: str = "left",
    valign: str = "center",
    lines: int = 0,
) -> Fitted:
    """Fit and draw in one call (a box as tall as `rect`); returns the layout for its tooltip."""
    fitted = fit(theme, text, size, rect.w, rect.h if lines != 1 else 0, bold=bold, max_lines=lines)
    draw(surface, theme, fitted, rect, color, align, valign)
    return fitted
