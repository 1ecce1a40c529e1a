"""Reasons on screen: a news line opens into the AI's reason; tension's causes in the top bar
and the history chart; what a nation wants and what its opposition would drop."""

from __future__ import annotations

import itertools

import pygame

from game.core import drift
from game.core.actions.answers import EndTurn
from game.core.actions.dialogue import HoldDialogue
from game.core.tension_log import parts_of
from game.core.why import why_of
from game.ui import theme as T
from game.ui.charts import tension_notes
from game.ui.scenes.hud import TENSION_TIP_CAUSES, NewsFeed, capital_lost, stat_chips


def feed(app) -> NewsFeed:
    play = app.stack[0]
    play.ensure_layout()
    return next(w for w in play.widgets if isinstance(w, NewsFeed))


def end_turns(app, n: int) -> None:
    from game.core import ai

    s = app.session
    for _ in range(n):
        for cmd in ai.answer_for(s.game.ctx(), s.player):
            s.issue(cmd)
        s.issue(EndTurn(s.player))
    for cmd in ai.answer_for(s.game.ctx(), s.player):
        s.issue(cmd)
    while len(app.stack) > 1:
        app.stack.pop()
    app.stack[0].relayout()


def test_a_click_opens_an_ai_acts_news_into_its_reason_and_closes_it(playing, ui) -> None:
    end_turns(playing, 2)
    play = playing.stack[0]
    play.elsewhere = True  # the AI's acts among others are folded under "Elsewhere"
    play.relayout()
    f = feed(playing)
    # The shortest such line: its reason is wider than the line itself.
    k = min(
        (k for k, (_, o) in enumerate(f.lines) if why_of(o) is not None),
        key=lambda k: f.surfs[k].get_width(),
    )
    rect, o = f.lines[k]
    closed_h = rect.h

    ui.click(rect.move(0, -f.scroll).center)

    f = feed(playing)
    assert f.opened is o
    opened = next(r for r, line in f.lines if line is o)
    assert opened.h > closed_h  # the reason is drawn under the line
    k = next(k for k, (_, line) in enumerate(f.lines) if line is o)
    th = playing.theme
    reason = "\n".join(playing.session.game.explain(o))
    drawn = th.text(reason, 12, T.INK_DIM, wrap=opened.w - th.px(24))
    # The indented reason keeps its full width: no word is cut at the right edge.
    assert f.surfs[k].get_width() >= th.px(10) + drawn.get_width()
    assert playing.session.game.explain(o)[0].startswith("Why: ")
    assert [type(s).__name__ for s in playing.stack] == ["PlayScene"]  # no panel over it
    ui.click(opened.move(0, -f.scroll).center)
    assert feed(playing).opened is None


def test_the_tension_tooltip_lists_last_turns_causes_adding_up(playing) -> None:
    end_turns(playing, 2)
    s = playing.session
    tip = next(c.tip for c in stat_chips(s) if c.label == "World tension")
    row = s.game.state.history[-1]
    change = sum(p.amount for p in parts_of(row))
    assert abs(change - (row["tension"] - s.game.state.history[-2]["tension"])) < 0.015
    assert f"Last turn {change:+.1f}:" in tip
    assert "easing with time" in tip


def test_the_approval_and_budget_tooltips_say_where_they_head_and_why(playing) -> None:
    """Approval's tip names the target its parts add up to, and the turn's step toward it
    lands where the tip said; the budget's tip says the income the economy brings."""
    s = playing.session
    g = s.game
    p = g.state.idx(g.player)
    g.state.economy[p] = 70.0
    chips = {c.label: c.tip for c in stat_chips(s)}
    r = g.rules
    assert f"+{70 * r.budget_per_economy:.1f} a turn from your economy (70)" in chips["Budget"]
    heading = chips["Approval"].split("\n")[1]
    assert heading.startswith("Heading for ") and "economy +2" in heading
    target = float(heading.split()[2])
    before = float(g.state.approval[p])
    step = float(heading.split("(a ")[1].split("%")[0]) / 100
    end_turns(playing, 1)
    moved = float(g.state.approval[p]) - before
    # The turn's events can move it too; the step itself comes out as the tip said.
    assert abs(moved - step * (target - before)) < 1.5


def test_each_chart_column_says_what_moved_world_tension(playing) -> None:
    end_turns(playing, 2)
    s = playing.session
    notes = tension_notes(s.level, s.game.state.history, None)
    assert len(notes) == 2
    assert all(n.startswith("World tension ") for n in notes)


def test_the_overview_says_what_a_nation_wants(playing) -> None:
    end_turns(playing, 1)
    play = playing.stack[0]
    playing.apply(play.select("FIN"))
    panel = playing.top
    panel.tab = "Overview"
    surface = pygame.Surface((600, 1400))
    panel._overview(surface, surface.get_rect(), panel.theme)
    wants = panel._wants()
    assert wants.goals
    assert wants is panel._wants()  # worked out once for the same state


def test_the_tension_tooltip_parts_add_up_to_where_it_is_heading(playing) -> None:
    """The tip names the largest causes and sums the rest, so its parts add up to the
    figure it says world tension is heading for (each rounded, so within a point a part)."""
    end_turns(playing, 2)
    st = playing.session.game.state
    for k, (a, b) in enumerate(itertools.combinations(range(st.n), 2)):
        st.tension[a, b] = st.tension[b, a] = 20.0 + k  # more tense pairs than the tip names
    assert len(drift.tension_causes(playing.session.game.ctx())) > TENSION_TIP_CAUSES
    tip = next(c.tip for c in stat_chips(playing.session) if c.label == "World tension")
    heading = tip.split("Heading for ")[1]
    target = float(heading.split()[0])
    parts = heading.split(": ", 1)[1].split(".\n")[0].split(" · ")
    numbers = [float(p.rsplit(" ", 1)[1]) for p in parts]
    assert abs(sum(numbers) - target) <= 0.5 * len(numbers) + 0.5


def test_the_top_bar_tips_use_the_difficultys_numbers(playing) -> None:
    """On Easy the capital income is one more a turn: the tip says the income the game
    really pays, not the level's own number."""
    s = playing.session
    normal = s.game.level.rules.capital_per_turn
    s.game.state.difficulty = "easy"
    tip = next(c.tip for c in stat_chips(s) if c.label == "Capital")
    assert s.game.rules.capital_per_turn == normal + 1
    assert f"+{normal + 1} a turn" in tip


def test_capital_the_cap_would_waste_is_shown_beside_end_turn(playing, ui) -> None:
    """With nothing waiting and capital at its cap, a chip beside End turn says how much of
    next turn's income would be lost; spending some makes it smaller."""
    play = playing.stack[0]
    s = play.session
    g = s.game
    st = g.state
    p = st.idx(g.player)
    st.capital[p] = g.rules.capital_max
    play.refresh()
    playing.step()
    lost = capital_lost(s)
    assert lost >= 1
    chip = ui.button(f"{lost} DC would be lost")
    assert "Unless you spend some this turn" in chip.tip
    assert g.issue(HoldDialogue(g.player, "FIN")).ok
    play.refresh()
    playing.step()
    assert capital_lost(s) == lost - 1
    if lost > 1:
        assert ui.button(f"{lost - 1} DC would be lost")
