"""Decisions the game asks for: an event with its options, or a proposal from an AI nation."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.core import derived, phrasing, price
from game.core.actions.answers import AnswerProposal, ChooseOption
from game.core.actions.proposal import ProposeAgreement, signing_lines, term_lines
from game.core.effects import host_of
from game.core.events import option_available
from game.core.state import PendingEvent, PendingOffer
from game.core.verdict import describe_terms
from game.ui import textfit
from game.ui import theme as T
from game.ui.describe import Line, describe_effects
from game.ui.objectives import requirement_text
from game.ui.scene import Pop, Replace, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.scenes.proposal import ProposalScene
from game.ui.textfit import Fitted
from game.ui.widgets import Button, Custom, Label

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.controller import Controller

OPTION_KEYS = (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4)
Tip = tuple[pygame.Rect, str]


class EventDialog(Dialog):
    """Title, text, and each option with what it will do and what it requires; keys 1–4 choose."""

    width = 780

    def __init__(self, app: App, ctl: Controller, pending: PendingEvent) -> None:
        level = ctl.session.level
        self.event = level.event(pending.event)
        super().__init__(app, self.event.title)
        self.ctl = ctl
        self.pending = pending

    def layout(self, rect: pygame.Rect) -> None:
        # As tall as the text and the options need, so short events get a short dialog; on
        # a small window the story gives way (cut, whole on hover) before the options do.
        th = self.theme
        body_w = self.body_width(rect)
        self.boxes = self._boxes()
        gap = th.px(8)
        opts_h = sum(b.height_for(th, body_w) for b in self.boxes) + gap * (len(self.boxes) - 1)
        story = textfit.fit(th, self.event.text, 15, body_w, 1 << 20)
        fixed = th.px(52) + th.px(18) + th.px(14) + th.px(44)
        if self.pending.target or self._queue()[0]:
            fixed += th.px(12)
        room = rect.h - th.px(24) - fixed - opts_h
        self.text_h = max(th.line_height(15) * 2, min(story.height(th), room))
        self.height = math.ceil((fixed + self.text_h + opts_h) / th.scale) + 1
        super().layout(rect)

    def _available(self) -> list[bool]:
        ctx = self.ctl.session.game.ctx().scoped(self.pending.nation, self.pending.target)
        return [option_available(ctx, o) for o in self.event.options]

    def _boxes(self) -> list[_OptionBox]:
        ctx = self.ctl.session.game.ctx().scoped(self.pending.nation, self.pending.target)
        avail = self._available()
        out = []
        for k, opt in enumerate(self.event.options):
            cost = price.of_effects(ctx, opt.effects)
            # Costs are said once, together, on their own line; the rest is what it does.
            lines = [
                ln
                for ln in describe_effects(ctx, opt.effects)
                if ln.tone >= 0 and ln not in cost.lines
            ]
            req = requirement_text(ctx, opt.requires_text) if opt.requires_text else ""
            box = _OptionBox(
                pygame.Rect(0, 0, 0, 0), k, opt.text, lines, req, avail[k], self._choose
            )
            box.cost = cost.text()
            if cost.free and any(e.name == "chain_event" for e in opt.effects):
                box.cost = f"{price.FREE} now; more follows"  # the follow-up may cost something
            out.append(box)
        return out

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.ctl.session
        who = s.name(self.pending.target) if self.pending.target else ""
        y = body.y
        queue, needs = self._queue()
        if queue:
            self.widgets.append(
                Label(
                    pygame.Rect(body.right - th.px(260), y - th.px(10), th.px(260), th.px(18)),
                    queue,
                    13,
                    T.ACCENT_DARK,
                    bold=True,
                    align="right",
                    tip=needs,
                )
            )
        if who:
            self.widgets.append(
                Label(
                    pygame.Rect(body.x, y - th.px(10), body.w, th.px(18)),
                    f"Concerns {who}",
                    13,
                    T.INK_DIM,
                )
            )
        if who or queue:  # the story starts below the line of these labels
            y += th.px(12)
        self.widgets.append(
            Label(pygame.Rect(body.x, y, body.w, self.text_h), self.event.text, 15, wrap=True)
        )
        y += self.text_h + th.px(14)
        for box in self.boxes:
            box.rect = pygame.Rect(body.x, y, body.w, box.height_for(th, body.w))
            self.widgets.append(box)
            y = box.rect.bottom + th.px(8)
        later = pygame.Rect(body.x, body.bottom - th.px(34), th.px(240), th.px(34))
        self.widgets.append(
            Button(
                later, "Look at the map first", self._later, style="paper", hotkey="Esc", size=13
            )
        )
        n = len(self.boxes)
        hint = f"Press 1–{n} to choose" if n > 1 else "Press 1 to choose"
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

    def _queue(self) -> tuple[str, str]:
        """How many of the player's events wait after this one, and what their options need
        (so capital is not spent here that the next one would want)."""
        s = self.ctl.session
        rest = [p for p in s.game.state.pending if p.nation == s.player and p != self.pending]
        if not rest:
            return "", ""
        lines = []
        for p in rest:
            ev = s.level.event(p.event)
            ctx = s.game.ctx().scoped(p.nation, p.target)
            reqs = sorted(
                {requirement_text(ctx, o.requires_text) for o in ev.options if o.requires_text}
            )
            need = "; ".join(reqs) if reqs else "nothing"
            lines.append(f"“{ev.title}” — its options need {need}")
        return f"{phrasing.plural(len(rest), 'more event')} waiting", "\n".join(lines)

    def _later(self) -> Transition:
        self.ctl.later()
        return Pop()

    def _choose(self, k: int) -> Transition:
        if not self._available()[k]:
            self.app.toast("That option's requirement is not met")
            return None
        result = self.ctl.issue(ChooseOption(self.ctl.session.player, self.pending.key, k))
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
        self.cost = ""  # "Costs you: …", everything the option takes from you
        self.hover = False
        self.tip = "" if ok else f"Requires {req}"

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.hit(event.pos)
        return super().handle(event)

    def _parts(
        self, th: T.Theme, width: int
    ) -> tuple[Fitted, Fitted, list[list[tuple[str, T.RGB]]], Fitted]:
        """The title, the cost, the preview items in rows, and the requirement, laid out
        for `width`."""
        x_room = width - 3 * th.px(12) - th.px(26)
        title = textfit.fit(th, self.text, 16, x_room, th.line_height(16) * 2, bold=True)
        items = [(ln.text, th.signed(ln.tone) if ln.tone else T.INK_DIM) for ln in self.lines]
        rows: list[list[tuple[str, T.RGB]]] = [[]]
        cx, gap = 0, th.px(16)
        font = th.font(13)
        cost = textfit.fit(th, self.cost, 13, x_room, th.line_height(13) * 2, bold=True)
        for text, colour in items or [("No other lasting effect", T.INK_DIM)]:
            w = font.size(text)[0]
            if rows[-1] and cx + w > x_room:
                rows.append([])
                cx = 0
            # A single item wider than the box is cut to the box: its whole text is the tip.
            shown = text if w <= x_room else th.ellipsize(text, 13, x_room)
            rows[-1].append((shown, colour))
            cx += min(w, x_room) + gap
        mark = "✓" if self.ok else "✗"
        req_text = f"{mark} Requires {self.req}" if self.req else ""
        req = textfit.fit(th, req_text, 12, x_room, th.line_height(12) * 2)
        return title, cost, rows, req

    def height_for(self, th: T.Theme, width: int) -> int:
        """How tall the box must be to show everything at `width`."""
        title, cost, rows, req = self._parts(th, width)
        h = 2 * th.px(12) + title.height(th) + th.px(4) + len(rows) * th.line_height(13)
        if self.cost:
            h += cost.height(th) + th.px(2)
        if self.req:
            h += th.px(2) + req.height(th)
        return max(th.px(26) + 2 * th.px(12), h)

    def _paint(self, surface: pygame.Surface, rect: pygame.Rect, th: T.Theme) -> list[Tip]:
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
        title, cost, rows, req = self._parts(th, rect.w)
        y = rect.y + pad
        textfit.draw(surface, th, title, pygame.Rect(x, y, w, title.height(th)), ink)
        y += title.height(th) + th.px(4)
        if self.cost:
            free = self.cost.startswith(price.FREE)
            colour = T.INK_DIM if free else th.palette["bad"]
            textfit.draw(surface, th, cost, pygame.Rect(x, y, w, cost.height(th)), colour)
            y += cost.height(th) + th.px(2)
        lh = th.line_height(13)
        for row in rows:
            cx = x
            for text, colour in row:
                surf = th.text(text, 13, colour)
                surface.blit(surf, (cx, y))
                cx += surf.get_width() + th.px(16)
            y += lh
        if self.req:
            colour = th.palette["good"] if self.ok else th.palette["bad"]
            y += th.px(2)
            textfit.draw(surface, th, req, pygame.Rect(x, y, w, req.height(th)), colour)
        cut = title.cut or cost.cut or req.cut or any("…" in t for row in rows for t, _ in row)
        if not cut:
            return []
        whole = [self.text, self.cost, *(ln.text for ln in self.lines)]
        if self.req:
            whole.append(f"Requires {self.req}")
        return [(rect, "\n".join(whole))]


def counter_title(proposer: str) -> str:
    return f"A counter-offer from {proposer}"


def offer_title(proposer: str) -> str:
    """Short enough for any nation's name; the dialog's first line says what is proposed."""
    return f"A proposal from {proposer}"


def _accepting(cost: price.Price) -> str:
    """What accepting an offer costs, as one sentence."""
    parts = cost.parts()
    return f"Accepting costs you: {' · '.join(parts)}." if parts else "Accepting costs you nothing."


class OfferDialog(Dialog):
    """An AI nation proposes an agreement: accept, decline, or decide later this turn. A
    counter-offer to the player's own proposal: accept its terms, amend, or walk away."""

    width, height = 640, 330

    def __init__(self, app: App, ctl: Controller, offer: PendingOffer) -> None:
        s = ctl.session
        kind = next((k.name for k in s.level.agreement_kinds if k.id == offer.kind), offer.kind)
        if offer.counter:
            self.width, self.height = 760, 440
        elif host_of(s.game.state, offer.kind, offer.proposer, offer.responder)[0] is not None:
            self.height = 400  # room to name the bloc joined and its members' consent
        title = counter_title if offer.counter else offer_title
        super().__init__(app, title(s.name(offer.proposer)))
        self.ctl, self.offer, self.kind = ctl, offer, kind

    def _refusal(self) -> str:
        """What saying no (or nothing) costs: the proposer feels rebuffed."""
        rebuff = self.ctl.session.game.rules.proposal_rebuff_trust
        if not rebuff:
            return ""
        who = self.ctl.session.name(self.offer.proposer)
        return (
            f"If you decline or let it lapse: {phrasing.possessive(who)} trust in you −{rebuff:g}."
        )

    def layout(self, rect: pygame.Rect) -> None:
        if not self.offer.counter:
            # As tall as its lines wrap to at this width (a long cost line takes three), so
            # the last never runs under the answer buttons; `build` places the same lines.
            th = self.theme
            width = self.body_width(rect)
            self.paragraphs = self._lines()
            text = sum(th.text(t, 15, T.INK, wrap=width).get_height() for t in self.paragraphs)
            need = th.px(52 + 18 + 12 + 40) + text + th.px(8) * len(self.paragraphs)
            self.height = max(type(self).height, math.ceil(need / th.scale))
        super().layout(rect)

    def build(self, body: pygame.Rect) -> None:
        if self.offer.counter:
            self._build_counter(body)
            return
        lines = self.paragraphs
        self.stack_lines(body, [(t, T.INK_DIM if t is lines[-1] else T.INK, 15) for t in lines], 8)
        self.answer_row(
            body, lambda: self._answer(True), ("Decline", lambda: self._answer(False)), self._later
        )

    def _lines(self) -> list[str]:
        """What the offer says, one paragraph each; the last is the reminder that it lapses."""
        s = self.ctl.session
        st = s.game.state
        o = self.offer
        p, j = st.idx(s.player), st.idx(o.proposer)
        military = float(st.military[j])
        # A defence pledge is only as good as the forces behind it.
        terms = ", ".join(
            f"defence +{a} (their military {military:.0f})" if t == "defence" else f"{t} {a}"
            for t, a in o.terms
        )
        desc = next((k.description for k in s.level.agreement_kinds if k.id == o.kind), "")
        aff = float(derived.affinity(s.level, st)[p, j])
        accept = AnswerProposal(s.player, o.key, True)
        ctx = s.game.ctx()
        bloc = host_of(st, o.kind, o.proposer, o.responder)[0] is not None
        lines = [
            f"{s.name(o.proposer)} proposes {phrasing.an_agreement(self.kind)}.",
            *(
                f"{ln.text}."
                for ln in (signing_lines(ctx, o.proposer, o.responder, o.kind) if bloc else [])
            ),
            desc,
            f"They offer {terms}." if terms else "They add no terms of their own.",
            _accepting(price.of_command(ctx, accept)),
            self._refusal(),
            f"Your trust in them {st.trust[p, j]:.0f} · theirs in you {st.trust[j, p]:.0f} · "
            f"shared values {aff:+.2f} · agreements you carry {len(st.agreements_of(s.player))}",
            "Unanswered proposals lapse at the end of the turn.",
        ]
        return [t for t in lines if t]

    def _build_counter(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.ctl.session
        o = self.offer
        terms = tuple((str(t), int(a)) for t, a in o.terms)
        v = s.game.verdict(o.proposer, o.kind, terms)
        accept = AnswerProposal(s.player, o.key, True)
        pledge = ProposeAgreement(s.player, o.proposer, o.kind, terms)
        why = s.game.reasons(accept)
        ledger = " · ".join(v.lines())
        lines = [
            (
                f"{s.name(o.proposer)} turned down {phrasing.an_agreement(self.kind)} as you "
                f"proposed it, but would sign it for these terms:",
                T.INK,
            ),
            (describe_terms(terms) or "no terms", T.INK),
            (f"Their ledger with these terms: {ledger} = {v.total:+.1f}", T.INK_DIM),
            (_accepting(price.of_command(s.game.ctx(), accept)), T.INK),
            *(
                (f"{line.text}.", T.INK)
                for line in term_lines(s.game.ctx(), pledge)
                if "promise" in line.text
            ),
            *((f"You cannot accept now: {r}", T.INK) for r in why),
            (
                "Amend opens your proposal with these terms. The offer lapses at the end of "
                "the turn.",
                T.INK_DIM,
            ),
        ]
        self.stack_lines(body, [(text, colour, 15) for text, colour in lines], 8)
        bw, bh = th.px(200), th.px(40)
        y = body.bottom - bh
        for k, (label, fn, style, key) in enumerate(
            (
                ("Accept these terms", lambda: self._answer(True), "primary", "1"),
                ("Amend", self._amend, "paper", "2"),
                ("Walk away", lambda: self._answer(False), "ink", "3"),
            )
        ):
            x = body.x + k * (bw + th.px(12))
            button = Button(pygame.Rect(x, y, bw, bh), label, fn, style=style, hotkey=key)
            if k == 0 and why:
                button.enabled = False
                button.tip = "; ".join(why)
            self.widgets.append(button)

    def _amend(self) -> Transition:
        o = self.offer
        self.ctl.later()
        terms = tuple((str(t), int(a)) for t, a in o.terms)
        return Replace(ProposalScene(self.app, self.ctl, o.proposer, o.kind, terms))

    def _answer(self, accept: bool) -> Transition:
        result = self.ctl.issue(AnswerProposal(self.ctl.session.player, self.offer.key, accept))
        return Pop() if result.ok else None

    def _later(self) -> Transition:
        self.ctl.later()
        return Pop()

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_1:
                return self._answer(True)
            if event.key == pygame.K_2:
                return self._amend() if self.offer.counter else self._answer(False)
            if event.key == pygame.K_3 and self.offer.counter:
                return self._answer(False)
            if event.key == pygame.K_ESCAPE:
                return self._later()
        return super().on_event(event)
