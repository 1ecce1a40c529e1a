"""Pieces of the play screen around the map: top bar, news feed and map legend."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pygame

from game.core import derived, drift, numbering
from game.core.domestic import approval_parts_of
from game.core.outcomes import Outcome
from game.core.phrasing import signed
from game.core.tension_log import parts_of
from game.core.turn import capital_income
from game.core.why import why_of
from game.ui import mapmodes, news, objectives, tension, textfit
from game.ui import theme as T
from game.ui.session import Session
from game.ui.theme import Theme
from game.ui.widgets import Widget
from game.ui.worldmap import Link


@dataclass(frozen=True)
class Chip:
    """One figure of the top bar: its label, a short label, and its value from long to short.

    Every form of the value shows every number; the shorter ones only drop words.
    """

    label: str
    short: str
    values: tuple[str, ...]
    tip: str


def stat_chips(session: Session) -> list[Chip]:
    """The player's figures for the top bar."""
    g = session.game
    s = g.state
    p = s.idx(g.player)
    r = g.rules
    names = {t.id: t.name for t in g.level.threats}
    threats = [(names.get(t.id, t.id), f"{t.level:.0f}") for t in s.threats]
    forms = [" · ".join(f"{n} {v}" for n, v in threats)]
    first = [n.split()[0] if n.split() else n for n, _ in threats]
    if len(set(first)) == len(first):
        forms.append(" · ".join(f"{w} {v}" for w, (_, v) in zip(first, threats, strict=True)))
    forms.append(" · ".join(v for _, v in threats))
    if len(threats) > 1:  # the narrowest: the worst threat's level, the rest in the tooltip
        worst = max(s.threats, key=lambda t: t.level)
        forms.append(f"{worst.level:.0f} …")
    listed = "; ".join(f"{n} {v}" for n, v in threats)
    goals, goals_tip = objectives.summary(session)
    upkeep = sum(pr.cost for pr in s.projects if pr.a == g.player)
    return [
        Chip("Goals", "Goals", (goals,), goals_tip),
        Chip(
            "Capital",
            "DC",
            (f"{int(s.capital[p])}/{r.capital_max}",),
            "Diplomatic capital: most actions cost 1–2. "
            f"+{r.capital_per_turn} a turn (+{r.capital_stability_bonus} at stability ≥ "
            f"{r.capital_stability_threshold:g}).",
        ),
        Chip(
            "Budget",
            "Budget",
            (f"{float(s.budget[p]):.1f}",),
            "Pays for exercises, aid, training and transfers. "
            f"+{float(s.economy[p]) * r.budget_per_economy:.1f} a turn from your economy "
            f"({float(s.economy[p]):.0f}), up to {r.budget_max:g}."
            + (f" Running projects cost {upkeep:g} a turn." if upkeep else ""),
        ),
        Chip(
            "Approval",
            "Appr.",
            (f"{float(s.approval[p]):.0f}",),
            f"Below {r.approval_fall:g} your government falls.\n{approval_heading(session)}",
        ),
        Chip(
            "Reputation",
            "Rep.",
            (f"{float(s.reputation[p]):.0f}",),
            "Your public record of kept and broken promises.",
        ),
        Chip(
            "World tension",
            "Tension",
            (f"{s.world_tension:.0f}",),
            tension_tip(session),
        ),
        Chip(
            "Threats",
            "Threats",
            tuple(dict.fromkeys(forms)) if threats else ("none",),
            "Threats felt in the region; a shared threat draws nations together."
            + (f" Now: {listed}." if threats else ""),
        ),
    ]


def capital_lost(session: Session) -> int:
    """Diplomatic capital the next turn's income will find no room for: it stops at the cap,
    so what is not spent this turn is that much income lost."""
    g = session.game
    s, r = g.state, g.rules
    p = s.idx(g.player)
    income = int(capital_income(r, s.stability[p : p + 1])[0])
    return max(0, int(s.capital[p]) + income - r.capital_max)


def approval_heading(session: Session) -> str:
    """Where the player's approval is heading, part by part, and how fast it gets there."""
    g = session.game
    ctx = g.ctx()
    (_, base), *parts = approval_parts_of(ctx, g.player)
    target = base + sum(v for _, v in parts)
    listed = "".join(f" · {name} {signed(v, 0)}" for name, v in parts if round(v))
    return (
        f"Heading for {target:.0f} (a {ctx.rules.approval_inertia:.0%} step a turn): "
        f"{base:g} to start{listed}."
    )


TENSION_TIP_CAUSES = 4  # causes of world tension the top bar's tip names; the rest are summed


def tension_tip(session: Session) -> str:
    """Where world tension is heading and why, and what lowers it."""
    g = session.game
    ctx = g.ctx()
    r = ctx.rules
    causes = drift.tension_causes(ctx)
    target = sum(c.amount for c in causes)
    now = g.state.world_tension
    way = "rising" if target > now + 0.5 else "falling" if target < now - 0.5 else "steady"
    shown = causes[:TENSION_TIP_CAUSES]
    parts = " · ".join(f"{c.label} {c.amount:.0f}" for c in shown)
    rest = causes[len(shown) :]
    if rest:  # the parts listed add up to the figure it is heading for
        parts += f" · {len(rest)} more {sum(c.amount for c in rest):.0f}"
    history = g.state.history
    last = ""
    if history:
        # The parts add up to the turn's change.
        change = sum(p.amount for p in parts_of(history[-1]))
        causes_last = tension.turn_parts(g.level, history[-1], limit=5)
        if causes_last:
            last = f"Last turn {change:+.1f}:\n" + "\n".join(f"  {c}" for c in causes_last) + "\n"
    return (
        f"At {r.crisis_level:g} a crisis erupts.\n{last}"
        f"Heading for {target:.0f} ({way}): {parts}.\n"
        "Lower it: confidence-building (your tension with that nation "
        f"−{r.confidence_tension_cut:g}), mediation (the tension between the two nations "
        f"−{r.mediation_tension_cut:g}), observers at your exercises. World tension follows "
        "the pairs' tensions by a share; each action's tooltip says how much."
    )


@dataclass(frozen=True)
class BarStyle:
    """How compactly the top bar sets its figures; the bar takes the first style that fits."""

    date_size: int
    turn: str  # "long": "Turn 3 of 40", "short": "3/40", "none": left to the date's tooltip
    short_labels: bool
    value_form: int  # index into Chip.values (the last form when there are fewer)
    value_size: int
    gap: int
    rows: int  # 1: label above value; 2: "label value" inline, in two rows


BAR_STYLES = (
    BarStyle(22, "long", False, 0, 16, 22, 1),
    BarStyle(22, "long", False, 1, 16, 22, 1),
    BarStyle(20, "short", True, 1, 16, 14, 1),
    BarStyle(18, "short", True, 1, 14, 12, 1),
    BarStyle(18, "short", True, 2, 14, 12, 1),
    BarStyle(18, "short", True, 1, 13, 14, 2),
    BarStyle(16, "short", True, 2, 12, 10, 2),
    BarStyle(16, "none", True, 2, 12, 8, 2),
    BarStyle(16, "none", True, 3, 12, 8, 2),
)


class TopBar(Widget):
    """Date, turn counter and the player's numbers; chips explain themselves on hover.

    When room is short the bar shortens labels and threat names, then sets its figures in
    two compact rows, so every number stays on screen at any window size and UI scale.
    """

    def __init__(
        self,
        rect: pygame.Rect,
        session: Session,
        theme: Theme,
        room_end: int | None = None,
        on_goals: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(rect)
        self.session = session
        self.on_goals = on_goals
        self.room_end = room_end if room_end is not None else rect.right - theme.px(364)
        self.chips: list[tuple[pygame.Rect, str]] = []
        self.shown: list[tuple[str, str, pygame.Rect]] = []
        """(label, value, rect) of every figure on the bar, for tooltips and checks."""
        self.style_index = 0
        self._layout(theme)

    @property
    def compact(self) -> bool:
        """True when the bar had to shorten anything to fit."""
        return self.style_index > 0

    def _layout(self, th: Theme) -> None:
        chips = stat_chips(self.session)
        last = len(BAR_STYLES) - 1
        for k, style in enumerate(BAR_STYLES):
            if self._place(th, chips, style, force=k == last):
                self.style_index = k
                return

    def _place(self, th: Theme, chips: list[Chip], style: BarStyle, force: bool) -> bool:
        g = self.session.game
        r = self.rect
        x = r.x + th.px(16)
        # After the last turn the state's turn is one past it; the bar keeps the last one,
        # its number and its date.
        total = g.level.turns
        index = min(g.state.turn, total - 1)
        date = th.text(g.date(index), style.date_size, T.CHROME_TEXT, True)
        n = numbering.shown(index)
        turn_text = f"Turn {n} of {total}" if style.turn == "long" else f"{n}/{total}"
        head = [(date, (x, r.centery - date.get_height() // 2))]
        date_box = pygame.Rect(x, r.y, date.get_width(), r.h)
        x += date.get_width() + th.px(10)
        if style.turn != "none":
            turn = th.text(turn_text, 13, T.CHROME_DIM)
            head.append((turn, (x, r.centery - turn.get_height() // 2 + th.px(2))))
            x += turn.get_width()
        x += th.px(24 if style.rows == 1 else 16)
        start = x
        gap = th.px(style.gap)
        blits: list[tuple[pygame.Surface, tuple[int, int]]] = []
        shown: list[tuple[str, str, pygame.Rect]] = []
        tips: list[tuple[pygame.Rect, str]] = [(date_box, f"Turn {n} of {total}")]
        if style.rows == 1:
            rows_y = [r.y + th.px(6)]
        else:
            line = max(th.line_height(style.value_size, True), th.line_height(10, True))
            spare = max(0, r.h - 2 * line) // 3
            rows_y = [r.y + spare, r.y + 2 * spare + line]
        row = 0
        for chip in chips:
            label = chip.short if style.short_labels else chip.label
            value = chip.values[min(style.value_form, len(chip.values) - 1)]
            ls = th.text(label.upper(), 10, T.CHROME_DIM, True)
            vs = th.text(value, style.value_size, T.CHROME_TEXT, True)
            if style.rows == 1:
                w = max(ls.get_width(), vs.get_width())
            else:
                w = ls.get_width() + th.px(5) + vs.get_width()
            if x + w > self.room_end and style.rows == 2 and row == 0 and x > start:
                row, x = 1, start
            if x + w > self.room_end:
                if not force:
                    return False
                # The narrowest style still fails: the last figure gives up its end.
                room = max(th.px(24), self.room_end - x - (ls.get_width() + th.px(5)))
                value = th.ellipsize(value, style.value_size, room, True)
                vs = th.text(value, style.value_size, T.CHROME_TEXT, True)
                w = ls.get_width() + th.px(5) + vs.get_width()
            y = rows_y[row]
            if style.rows == 1:
                blits.append((ls, (x, y)))
                blits.append((vs, (x, y + ls.get_height() + th.px(1))))
                box = pygame.Rect(x, r.y, w, r.h)
            else:
                h = max(ls.get_height(), vs.get_height())
                blits.append((ls, (x, y + h - ls.get_height() - th.px(2))))
                blits.append((vs, (x + ls.get_width() + th.px(5), y + h - vs.get_height())))
                box = pygame.Rect(x, y, w, h)
            tip = chip.tip if label == chip.label else f"{chip.label}: {chip.tip}"
            shown.append((label, value, box))
            tips.append((box, tip))
            x += w + gap
        self.head, self.items, self.shown, self.chips = head, blits, shown, tips
        return True

    def tip_at(self, pos: tuple[int, int]) -> str:
        return next((tip for r, tip in self.chips if r.collidepoint(pos)), "")

    def handle(self, event: pygame.event.Event) -> bool:
        # The objectives figure opens the objectives panel.
        if event.type != pygame.MOUSEBUTTONDOWN or event.button != 1 or not self.shown:
            return False
        if self.on_goals is not None and self.shown[0][2].collidepoint(event.pos):
            self._result = self.on_goals()
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        pygame.draw.rect(surface, T.SLATE, self.rect)
        pygame.draw.line(surface, T.SLATE_LINE, self.rect.bottomleft, self.rect.bottomright)
        for surf, pos in self.head:
            surface.blit(surf, pos)
        for surf, pos in self.items:
            surface.blit(surf, pos)


WHEEL_LINES = 2  # news lines a notch of the mouse wheel scrolls


class NewsFeed(Widget):
    """Last turn's news and this turn's actions, what concerns the player first; a click on a
    line selects its nation; a line about an AI's act (marked "▸ why") opens into its reason
    instead. News among other nations is folded under "Elsewhere"."""

    scrolls = True

    def __init__(
        self,
        rect: pygame.Rect,
        session: Session,
        on_pick: Callable[[str], Any],
        theme: Theme,
        elsewhere: bool = False,
        on_fold: Callable[[], Any] | None = None,
        only: str = "all",
        opened: Outcome | None = None,
        on_open: Callable[[Outcome | None], Any] | None = None,
    ) -> None:
        super().__init__(rect)
        self.session = session
        self.on_pick = on_pick
        self.opened, self.on_open = opened, on_open
        self.elsewhere, self.on_fold = elsewhere, on_fold
        self.only = only  # a filter of `news.FILTERS`
        self.lines: list[tuple[pygame.Rect, Outcome]] = []
        self.heads: list[tuple[pygame.Rect, str, bool]] = []  # (rect, title, folds)
        self.hover = -1
        self.pointer = pygame.mouse.get_pos()
        self.scroll = 0
        self.theme = theme
        self._build(theme)
        # The panel is as tall as its news, within the room it was given.
        self.rect.h = max(theme.px(96), min(self.rect.h, self.content_h + theme.px(48)))

    def _build(self, th: Theme) -> None:
        s = self.session
        st = s.game.state
        items = news.filtered(news.feed_items(s.level, st, s.player, s.news()), self.only)
        pad = th.px(12)
        y = self.rect.y + th.px(40)
        w = self.rect.w - 2 * pad
        self.surfs: list[pygame.Surface] = []
        head_h = th.line_height(12, True) + th.px(4)
        for section, title in enumerate(news.SECTION_TITLES):
            shown = [it.outcome for it in items if it.section == section]
            if not shown:
                continue
            # A filter chosen by the player shows all it keeps: nothing is folded then.
            folds = section == news.ELSEWHERE and self.only == "all"
            if folds:
                mark = "▾ hide" if self.elsewhere else "▸ show"
                title = f"{title} · {len(shown)} {mark}"
            # A lone section needs no heading unless it is the folded one.
            if folds or len({it.section for it in items}) > 1:
                self.heads.append((pygame.Rect(self.rect.x + pad, y, w, head_h), title, folds))
                y += head_h
            if folds and not self.elsewhere:
                continue
            for o in shown:
                text = o.text + (
                    "  ▸ why" if why_of(o) is not None and o is not self.opened else ""
                )
                surf = th.text(text, 13, T.INK, wrap=w - th.px(14))
                if o is self.opened:
                    reason = "\n".join(s.game.explain(o))
                    more = th.text(reason, 12, T.INK_DIM, wrap=w - th.px(24))
                    indent = th.px(10)
                    both = pygame.Surface(
                        (
                            max(surf.get_width(), indent + more.get_width()),
                            surf.get_height() + more.get_height() + th.px(4),
                        ),
                        pygame.SRCALPHA,
                    )
                    both.blit(surf, (0, 0))
                    both.blit(more, (indent, surf.get_height() + th.px(4)))
                    surf = both
                r = pygame.Rect(self.rect.x + pad, y, w, surf.get_height() + th.px(6))
                self.lines.append((r, o))
                self.surfs.append(surf)
                y = r.bottom + th.px(2)
        self.content_h = y - self.rect.y - th.px(40)
        self.empty = self._empty_text() if not self.lines and not self.heads else ""
        if self.empty:
            self.content_h = th.text(self.empty, 13, T.INK_DIM, wrap=w).get_height() + th.px(12)

    def _empty_text(self) -> str:
        """What an empty feed says: on the first turn the scenario's briefing, else how to
        act, or that the filter keeps nothing."""
        if self.only != "all":
            return "No news of this kind. F shows the next kind of news."
        how = "Click a nation to act; Enter ends the turn."
        game = self.session.game
        if not game.records and game.level.description:
            return f"{game.level.description}\n\n{how}"
        return f"Nothing yet. {how}"

    @property
    def view(self) -> pygame.Rect:
        """Where lines are shown: the panel below its title, less a line for the "more" note
        when the news does not fit."""
        th = self.theme
        inner = pygame.Rect(
            self.rect.x, self.rect.y + th.px(36), self.rect.w, self.rect.h - th.px(42)
        )
        if self.content_h + th.px(4) > inner.h:
            inner.h -= th.line_height(12) + th.px(4)
        return inner

    @property
    def max_scroll(self) -> int:
        return max(0, self.rect.y + self.theme.px(40) + self.content_h - self.view.bottom)

    def _scrolled(self, steps: int) -> int:
        """The scroll `steps` lines on (back when negative), always to a line's top, so the
        first line shown is a whole one (only whole lines are drawn: a scroll between two
        tops left a gap above the first). The last stop is the first that shows the end."""
        top = self.view.y
        stops = sorted(
            {0, *(r.y - top for r, _ in self.lines), *(r.y - top for r, _, _ in self.heads)}
        )
        stops = [x for x in stops if x >= 0]
        end = next((x for x in stops if x >= self.max_scroll), self.max_scroll)
        stops = [x for x in stops if x <= end]
        at = max((k for k, x in enumerate(stops) if x <= self.scroll), default=0)
        return stops[max(0, min(len(stops) - 1, at + steps))]

    def hidden(self) -> tuple[int, int]:
        """How many lines are above and below the view: only whole lines are drawn."""
        view = self.view
        moved = [r.move(0, -self.scroll) for r, _ in self.lines]
        return sum(r.y < view.y for r in moved), sum(r.bottom > view.bottom for r in moved)

    def target_of(self, o: Outcome) -> str | None:
        player = self.session.player
        others = [n for n in o.nations if n != player]
        return others[0] if others else (o.nations[0] if o.nations else None)

    def _at(self, pos: tuple[int, int]) -> int:
        view = self.view
        if not view.collidepoint(pos):
            return -1
        for k, (r, _) in enumerate(self.lines):
            rr = r.move(0, -self.scroll)
            if rr.collidepoint(pos) and view.contains(rr):
                return k
        return -1

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self._at(event.pos)
            self.pointer = event.pos
            return False
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(self.pointer):
            self.scroll = self._scrolled(-event.y * WHEEL_LINES)
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and self.rect.collidepoint(event.pos):
            for r, _, folds in self.heads:
                if folds and r.move(0, -self.scroll).collidepoint(event.pos) and self.on_fold:
                    self._result = self.on_fold()
                    return True
            k = self._at(event.pos)
            if k >= 0 and event.button == 1:
                o = self.lines[k][1]
                if why_of(o) is not None and self.on_open is not None:
                    # It opens in place: the nation's panel could cover the feed.
                    self._result = self.on_open(None if o is self.opened else o)
                    return True
                nid = self.target_of(o)
                if nid is not None:
                    self._result = self.on_pick(nid)
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        T.panel(surface, self.rect, theme)
        title = "Last turn" if self.session.game.news else "Briefing"
        surface.blit(
            theme.text(title, 16, T.INK, True),
            (self.rect.x + theme.px(12), self.rect.y + theme.px(10)),
        )
        old = surface.get_clip()
        inner = self.view
        surface.set_clip(inner.clip(old))
        if self.empty:
            msg = theme.text(self.empty, 13, T.INK_DIM, wrap=self.rect.w - theme.px(24))
            surface.blit(msg, (self.rect.x + theme.px(12), inner.y + theme.px(6) - self.scroll))
        for r, title, folds in self.heads:
            rr = r.move(0, -self.scroll)
            if rr.y < inner.y or rr.bottom > inner.bottom:
                continue
            colour = T.ACCENT_DARK if folds else T.INK_DIM
            surface.blit(theme.text(title.upper(), 12, colour, True), (rr.x, rr.y + theme.px(2)))
        for k, ((r, o), surf) in enumerate(zip(self.lines, self.surfs, strict=True)):
            rr = r.move(0, -self.scroll)
            if rr.y < inner.y or rr.bottom > inner.bottom:
                continue  # a line half shown reads as a broken one
            if k == self.hover:
                pygame.draw.rect(surface, T.PAPER_2, rr, border_radius=theme.px(3))
            dot = fact_colour(o, theme)
            pygame.draw.circle(surface, dot, (rr.x + theme.px(5), rr.y + theme.px(10)), theme.px(3))
            surface.blit(surf, (rr.x + theme.px(14), rr.y + theme.px(3)))
        surface.set_clip(old)
        above, below = self.hidden()
        if above or below:
            note = f"▼ {below} more — scroll down" if below else f"▲ {above} more — scroll up"
            strip = pygame.Rect(
                inner.x, inner.bottom, inner.w, self.rect.bottom - inner.bottom - theme.px(4)
            )
            surf = theme.text(note, 12, T.INK_DIM)
            surface.blit(surf, surf.get_rect(center=strip.center))


class NewsBanner(Widget):
    """The turn's biggest news for the player, across the top of the map until clicked."""

    def __init__(
        self, room: pygame.Rect, outcome: Outcome, theme: Theme, on_close: Callable[[], Any]
    ) -> None:
        w = min(theme.px(620), room.w)
        pad = theme.px(12)
        self.fitted = textfit.fit(
            theme, outcome.text, 16, w - 2 * pad - theme.px(8), theme.line_height(16) * 2, bold=True
        )
        h = self.fitted.height(theme) + 2 * pad + theme.line_height(11)
        super().__init__(pygame.Rect(room.centerx - w // 2, room.y, w, h))
        self.outcome, self.on_close = outcome, on_close
        self.tip = outcome.text + " — click to dismiss"

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.hit(event.pos):
            self._result = self.on_close()
            return True
        return False

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        r = self.rect
        pygame.draw.rect(surface, (16, 20, 26), r, border_radius=theme.px(6))
        stripe = pygame.Rect(r.x, r.y, theme.px(6), r.h)
        pygame.draw.rect(
            surface, fact_colour(self.outcome, theme), stripe, border_radius=theme.px(3)
        )
        pad = theme.px(12)
        body = pygame.Rect(r.x + pad + theme.px(8), r.y + pad, r.w - 2 * pad - theme.px(8), 0)
        textfit.draw(surface, theme, self.fitted, body, T.CHROME_TEXT)
        note = pygame.Rect(
            body.x, r.bottom - pad // 2 - theme.line_height(11), body.w, theme.line_height(11)
        )
        textfit.draw_text(
            surface, theme, "This turn's biggest news · click to dismiss", note, 11, T.CHROME_DIM
        )


def fact_colour(o: Outcome, theme: Theme) -> T.RGB:
    tone = news.tone_of(o)
    if tone > 0:
        return theme.palette["good"]
    if tone < 0:
        return theme.palette["bad"]
    return T.INK_DIM


def draw_legend(
    surface: pygame.Surface,
    rect: pygame.Rect,
    theme: Theme,
    session: Session,
    key: str,
    links: Sequence[Link] = (),
) -> list[tuple[pygame.Rect, str]]:
    """The current map mode's swatches, bottom-left over the map, and what its lines are."""
    tips = _draw_mode_legend(surface, rect, theme, session, key)
    x = rect.x + theme.px(12)
    lines = mapmodes.link_legend(links)
    y = rect.bottom - theme.px(8) - len(lines) * legend_line_height(theme)
    for colour, label in lines:
        mid = y + theme.line_height(11) // 2
        width = 3 if colour == mapmodes.MY_LINK else 2
        pygame.draw.line(surface, colour, (x, mid), (x + theme.px(16), mid), width)
        box = pygame.Rect(x + theme.px(22), y, rect.w - theme.px(34), theme.line_height(11))
        fitted = textfit.draw_text(surface, theme, label, box, 11, T.CHROME_DIM, lines=1)
        if fitted.cut:
            tips.append((box, label))
        y += legend_line_height(theme)
    return tips


def legend_line_height(theme: Theme) -> int:
    """The height of one line swatch's row under the legend."""
    return theme.line_height(11) + theme.px(4)


def legend_height(theme: Theme, session: Session, key: str, links: Sequence[Link] = ()) -> int:
    """The height `draw_legend` needs for a map mode, with a row for each kind of line in
    `links` (what the map draws)."""
    st = session.game.state
    rows = len(mapmodes.legend(session.level, st, key, theme))
    if key == "blocs":
        h = theme.px(40) + rows * (theme.line_height(12) + theme.px(2))
    else:
        h = theme.px(86) + (theme.line_height(11) + theme.px(4) if rows > 6 else 0)
    lines = mapmodes.link_legend(links)
    return h + len(lines) * legend_line_height(theme)


def _draw_mode_legend(
    surface: pygame.Surface, rect: pygame.Rect, theme: Theme, session: Session, key: str
) -> list[tuple[pygame.Rect, str]]:
    m = mapmodes.mode(key)
    tips: list[tuple[pygame.Rect, str]] = []
    T.panel(surface, rect, theme, T.SLATE_2)
    x, y = rect.x + theme.px(12), rect.y + theme.px(10)
    surface.blit(theme.text(m.label, 14, T.CHROME_TEXT, True), (x, y))
    y += theme.line_height(14) + theme.px(4)
    if key == "blocs":
        for color, forms in mapmodes.bloc_legend(session.level, session.game.state, theme):
            pygame.draw.rect(
                surface, color, (x, y + theme.px(3), theme.px(14), theme.px(12)), border_radius=2
            )
            box = pygame.Rect(x + theme.px(20), y, rect.w - theme.px(46), theme.line_height(12))
            # The most members that fit whole; the tooltip names the four the longest does.
            label = next(
                (f for f in forms if not textfit.fit(theme, f, 12, box.w, shrink=0).cut), forms[-1]
            )
            fitted = textfit.draw_text(surface, theme, label, box, 12, T.CHROME_TEXT, lines=1)
            if label != forms[0] or fitted.cut:
                tips.append((box, forms[0]))
            y += theme.line_height(12) + theme.px(2)
        return tips
    rows = mapmodes.legend(session.level, session.game.state, key, theme)
    sw = (rect.w - theme.px(24)) // 5
    for k, (color, label) in enumerate(rows[:5]):
        box = pygame.Rect(x + k * sw, y, sw, theme.px(12))
        pygame.draw.rect(surface, color, box)
        lab = theme.text(label, 11, T.CHROME_DIM)
        surface.blit(lab, (box.centerx - lab.get_width() // 2, box.bottom + theme.px(2)))
    y += theme.px(30)
    lo = theme.text(m.legend_low, 11, T.CHROME_DIM)
    hi = theme.text(m.legend_high, 11, T.CHROME_DIM)
    surface.blit(lo, (x, y))
    surface.blit(hi, (rect.right - theme.px(12) - hi.get_width(), y))
    extras = rows[5:]
    if len(extras) == 1:
        color, label = extras[0]
        mid = x + (rect.w - theme.px(24)) // 2
        pygame.draw.rect(
            surface, color, (mid - theme.px(24), y + theme.px(2), theme.px(10), theme.px(10))
        )
        surface.blit(theme.text(label, 11, T.CHROME_DIM), (mid - theme.px(10), y))
    elif extras:
        # Several extra swatches (you, outsiders, rivals) share a line of their own.
        y += theme.line_height(11) + theme.px(4)
        cell = (rect.w - theme.px(24)) // len(extras)
        for k, (color, label) in enumerate(extras):
            cx = x + k * cell
            pygame.draw.rect(surface, color, (cx, y + theme.px(2), theme.px(10), theme.px(10)))
            box = pygame.Rect(cx + theme.px(14), y, cell - theme.px(18), theme.line_height(11))
            textfit.draw_text(surface, theme, label, box, 11, T.CHROME_DIM, valign="top")
    return tips


def player_interop(session: Session) -> float:
    s = session.game.state
    partners = sorted({m for a in s.agreements_of(session.player) for m in a.members})
    return derived.mean_interop(session.level, s, partners)
