"""A scripted game played through real pygame events ends in the same state as the rules alone."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.content.loader import load_level_file
from game.core import commands as C
from game.core.game import Game
from game.ui.scenes.menu import MenuScene

FINLAND_CAPITAL = (24.94, 60.17)


EVENT_ANSWERS = (0, 1)  # the summit invitation: accept; the protests: proceed regardless


def direct_game(levels_dir: Path) -> Game:
    """The same decisions issued straight to the rules, without the window."""
    loaded = load_level_file(levels_dir / "test_shores.yaml").loaded
    assert loaded is not None
    g = Game(loaded.level)
    me = g.player
    assert g.issue(C.ProposeAgreement(me, "FIN", "dialogue_forum", (("concession", 1),))).ok
    assert g.issue(C.EndTurn(me)).ok
    for answer in EVENT_ANSWERS:
        (event,) = g.state.pending
        assert g.issue(C.ChooseOption(me, event.key, answer)).ok
        for offer in [o for o in g.state.offers if o.responder == me]:
            assert g.issue(C.AnswerProposal(me, offer.key, False)).ok
        assert g.issue(C.EndTurn(me)).ok
    return g


def test_scripted_game_matches_the_rules(app, ui, levels_dir) -> None:
    """From the menu: start the level, open Finland, propose a dialogue forum with a trade
    concession, answer both events (and decline the AI's proposals), and end three turns;
    the hash equals the direct game's."""
    app.push(MenuScene(app))
    app.step()
    ui.press("New game")
    assert ui.names == ["MenuScene", "LevelPickerScene"]
    ui.press("Start")
    assert ui.names == ["PlayScene"]
    play = app.stack[0]
    play.session.autosave_enabled = True

    ui.click(play.map.world_to_screen(*FINLAND_CAPITAL))
    assert ui.names == ["PlayScene", "NationPanel"]
    assert app.top.nid == "FIN"

    ui.key(pygame.K_p, "p")
    assert ui.names[-1] == "ProposalScene"
    ui.press("Dialogue forum")
    ui.press("Trade concession")
    proposal = app.top
    assert proposal.command == C.ProposeAgreement(
        "EST", "FIN", "dialogue_forum", (("concession", 1),)
    )
    ledger = play.session.game.verdict("FIN", "dialogue_forum", proposal.terms)
    assert ledger.accepted
    ui.press("Send proposal")
    assert ui.names == ["PlayScene", "NationPanel"]
    assert play.session.game.state.has_agreement("EST", "FIN", "dialogue_forum")

    offers_seen = 0
    for answer in EVENT_ANSWERS:
        ui.key(pygame.K_RETURN)
        assert ui.names[-1] == "TurnSummaryScene"
        ui.key(pygame.K_RETURN)
        assert ui.names[-1] == "EventDialog"
        ui.key(pygame.K_1 + answer, str(answer + 1))
        # Proposals the AI nations made come next; decline each with its key.
        while ui.names[-1] == "OfferDialog":
            offers_seen += 1
            ui.key(pygame.K_2, "2")
        assert ui.names[-1] == "NationPanel"
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)

    ui_game = play.session.game
    assert offers_seen > 0
    expected = direct_game(levels_dir)
    assert ui_game.state.turn == 3
    assert [r.commands for r in ui_game.records] == [r.commands for r in expected.records]
    assert ui_game.state.state_hash() == expected.state.state_hash()
    assert play.session.last_saved is not None and play.session.last_saved.is_file()
