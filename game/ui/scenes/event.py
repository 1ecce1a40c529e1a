"""Decisions the game asks for: an event with its options, or a proposal from an AI nation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.core import derived
from game.core.actions.answers import AnswerProposal, ChooseOption
from game.core.events import option_available
from game.core.state import PendingEvent, PendingOffer
from game.ui import theme as T
from game.ui.describe import Line, describe_effects, requirement_text
from game.ui.scene import Pop, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.widgets import Button, Custom, Label

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.scenes.play import PlayScene

OPTION_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4)


class EventDialog(Dialog):
    """Title, text, and each option with what it will do and what it requires; keys 1–4 choose."""

    width = 780

    def __init__(self, app: App, play: PlayScene, pending: PendingEvent) -> None:
        level = play.session.level
        self.event = level.event(pending.event)
        super().__init__(app, self.event.title)
        self.play = play
        self.pending = pending

    def layout(self, rect: pygame.Rect) -> None:
        # As tall as the text and the options need, so short events get a short dialog.
        th = self.theme
        text_w = th.px(self.width) - th.px(36)
        text_h = th.text(self.event.text, 15, T.INK, wrap=text_w).get_height() / th.scale
        self.height = round(176 + text_h + 98 * len(self.event.options))
        super().layout(rect)

    def _available(self) -> list[bool]:
        ctx = self.play.session.game.ctx().scoped(self.pending.nation, self.pending.target)
        return [option_available(ctx, o) for o in self.event.options]

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.play.session
        who = s.name(self.pending.target) if self.pending.target else ""
        y = body.y
        if who:
            self.widgets.append(
                Label(
                    pygame.Rect(body.x, y - th.px(10), body.w, th.px(18)),
                    f"Concerns {who}",
                    13,
                    T.INK_DIM,
                )
            )
            y += th.px(12)
        text = th.text(self.event.text, 15, T.INK, wrap=body.w)
        self.widgets.append(
            Label(pygame.Rect(body.x, y, body.w, text.get_height()), self.event.text, 15, wrap=True)
        )
        y += text.get_height() + th.px(14)
        ctx = s.game.ctx().scoped(self.pending.nation, self.pending.target)
        avail = self._available()
        room = body.bottom - y - th.px(44)
        n = len(self.event.options)
        box_h = max(th.px(64), min(th.px(90), (room - th.px(8) * (n - 1)) // max(1, n)))
        for k, opt in enumerate(self.event.options):
            r = pygame.Rect(body.x, y, body.w, box_h)
            lines = describe_effects(ctx, opt.effects)
            req = requirement_text(opt.requires_text) if opt.requires_text else ""
            self.widgets.append(_OptionBox(r, k, opt.text, lines, req, avail[k], self._choose))
            y = r.bottom + th.px(8)
        later = pygame.Rect(body.x, body.bottom - th.px(34), th.px(240), th.px(34))
        self.widgets.append(
            Button(
                later, "Look at the map first", self._later, style="paper", hotkey="Esc", size=13
            )
        )
        hint = "Press 1–4 to choose" if n > 1 else "Press 1 to choose"
        self.widgets.append(
            Label(
                pygame.Rect(
                    body.right - th.px(200), body.bottom - th.px(34), th.px(200), th.px(34)
                ),
                hint,
                13,
                T.INK_DIM,
                align="right",
            )
        )

    def _later(self) -> Transition:
        self.play.deferred.add(self.pending.key)
        return Pop()

    def _choose(self, k: int) -> Transition:
        if not self._available()[k]:
            self.app.toast("That option's requirement is not met")
            return None
        result = self.play.issue(ChooseOption(self.play.session.player, self.pending.key, k))
        return Pop() if result.ok else None

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key in OPTION_KEYS[: len(self.event.options)]:
                return self._choose(OPTION_KEYS.index(event.key))
            if event.key == pygame.K_ESCAPE:
                return self._later()
        return super().on_event(event)


class _OptionBox(Custom):
    """One option: number, text, effect preview lines (coloured by tone) and its requirement."""

    def __init__(
        self,
        rect: pygame.Rect,
        k: int,
        text: str,
        lines: list[Line],
        req: str,
        ok: bool,
        choose: Callable[[int], Transition],
    ) -> None:
        super().__init__(rect, self._paint, lambda pos: choose(k))
        self.k, self.text, self.lines, self.req, self.ok = k, text, lines, req, ok
        self.hover = False
        self.tip = "" if ok else f"Requires {req}"

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.hit(event.pos)
        return super().handle(event)

    def _paint(self, surface: pygame.Surface, rect: pygame.Rect, th: T.Theme) -> None:
        fill = T.PAPER_2 if not self.hover or not self.ok else (246, 238, 218)
        pygame.draw.rect(surface, fill, rect, border_radius=th.px(6))
        pygame.draw.rect(
            surface,
            T.ACCENT_DARK if self.hover and self.ok else T.PAPER_LINE,
            rect,
            1,
            border_radius=th.px(6),
        )
        pad = th.px(12)
        badge = pygame.Rect(rect.x + pad, rect.y + pad, th.px(26), th.px(26))
        pygame.draw.rect(
            surface, T.ACCENT if self.ok else T.PAPER_LINE, badge, border_radius=th.px(4)
        )
        num = th.text(str(self.k + 1), 15, T.INK, True)
        surface.blit(num, num.get_rect(center=badge.center))
        x = badge.right + pad
        w = rect.right - pad - x
        ink = T.INK if self.ok else T.INK_DIM
        title = th.text(th.ellipsize(self.text, 16, w, True), 16, ink, True)
        surface.blit(title, (x, rect.y + pad))
        y = rect.y + pad + title.get_height() + th.px(4)
        old = surface.get_clip()
        surface.set_clip(rect.clip(old))
        items = [(ln.text, th.signed(ln.tone) if ln.tone else T.INK_DIM) for ln in self.lines]
        if not items:
            items = [("No lasting effect", T.INK_DIM)]
        cx = x
        lh = th.line_height(13)
        for text, colour in items:
            surf = th.text(text, 13, colour)
            if cx + surf.get_width() > rect.right - pad and cx > x:
                cx, y = x, y + lh
            surface.blit(surf, (cx, y))
            cx += surf.get_width() + th.px(16)
        if self.req:
            y += lh + th.px(2)
            colour = th.palette["good"] if self.ok else th.palette["bad"]
            mark = "✓" if self.ok else "✗"
            surface.blit(th.text(f"{mark} Requires {self.req}", 12, colour), (x, y))
        surface.set_clip(old)


class OfferDialog(Dialog):
    """An AI nation proposes an agreement: accept, decline, or decide later this turn."""

    width, height = 640, 300

    def __init__(self, app: App, play: PlayScene, offer: PendingOffer) -> None:
        s = play.session
        kind = next((k.name for k in s.level.agreement_kinds if k.id == offer.kind), offer.kind)
        super().__init__(app, f"{s.name(offer.proposer)} proposes a {kind.lower()}")
        self.play, self.offer, self.kind = play, offer, kind

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.play.session
        st = s.game.state
        o = self.offer
        p, j = st.idx(s.player), st.idx(o.proposer)
        terms = ", ".join(f"{t} {a}" for t, a in o.terms)
        desc = next((k.description for k in s.level.agreement_kinds if k.id == o.kind), "")
        aff = float(derived.affinity(s.level, st)[p, j])
        lines = [
            desc,
            f"They offer {terms}." if terms else "They add no terms of their own.",
            f"Your trust in them {st.trust[p, j]:.0f} · theirs in you {st.trust[j, p]:.0f} · "
            f"shared values {aff:+.2f} · agreements you carry {len(st.agreements_of(s.player))}",
            "Unanswered proposals lapse at the end of the turn.",
        ]
        y = body.y
        for k, text in enumerate(t for t in lines if t):
            colour = T.INK_DIM if k >= 2 else T.INK
            surf = th.text(text, 15, colour, wrap=body.w)
            self.widgets.append(
                Label(
                    pygame.Rect(body.x, y, body.w, surf.get_height()), text, 15, colour, wrap=True
                )
            )
            y += surf.get_height() + th.px(8)
        bw, bh = th.px(170), th.px(40)
        y = body.bottom - bh
        self.widgets.append(
            Button(
                pygame.Rect(body.x, y, bw, bh),
                "Accept",
                lambda: self._answer(True),
                style="primary",
                hotkey="1",
            )
        )
        self.widgets.append(
            Button(
                pygame.Rect(body.x + bw + th.px(10), y, bw, bh),
                "Decline",
                lambda: self._answer(False),
                style="ink",
                hotkey="2",
            )
        )
        self.widgets.append(
            Button(
                pygame.Rect(body.right - bw, y, bw, bh),
                "Later",
                self._later,
                style="paper",
                hotkey="Esc",
            )
        )

    def _answer(self, accept: bool) -> Transition:
        result = self.play.issue(AnswerProposal(self.play.session.player, self.offer.key, accept))
        return Pop() if result.ok else None

    def _later(self) -> Transition:
        self.play.deferred.add(self.offer.key)
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
