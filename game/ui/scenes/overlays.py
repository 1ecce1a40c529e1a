"""Small overlays: shortcuts help, pause menu, message box, charts, turn summary, reload errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import pygame

from game.core import actions
from game.core.defs import DEFAULT_AGREEMENT_KINDS, AgreementKindDef
from game.core.difficulty import label_of
from game.core.phrasing import plural
from game.core.rules import DEFAULT_RULES, Rules
from game.ui import mapmodes, textfit
from game.ui import theme as T
from game.ui.charts import Tip, draw_chart, history_series, tension_notes
from game.ui.describe import Line
from game.ui.objectives import goal_lines
from game.ui.scene import Pop, Push, Quit, Replace, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.widgets import Button, Custom, Label, column

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.session import Session

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Drag · arrows · WASD", "Pan the map"),
    ("Wheel · + / −", "Zoom toward the pointer"),
    ("H", "Reset the map view"),
    ("Click a nation", "Open its panel"),
    ("Tab · [ · ]", "On the map: next or previous nation, by name"),
    ("↑ ↓ · ← →", "In a panel or dialog: move the focus; Enter or Space acts"),
    ("Tab · Shift+Tab", "In a nation panel: next or previous tab; in a dialog: focus"),
    ("1 – 6", "Map mode: trust, interop, grievance, stability, blocs, values"),
    ("L", "Show or hide names"),
    ("N", "Show or hide the news"),
    ("F · Shift+F", "Next or previous kind of news: yours, partners, threats…"),
    ("← →", "Choosing a level: difficulty Easy, Normal or Hard"),
    ("P", "Propose an agreement to the selected nation"),
    ("C", "History charts"),
    ("O", "Objectives: what wins and what loses"),
    ("Enter", "End turn · confirm"),
    ("Ctrl+Z", "Undo the last action of this turn"),
    ("1 – 4", "In an event: choose an option"),
    ("Ctrl+S", "Save the game under a name"),
    ("Esc", "Close · pause menu"),
    ("F11", "Fullscreen"),
    ("F12", "Screenshot"),
    ("M", "Sound on or off"),
    ("F1 · ?", "This help"),
)


def basics(rules: Rules, kinds: tuple[AgreementKindDef, ...]) -> list[tuple[str, str]]:
    """How the game works, in a few lines, with this game's own numbers and ladder."""
    r = rules
    names = {k.id: k.name.lower() for k in kinds}
    steps = [
        f"{k.name.lower()} after {' or '.join(names.get(n, n) for n in k.needs)} "
        f"held {plural(k.needs_turns, 'turn')}"
        for k in kinds
        if k.needs
    ]
    ladder = (
        "A deeper agreement needs time in a lesser one: " + "; ".join(steps) + ". " if steps else ""
    )
    spendable = (a for a in actions.ordered() if a.scope in ("pair", "self"))
    costs = sorted({c for c in (a.capital_of(r) for a in spendable) if c > 0}) or [0]
    spread = f"{costs[0]}–{costs[-1]}" if costs and costs[0] != costs[-1] else f"{costs[-1]}"
    bonus = (
        f" (+{r.capital_stability_bonus} while your stability is "
        f"≥ {r.capital_stability_threshold:g})"
        if r.capital_stability_bonus
        else ""
    )
    bar = f"at least {r.verdict_player_margin:+g}" if r.verdict_player_margin else "at least 0"
    keys = [m.hotkey for m in mapmodes.MODES]
    return [
        (
            "Diplomatic capital",
            f"Most actions cost {spread} DC. You earn {r.capital_per_turn} a turn{bonus}, up to "
            f"{r.capital_max}: what the cap cannot hold is lost.",
        ),
        (
            "Budget",
            "Pays for exercises, aid, training and transfers; your economy refills it each "
            "turn (the top bar's tip says by how much).",
        ),
        (
            "Agreements",
            f"{ladder}The proposal builder says what is still missing.",
        ),
        (
            "Who says yes",
            f"A nation accepts your proposal when its ledger is {bar}: trust, shared values, "
            "threats, the terms you offer. The builder shows every factor before you send, and the "
            "members of a bloc must accept a newcomer too.",
        ),
        (
            "Promises",
            "Terms you offer become promises: kept, your reputation rises; broken, it falls "
            "and partners may walk out.",
        ),
        (
            "Interoperability",
            "Joint exercises, training and technology transfers raise it; it fades without "
            "practice.",
        ),
        (
            "World tension",
            "Drills that alarm wary nations and growing threats raise it; confidence-building, "
            f"mediation and observers at your exercises lower it. At {r.crisis_level:g} the "
            "world is in crisis.",
        ),
        (
            "The map",
            "Gold lines are your agreements (thicker: more interoperable), grey ones military "
            f"pacts between other nations; keys {keys[0]}–{keys[-1]} change what the colours "
            "show.",
        ),
    ]


class HelpScene(Dialog):
    """Every keyboard shortcut, and a page on how the game works."""

    width, height = 820, 670
    PAGES: ClassVar[dict[str, str]] = {
        "keys": "Keyboard shortcuts",
        "basics": "How the game works",
    }

    def __init__(self, app: App, page: str = "keys") -> None:
        super().__init__(app, self.PAGES[page])
        self.page = page

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        if self.page == "keys":
            self._keys(body)
        else:
            self._basics(body)
        close = pygame.Rect(0, 0, th.px(140), th.px(36))
        close.bottomright = body.bottomright
        self.widgets.append(Button(close, "Close", Pop, style="ink", hotkey="Esc"))
        other = "basics" if self.page == "keys" else "keys"
        flip = pygame.Rect(body.x, close.y, th.px(220), close.h)
        label = "How the game works" if other == "basics" else "Keyboard shortcuts"
        self.widgets.append(Button(flip, label, lambda: self.show(other), style="ink", hotkey="G"))

    def show(self, page: str) -> Transition:
        """Turn to a page: "keys" or "basics"."""
        self.page, self.title = page, self.PAGES[page]
        self.relayout()
        return None

    def _keys(self, body: pygame.Rect) -> None:
        th = self.theme
        # One column when it fits, else two side by side (every shortcut stays listed).
        room = body.h - th.px(44)
        h = min(th.px(28), max(th.line_height(13) + th.px(2), room // len(SHORTCUTS)))
        columns = 1 if h * len(SHORTCUTS) <= room else 2
        per = -(-len(SHORTCUTS) // columns)
        h = min(th.px(28), room // per)
        col_w = (body.w - th.px(16) * (columns - 1)) // columns
        key_w = min(th.px(200), col_w * 2 // 5)
        for k, (keys, what) in enumerate(SHORTCUTS):
            x = body.x + (k // per) * (col_w + th.px(16))
            y = body.y + (k % per) * h
            self.widgets.append(Label(pygame.Rect(x, y, key_w, h), keys, 15, T.INK, True))
            self.widgets.append(
                Label(pygame.Rect(x + key_w, y, col_w - key_w, h), what, 15, T.INK_DIM)
            )

    def _basics(self, body: pygame.Rect) -> None:
        th = self.theme
        session = self.app.session
        if session is not None:
            rules, kinds = session.game.rules, session.level.agreement_kinds
        else:
            rules, kinds = DEFAULT_RULES, DEFAULT_AGREEMENT_KINDS
        rows = basics(rules, kinds)
        head_w = th.px(170)
        room = body.h - th.px(48)
        y = body.y
        for k, (head, text) in enumerate(rows):
            h = (room - (y - body.y)) // (len(rows) - k)
            lines = textfit.fit(th, text, 14, body.w - head_w, h).lines
            h = min(h, max(len(lines) * th.line_height(14), th.px(22)) + th.px(8))
            self.widgets.append(
                Label(pygame.Rect(body.x, y, head_w, th.px(22)), head, 15, T.INK, True)
            )
            self.widgets.append(
                Label(
                    pygame.Rect(body.x + head_w, y, body.w - head_w, h),
                    text,
                    14,
                    T.INK_DIM,
                    wrap=True,
                )
            )
            y += h

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Pop()
        if event.type == pygame.KEYDOWN and event.key == pygame.K_g:
            return self.show("basics" if self.page == "keys" else "keys")
        return super().on_event(event)


class MessageScene(Dialog):
    """A message with one button; used for errors that must be read."""

    width, height = 640, 320

    def __init__(self, app: App, title: str, text: str) -> None:
        super().__init__(app, title)
        self.text = text

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        self.widgets.append(
            Label(pygame.Rect(body.x, body.y, body.w, body.h - th.px(50)), self.text, 15, wrap=True)
        )
        ok = pygame.Rect(0, 0, th.px(140), th.px(36))
        ok.bottomright = body.bottomright
        self.widgets.append(Button(ok, "OK", Pop, style="ink", hotkey="Enter"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return Pop()
        return super().on_event(event)


class PauseScene(Dialog):
    """Esc during play: resume, save, settings, main menu, quit."""

    width, height = 420, 410

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app, "Paused")
        self.session = session
        if app.watcher is not None:
            self.height += 60  # room for "Restart with these changes"

    def build(self, body: pygame.Rect) -> None:
        from game.ui.scenes.menu import MenuScene
        from game.ui.scenes.settings_scene import SettingsScene

        th = self.theme
        app = self.app

        def save() -> Transition:
            from game.ui.scenes.save_dialog import SaveDialog

            # The name dialog takes the pause menu's place: saving returns to the game.
            return Replace(SaveDialog(app, self.session))

        def leave(go: Callable[[], Transition], what: str) -> Callable[[], Transition]:
            # Leaving with commands no save holds asks first.
            def ask() -> Transition:
                n = self.session.unsaved()
                return Replace(LeaveScene(app, self.session, go, what, n)) if n else go()

            return ask

        def to_menu() -> Transition:
            return Replace(MenuScene(app), clear=True)

        items: list[tuple[str, Callable[[], Any], str, str]] = [
            ("Resume", Pop, "Esc", "primary"),
            ("Save game", save, "Ctrl+S", "ink"),
            ("Settings", lambda: Push(SettingsScene(app)), "", "ink"),
            *(
                [("Restart with these changes", app.restart_level, "F5", "ink")]
                if app.watcher
                else []
            ),
            (
                "Main menu",
                leave(lambda: Replace(MenuScene(app), clear=True), "Main menu"),
                "",
                "ink",
            ),
            ("Quit", leave(Quit, "Quit"), "", "ink"),
        ]
        # Which game this is: the level and the difficulty it was started at.
        difficulty = label_of(self.session.game.state.difficulty)
        where = f"{self.session.level.title} · {difficulty}"
        self.widgets.append(
            Label(pygame.Rect(body.x, body.y, body.w, th.px(22)), where, 13, T.INK_DIM)
        )
        rects = column(body.x, body.y + th.px(30), body.w, th.px(48), th.px(12), len(items))
        for r, (text, action, key, style) in zip(rects, items, strict=True):
            self.widgets.append(Button(r, text, action, style=style, hotkey=key, size=17))


class LeaveScene(Dialog):
    """Leaving would lose this turn's unsaved commands: save first, leave anyway, or stay."""

    width, height = 560, 230

    def __init__(
        self, app: App, session: Session, go: Callable[[], Transition], what: str, unsaved: int
    ) -> None:
        super().__init__(app, "Leave without saving?")
        self.session, self.go, self.what, self.unsaved = session, go, what, unsaved

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        n = plural(self.unsaved, "action")
        text = (
            f"{n} of this turn {'is' if self.unsaved == 1 else 'are'} in no save: the autosave "
            "holds the game as this turn began. Save first, or leave and lose them?"
        )
        self.widgets.append(
            Label(pygame.Rect(body.x, body.y, body.w, th.px(90)), text, 15, wrap=True)
        )
        self.choice_row(
            body,
            [
                ("Save first", self._save, "primary", "S"),
                (f"{self.what} anyway", self.go, "ink", ""),
                ("Stay", Pop, "paper", "Esc"),
            ],
        )

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_s:
            return self._save()
        return super().on_event(event)

    def _save(self) -> Transition:
        from game.ui.scenes.save_dialog import SaveDialog

        return Replace(SaveDialog(self.app, self.session))


class LapseScene(Dialog):
    """Ending the turn would let asks or calls the player put off lapse, at a cost: answer
    them, end the turn anyway, or stay."""

    width, height = 620, 300

    def __init__(
        self,
        app: App,
        lapses: list[str],
        answer: Callable[[], Transition],
        end: Callable[[], Transition],
    ) -> None:
        super().__init__(app, "End the turn with answers waiting?")
        self.lapses, self.answer, self.end = lapses, answer, end
        self.height = min(560, 170 + 32 * len(lapses))

    def build(self, body: pygame.Rect) -> None:
        rows = [("Unanswered at the turn's end, these lapse as refused:", T.INK, 15)]
        rows += [(f"• {line}", T.INK, 14) for line in self.lapses]
        self.stack_lines(body, rows, self.theme.px(6))
        self.choice_row(
            body,
            [
                ("Answer them", self.answer, "primary", "A"),
                ("End turn anyway", self.end, "ink", "Enter"),
                ("Stay", Pop, "paper", "Esc"),
            ],
        )

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_a:
            return self.answer()
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.end()
        return super().on_event(event)


class ChartsScene(Dialog):
    """The history chart of the game so far."""

    width, height = 980, 560

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app, "History")
        self.session = session

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        s = self.session
        start = start_of(s)
        series = history_series(s.game.state.history, start, th)
        notes = tension_notes(s.level, s.game.state.history, start)
        goals = goal_lines(s, th)

        def paint(surface: pygame.Surface, rect: pygame.Rect, theme: T.Theme) -> list[Tip]:
            span = s.level.turns + 1
            return draw_chart(surface, rect, theme, series, span=span, goals=goals, notes=notes)

        chart = pygame.Rect(body.x, body.y, body.w, body.h - th.px(50))
        self.widgets.append(Custom(chart, paint))
        close = pygame.Rect(0, 0, th.px(140), th.px(36))
        close.bottomright = body.bottomright
        self.widgets.append(Button(close, "Close", Pop, style="ink", hotkey="Esc"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_c, pygame.K_RETURN):
            return Pop()
        return super().on_event(event)


def start_of(session: Session) -> dict[str, float]:
    """History values at turn 0, from the level's starting state."""
    from game.core.context import Ctx
    from game.core.state import initial_state
    from game.core.turn import record_history

    state = initial_state(session.level, session.game.state.seed)
    record_history(Ctx(session.level, state))
    return state.history[0]


class TurnSummaryScene(Dialog):
    """After End turn: the new date and what changed for the player."""

    width = 620

    def __init__(self, app: App, title: str, lines: list[Line], news_count: int) -> None:
        super().__init__(app, title)
        self.lines = lines
        self.news_count = news_count

    def layout(self, rect: pygame.Rect) -> None:
        # Tall enough for every line, a long one (an election's result and its odds) in two
        # rows, up to sixteen rows.
        width = self.body_width(rect)
        rows = sum(self._rows(line, width) for line in self.lines)
        self.height = 226 + 26 * max(1, min(rows, 16))
        super().layout(rect)

    def _rows(self, line: Line, width: int) -> int:
        """The rows (one or two) a line of the summary takes at `width`."""
        th = self.theme
        return len(textfit.fit(th, "• " + line.text, 15, width, 2 * th.px(26), shrink=0).lines)

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        h = th.px(26)
        rows = self.lines or [Line("Nothing changed for you this turn.")]
        # What your own actions did you saw as you took them; this is what the turn's end
        # brought: the other nations' moves, events, drift and income.
        since = "Since you ended the turn (your own actions are in the news):"
        self.widgets.append(Label(pygame.Rect(body.x, body.y, body.w, h), since, 13, T.INK_DIM))
        y = body.y + h
        bottom = body.bottom - th.px(76)
        # Each line in one or two rows; what does not fit is counted in a last line.
        tall = [self._rows(ln, body.w) for ln in rows]
        shown = 0
        while shown < len(rows) and y + sum(tall[: shown + 1]) * h <= bottom:
            shown += 1
        if shown < len(rows):
            while shown and y + (sum(tall[:shown]) + 1) * h > bottom:
                shown -= 1
            rest = len(rows) - shown
            rows, tall = (
                [*rows[:shown], Line(f"… and {plural(rest, 'more change')}")],
                [*tall[:shown], 1],
            )
        for line, n in zip(rows, tall, strict=True):
            color = th.signed(line.tone) if line.tone else T.INK
            # Good or bad is the colour; the figure says which way it moved (an arrow by
            # tone pointed up at a threat falling).
            box = pygame.Rect(body.x, y, body.w, n * h)
            self.widgets.append(Label(box, "• " + line.text, 15, color, wrap=n > 1))
            y += n * h
        note = (
            f"{plural(self.news_count, 'news item')} in the feed: click one to see its nation, "
            "or a ▸ why line to see the reason."
        )
        self.widgets.append(
            Label(pygame.Rect(body.x, body.bottom - th.px(76), body.w, h), note, 13, T.INK_DIM)
        )
        ok = pygame.Rect(0, 0, th.px(160), th.px(38))
        ok.bottomright = body.bottomright
        self.widgets.append(Button(ok, "Continue", Pop, style="primary", hotkey="Enter"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_SPACE,
        ):
            return Pop()
        return super().on_event(event)


def draw_reload_errors(surface: pygame.Surface, th: T.Theme, errors: list[str]) -> None:
    """The live-reload error overlay: the level's problems, with file:line:col, over the game."""
    lines = [ln for e in errors for ln in e.splitlines()][:14]
    pad = th.px(12)
    lh = th.line_height(13)
    w = min(surface.get_width() - 2 * pad, th.px(900))
    h = lh * (len(lines) + 2) + 2 * pad
    box = pygame.Rect(0, 0, w, h)
    box.midbottom = (surface.get_width() // 2, surface.get_height() - th.px(72))
    pygame.draw.rect(surface, (40, 20, 20), box, border_radius=th.px(6))
    pygame.draw.rect(surface, (214, 96, 80), box, 2, border_radius=th.px(6))
    title = th.text(
        "Level has errors — still playing the last version that loaded", 14, (255, 190, 170), True
    )
    surface.blit(title, (box.x + pad, box.y + pad))
    mono = th.font(12)
    for k, ln in enumerate(lines):
        text = th.ellipsize(ln, 12, w - 2 * pad)
        surface.blit(
            mono.render(text, True, T.CHROME_TEXT),
            (box.x + pad, box.y + pad + lh * (k + 1) + th.px(4)),
        )
