"""The in-house widget set: button, label, text field, list, slider, toggle, frame and tooltip."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pygame

from game.ui import textfit
from game.ui import theme as T
from game.ui.theme import RGB, Theme

Action = Callable[[], Any]


class Widget:
    """Something with a rect that draws itself and may take an event."""

    tip = ""
    # A scrolling widget may cut its edge rows: they are meant to be scrolled into view.
    scrolls = False

    def __init__(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self._result: Any = None

    def handle(self, event: pygame.event.Event) -> bool:
        """True when the event was taken (then `take_result` holds what it asked for)."""
        return False

    def take_result(self) -> Any:
        r, self._result = self._result, None
        return r

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        pass

    def hit(self, pos: tuple[int, int]) -> bool:
        return bool(self.rect.collidepoint(pos))

    def tip_at(self, pos: tuple[int, int]) -> str:
        """The tooltip for the pointer at `pos` (widgets with several parts override this)."""
        return self.tip if self.hit(pos) else ""

    @property
    def focusable(self) -> bool:
        """Whether the keyboard's focus ring can rest on this widget."""
        return False

    def activate(self) -> bool:
        """Do what a click would (Enter or Space on the focused widget); True when done."""
        return False


class Label(Widget):
    """A line (or wrapped block) of text fitted to its rect; cut text shows in full on hover."""

    def __init__(
        self,
        rect: pygame.Rect,
        text: str,
        size: int = 15,
        color: RGB = T.INK,
        bold: bool = False,
        align: str = "left",
        wrap: bool = False,
        tip: str = "",
    ) -> None:
        super().__init__(rect)
        self.text, self.size, self.color, self.bold = text, size, color, bold
        self.align, self.wrap = align, wrap
        self.hint = tip
        self.tip = tip

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        fitted = textfit.fit(
            theme,
            self.text,
            self.size,
            self.rect.w,
            self.rect.h if self.wrap else 0,
            bold=self.bold,
        )
        valign = "top" if self.wrap else "center"
        textfit.draw(surface, theme, fitted, self.rect, self.color, self.align, valign)
        whole = f"{self.text}\n{self.hint}" if self.hint else self.text
        self.tip = whole if fitted.cut else self.hint


STYLES: dict[str, tuple[RGB, RGB, RGB, RGB]] = {
    # fill, hover fill, text, border
    "chrome": (T.SLATE_2, T.SLATE_3, T.CHROME_TEXT, T.SLATE_LINE),
    "primary": (T.ACCENT, (252, 222, 140), T.INK, T.ACCENT_DARK),
    "paper": (T.PAPER_2, (240, 232, 212), T.INK, T.PAPER_LINE),
    "ink": ((62, 70, 80), (80, 90, 102), T.PAPER, (40, 46, 54)),
}


class Button(Widget):
    """A clickable button; disabled buttons still show why in their tooltip."""

    def __init__(
        self,
        rect: pygame.Rect,
        text: str,
        action: Action | None = None,
        *,
        style: str = "chrome",
        enabled: bool = True,
        tip: str = "",
        hotkey: str = "",
        selected: bool = False,
        size: int = 15,
        detail: str = "",
        align: str = "center",
    ) -> None:
        super().__init__(rect)
        self.align = align
        self.text, self.action, self.style = text, action, style
        self.enabled, self.tip, self.hotkey = enabled, tip, hotkey
        self.selected, self.size, self.detail = selected, size, detail
        self.hover = False

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.hit(event.pos)
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.hit(event.pos):
            if self.enabled:
                self.press()
            return True
        return False

    def press(self) -> None:
        if self.action is not None:
            self._result = self.action()

    @property
    def focusable(self) -> bool:
        # Disabled buttons still take the focus, so the keyboard can read why in the tip.
        return True

    def activate(self) -> bool:
        if self.enabled:
            self.press()
        return self.enabled

    def _extras(self, theme: Theme) -> tuple[list[tuple[str, int]], int, int]:
        """The detail and key hint that fit (text, size), and the label's left and right."""
        pad = min(theme.px(10), self.rect.w // 6)
        left, right = self.rect.x + pad, self.rect.right - pad
        shown: list[tuple[str, int]] = []
        # Detail (a cost, a state) and the key hint sit at the right; the label takes the rest.
        for extra, size in ((self.detail, self.size - 2), (self.hotkey, self.size - 4)):
            if not extra:
                continue
            w = theme.font(size).size(extra)[0]
            if right - w - left < theme.px(24):
                continue
            shown.append((extra, size))
            right -= w + pad
        return shown, left, right

    def fits(self, theme: Theme) -> bool:
        """Whether the label, detail and key hint all show in full."""
        shown, left, right = self._extras(theme)
        wanted = sum(1 for extra in (self.detail, self.hotkey) if extra)
        label_w = theme.font(self.size).size(self.text)[0]
        return len(shown) == wanted and label_w <= right - left

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        fill, hover_fill, fg, border = STYLES[self.style]
        if self.selected:
            fill, fg, border = T.ACCENT, T.INK, T.ACCENT_DARK
        elif self.hover and self.enabled:
            fill = hover_fill
        if not self.enabled:
            fg = T.mix(fg, fill, 0.55)
        radius = theme.px(5)
        pygame.draw.rect(surface, fill, self.rect, border_radius=radius)
        pygame.draw.rect(surface, border, self.rect, 1, border_radius=radius)
        shown, left, right = self._extras(theme)
        cy = self.rect.centery
        x_end = self.rect.right - min(theme.px(10), self.rect.w // 6)
        pad = min(theme.px(10), self.rect.w // 6)
        for extra, size in shown:
            surf = theme.text(extra, size, T.mix(fg, fill, 0.35))
            surface.blit(surf, (x_end - surf.get_width(), cy - surf.get_height() // 2))
            x_end -= surf.get_width() + pad
        room = pygame.Rect(left, self.rect.y, max(1, right - left), self.rect.h)
        fitted = textfit.fit(theme, self.text, self.size, room.w)
        align = "left" if self.align == "left" or self.detail else "center"
        textfit.draw(surface, theme, fitted, room, fg, align, "center")
        if fitted.cut and self.text not in self.tip:
            self.tip = f"{self.text} — {self.tip}" if self.tip else self.text


class ListView(Widget):
    """A scrolling list of rows (title and an optional second line); click selects."""

    scrolls = True

    def __init__(
        self,
        rect: pygame.Rect,
        rows: Sequence[tuple[str, str]],
        on_select: Callable[[int], Any] | None = None,
        *,
        row_height: int = 52,
        selected: int = -1,
        on_paper: bool = True,
    ) -> None:
        super().__init__(rect)
        self.rows = list(rows)
        self.on_select = on_select
        self.row_height = row_height
        self.selected = selected
        self.scroll = 0
        self.hover = -1
        self.on_paper = on_paper
        self._rh = row_height  # the scaled row height, known once drawn

    def row_at(self, pos: tuple[int, int], rh: int) -> int:
        k = (pos[1] - self.rect.y + self.scroll) // rh if self.hit(pos) else -1
        return int(k) if 0 <= k < len(self.rows) else -1

    def handle(self, event: pygame.event.Event) -> bool:
        rh = self._rh
        if event.type == pygame.MOUSEWHEEL:
            if self.hit(pygame.mouse.get_pos()) or self.hover >= 0:
                most = max(0, len(self.rows) * rh - self.rect.h)
                self.scroll = min(most, max(0, self.scroll - event.y * rh))
                return True
            return False
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.row_at(event.pos, rh)
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            k = self.row_at(event.pos, rh)
            if k < 0:
                return False
            self.select(k)
            return True
        # Legacy wheel buttons over the list must not zoom the map below.
        legacy_wheel = event.type == pygame.MOUSEBUTTONDOWN and event.button in (4, 5)
        return bool(legacy_wheel and self.hit(event.pos))

    def select(self, k: int) -> None:
        self.selected = k
        rh = self._rh
        if k * rh < self.scroll:
            self.scroll = k * rh
        elif (k + 1) * rh > self.scroll + self.rect.h:
            self.scroll = (k + 1) * rh - self.rect.h
        if self.on_select is not None:
            self._result = self.on_select(k)

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        self._rh = rh = theme.px(self.row_height)
        ink = T.INK if self.on_paper else T.CHROME_TEXT
        dim = T.INK_DIM if self.on_paper else T.CHROME_DIM
        old = surface.get_clip()
        surface.set_clip(self.rect.clip(old))
        pad = theme.px(10)
        first = self.scroll // rh
        for k in range(first, min(len(self.rows), first + self.rect.h // rh + 2)):
            row = pygame.Rect(self.rect.x, self.rect.y + k * rh - self.scroll, self.rect.w, rh)
            if k == self.selected:
                pygame.draw.rect(surface, T.ACCENT, row.inflate(-2, -2), border_radius=theme.px(4))
            elif k == self.hover:
                hov = T.PAPER_2 if self.on_paper else T.SLATE_3
                pygame.draw.rect(surface, hov, row.inflate(-2, -2), border_radius=theme.px(4))
            title, sub = self.rows[k]
            w = row.w - 2 * pad
            t = theme.text(
                theme.ellipsize(title, 16, w, True), 16, T.INK if k == self.selected else ink, True
            )
            if sub:
                s = theme.text(
                    theme.ellipsize(sub, 13, w), 13, T.INK_DIM if k == self.selected else dim
                )
                gap = (rh - t.get_height() - s.get_height()) // 3
                surface.blit(t, (row.x + pad, row.y + gap))
                surface.blit(s, (row.x + pad, row.y + 2 * gap + t.get_height()))
            else:
                surface.blit(t, (row.x + pad, row.centery - t.get_height() // 2))
        surface.set_clip(old)
        most = len(self.rows) * rh
        if most > self.rect.h:
            bar_h = max(theme.px(20), self.rect.h * self.rect.h // most)
            y = self.rect.y + (self.rect.h - bar_h) * self.scroll // max(1, most - self.rect.h)
            bar = pygame.Rect(self.rect.right - theme.px(4), y, theme.px(3), bar_h)
            pygame.draw.rect(surface, T.PAPER_LINE if self.on_paper else T.SLATE_LINE, bar)


class Slider(Widget):
    """A horizontal slider over integer steps from `lo` to `hi`."""

    def __init__(
        self,
        rect: pygame.Rect,
        lo: float,
        hi: float,
        value: float,
        on_change: Callable[[float], Any] | None = None,
        *,
        step: float = 1.0,
        fmt: Callable[[float], str] = lambda v: f"{v:g}",
        on_paper: bool = True,
    ) -> None:
        super().__init__(rect)
        self.lo, self.hi, self.value, self.step = lo, hi, value, step
        self.on_change, self.fmt, self.on_paper = on_change, fmt, on_paper
        self.dragging = False
        self._label_room = 90  # room kept at the right for the value, measured when drawn

    def _track(self) -> pygame.Rect:
        w = max(8, self.rect.w - self._label_room)
        return pygame.Rect(self.rect.x + 8, self.rect.centery - 2, w, 4)

    def _value_at(self, x: int) -> float:
        tr = self._track()
        t = min(1.0, max(0.0, (x - tr.x) / max(1, tr.w)))
        raw = self.lo + t * (self.hi - self.lo)
        return min(self.hi, max(self.lo, round(raw / self.step) * self.step))

    def set(self, v: float) -> None:
        v = min(self.hi, max(self.lo, round(v / self.step) * self.step))
        if v != self.value:
            self.value = v
            if self.on_change is not None:
                self._result = self.on_change(v)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.hit(event.pos):
            self.dragging = True
            self.set(self._value_at(event.pos[0]))
            return True
        if event.type == pygame.MOUSEMOTION and self.dragging:
            self.set(self._value_at(event.pos[0]))
            return True
        if event.type == pygame.MOUSEBUTTONUP and self.dragging:
            self.dragging = False
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        widest = max(theme.font(15, True).size(self.fmt(v))[0] for v in (self.lo, self.hi))
        self._label_room = max(90, widest + theme.px(8) + 8 + theme.px(8))
        tr = self._track()
        line = T.PAPER_LINE if self.on_paper else T.SLATE_LINE
        pygame.draw.rect(surface, line, tr, border_radius=2)
        t = (self.value - self.lo) / max(1e-9, self.hi - self.lo)
        filled = pygame.Rect(tr.x, tr.y, round(tr.w * t), tr.h)
        pygame.draw.rect(surface, T.ACCENT_DARK, filled, border_radius=2)
        knob = (tr.x + round(tr.w * t), tr.centery)
        pygame.draw.circle(surface, T.ACCENT, knob, theme.px(8))
        pygame.draw.circle(surface, T.ACCENT_DARK, knob, theme.px(8), 1)
        ink = T.INK if self.on_paper else T.CHROME_TEXT
        label = theme.text(self.fmt(self.value), 15, ink, True)
        surface.blit(
            label,
            (self.rect.right - label.get_width(), self.rect.centery - label.get_height() // 2),
        )


class Toggle(Button):
    """An on/off switch drawn as a button with a state mark."""

    def __init__(
        self, rect: pygame.Rect, text: str, on: bool, on_change: Callable[[bool], Any]
    ) -> None:
        super().__init__(
            rect, text, None, style="paper", detail="On" if on else "Off", align="left"
        )
        self.on, self.on_change = on, on_change
        self.selected = on

    def press(self) -> None:
        self.on = not self.on
        self.detail = "On" if self.on else "Off"
        self.selected = self.on
        self._result = self.on_change(self.on)


class TextBuffer:
    """The text of a one-line field. Prefilled text starts selected: typing replaces it."""

    def __init__(self, text: str = "", max_len: int = 80) -> None:
        self.text = text[:max_len]
        self.max_len = max_len
        self.all_selected = bool(self.text)

    def insert(self, typed: str) -> bool:
        """Add typed text (control characters dropped); True when the text changed."""
        clean = "".join(ch for ch in typed if ch.isprintable() and ch not in "\r\n\t")
        if not clean:
            return False
        base = "" if self.all_selected else self.text
        self.all_selected = False
        new = (base + clean)[: self.max_len]
        changed = new != self.text
        self.text = new
        return changed

    def backspace(self, word: bool = False) -> bool:
        """Delete the last character (or word); the whole text when it is selected."""
        if self.all_selected:
            self.text, self.all_selected = "", False
            return True
        if not self.text:
            return False
        if word:
            self.text = self.text.rstrip()
            cut = max(self.text.rfind(" "), self.text.rfind("-")) + 1
            self.text = self.text[:cut]
        else:
            self.text = self.text[:-1]
        return True

    def set(self, text: str, selected: bool = False) -> None:
        self.text = text[: self.max_len]
        self.all_selected = selected and bool(self.text)


class TextField(Widget):
    """A one-line text box drawing a shared TextBuffer; the scene feeds it keys.

    Typing comes from TEXTINPUT events (so keyboard layouts and input methods work), the
    Backspace key edits; Right, End or a click drop the selection of prefilled text.
    """

    def __init__(self, rect: pygame.Rect, buffer: TextBuffer, size: int = 17) -> None:
        super().__init__(rect)
        self.buffer, self.size = buffer, size

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.TEXTINPUT:
            self.buffer.insert(event.text)
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE:
                self.buffer.backspace(word=bool(event.mod & pygame.KMOD_CTRL))
                return True
            if event.key in (pygame.K_RIGHT, pygame.K_END):
                self.buffer.all_selected = False
                return True
            if event.key in (pygame.K_LEFT, pygame.K_HOME) and self.buffer.all_selected:
                self.buffer.all_selected = False
                return True
            # Printable keys arrive again as TEXTINPUT; they must not reach the screen below.
            typed = getattr(event, "unicode", "")
            return bool(typed) and typed.isprintable() and not event.mod & pygame.KMOD_CTRL
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.hit(event.pos):
            self.buffer.all_selected = False
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        radius = theme.px(4)
        pygame.draw.rect(surface, (250, 246, 236), self.rect, border_radius=radius)
        pygame.draw.rect(surface, T.ACCENT_DARK, self.rect, 2, border_radius=radius)
        pad = theme.px(10)
        room = self.rect.w - 2 * pad - theme.px(4)
        text = self.buffer.text
        f = theme.font(self.size)
        # Long text scrolls: the end (where typing happens) stays in view.
        shown = text
        while shown and f.size(shown)[0] > room:
            shown = shown[1:]
        if shown != text:
            shown = "…" + shown[1:]
        surf = theme.text(shown, self.size, T.INK)
        x, cy = self.rect.x + pad, self.rect.centery
        if self.buffer.all_selected and shown:
            sel = pygame.Rect(x - theme.px(2), 0, surf.get_width() + theme.px(4), surf.get_height())
            sel.centery = cy
            pygame.draw.rect(surface, T.ACCENT, sel, border_radius=theme.px(2))
        surface.blit(surf, (x, cy - surf.get_height() // 2))
        caret_x = x + surf.get_width() + theme.px(1)
        half = theme.line_height(self.size) // 2 - theme.px(2)
        pygame.draw.line(surface, T.INK, (caret_x, cy - half), (caret_x, cy + half), theme.px(2))


class Frame(Widget):
    """A paper panel with an optional title; drawn behind the widgets it frames."""

    def __init__(self, rect: pygame.Rect, title: str = "", fill: RGB = T.PAPER) -> None:
        super().__init__(rect)
        self.title, self.fill = title, fill

    def handle(self, event: pygame.event.Event) -> bool:
        # A click on the panel itself must not fall through to the map below.
        return event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and self.hit(event.pos)

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        T.panel(surface, self.rect, theme, self.fill)
        if self.title:
            pad = theme.px(16)
            ink = T.INK if self.fill in (T.PAPER, T.PAPER_2) else T.CHROME_TEXT
            t = theme.text(
                theme.ellipsize(self.title, 20, self.rect.w - 2 * pad, True), 20, ink, True
            )
            surface.blit(t, (self.rect.x + pad, self.rect.y + theme.px(12)))


class Custom(Widget):
    """A drawing callback in a rect, for one-off content such as charts and bars.

    The callback may return a list of (rect, text) tooltips for the parts it drew.

    `stamp`, for content that changes only with what it shows (not with what is drawn
    beneath it): while the stamp it returns and the surface drawn on stay the same, the
    pixels painted last are put back instead of painting again.
    """

    def __init__(
        self,
        rect: pygame.Rect,
        paint: Callable[[pygame.Surface, pygame.Rect, Theme], object],
        on_click: Callable[[tuple[int, int]], Any] | None = None,
        stamp: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(rect)
        self.paint, self.on_click, self.stamp = paint, on_click, stamp
        self.tips: list[tuple[pygame.Rect, str]] = []
        self._kept: tuple[object, pygame.Surface, pygame.Rect] | None = None

    def tip_at(self, pos: tuple[int, int]) -> str:
        if not self.hit(pos):
            return ""
        return next((t for r, t in self.tips if r.collidepoint(pos)), self.tip)

    @property
    def focusable(self) -> bool:
        return self.on_click is not None

    def activate(self) -> bool:
        if self.on_click is None:
            return False
        self._result = self.on_click(self.rect.center)
        return True

    def handle(self, event: pygame.event.Event) -> bool:
        if (
            self.on_click is not None
            and event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.hit(event.pos)
        ):
            self._result = self.on_click(event.pos)
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        key = None if self.stamp is None else (id(surface), surface.get_size(), self.stamp())
        if key is not None and self._kept is not None and self._kept[0] == key:
            surface.blit(self._kept[1], self._kept[2])
            return
        tips = self.paint(surface, self.rect, theme)
        self.tips = list(tips) if isinstance(tips, list) else []
        if key is not None:
            area = self.rect.clip(surface.get_rect())
            self._kept = (key, surface.subsurface(area).copy(), area)


def draw_tooltip(surface: pygame.Surface, theme: Theme, text: str, pos: tuple[int, int]) -> None:
    """A small dark box with wrapped text next to the pointer, kept on screen."""
    if not text:
        return
    surf = theme.text(text, 14, T.CHROME_TEXT, wrap=theme.px(340))
    pad = theme.px(8)
    box = pygame.Rect(0, 0, surf.get_width() + 2 * pad, surf.get_height() + 2 * pad)
    box.topleft = (pos[0] + theme.px(16), pos[1] + theme.px(18))
    box.clamp_ip(surface.get_rect())
    if box.collidepoint(pos):
        box.bottom = pos[1] - theme.px(6)
        box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, (16, 20, 26), box, border_radius=theme.px(4))
    pygame.draw.rect(surface, T.SLATE_LINE, box, 1, border_radius=theme.px(4))
    surface.blit(surf, (box.x + pad, box.y + pad))


def column(x: int, y: int, w: int, h: int, gap: int, n: int) -> list[pygame.Rect]:
    """`n` rects of height `h` stacked from (x, y)."""
    return [pygame.Rect(x, y + k * (h + gap), w, h) for k in range(n)]
