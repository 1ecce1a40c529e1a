"""Saving under a name: Ctrl+S, typing, the overwrite warning, cancelling, and safe file names."""

from __future__ import annotations

import pygame
import pytest

from game.core import commands as C
from game.saves.store import SLOT_MAX, list_saves
from game.ui.scenes.overlays import HelpScene
from game.ui.scenes.save_dialog import SaveDialog, safe_save_name, saved_note
from game.ui.scenes.saves_menu import describe
from game.ui.session import Session


def type_text(app, text: str) -> None:
    """What a keyboard sends while text input is on: a KEYDOWN and a TEXTINPUT per character."""
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=0, mod=0, unicode=ch))
    app.step()


def open_dialog(ui) -> SaveDialog:
    ui.key(pygame.K_s, "\x13", pygame.KMOD_CTRL)
    dialog = ui.app.top
    assert isinstance(dialog, SaveDialog)
    return dialog


@pytest.fixture
def text_input(monkeypatch) -> list[str]:
    """Records when the dialog turns the platform's text input on or off, and key repeat."""
    calls: list[str] = []
    monkeypatch.setattr(pygame.key, "start_text_input", lambda: calls.append("start"))
    monkeypatch.setattr(pygame.key, "stop_text_input", lambda: calls.append("stop"))
    monkeypatch.setattr(pygame.key, "set_repeat", lambda *a: calls.append(f"repeat{a}"))
    return calls


def test_ctrl_s_saves_under_a_typed_name(playing, ui, text_input) -> None:
    play = playing.stack[0]
    play.session.issue(C.HoldDialogue("EST", "FIN"))  # mid-turn: the command is saved too
    play.refresh()
    dialog = open_dialog(ui)
    assert text_input == ["repeat(400, 35)", "start"]
    game = play.session.game
    assert dialog.buffer.text == f"Test Shores {game.date()}"
    assert dialog.buffer.all_selected  # typing replaces the suggestion
    type_text(playing, "Baltic run/1?")
    assert dialog.buffer.text == "Baltic run/1?"
    assert ui.names == ["PlayScene", "SaveDialog"]  # "?" was text, not the help screen
    ui.key(pygame.K_BACKSPACE)
    ui.key(pygame.K_BACKSPACE)
    type_text(playing, "2")
    assert dialog.name == "Baltic-run-2"
    ui.key(pygame.K_RETURN)
    path = playing.data_dir / "saves" / "Baltic-run-2.json"
    assert path.is_file()
    assert ui.names == ["PlayScene"]
    # Key repeat is restored; text input stays on, as SDL has it outside the dialog too.
    assert text_input == ["repeat(400, 35)", "start", "repeat(0, 0)"]
    # The player is told the name they typed, and the file it went to.
    assert "Saved “Baltic run/2” as Baltic-run-2.json" in [text for text, _ in playing.toasts]
    loaded = Session.from_save(path, playing.data_override)
    assert loaded.game.state.state_hash() == game.state.state_hash()
    assert loaded.game.issued == [C.HoldDialogue("EST", "FIN")]
    # The load menu and the dialog's list show the save by the name the player typed.
    [info] = list_saves(playing.data_override)
    assert info.label == "Baltic run/2" and info.name == "Baltic-run-2"
    title, line = describe(info)
    assert title == "Baltic run/2" and line.startswith("Test Shores · Normal · turn 1 · ")
    assert [i.label for i in open_dialog(ui).saves] == ["Baltic run/2"]


def test_an_existing_name_is_overwritten_only_on_a_second_enter(playing, ui) -> None:
    play = playing.stack[0]
    open_dialog(ui)
    ui.key(pygame.K_RETURN)
    [path] = (playing.data_dir / "saves").glob("*.json")
    first = path.read_bytes()
    play.session.issue(C.HoldDialogue("EST", "FIN"))
    play.refresh()

    dialog = open_dialog(ui)
    assert [i.name for i in dialog.saves] == [path.stem]  # the list below the field
    assert dialog.exists()
    ui.key(pygame.K_RETURN)
    assert playing.top is dialog and dialog.confirm_for == path.stem
    assert ui.button("Overwrite").enabled
    assert path.read_bytes() == first
    ui.key(pygame.K_RETURN)
    assert ui.names == ["PlayScene"]
    assert path.read_bytes() != first
    assert path.with_suffix(".json.bak").read_bytes() == first
    loaded = Session.from_save(path, playing.data_override)
    assert loaded.game.state.state_hash() == play.session.game.state.state_hash()


def test_editing_the_name_asks_again_and_a_listed_save_can_be_picked(playing, ui) -> None:
    open_dialog(ui)
    type_text(playing, "keep me")
    ui.key(pygame.K_RETURN)
    dialog = open_dialog(ui)
    type_text(playing, "other")
    assert not dialog.exists()
    ui.key(pygame.K_BACKSPACE, mod=pygame.KMOD_CTRL)  # a whole word
    assert dialog.buffer.text == ""
    assert dialog.problem()
    ui.key(pygame.K_RETURN)  # nothing to save under
    assert playing.top is dialog
    from game.ui.widgets import ListView

    listing = next(w for w in dialog.widgets if isinstance(w, ListView))
    ui.click((listing.rect.centerx, listing.rect.y + 10))
    assert dialog.buffer.text == "keep me"  # as it was typed; it saves to the same file
    ui.key(pygame.K_RETURN)
    assert dialog.confirm_for == "keep-me"
    type_text(playing, "2")
    assert dialog.confirm_for == ""  # a different name: the warning starts over
    ui.key(pygame.K_RETURN)
    assert ui.names == ["PlayScene"]
    assert (playing.data_dir / "saves" / "keep-me2.json").is_file()


def test_escape_cancels_without_saving(playing, ui, text_input) -> None:
    open_dialog(ui)
    type_text(playing, "never")
    ui.key(pygame.K_ESCAPE)
    assert ui.names == ["PlayScene"]
    assert text_input[-1] == "repeat(0, 0)" and "stop" not in text_input
    assert list((playing.data_dir / "saves").glob("*.json")) == []
    ui.key(pygame.K_SLASH, "?", pygame.KMOD_SHIFT)  # shortcuts work again
    assert isinstance(playing.top, HelpScene)


def test_pause_menu_save_opens_the_name_dialog(playing, ui) -> None:
    ui.key(pygame.K_ESCAPE)
    ui.press("Save game")
    assert ui.names == ["PlayScene", "SaveDialog"]
    type_text(playing, "from the menu")
    ui.press("Save")
    assert ui.names == ["PlayScene"]
    assert (playing.data_dir / "saves" / "from-the-menu.json").is_file()


def test_a_name_in_any_script_keeps_its_letters_and_device_names_are_refused(playing, ui) -> None:
    """ "Москва" is saved as Москва.json and "Łódź" and "Lodz" are two saves; "CON" (a
    device name on Windows) is refused with the reason, and nothing is written."""
    saves = playing.data_dir / "saves"
    for typed in ("Москва", "Łódź", "Lodz"):
        open_dialog(ui)
        type_text(playing, typed)
        ui.key(pygame.K_RETURN)
        assert ui.names == ["PlayScene"]
    assert sorted(p.name for p in saves.glob("*.json")) == ["Lodz.json", "Łódź.json", "Москва.json"]
    dialog = open_dialog(ui)
    type_text(playing, "CON")
    assert "reserved" in dialog.problem()
    ui.key(pygame.K_RETURN)
    assert playing.top is dialog
    assert len(list(saves.glob("*.json"))) == 3


def test_autosave_names_are_refused(playing, ui) -> None:
    dialog = open_dialog(ui)
    type_text(playing, "Autosave 1")
    assert "autosave" in dialog.problem()
    ui.key(pygame.K_RETURN)
    assert playing.top is dialog
    assert list((playing.data_dir / "saves").glob("*.json")) == []


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Northern Shield Q3 2027", "Northern-Shield-Q3-2027"),
        ("../../etc/passwd", "etc-passwd"),
        ("C:\\saves\\mine", "C-saves-mine"),
        ("Türkiye’s  turn", "Türkiyes-turn"),
        ("Playtest Łódź", "Playtest-Łódź"),
        ("Москва", "Москва"),
        ("東京 2027", "東京-2027"),
        ("  — ", ""),
        ("x" * 300, "x" * SLOT_MAX),
    ],
)
def test_safe_save_name(typed: str, name: str) -> None:
    assert safe_save_name(typed) == name


def test_the_saved_note_names_what_was_typed() -> None:
    assert saved_note("pt one", "pt-one") == "Saved “pt one” as pt-one.json"
    assert saved_note("  After   ten turns ", "After-ten-turns") == (
        "Saved “After ten turns” as After-ten-turns.json"
    )
    assert saved_note("run-3", "run-3") == "Saved as run-3"


def test_the_load_menu_names_autosaves_and_unnamed_saves_plainly() -> None:
    from pathlib import Path

    from game.saves.store import SaveInfo

    auto = SaveInfo(Path("autosave-1.json"), "autosave-1", 0.0, "Northern Shield", "Q3 2027", 2)
    assert describe(auto) == ("Autosave · Northern Shield", "turn 3 · Q3 2027 · saved ")
    cli = SaveInfo(Path("run.json"), "run", 0.0, "Northern Shield", "Q3 2027", 2, "hard")
    assert describe(cli) == ("Northern Shield · Hard", "run · turn 3 · Q3 2027 · saved ")
