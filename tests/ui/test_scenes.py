"""Every scene draws a frame, takes a click and a key, and changes what it should."""

from __future__ import annotations

import json
from pathlib import Path

import pygame

from game.content.loader import load_level_file
from game.core import commands as C
from game.core.actions.home import InvestDefence
from game.core.difficulty import DIFFICULTIES
from game.core.state import PendingOffer
from game.core.why import why_of
from game.ui.scenes.end import EndScene
from game.ui.scenes.event import EventDialog, OfferDialog, offer_title
from game.ui.scenes.menu import CHALLENGE, PROBLEMS_SHOWN, LevelPickerScene, MenuScene
from game.ui.scenes.overlays import ChartsScene, HelpScene, MessageScene, PauseScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.save_dialog import SaveDialog
from game.ui.scenes.settings_scene import SettingsScene

FIN = (24.94, 60.17)


def frame_changed(app, before: bytes) -> bool:
    return pygame.image.tobytes(app.screen, "RGB") != before


def snapshot(app) -> bytes:
    app.draw()
    return pygame.image.tobytes(app.screen, "RGB")


def test_menu_keys_and_clicks(app, ui) -> None:
    app.push(MenuScene(app))
    app.step()
    assert ui.button("Continue").enabled is False  # no autosave yet
    ui.key(pygame.K_n, "n")
    assert ui.names == ["MenuScene", "LevelPickerScene"]
    ui.key(pygame.K_ESCAPE)
    ui.press("Settings")
    assert ui.names == ["MenuScene", "SettingsScene"]


def test_level_picker_lists_levels_with_their_facts(app, ui, levels_dir) -> None:
    (levels_dir / "broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    app.push(LevelPickerScene(app))
    app.step()
    picker = app.top
    titles = [e.title for e in picker.entries]
    assert titles == ["Test Shores", "broken"]
    assert picker.entries[0].summary == "Tutorial · 5 nations · 8 turns"
    # A level's own rating never reads like the Easy / Normal / Hard the game starts at.
    labels = {d.label for d in DIFFICULTIES.values()}
    assert not {rating.split()[0] for rating in CHALLENGE.values()} & labels
    before = snapshot(app)
    ui.key(pygame.K_DOWN)
    assert picker.index == 1
    assert not ui.button("Start").enabled
    assert "broken.yaml" in ui.button("Start").tip
    assert frame_changed(app, before)
    ui.key(pygame.K_ESCAPE)
    assert app.top is None


def test_level_picker_lists_the_players_own_levels_marked(app, ui, levels_dir) -> None:
    """A level in `levels/` of the data folder is listed after the shipped ones, marked."""
    mine = app.user_levels_dir
    mine.mkdir(parents=True)
    text = (levels_dir / "test_shores.yaml").read_text(encoding="utf-8")
    text = text.replace("title: Test Shores", "title: My Shores", 1)
    assert "My Shores" in text
    (mine / "my_shores.yaml").write_text(text, encoding="utf-8")
    app.push(LevelPickerScene(app))
    app.step()
    picker = app.top
    assert [(e.title, e.mine) for e in picker.entries] == [
        ("Test Shores", False),
        ("My Shores", True),
    ]
    assert picker.entries[1].summary.startswith("Your level · ")
    assert not picker.entries[0].summary.startswith("Your level")
    before = snapshot(app)
    ui.key(pygame.K_DOWN)
    assert frame_changed(app, before)
    ui.key(pygame.K_RETURN)
    assert app.session is not None and app.session.game.level.title == "My Shores"


def test_play_screen_modes_undo_and_keys(playing, ui) -> None:
    play = playing.stack[0]
    before = snapshot(playing)
    ui.key(pygame.K_2, "2")
    assert play.mode == "interop"
    assert frame_changed(playing, before)
    ui.press("Blocs")
    assert play.mode == "blocs"
    assert playing.settings.map_mode == "blocs"
    zoom = play.map.zoom
    ui.key(pygame.K_EQUALS, "=")
    assert play.map.zoom > zoom
    play.map.zoom = 3.0  # close enough that the map can move sideways
    centre = play.map.center
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode=""))
    playing.step()
    assert play.map.center[0] > centre[0]  # held arrow keys pan every frame
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_RIGHT, mod=0, unicode=""))
    playing.step()
    assert not play.view.held
    play.session.issue(C.HoldDialogue("EST", "FIN"))
    play.refresh()
    ui.key(pygame.K_z, "z", pygame.KMOD_CTRL)
    assert play.session.game.issued == []
    ui.key(pygame.K_c, "c")
    assert isinstance(playing.top, ChartsScene)
    ui.key(pygame.K_ESCAPE)
    ui.key(pygame.K_ESCAPE)
    assert isinstance(playing.top, PauseScene)


def test_nation_panel_tabs_and_actions(playing, ui) -> None:
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*FIN))
    panel = playing.top
    ui.press("Politics")
    assert panel.tab == "Politics"
    ui.key(pygame.K_TAB)
    assert panel.tab == "Actions"
    exercise = ui.button("Joint exercise — small")
    assert not exercise.enabled and "agreement" in exercise.tip
    capital = int(play.session.game.state.capital[0])
    ui.press("Hold a dialogue / summit")
    assert play.session.game.issued == [C.HoldDialogue("EST", "FIN")]
    assert int(play.session.game.state.capital[0]) == capital - 1
    assert not ui.button("Hold a dialogue / summit").enabled  # once a turn
    ui.key(pygame.K_ESCAPE)
    assert ui.names == ["PlayScene"] and play.selected is None


def test_the_nation_panel_says_when_the_nation_next_sends_proposals(
    playing, ui, drawn_texts
) -> None:
    """AI nations propose in rounds (`ai_proposal_interval`, 3 here): the foot of a nation's
    Overview says when its next round comes, and an AI phase later it is a turn nearer."""
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*FIN))
    panel = playing.top
    g = play.session.game
    wait = -g.state.idx("FIN") % 3  # turn 0: FIN's first round
    when = {0: "at the end of this turn", 1: "in 1 turn", 2: "in 2 turns"}
    for _ in range(40):
        panel.scroll(1)
    said = " ".join(drawn_texts(playing, top_only=True))
    assert f"Sends proposals once every 3 turns: next {when[wait]}" in said
    g.end_turn()
    panel.relayout()
    said = " ".join(drawn_texts(playing, top_only=True))
    assert f"Sends proposals once every 3 turns: next {when[(wait - 1) % 3]}" in said


def test_the_politics_tab_says_when_no_election_falls_within_the_level(
    playing, ui, drawn_texts
) -> None:
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*FIN))
    ui.press("Politics")
    st, level = play.session.game.state, play.session.level
    texts = drawn_texts(playing)
    assert any(t.startswith("Next election: ") for t in texts)
    # The last turn's domestic phase is turn `turns - 1`: an election due at `turns` is
    # never held.
    st.next_election[st.idx("FIN")] = level.turns
    playing.top.relayout()
    texts = drawn_texts(playing)
    assert not any(t.startswith(("Next election", "Polls", "At risk")) for t in texts)
    assert "No election before the game ends" in texts
    st.next_election[st.idx("FIN")] = level.turns - 1
    playing.top.relayout()
    assert any(t.startswith("Next election: ") for t in drawn_texts(playing))


def test_nation_panel_keeps_its_tab_within_one_game_only(playing, ui) -> None:
    """The tab is the play screen's panel state: kept from nation to nation, not across games."""
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*FIN))
    ui.press("Politics")
    ui.key(pygame.K_ESCAPE)
    ui.click(play.map.world_to_screen(*FIN))
    assert playing.top.tab == "Politics"
    fresh = PlayScene(playing, play.session)
    assert fresh.panel.tab == "Overview" and fresh.panel is not play.panel


def test_news_line_selects_its_nation(playing, ui) -> None:
    play = playing.stack[0]
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)
    while ui.names[-1] in ("EventDialog", "OfferDialog"):
        ui.key(pygame.K_1, "1")
    from game.ui.scenes.hud import NewsFeed

    feed = next(w for w in play.widgets if isinstance(w, NewsFeed))
    # A line about an AI's act opens into its reason instead: take the first that does not.
    rect, outcome = next((r, o) for r, o in feed.lines if why_of(o) is None)
    ui.click(rect.center)
    assert play.selected == feed.target_of(outcome) is not None


def test_event_dialog_previews_and_keys(playing, ui) -> None:
    ui.key(pygame.K_RETURN)  # end turn 0: the summit invitation fires
    ui.key(pygame.K_RETURN)  # close the summary
    dialog = playing.top
    assert isinstance(dialog, EventDialog)
    boxes = [w for w in dialog.widgets if type(w).__name__ == "_OptionBox"]
    target = playing.session.name(dialog.pending.target)
    assert [ln.text for ln in boxes[0].lines] == [f"{target}'s trust in you +5", "Your approval +1"]
    assert boxes[2].ok is False and "approval" in boxes[2].tip
    ui.key(pygame.K_3, "3")  # unavailable: nothing happens
    assert playing.top is dialog
    ui.click(boxes[1].rect.center)
    assert dialog not in playing.stack
    assert playing.session.game.issued == [C.ChooseOption("EST", dialog.pending.key, 1)]


def test_event_dialog_can_wait_and_end_turn_asks_for_it(playing, ui) -> None:
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)
    assert isinstance(playing.top, EventDialog)
    ui.key(pygame.K_ESCAPE)
    while ui.names[-1] == "OfferDialog":
        ui.key(pygame.K_ESCAPE)  # proposals can wait too
    assert ui.names == ["PlayScene"]
    turn = playing.session.game.state.turn
    ui.key(pygame.K_RETURN)  # refused: the event is still waiting, so it reopens
    assert playing.session.game.state.turn == turn
    assert isinstance(playing.top, EventDialog)


def test_offer_dialog_accepts(playing, ui) -> None:
    play = playing.stack[0]
    st = play.session.game.state
    st.offers.append(PendingOffer(st.new_key(), "LVA", "EST", "trade_pact", [], st.turn))
    playing.step()
    assert isinstance(playing.top, OfferDialog)
    ui.press("Accept")
    assert st.has_agreement("EST", "LVA", "trade_pact")
    assert ui.names == ["PlayScene"]


def test_proposal_ledger_follows_terms(playing, ui) -> None:
    play = playing.stack[0]
    playing.apply(play.open_proposal("RUS"))
    playing.step()
    scene = playing.top
    ui.press("Dialogue forum")
    low = play.session.game.verdict("RUS", "dialogue_forum", scene.terms).total
    assert not play.session.game.verdict("RUS", "dialogue_forum", scene.terms).accepted
    before = snapshot(playing)
    ui.press("Trade concession")
    assert scene.terms == (("concession", 1),)
    assert play.session.game.verdict("RUS", "dialogue_forum", scene.terms).total > low
    assert frame_changed(playing, before)
    slider = next(w for w in scene.widgets if type(w).__name__ == "Slider")
    ui.click((slider.rect.right - 90, slider.rect.centery))
    assert scene.aid > 0
    ui.key(pygame.K_RETURN)
    # Russia still says no as it stands, and answers with what it would sign for.
    assert ui.names == ["PlayScene", "OfferDialog"]
    assert playing.top.offer.counter
    assert play.session.game.issued[-1] == scene.command
    assert not play.session.game.state.has_agreement("EST", "RUS", "dialogue_forum")


def test_settings_persist_atomically(app, ui) -> None:
    app.push(SettingsScene(app))
    app.step()
    ui.press("125%")
    assert app.settings.ui_scale == 1.25
    assert app.theme.scale == 1.25
    ui.press("Blue–orange colours, safe for all colour vision")
    assert app.settings.colourblind and app.theme.palette_name == "colourblind"
    ui.press("Fast")
    data = json.loads((app.config_dir / "settings.json").read_text())
    assert data["ui_scale"] == 1.25 and data["colourblind"] is True
    assert data["animation_speed"] == 2.0
    assert [p.name for p in app.config_dir.iterdir()] == ["settings.json"]
    ui.key(pygame.K_ESCAPE)
    assert app.top is None


def test_pause_menu_saves_and_leaves(playing, ui) -> None:
    ui.key(pygame.K_s, "s", pygame.KMOD_CTRL)
    assert isinstance(playing.top, SaveDialog)
    ui.key(pygame.K_RETURN)  # the prefilled name: the level's title and the date
    assert len(list((playing.data_dir / "saves").glob("Test-Shores-*.json"))) == 1
    ui.key(pygame.K_ESCAPE)
    assert isinstance(playing.top, PauseScene)
    ui.press("Save game")
    assert ui.names == ["PlayScene", "SaveDialog"]  # in the pause menu's place
    ui.key(pygame.K_RETURN)  # the same name: asks first
    ui.key(pygame.K_RETURN)  # and overwrites
    saves = list((playing.data_dir / "saves").glob("Test-Shores-*.json"))
    assert len(saves) == 1
    assert saves[0].with_suffix(".json.bak").is_file()
    assert ui.names == ["PlayScene"]
    ui.key(pygame.K_ESCAPE)
    ui.press("Main menu")
    assert ui.names == ["MenuScene"]
    assert ui.button("Load game").enabled


def test_help_and_message_close(app, ui) -> None:
    app.push(MenuScene(app))
    ui.key(pygame.K_F1)
    assert isinstance(app.top, HelpScene)
    ui.press("Close")
    ui.key(pygame.K_SLASH, "?", pygame.KMOD_SHIFT)
    assert isinstance(app.top, HelpScene)
    ui.key(pygame.K_ESCAPE)
    app.push(MessageScene(app, "Note", "Something to read."))
    ui.key(pygame.K_RETURN)
    assert ui.names == ["MenuScene"]


def test_end_screen_shows_result_and_buttons(playing, ui) -> None:
    play = playing.stack[0]
    game = play.session.game
    game.state.result, game.state.result_text = "victory", "Test victory."
    playing.apply(play.next_dialog())
    playing.step()
    end = playing.top
    assert isinstance(end, EndScene)
    labels = [w.text for w in end.widgets if hasattr(w, "text")]
    assert "Victory" in labels and "Test victory." in labels
    # How the score is counted, with the victory's share.
    how = next(t for t in labels if t.startswith("The score counts"))
    assert "for the victory, with" in how and "turns to spare" in how
    assert not ui.button("Watch the replay").enabled
    ui.press("New game")
    assert ui.names == ["MenuScene", "LevelPickerScene"]


def test_action_rows_stay_put_when_an_action_is_used(playing, ui) -> None:
    """Using an action adds its "already done" reason without moving any row below it."""
    play = playing.stack[0]
    ui.click(play.map.world_to_screen(*FIN))
    ui.press("Actions")
    panel = playing.top

    def rows() -> dict[str, tuple[int, int, int, int]]:
        panel.ensure_layout()
        return {w.text: tuple(w.rect) for w in panel.widgets if getattr(w, "detail", "")}

    before = rows()
    ui.press("Hold a dialogue / summit")
    assert not ui.button("Hold a dialogue / summit").enabled
    assert rows() == before


def test_tooltips_never_outlive_their_hover(playing, ui) -> None:
    """A key, a click or a modal clears the tooltip; moving the pointer brings back the new one."""
    play = playing.stack[0]
    fin = play.map.world_to_screen(*FIN)
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=fin, rel=(0, 0), buttons=(0, 0, 0))
    )
    playing.step()
    assert "Finland" in playing.tooltip
    ui.key(pygame.K_2, "2")  # another map mode: the old tooltip's numbers are stale
    assert playing.tooltip == ""
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=fin, rel=(0, 0), buttons=(0, 0, 0))
    )
    playing.step()
    assert playing.tooltip
    ui.key(pygame.K_F1)
    assert isinstance(playing.top, HelpScene) and playing.tooltip == ""


def test_an_event_says_how_many_wait_and_what_they_need(playing, ui) -> None:
    """Two events at once: the first names the second and its option's requirement."""
    from game.core.state import PendingEvent

    play = playing.stack[0]
    st = play.session.game.state
    st.pending = [
        PendingEvent(101, "home_protests", "EST", None, 0),
        PendingEvent(102, "summit_invite", "EST", "FIN", 0),
    ]
    playing.apply(play.next_dialog())
    playing.step()
    queue = next(w for w in playing.top.widgets if getattr(w, "text", "") == "1 more event waiting")
    approval = float(st.approval[st.idx("EST")])
    assert queue.tip == (
        f"“A summit invitation” — its options need your approval > 80 (you have {approval:g})"
    )


def test_proposal_terms_say_what_they_cost(playing, ui) -> None:
    """A trade concession names its approval cost before it is offered."""
    play = playing.stack[0]
    playing.apply(play.open_proposal("FIN"))
    playing.step()
    concession = ui.button("Trade concession")
    cost = play.session.level.rules.concession_approval_cost
    assert concession.tip == f"You open your market to them when they sign: your approval −{cost:g}"
    exercise = ui.button("Joint exercise within 4 turns")
    assert exercise.tip == "You promise a joint exercise within 4 turns"


def test_an_offer_is_titled_by_its_proposer_and_says_what_it_proposes(playing, drawn_texts) -> None:
    play = playing.stack[0]
    st = play.session.game.state
    st.offers.append(PendingOffer(st.new_key(), "LVA", "EST", "trade_pact", [], st.turn))
    playing.step()
    dialog = playing.top
    assert isinstance(dialog, OfferDialog)
    assert dialog.title == offer_title("Latvia")
    texts = drawn_texts(playing, top_only=True)
    assert "Latvia proposes a trade pact." in texts
    assert not any("…" in t for t in texts)
    # Every nation of every shipped level fits in the title without being cut.
    th = playing.theme
    room = dialog.frame.w - 2 * th.px(16)
    for path in sorted((Path(__file__).parents[2] / "levels").glob("*.yaml")):
        for nation in load_level_file(path).loaded.level.nations:
            assert th.font(20, True).size(offer_title(nation.name))[0] <= room, nation.name


def test_a_term_slider_at_zero_says_nothing_is_offered_yet(playing, ui) -> None:
    play = playing.stack[0]
    playing.apply(play.open_proposal("FIN"))
    playing.step()
    scene = playing.top
    aid, defence = [w for w in scene.widgets if type(w).__name__ == "Slider"]
    assert defence.tip.startswith("Not offered. At +1:\nYou promise defence spending +1")
    assert aid.tip.startswith("Not offered. At 1:\n")
    ui.click((defence.rect.right - 2, defence.rect.centery))
    assert scene.defence == 10
    g = play.session.game
    each = g.cost(InvestDefence(g.player))
    paid = [f"{10 * each.capital} DC"] if each.capital else []
    paid += [f"{10 * each.budget:g} budget"] if each.budget else []
    paid += [f"your approval −{10 * g.rules.invest_defence_approval_cost:g}"]
    assert defence.tip == (
        "You promise defence spending +10 within 4 turns\n"
        f"Keeping it takes 10 defence investments: {', '.join(paid)}"
    )


def test_a_refused_proposal_comes_back_as_a_counter_offer_to_accept_amend_or_leave(
    playing, ui, drawn_texts
) -> None:
    """Estonia proposes a forum to Russia, which would refuse it as it stands: Russia's
    counter-offer opens with its terms and ledger. Amend reopens the proposal with those
    terms; sending them again signs; walking away from another counter signs nothing."""
    play = playing.stack[0]
    game = play.session.game
    playing.apply(play.open_proposal("RUS"))
    playing.step()
    ui.press("Dialogue forum")
    ui.press("Send proposal")
    playing.step()
    dialog = playing.top
    assert isinstance(dialog, OfferDialog) and dialog.offer.counter
    assert dialog.title == "A counter-offer from Russia"
    texts = drawn_texts(playing, top_only=True)
    assert any(t.startswith("Russia turned down a dialogue forum") for t in texts)
    assert any(t.startswith("Their ledger with these terms:") for t in texts)
    terms = tuple((str(t), int(a)) for t, a in dialog.offer.terms)
    assert terms

    ui.press("Amend")
    scene = playing.top
    assert type(scene).__name__ == "ProposalScene"
    assert (scene.kind, scene.terms) == ("dialogue_forum", terms)
    assert not game.reasons(scene.command), game.reasons(scene.command)
    ui.press("Send proposal")
    assert game.state.has_agreement("EST", "RUS", "dialogue_forum")
    assert not game.state.offers


def test_walking_away_from_a_counter_offer_signs_nothing(playing, ui) -> None:
    play = playing.stack[0]
    game = play.session.game
    playing.apply(play.open_proposal("RUS"))
    playing.step()
    ui.press("Dialogue forum")
    ui.press("Send proposal")
    playing.step()
    assert isinstance(playing.top, OfferDialog)
    ui.press("Walk away")
    assert ui.names == ["PlayScene"]
    assert not game.state.has_agreement("EST", "RUS", "dialogue_forum")
    assert not game.state.offers


def test_a_long_turn_summary_says_how_many_changes_it_leaves_out(
    playing, drawn_texts, text_problems
) -> None:
    """Thirty changes do not fit: the last row counts those left out, and the first says
    the summary is of the turn's end."""
    from game.ui.describe import Line
    from game.ui.scenes.overlays import TurnSummaryScene

    lines = [Line(f"Change number {k}", 1) for k in range(30)]
    playing.push(TurnSummaryScene(playing, "Turn 1 — what changed", lines, 3))
    playing.step()
    texts = drawn_texts(playing, top_only=True)
    assert texts[1].startswith("Since you ended the turn")
    shown = [t for t in texts if t.startswith("• Change number ")]
    assert shown == [f"• Change number {k}" for k in range(len(shown))]
    assert f"• … and {30 - len(shown)} more changes" in texts
    assert not text_problems(playing, top_only=True)


def test_looking_at_the_map_first_puts_off_everything_waiting(playing, ui) -> None:
    """Two events and a proposal wait: "Look at the map first" (Esc) shows the map at once,
    not the next dialog; the chip beside End turn counts all three and opens them again."""
    from game.core.state import PendingEvent, PendingOffer

    play = playing.stack[0]
    st = play.session.game.state
    st.pending = [
        PendingEvent(101, "home_protests", "EST", None, 0),
        PendingEvent(102, "summit_invite", "EST", "FIN", 0),
    ]
    st.offers.append(PendingOffer(st.new_key(), "LVA", "EST", "trade_pact", [], st.turn))
    playing.apply(play.next_dialog())
    playing.step()
    assert ui.names[-1] == "EventDialog"
    ui.key(pygame.K_ESCAPE)
    assert ui.names == ["PlayScene"]
    chip = ui.button("3 to answer")  # two events and a proposal
    ui.press(chip.text)
    assert ui.names[-1] == "EventDialog"


def test_a_game_that_is_over_shows_nothing_waiting(playing, drawn_texts) -> None:
    """Events rolled at the last turn's end stay pending, but a game that is over asks for
    no answer: no chip counts them beside End turn."""
    from game.core.state import PendingEvent

    play = playing.stack[0]
    st = play.session.game.state
    st.pending = [PendingEvent(101, "home_protests", "EST", None, 0)]
    play.relayout()
    assert "1 event waiting" in drawn_texts(playing)
    st.result = "ended"
    play.relayout()
    assert not any("waiting" in t for t in drawn_texts(playing))


def test_the_turn_summary_names_elections_at_home_and_among_partners(playing) -> None:
    """A new government next door matters only if it is a partner's: the summary lists
    Finland's (a partner in a forum) and the player's own election, not Russia's."""
    from game.core.outcomes import Outcome
    from game.core.state import AgreementState

    play = playing.stack[0]
    game = play.session.game
    st = game.state
    st.agreements.append(AgreementState(st.new_key(), "dialogue_forum", ["EST", "FIN"], 0))
    st.agreements_changed()
    game.news = [
        Outcome("GovernmentChanged", "Finland has a new government.", ("FIN",)),
        Outcome("ElectionHeld", "Estonia re-elected its government (52%).", ("EST",)),
        Outcome("GovernmentChanged", "Russia has a new government.", ("RUS",)),
    ]
    texts = [ln.text for ln in play.summary_lines(st.copy())]
    assert "Finland has a new government." in texts
    assert "Estonia re-elected its government (52%)." in texts
    assert "Russia has a new government." not in texts


def test_help_has_a_page_on_how_the_game_works_with_the_games_numbers(
    playing, ui, drawn_texts, text_problems
) -> None:
    """G (or its button) turns the help to how the game works: capital with this game's
    income and cap, the level's own ladder of agreements; every line fits."""
    ui.key(pygame.K_F1)
    help_scene = playing.top
    assert help_scene.title == "Keyboard shortcuts"
    ui.key(pygame.K_g, "g")
    assert help_scene.title == "How the game works"
    r = playing.session.game.rules
    texts = drawn_texts(playing, top_only=True)
    capital = next(t for t in texts if t.startswith("Most actions cost"))
    assert (
        f"You earn {r.capital_per_turn} a turn" in capital and f"up to {r.capital_max}" in capital
    )
    kinds = [k for k in playing.session.level.agreement_kinds if k.needs]
    if kinds:
        assert any(kinds[0].name.lower() in t for t in texts)
    assert not text_problems(playing, top_only=True)
    ui.press("Keyboard shortcuts")
    assert help_scene.title == "Keyboard shortcuts"


def test_a_long_line_of_the_turn_summary_wraps_whole(playing, drawn_texts, text_problems) -> None:
    """An election's result with its odds is longer than a row: it takes two, whole."""
    from game.ui.describe import Line
    from game.ui.scenes.overlays import TurnSummaryScene

    long = (
        "Germany: Sabine Hartmann (Christian Union) won the election (incumbent's chance "
        "41%, the polls were right)"
    )
    lines = [Line("Approval: 51.2 → 51.4 (+0.2)", 1), Line(long, 0), Line("Budget +3.4", 1)]
    playing.push(TurnSummaryScene(playing, "Turn 7 — what changed", lines, 3))
    playing.step()
    texts = drawn_texts(playing, top_only=True)
    assert "• " + long in " ".join(texts) and "• Budget +3.4" in texts
    assert not text_problems(playing, top_only=True)


def test_the_help_page_follows_the_difficultys_numbers() -> None:
    """On Hard the player's proposals need a ledger of +4 and stability brings no capital:
    the page says so rather than the Normal numbers."""
    from game.core.defs import DEFAULT_AGREEMENT_KINDS
    from game.core.rules import DEFAULT_RULES
    from game.ui.scenes.overlays import basics

    hard = DEFAULT_RULES.with_overrides(
        {"verdict_player_margin": 4.0, "capital_stability_bonus": 0}
    )
    page = dict(basics(hard, DEFAULT_AGREEMENT_KINDS))
    assert "while your stability" not in page["Diplomatic capital"]
    assert "its ledger is at least +4" in page["Who says yes"]
    normal = dict(basics(DEFAULT_RULES, DEFAULT_AGREEMENT_KINDS))
    assert "its ledger is at least 0" in normal["Who says yes"]


def test_level_picker_checks_a_level_again_once_a_deck_it_includes_is_written(
    app, levels_dir
) -> None:
    """A player copies First Steps into their levels folder without its decks: the picker
    lists both missing decks. Copying the decks in (the level file untouched) is enough for
    the picker, opened again, to load it."""
    shipped = Path(__file__).parents[2] / "levels"
    mine = app.user_levels_dir
    mine.mkdir(parents=True)
    (mine / "my_steps.yaml").write_bytes((shipped / "first_steps.yaml").read_bytes())

    entry = LevelPickerScene(app).entries[-1]
    assert entry.loaded is None
    assert entry.problem.count("error[E008]") == 2
    assert "decks/trust.yaml" in entry.problem and "decks/exercises.yaml" in entry.problem

    (mine / "decks").mkdir()
    for deck in ("trust.yaml", "exercises.yaml"):
        (mine / "decks" / deck).write_bytes((shipped / "decks" / deck).read_bytes())
    entry = LevelPickerScene(app).entries[-1]
    assert entry.loaded is not None and entry.problem == ""


def test_level_picker_lists_every_error_up_to_a_few_then_counts_the_rest(app) -> None:
    """A file of typos: the first error with its line shown, the next few by their first
    line, then how many more `alliances validate` lists."""
    mine = app.user_levels_dir
    mine.mkdir(parents=True)
    path = mine / "typos.yaml"
    path.write_text("".join(f"bogus_{k}: 1\n" for k in range(8)), encoding="utf-8")
    errors = [d for d in load_level_file(path).diagnostics if d.is_error]
    assert len(errors) > PROBLEMS_SHOWN

    entry = next(e for e in LevelPickerScene(app).entries if e.path == path)

    listed = [ln for ln in entry.problem.splitlines() if "error[" in ln]
    assert len(listed) == PROBLEMS_SHOWN
    assert entry.summary == f"Your level · typos.yaml — {len(errors)} errors"
    assert entry.problem.splitlines()[-1] == (
        f"… and {len(errors) - PROBLEMS_SHOWN} more: `alliances validate {path}` lists every one"
    )
