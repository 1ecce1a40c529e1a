"""The proposal builder: agreement kind and terms, with the other side's verdict ledger live."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.core import price
from game.core.actions.proposal import ProposeAgreement, term_lines
from game.core.defs import AgreementKindDef
from game.core.effects import first_objection
from game.core.phrasing import figure, opening, short_of
from game.core.promises import DEFENCE_PLEDGE_TURNS
from game.core.verdict import MAX_PLEDGE
from game.ui import theme as T
from game.ui.describe import lasting_first, signed
from game.ui.scene import Pop, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.widgets import Button, Custom, Label, Slider, Toggle

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.controller import Controller

MAX_TERM = 20
EXERCISE_TURNS = 4  # an exercise pledge is due within this many turns


class ProposalScene(Dialog):
    """Builds a `ProposeAgreement`; nothing is sent until Send (Enter)."""

    width, height = 1040, 660

    def __init__(
        self,
        app: App,
        ctl: Controller,
        target: str,
        kind: str | None = None,
        terms: tuple[tuple[str, int], ...] = (),
    ) -> None:
        """A new proposal to `target`, or one prefilled with `kind` and `terms` (to amend)."""
        super().__init__(app, f"Proposal to {ctl.session.name(target)}")
        self.ctl = ctl
        self.target = target
        s = ctl.session
        kinds = [k.id for k in s.level.agreement_kinds]
        me = s.player
        open_kinds = [k for k in kinds if not s.game.state.has_agreement(me, target, k)]
        self.kind = kind if kind in kinds else (open_kinds or kinds)[0]
        given = dict(terms)
        self.aid = int(given.get("aid", 0))
        self.defence = int(given.get("defence", 0))
        self.exercise = "exercise" in given
        self.concession = "concession" in given

    # -- the command being built -------------------------------------------------------

    @property
    def terms(self) -> tuple[tuple[str, int], ...]:
        out: list[tuple[str, int]] = []
        if self.aid:
            out.append(("aid", int(self.aid)))
        if self.defence:
            out.append(("defence", int(self.defence)))
        if self.exercise:
            out.append(("exercise", EXERCISE_TURNS))
        if self.concession:
            out.append(("concession", 1))
        return tuple(out)

    @property
    def command(self) -> ProposeAgreement:
        return ProposeAgreement(self.ctl.session.player, self.target, self.kind, self.terms)

    # -- layout ------------------------------------------------------------------------

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.ctl.session
        self.sliders: dict[str, tuple[Slider, Callable[[float], str]]] = {}
        left = pygame.Rect(body.x, body.y, body.w * 46 // 100, body.h)
        right = pygame.Rect(
            left.right + th.px(24), body.y, body.right - left.right - th.px(24), body.h - th.px(54)
        )
        y = left.y
        self.widgets.append(
            Label(pygame.Rect(left.x, y, left.w, th.px(22)), "Agreement", 15, bold=True)
        )
        y += th.px(26)
        st = s.game.state
        for k in s.level.agreement_kinds:
            detail, tip = self._kind_badge(k)
            r = pygame.Rect(left.x, y, left.w, th.px(32))
            self.widgets.append(
                Button(
                    r,
                    k.name,
                    functools.partial(self.set_kind, k.id),
                    style="paper",
                    selected=k.id == self.kind,
                    detail=detail,
                    size=14,
                    tip=tip,
                )
            )
            y += th.px(36)
        y += th.px(8)
        self.widgets.append(
            Label(pygame.Rect(left.x, y, left.w, th.px(22)), "Terms you offer", 15, bold=True)
        )
        y += th.px(28)
        budget = float(st.budget[st.idx(s.player)])
        aid_max = max(0, min(MAX_TERM, int(budget)))
        for label, lo, hi, value, setter, fmt in (
            ("Aid", 0, aid_max, self.aid, self._set_aid, lambda v: f"{v:g}"),
            ("Defence pledge", 0, MAX_PLEDGE, self.defence, self._set_defence, lambda v: f"+{v:g}"),
        ):
            self.widgets.append(Label(pygame.Rect(left.x, y, th.px(130), th.px(30)), label, 14))
            sl = Slider(
                pygame.Rect(left.x + th.px(130), y, left.w - th.px(130), th.px(30)),
                lo,
                max(hi, lo + 1) if hi > lo else lo + 1,
                value,
                setter,
                fmt=fmt,
            )
            term = "aid" if label == "Aid" else "defence"
            self.sliders[term] = (sl, fmt)
            self._retip(term, value)
            if hi <= lo:
                sl.tip = "You have no budget to offer as aid"
            self.widgets.append(sl)
            y += th.px(38)
            if term == "defence":
                # Whether a pledge can be kept: the strength you have beside what it asks.
                self.military = Label(
                    pygame.Rect(left.x + th.px(130), y - th.px(6), left.w - th.px(130), th.px(18)),
                    self._military_text(),
                    12,
                    T.INK_DIM,
                )
                self.widgets.append(self.military)
                y += th.px(16)
        exercise = Toggle(
            pygame.Rect(left.x, y, left.w, th.px(32)),
            f"Joint exercise within {EXERCISE_TURNS} turns",
            self.exercise,
            self._set_exercise,
        )
        exercise.tip = self._term_tip("exercise", EXERCISE_TURNS)
        self.widgets.append(exercise)
        y += th.px(38)
        concession = Toggle(
            pygame.Rect(left.x, y, left.w, th.px(32)),
            "Trade concession",
            self.concession,
            self._set_concession,
        )
        concession.tip = self._term_tip("concession", 1)
        self.widgets.append(concession)
        y += th.px(40)
        bottom = body.bottom - th.px(48)
        # Everything sending costs you, before you send: capital, terms, a refusal's price.
        self.price = Label(
            pygame.Rect(left.x, y, left.w, max(th.line_height(13), bottom - y)),
            self._price_text(),
            13,
            T.INK,
            wrap=True,
        )
        self.widgets.append(self.price)
        self.widgets.append(Custom(right, self._paint_ledger))
        bw, bh = th.px(200), th.px(40)
        send = pygame.Rect(body.right - bw, body.bottom - bh, bw, bh)
        why = s.game.reasons(self.command)
        self.send_button = Button(
            send,
            "Send proposal",
            self.send,
            style="primary",
            hotkey="Enter",
            enabled=not why,
            tip="; ".join(why),
        )
        self.widgets.append(self.send_button)
        cancel = pygame.Rect(send.x - bw // 2 - th.px(150), send.y, th.px(140), bh)
        self.widgets.append(Button(cancel, "Cancel", Pop, style="ink", hotkey="Esc"))

    def _kind_badge(self, k: AgreementKindDef) -> tuple[str, str]:
        """A kind's badge and tip: "in force"; "not yet" and why it cannot be proposed now;
        or how far their trust in you is from what they want for it (it weighs in, it does
        not forbid)."""
        s = self.ctl.session
        st = s.game.state
        about = [k.description] if k.description else []
        if st.has_agreement(s.player, self.target, k.id):
            return "in force", "\n".join(about)
        why = s.game.reasons(ProposeAgreement(s.player, self.target, k.id, ()))
        if why:
            return "not yet", "\n".join([*about, "Not yet: " + "; ".join(lasting_first(why))])
        trust = float(st.trust[st.idx(self.target), st.idx(s.player)])
        if trust >= k.min_trust:
            return "", "\n".join(about)
        wants = (
            f"{s.name(self.target)} wants trust {k.min_trust:g} for this, you have "
            f"{short_of(trust, k.min_trust)}: "
            "the shortfall counts against it"
        )
        badge = f"trust {figure(trust, '>=', k.min_trust, False)} of {k.min_trust:g}"
        return badge, "\n".join([*about, wants])

    def _refresh_send(self) -> None:
        why = self.ctl.session.game.reasons(self.command)
        self.send_button.enabled = not why
        self.send_button.tip = "; ".join(why)
        self.price.text = self._price_text()
        self.military.text = self._military_text()
        self.app.dirty = True

    def _price_text(self) -> str:
        s = self.ctl.session
        return price.of_command(s.game.ctx(), self.command).text()

    def _military_text(self) -> str:
        """ "Your military 41 · +5 means 46 within 4 turns"."""
        st = self.ctl.session.game.state
        now = float(st.military[st.idx(self.ctl.session.player)])
        if not self.defence:
            return f"Your military strength {now:.0f}"
        goal = now + self.defence
        pledge = f"{signed(self.defence)} means {goal:.0f} within {DEFENCE_PLEDGE_TURNS} turns"
        return f"Your military {now:.0f} · {pledge}"

    def set_kind(self, kid: str) -> Transition:
        self.kind = kid
        self.relayout()
        return None

    def _set_aid(self, v: float) -> None:
        self.aid = int(v)
        self._retip("aid", self.aid)
        self._refresh_send()

    def _set_defence(self, v: float) -> None:
        self.defence = int(v)
        self._retip("defence", self.defence)
        self._refresh_send()

    def _retip(self, term: str, value: float) -> None:
        """The slider's tip follows its value; at zero it shows what one step would commit."""
        slider, fmt = self.sliders[term]
        slider.tip = self._term_tip(term, max(1, int(value)))
        if not value:
            slider.tip = f"Not offered. At {fmt(1)}:\n{slider.tip}"

    def _set_exercise(self, on: bool) -> None:
        self.exercise = on
        self._refresh_send()

    def _set_concession(self, on: bool) -> None:
        self.concession = on
        self._refresh_send()

    # -- the ledger ----------------------------------------------------------------------

    def _paint_ledger(self, surface: pygame.Surface, rect: pygame.Rect, th: T.Theme) -> None:
        s = self.ctl.session
        v = s.game.verdict(self.target, self.kind, self.terms)
        pygame.draw.rect(surface, T.PAPER_2, rect, border_radius=th.px(6))
        pad = th.px(14)
        x, y, w = rect.x + pad, rect.y + pad, rect.w - 2 * pad
        head = f"How {s.name(self.target)} weighs it"
        surface.blit(th.text(head, 15, T.INK, True), (x, y))
        y += th.line_height(15) + th.px(8)
        lh = th.line_height(14) + th.px(4)
        for name, value in v.factors:
            if y + lh > rect.bottom - th.px(120):
                surface.blit(th.text("…", 14, T.INK_DIM), (x, y))
                y += lh
                break
            surface.blit(th.text(th.ellipsize(opening(name), 14, w - th.px(80)), 14, T.INK), (x, y))
            num = th.text(signed(value, 1), 14, th.signed(value, digits=1), True)
            surface.blit(num, (x + w - num.get_width(), y))
            y += lh
        pygame.draw.line(surface, T.PAPER_LINE, (x, y + th.px(2)), (x + w, y + th.px(2)))
        y += th.px(8)
        for label, value in (("Total", v.total), ("Needed to accept", v.threshold)):
            surface.blit(th.text(label, 15, T.INK, True), (x, y))
            num = th.text(
                signed(value, 1),
                15,
                th.signed(value, digits=1) if label == "Total" else T.INK,
                True,
            )
            surface.blit(num, (x + w - num.get_width(), y))
            y += th.line_height(15) + th.px(4)
        y += th.px(6)
        why = s.game.reasons(self.command)
        verdict = "They would accept" if v.accepted else "They would decline"
        colour = th.palette["good"] if v.accepted else th.palette["bad"]
        flip = opening(v.flip)
        # Joining a bloc needs its members' consent too: a yes they would veto is no yes.
        objection = first_objection(s.game.ctx(), s.player, self.target, self.kind)
        if v.accepted and objection is not None:
            member, reason = objection
            verdict = f"{s.name(member)} would object"
            colour = th.palette["bad"]
            flip = (
                f"{s.name(self.target)} would say yes, but the bloc's members weigh the "
                f"newcomer too: {s.name(member)} would veto it ({reason})."
            )
        elif why and v.accepted:  # no promise of a yes to what cannot be sent
            verdict, colour = "They would accept, once you can send it", T.INK_DIM
        box = pygame.Rect(x, y, w, th.px(34))
        pygame.draw.rect(surface, colour, box, border_radius=th.px(5))
        text = th.text(verdict, 16, T.PAPER, True)
        surface.blit(text, text.get_rect(center=box.center))
        y = box.bottom + th.px(8)
        if why:  # what stops it first; what would sway them, for when it can be sent
            cannot = th.text("Cannot send: " + "; ".join(why), 13, th.palette["bad"], wrap=w)
            surface.blit(cannot, (x, y))
            y += cannot.get_height() + th.px(4)
            flip = f"Once you can send it — {flip}"
        surface.blit(th.text(flip, 13, T.INK_DIM, wrap=w), (x, y))

    # -- input -----------------------------------------------------------------------------

    def _term_tip(self, term: str, amount: int) -> str:
        """What one term commits you to, from the rules' own preview of the proposal."""
        s = self.ctl.session
        cmd = ProposeAgreement(s.player, self.target, self.kind, ((term, amount),))
        return "\n".join(line.text for line in term_lines(s.game.ctx(), cmd))

    def send(self) -> Transition:
        result = self.ctl.issue(self.command)
        return Pop() if result.ok else None

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.send() if self.send_button.enabled else None
        return super().on_event(event)
