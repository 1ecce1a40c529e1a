"""Every screen, event option and nation panel tab of the shipped levels, at three window sizes:
no text outside the widget that draws it, cut by a clip, or drawn over other text."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pygame
import pytest

from game.core import commands as C
from game.core.state import PendingEvent
from game.ui.app import App
from game.ui.mapmodes import MODES
from game.ui.replay import ReplayScene
from game.ui.scenes.event import EventDialog
from game.ui.scenes.menu import LevelPickerScene, MenuScene
from game.ui.scenes.nation import TABS
from game.ui.scenes.objectives import ObjectivesScene
from game.ui.scenes.overlays import SHORTCUTS, ChartsScene, HelpScene, PauseScene
from game.ui.scenes.proposal import ProposalScene
from game.ui.scenes.save_dialog import SaveDialog
from game.ui.scenes.saves_menu import LoadScene
from game.ui.scenes.settings_scene import SettingsScene
from game.ui.session import Session, open_level
from game.ui.textfit import fit
from game.ui.widgets import Custom

LEVELS_DIR = Path(__file__).parents[2] / "levels"
LEVELS = sorted(p.stem for p in LEVELS_DIR.glob("*.yaml"))
SIZES = [(1600, 900), (1280, 720), (800, 600)]
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]


@pytest.fixture
def window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[App]:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    a = App(config=tmp_path / "config", data=tmp_path / "data", levels_dir=LEVELS_DIR)
    a.settings.animation_speed = 0.0
    try:
        yield a
    finally:
        a.close()


def start(app: App, level: str, size: tuple[int, int]) -> None:
    app.settings.window_width, app.settings.window_height = size
    app.apply_settings(resize=True)
    path = LEVELS_DIR / f"{level}.yaml"
    app.apply(app.start(Session.new(open_level(path), None, path)))
    app.step()


Look = Callable[..., None]


@pytest.fixture
def look(text_problems: Callable[..., list[str]]) -> Look:
    """`look(app, where, found, top_only)`: step, then note every text out of place."""

    def check(app: App, where: str, found: list[str], top_only: bool = False) -> None:
        app.step()
        found.extend(text_problems(app, f"{where}: ", top_only=top_only))

    return check


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_every_screen_fits(window: App, look: Look, size: tuple[int, int]) -> None:
    app = window
    start(app, "northern_shield", size)
    found: list[str] = []
    play = app.stack[0]
    for m in MODES:
        app.apply(play.set_mode(m.key))
        look(app, f"map mode {m.key}", found)
    other = next(n.id for n in play.session.level.nations if n.id != play.session.player)
    for name, scene in (
        ("pause", PauseScene(app, play.session)),
        ("charts", ChartsScene(app, play.session)),
        ("objectives", ObjectivesScene(app, play.session)),
        ("save", SaveDialog(app, play.session)),
        ("proposal", ProposalScene(app, play, other)),
        ("help", HelpScene(app)),
        ("settings", SettingsScene(app)),
    ):
        app.push(scene)
        look(app, name, found)
        app.stack.pop()
    # A turn played: the summary, its news, and a save for the menus and the replay.
    play.session.game.issue(C.HoldDialogue(play.session.player, other))
    app.apply(play.end_turn())
    look(app, "turn summary", found)
    app.stack[1:] = []
    look(app, "play after a turn", found)
    path = play.session.save_as("layout check")
    for name, scene in (
        ("menu", MenuScene(app)),
        ("level picker", LevelPickerScene(app)),
        ("load", LoadScene(app, "load")),
        ("replays", LoadScene(app, "replay")),
        ("replay", ReplayScene(app, path)),
    ):
        app.stack[:] = [scene]
        look(app, name, found)
    for result in ("victory", "defeat"):
        play.session.game.state.result = result
        play.session.game.state.result_text = "The level's closing words."
        app.stack[:] = [play]
        app.apply(play.next_dialog())
        look(app, f"end ({result})", found)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_every_nation_panel_tab_fits(
    window: App, look: Look, level: str, size: tuple[int, int]
) -> None:
    app = window
    start(app, level, size)
    play = app.stack[0]
    found: list[str] = []
    for tab in TABS:
        play.panel.set_tab(tab)
        for n in play.session.level.nations:
            app.apply(play.select(n.id))
            look(app, f"{n.id} {tab}", found, top_only=True)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("level", LEVELS)
def test_every_event_option_fits(
    window: App, look: Look, level: str, size: tuple[int, int]
) -> None:
    app = window
    start(app, level, size)
    play = app.stack[0]
    s = play.session
    found: list[str] = []
    others = [n.id for n in s.level.nations if n.id != s.player]
    for ev in s.level.events:
        pending = PendingEvent(-1, ev.id, s.player, others[0] if ev.target else None, 0)
        app.stack[1:] = [EventDialog(app, play, pending)]
        look(app, ev.id, found, top_only=True)
    assert len(s.level.events) > 0
    assert not found, "\n".join(found)


def test_fit_wraps_then_shrinks_then_cuts(window: App) -> None:
    th = window.theme
    words = "Requires the budget of the player to be at least two"
    one = fit(th, words, 15, 10_000)
    assert one.lines == (words,) and one.size == 15 and not one.cut
    width = th.font(15).size(words)[0] * 6 // 10
    wrapped = fit(th, words, 15, width, th.line_height(15) * 2)
    assert len(wrapped.lines) == 2 and wrapped.size == 15 and not wrapped.cut
    assert " ".join(wrapped.lines) == words
    snug = th.font(14).size(words)[0] + 1
    assert fit(th, words, 15, snug).size in (13, 14)
    cut = fit(th, words, 15, width // 2)
    assert cut.cut and cut.lines[0].endswith("…") and cut.size == 13
    assert th.font(13).size(cut.lines[0])[0] <= width // 2
    boxed = fit(th, words, 15, width // 2, th.line_height(13) * 2)
    assert boxed.cut and len(boxed.lines) == 2 and boxed.lines[1].endswith("…")


def test_a_cut_label_shows_its_whole_text_on_hover(window: App) -> None:
    from game.ui.widgets import Label

    app = window
    app.stack[:] = [MenuScene(app)]
    app.step()
    text = "A label far too long for the little box it was given on this screen"
    label = Label(pygame.Rect(10, 10, 80, 20), text)
    app.top.widgets.append(label)
    app.draw()
    assert label.tip == text
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(20, 15), rel=(0, 0), buttons=(0, 0, 0))
    )
    app.step()
    assert app.tooltip == text


@pytest.mark.parametrize("size", SIZES[:2], ids=SIZE_IDS[:2])
@pytest.mark.parametrize("level", ["first_steps", "northern_shield", "blue_pacific"])
def test_every_nation_of_a_regional_level_is_labelled(window: App, level: str, size) -> None:
    """At the default zoom a small nation (Denmark) keeps a label: smaller, or its code;
    one too thin for its code (Vanuatu) has it beside its capital."""
    start(window, level, size)
    play = window.stack[0]
    boxes = play.map.label_boxes()
    assert sorted(boxes) == sorted(n.id for n in play.session.level.nations)
    rects = list(boxes.values())
    assert not any(a.colliderect(b) for a, b in itertools.combinations(rects, 2))


@pytest.mark.parametrize("size", SIZES[:2], ids=SIZE_IDS[:2])
def test_the_panel_never_covers_the_nation_it_shows(window: App, size) -> None:
    """Selecting a nation under the panel pans the map or moves the panel to the other side.

    (At 800×600 the panel is half the window: a nation in the middle cannot always escape.)
    """
    from game.ui.scenes.nation import panel_area

    start(window, "northern_shield", size)
    play = window.stack[0]
    covered = 0
    for n in play.session.level.nations:
        window.apply(play.select(n.id))
        window.step()
        box = play.map.label_boxes().get(n.id)
        assert box is not None, n.id
        panel = panel_area(window.theme, play.map_rect, play.rect, play.panel.side)
        assert play.panel.panel == panel
        covered += box.colliderect(panel)
    assert covered == 0


def test_the_help_lists_every_shortcut_whole_at_its_size(playing) -> None:
    """No shortcut or its meaning is shrunk or cut to fit (at the default window size)."""
    from game.ui import textfit
    from game.ui.widgets import Label

    playing.push(HelpScene(playing))
    playing.step()
    th = playing.theme
    labels = [w for w in playing.top.widgets if isinstance(w, Label)]
    assert len(labels) == 2 * len(SHORTCUTS)
    for lab in labels:
        fitted = textfit.fit(th, lab.text, lab.size, lab.rect.w, 0, bold=lab.bold)
        assert (fitted.size, fitted.cut) == (lab.size, False), lab.text


@pytest.mark.parametrize("size", SIZES[:2], ids=SIZE_IDS[:2])
def test_the_politics_tab_names_every_end_of_a_values_scale_whole(window: App, size) -> None:
    """Northern Shield's longest scale end ("Cheap imports and interdependence") gets the
    room it needs beside its line: no end is cut to "…" with only a tooltip left."""
    start(window, "northern_shield", size)
    play = window.stack[0]
    window.apply(play.select("DEU"))
    panel = window.top
    panel.tab = "Politics"
    panel.relayout()
    window.step()
    body = next(w for w in panel.widgets if isinstance(w, Custom))
    tips = body.tips
    ends = {a.low for a in play.session.level.axes} | {a.high for a in play.session.level.axes}
    assert not [text for _, text in tips if text in ends]


def test_an_option_whose_follow_up_may_cost_says_it_costs_nothing_only_now(
    window: App,
) -> None:
    """Denying a leaked cable costs nothing at once, but its follow-up will ask a price:
    the option says "Costs you nothing now; more follows", and when the follow-up comes."""
    start(window, "northern_shield", SIZES[0])
    play = window.stack[0]
    s = play.session
    other = next(n for n in s.game.state.ids if n != s.player)
    window.stack[1:] = [
        EventDialog(window, play, PendingEvent(-1, "leaked_cable", s.player, other, 0))
    ]
    window.step()
    deny = next(b for b in window.top.boxes if b.text.startswith("Deny"))
    assert deny.cost == "Costs you nothing now; more follows"
    assert any(ln.text.startswith("In 3 turns: “The cable was genuine”") for ln in deny.lines)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize(
    ("size", "scale"), [((1280, 720), 1.0), ((1600, 900), 1.25)], ids=["1280x720", "ui-125"]
)
def test_the_objectives_of_every_level_fit(
    window: App, look: Look, level: str, size: tuple[int, int], scale: float
) -> None:
    """A level with many goals on a short screen: the panel sets its rows closer and drops
    the descriptions rather than draw the buttons over the goals."""
    app = window
    app.settings.ui_scale = scale
    start(app, level, size)
    found: list[str] = []
    app.push(ObjectivesScene(app, app.stack[0].session))
    look(app, "objectives", found, top_only=True)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", SIZES[:2], ids=SIZE_IDS[:2])
def test_an_offer_with_every_line_fits_above_its_buttons(
    window: App, look: Look, size: tuple[int, int]
) -> None:
    """Concert of Nations: the United Kingdom offers an access agreement with aid and a
    defence pledge. Its cost line wraps to several rows; the reminder that it lapses still
    sits above Accept and Decline."""
    from game.core.state import PendingOffer
    from game.ui.scenes.event import OfferDialog

    app = window
    start(app, "concert_of_nations", size)
    play = app.stack[0]
    st = play.session.game.state
    offer = PendingOffer(st.new_key(), "GBR", "CAN", "access", [["aid", 4], ["defence", 5]], 0)
    st.offers.append(offer)
    app.stack[1:] = []
    app.push(OfferDialog(app, play, offer))
    found: list[str] = []
    look(app, "offer", found, top_only=True)
    assert not found, "\n".join(found)
