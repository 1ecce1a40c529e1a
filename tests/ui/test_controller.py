"""Screens over the map reach the game through the narrow controller, never the play screen."""

from __future__ import annotations

import ast
from pathlib import Path

import pygame

from game.core import commands as C
from game.ui.controller import Controller
from game.ui.scenes.event import EventDialog
from game.ui.scenes.proposal import ProposalScene

UI = Path(__file__).parents[2] / "game" / "ui"


def imported_modules(path: Path, top_level: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_only_the_window_opens_the_play_screen() -> None:
    users = sorted(
        p.relative_to(UI).as_posix()
        for p in UI.rglob("*.py")
        if "game.ui.scenes.play" in imported_modules(p, top_level=False)
    )
    assert users == ["app.py"]


def test_play_screen_imports_everything_at_module_level() -> None:
    path = UI / "scenes" / "play.py"
    everywhere = imported_modules(path, top_level=False)
    at_top = imported_modules(path, top_level=True)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {
        n.module
        for node in tree.body
        if isinstance(node, ast.If)
        for n in ast.walk(node)
        if isinstance(n, ast.ImportFrom) and n.module
    }
    assert everywhere - at_top - checking == set()


def test_scenes_over_the_map_hold_only_a_controller(playing, ui) -> None:
    """Each overlay keeps the controller it was given, and what it does goes through it."""
    play = playing.stack[0]
    calls: list[str] = []

    class Recording:
        """A controller that writes down what is asked of it and hands it to the play screen."""

        def __getattr__(self, name: str) -> object:
            calls.append(name)
            return getattr(play, name)

    ctl: Controller = Recording()  # type: ignore[assignment]
    panel = play.panel
    panel.ctl = ctl
    playing.apply(play.select("FIN"))
    panel.set_tab("Actions")
    playing.step()
    ui.press("Hold a dialogue / summit")
    assert play.session.game.issued == [C.HoldDialogue("EST", "FIN")]
    assert "issue" in calls
    ui.key(pygame.K_ESCAPE)
    assert "select" in calls and playing.top is play
    proposal = ProposalScene(playing, ctl, "FIN")
    assert proposal.ctl is ctl
    for scene in (panel, proposal):
        assert not any(v is play for v in vars(scene).values())
    assert "play" not in vars(EventDialog)
