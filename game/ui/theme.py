"""Colours, fonts and the cached text renderer shared by every screen, scaled by the UI scale."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass

import pygame

from game.ui.geo import assets_dir

RGB = tuple[int, int, int]

# Dark slate chrome around warm paper panels: calm, legible, and the map stays the star.
SLATE: RGB = (22, 28, 36)
SLATE_2: RGB = (34, 42, 52)
SLATE_3: RGB = (50, 60, 72)
SLATE_LINE: RGB = (70, 82, 96)
CHROME_TEXT: RGB = (232, 228, 216)
CHROME_DIM: RGB = (160, 166, 172)
PAPER: RGB = (238, 231, 214)
PAPER_2: RGB = (226, 217, 196)
PAPER_LINE: RGB = (190, 178, 152)
INK: RGB = (40, 36, 30)
INK_DIM: RGB = (104, 96, 84)
ACCENT: RGB = (246, 206, 104)
ACCENT_DARK: RGB = (176, 126, 36)
SHADOW: tuple[int, int, int, int] = (0, 0, 0, 90)
SCRIM: tuple[int, int, int, int] = (10, 14, 20, 150)

# Signed numbers: deep enough to read on paper, and the palettes below keep them apart
# for colour-blind players by also changing lightness.
PALETTES: dict[str, dict[str, RGB]] = {
    "standard": {
        "good": (44, 118, 66),
        "bad": (170, 48, 40),
        "good_light": (120, 200, 140),
        "bad_light": (236, 120, 104),
        "low": (178, 64, 52),
        "mid": (206, 196, 160),
        "high": (58, 136, 110),
        "seq_lo": (232, 222, 188),
        "seq_hi": (140, 40, 36),
    },
    "colourblind": {
        "good": (0, 94, 160),
        "bad": (178, 84, 0),
        "good_light": (110, 176, 232),
        "bad_light": (240, 168, 80),
        "low": (213, 94, 0),
        "mid": (214, 210, 196),
        "high": (0, 114, 178),
        "seq_lo": (236, 228, 200),
        "seq_hi": (86, 28, 120),
    },
}

# Okabe–Ito, then a few muted extras: distinct for every common form of colour blindness.
# Bloc colours keep clear of the player's gold and of the grey of "no agreement".
BLOC_COLOURS_CB: tuple[RGB, ...] = (
    (0, 114, 178),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (90, 50, 160),
)
BLOC_COLOURS: tuple[RGB, ...] = (
    (74, 124, 172),
    (86, 160, 80),
    (176, 80, 120),
    (110, 170, 190),
    (184, 104, 64),
    (150, 130, 190),
    (60, 140, 132),
)

FONT_REGULAR = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"
# Text surfaces are cached by (text, size, colour, bold); this many are kept.
TEXT_CACHE_SIZE = 2048


def mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend from `a` (t=0) to `b` (t=1)."""
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


@dataclass
class Theme:
    """Fonts at the current UI scale, colours of the current palette, and a text cache."""

    scale: float = 1.0
    palette_name: str = "standard"

    def __post_init__(self) -> None:
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._text: OrderedDict[tuple[str, int, RGB, bool, int], pygame.Surface] = OrderedDict()
        self.renders = 0
        # What each rendered surface says, so a drawing can be checked for text out of place.
        self.texts: weakref.WeakKeyDictionary[pygame.Surface, str] = weakref.WeakKeyDictionary()

    def configure(self, scale: float, colourblind: bool) -> bool:
        """Adopt new settings; True when anything visible changed."""
        name = "colourblind" if colourblind else "standard"
        changed = scale != self.scale or name != self.palette_name
        if scale != self.scale:
            self._fonts.clear()
            self._text.clear()
        self.scale, self.palette_name = scale, name
        return changed

    @property
    def palette(self) -> dict[str, RGB]:
        return PALETTES[self.palette_name]

    @property
    def blocs(self) -> tuple[RGB, ...]:
        return BLOC_COLOURS_CB if self.palette_name == "colourblind" else BLOC_COLOURS

    def px(self, n: float) -> int:
        """A length in design pixels at the current UI scale."""
        return max(1, round(n * self.scale))

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        px = self.px(size)
        key = (px, bold)
        f = self._fonts.get(key)
        if f is None:
            if not pygame.font.get_init():
                pygame.font.init()
            path = assets_dir() / "fonts" / (FONT_BOLD if bold else FONT_REGULAR)
            f = pygame.font.Font(path if path.is_file() else None, px)
            self._fonts[key] = f
        return f

    def text(
        self, text: str, size: int = 15, color: RGB = INK, bold: bool = False, wrap: int = 0
    ) -> pygame.Surface:
        """Rendered text, cached; `wrap` is a width in pixels (0: one line)."""
        key = (text, size, color, bold, wrap)
        surf = self._text.get(key)
        if surf is not None:
            self._text.move_to_end(key)
            return surf
        f = self.font(size, bold)
        surf = f.render(text, True, color, wraplength=wrap) if wrap else f.render(text, True, color)
        self.renders += 1
        self._text[key] = surf
        self.texts[surf] = text
        if len(self._text) > TEXT_CACHE_SIZE:
            self._text.popitem(last=False)
        return surf

    def line_height(self, size: int = 15, bold: bool = False) -> int:
        return int(self.font(size, bold).get_linesize())

    def ellipsize(self, text: str, size: int, width: int, bold: bool = False) -> str:
        """`text` shortened with an ellipsis so it fits `width` pixels."""
        f = self.font(size, bold)
        if f.size(text)[0] <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if f.size(text[:mid] + "…")[0] <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def signed(self, value: float, on_paper: bool = True, digits: int = 0) -> RGB:
        """The colour for a signed change: good, bad, or ink for zero."""
        if round(value, digits) == 0:
            return INK_DIM if on_paper else CHROME_DIM
        key = "good" if value > 0 else "bad"
        return self.palette[key if on_paper else key + "_light"]

    def ramp(self, t: float, diverging: bool = True, good: bool = False) -> RGB:
        """Colour of a 0..1 value: low–mid–high when diverging, else light to dark.

        A one-sided scale darkens toward the palette's "high" colour when more is
        better (`good`), and toward a warning colour when more is worse.
        """
        p = self.palette
        if not diverging:
            return mix(p["seq_lo"], p["high"] if good else p["seq_hi"], t)
        if t < 0.5:
            return mix(p["low"], p["mid"], t * 2.0)
        return mix(p["mid"], p["high"], (t - 0.5) * 2.0)


_shadows: dict[tuple[int, int, int], pygame.Surface] = {}
_veils: dict[tuple[int, int], pygame.Surface] = {}


def panel(surface: pygame.Surface, rect: pygame.Rect, theme: Theme, fill: RGB = PAPER) -> None:
    """A paper panel with a soft drop shadow and a hairline border."""
    r = theme.px(6)
    key = (rect.w, rect.h, r)
    shadow = _shadows.get(key)
    if shadow is None:
        # Shadows are kept per size: building an alpha surface every frame costs more
        # than the rest of the panel.
        shadow = pygame.Surface((rect.w + 8, rect.h + 8), pygame.SRCALPHA)
        pygame.draw.rect(shadow, SHADOW, shadow.get_rect().inflate(-2, -2), border_radius=r + 2)
        if len(_shadows) > 64:
            _shadows.clear()
        _shadows[key] = shadow
    surface.blit(shadow, (rect.x - 2, rect.y + 2))
    pygame.draw.rect(surface, fill, rect, border_radius=r)
    line = PAPER_LINE if fill in (PAPER, PAPER_2) else SLATE_LINE
    pygame.draw.rect(surface, line, rect, 1, border_radius=r)


def scrim(surface: pygame.Surface, rect: pygame.Rect | None = None) -> None:
    """Darken what lies under a modal so the dialog stands out."""
    r = rect or surface.get_rect()
    veil = _veils.get(r.size)
    if veil is None:
        veil = pygame.Surface(r.size, pygame.SRCALPHA)
        veil.fill(SCRIM)
        _veils.clear()
        _veils[r.size] = veil
    surface.blit(veil, r.topleft)
