"""The objectives panel: every victory and defeat condition with its figure, threshold and trend."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from game.core.promises import open_promises
from game.core.turn import explain_score, score
from game.ui import objectives as O
from game.ui import textfit
from game.ui import theme as T
from game.ui.describe import promise_line
from game.ui.scene import Pop, Push, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.scenes.overlays import MessageScene
from game.ui.widgets import Button, Custom, Label

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.session import Session

ROW_H = 44
ROW_H_COMPACT = 36
HEAD_H = 30
DANGER = O.DANGER


class ObjectivesScene(Dialog):
    """Opened with O from the play screen; O, Enter or Esc close it."""

    width = 720

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app, "Objectives")
        self.session = session

    def layout(self, rect: pygame.Rect) -> None:
        th = self.theme
        self.groups = O.groups(self.session)
        self.promises = self._promises()
        ctx = self.session.game.ctx()
        self.score_head = f"Your score now: {score(ctx):.0f}"
        self.score_text = explain_score(ctx)
        body_w = self.body_width(rect)
        # Where the screen is short, the panel drops each goal's description and the score's
        # sentence (its tooltip keeps it), and sets rows closer, so every figure stays.
        self.compact = False
        h = self._needed(body_w)
        if h > rect.h - th.px(24):
            self.compact = True
            h = self._needed(body_w)
        self.height = math.ceil(h / th.scale)
        super().layout(rect)

    def _needed(self, body_w: int) -> int:
        th = self.theme
        h = th.px(52 + 18 + 50)
        for g in self.groups:
            h += th.px(HEAD_H) + self._text_h(g, body_w) + self._row_h() * len(g.rows) + th.px(10)
        h += th.px(HEAD_H) + self._promises_h()
        return h + (0 if self.compact else self._score_h(body_w) + th.px(8))

    def _row_h(self) -> int:
        return self.theme.px(ROW_H_COMPACT if self.compact else ROW_H)

    def _promises(self) -> list[str]:
        s = self.session
        st = s.game.state
        mine = [p for p in open_promises(st, s.player) if p.promiser == s.player]
        return [promise_line(s.level, st, s.player, p) for p in mine]

    def _promises_h(self) -> int:
        # Up to four lines (two when compact); more are cut, and the whole list shows on hover.
        th = self.theme
        most = 2 if self.compact else 4
        return th.line_height(13) * max(1, min(most, len(self.promises))) + th.px(6)

    def _score_h(self, width: int) -> int:
        th = self.theme
        return textfit.fit(th, self.score_text, 13, width, th.line_height(13) * 3).height(th)

    def _text_h(self, g: O.Group, width: int) -> int:
        th = self.theme
        if self.compact:
            return 0
        return textfit.fit(th, g.text, 13, width, th.line_height(13) * 3).height(th) + th.px(4)

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        y = body.y
        for g in self.groups:
            if g.victory:
                head = O.win_heading(self.groups, g)
            else:
                head = "You lose if any of these" if g.joiner == "or" else "You lose if"
            if g.by_turn:
                head += f" ({g.by_turn})"
            colour = th.palette["good"] if g.victory else th.palette["bad"]
            self.widgets.append(
                Label(pygame.Rect(body.x, y, body.w, th.px(HEAD_H)), head, 16, colour, bold=True)
            )
            y += th.px(HEAD_H)
            text_h = self._text_h(g, body.w)
            if text_h:
                self.widgets.append(
                    Label(pygame.Rect(body.x, y, body.w, text_h), g.text, 13, T.INK_DIM, wrap=True)
                )
            y += text_h
            for row in g.rows:
                self._row(pygame.Rect(body.x, y, body.w, self._row_h()), row)
                y += self._row_h()
            y += th.px(10)
        # The promises the player must keep, with how far each has come.
        self.widgets.append(
            Label(pygame.Rect(body.x, y, body.w, th.px(HEAD_H)), "Your promises", 16, bold=True)
        )
        y += th.px(HEAD_H)
        text = "\n".join(self.promises) or "You have no open promises."
        self.widgets.append(
            Label(pygame.Rect(body.x, y, body.w, self._promises_h()), text, 13, wrap=True)
        )
        y += self._promises_h() + th.px(8)
        close = pygame.Rect(0, 0, th.px(140), th.px(36))
        close.bottomright = body.bottomright
        self.widgets.append(Button(close, "Close", Pop, style="ink", hotkey="Esc"))
        left = body.x
        level = self.session.level
        if level.description:
            again = pygame.Rect(body.x, close.y, th.px(180), close.h)
            self.widgets.append(
                Button(again, "The briefing", self.briefing, style="ink", hotkey="B")
            )
            left = again.right
        # The score a game ended now would have, between the buttons, and how it is counted
        # above them where the screen has room (always in its tooltip).
        between = pygame.Rect(left, close.y, close.x - left, close.h)
        self.widgets.append(
            Label(between, self.score_head, 16, bold=True, align="center", tip=self.score_text)
        )
        text_h = self._score_h(body.w)
        if not self.compact and y + text_h <= close.y - th.px(6):
            box = pygame.Rect(body.x, y, body.w, text_h)
            self.widgets.append(Label(box, self.score_text, 13, T.INK_DIM, wrap=True))

    def _row(self, r: pygame.Rect, row: O.Row) -> None:
        th = self.theme
        mark = (
            "✓" if row.met else ("!" if not row.victory and (row.progress or 0) >= DANGER else "·")
        )
        top = pygame.Rect(r.x, r.y, r.w, th.px(24))
        text = f"{mark}  {row.label}"
        if row.progress is None:
            # No bar under it: a long condition wraps into the bar's room.
            vw = th.px(110)
            box = pygame.Rect(r.x, r.y, r.w - vw, r.h)
            self.widgets.append(Label(box, text, 14, wrap=True))
        else:
            vw = th.px(230)
            self.widgets.append(Label(pygame.Rect(top.x, top.y, top.w - vw, top.h), text, 15))
        value = f"{row.value} {row.trend}".strip()
        self.widgets.append(
            Label(
                pygame.Rect(top.right - vw, top.y, vw, top.h), value, 15, bold=True, align="right"
            )
        )
        if row.progress is None:
            return
        bar = pygame.Rect(r.x + th.px(22), top.bottom + th.px(4), r.w - th.px(22), th.px(8))

        def paint(surface: pygame.Surface, rect: pygame.Rect, theme: T.Theme) -> None:
            limit = not row.victory or row.op in ("<", "<=")
            if limit and row.figure is not None and row.threshold is not None:
                gauge(surface, rect, theme, row)
                return
            pygame.draw.rect(surface, T.PAPER_2, rect, border_radius=theme.px(4))
            t = row.progress or 0.0
            # A defeat's bar turns red only when the danger is close.
            if row.victory:
                good = theme.palette["good"]
            else:
                good = theme.palette["bad"] if t >= DANGER else T.ACCENT_DARK
            fill = pygame.Rect(rect.x, rect.y, round(rect.w * t), rect.h)
            pygame.draw.rect(surface, good, fill, border_radius=theme.px(4))
            pygame.draw.rect(surface, T.PAPER_LINE, rect, 1, border_radius=theme.px(4))

        self.widgets.append(Custom(bar, paint))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_o, pygame.K_RETURN):
            return Pop()
        if (
            event.type == pygame.KEYDOWN
            and event.key == pygame.K_b
            and self.session.level.description
        ):
            return self.briefing()
        return super().on_event(event)

    def briefing(self) -> Transition:
        """The level's opening briefing, to read again after the first turn's news."""
        level = self.session.level
        return Push(MessageScene(self.app, f"Briefing: {level.title}", level.description))


def gauge(surface: pygame.Surface, rect: pygame.Rect, th: T.Theme, row: O.Row) -> None:
    """A figure on its scale, with a mark where it stands: for a defeat the zone that loses
    the game in red (bright when the figure is near it), for a victory that needs a figure
    kept down the zone that wins in green (bright while the figure is in it), so either
    reads as a gauge, not as progress toward something wanted."""
    assert row.figure is not None and row.threshold is not None
    low = row.op in ("<", "<=")
    # The scale runs past a threshold the figure must stay under, so its zone shows.
    top = max(100.0, row.figure, row.threshold if low else row.threshold + 10.0)

    def x_of(v: float) -> int:
        return rect.x + round(rect.w * max(0.0, min(1.0, v / top)))

    pygame.draw.rect(surface, T.PAPER_2, rect, border_radius=th.px(4))
    if row.victory:
        colour = th.palette["good"] if row.met else T.mix(th.palette["good"], T.PAPER_2, 0.55)
    else:
        near = (row.progress or 0.0) >= DANGER or row.met
        colour = th.palette["bad"] if near else T.mix(th.palette["bad"], T.PAPER_2, 0.55)
    zone = (
        pygame.Rect(rect.x, rect.y, x_of(row.threshold) - rect.x, rect.h)
        if low
        else pygame.Rect(x_of(row.threshold), rect.y, rect.right - x_of(row.threshold), rect.h)
    )
    pygame.draw.rect(surface, colour, zone, border_radius=th.px(4))
    pygame.draw.rect(surface, T.PAPER_LINE, rect, 1, border_radius=th.px(4))
    mark = x_of(row.figure)
    pygame.draw.rect(
        surface,
        T.INK,
        pygame.Rect(mark - th.px(2), rect.y - th.px(3), th.px(4), rect.h + th.px(6)),
        border_radius=th.px(1),
    )
