"""The load and replay menus: every save with its level, date and turn; damaged ones named."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.core.difficulty import label_of
from game.core.numbering import shown
from game.ui import theme as T
from game.ui.scene import Pop, Push, Replace, Scene, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.scenes.menu import paint_backdrop
from game.ui.session import Session, SessionError
from game.ui.widgets import Button, Custom, Frame, Label, ListView

if TYPE_CHECKING:
    from game.ui.app import App


def load_game(app: App, path: Path, *, exact_level: bool = True, note: str = "") -> Transition:
    """Play a save; when it cannot be loaded, a dialog says why and what can be done."""
    app.working(f"Loading {path.stem}…")
    try:
        session = Session.from_save(path, app.data_override, exact_level=exact_level)
    except SessionError as exc:
        return Push(LoadProblemScene(app, path, exc))
    if note:
        app.toast(note)
    return app.start(session)


class LoadProblemScene(Dialog):
    """A save that did not load: the reason, and the way out when there is one.

    A save whose level or rules changed can still be loaded as a position only; a damaged
    save with an intact backup offers the backup.
    """

    width = 700

    def __init__(self, app: App, path: Path, error: SessionError) -> None:
        title = "The level has changed" if error.wrong_level else "This save cannot be loaded"
        super().__init__(app, title)
        self.path, self.error = path, error
        self.text = str(error)
        if error.wrong_level:
            self.text += (
                "\n\nYou can load the position only: the game goes on from where it stands "
                "under the level as it is now, but its earlier turns will no longer replay "
                "exactly."
            )

    def layout(self, rect: pygame.Rect) -> None:
        th = self.theme
        text_h = th.text(self.text, 15, T.INK, wrap=th.px(self.width - 36)).get_height()
        self.height = round(150 + text_h / th.scale)
        super().layout(rect)

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        bh = th.px(40)
        self.widgets.append(
            Label(pygame.Rect(body.x, body.y, body.w, body.h - bh), self.text, 15, wrap=True)
        )
        right = body.right
        choices: list[tuple[str, Any, str, str, int]] = []
        if self.error.wrong_level:
            choices.append(("Load the position only", self.position_only, "primary", "Enter", 260))
        elif self.error.backup is not None:
            choices.append(("Load the backup", self.load_backup, "primary", "Enter", 220))
        if choices:
            choices.append(("Cancel", Pop, "ink", "Esc", 140))
        else:
            choices.append(("OK", Pop, "ink", "Enter", 140))
        for text, action, style, key, w in choices:
            r = pygame.Rect(right - th.px(w), body.bottom - bh, th.px(w), bh)
            self.widgets.append(Button(r, text, action, style=style, hotkey=key))
            right = r.x - th.px(10)

    def _instead(self, t: Transition) -> Transition:
        # A further problem replaces this dialog rather than stacking on it.
        if isinstance(t, Push):
            return Replace(t.scene)
        return t

    def position_only(self) -> Transition:
        note = "Loaded the position only: the level changed since this save"
        return self._instead(load_game(self.app, self.path, exact_level=False, note=note))

    def load_backup(self) -> Transition:
        backup = self.error.backup
        if backup is None:
            return None
        return self._instead(load_game(self.app, backup, note=f"Loaded the backup {backup.name}"))

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.error.wrong_level:
                return self.position_only()
            if self.error.backup is not None:
                return self.load_backup()
            return Pop()
        return super().on_event(event)


def list_saves(app: App) -> tuple[list[Any], str]:
    """The saves, newest first, or an empty list and why."""
    try:
        from game.saves.store import list_saves as _list
    except ImportError as exc:
        return [], f"Saves are unavailable ({exc})"
    try:
        return _list(app.data_override), ""
    except OSError as exc:
        return [], f"The saves folder cannot be read ({exc.strerror or exc})"


def describe(info: Any) -> tuple[str, str]:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.modified)) if info.modified else ""
    if not info.ok:
        backup = " · its backup can be loaded" if info.backup is not None else ""
        return (info.name, f"Damaged: {info.problem}{backup}")
    level = info.level_title or info.name
    if info.difficulty:
        level = f"{level} · {label_of(info.difficulty)}"
    where = f"{save_position(info)} · saved {when}"
    if info.title:  # named by the player: the name first, as typed
        return (info.title, f"{level} · {where}")
    if info.is_autosave:
        return (f"Autosave · {level}", where)
    return (level, f"{info.name} · {where}")


def save_position(info: Any) -> str:
    """Where a save stands, as the top bar counts: "turn 15 · Q3 2029", or how it ended."""
    if info.result:
        return f"{info.result} after turn {info.turn} · {info.date_label}"
    return f"turn {shown(info.turn)} · {info.date_label}"


class LoadScene(Scene):
    """`mode` is "load" (play on) or "replay" (open the replay viewer)."""

    def __init__(self, app: App, mode: str = "load") -> None:
        super().__init__(app)
        self.mode = mode
        self.saves, self.problem = list_saves(app)
        self.index = 0

    def layout(self, rect: pygame.Rect) -> None:
        super().layout(rect)
        th = self.theme
        self.widgets.append(Custom(rect, paint_backdrop))
        box = pygame.Rect(
            0, 0, min(th.px(900), rect.w - th.px(40)), min(th.px(640), rect.h - th.px(40))
        )
        box.center = rect.center
        title = "Load a game" if self.mode == "load" else "Replays — choose a saved game"
        self.widgets.append(Frame(box, title))
        inner = pygame.Rect(
            box.x + th.px(18), box.y + th.px(56), box.w - th.px(36), box.h - th.px(124)
        )
        rows = [describe(i) for i in self.saves] or [
            ("No saves yet", self.problem or "Games are autosaved at the end of every turn.")
        ]
        self.widgets.append(
            ListView(
                inner, rows, self.choose, row_height=56, selected=self.index if self.saves else -1
            )
        )
        bw, bh = th.px(180), th.px(42)
        go = pygame.Rect(box.right - th.px(18) - bw, box.bottom - th.px(18) - bh, bw, bh)
        info = self.saves[self.index] if self.saves else None
        ok = info is not None and info.ok
        tip = "" if ok else (info.problem if info is not None else "Nothing to open")
        if info is not None and not ok and info.backup is not None and self.mode == "load":
            # A damaged save with a backup opens the dialog that offers the backup.
            ok, tip = True, f"Damaged: {info.problem}; its backup can be loaded"
        label = "Load" if self.mode == "load" else "Watch replay"
        self.widgets.append(
            Button(go, label, self.open, style="primary", hotkey="Enter", enabled=ok, tip=tip or "")
        )
        back = pygame.Rect(go.x - th.px(150), go.y, th.px(140), bh)
        self.widgets.append(Button(back, "Back", Pop, style="ink", hotkey="Esc"))

    def choose(self, k: int) -> Transition:
        self.index = k
        self.relayout()
        return None

    def open(self) -> Transition:
        from game.ui.scenes.overlays import MessageScene

        if not self.saves:
            return None
        info = self.saves[self.index]
        if self.mode == "replay":
            from game.ui.replay import ReplayScene

            try:
                return Push(ReplayScene(self.app, info.path))
            except SessionError as exc:
                return Push(MessageScene(self.app, "Cannot open the replay", str(exc)))
        if not info.ok and (info.backup is None or self.mode != "load"):
            return None
        return load_game(self.app, info.path)

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.open()
            if event.key == pygame.K_ESCAPE:
                return Pop()
            if event.key in (pygame.K_DOWN, pygame.K_UP) and self.saves:
                step = 1 if event.key == pygame.K_DOWN else -1
                return self.choose((self.index + step) % len(self.saves))
        return None
