"""The nation panel: relations, interoperability, politics, values, and the actions you can take."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.core import commands as C
from game.core import derived
from game.core.domestic import reelection_chance
from game.core.game import date_label
from game.ui import theme as T
from game.ui.scene import PASS, Pop, Scene, Transition
from game.ui.theme import Theme
from game.ui.widgets import Button, Custom, Frame, Label

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.scenes.play import PlayScene

TABS = ("Overview", "Politics", "Actions")
PANEL_W = 470


# (budget format, per-turn format, separator) for each shorter form of a cost.
_COST_FORMS = {
    "short": ("{:g} budget", "{:g}/turn × {}", " · "),
    "tiny": ("{:g} B", "{:g}×{}", "·"),
}


def _compact_cost(cost: Any, form: str) -> str:
    budget, per_turn, sep = _COST_FORMS[form]
    parts = []
    if cost.capital:
        parts.append(f"{cost.capital} DC")
    if cost.budget:
        parts.append(budget.format(cost.budget))
    if cost.per_turn:
        parts.append(per_turn.format(cost.per_turn, cost.turns))
    return sep.join(parts) or "free"


def short_cost(cost: Any) -> str:
    """A cost in few characters for a narrow button: "1 DC · 1/turn × 4"."""
    return _compact_cost(cost, "short")


def tiny_cost(cost: Any) -> str:
    """The shortest form, for the narrowest panels: "1 DC·1×4"."""
    return _compact_cost(cost, "tiny")


class NationPanel(Scene):
    """A side panel over the map; events outside it go on to the play screen."""

    opaque = False
    tab = "Overview"

    def __init__(self, app: App, play: PlayScene, nid: str) -> None:
        super().__init__(app)
        self.play = play
        self.nid = nid
        self.panel = pygame.Rect(0, 0, 0, 0)
        self.first = 0  # the first action shown when the list scrolls
        self.more = 0  # actions below the last one shown

    @property
    def session(self) -> Any:
        return self.play.session

    def show(self, nid: str) -> None:
        self.nid = nid
        self.first = 0
        self.relayout()

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        mr = self.play.map_rect
        w = min(th.px(PANEL_W), rect.w // 2)
        self.panel = pygame.Rect(rect.w - w - th.px(12), mr.y + th.px(12), w, mr.h - th.px(24))
        self.widgets.append(Frame(self.panel))
        s = self.session
        nd = next(n for n in s.level.nations if n.id == self.nid)
        pad = th.px(16)
        x, y, iw = self.panel.x + pad, self.panel.y + th.px(12), w - 2 * pad
        mine = self.nid == s.player
        self.widgets.append(
            Label(
                pygame.Rect(x, y, iw - th.px(40), th.px(30)),
                nd.name + (" (you)" if mine else ""),
                22,
                bold=True,
            )
        )
        close = pygame.Rect(self.panel.right - th.px(40), y, th.px(28), th.px(28))
        self.widgets.append(Button(close, "×", Pop, style="paper", tip="Close (Esc)", size=17))
        y += th.px(32)
        st = s.game.state
        i = st.idx(self.nid)
        gov = f"{st.government[i]} · {st.leader[i]}"
        self.widgets.append(Label(pygame.Rect(x, y, iw, th.px(20)), gov, 13, T.INK_DIM))
        y += th.px(28)
        tw = (iw - th.px(8)) // 3
        for k, name in enumerate(TABS):
            r = pygame.Rect(x + k * (tw + th.px(4)), y, tw, th.px(30))
            self.widgets.append(
                Button(
                    r,
                    name,
                    functools.partial(self.set_tab, name),
                    style="paper",
                    selected=name == NationPanel.tab,
                    size=14,
                )
            )
        y += th.px(42)
        body = pygame.Rect(x, y, iw, self.panel.bottom - y - pad)
        if NationPanel.tab == "Actions":
            self._actions(body)
        else:
            paint = self._overview if NationPanel.tab == "Overview" else self._politics
            self.widgets.append(Custom(body, paint))

    def set_tab(self, name: str) -> Transition:
        NationPanel.tab = name
        self.relayout()
        return None

    # -- actions tab ---------------------------------------------------------------

    def _actions(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.session
        g = s.game
        bh, reason_h, gap = th.px(32), th.px(16), th.px(6)
        hint_h = th.line_height(12) + th.px(4)
        rows: list[tuple[str, Callable[[], Any], list[str], list[str], str, bool]] = []
        builder = False
        for row in g.menu(self.nid):
            cost = row.cost
            full = f"Costs {cost.text()}" if cost.text() != "free" else "Costs nothing"
            summary = f"{row.action.summary}\n{full}"
            if row.action.id == "proposal":
                # Proposals have terms: one row opens the builder with the other side's ledger.
                if not builder:
                    builder = True
                    why = ["the game is over"] if g.over else []
                    label = f"{row.action.label}…"
                    rows.append((label, self._propose, why, [cost.text()], summary, True))
                continue
            if not row.reasons:
                effects = "; ".join(line.text for line in g.preview(row.command))
                summary = f"{summary}\n{effects}" if effects else summary
            forms = [cost.text(), short_cost(cost), tiny_cost(cost)]
            rows.append(
                (
                    row.label,
                    functools.partial(self._do, row.command),
                    list(row.reasons),
                    forms,
                    summary,
                    False,
                )
            )
        # The list scrolls by whole rows when the panel is too short for all of it.
        self.first = max(0, min(self.first, len(rows) - 1))
        y = body.y
        if self.first:
            self.widgets.append(
                Label(
                    pygame.Rect(body.x, y, body.w, hint_h),
                    f"▲ {self.first} more — scroll up",
                    12,
                    T.INK_DIM,
                    align="center",
                )
            )
            y += hint_h
        self.more = 0
        for k in range(self.first, len(rows)):
            label, action, why, forms, full, propose = rows[k]
            h = bh + (reason_h if why else 0)
            room = body.bottom - (hint_h if k < len(rows) - 1 else 0)
            if y + h > room:
                self.more = len(rows) - k
                break
            btn = Button(
                pygame.Rect(body.x, y, body.w, bh),
                label,
                action,
                style="paper",
                enabled=not why,
                tip=f"{full} — not possible now: {'; '.join(why)}" if why else full,
                size=14,
                hotkey="P" if propose else "",
            )
            # The cost in full when it fits beside the name, else in a shorter form.
            for form in forms:
                btn.detail = form
                if btn.fits(th):
                    break
            self.widgets.append(btn)
            y += bh + th.px(2)
            if why:
                self.widgets.append(
                    Label(
                        pygame.Rect(body.x + th.px(10), y, body.w - th.px(10), reason_h),
                        "✗ " + why[0],
                        12,
                        th.palette["bad"],
                    )
                )
                y += reason_h
            y += gap - th.px(2)
        if self.more:
            self.widgets.append(
                Label(
                    pygame.Rect(body.x, body.bottom - hint_h, body.w, hint_h),
                    f"▼ {self.more} more — scroll down",
                    12,
                    T.INK_DIM,
                    align="center",
                )
            )

    def scroll_actions(self, steps: int) -> None:
        """Move the actions list by whole rows (positive: down)."""
        if steps > 0 and not self.more:
            return
        first = max(0, self.first + steps)
        if first != self.first:
            self.first = first
            self.relayout()

    def _propose(self) -> Transition:
        return self.play.open_proposal(self.nid)

    def _do(self, cmd: C.Command) -> Transition:
        self.play.issue(cmd)
        return None

    # -- overview and politics -------------------------------------------------------

    def _overview(self, surface: pygame.Surface, rect: pygame.Rect, th: Theme) -> None:
        s = self.session
        st = s.game.state
        p, i = st.idx(s.player), st.idx(self.nid)
        pen = _Pen(surface, rect, th)
        if self.nid != s.player:
            pen.heading("Relations")
            pen.bar("Their trust in you", float(st.trust[i, p]), diverging=True)
            pen.bar("Your trust in them", float(st.trust[p, i]), diverging=True)
            pen.bar("Their grievance against you", float(st.grievance[i, p]), bad_high=True)
            pen.bar("Your grievance against them", float(st.grievance[p, i]), bad_high=True)
            pen.bar("Tension between you", float(st.tension[i, p]), bad_high=True)
            io = float(derived.interop(s.level, st)[p, i])
            pen.heading(f"Interoperability {io:.0f}")
            pen.bar("Equipment", float(st.equipment[p, i]))
            pen.bar("Doctrine", float(st.doctrine[p, i]))
            pen.bar("Communications", float(st.communications[p, i]))
        pen.heading("Agreements")
        names = {n.id: n.name for n in s.level.nations}
        rows = []
        for a in st.agreements_of(self.nid):
            kind = next((k.name for k in s.level.agreement_kinds if k.id == a.kind), a.kind)
            others = [
                ("you" if m == s.player else names.get(m, m)) for m in a.members if m != self.nid
            ]
            rows.append(f"{kind} with {', '.join(others)}")
        pen.lines(rows or ["None yet"])
        pen.heading("Promises")
        prom = []
        for pr in st.promises:
            if self.nid in (pr.promiser, pr.promisee) and pr.status == "open":
                who = "You" if pr.promiser == s.player else names.get(pr.promiser, pr.promiser)
                to = "you" if pr.promisee == s.player else names.get(pr.promisee, pr.promisee)
                due = date_label(s.level, pr.deadline)
                prom.append(f"{who} → {to}: {pr.kind} by {due}")
        pen.lines(prom or ["No open promises"])

    def _politics(self, surface: pygame.Surface, rect: pygame.Rect, th: Theme) -> None:
        s = self.session
        st = s.game.state
        p, i = st.idx(s.player), st.idx(self.nid)
        pen = _Pen(surface, rect, th)
        pen.heading("Domestic state")
        pen.bar("Approval", float(st.approval[i]), diverging=True)
        pen.bar("Stability", float(st.stability[i]), diverging=True)
        nxt = int(st.next_election[i])
        chance = reelection_chance(float(st.approval[i]), s.level.rules.election_slope)
        when = nxt - st.turn
        plural = "s" if when != 1 else ""
        due = "this turn" if when <= 0 else f"in {when} turn{plural}"
        pen.lines(
            [
                f"Next election: {date_label(s.level, nxt)} ({due})",
                f"Polls: the government's re-election chance is {chance:.0%}",
            ]
        )
        at_risk = [a for a in st.agreements_of(self.nid) if s.player in a.members]
        if self.nid != s.player and at_risk and chance < 0.5 and when <= 4:
            kinds = ", ".join(a.kind.replace("_", " ") for a in at_risk)
            pen.lines([f"At risk if the opposition wins: {kinds}"], th.palette["bad"])
        aff = float(derived.affinity(s.level, st)[p, i])
        pen.heading(
            "Values"
            if self.nid == s.player
            else f"Values compared with yours (affinity {aff:+.2f})"
        )
        colour = next(n.color for n in s.level.nations if n.id == self.nid)
        if self.nid != s.player:
            pen.lines(["● their position   ◆ yours"], T.INK_DIM)
        for k, axis in enumerate(s.level.axes):
            pen.scale(
                axis.name,
                axis.low,
                axis.high,
                float(st.positions[i, k]),
                None if self.nid == s.player else float(st.positions[p, k]),
                colour,
            )

    # -- input ----------------------------------------------------------------------

    def update(self, dt: float) -> Transition:
        # The play screen under the panel still animates and raises event dialogs.
        return self.play.update(dt)

    def handle(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.MOUSEWHEEL and self.panel.collidepoint(self.app.mouse):
            if NationPanel.tab == "Actions":
                self.scroll_actions(-int(event.y))
            return None
        t = super().handle(event)
        return t

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.play.selected = None
                self.play.map.set_selected(None)
                return Pop()
            if event.key == pygame.K_TAB:
                k = (TABS.index(NationPanel.tab) + 1) % len(TABS)
                return self.set_tab(TABS[k])
        if event.type == pygame.MOUSEMOTION and self.panel.collidepoint(event.pos):
            self.play.map.set_hover(None)
            return None
        return PASS


class _Pen:
    """Writes panel rows top to bottom: headings, bars, lines and value scales."""

    def __init__(self, surface: pygame.Surface, rect: pygame.Rect, th: Theme) -> None:
        self.s, self.r, self.th = surface, rect, th
        self.y = rect.y

    def heading(self, text: str) -> None:
        th = self.th
        if self.y > self.r.y:
            self.y += th.px(6)
        self.s.blit(th.text(text, 15, T.INK, True), (self.r.x, self.y))
        self.y += th.line_height(15) + th.px(2)
        pygame.draw.line(self.s, T.PAPER_LINE, (self.r.x, self.y), (self.r.right, self.y))
        self.y += th.px(5)

    def bar(
        self, label: str, value: float, diverging: bool = False, bad_high: bool = False
    ) -> None:
        th = self.th
        h = th.px(22)
        if self.y + h > self.r.bottom:
            return
        lw = self.r.w * 52 // 100
        self.s.blit(
            th.text(th.ellipsize(label, 13, lw - th.px(4)), 13, T.INK),
            (self.r.x, self.y + th.px(2)),
        )
        track = pygame.Rect(self.r.x + lw, self.y + th.px(6), self.r.w - lw - th.px(40), th.px(9))
        pygame.draw.rect(self.s, T.PAPER_2, track, border_radius=th.px(4))
        t = max(0.0, min(1.0, value / 100.0))
        colour = th.ramp(t, diverging, good=not bad_high)
        pygame.draw.rect(
            self.s, colour, (track.x, track.y, round(track.w * t), track.h), border_radius=th.px(4)
        )
        if diverging:
            mid = track.x + track.w // 2
            pygame.draw.line(self.s, T.PAPER_LINE, (mid, track.y - 2), (mid, track.bottom + 1))
        num = th.text(f"{value:.0f}", 13, T.INK, True)
        self.s.blit(num, (self.r.right - num.get_width(), self.y + th.px(2)))
        self.y += h

    def lines(self, rows: list[str], colour: T.RGB = T.INK) -> None:
        th = self.th
        for row in rows:
            surf = th.text(row, 13, colour, wrap=self.r.w)
            if self.y + surf.get_height() > self.r.bottom:
                return
            self.s.blit(surf, (self.r.x, self.y))
            self.y += surf.get_height() + th.px(3)

    def scale(
        self, name: str, low: str, high: str, them: float, you: float | None, colour: T.RGB
    ) -> None:
        th = self.th
        h = th.px(44)
        if self.y + h > self.r.bottom:
            return
        self.s.blit(th.text(name, 13, T.INK, True), (self.r.x, self.y))
        line_y = self.y + th.px(26)
        x0, x1 = self.r.x + th.px(70), self.r.right - th.px(70)
        pygame.draw.line(self.s, T.PAPER_LINE, (x0, line_y), (x1, line_y), 2)
        pygame.draw.line(
            self.s, T.PAPER_LINE, ((x0 + x1) // 2, line_y - 4), ((x0 + x1) // 2, line_y + 4)
        )
        lo = th.text(th.ellipsize(low or "−1", 11, th.px(64)), 11, T.INK_DIM)
        hi = th.text(th.ellipsize(high or "+1", 11, th.px(64)), 11, T.INK_DIM)
        self.s.blit(lo, (x0 - lo.get_width() - th.px(6), line_y - lo.get_height() // 2))
        self.s.blit(hi, (x1 + th.px(6), line_y - hi.get_height() // 2))

        def at(v: float) -> int:
            return round(x0 + (x1 - x0) * (v + 1.0) / 2.0)

        if you is not None:
            yx = at(you)
            pts = [
                (yx, line_y - th.px(7)),
                (yx + th.px(6), line_y),
                (yx, line_y + th.px(7)),
                (yx - th.px(6), line_y),
            ]
            pygame.draw.polygon(self.s, T.ACCENT, pts)
            pygame.draw.polygon(self.s, T.ACCENT_DARK, pts, 1)
        pygame.draw.circle(self.s, colour, (at(them), line_y), th.px(6))
        pygame.draw.circle(self.s, T.INK, (at(them), line_y), th.px(6), 1)
        self.y += h
