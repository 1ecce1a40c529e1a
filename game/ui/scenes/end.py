"""The end of a game: victory, defeat or the final score, what decided it, and the whole history."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.core.turn import explain_score
from game.ui import theme as T
from game.ui.charts import Tip, draw_chart, history_series, tension_notes
from game.ui.scene import Push, Replace, Scene, Transition
from game.ui.scenes.hud import player_interop
from game.ui.scenes.menu import paint_backdrop
from game.ui.widgets import Button, Custom, Frame, Label

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.session import Session

HEADLINES = {"victory": "Victory", "defeat": "Defeat", "ended": "The game is over"}


class EndScene(Scene):
    """Buttons: watch the replay, start a new game, or return to the main menu."""

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app)
        self.session = session

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        s = self.session
        st = s.game.state
        self.widgets.append(Custom(rect, paint_backdrop))
        box = rect.inflate(-th.px(120), -th.px(80))
        self.widgets.append(Frame(box))
        pad = th.px(28)
        x, y, w = box.x + pad, box.y + pad, box.w - 2 * pad
        result = st.result or "ended"
        colour = {"victory": th.palette["good"], "defeat": th.palette["bad"]}.get(result, T.INK)
        self.widgets.append(
            Label(
                pygame.Rect(x, y, w, th.px(44)),
                HEADLINES.get(result, result.title()),
                34,
                colour,
                True,
            )
        )
        y += th.px(50)
        self.widgets.append(
            Label(pygame.Rect(x, y, w, th.px(48)), st.result_text or "", 17, wrap=True)
        )
        y += th.px(52)
        p = st.idx(s.player)
        facts = (
            f"{s.level.title} · {s.game.date()} after {st.turn} turns · score {st.score:.0f} · "
            f"approval {st.approval[p]:.0f} · reputation {st.reputation[p]:.0f} · "
            f"{len(st.agreements_of(s.player))} agreements · "
            f"interoperability with partners {player_interop(s):.0f}"
        )
        self.widgets.append(Label(pygame.Rect(x, y, w, th.px(40)), facts, 14, T.INK_DIM, wrap=True))
        y += th.px(44)
        how = explain_score(s.game.ctx())
        self.widgets.append(Label(pygame.Rect(x, y, w, th.px(40)), how, 14, T.INK_DIM, wrap=True))
        y += th.px(48)
        from game.ui.scenes.overlays import start_of

        start = start_of(s)
        series = history_series(st.history, start, th)
        notes = tension_notes(s.level, st.history, start)

        def paint(surface: pygame.Surface, r: pygame.Rect, theme: T.Theme) -> list[Tip]:
            return draw_chart(surface, r, theme, series, title="The game in numbers", notes=notes)

        chart = pygame.Rect(x, y, w, box.bottom - y - th.px(90))
        self.widgets.append(Custom(chart, paint))
        bw, bh = th.px(190), th.px(44)
        by = box.bottom - pad - bh
        can_replay = s.last_saved is not None
        self.widgets.append(
            Button(
                pygame.Rect(x, by, bw, bh),
                "Watch the replay",
                self.replay,
                style="primary",
                hotkey="R",
                enabled=can_replay,
                tip="" if can_replay else "This game was not saved",
            )
        )
        self.widgets.append(
            Button(
                pygame.Rect(x + bw + th.px(12), by, bw, bh),
                "New game",
                self.new_game,
                style="ink",
                hotkey="N",
            )
        )
        self.widgets.append(
            Button(
                pygame.Rect(x + 2 * (bw + th.px(12)), by, bw, bh),
                "Main menu",
                self.menu,
                style="ink",
                hotkey="M",
            )
        )

    def replay(self) -> Transition:
        from game.ui.replay import ReplayScene
        from game.ui.scenes.overlays import MessageScene
        from game.ui.session import SessionError

        if self.session.last_saved is None:
            return None
        try:
            return Push(ReplayScene(self.app, self.session.last_saved))
        except SessionError as exc:
            return Push(MessageScene(self.app, "Cannot open the replay", str(exc)))

    def new_game(self) -> Transition:
        from game.ui.scenes.menu import LevelPickerScene, MenuScene

        self.app.apply(Replace(MenuScene(self.app), clear=True))
        return Push(LevelPickerScene(self.app))

    def menu(self) -> Transition:
        from game.ui.scenes.menu import MenuScene

        return Replace(MenuScene(self.app), clear=True)

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_r:
                return self.replay()
            if event.key == pygame.K_n:
                return self.new_game()
            if event.key in (pygame.K_m, pygame.K_ESCAPE):
                return self.menu()
        return None
