"""The play screen: the world map with its modes, the top bar, news, and turn controls."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pygame

from game.core import commands as C
from game.core import requests
from game.core.numbering import turn_label
from game.core.outcomes import Accepted, Outcome, Refused, Result
from game.core.phrasing import Line, plural, possessive
from game.ui import mapmodes
from game.ui import news as news_filters
from game.ui import theme as T
from game.ui.describe import turn_changes
from game.ui.mapview import MapView, make_map
from game.ui.news import banner
from game.ui.objectives import goal_changes
from game.ui.scene import Pop, Push, Replace, Scene, Transition
from game.ui.scenes.end import EndScene
from game.ui.scenes.event import EventDialog, OfferDialog
from game.ui.scenes.hud import (
    NewsBanner,
    NewsFeed,
    TopBar,
    capital_lost,
    draw_legend,
    legend_height,
)
from game.ui.scenes.nation import NationPanel, panel_area
from game.ui.scenes.objectives import ObjectivesScene
from game.ui.scenes.overlays import ChartsScene, LapseScene, PauseScene, TurnSummaryScene
from game.ui.scenes.proposal import ProposalScene
from game.ui.scenes.request import RequestDialog
from game.ui.scenes.save_dialog import SaveDialog
from game.ui.widgets import Button, Custom

if TYPE_CHECKING:
    from game.core.state import GameState, RequestState
    from game.ui.app import App
    from game.ui.session import Session

# The opening view zooms in on the player's country by this factor a step, at most this many
# steps, when the whole world is in view and the news panel covers the player's country.
FRAMING_ZOOM = 1.25
FRAMING_STEPS = 4
FRAMING_HEART = 0.3  # the share of the main land's width and height, around its middle


def waiting_label(events: int, answers: list[str]) -> str:
    """The chip beside End turn: "2 events waiting", or what waits counted by kind
    ("1 event · 2 calls waiting") when it is short enough, else the total. `answers`: the
    kind of each put-off answer ("call", "proposal")."""
    kinds = ["event"] * events + answers
    counts = {k: kinds.count(k) for k in dict.fromkeys(kinds)}
    label = " · ".join(plural(n, k) for k, n in counts.items()) + " waiting"
    return label if len(label) <= 24 else f"{len(kinds)} to answer"


class PlayScene(Scene):
    """Turns clicks and keys into commands through `Session`; draws the state it is given.

    It is the `Controller` of the dialogs and panels it opens: they reach the game only
    through `issue`, `undo`, `select`, `open`, `later` and `invalidate`.
    """

    music = "music.play"

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session
        self.map = make_map(session)
        self.mode = (
            app.settings.map_mode if app.settings.map_mode in mapmodes.MODE_KEYS else "trust"
        )
        self.selected: str | None = None
        self.hover: str | None = None
        self.show_news = True
        self.labels = True
        self.map_rect = pygame.Rect(0, 0, 1, 1)
        self.view = MapView(self.map, lambda: app.settings.animation_speed)
        self.deferred: set[int] = set()
        self.elsewhere = False  # news among other nations unfolded
        self.opened_news: Outcome | None = None  # a news line opened into its reason
        self.news_filter = "all"  # which kind of news the feed shows (`news.FILTERS`)
        self.framed = False  # the map was panned once so the player's country shows
        self.banner_gone: tuple[int, str] | None = None  # the banner the player dismissed
        self.epoch = app.display_epoch
        # One panel for the whole game, so it keeps its tab from one nation to the next.
        self.panel = NationPanel(app, self)
        self.refresh()

    def set_session(self, session: Session) -> None:
        """A reloaded level: keep the camera, take the new game."""
        self.session = session
        self.view.finish_zoom()
        zoom, centre = self.map.zoom, self.map.center
        self.map = make_map(session)
        self.map.zoom, self.map.center = zoom, centre
        self.view = MapView(self.map, lambda: self.app.settings.animation_speed)
        self.deferred.clear()
        self.refresh()

    # -- state to screen ----------------------------------------------------------

    @property
    def map_area(self) -> pygame.Rect:
        return self.map_rect

    def refresh(self) -> None:
        """Re-read the state: map fills, links, and every panel's numbers."""
        s = self.session
        st = s.game.state
        self.map.set_fills(mapmodes.fills(s.level, st, s.player, self.mode, self.theme))
        self.map.set_links(mapmodes.links(s.level, st, s.player))
        self.map.set_selected(self.selected)
        for scene in self.app.stack:
            scene.needs_layout = True
        self.needs_layout = True
        self.app.dirty = True

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        if self.epoch != self.app.display_epoch:
            self.epoch = self.app.display_epoch
            self.map.invalidate()
        top_h, bottom_h = th.px(52), th.px(60)
        self.map_rect = pygame.Rect(0, top_h, rect.w, rect.h - top_h - bottom_h)
        self.widgets.append(Custom(self.map_rect, self._paint_map))
        bar_rect = pygame.Rect(0, 0, rect.w, top_h)
        # The figures come first: when they need room the buttons drop their key hints.
        buttons = self._top_buttons(rect, top_h, compact=False)
        room = buttons[-1].rect.x - th.px(16)
        self.top_bar = TopBar(bar_rect, self.session, th, room, self.open_objectives)
        if self.top_bar.compact:
            buttons = self._top_buttons(rect, top_h, compact=True)
            room = buttons[-1].rect.x - th.px(12)
            self.top_bar = TopBar(bar_rect, self.session, th, room, self.open_objectives)
        self.widgets.append(self.top_bar)
        self.widgets.extend(buttons)
        bar = pygame.Rect(0, rect.h - bottom_h, rect.w, bottom_h)
        self.widgets.append(Custom(bar, _paint_bar))
        bx = th.px(12)
        # Mode buttons give up their long names, then their hotkey hints, when room is short.
        room = rect.w - th.px(12 + 190 + 210 + 24)
        font = th.font(14)
        label_of: tuple[Callable[[mapmodes.MapMode], str], ...] = (
            lambda m: m.label,
            lambda m: m.short,
            lambda m: m.hotkey,
        )
        for pick in label_of:
            widths = [
                font.size(pick(m))[0] + th.px(40 if pick(m) != m.hotkey else 24)
                for m in mapmodes.MODES
            ]
            if sum(widths) + th.px(6) * len(widths) <= room:
                break
        for m, w in zip(mapmodes.MODES, widths, strict=True):
            label = pick(m)
            r = pygame.Rect(bx, bar.y + th.px(12), w, bottom_h - th.px(24))
            self.widgets.append(
                Button(
                    r,
                    label,
                    functools.partial(self.set_mode, m.key),
                    hotkey=m.hotkey if label != m.hotkey else "",
                    selected=m.key == self.mode,
                    size=14,
                    tip=f"Map mode: {m.label} ({m.hotkey})",
                )
            )
            bx = r.right + th.px(6)
        end = pygame.Rect(0, 0, th.px(190), bottom_h - th.px(18))
        end.bottomright = (rect.w - th.px(12), rect.h - th.px(9))
        waiting = self.waiting_events()
        put_off = self.put_off()
        lapses = [self.lapse_text(kind, who, costs) for kind, who, costs in put_off]
        if waiting:
            tip = "Answer the pending events first"
        elif put_off:
            tip = "\n".join(["Unanswered at the turn's end, these lapse as refused:", *lapses])
        else:
            tip = "AI nations act, events fire, elections…"
        self.widgets.append(
            Button(
                end,
                "End turn",
                self.ask_end_turn,
                style="primary",
                hotkey="Enter",
                size=17,
                tip=tip,
            )
        )
        lost = 0 if waiting or put_off or self.session.game.over else capital_lost(self.session)
        if lost:
            # Nothing waits, but capital left unspent would be income lost at the cap.
            chip = pygame.Rect(0, 0, th.px(190), end.h)
            chip.bottomright = (end.x - th.px(10), end.bottom)
            why = (
                f"Diplomatic capital stops at {self.session.game.rules.capital_max}. Unless "
                f"you spend some this turn, {lost} of next turn's income is lost: a dialogue, "
                "confidence-building or a proposal would use it."
            )
            self.widgets.append(
                Button(
                    chip,
                    f"{lost} DC would be lost",
                    lambda: self.app.toast(why),
                    style="ink",
                    size=14,
                    tip=why,
                )
            )
        if (waiting or put_off) and not self.session.game.over:
            chip = pygame.Rect(0, 0, th.px(190), end.h)
            chip.bottomright = (end.x - th.px(10), end.bottom)
            self.widgets.append(
                Button(
                    chip,
                    waiting_label(len(waiting), [kind for kind, _, _ in put_off]),
                    self.reopen_events,
                    style="ink",
                    size=14,
                    tip="\n".join(["Open what waits for your answer", *lapses]),
                )
            )
        left = th.px(12)
        if self.show_news:
            news = pygame.Rect(
                th.px(12), top_h + th.px(12), th.px(360), min(th.px(330), self.map_rect.h // 2)
            )
            feed = NewsFeed(
                news,
                self.session,
                self.select,
                th,
                self.elsewhere,
                self.fold_news,
                self.news_filter,
                self.opened_news,
                self.open_news,
            )
            self.widgets.append(feed)
            self.widgets.append(self._filter_button(feed))
            left = news.right + th.px(12)
        s = self.session
        big = banner(s.news(), s.game.state, s.player)
        if big is not None and self.banner_gone != (s.game.state.turn, big.text):
            right = rect.w - th.px(12)
            if self.panel in self.app.stack:
                # The banner stays in the map the nation panel leaves free.
                panel = panel_area(th, self.map_rect, rect, self.panel.side)
                if self.panel.side == "left":
                    left = max(left, panel.right + th.px(12))
                else:
                    right = min(right, panel.x - th.px(12))
            space = pygame.Rect(left, top_h + th.px(12), max(0, right - left), 0)
            self.widgets.append(NewsBanner(space, big, th, self.dismiss_banner))
        legend_h = legend_height(th, self.session, self.mode, self.map.links)
        self.legend_rect = pygame.Rect(
            th.px(12), bar.y - legend_h - th.px(12), th.px(340), legend_h
        )
        self.widgets.append(Custom(self.legend_rect, self._paint_legend))

    def _top_buttons(self, rect: pygame.Rect, top_h: int, compact: bool) -> list[Button]:
        """Menu, Charts and Undo from the right; compact ones fit their text, hints in tips."""
        th = self.theme
        x = rect.w - th.px(12)
        out = []
        for text, action, key in (
            ("Menu", self.open_pause, "Esc"),
            ("Charts", self.open_charts, "C"),
            ("Undo", self.undo, "Ctrl+Z"),
        ):
            bw = th.font(14).size(text)[0] + th.px(28) if compact else th.px(104)
            x -= bw
            enabled = text != "Undo" or bool(self.session.game.issued)
            tip = "" if enabled else "Nothing to undo this turn"
            if compact:
                tip = f"{text} ({key})" + (f" — {tip}" if tip else "")
            r = pygame.Rect(x, th.px(9), bw, top_h - th.px(18))
            out.append(
                Button(
                    r,
                    text,
                    action,
                    enabled=enabled,
                    tip=tip,
                    hotkey="" if compact else key,
                    size=14,
                )
            )
            x -= th.px(6 if compact else 8)
        return out

    def _paint_map(self, surface: pygame.Surface, rect: pygame.Rect, theme: T.Theme) -> None:
        self.view.draw(surface, rect)

    def _paint_legend(
        self, surface: pygame.Surface, rect: pygame.Rect, theme: T.Theme
    ) -> list[tuple[pygame.Rect, str]]:
        return draw_legend(surface, rect, theme, self.session, self.mode, self.map.links)

    # -- commands -----------------------------------------------------------------

    def issue(self, cmd: C.Command) -> Result:
        """Send a command to the rules and tell the player what happened."""
        result = self.session.issue(cmd)
        if isinstance(result, Refused):
            self.app.toast("Not possible: " + "; ".join(result.reasons))
        else:
            # The command's own result, and any offer it settled: an offer that leaves the
            # inbox because you are now in that agreement with its sender says so.
            settled = [o.text for o in result.outcomes if o.fact == "OfferSettled"]
            texts = [
                o.text for o in result.outcomes if o.fact not in ("OptionChosen", "OfferSettled")
            ]
            if len(settled) > 1:
                self.app.toast(f"{len(settled)} other offers are settled: you are in them now.")
            elif settled:
                self.app.toast(settled[0])
            if texts:
                self.app.toast(texts[-1])
        self.refresh()
        return result

    def undo(self) -> Transition:
        cmd = self.session.undo()
        self.app.toast(f"Undone: {cmd.label}" if cmd else "Nothing to undo this turn")
        self.deferred.clear()
        self.refresh()
        return None

    def waiting_events(self) -> list[Any]:
        st = self.session.game.state
        return [p for p in st.pending if p.nation == self.session.player]

    def lapse_text(self, kind: str, who: str, costs: str) -> str:
        """One answer put off and what its lapse costs: "Latvia's call — …"."""
        return f"{possessive(self.session.name(who))} {kind} — {costs}"

    def put_off(self) -> list[tuple[str, str, str]]:
        """The proposals, calls and asks waiting for the player's answer (those it put off
        until later this turn): each one's kind, who made it, and what its lapse at the
        turn's end costs."""
        s = self.session
        ctx = s.game.ctx()
        rebuff = s.game.rules.proposal_rebuff_trust
        out = [
            (
                "counter-offer" if o.counter else "proposal",
                o.proposer,
                f"their trust in you −{rebuff:g}" if rebuff and not o.counter else "no cost",
            )
            for o in s.game.state.offers
            if o.responder == s.player
        ]
        out += [
            (requests.noun(q), q.asker, requests.lapse_costs(ctx, q))
            for q in requests.waiting(s.game.state, s.player)
        ]
        return out

    def _filter_button(self, feed: NewsFeed) -> Button:
        """The feed's filter, in its heading: a click or F shows the next kind of news."""
        th = self.theme
        s = self.session
        st = s.game.state
        n = news_filters.counts(news_filters.feed_items(s.level, st, s.player, s.news()))
        kinds = " · ".join(f"{f.label} {n[f.id]}" for f in news_filters.FILTERS)
        label = news_filters.FILTERS[news_filters.FILTER_IDS.index(self.news_filter)].label
        w = th.px(170)
        r = pygame.Rect(feed.rect.right - w - th.px(10), feed.rect.y + th.px(8), w, th.px(26))
        tip = f"Which news to show (F, Shift+F back): {kinds}\nClick a line to see its nation"
        return Button(
            r,
            f"{label} ({n[self.news_filter]})",
            self.cycle_news,
            style="paper",
            hotkey="F",
            size=12,
            tip=tip,
        )

    def cycle_news(self, step: int = 1) -> Transition:
        ids = news_filters.FILTER_IDS
        self.news_filter = ids[(ids.index(self.news_filter) + step) % len(ids)]
        self.show_news = True
        self.relayout()
        return None

    def open_news(self, o: Outcome | None) -> Transition:
        """Open a news line into its reason (None closes the open one)."""
        self.opened_news = o
        self.relayout()
        return None

    def fold_news(self) -> Transition:
        self.elsewhere = not self.elsewhere
        self.relayout()
        return None

    def dismiss_banner(self) -> Transition:
        s = self.session
        big = banner(s.news(), s.game.state, s.player)
        self.banner_gone = (s.game.state.turn, big.text if big else "")
        self.relayout()
        return None

    def invalidate(self) -> None:
        self.refresh()

    def settings_changed(self) -> None:
        # The palette may have changed: the map's fills are drawn in it.
        self.refresh()

    def later(self) -> None:
        st = self.session.game.state
        self.deferred |= {p.key for p in self.waiting_events()}
        self.deferred |= {o.key for o in st.offers if o.responder == self.session.player}
        self.deferred |= {q.key for q in requests.waiting(st, self.session.player)}

    def open(self, scene: Scene) -> Transition:
        return Push(scene)

    def tick(self, dt: float) -> Transition:
        return self.update(dt)

    def ask_end_turn(self) -> Transition:
        """End the turn, asking first if asks or calls the player put off would lapse (each
        costs trust, a call reputation too); a proposal left unanswered costs too little to ask.
        """
        s = self.session
        if self.waiting_events() or s.game.over:
            return self.end_turn()
        ctx = s.game.ctx()
        lapsing = self.lapsing()
        lapses = [
            self.lapse_text(requests.noun(q), q.asker, requests.lapse_costs(ctx, q))
            for q in lapsing
        ]
        if not lapses:
            return self.end_turn()

        def instead(step: Callable[[], Transition]) -> Callable[[], Transition]:
            # The question's place goes to what the step opens (an answer, the summary).
            def go() -> Transition:
                t = step()
                return Replace(t.scene) if isinstance(t, Push) else (t or Pop())

            return go

        return Push(
            LapseScene(self.app, lapses, instead(self.answer_lapsing), instead(self.end_turn))
        )

    def end_turn(self) -> Transition:
        game = self.session.game
        before = game.state.copy()
        result = self.session.end_turn()
        if isinstance(result, Refused):
            self.app.toast("The turn cannot end yet: " + "; ".join(result.reasons))
            return self.reopen_events()
        if self.session.save_problem:
            self.app.toast(self.session.save_problem)
        self.deferred.clear()
        self.news_filter = "all"  # a new turn's news, all of it (a kept filter hid it)
        self.refresh()
        assert isinstance(result, Accepted)
        return Push(
            TurnSummaryScene(
                self.app,
                f"{turn_label(game.level, game.state.turn - 1)} — what changed",
                self.summary_lines(before),
                len(game.news),
            )
        )

    def summary_lines(self, before: GameState) -> list[Line]:
        """What the turn's end changed for the player since `before`, then the elections and
        new governments at home and among its partners (they change what allies will do)."""
        game, player = self.session.game, self.session.player
        lines = goal_changes(self.session, before)
        lines += turn_changes(self.session.level, before, game.state, player)
        near = news_filters.partners(game.state, player) | {player}
        return lines + [
            Line(o.text, 0)
            for o in game.news
            if o.fact in news_filters.POLITICS_FACTS and near.intersection(o.nations)
        ]

    def reopen_events(self) -> Transition:
        self.deferred.clear()
        return self.next_dialog()

    def lapsing(self) -> list[RequestState]:
        """The asks and calls the player put off that lapse if the turn ends now (one made
        this turn waits a turn more)."""
        st = self.session.game.state
        return [q for q in requests.waiting(st, self.session.player) if q.turn < st.turn]

    def answer_lapsing(self) -> Transition:
        """The asks and calls that would lapse, one after another, before anything else put
        off (a proposal put off stays put off)."""
        lapsing = self.lapsing()
        self.deferred.difference_update(q.key for q in lapsing)
        return Push(RequestDialog(self.app, self, lapsing[0])) if lapsing else self.next_dialog()

    def next_dialog(self) -> Transition:
        """An event dialog or a proposal from an AI nation, if one waits and was not put off."""
        if self.session.game.over:
            return Replace(EndScene(self.app, self.session), clear=True)
        for p in self.waiting_events():
            if p.key not in self.deferred:
                return Push(EventDialog(self.app, self, p))
        for o in self.session.game.state.offers:
            if o.responder == self.session.player and o.key not in self.deferred:
                return Push(OfferDialog(self.app, self, o))
        for q in requests.waiting(self.session.game.state, self.session.player):
            if q.key not in self.deferred:
                return Push(RequestDialog(self.app, self, q))
        return None

    def update(self, dt: float) -> Transition:
        if not self.framed:
            self.framed = True
            self.frame_player()
        self._animate(dt)
        return self.next_dialog()

    def resumed(self, result: Any) -> Transition:
        self.needs_layout = True
        return None

    def rather_clear(self) -> pygame.Rect | None:
        """Notices leave the map's legend readable where there is room beside it."""
        self.ensure_layout()
        return self.legend_rect

    # -- selection and map input ----------------------------------------------------

    def select(self, nid: str | None) -> Transition:
        self.selected = nid
        self.map.set_selected(nid)
        self.app.dirty = True
        shown = self.panel in self.app.stack
        if nid is None:
            return Pop() if shown and self.app.top is self.panel else None
        self.panel.show(nid)
        self.keep_in_view(nid)
        self.needs_layout = True  # the banner makes room for the panel
        return None if shown else Push(self.panel)

    def frame_player(self) -> None:
        """The game opens with your own country in view, not under the news panel.

        The middle of your country's main land is brought out from under the panel by a pan
        to its right or below it; where the whole world is in view the map cannot pan, so it
        first zooms in on your country a step at a time. Where no step does it (the panel is
        too large for the window), the view stays as it was and only its name is kept in view.
        """
        nid = self.session.player
        self.ensure_layout()
        news = self._news_rect()
        if news is None or self.map.land_box(nid) is None:
            self.keep_in_view(nid)
            return
        m = self.theme.px(24)
        covers = [news.inflate(m, m), self.legend_rect.inflate(m, m)]

        def heart() -> pygame.Rect | None:
            land = self.map.land_box(nid)
            if land is None:
                return None
            core = land.inflate(-land.w * (1 - FRAMING_HEART), -land.h * (1 - FRAMING_HEART))
            return core if core.w > 0 and core.h > 0 else land

        def clear(box: pygame.Rect) -> bool:
            return self.map_rect.contains(box) and box.collidelist(covers) < 0

        before = self.map.zoom, self.map.center
        for _ in range(FRAMING_STEPS + 1):
            box = heart()
            if box is None or clear(box):
                self.keep_in_view(nid)
                return
            start = self.map.center
            for dx, dy in ((news.right + m - box.x, 0), (0, news.bottom + m - box.y)):
                self.map.pan_by(dx, dy)
                moved = heart()
                if moved is not None and clear(moved):
                    self.app.dirty = True
                    self.keep_in_view(nid)  # the nation panel's side
                    return
                self.map.center = start
            self.map.zoom_at(FRAMING_ZOOM, box.center)
        self.map.zoom, self.map.center = before
        self.keep_in_view(nid)

    def _news_rect(self) -> pygame.Rect | None:
        return next((w.rect for w in self.widgets if isinstance(w, NewsFeed)), None)

    def _capital_on_screen(self, nid: str) -> tuple[float, float] | None:
        nd = next((n for n in self.session.level.nations if n.id == nid), None)
        if nd is None or nd.capital is None:
            return None
        return self.map.world_to_screen(*nd.capital)

    def keep_in_view(self, nid: str) -> None:
        """Pan so the panel and the news do not cover the nation being acted on; where the
        map cannot pan that far, the panel moves to the other side."""
        th = self.theme
        self.ensure_layout()
        box = self._nation_box(nid)
        if box is None:
            return
        margin = th.px(24)
        panel = panel_area(th, self.map_rect, self.rect)
        self.panel.side = "right"
        free = pygame.Rect(self.map_rect.x, self.map_rect.y, panel.x - self.map_rect.x, 0)
        news = self._news_rect()
        if news is not None and box.colliderect(news.inflate(margin, margin)):
            free.x = news.right
        free.w = panel.x - free.x
        dx = 0
        if box.right + margin > free.right:
            dx = free.right - margin - box.right
        elif box.x - margin < free.x:
            dx = free.x + margin - box.x
        if dx and free.w > box.w + 2 * margin:
            self.map.pan_by(dx, 0)
            self.app.dirty = True
            box = self._nation_box(nid) or box
        if box.colliderect(panel):
            left = panel_area(th, self.map_rect, self.rect, "left")
            if not box.colliderect(left):
                self.panel.side = "left"

    def _nation_box(self, nid: str) -> pygame.Rect | None:
        """Where a nation's name is on screen (its capital when it has no label)."""
        box = self.map.label_boxes().get(nid)
        if box is not None:
            return box
        capital = self._capital_on_screen(nid)
        if capital is None:
            return None
        x, y = capital
        th = self.theme
        return pygame.Rect(round(x) - th.px(4), round(y) - th.px(4), th.px(8), th.px(8))

    def select_next(self, step: int) -> Transition:
        """The keyboard's way to a nation: the next (or previous) one by name."""
        ids = [n.id for n in sorted(self.session.level.nations, key=lambda n: n.name)]
        k = ids.index(self.selected) + step if self.selected in ids else (0 if step > 0 else -1)
        return self.select(ids[k % len(ids)])

    def point_at(self, nid: str | None) -> None:
        if nid != self.hover:
            self.hover = nid
            self.map.set_hover(nid)

    def set_mode(self, key: str) -> Transition:
        self.mode = key
        self.app.settings.map_mode = key
        self.refresh()
        return None

    def open_pause(self) -> Transition:
        return Push(PauseScene(self.app, self.session))

    def open_save(self) -> Transition:
        return Push(SaveDialog(self.app, self.session))

    def open_charts(self) -> Transition:
        return Push(ChartsScene(self.app, self.session))

    def open_objectives(self) -> Transition:
        return Push(ObjectivesScene(self.app, self.session))

    def open_proposal(self, target: str) -> Transition:
        return Push(ProposalScene(self.app, self, target))

    def handle(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.MOUSEMOTION and self.view.drag(event.pos):
            return None
        return super().handle(event)

    def on_event(self, event: pygame.event.Event) -> Transition:
        et = event.type
        if et == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.view.press(event.pos):
            return None
        if et == pygame.MOUSEMOTION:
            return self._hover(event.pos)
        if et == pygame.MOUSEBUTTONUP and event.button == 1:
            clicked, nid = self.view.release(event.pos)
            return self.select(nid) if clicked else None
        if et == pygame.MOUSEWHEEL:
            self.view.wheel(event.y, self.app.mouse)
            return None
        if et == pygame.WINDOWFOCUSLOST:
            self.view.held.clear()
            return None
        if et == pygame.KEYUP:
            self.view.key_up(event.key)
            return None
        if et == pygame.KEYDOWN:
            return self._key(event)
        return None

    def _hover(self, pos: tuple[int, int]) -> Transition:
        nid = self.view.pick(pos)
        self.point_at(nid)
        if self.top_bar.rect.collidepoint(pos):
            self.app.tooltip = self.top_bar.tip_at(pos)
        if nid is not None:
            s = self.session
            self.app.tooltip = mapmodes.tooltip(s.level, s.game.state, s.player, self.mode, nid)
        return None

    def _key(self, event: pygame.event.Event) -> Transition:
        k = event.key
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        if ctrl and k == pygame.K_z:
            return self.undo()
        if ctrl and k == pygame.K_s:
            return self.open_save()
        if self.view.key_down(k):
            return None
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.ask_end_turn()
        if k == pygame.K_ESCAPE:
            return self.open_pause()
        if k == pygame.K_c:
            return self.open_charts()
        if k == pygame.K_o:
            return self.open_objectives()
        if k == pygame.K_f:
            return self.cycle_news(-1 if event.mod & pygame.KMOD_SHIFT else 1)
        if k == pygame.K_n:
            self.show_news = not self.show_news
            self.relayout()
            return None
        if k == pygame.K_l:
            self.labels = not self.labels
            self.map.set_labels(self.labels)
            return None
        if k == pygame.K_p and self.selected and self.selected != self.session.player:
            return self.open_proposal(self.selected)
        if k in (pygame.K_TAB, pygame.K_RIGHTBRACKET, pygame.K_LEFTBRACKET):
            back = k == pygame.K_LEFTBRACKET or bool(event.mod & pygame.KMOD_SHIFT)
            return self.select_next(-1 if back else 1)
        for m in mapmodes.MODES:
            if event.unicode == m.hotkey:
                return self.set_mode(m.key)
        return None

    @property
    def animating(self) -> bool:
        return self.view.animating

    def _animate(self, dt: float) -> None:
        self.view.update(dt)
        if self.map.needs_redraw or self.view.animating:
            self.app.dirty = True


def _paint_bar(surface: pygame.Surface, rect: pygame.Rect, theme: T.Theme) -> None:
    pygame.draw.rect(surface, T.SLATE, rect)
    pygame.draw.line(surface, T.SLATE_LINE, rect.topleft, rect.topright)
