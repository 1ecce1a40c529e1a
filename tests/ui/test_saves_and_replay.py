"""Autosave, continue, load and the replay viewer, driven from the menus."""

from __future__ import annotations

import json
from pathlib import Path

import pygame

from game.core import commands as C
from game.saves.container import base_text
from game.saves.format import checksum_of
from game.ui.replay import ReplayScene, command_text
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.saves_menu import LoadProblemScene, LoadScene
from game.ui.session import Session


def play_turns(app, ui, n: int) -> None:
    for _ in range(n):
        ui.key(pygame.K_RETURN)
        ui.key(pygame.K_RETURN)
        # Answer events with their first option and decline any proposal from the AI.
        while ui.names[-1] in ("EventDialog", "OfferDialog"):
            answer = pygame.K_1 if ui.names[-1] == "EventDialog" else pygame.K_2
            ui.key(answer, chr(answer))


def test_continue_restores_the_autosaved_game(playing, ui) -> None:
    play_turns(playing, ui, 2)
    # The autosave is written as the turn ends, before this turn's event was answered.
    expected = playing.session.game.turn_start.state_hash()
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    ui.press("Main menu anyway")  # the answer to this turn's event is in no save
    ui.press("Continue")
    assert ui.names[0] == "PlayScene"  # with the waiting event's dialog open again
    assert playing.session.game.state.state_hash() == expected
    assert playing.session.game.state.turn == 2


def test_a_notice_shows_while_a_save_loads_and_goes_with_the_next_frame(
    playing, ui, monkeypatch
) -> None:
    play_turns(playing, ui, 1)
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    if ui.names[-1] == "LeaveScene":
        ui.press("Main menu anyway")
    seen: list[list[str]] = []
    load = Session.from_save

    def watched(*args, **kwargs):
        seen.append([text for text, _ in playing.toasts])
        return load(*args, **kwargs)

    monkeypatch.setattr(Session, "from_save", watched)
    frames = playing.frames
    ui.press("Continue")
    assert len(seen) == 1 and seen[0][-1] == "Loading autosave-1…" and playing.frames > frames
    assert ui.names[0] == "PlayScene"
    playing.step()
    assert "Loading autosave-1…" not in [text for text, _ in playing.toasts]


def test_load_menu_names_damaged_saves(playing, ui) -> None:
    play_turns(playing, ui, 1)
    folder = playing.data_dir / "saves"
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    playing.apply(playing.start(playing.session))
    playing.push(LoadScene(playing, "load"))
    playing.step()
    scene = playing.top
    damaged = [i for i in scene.saves if not i.ok]
    assert [i.name for i in damaged] == ["broken"]
    k = scene.saves.index(damaged[0])
    scene.choose(k)
    assert not ui.button("Load").enabled
    scene.choose(next(i for i, s in enumerate(scene.saves) if s.ok))
    ui.press("Load")
    assert ui.names[0] == "PlayScene"


def test_replay_steps_and_takes_over(playing, ui) -> None:
    play_turns(playing, ui, 3)
    hashes = [r.state_hash for r in playing.session.game.records]
    path = playing.session.last_saved
    playing.apply(playing.start(playing.session))
    playing.stack.insert(0, MenuScene(playing))
    playing.push(ReplayScene(playing, path))
    playing.step()
    replay = playing.top
    assert replay.turn == 0 and replay.last == 3
    ui.key(pygame.K_RIGHT)
    ui.key(pygame.K_RIGHT)
    assert replay.turn == 2
    assert replay.game.records[-1].state_hash == hashes[1]
    ui.press("End")
    assert replay.turn == 3
    ui.key(pygame.K_LEFT)
    ui.press("Take over from this turn")
    assert ui.names[0] == "PlayScene"
    assert playing.session.game.state.turn == 2
    assert playing.session.game.records[-1].state_hash == hashes[1]


def test_replay_plays_by_itself(playing, ui) -> None:
    play_turns(playing, ui, 2)
    path = playing.session.last_saved
    playing.push(ReplayScene(playing, path))
    playing.step()
    replay = playing.top
    ui.key(pygame.K_SPACE)
    assert replay.playing and replay.animating
    replay.update(10.0)
    assert replay.turn == 1


def test_command_text_names_nations() -> None:
    names = {"EST": "Estonia", "FIN": "Finland"}
    d = {"type": "ProposeAgreement", "actor": "EST", "target": "FIN", "kind": "defence_pact"}
    assert command_text(d, names) == "Estonia: Propose an agreement (defence pact) → Finland"


def test_take_over_saves_a_new_game_of_its_own(playing, ui) -> None:
    play_turns(playing, ui, 3)
    source = playing.session.last_saved
    before = source.read_bytes()
    playing.apply(playing.start(playing.session))
    playing.push(ReplayScene(playing, source))
    playing.step()
    replay = playing.top
    replay.seek(2)
    expected = replay.game.state.state_hash()
    date = replay.game.date()
    ui.press("Take over from this turn")
    assert ui.names[0] == "PlayScene"  # with this turn's event waiting, as it was
    name = f"Test-Shores-taken-over-at-{date.replace(' ', '-')}"
    path = playing.data_dir / "saves" / f"{name}.json"
    assert path.is_file()
    assert playing.session.last_saved == path
    assert any(name in text for text, _ in playing.toasts)
    assert source.read_bytes() == before  # the replayed save is left as it was
    taken = Session.from_save(path, playing.data_override)
    assert taken.game.state.turn == 2
    assert taken.game.state.state_hash() == expected
    # Taking over at the same turn again keeps the first game: a second name is found.
    playing.push(ReplayScene(playing, source))
    playing.step()
    playing.top.seek(2)
    ui.key(pygame.K_t, "t")
    assert (playing.data_dir / "saves" / f"{name}-2.json").is_file()


# -- saves that do not load ---------------------------------------------------------------


def rewrite(path: Path, out: Path, change) -> Path:
    """A copy of a save changed by `change(data)`, with its checksum made to match again."""
    data = json.loads(base_text(path.read_bytes()))
    change(data)
    data["checksum"] = checksum_of(data)
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def open_load_menu(app, name: str) -> LoadScene:
    app.push(LoadScene(app, "load"))
    app.step()
    scene = app.top
    scene.choose(next(k for k, i in enumerate(scene.saves) if i.name == name))
    app.step()
    return scene


def test_a_save_of_a_changed_level_loads_as_a_position_only(playing, ui) -> None:
    play = playing.stack[0]
    play.session.issue(C.HoldDialogue("EST", "FIN"))
    expected = play.session.game.state.state_hash()
    good = play.session.save_as("good")

    def edit_level(data) -> None:
        level = data["level"]
        main = level["main"]
        level["sources"][main] = level["sources"][main].replace("budget: 12", "budget: 13")

    rewrite(good, good.with_name("changed.json"), edit_level)
    load = open_load_menu(playing, "changed")
    ui.press("Load")
    dialog = playing.top
    assert isinstance(dialog, LoadProblemScene) and dialog.error.wrong_level
    assert "wrong level" in dialog.text
    ui.press("Cancel")
    assert playing.top is load
    ui.press("Load")
    ui.press("Load the position only")
    assert ui.names == ["PlayScene"]
    assert playing.session.game.state.state_hash() == expected
    assert playing.session.game.issued == [C.HoldDialogue("EST", "FIN")]
    assert any("position only" in text for text, _ in playing.toasts)


def test_a_damaged_save_offers_its_backup(playing, ui) -> None:
    play = playing.stack[0]
    path = play.session.save_as("twice")
    expected = play.session.game.state.state_hash()
    play.session.issue(C.HoldDialogue("EST", "FIN"))
    play.session.save_as("twice")  # the first save is now twice.json.bak
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    open_load_menu(playing, "twice")
    assert ui.button("Load").enabled  # damaged, but its backup can be loaded
    ui.key(pygame.K_RETURN)
    dialog = playing.top
    assert isinstance(dialog, LoadProblemScene) and not dialog.error.wrong_level
    assert "truncated" in dialog.text
    assert dialog.error.backup == path.with_suffix(".json.bak")
    ui.press("Load the backup")
    assert ui.names == ["PlayScene"]
    assert playing.session.game.state.state_hash() == expected
    assert playing.session.last_saved == path.with_suffix(".json.bak")


def test_a_damaged_save_without_backup_only_says_why(playing, ui) -> None:
    good = playing.stack[0].session.save_as("good")

    def other_player(data) -> None:
        data["player"] = "FIN"

    rewrite(good, good.with_name("odd.json"), other_player)
    load = open_load_menu(playing, "odd")
    ui.press("Load")
    dialog = playing.top
    assert isinstance(dialog, LoadProblemScene)
    assert "not the level's player" in dialog.text
    buttons = [w.text for w in dialog.widgets if hasattr(w, "action")]
    assert buttons == ["OK"]
    ui.key(pygame.K_RETURN)
    assert playing.top is load
