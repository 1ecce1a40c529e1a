"""Autosave, continue, load and the replay viewer, driven from the menus."""

from __future__ import annotations

import pygame

from game.ui.replay import ReplayScene, command_text
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.saves_menu import LoadScene


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
    ui.press("Continue")
    assert ui.names[0] == "PlayScene"  # with the waiting event's dialog open again
    assert playing.session.game.state.state_hash() == expected
    assert playing.session.game.state.turn == 2


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
    ui.press("Take over here")
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
    assert command_text(d, names) == "Estonia: Propose agreement (defence pact) → Finland"
