"""The objectives panel, its top bar figure and the goal lines in the history chart."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from game.content import load_level
from game.core.game import Game
from game.core.turn import score
from game.ui import objectives as O
from game.ui import theme as T
from game.ui.scenes.objectives import ObjectivesScene
from game.ui.scenes.overlays import ChartsScene
from game.ui.widgets import Custom


def test_o_opens_every_condition_with_value_threshold_and_trend(playing, ui, drawn_texts) -> None:
    ui.key(pygame.K_o, "o")
    assert isinstance(playing.top, ObjectivesScene)
    texts = drawn_texts(playing, top_only=True)
    assert "To win" in texts and "You lose if" in texts
    assert any("Members of your defence pact" in t for t in texts)
    assert "0 / 4" in texts and "0 / 60" in texts
    assert "50 · defeat at < 20" in texts
    ui.key(pygame.K_o, "o")
    assert ui.names == ["PlayScene"]


def test_the_panel_gives_the_score_now_and_how_it_is_counted(playing, ui, drawn_texts) -> None:
    """The score a game ended now would have (the rules' own), then its parts in a sentence."""
    ui.key(pygame.K_o, "o")
    texts = drawn_texts(playing, top_only=True)
    game = playing.stack[0].session.game
    assert f"Your score now: {score(game.ctx()):.0f}" in texts
    said = " ".join(texts)
    assert "The score counts 0 for how far you have come toward the nearest victory" in said
    assert "a quarter of your reputation (50)" in said


def test_the_top_bar_counts_goals_met_and_opens_the_panel(playing, ui) -> None:
    play = playing.stack[0]
    label, value, rect = play.top_bar.shown[0]
    assert label == "Goals" and value == "0/2"
    tip = play.top_bar.tip_at(rect.center)
    assert "Interoperability in your defence pact 0 / 60" in tip
    ui.click(rect.center)
    assert isinstance(playing.top, ObjectivesScene)


def test_trends_show_after_a_turn(playing, ui) -> None:
    session = playing.stack[0].session
    assert all(r.trend == "" for g in O.groups(session) for r in g.rows)
    while ui.names[-1] in ("EventDialog", "OfferDialog"):
        ui.key(pygame.K_1, "1")
    ui.key(pygame.K_RETURN)
    assert session.previous_start is not None
    approval = next(r for g in O.groups(session) for r in g.rows if r.label == "Your approval")
    assert approval.trend in ("↑", "↓", "→")


def test_chart_draws_goal_lines_and_names_values_on_hover(playing, ui) -> None:
    session = playing.stack[0].session
    lines = O.goal_lines(session, playing.theme)
    assert sorted((g.value, g.label) for g in lines) == [
        (20, "Defeat: Your approval"),
        (60, "Goal: Interoperability in your defence pact"),
    ]
    ui.key(pygame.K_RETURN)  # end the first turn
    ui.key(pygame.K_RETURN)  # close its summary
    while ui.names[-1] in ("EventDialog", "OfferDialog"):
        ui.key(pygame.K_ESCAPE)  # look at the chart first
    ui.key(pygame.K_c, "c")
    assert isinstance(playing.top, ChartsScene)
    playing.draw()
    chart = next(w for w in playing.top.widgets if isinstance(w, Custom) and w.tips)
    column, text = chart.tips[-1]
    assert text.startswith("After turn 1: ") and "Approval" in text
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=column.center, rel=(0, 0), buttons=(0, 0, 0))
    )
    playing.step()
    assert playing.tooltip == text


def test_ways_to_lose_share_one_heading_in_the_top_bar_tip(playing) -> None:
    from game.ui.objectives import Group, Row, condition_lines

    def row(label: str) -> Row:
        return Row(label, "1 · defeat at < 20", "", False, False, 0.1, "", 20.0)

    win = Group("", True, "and", "", (row("Pact members"), row("Interoperability")))
    lose = [Group("", False, "and", "", (row(x),)) for x in ("Approval", "Tension")]
    lines = condition_lines([win, *lose])
    assert lines[0] == "To win:"
    assert [x for x in lines if x.startswith("You lose")] == ["You lose if any of these:"]
    assert lines[-2:] == ["  · Approval 1 · defeat at < 20", "  · Tension 1 · defeat at < 20"]
    # Conditions that must all hold, or that have their own deadline, keep their heading.
    both = Group("", False, "and", "", (row("Approval"), row("Stability")))
    late = Group("", False, "and", "by Q4 2030", (row("Tension"),))
    heads = [x for x in condition_lines([both, lose[0], late]) if not x.startswith(" ")]
    assert heads == ["You lose if:", "You lose if:", "You lose if by Q4 2030:"]


def test_a_figure_never_reads_as_meeting_a_threshold_it_misses() -> None:
    from game.ui.objectives import figure

    assert figure(52.6, ">=", 53, False) == "52.6"  # not "53 / 53" on a goal not met
    assert figure(52.96, ">=", 53, False) == "52.96"
    assert figure(53.2, ">=", 53, True) == "53"
    assert figure(47.4, ">=", 53, False) == "47"
    assert figure(49.97, "<", 50, True) == "49.97"
    assert figure(1.96, ">=", 2, False, 1) == "1.96"  # "you have 1.96", not 2
    assert figure(15.0, ">=", 2, True, 1) == "15"


def test_interoperability_parts_show_the_weights_that_add_up_to_it(playing, drawn_texts) -> None:
    play = playing.stack[0]
    playing.apply(play.select("FIN"))
    playing.top.set_tab("Overview")
    playing.step()
    r = play.session.level.rules
    texts = drawn_texts(playing, top_only=True)
    for part, weight in (
        ("Equipment", r.interop_weight_equipment),
        ("Doctrine", r.interop_weight_doctrine),
        ("Communications", r.interop_weight_communications),
    ):
        assert f"{part} ({weight:.0%})" in texts


def test_two_ways_to_win_read_as_either_or_and_the_figure_is_the_nearest(tmp_path) -> None:
    """Concert of Nations has two victories. The tooltip heads them "To win, either" and
    "Or"; the top bar counts the conditions of the nearest one, not of both together."""
    from pathlib import Path

    from game.ui.objectives import condition_lines, groups, summary
    from game.ui.session import Session, open_level

    path = Path(__file__).parents[2] / "levels" / "concert_of_nations.yaml"
    s = Session.new(open_level(path), 1, path, data_dir=tmp_path)
    gs = groups(s)
    wins = [g for g in gs if g.victory]
    assert len(wins) == 2
    lines = condition_lines(gs)
    assert "To win, either:" in lines and "Or:" in lines
    assert lines.index("Or:") > lines.index("To win, either:")
    shown, _ = summary(s)
    best = max(wins, key=lambda g: sum(r.met for r in g.rows) / len(g.rows))
    assert shown.split()[0] == f"{sum(r.met for r in best.rows)}/{len(best.rows)}"


def test_alternatives_that_differ_only_in_a_nation_are_said_once() -> None:
    from game.content.library import load_level
    from game.ui.objectives import alternatives

    level = load_level("concert_of_nations")
    text = (
        "defence pact with Japan and interoperability with Japan ≥ 84 or defence pact with "
        "South Korea and interoperability with South Korea ≥ 84"
    )
    assert alternatives(level, text) == (
        "defence pact with X and interoperability with X ≥ 84, X one of Japan or South Korea"
    )
    # Anything else is left as it is: different shapes, two nations in one alternative.
    mixed = "defence pact with Japan or trade pact with China"
    assert alternatives(level, mixed) == mixed
    pair = "trade pact with Japan and China or trade pact with Japan and India"
    assert alternatives(level, pair) == pair


def gauged(theme: T.Theme, row: O.Row) -> Callable[[float], tuple[int, int, int]]:
    """A row's gauge drawn 200 pixels wide: the colour at a figure on its 0–100 scale."""
    from game.ui.scenes.objectives import gauge

    surface = pygame.Surface((220, 40))
    surface.fill((255, 255, 255))
    rect = pygame.Rect(10, 15, 200, 10)
    gauge(surface, rect, theme, row)
    return lambda at: tuple(surface.get_at((rect.x + round(2 * at), rect.centery))[:3])


def test_a_defeat_reads_as_a_gauge_with_its_losing_zone_and_the_figure_marked(playing) -> None:
    """Approval 52 against "defeat at < 20": the zone below 20 is red, the figure is a mark
    at 52, and the track between is plain; nothing fills up as if it were progress."""
    row = O.Row("Your approval", "52 · defeat at < 20", "", False, False, 0.6, "", 20.0, 52.0, "<")
    colour_at = gauged(playing.theme, row)
    red = colour_at(10)
    assert red[0] > red[1] + 30 and red[0] > red[2] + 30
    assert colour_at(52) == T.INK
    assert colour_at(80) == T.PAPER_2  # plain


def test_a_figure_a_victory_needs_kept_down_reads_as_a_limit(playing) -> None:
    """World tension 49 against "wins at ≤ 40": the value says it is a limit, the zone up to
    40 is green (muted while the figure is out of it), the figure is a mark at 49, and the
    track above is plain; no bar fills up as if 49 were most of the way to 40."""
    row = O.Row("World tension", "49 · wins at ≤ 40", "", False, True, 0.8, "", 40.0, 49.0, "<=")
    colour_at = gauged(playing.theme, row)
    green = colour_at(10)
    assert green[1] > green[0] + 10 and green[1] > green[2]
    assert colour_at(49) == T.INK
    assert colour_at(80) == T.PAPER_2  # plain
    concert = load_level("concert_of_nations")
    rows = [r for g in O.Tracker(concert).groups(Game(concert, 1).state) for r in g.rows]
    tension = next(r for r in rows if r.victory and r.label == "World tension")
    assert tension.value == "57 · wins at ≤ 40"  # the war, the rivalry and the attacks


def test_the_turn_summary_says_which_goals_were_met_or_lost(playing) -> None:
    """A defence pact of four formed since the turn began is "Condition met"; the same pact
    gone again is "Condition lost", with the figure now."""
    from game.core.state import AgreementState
    from game.ui.objectives import goal_changes

    s = playing.session
    st = s.game.state
    before = st.copy()
    pact = AgreementState(st.new_key(), "defence_pact", ["EST", "FIN", "LVA", "SWE"], st.turn)
    st.agreements.append(pact)
    st.agreements_changed()
    met = [ln for ln in goal_changes(s, before) if ln.text.startswith("Condition met: ")]
    assert [ln.tone for ln in met] == [1]
    assert "defence pact" in met[0].text.lower()
    with_pact = st.copy()
    st.agreements.remove(pact)
    st.agreements_changed()
    s.game.state = st
    (lost,) = goal_changes(s, with_pact)
    assert lost.text.startswith("Condition lost: ") and lost.text.endswith("(now 0 / 4)")
    assert lost.tone == -1


def test_the_objectives_reopen_the_levels_briefing(playing, ui, drawn_texts, text_problems) -> None:
    """The briefing the news panel shows on the first turn is gone after it; the objectives
    open it again (B, or its button), whole."""
    level = playing.session.level
    assert level.description
    playing.push(ObjectivesScene(playing, playing.session))
    playing.step()
    ui.key(pygame.K_b, "b")
    assert playing.top.title == f"Briefing: {level.title}"
    assert level.description.split()[0] in " ".join(drawn_texts(playing, top_only=True))
    assert not text_problems(playing, top_only=True)
    ui.key(pygame.K_RETURN)
    assert isinstance(playing.top, ObjectivesScene)
    ui.press("The briefing")
    assert playing.top.title == f"Briefing: {level.title}"
