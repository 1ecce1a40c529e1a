"""An ask or a call to honour a pact, with what accepting and what refusing will cost."""

from __future__ import annotations

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
    """ "A call to honour the access agreement from Germany", "An ask from Poland"."""
    asker = ctx.name(q.asker)
    if requests.is_call(q):
        return f"A call to honour the {requests.kind_name(ctx, q.about)} from {asker}"
    return f"An ask from {asker}"


class RequestDialog(Dialog):
    """A nation asks something of the player, or calls on it as an ally: both sides' costs,
    then accept, refuse, or decide later this turn (unanswered, it lapses as refused)."""

    width, height = 700, 440

    def __init__(self, app: App, ctl: Controller, request: RequestState) -> None:
        s = ctl.session
        call = requests.is_call(request)
        super().__init__(app, request_title(s.game.ctx(), request))
        self.ctl, self.request, self.call = ctl, request, call

    def build(self, body: pygame.Rect) -> None:
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
        rows.append(
            ("Unanswered, it lapses at the end of the turn and counts as refused.", T.INK_DIM, 14)
        )
        self.stack_lines(body, rows, 6)
        blocked = requests.cannot_accept(ctx, q)
        self.answer_row(
            body,
            lambda: self._answer(True),
            ("Refuse", lambda: self._answer(False)),
            self._later,
            enabled=not blocked,
            tip="; ".join(blocked),
        )

    def _answer(self, accept: bool) -> Transition:
        result = self.ctl.issue(AnswerRequest(self.ctl.session.player, self.request.key, accept))
        return Pop() if result.ok else None

    def _later(self) -> Transition:
        self.ctl.later(self.request.key)
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
