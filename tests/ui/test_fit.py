"""Text that must fit: action costs in the nation panel and every figure of the top bar."""

from __future__ import annotations

import itertools

import pytest

from game.core.actions import Cost
from game.core.actions.projects import TRAINING
from game.ui.scenes.hud import stat_chips
from game.ui.scenes.nation import NationPanel, short_cost, tiny_cost
from game.ui.widgets import Button

SIZES = [((1600, 900), 1.0), ((1600, 900), 1.5), ((1280, 720), 1.0), ((1280, 720), 1.5)]


def resize(app, size: tuple[int, int], scale: float) -> None:
    app.settings.window_width, app.settings.window_height = size
    app.settings.ui_scale = scale
    app.apply_settings(resize=True)
    app.step()


def test_short_cost_forms() -> None:
    project = Cost(1, 0.0, 1.0, 4)
    assert project.text() == "1 DC + 1 budget a turn for 4 turns"
    assert short_cost(project) == "1 DC + 1/turn × 4"
    assert tiny_cost(project) == "1 DC+1×4"
    assert short_cost(Cost(1, 2.0)) == "1 DC + 2 budget"
    assert short_cost(Cost()) == tiny_cost(Cost()) == "free"


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_every_action_shows_its_whole_name_and_cost(playing, ui, size, scale) -> None:
    resize(playing, size, scale)
    play = playing.stack[0]
    playing.apply(play.select("FIN"))
    playing.step()
    panel = playing.top
    panel.set_tab("Actions")
    playing.step()
    assert isinstance(panel, NationPanel)
    seen: dict[str, Button] = {}
    for _ in range(20):  # scroll through the whole list
        for w in panel.widgets:
            if isinstance(w, Button) and w.detail:
                assert w.fits(playing.theme), (w.text, w.detail, size, scale)
                assert panel.panel.contains(w.rect)
                seen[w.text] = w
        if not panel.more:
            break
        ui.wheel(panel.panel.center, -1)
    assert {"Training programme", "Technology transfer", "Trade concession"} <= set(seen)
    training = seen["Training programme"]
    assert "4" in training.detail and "turn" in training.detail
    assert training.tip.startswith(TRAINING.summary)
    assert "Costs you: 1 diplomatic capital · 1 budget a turn for 4 turns" in training.tip
    rows = [w.rect for w in panel.widgets if isinstance(w, Button) and w.detail]
    assert all(a.bottom <= b.top for a, b in itertools.pairwise(rows))
    ui.wheel(panel.panel.center, 20)
    assert panel.first == 0


def test_a_narrow_panel_uses_the_short_cost(playing, ui) -> None:
    resize(playing, (1280, 720), 2.0)
    play = playing.stack[0]
    playing.apply(play.select("FIN"))
    playing.step()
    panel = playing.top
    panel.set_tab("Actions")
    playing.step()
    ui.wheel(panel.panel.center, -6)
    training = next(w for w in panel.widgets if getattr(w, "text", "") == "Training programme")
    assert training.detail in ("1 DC + 1/turn × 4", "1 DC+1×4")
    assert training.fits(playing.theme)


@pytest.mark.parametrize(
    ("size", "scale"), [*SIZES, ((1280, 720), 2.0), ((1920, 1080), 2.0), ((1600, 900), 0.75)]
)
def test_top_bar_keeps_every_figure(playing, size, scale) -> None:
    resize(playing, size, scale)
    play = playing.stack[0]
    play.ensure_layout()
    bar = play.top_bar
    chips = stat_chips(play.session)
    assert len(bar.shown) == len(chips)
    for chip, (label, value, rect) in zip(chips, bar.shown, strict=True):
        assert label in (chip.label, chip.short)
        assert value in chip.values  # a whole form, never cut short
        assert bar.rect.contains(rect)
    threats = bar.shown[-1][1]
    for t in play.session.game.state.threats:
        assert f"{t.level:.0f}" in threats
    rects = [r for _, _, r in bar.shown]
    for k, a in enumerate(rects):
        assert not any(a.colliderect(b) for b in rects[k + 1 :])
    buttons = [w for w in play.widgets if isinstance(w, Button) and w.rect.bottom <= bar.rect.h]
    assert {b.text for b in buttons} == {"Menu", "Charts", "Undo"}
    assert all(r.right < min(b.rect.x for b in buttons) for r in rects)
    assert all(b.fits(playing.theme) for b in buttons)
    # A tooltip still names an abbreviated figure in full.
    label, _, rect = bar.shown[1]
    assert bar.tip_at(rect.center).startswith(
        "Diplomatic capital" if label == "Capital" else "Capital"
    )


def test_top_bar_is_unabridged_when_there_is_room(playing) -> None:
    resize(playing, (1920, 1080), 1.0)
    bar = playing.stack[0].top_bar
    assert not bar.compact
    assert [label for label, _, _ in bar.shown] == [c.label for c in stat_chips(bar.session)]


def test_a_refusal_line_keeps_whole_reasons_and_counts_the_rest() -> None:
    """The line under a refused action is never cut mid-word: it keeps as many whole
    reasons as fit (lasting ones first) and says how many more the tooltip has."""
    from game.ui.scenes.nation import reasons_line

    why = ["needs 1 diplomatic capital, you have 0", "needs a technology-sharing agreement"]
    assert reasons_line(why) == (
        "✗ needs a technology-sharing agreement; needs 1 diplomatic capital, you have 0"
    )
    short = reasons_line(why, lambda text: len(text) <= 60)
    assert short == "✗ needs a technology-sharing agreement (+1 more)"
    assert reasons_line(why, lambda text: False) == short  # the first reason whatever it takes
    assert reasons_line(why[:1], lambda text: False) == "✗ " + why[0]


def test_a_crowded_bar_keeps_every_threat_and_names_the_turn_on_the_date(tmp_path) -> None:
    """Concert of Nations opens with world tension 57 and three threats: at 1280×720 and a
    200% UI the bar gives up its turn counter (the date's tooltip says it) before any figure."""
    from game.resources import levels_dir
    from game.ui.app import App
    from game.ui.session import Session, open_level

    app = App(config=tmp_path / "c", data=tmp_path / "d", levels_dir=levels_dir())
    try:
        path = levels_dir() / "concert_of_nations.yaml"
        app.apply(app.start(Session.new(open_level(path), 1, path)))
        resize(app, (1280, 720), 2.0)
        play = app.stack[0]
        play.ensure_layout()
        bar = play.top_bar
        buttons = [w for w in play.widgets if isinstance(w, Button) and w.rect.bottom <= bar.rect.h]
        values = {label: value for label, value, _ in bar.shown}
        chips = stat_chips(play.session)

        assert play.session.game.state.world_tension > 50
        assert len(play.session.game.state.threats) == 3
        for chip, (_, value, rect) in zip(chips, bar.shown, strict=True):
            assert value in chip.values
            assert rect.right < min(b.rect.x for b in buttons)
        for t in play.session.game.state.threats:
            assert f"{t.level:.0f}" in values["Threats"]
        date = bar.head[0][1]
        assert bar.tip_at((date[0] + 2, bar.rect.centery)) == "Turn 1 of 44"
    finally:
        app.close()
