"""Save with a name: a text field, the saves that exist, and a warning before overwriting one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame

from game.saves.store import TITLE_MAX
from game.ui import theme as T
from game.ui.scene import Pop, Transition
from game.ui.scenes.dialog import Dialog
from game.ui.scenes.saves_menu import save_position
from game.ui.session import SessionError
from game.ui.widgets import Button, Custom, Label, ListView, TextBuffer, TextField

if TYPE_CHECKING:
    from game.ui.app import App
    from game.ui.session import Session

# The most a player may type (the load menu shows it whole); the file name keeps at most
# `store.SLOT_MAX` characters.
MAX_TYPED_LEN = TITLE_MAX
RESERVED_PREFIX = "autosave"

_QUOTES = re.compile(r"['’‘`\"]")


def safe_save_name(text: str) -> str:
    """A save's name from what the player typed: its letters and digits, in any script,
    joined by dashes (`store.slot_slug`). Quotes vanish ("Türkiye’s turn" →
    "Türkiyes-turn"), and every other run of characters (spaces, slashes, dots) becomes one
    dash, so no name can leave the saves folder. Empty when nothing usable is left.
    """
    from game.saves.store import slot_slug

    return slot_slug(_QUOTES.sub("", text))


def saved_note(typed: str, name: str) -> str:
    """What the player is told after saving: the name they typed, and the file when its
    name differs ("Saved “my first save” as my-first-save.json")."""
    typed = " ".join(typed.split())
    if typed == name:
        return f"Saved as {name}"
    return f"Saved “{typed}” as {name}.json"


def default_save_name(session: Session) -> str:
    """The level's title and the game's date, e.g. "Northern Shield Q3 2027"."""
    return f"{session.level.title} {session.game.date()}"


def slot_file(name: str, data_dir: Path | None) -> Path:
    """Where a save of this (safe) name is written; raises ValueError for unusable names."""
    from game.saves.store import slot_path

    return slot_path(name, data_dir)


def unique_save_name(text: str, data_dir: Path | None) -> str:
    """A safe name from `text` that no save uses yet ("-2", "-3"… added when needed)."""
    from game.saves.store import SLOT_MAX

    base = safe_save_name(text)[: SLOT_MAX - 4].rstrip("-") or "save"
    name, k = base, 1
    while slot_file(name, data_dir).exists():
        k += 1
        name = f"{base}-{k}"
    return name


def named_saves(data_dir: Path | None) -> list[Any]:
    """The saves a player named (autosaves left out), newest first; empty if unreadable."""
    try:
        from game.saves.store import list_saves
    except ImportError:
        return []
    try:
        return [i for i in list_saves(data_dir) if not i.is_autosave]
    except OSError:
        return []


class SaveDialog(Dialog):
    """Ctrl+S: type a name (prefilled with the level and date), Enter saves, Esc cancels.

    While it is on top the app has text input on (typing arrives as TEXTINPUT, with the
    input method's window placed at the field) and Backspace repeats when held.
    """

    width, height = 640, 480
    wants_text = True

    def __init__(self, app: App, session: Session) -> None:
        super().__init__(app, "Save the game")
        self.session = session
        self.buffer = TextBuffer(default_save_name(session), MAX_TYPED_LEN)
        self.saves = named_saves(session.data_dir)
        self.confirm_for = ""  # the name Enter was pressed on once while a save had it
        self.error = ""
        self.field_rect = pygame.Rect(0, 0, 0, 0)

    # -- the name -----------------------------------------------------------------

    @property
    def name(self) -> str:
        return safe_save_name(self.buffer.text)

    def problem(self) -> str:
        """Why the current name cannot be used, or ""."""
        name = self.name
        if not name:
            return "Type a name: letters or digits."
        if name.casefold().startswith(RESERVED_PREFIX):
            return "Names starting with “autosave” are kept for autosaves."
        try:
            slot_file(name, self.session.data_dir)
        except ValueError as exc:
            return f"{exc}."
        return ""

    def exists(self) -> bool:
        if self.problem():
            return False
        try:
            return slot_file(self.name, self.session.data_dir).is_file()
        except (ValueError, OSError):
            return False

    # -- layout ---------------------------------------------------------------------

    def build(self, body: pygame.Rect) -> None:
        th = self.theme
        y = body.y
        self.widgets.append(
            Label(pygame.Rect(body.x, y, body.w, th.px(20)), "Name", 14, T.INK_DIM, True)
        )
        y += th.px(24)
        self.field_rect = pygame.Rect(body.x, y, body.w, th.px(40))
        self.widgets.append(TextField(self.field_rect, self.buffer, 17))
        pygame.key.set_text_input_rect(self.field_rect)
        y += self.field_rect.h + th.px(6)
        status_h = th.line_height(13) * 2 + th.px(4)
        self.widgets.append(Custom(pygame.Rect(body.x, y, body.w, status_h), self._paint_status))
        y += status_h + th.px(10)
        self.widgets.append(
            Label(
                pygame.Rect(body.x, y, body.w, th.px(20)),
                "Saves you named — click one to save over it",
                14,
                T.INK_DIM,
                True,
            )
        )
        y += th.px(24)
        bh = th.px(40)
        rows = [
            (i.label, f"{i.level_title} · {save_position(i)}" if i.ok else i.problem)
            for i in self.saves
        ] or [("No saves yet", "Games are also autosaved at the end of every turn.")]
        list_rect = pygame.Rect(body.x, y, body.w, max(th.px(40), body.bottom - bh - th.px(12) - y))
        self.widgets.append(
            ListView(
                list_rect,
                rows,
                self.pick if self.saves else None,
                row_height=46,
            )
        )
        bw = th.px(160)
        save = pygame.Rect(body.right - bw, body.bottom - bh, bw, bh)
        overwrite = bool(self.confirm_for) and self.confirm_for == self.name
        self.widgets.append(
            Button(
                save,
                "Overwrite" if overwrite else "Save",
                self.submit,
                style="primary",
                hotkey="Enter",
            )
        )
        cancel = pygame.Rect(save.x - th.px(150), save.y, th.px(140), bh)
        self.widgets.append(Button(cancel, "Cancel", self.cancel, style="ink", hotkey="Esc"))

    def _paint_status(self, surface: pygame.Surface, rect: pygame.Rect, th: T.Theme) -> None:
        bad = th.palette["bad"]
        name = self.name
        if self.error:
            text, colour, bold = self.error, bad, True
        elif self.problem():
            text, colour, bold = self.problem(), bad, False
        elif self.exists():
            again = self.confirm_for == name
            text = f"A save named “{name}” already exists" + (
                " — press Enter again to overwrite it." if again else " — Enter again to overwrite."
            )
            colour, bold = bad, again
        else:
            text, colour, bold = f"File: {name}.json in the saves folder", T.INK_DIM, False
        surface.blit(th.text(text, 13, colour, bold, wrap=rect.w), rect.topleft)

    # -- actions ----------------------------------------------------------------------

    def pick(self, k: int) -> Transition:
        if 0 <= k < len(self.saves):
            self.buffer.set(self.saves[k].label)
            self.error = ""
            self.relayout()
        return None

    def submit(self) -> Transition:
        """Enter: save, or ask once more before overwriting a save of the same name."""
        if self.problem():
            self.error = ""
            return None
        name = self.name
        if self.exists() and self.confirm_for != name:
            self.confirm_for = name
            self.relayout()
            return None
        try:
            self.session.save_as(name, self.buffer.text)
        except SessionError as exc:
            self.error = str(exc)
            self.relayout()
            return None
        self.app.toast(saved_note(self.buffer.text, name))
        return self.close()

    def cancel(self) -> Transition:
        return self.close()

    def close(self) -> Transition:
        return Pop()

    # -- input ------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition:
        before = self.buffer.text
        t = super().handle(event)
        if self.buffer.text != before:
            self.error = ""
            if self.confirm_for and self.confirm_for != self.name:
                self.confirm_for = ""
            self.relayout()
        return t

    def on_event(self, event: pygame.event.Event) -> Transition:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.submit()
            if event.key == pygame.K_ESCAPE:
                return self.cancel()
        return super().on_event(event)
