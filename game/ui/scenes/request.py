"""An ask or a call to honour a pact, with what accepting and what refusing will cost."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from game.core import requests
from game.core.actions.asks import AnswerRequest
from game.core.state import RequestState
from game.ui import theme as T
from game.ui.scene import Pop, Transition
from game.ui.scenes.dialog import Dialog

if TYPE_CHECKING:
    from game.core.context import Ctx
    from game.ui.app import App
    from game.ui.controller import Controller


def request_title(ctx: Ctx, q: RequestState) -> str:
    """ "A call from Germany", "An ask from Poland": short enough for any name; the first
    line says what is asked and, for a call, which agreement it calls on."""
    asker = ctx.name(q.asker)
    return f"A call from {asker}" if requests.is_call(q) else f"An ask from {asker}"


class RequestDialog(Dialog):
    """A nation asks something of the player, or calls on it as an ally: both sides' costs,
    then accept, refuse, or decide later this turn (unanswered, it lapses as refused)."""

    width, height = 700, 440

    def __init__(self, app: App, ctl: Controller, request: RequestState) -> None:
        s = ctl.session
        call = requests.is_call(request)
        super().__init__(app, request_title(s.game.ctx(), request))
        self.ctl, self.request, self.call = ctl, request, call

    def layout(self, rect: pygame.Rect) -> None:
        """As tall as its lines need (a blocked accept, stranded calls), at least 440."""
        th = self.theme
        w = min(th.px(self.width), rect.w - th.px(24)) - 2 * th.px(18)
        # Worked out once a layout: the height is measured on the lines `build` places.
        self.lines = lines = self._rows()
        rows = sum(th.text(t, size, c, wrap=w).get_height() + th.px(6) for t, c, size in lines)
        chrome = th.px(52) + th.px(18) + th.px(40) + th.px(16)  # title, padding, buttons, gap
        self.height = max(RequestDialog.height, math.ceil((rows + chrome) / th.scale))
        super().layout(rect)

    def build(self, body: pygame.Rect) -> None:
        self.stack_lines(body, self.lines, 6)
        blocked = requests.cannot_accept(self.ctl.session.game.ctx(), self.request)
        self.answer_row(
            body,
            lambda: self._answer(True),
            ("Refuse", lambda: self._answer(False)),
            self._later,
            enabled=not blocked,
            tip="; ".join(blocked),
        )

    def _rows(self) -> list[tuple[str, tuple[int, int, int], int]]:
        """The dialog's lines: what is asked and why, what accepting and refusing cost, where
        the two nations stand, and why it cannot be accepted, if it cannot."""
        th = self.theme
        s = self.ctl.session
        st = s.game.state
        q = self.request
        ctx = s.game.ctx()
        p, j = st.idx(s.player), st.idx(q.asker)
        verb = "calls on you to" if self.call else "asks you to"
        head = f"{s.name(q.asker)} {verb} {requests.what(ctx, q)}."
        if self.call:
            head += f" You are allies in the {requests.kind_name(ctx, q.about)}."
        rows: list[tuple[str, tuple[int, int, int], int]] = [(head, T.INK, 15)]
        why = requests.reason(ctx, q)
        if why:
            rows.append((why, T.INK_DIM, 14))
        rows.append(("If you accept:", T.INK, 15))
        rows += [
            (f"  {ln.text}", th.signed(ln.tone) if ln.tone else T.INK_DIM, 14)
            for ln in requests.accepting_lines(ctx, q)
        ] or [("  Nothing is paid now", T.INK_DIM, 14)]
        rows.append(("If you refuse, or let it lapse:", T.INK, 15))
        rows += [
            (f"  {ln.text}", th.signed(ln.tone) if ln.tone else T.INK_DIM, 14)
            for ln in requests.refuse_lines(ctx, q)
        ]
        rows.append(
            (
                f"Your trust in them {st.trust[p, j]:.0f} · theirs in you {st.trust[j, p]:.0f} · "
                f"your reputation {st.reputation[p]:.0f}",
                T.INK_DIM,
                14,
            )
        )
        blocked = requests.cannot_accept(ctx, q)
        if blocked:
            rows.append(("You cannot accept: " + "; ".join(blocked), th.palette["bad"], 14))
        rows.append(
            ("Unanswered, it lapses at the end of the turn and counts as refused.", T.INK_DIM, 14)
        )
        return rows

    def _answer(self, accept: bool) -> Transition:
        result = self.ctl.issue(AnswerRequest(self.ctl.session.player, self.request.key, accept))
        return Pop() if result.ok else None

    def _later(self) -> Transition:
        self.ctl.later()
        return Pop()

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_1:
                return self._answer(True)
            if event.key == pygame.K_2:
                return self._answer(False)
            if event.key == pygame.K_ESCAPE:
                return self._later()
        return super().on_event(event)
