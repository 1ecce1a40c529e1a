"""News that matters first: the player's own country, then partners, then elsewhere (folded);
a banner for the biggest; Continue brings the feed back; leaving unsaved asks first."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.core import ai
from game.core import commands as C
from game.core.outcomes import Outcome
from game.core.why import why_of
from game.saves.checkpoints import replay_last_turn
from game.saves.format import load_game
from game.ui.news import ELSEWHERE, HOME, PARTNERS, banner, rank, tone_of
from game.ui.scenes.hud import NewsBanner, NewsFeed
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.nation import project_lines
from game.ui.scenes.overlays import LeaveScene
from game.ui.session import Session, level_from_sources, open_level


def feed(app) -> NewsFeed:
    play = app.stack[0]
    play.ensure_layout()
    return next(w for w in play.widgets if isinstance(w, NewsFeed))


def test_the_players_news_comes_first_and_ai_chatter_is_elsewhere(playing) -> None:
    st = playing.session.game.state
    news = [
        Outcome("DialogueHeld", "Latvia held a summit with Sweden.", ("LVA", "SWE")),
        Outcome("ElectionHeld", "Sweden: the government was re-elected.", ("SWE",)),
        Outcome("GovernmentChanged", "Estonia: the opposition won the election.", ("EST",)),
        Outcome("ThreatRising", "Eastern pressure is rising again.", ()),
    ]
    ranked = rank(news, st, "EST")
    # Sweden is in a forum with Finland, not with Estonia: its election is elsewhere.
    assert [(it.outcome.fact, it.section) for it in ranked] == [
        ("GovernmentChanged", HOME),
        ("ThreatRising", HOME),
        ("ElectionHeld", ELSEWHERE),
        ("DialogueHeld", ELSEWHERE),
    ]
    st.agreements[0].members = ["FIN", "SWE", "EST"]
    st.agreements_changed()
    assert rank(news, st, "EST")[2].section == PARTNERS
    assert banner(news, st, "EST") is news[2]
    assert banner(news[:2], st, "FIN") is None


def test_elsewhere_is_folded_until_asked_and_the_banner_goes_when_clicked(playing, ui) -> None:
    game = playing.session.game
    game.news = [
        Outcome("DialogueHeld", "Latvia held a summit with Sweden.", ("LVA", "SWE")),
        Outcome("AgreementLeft", "Finland left the forum with Estonia.", ("FIN", "EST")),
    ]
    play = playing.stack[0]
    play.relayout()
    f = feed(playing)
    assert [o.fact for _, o in f.lines] == ["AgreementLeft"]
    head = next(r for r, title, folds in f.heads if folds)
    ui.click(head.center)
    assert [o.fact for _, o in feed(playing).lines] == ["AgreementLeft", "DialogueHeld"]
    play.ensure_layout()
    big = next(w for w in play.widgets if isinstance(w, NewsBanner))
    assert big.outcome.fact == "AgreementLeft"
    ui.click(big.rect.center)
    play.ensure_layout()
    assert not any(isinstance(w, NewsBanner) for w in play.widgets)


def test_continue_brings_back_the_last_turns_news(playing, ui) -> None:
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)
    while ui.names[-1] in ("EventDialog", "OfferDialog"):
        ui.key(pygame.K_ESCAPE)
    game = playing.session.game
    news = [(o.text, why_of(o) is not None) for o in game.news]
    assert any(has_why for _, has_why in news)
    reasons = [game.explain(o) for o in game.news]
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    assert ui.names == ["MenuScene"]
    ui.press("Continue")
    assert ui.names[0] == "PlayScene"
    # The same lines in the same order, each AI act still opening into the same reason.
    game = playing.session.game
    assert [(o.text, why_of(o) is not None) for o in game.news] == news
    assert [game.explain(o) for o in game.news] == reasons


def test_leaving_with_unsaved_actions_asks_first(playing, ui) -> None:
    session = playing.session
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    assert ui.names == ["MenuScene"]  # nothing to lose: no question
    playing.apply(playing.start(session))
    playing.step()
    assert session.issue(C.HoldDialogue("EST", "FIN")).ok
    assert session.unsaved() == 1
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    assert isinstance(playing.top, LeaveScene)
    ui.press("Stay")
    assert ui.names == ["PlayScene"]
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    ui.press("Save first")
    assert ui.names[-1] == "SaveDialog"
    ui.key(pygame.K_RETURN)
    assert session.unsaved() == 0
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    assert isinstance(playing.top, MenuScene)


def test_only_commands_issued_since_the_save_count_as_unsaved(playing) -> None:
    """Two dialogues saved: undoing one loses nothing (loading the save brings it back);
    a new dialogue after the undo is one action in no save, and so is a replaced one."""
    session = playing.session
    assert session.issue(C.HoldDialogue("EST", "FIN")).ok
    assert session.issue(C.HoldDialogue("EST", "LVA")).ok
    session.mark_saved()
    session.undo()
    assert session.unsaved() == 0
    assert session.issue(C.HoldDialogue("EST", "SWE")).ok
    assert session.unsaved() == 1
    session.undo()
    session.undo()
    assert session.unsaved() == 0
    assert session.issue(C.HoldDialogue("EST", "LVA")).ok
    assert session.unsaved() == 1


def test_projects_list_turns_left_and_upkeep(playing) -> None:
    session = playing.session
    session.game.state.agreements[0].members = ["FIN", "SWE", "EST"]
    session.game.state.agreements_changed()
    assert session.issue(C.StartTraining("EST", "FIN")).ok
    session.game.issue(C.EndTurn("EST"))
    lines = project_lines(session, "FIN")
    assert lines == ["Training programme with Finland: 3 turns left, you pay 1 a turn"]
    assert project_lines(session, "EST") == lines
    assert project_lines(session, "SWE") == []


def test_closing_the_window_with_unsaved_actions_asks_once(playing, ui) -> None:
    assert playing.session.issue(C.HoldDialogue("EST", "FIN")).ok
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert playing.step() and isinstance(playing.top, LeaveScene)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert not playing.step()


def test_a_long_feed_draws_whole_lines_and_counts_the_rest(playing, text_problems, drawn_texts):
    game = playing.session.game
    game.news = [
        Outcome(
            "DialogueHeld",
            f"Finland held summit {k} with Estonia on the sea lanes.",
            ("FIN", "EST"),
        )
        for k in range(24)
    ]
    play = playing.stack[0]
    play.relayout()
    f = feed(playing)
    f.scrolls = False  # a line cut by the panel's edge now counts as clipped text
    assert [p for p in text_problems(playing) if "NewsFeed" in p] == []
    above, below = f.hidden()
    assert above == 0 and 0 < below < len(f.lines)
    assert f"▼ {below} more — scroll down" in drawn_texts(playing)
    for _ in range(40):
        pygame.event.post(
            pygame.event.Event(pygame.MOUSEMOTION, pos=f.rect.center, rel=(0, 0), buttons=(0, 0, 0))
        )
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        playing.step()
    assert feed(playing) is f
    above, below = f.hidden()
    assert below == 0 and above > 0 and f.scroll >= f.max_scroll
    # Scrolled to a line's top: the first line shown starts at the top, no gap above it.
    shown = [r.y - f.scroll for r, _ in f.lines if r.y - f.scroll >= f.view.y]
    assert min(shown) == f.view.y
    assert [p for p in text_problems(playing) if "NewsFeed" in p] == []
    assert f"▲ {above} more — scroll up" in drawn_texts(playing)


def test_the_banner_stays_clear_of_the_nation_panel(playing) -> None:
    game = playing.session.game
    game.news = [Outcome("AgreementLeft", "Finland left the forum with Estonia.", ("FIN", "EST"))]
    play = playing.stack[0]
    for nid in ("FIN", "RUS", "SWE"):
        playing.apply(play.select(nid))
        playing.step()
        play.ensure_layout()
        big = next(w for w in play.widgets if isinstance(w, NewsBanner))
        assert not big.rect.colliderect(play.panel.panel), (nid, play.panel.side)
        assert big.rect.w > 0
    playing.apply(play.select(None))
    playing.step()
    play.ensure_layout()
    big = next(w for w in play.widgets if isinstance(w, NewsBanner))
    assert big.rect.centerx > play.rect.w // 2  # the whole map's width again, beside the feed


def test_a_save_past_a_checkpoint_brings_back_the_news_as_played(tmp_path) -> None:
    path = Path(__file__).parents[2] / "levels" / "northern_shield.yaml"
    s = Session.new(open_level(path), 3, path, data_dir=tmp_path)
    for _ in range(12):
        for cmd in ai.answer_for(s.game.ctx(), s.player):
            s.issue(cmd)
        assert s.issue(C.EndTurn(s.player)).ok
    assert not s.game.over
    played = [(o.text, why_of(o)) for o in s.game.news]
    reasons = [s.game.explain(o) for o in s.game.news]
    saved = s.save_as("twelve turns")

    loaded = Session.from_save(saved, tmp_path).game
    assert [(o.text, why_of(o)) for o in loaded.news] == played
    assert [loaded.explain(o) for o in loaded.news] == reasons
    # Only turns 10 and 11 were played again, from the save's checkpoint of turn 10.
    again = load_game(saved, lambda sources, main: level_from_sources(sources, main).level)
    assert replay_last_turn(again) == 2


def test_an_autosave_brings_back_the_news_by_replaying_only_its_last_turn(tmp_path) -> None:
    """An autosave's journal holds the start of the turn before the last: the last turn is
    played again from it (one turn, not the seven since the checkpoint of turn 10). A start
    that is not on the game's record is not used."""
    from game.saves import checkpoints

    path = Path(__file__).parents[2] / "levels" / "northern_shield.yaml"
    s = Session.new(open_level(path), 3, path, data_dir=tmp_path)
    for _ in range(17):
        for cmd in ai.answer_for(s.game.ctx(), s.player):
            s.issue(cmd)
        assert s.end_turn().ok  # autosaves, appending from turn 2
    assert not s.game.over
    played = [(o.text, why_of(o)) for o in s.game.news]
    saved = s.last_saved
    assert saved is not None

    loaded = Session.from_save(saved, tmp_path).game
    assert [(o.text, why_of(o)) for o in loaded.news] == played

    def rebuild(sources, main):
        return level_from_sources(sources, main).level

    again = load_game(saved, rebuild)
    assert replay_last_turn(again) == 1
    again = load_game(saved, rebuild)
    earlier = checkpoints._logs[again].earlier
    assert earlier is not None and earlier["turn"] == 16
    checkpoints._logs[again].earlier = {**earlier, "turn": 15}
    assert replay_last_turn(again) == 7


def test_the_first_turns_feed_is_the_scenarios_briefing(playing, drawn_texts) -> None:
    s = playing.session
    f = feed(playing)
    assert f.empty.startswith(s.level.description)
    assert f.empty.endswith("Click a nation to act; Enter ends the turn.")
    # It is drawn whole: the panel grows to hold it.
    assert f.rect.h >= f.content_h + playing.theme.px(40)
    said = " ".join(drawn_texts(playing))
    assert s.level.description.split()[0] in said
    for cmd in ai.answer_for(s.game.ctx(), s.player):
        s.issue(cmd)
    s.issue(C.EndTurn(s.player))
    while len(playing.stack) > 1:
        playing.stack.pop()
    playing.stack[0].relayout()
    assert not feed(playing).empty.startswith(s.level.description)


def test_the_end_of_a_game_is_good_news_only_for_a_victory() -> None:
    """The same fact ends every game: a victory is told as good news, a defeat as bad, a
    game that ran out of turns as neither."""

    def ended(result: str) -> Outcome:
        return Outcome("GameEnded", "…", ("EST",), {"result": result})

    assert [tone_of(ended(r)) for r in ("victory", "defeat", "ended")] == [1, -1, 0]
