"""The nation panel: relations, interoperability, politics, values, and the actions you can take."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.core import commands as C
from game.core import derived, explain, phrasing, price, staying
from game.core.actions.base import fields_of
from game.core.domestic import reelection_chance
from game.core.forecast import WINDOW, Forecast, opposition_forecast
from game.core.game import date_label
from game.core.promises import open_promises
from game.ui import textfit
from game.ui import theme as T
from game.ui.describe import lasting_first, promise_line
from game.ui.scene import PASS, Scene, Transition
from game.ui.scenes.proposal import ProposalScene
from game.ui.theme import Theme
from game.ui.widgets import Button, Custom, Frame, Label

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.controller import Controller

TABS = ("Overview", "Politics", "Actions")
PANEL_W = 470


def project_lines(session: Any, nid: str) -> list[str]:
    """The running projects of the player with `nid` (all of them on the player's own panel):
    what, with whom, turns left and the budget each costs a turn."""
    me = session.player
    out = []
    for p in session.game.state.projects:
        if me not in (p.a, p.b) or (nid != me and nid not in (p.a, p.b)):
            continue
        other = p.b if p.a == me else p.a
        what = "Training programme" if p.kind == "training" else "Technology transfer"
        payer = "you pay" if p.a == me else f"{session.name(p.a)} pays"
        left = phrasing.plural(p.turns_left, "turn")
        out.append(f"{what} with {session.name(other)}: {left} left, {payer} {p.cost:g} a turn")
    return out


# (budget format, per-turn format, separator) for each shorter form of a cost.
_COST_FORMS = {
    "short": ("{:g} budget", "{:g}/turn × {}", " + "),
    "tiny": ("{:g} B", "{:g}×{}", "+"),
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
    """A cost in few characters for a narrow button: "1 DC + 1/turn × 4"."""
    return _compact_cost(cost, "short")


def tiny_cost(cost: Any) -> str:
    """The shortest form, for the narrowest panels: "1 DC+1×4"."""
    return _compact_cost(cost, "tiny")


def reasons_line(why: list[str], fits: Callable[[str], bool] = lambda text: True) -> str:
    """The reasons an action is refused, on one line: what waiting will not change (a
    lesson, a rule, a missing step) before what the next turn's capital or budget will
    ("needs 1 diplomatic capital, you have 0"). As many whole reasons as `fits` allows,
    then how many more there are (the button's tooltip has them all)."""
    ordered = lasting_first(why)
    text = ""
    for k in range(len(ordered), 0, -1):  # the first reason alone, whether it fits or not
        rest = len(ordered) - k
        text = "✗ " + "; ".join(ordered[:k]) + (f" (+{rest} more)" if rest else "")
        if fits(text):
            break
    return text


def action_tip(game: Any, row: Any, cost: price.Price) -> str:
    """An action's tooltip: what it is for, everything it costs you, then what it does."""
    lines = [row.action.summary, cost.text()]
    if not row.reasons:
        gains = [line.text for line in game.preview(row.command) if line.tone >= 0]
        if gains:
            lines.append("Does: " + "; ".join(gains))
        # What it adds to or takes from world tension is worth seeing before doing it.
        tension = game.tension_line(row.command)
        if tension is not None:
            lines.append(f"{'Risks' if tension.tone < 0 else 'Eases'}: {tension.text}")
    return "\n".join(lines)


def _capital_range(rows: list[Any]) -> str:
    caps = sorted({row.cost.capital for row in rows})
    span = f"{caps[0]}–{caps[-1]}" if len(caps) > 1 else f"{caps[0]}"
    return f"{span} DC"


def _proposal_tip(rows: list[Any]) -> str:
    """The builder row's tooltip: the capital each kind costs and what a refusal costs."""
    kinds = " · ".join(
        f"{row.label.removeprefix('Propose ')} {row.cost.capital} DC" for row in rows
    )
    return (
        f"{rows[0].action.summary}\nCosts you: diplomatic capital by the agreement ({kinds}), "
        "a little of their trust if they refuse, and whatever terms you add; the builder "
        "shows each before you send."
    )


def cost_forms(cost: Any, p: price.Price) -> list[str]:
    """A row's cost from longest to shortest: what it takes at once with its other costs
    ("1 DC · approval −2"), then with "+…" when those only fit in the tooltip."""
    at_once = [cost.text(), short_cost(cost), tiny_cost(cost)]
    if not p.lines:
        return at_once
    extra = " · ".join(line.text.removeprefix("Your ").split(" (")[0] for line in p.lines)
    return [f"{f} · {extra}" for f in at_once] + [f"{f} +…" for f in at_once]


def panel_area(
    th: Theme, map_area: pygame.Rect, screen: pygame.Rect, side: str = "right"
) -> pygame.Rect:
    """Where the nation panel sits: along the right of the map, or its left."""
    w = min(th.px(PANEL_W), screen.w // 2)
    x = th.px(12) if side == "left" else screen.w - w - th.px(12)
    return pygame.Rect(x, map_area.y + th.px(12), w, map_area.h - th.px(24))


class NationPanel(Scene):
    """A side panel over the map; events outside it go on to the play screen."""

    opaque = False

    def __init__(self, app: App, ctl: Controller, nid: str = "") -> None:
        super().__init__(app)
        self.ctl = ctl
        self.nid = nid
        self.tab = TABS[0]
        self.side = "right"  # the play screen moves the panel left off a nation it would hide
        self.panel = pygame.Rect(0, 0, 0, 0)
        self.first = 0  # the first action shown when the list scrolls
        self.more = 0  # actions below the last one shown
        self._wants_cache: tuple[Any, explain.Wants] | None = None
        self._risk_cache: tuple[Any, Forecast] | None = None

    def keep_clear(self) -> pygame.Rect | None:
        return self.panel if self.panel.w else None

    @property
    def session(self) -> Any:
        return self.ctl.session

    def show(self, nid: str) -> None:
        self.nid = nid
        self.first = 0
        self.focus = -1
        self.relayout()

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        self.panel = panel_area(th, self.ctl.map_area, rect, self.side)
        w = self.panel.w
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
        self.widgets.append(
            Button(close, "×", self._close, style="paper", tip="Close (Esc)", size=17)
        )
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
                    selected=name == self.tab,
                    size=14,
                )
            )
        y += th.px(42)
        body = pygame.Rect(x, y, iw, self.panel.bottom - y - pad)
        if self.tab == "Actions":
            self._actions(body)
        else:
            paint = self._overview if self.tab == "Overview" else self._politics
            # Painted again only when the game changes (a map frame beneath it does not).
            self.widgets.append(Custom(body, paint, stamp=self._state_key))

    def set_tab(self, name: str) -> Transition:
        keyboard = self.focus >= 0
        if name != self.tab:
            self.tab, self.first, self.more = name, 0, 0
            self.focus = -1
        self.relayout()
        if keyboard:
            # The ring stays on the tab it opened, so Down goes on into the tab's content.
            self.ensure_layout()
            items = self.focusables()
            tabs = [k for k, w in enumerate(items) if getattr(w, "text", None) == name]
            self.focus = tabs[0] if tabs else -1
        return None

    # -- actions tab ---------------------------------------------------------------

    def _actions(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.session
        g = s.game
        bh, reason_h, gap = th.px(32), th.px(16), th.px(2)
        hint_h = th.line_height(12) + th.px(4)
        rows: list[tuple[str, Callable[[], Any], list[str], list[str], str, bool]] = []
        # Rows that come and go from turn to turn (exercises with observers, offered only
        # while someone would feel threatened) go last, so the rest never move under the
        # pointer.
        menu = sorted(
            g.menu(self.nid), key=lambda row: fields_of(row.command).get("observers") is True
        )
        proposals = [row for row in menu if row.action.id == "proposal"]
        for row in menu:
            if row.action.id == "proposal":
                # Proposals have terms: one row opens the builder with the other side's ledger.
                if row is proposals[0]:
                    why = ["the game is over"] if g.over else []
                    label = f"{row.action.label}…"
                    forms = [_capital_range(proposals)]
                    rows.append((label, self._propose, why, forms, _proposal_tip(proposals), True))
                continue
            cost = price.of_command(g.ctx(), row.command)
            forms = cost_forms(row.cost, cost)
            rows.append(
                (
                    row.label,
                    functools.partial(self._do, row.command),
                    list(row.reasons),
                    forms,
                    action_tip(g, row, cost),
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
        reason_w = body.w - th.px(10)

        def fits_reason(text: str) -> bool:
            return not textfit.fit(th, text, 12, reason_w).cut  # as its Label will fit it

        for k in range(self.first, len(rows)):
            label, action, why, forms, full, propose = rows[k]
            # Every row keeps room for its reason, so using an action (which then shows
            # "already done") never moves the rows below it from under the pointer.
            h = bh + reason_h
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
                        pygame.Rect(body.x + th.px(10), y, reason_w, reason_h),
                        reasons_line(why, fits_reason),
                        12,
                        th.palette["bad"],
                    )
                )
            y += reason_h + gap - th.px(2)
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

    def scroll(self, steps: int) -> None:
        """Move the tab's rows by whole rows (positive: down)."""
        if steps > 0 and not self.more:
            return
        first = max(0, self.first + steps)
        if first != self.first:
            self.first = first
            self.relayout()

    def _propose(self) -> Transition:
        return self.ctl.open(ProposalScene(self.app, self.ctl, self.nid))

    def _do(self, cmd: C.Command) -> Transition:
        self.ctl.issue(cmd)
        return None

    def _close(self) -> Transition:
        return self.ctl.select(None)

    # -- overview and politics -------------------------------------------------------

    def _overview(self, surface: pygame.Surface, rect: pygame.Rect, th: Theme) -> list[Tip]:
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
            # Its parts with the weights that make it up, so the heading adds up.
            r = s.game.rules
            for part, weight, values in (
                ("Equipment", r.interop_weight_equipment, st.equipment),
                ("Doctrine", r.interop_weight_doctrine, st.doctrine),
                ("Communications", r.interop_weight_communications, st.communications),
            ):
                pen.bar(f"{part} ({weight:.0%})", float(values[p, i]))
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
        # Partners whose stay ledger is near the walk-out threshold, before they walk.
        leaving = staying.warnings(s.game.ctx(), self.nid)
        if leaving:
            pen.lines(leaving, th.palette["bad"])
        pen.heading("Promises")
        mine = [pr for pr in open_promises(st, self.nid) if s.player in (pr.promiser, pr.promisee)]
        theirs = [pr for pr in open_promises(st, self.nid) if pr not in mine]
        pen.lines(
            [promise_line(s.level, s.game.state, s.player, pr) for pr in mine + theirs]
            or ["No open promises"]
        )
        pen.heading("Projects")
        pen.lines(project_lines(s, self.nid) or ["No projects running"])
        if self.nid != s.player:
            wants = self._wants()
            pen.heading("What they want")
            pen.lines([f"Weighs most: {wants.weighs}"], T.INK_DIM)
            pen.lines([f"Aims: {'; '.join(wants.goals)}" if wants.goals else "Aims: nothing now"])
            pen.lines(
                [f"Would welcome from you: {'; '.join(wants.from_you)}"]
                if wants.from_you
                else ["Would welcome from you: nothing they expect now"]
            )
            if wants.talks:
                pen.lines([wants.talks], T.INK_DIM)
        return self._finish(pen)

    def _state_key(self) -> tuple[object, ...]:
        """Changes whenever what the panel shows of the game may have: the nation, the turn,
        the commands given this turn, the state (undo and loading bring another)."""
        g = self.session.game
        return (self.nid, g.state.turn, tuple(g.issued), id(g.state))

    def _wants(self) -> explain.Wants:
        """What this nation wants, worked out once per state of the turn."""
        key = self._state_key()
        if self._wants_cache is None or self._wants_cache[0] != key:
            g = self.session.game
            self._wants_cache = (key, explain.wants(g.ctx(), self.nid))
        return self._wants_cache[1]

    def _risks(self) -> Forecast:
        key = self._state_key()
        if self._risk_cache is None or self._risk_cache[0] != key:
            g = self.session.game
            self._risk_cache = (key, opposition_forecast(g.ctx(), self.nid))
        return self._risk_cache[1]

    def _politics(self, surface: pygame.Surface, rect: pygame.Rect, th: Theme) -> list[Tip]:
        s = self.session
        st = s.game.state
        p, i = st.idx(s.player), st.idx(self.nid)
        pen = _Pen(surface, rect, th)
        pen.heading("Domestic state")
        pen.bar("Approval", float(st.approval[i]), diverging=True)
        pen.bar("Stability", float(st.stability[i]), diverging=True)
        nxt = int(st.next_election[i])
        chance = reelection_chance(float(st.approval[i]), s.game.rules.election_slope)
        when = nxt - st.turn
        plural = "s" if when != 1 else ""
        due = "this turn" if when <= 0 else f"in {when} turn{plural}"
        # Elections are held in a turn's domestic phase; the last turn's is `turns - 1`.
        held = nxt < s.level.turns
        if not held:
            pen.lines(["No election before the game ends"])
        else:
            pen.lines(
                [
                    f"Next election: {date_label(s.level, nxt)} ({due})",
                    f"Polls: the government's re-election chance is {chance:.0%}",
                ]
            )
        if held and self.nid != s.player and 0 <= when <= WINDOW:
            risks = [r for r in self._risks().risks if s.player in r.agreement.members]
            if risks:
                lose = 1.0 - chance
                pen.lines(
                    [
                        "At risk if the opposition wins "
                        f"({lose:.0%}): "
                        + ", ".join(
                            f"{s.level.kind(r.agreement.kind).name.lower()} "
                            + ("(its review drops it" if r.chance >= 1.0 else f"({r.chance:.0%}")
                            + f", {lose * r.chance:.0%} in all)"
                            for r in risks
                        )
                    ],
                    th.palette["bad"],
                )
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
        return self._finish(pen)

    def _finish(self, pen: _Pen) -> list[Tip]:
        self.first, self.more = pen.finish(self.first)
        return pen.tips

    # -- input ----------------------------------------------------------------------

    def update(self, dt: float) -> Transition:
        # The play screen under the panel still animates and raises event dialogs.
        return self.ctl.tick(dt)

    def handle(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.MOUSEWHEEL and self.panel.collidepoint(self.app.mouse):
            self.scroll(-int(event.y))
            return None
        t = super().handle(event)
        return t

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                return self._close()
            if event.key == pygame.K_TAB:
                back = -1 if event.mod & pygame.KMOD_SHIFT else 1
                k = (TABS.index(self.tab) + back) % len(TABS)
                return self.set_tab(TABS[k])
            if event.key in (pygame.K_DOWN, pygame.K_UP):
                # Up and Down walk the focus ring over the panel's buttons, not the map.
                self.move_focus(1 if event.key == pygame.K_DOWN else -1)
                return None
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                acted = self.activate_focus()
                if acted is not False:
                    return acted
                if event.key == pygame.K_SPACE:
                    return None
        if event.type == pygame.MOUSEMOTION and self.panel.collidepoint(event.pos):
            self.ctl.point_at(None)
            return None
        return PASS


Tip = tuple[pygame.Rect, str]


class _Pen:
    """Collects panel rows (headings, bars, lines, value scales), then lays them out top to
    bottom from the first row scrolled to, with "more" hints where rows are out of view."""

    def __init__(self, surface: pygame.Surface, rect: pygame.Rect, th: Theme) -> None:
        self.s, self.r, self.th = surface, rect, th
        self.rows: list[tuple[int, Callable[[int], None]]] = []
        self.tips: list[Tip] = []

    def heading(self, text: str) -> None:
        th = self.th
        gap = th.px(6) if self.rows else 0
        h = gap + th.line_height(15, True) + th.px(7)

        def paint(y: int) -> None:
            y += gap
            fitted = textfit.fit(th, text, 15, self.r.w, bold=True)
            textfit.draw(self.s, th, fitted, pygame.Rect(self.r.x, y, self.r.w, 0), T.INK)
            if fitted.cut:
                self.tips.append((pygame.Rect(self.r.x, y, self.r.w, h - gap), text))
            y += th.line_height(15, True) + th.px(2)
            pygame.draw.line(self.s, T.PAPER_LINE, (self.r.x, y), (self.r.right, y))

        self.rows.append((h, paint))

    def bar(
        self, label: str, value: float, diverging: bool = False, bad_high: bool = False
    ) -> None:
        th = self.th
        h = th.px(22)

        def paint(y: int) -> None:
            lw = self.r.w * 52 // 100
            box = pygame.Rect(self.r.x, y, lw - th.px(4), h)
            fitted = textfit.fit(th, label, 13, box.w)
            textfit.draw(self.s, th, fitted, box, T.INK, valign="center")
            if fitted.cut:
                self.tips.append((box, label))
            track = pygame.Rect(self.r.x + lw, y + th.px(6), self.r.w - lw - th.px(40), th.px(9))
            pygame.draw.rect(self.s, T.PAPER_2, track, border_radius=th.px(4))
            t = max(0.0, min(1.0, value / 100.0))
            colour = th.ramp(t, diverging, good=not bad_high)
            filled = (track.x, track.y, round(track.w * t), track.h)
            pygame.draw.rect(self.s, colour, filled, border_radius=th.px(4))
            if diverging:
                mid = track.x + track.w // 2
                pygame.draw.line(self.s, T.PAPER_LINE, (mid, track.y - 2), (mid, track.bottom + 1))
            num = th.text(f"{value:.0f}", 13, T.INK, True)
            self.s.blit(num, (self.r.right - num.get_width(), y + (h - num.get_height()) // 2))

        self.rows.append((h, paint))

    def lines(self, rows: list[str], colour: T.RGB = T.INK) -> None:
        th = self.th
        for row in rows:
            fitted = textfit.fit(th, row, 13, self.r.w, 1 << 20)

            def paint(y: int, fitted: textfit.Fitted = fitted) -> None:
                box = pygame.Rect(self.r.x, y, self.r.w, fitted.height(th))
                textfit.draw(self.s, th, fitted, box, colour)

            self.rows.append((fitted.height(th) + th.px(3), paint))

    def scale(
        self, name: str, low: str, high: str, them: float, you: float | None, colour: T.RGB
    ) -> None:
        th = self.th
        h = th.px(44)

        def paint(y: int) -> None:
            self.s.blit(
                th.text(th.ellipsize(name, 13, self.r.w, True), 13, T.INK, True), (self.r.x, y)
            )
            line_y = y + th.px(26)
            # Room beside the line for each end's words in up to two small lines: a fifth of
            # the row, more when they need it ("Cheap imports and interdependence"), at
            # most 3/10 (beyond that they are cut and shown whole on hover).
            side = max(th.px(70), self.r.w // 5)
            widest = self.r.w * 3 // 10
            while side < widest and any(
                textfit.fit(th, word, 11, side - th.px(6), th.px(28), shrink=1).cut
                for word in (low, high)
            ):
                side = min(widest, side + th.px(6))
            x0, x1 = self.r.x + side, self.r.right - side
            pygame.draw.line(self.s, T.PAPER_LINE, (x0, line_y), (x1, line_y), 2)
            mid = (x0 + x1) // 2
            pygame.draw.line(self.s, T.PAPER_LINE, (mid, line_y - 4), (mid, line_y + 4))
            # Each end's word gets the room beside the line, in up to two small lines.
            room = side - th.px(6)
            for word, box, align in (
                (low or "−1", pygame.Rect(self.r.x, line_y - th.px(14), room, th.px(28)), "right"),
                (
                    high or "+1",
                    pygame.Rect(x1 + th.px(6), line_y - th.px(14), room, th.px(28)),
                    "left",
                ),
            ):
                fitted = textfit.fit(th, word, 11, box.w, box.h, shrink=1)
                textfit.draw(self.s, th, fitted, box, T.INK_DIM, align, "center")
                if fitted.cut:
                    self.tips.append((box, word))

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

        self.rows.append((h, paint))

    def finish(self, first: int) -> tuple[int, int]:
        """Draw the rows from `first`; returns (first row drawn, rows left below)."""
        th = self.th
        hint_h = th.line_height(12) + th.px(4)
        first = max(0, min(first, len(self.rows) - 1))
        y = self.r.y
        if first:
            self._hint(y, f"▲ {first} more — scroll up")
            y += hint_h
        more = 0
        for k in range(first, len(self.rows)):
            h, paint = self.rows[k]
            room = self.r.bottom - (hint_h if k < len(self.rows) - 1 else 0)
            if y + h > room:
                more = len(self.rows) - k
                break
            paint(y)
            y += h
        if more:
            self._hint(self.r.bottom - hint_h, f"▼ {more} more — scroll down")
        return first, more

    def _hint(self, y: int, text: str) -> None:
        th = self.th
        box = pygame.Rect(self.r.x, y, self.r.w, th.line_height(12) + th.px(4))
        textfit.draw_text(self.s, th, text, box, 12, T.INK_DIM, align="center")
