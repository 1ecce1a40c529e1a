"""The feed filtered by kind of news (F and Shift+F, or a click), and promises falling due."""

from __future__ import annotations

import pygame

from game.core.outcomes import Outcome
from game.core.promises import make_promise
from game.ui.news import FILTER_IDS
from game.ui.scenes.hud import NewsFeed
from game.ui.scenes.objectives import ObjectivesScene
from game.ui.widgets import Button, Label

NEWS = [
    Outcome("DialogueHeld", "Latvia held a summit with Sweden.", ("LVA", "SWE")),
    Outcome("ElectionHeld", "Sweden: the government was re-elected.", ("SWE",)),
    Outcome("GovernmentChanged", "Estonia: the opposition won the election.", ("EST",)),
    Outcome("AgreementSigned", "Estonia and Latvia signed a trade pact.", ("EST", "LVA")),
    Outcome("ThreatRising", "Eastern pressure is rising again.", ()),
]


def shown(app) -> list[str]:
    play = app.stack[0]
    play.ensure_layout()
    feed = next(w for w in play.widgets if isinstance(w, NewsFeed))
    return [o.fact for _, o in feed.lines]


def filter_button(app) -> Button:
    play = app.stack[0]
    play.ensure_layout()
    return next(w for w in play.widgets if isinstance(w, Button) and w.hotkey == "F")


def test_f_walks_the_filters_and_each_keeps_its_kind(playing, ui) -> None:
    playing.session.game.news = list(NEWS)
    play = playing.stack[0]
    play.relayout()
    # All news: the player's first, Elsewhere folded.
    assert shown(playing) == ["GovernmentChanged", "AgreementSigned", "ThreatRising"]
    assert filter_button(playing).text == "All news (5)"
    seen = {}
    for fid in FILTER_IDS[1:]:
        ui.key(pygame.K_f, "f")
        assert play.news_filter == fid
        seen[fid] = shown(playing)
    assert seen == {
        "home": ["GovernmentChanged", "AgreementSigned", "ThreatRising"],
        "partners": [],
        "elections": ["GovernmentChanged", "ElectionHeld"],
        "agreements": ["AgreementSigned"],
        "promises": [],
        "threats": ["ThreatRising"],
        "elsewhere": ["ElectionHeld", "DialogueHeld"],  # unfolded: the player asked for it
    }
    assert filter_button(playing).text == "Elsewhere (2)"
    ui.key(pygame.K_f, "F", pygame.KMOD_SHIFT)
    assert play.news_filter == "threats"
    ui.click(filter_button(playing).rect.center)
    assert play.news_filter == "elsewhere"
    ui.click(filter_button(playing).rect.center)
    assert play.news_filter == "all"
    assert "Elections 2" in filter_button(playing).tip


def test_a_promise_falling_due_is_news_with_its_progress(playing, ui) -> None:
    """Estonia promised Finland defence +3 due at the end of this turn and has done nothing:
    the feed says so under the player's country, the Promises filter keeps it, and the
    objectives panel lists it with the military strength it needs."""
    game = playing.session.game
    st = game.state
    make_promise(game.ctx(), "EST", "FIN", "defence", 3, 1)
    st.promises[0].deadline = st.turn  # judged at the end of this turn
    military = float(st.military[st.idx("EST")])
    play = playing.stack[0]
    play.relayout()
    assert shown(playing)[0] == "PromiseDue"
    feed = next(w for w in play.widgets if isinstance(w, NewsFeed))
    text = feed.lines[0][1].text
    goal = military + 3
    assert text == (
        f"Your promise to Finland: defence +0 of +3, due this turn "
        f"(military {military:.0f} of {goal:.0f})"
    )
    while play.news_filter != "promises":
        ui.key(pygame.K_f, "f")
    assert shown(playing) == ["PromiseDue"]
    playing.push(ObjectivesScene(playing, playing.session))
    playing.step()
    labels = [w.text for w in playing.top.widgets if isinstance(w, Label)]
    assert any("You → Finland: defence +0 of +3, due this turn" in t for t in labels)


def test_the_nation_panel_shows_a_promise_with_its_progress(playing, drawn_texts) -> None:
    from game.ui.scenes.nation import NationPanel

    game = playing.session.game
    make_promise(game.ctx(), "EST", "FIN", "exercise", 0, 3)
    play = playing.stack[0]
    playing.apply(play.select("FIN"))
    playing.step()
    panel = playing.top
    assert isinstance(panel, NationPanel) and panel.tab == "Overview"
    line = "You → Finland: joint exercise not yet held, 3 turns left"
    assert any(t.startswith(line) for t in drawn_texts(playing, top_only=True))


def test_a_new_turn_shows_all_its_news_whatever_the_filter_was(playing, ui) -> None:
    play = playing.stack[0]
    while play.news_filter != "elections":
        ui.key(pygame.K_f, "f")
    ui.key(pygame.K_RETURN)  # end the turn
    assert play.news_filter == "all"
