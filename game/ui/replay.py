"""The replay viewer: step through a saved game on the map, see each turn's commands and events."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.core.commands import COMMAND_TYPES
from game.core.game import Game
from game.core.numbering import shown
from game.ui import mapmodes
from game.ui import theme as T
from game.ui.mapview import make_map
from game.ui.scene import Pop, Scene, Transition
from game.ui.scenes.hud import draw_legend, legend_height
from game.ui.session import Session, SessionError, level_from_sources
from game.ui.widgets import Button, Custom, Slider

if TYPE_CHECKING:
    from game.content.loader import LoadedLevel
    from game.core.defs import LevelDef
    from game.ui.app import App

STEP_SECONDS = 1.2  # one turn per this many seconds while playing, at normal speed


def command_text(d: dict[str, Any], names: dict[str, str]) -> str:
    """A recorded command as a short line: "Hold dialogue → Finland"."""
    cls = COMMAND_TYPES.get(str(d.get("type")))
    label = cls.label if cls is not None and cls.label else str(d.get("type"))
    who = [names.get(str(d[k]), str(d[k])) for k in ("target", "other") if d.get(k)]
    extra = ""
    if d.get("kind"):
        extra = f" ({str(d['kind']).replace('_', ' ')})"
    elif d.get("type") == "ChooseOption":
        label = f"Answered an event with option {int(d.get('option', 0)) + 1}"
    elif d.get("type") == "AnswerProposal":
        label = "Accepted a proposal" if d.get("accept") else "Declined a proposal"
    actor = names.get(str(d.get("actor")), str(d.get("actor")))
    return f"{actor}: {label}{extra}" + (f" → {', '.join(who)}" if who else "")


class ReplayScene(Scene):
    """Forward, back, jump to a turn, play; take over from any turn."""

    music = "music.play"

    def __init__(self, app: App, path: Path) -> None:
        super().__init__(app)
        try:
            from game.saves.format import SaveError, load_save
            from game.saves.verify import ReplayCursor
        except ImportError as exc:
            raise SessionError(f"replays are unavailable ({exc})") from None
        holder: dict[str, LoadedLevel] = {}

        def rebuild(sources: dict[str, str], main: str) -> LevelDef:
            holder["loaded"] = level_from_sources(sources, main)
            return holder["loaded"].level

        try:
            self.save = load_save(path)
            self.cursor = ReplayCursor(self.save, rebuild, every=1)
        except SaveError as exc:
            raise SessionError(exc.message) from None
        self.loaded = holder["loaded"]
        self.path = path
        self.turn = 0
        self.playing = False
        self.clock = 0.0
        self.game: Game = self.cursor.seek(0)
        self.session = Session(self.loaded, self.game)
        self.map = make_map(self.session)
        self.names = {n.id: n.name for n in self.loaded.level.nations}
        self._show()

    @property
    def last(self) -> int:
        return self.cursor.last_turn

    def seek(self, turn: int) -> Transition:
        turn = max(0, min(self.last, int(turn)))
        if turn != self.turn:
            try:
                self.game = self.cursor.seek(turn)
            except Exception as exc:  # a damaged save must not take the viewer down
                self.app.toast(f"Cannot replay turn {shown(turn)}: {exc}")
                self.playing = False
                return None
            self.turn = turn
            self.session = Session(self.loaded, self.game)
            self._show()
        return None

    def _show(self) -> None:
        st, lv = self.game.state, self.loaded.level
        self.map.set_fills(mapmodes.fills(lv, st, lv.player, "trust", self.theme))
        self.map.set_links(mapmodes.links(lv, st, lv.player))
        self.needs_layout = True
        self.app.dirty = True

    def take_over(self) -> Transition:
        """Play on from the turn shown, as a new game saved under a name of its own."""
        from game.ui.scenes.save_dialog import unique_save_name

        session = Session(self.loaded, self.cursor.seek(self.turn), data_dir=self.app.data_override)
        date = session.game.date()
        try:
            name = unique_save_name(
                f"{self.loaded.level.title} — taken over at {date}", session.data_dir
            )
            session.save_as(name)
        except (SessionError, ValueError, OSError) as exc:
            # The new game is still played; only its first save failed.
            self.app.toast(f"You now play from {date}; not saved: {exc}")
        else:
            self.app.toast(f"You now play from {date} — saved as {name}")
        return self.app.start(session)

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        top_h, bottom_h = th.px(52), th.px(64)
        side_w = min(th.px(440), rect.w // 3)
        map_rect = pygame.Rect(0, top_h, rect.w - side_w, rect.h - top_h - bottom_h)
        self.widgets.append(Custom(map_rect, lambda s, r, t: self.map.draw(s, r)))
        self.widgets.append(Custom(pygame.Rect(0, 0, rect.w, top_h), self._paint_top))
        legend_h = legend_height(th, self.session, "trust", self.map.links)
        legend = pygame.Rect(
            th.px(12), map_rect.bottom - legend_h - th.px(12), th.px(300), legend_h
        )
        self.widgets.append(
            Custom(
                legend, lambda s, r, t: draw_legend(s, r, t, self.session, "trust", self.map.links)
            )
        )
        self.widgets.append(
            Custom(pygame.Rect(map_rect.right, top_h, side_w, map_rect.h), self._paint_side)
        )
        bar = pygame.Rect(0, rect.h - bottom_h, rect.w, bottom_h)
        self.widgets.append(Custom(bar, lambda s, r, t: pygame.draw.rect(s, T.SLATE, r)))
        x, y, h = th.px(12), bar.y + th.px(12), bottom_h - th.px(24)
        font = th.font(14)
        transport = (
            ("Start", lambda: self.seek(0), "Home", 100),
            ("◀ Back", lambda: self.seek(self.turn - 1), "←", 110),
            ("Pause" if self.playing else "Play", self.toggle_play, "Space", 110),
            ("Forward ▶", lambda: self.seek(self.turn + 1), "→", 120),
            ("End", lambda: self.seek(self.last), "End", 90),
        )
        # When the bar is narrow (large UI scales) the buttons drop their key hints first,
        # then "Take over" its long name; the slider keeps a usable length.
        take_text = "Take over from this turn"
        slider_min = th.px(220)

        def widths(compact: bool) -> list[int]:
            if compact:
                return [font.size(t)[0] + th.px(28) for t, *_ in transport]
            return [th.px(w) for *_, w in transport]

        def needed(compact: bool, take: str) -> int:
            close_w = font.size("Close")[0] + th.px(28) if compact else th.px(110)
            take_w = font.size(take)[0] + th.px(28 if compact else 52)
            row = sum(widths(compact)) + th.px(6) * len(transport)
            return th.px(12) + row + th.px(32) + slider_min + take_w + th.px(10) + close_w

        compact = needed(False, take_text) > rect.w - th.px(12)
        if compact and needed(True, take_text) > rect.w - th.px(12):
            take_text = "Take over"
        for (text, action, key, _), w in zip(transport, widths(compact), strict=True):
            r = pygame.Rect(x, y, w, h)
            self.widgets.append(
                Button(
                    r,
                    text,
                    action,
                    hotkey="" if compact else key,
                    size=14,
                    selected=text == "Pause",
                    tip=f"{text} ({key})" if compact else "",
                )
            )
            x = r.right + th.px(6)
        right = rect.w - th.px(12)
        close_w = font.size("Close")[0] + th.px(28) if compact else th.px(110)
        close = pygame.Rect(right - close_w, y, close_w, h)
        take_w = font.size(take_text)[0] + th.px(28 if compact else 52)
        take = pygame.Rect(close.x - th.px(10) - take_w, y, take_w, h)
        self.widgets.append(
            Button(close, "Close", Pop, hotkey="" if compact else "Esc", size=14, tip="Esc")
        )
        self.widgets.append(
            Button(
                take,
                take_text,
                self.take_over,
                style="primary",
                hotkey="" if compact else "T",
                size=14,
                enabled=not self.game.over,
                tip="Start a new game from this turn, saved under a name of its own (T)",
            )
        )
        sl = pygame.Rect(x + th.px(16), y, take.x - x - th.px(32), h)
        self.widgets.append(
            Slider(
                sl,
                0,
                max(1, self.last),
                self.turn,
                lambda v: self.seek(int(v)),
                fmt=lambda v: f"turn {shown(int(v))}/{shown(self.last)}",
                on_paper=False,
            )
        )

    def _paint_top(self, surface: pygame.Surface, rect: pygame.Rect, th: T.Theme) -> None:
        pygame.draw.rect(surface, T.SLATE, rect)
        title = (
            f"Replay · {self.loaded.level.title} · Turn {shown(self.turn)} of {shown(self.last)}"
            f" · {self.game.date()}"
        )
        surf = th.text(title, 18, T.CHROME_TEXT, True)
        surface.blit(surf, (th.px(16), rect.centery - surf.get_height() // 2))

    def _paint_side(self, surface: pygame.Surface, rect: pygame.Rect, th: T.Theme) -> None:
        pygame.draw.rect(surface, T.PAPER, rect)
        pad = th.px(14)
        x, y, w = rect.x + pad, rect.y + pad, rect.w - 2 * pad
        if self.turn >= self.last:
            surface.blit(th.text("The save ends here.", 15, T.INK, True), (x, y))
            return
        rec = self.cursor.record(self.turn)
        sections = (
            ("Your commands", [command_text(d, self.names) for d in rec.commands]),
            ("What happened", [o.get("text", "") for o in rec.outcomes]),
            ("AI commands", [command_text(d, self.names) for d in rec.ai_commands]),
        )
        for head, rows in sections:
            surface.blit(th.text(head, 15, T.INK, True), (x, y))
            y += th.line_height(15) + th.px(4)
            for row in rows or ["—"]:
                surf = th.text(row, 12, T.INK, wrap=w)
                if y + surf.get_height() > rect.bottom - pad:
                    return
                surface.blit(surf, (x, y))
                y += surf.get_height() + th.px(2)
            y += th.px(10)

    def toggle_play(self) -> Transition:
        self.playing = not self.playing and self.turn < self.last
        self.clock = 0.0
        self.relayout()
        return None

    @property
    def animating(self) -> bool:
        return self.playing

    def update(self, dt: float) -> Transition:
        if not self.playing:
            return None
        speed = self.app.settings.animation_speed or 1.0
        self.clock += dt * speed
        if self.clock >= STEP_SECONDS:
            self.clock = 0.0
            self.seek(self.turn + 1)
            if self.turn >= self.last:
                self.playing = False
                self.relayout()
        return None

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type != pygame.KEYDOWN:
            return None
        k = event.key
        if k == pygame.K_RIGHT:
            return self.seek(self.turn + 1)
        if k == pygame.K_LEFT:
            return self.seek(self.turn - 1)
        if k == pygame.K_HOME:
            return self.seek(0)
        if k == pygame.K_END:
            return self.seek(self.last)
        if k == pygame.K_SPACE:
            return self.toggle_play()
        if k == pygame.K_t and not self.game.over:
            return self.take_over()
        if k == pygame.K_ESCAPE:
            return Pop()
        return None


def run_replay(save_path: str | Path, data_dir: str | None = None) -> int:
    """`alliances replay SAVE`: open the viewer on a save file; exit status."""
    from game.ui.app import App, display_problem
    from game.ui.scenes.menu import MenuScene

    problem = display_problem()
    if problem:
        print(
            f"alliances: error: {problem}; use `alliances replay --verify SAVE` without a display",
            file=sys.stderr,
        )
        return 2
    try:
        app = App(data=data_dir)
    except pygame.error as exc:
        print(f"alliances: error: cannot open the game window ({exc})", file=sys.stderr)
        return 2
    try:
        app.push(MenuScene(app))
        app.push(ReplayScene(app, Path(save_path)))
    except SessionError as exc:
        app.close()
        print(f"alliances: error: {exc}", file=sys.stderr)
        return 2
    try:
        app.loop()
    except KeyboardInterrupt:
        return 130
    finally:
        app.close()
    return 0
