"""Pieces of the play screen around the map: top bar, news feed and map legend."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame

from game.core import derived
from game.core.outcomes import Outcome
from game.ui import mapmodes
from game.ui import theme as T
from game.ui.session import Session
from game.ui.theme import Theme
from game.ui.widgets import Widget


def stat_chips(session: Session) -> list[tuple[str, str, str]]:
    """(label, value, tooltip) for the top bar."""
    g = session.game
    s = g.state
    p = s.idx(g.player)
    r = g.level.rules
    threats = []
    names = {t.id: t.name for t in g.level.threats}
    for t in s.threats:
        threats.append(f"{names.get(t.id, t.id)} {t.level:.0f}")
    return [
        (
            "Capital",
            f"{int(s.capital[p])}/{r.capital_max}",
            "Diplomatic capital: most actions cost 1–2. "
            f"+{r.capital_per_turn} a turn (+{r.capital_stability_bonus} at stability ≥ "
            f"{r.capital_stability_threshold:g}).",
        ),
        ("Budget", f"{float(s.budget[p]):.1f}", "Pays for exercises, aid, training and transfers."),
        (
            "Approval",
            f"{float(s.approval[p]):.0f}",
            f"Below {r.approval_fall:g} your government falls.",
        ),
        (
            "Reputation",
            f"{float(s.reputation[p]):.0f}",
            "Your public record of kept and broken promises.",
        ),
        ("World tension", f"{s.world_tension:.0f}", "At 100 a crisis can end the game."),
        (
            "Threats",
            " · ".join(threats) or "none",
            "Threats felt in the region; a shared threat draws nations together.",
        ),
    ]


class TopBar(Widget):
    """Date, turn counter and the player's numbers; chips explain themselves on hover."""

    def __init__(self, rect: pygame.Rect, session: Session, theme: Theme) -> None:
        super().__init__(rect)
        self.session = session
        self.chips: list[tuple[pygame.Rect, str]] = []
        self._layout(theme)

    def _layout(self, th: Theme) -> None:
        g = self.session.game
        x = self.rect.x + th.px(16)
        date = th.text(g.date(), 22, T.CHROME_TEXT, True)
        turn = th.text(f"Turn {g.state.turn + 1} of {g.level.turns}", 13, T.CHROME_DIM)
        self.head = [(date, (x, self.rect.centery - date.get_height() // 2))]
        x += date.get_width() + th.px(10)
        self.head.append((turn, (x, self.rect.centery - turn.get_height() // 2 + th.px(2))))
        x += turn.get_width() + th.px(24)
        self.items: list[tuple[pygame.Surface, pygame.Surface, tuple[int, int]]] = []
        room_end = self.rect.right - th.px(364)
        for label, value, tip in stat_chips(self.session):
            ls = th.text(label.upper(), 10, T.CHROME_DIM, True)
            room = max(th.px(60), room_end - x)
            vs = th.text(th.ellipsize(value, 16, room, True), 16, T.CHROME_TEXT, True)
            w = max(ls.get_width(), vs.get_width())
            if x + w > room_end:
                break
            self.items.append((ls, vs, (x, self.rect.y + th.px(6))))
            self.chips.append((pygame.Rect(x, self.rect.y, w, self.rect.h), tip))
            x += w + th.px(22)

    def tip_at(self, pos: tuple[int, int]) -> str:
        return next((tip for r, tip in self.chips if r.collidepoint(pos)), "")

    def draw(self, surface: pygame.Surface, theme: Theme) -> None:
        pygame.draw.rect(surface, T.SLATE, self.rect)
        pygame.draw.line(surface, T.SLATE_LINE, self.rect.bottomleft, self.rect.bottomright)
        for surf, pos in self.head:
            surface.blit(surf, pos)
        for ls, vs, (x, y) in self.items:
            surface.blit(ls, (x, y))
            surface.blit(vs, (x, y + ls.get_height() + theme.px(1)))


class NewsFeed(Widget):
    """Last turn's news and this turn's actions; a click on a line selects its nation."""

    def __init__(
        self,
        rect: pygame.Rect,
        session: Session,
        on_pick: Callable[[str], Any],
        theme: Theme,
    ) -> None:
        super().__init__(rect)
        self.session = session
        self.on_pick = on_pick
        self.lines: list[tuple[pygame.Rect, Outcome]] = []
        self.hover = -1
        self.scroll = 0
        self._build(theme)
        # The panel is as tall as its news, within the room it was given.
        self.rect.h = max(theme.px(96), min(self.rect.h, self.content_h + theme.px(48)))

    def _build(self, th: Theme) -> None:
        items = self.session.news()
        pad = th.px(12)
        y = self.rect.y + th.px(40)
        w = self.rect.w - 2 * pad
        self.surfs: list[pygame.Surface] = []
        for o in reversed(items):
            surf = th.text(o.text, 13, T.INK, wrap=w - th.px(14))
            r = pygame.Rect(self.rect.x + pad, y, w, surf.get_height() + th.px(6))
            self.lines.append((r, o))
            self.surfs.append(surf)
            y = r.bottom + th.px(2)
        self.content_h = y - self.rect.y - th.px(40)

    def target_of(self, o: Outcome) -> str | None:
        player = self.session.player
        others = [n for n in o.nations if n != player]
        return others[0] if others else (o.nations[0] if o.nations else None)

    def _at(self, pos: tuple[int, int]) -> int:
        if not self.rect.collidepoint(pos):
            return -1
        for k, (r, _) in enumerate(self.lines):
            if r.move(0, -self.scroll).collidepoint(pos):
                return k
        return -1

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self._at(event.pos)
            return False
        if event.type == pygame.MOUSEWHEEL and self.rect.collidepoint(pygame.mouse.get_pos()):
            room = self.rect.h - 60
            self.scroll = max(0, min(max(0, self.content_h - room), self.scroll - event.y * 40))
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and self.rect.collidepoint(event.pos):
            k = self._at(event.pos)
            if k >= 0 and event.button == 1:
                nid = self.target_of(self.lines[k][1])
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
        hint = theme.text("click a line to see its nation", 11, T.INK_DIM)
        surface.blit(
            hint, (self.rect.right - hint.get_width() - theme.px(12), self.rect.y + theme.px(14))
        )
        old = surface.get_clip()
        inner = pygame.Rect(
            self.rect.x, self.rect.y + theme.px(36), self.rect.w, self.rect.h - theme.px(42)
        )
        surface.set_clip(inner.clip(old))
        if not self.lines:
            msg = theme.text(
                "Nothing yet. Click a nation to act; Enter ends the turn.",
                13,
                T.INK_DIM,
                wrap=self.rect.w - theme.px(24),
            )
            surface.blit(msg, (self.rect.x + theme.px(12), inner.y + theme.px(6)))
        for k, ((r, o), surf) in enumerate(zip(self.lines, self.surfs, strict=True)):
            rr = r.move(0, -self.scroll)
            if rr.bottom < inner.y or rr.y > inner.bottom:
                continue
            if k == self.hover:
                pygame.draw.rect(surface, T.PAPER_2, rr, border_radius=theme.px(3))
            dot = fact_colour(o, theme)
            pygame.draw.circle(surface, dot, (rr.x + theme.px(5), rr.y + theme.px(10)), theme.px(3))
            surface.blit(surf, (rr.x + theme.px(14), rr.y + theme.px(3)))
        surface.set_clip(old)


GOOD_FACTS = {
    "AgreementSigned",
    "PromiseKept",
    "ElectionHeld",
    "MediationHeld",
    "DialogueHeld",
    "ConfidenceBuilt",
}
BAD_FACTS = {
    "PromiseBroken",
    "AgreementLeft",
    "GovernmentCollapsed",
    "IncidentOccurred",
    "TensionRose",
    "ProposalDeclined",
    "ProposalLapsed",
    "GameEnded",
}


def fact_colour(o: Outcome, theme: Theme) -> T.RGB:
    if o.fact in GOOD_FACTS:
        return theme.palette["good"]
    if o.fact in BAD_FACTS:
        return theme.palette["bad"]
    return T.INK_DIM


def draw_legend(
    surface: pygame.Surface, rect: pygame.Rect, theme: Theme, session: Session, key: str
) -> None:
    """The current map mode's swatches, bottom-left over the map."""
    m = mapmodes.mode(key)
    rows = mapmodes.legend(session.level, session.game.state, key, theme)
    T.panel(surface, rect, theme, T.SLATE_2)
    x, y = rect.x + theme.px(12), rect.y + theme.px(10)
    surface.blit(theme.text(m.label, 14, T.CHROME_TEXT, True), (x, y))
    y += theme.line_height(14) + theme.px(4)
    if key == "blocs":
        for color, label in rows:
            pygame.draw.rect(
                surface, color, (x, y + theme.px(3), theme.px(14), theme.px(12)), border_radius=2
            )
            text = theme.ellipsize(label, 12, rect.w - theme.px(46))
            surface.blit(theme.text(text, 12, T.CHROME_TEXT), (x + theme.px(20), y))
            y += theme.line_height(12) + theme.px(2)
        return
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
    if len(rows) > 5:
        color, label = rows[5]
        mid = x + (rect.w - theme.px(24)) // 2
        pygame.draw.rect(
            surface, color, (mid - theme.px(24), y + theme.px(2), theme.px(10), theme.px(10))
        )
        surface.blit(theme.text(label, 11, T.CHROME_DIM), (mid - theme.px(10), y))


def player_interop(session: Session) -> float:
    s = session.game.state
    partners = sorted({m for a in s.agreements_of(session.player) for m in a.members})
    return derived.mean_interop(session.level, s, partners)
