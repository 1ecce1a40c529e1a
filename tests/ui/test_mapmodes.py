"""Map palettes: partners, outsiders and rivals stay apart; bloc colours never pass for the
player's gold or for "no agreement"; the colour-blind palette reaches every mode."""

from __future__ import annotations

import itertools

import pygame
import pytest

from game.core.state import AgreementState
from game.ui import mapmodes
from game.ui.scenes.hud import legend_line_height
from game.ui.theme import BLOC_COLOURS, BLOC_COLOURS_CB, Theme


def distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


def test_interop_mode_keeps_rivals_and_outsiders_apart_from_partners(playing) -> None:
    s = playing.session
    st = s.game.state
    st.agreements[0].members = ["FIN", "SWE", "EST"]
    st.agreements_changed()
    fills = mapmodes.fills(s.level, st, "EST", "interop", playing.theme)
    assert fills["RUS"] == mapmodes.RIVAL  # the source of the threat against you
    assert fills["LVA"] == mapmodes.OUTSIDER
    assert fills["FIN"] not in (mapmodes.RIVAL, mapmodes.OUTSIDER, mapmodes.PLAYER_FILL)
    rows = [label for _, label in mapmodes.legend(s.level, st, "interop", playing.theme)]
    assert rows[-2:] == ["Not a partner", "Rival"]
    assert distance(mapmodes.RIVAL, mapmodes.OUTSIDER) > 40


@pytest.mark.parametrize("palette", [BLOC_COLOURS, BLOC_COLOURS_CB])
def test_bloc_colours_are_unlike_the_player_and_unaligned(palette) -> None:
    for c in palette:
        assert distance(c, mapmodes.PLAYER_FILL) > 60, c
        assert distance(c, mapmodes.UNALIGNED) > 60, c
    for a, b in itertools.combinations(palette, 2):
        assert distance(a, b) > 40, (a, b)


@pytest.mark.parametrize("key", mapmodes.MODE_KEYS)
def test_the_colour_blind_palette_reaches_every_mode(playing, key) -> None:
    s = playing.session
    st = s.game.state
    st.agreements[0].members = ["FIN", "SWE", "EST"]
    st.agreements_changed()
    standard, colourblind = Theme(), Theme()
    colourblind.configure(1.0, True)
    a = mapmodes.fills(s.level, st, "EST", key, standard)
    b = mapmodes.fills(s.level, st, "EST", key, colourblind)
    assert a != b


def test_every_bloc_colour_on_the_map_is_in_the_legend() -> None:
    """Concert of Nations a few turns in has more blocs than colours: the closest ties get a
    colour each and a row in the legend; the rest share one "other blocs" colour, so no
    colour on the map stands for two blocs or is missing from the legend."""
    from game.content.library import load_level
    from game.core.game import Game

    game = Game(load_level("concert_of_nations"), 1)
    for _ in range(3):
        game.end_turn()
    st, theme = game.state, Theme()
    fills = mapmodes.fills(game.level, st, game.player, "blocs", theme)
    rows = mapmodes.legend(game.level, st, "blocs", theme)
    legend_colours = [c for c, _ in rows]
    assert set(fills.values()) <= set(legend_colours)
    assert len(legend_colours) == len(set(legend_colours))
    assert rows[-2][0] == mapmodes.OTHER_BLOC and rows[-2][1].endswith("other blocs")
    coloured = mapmodes.coloured_blocs(game.level, st, theme)
    assert len(coloured) == mapmodes.LEGEND_BLOCS_MAX
    # The coloured ones are the closest ties shown: military alliances first.
    shown = set(mapmodes.bloc_of(game.level, st).values())
    military = {k.id for k in game.level.agreement_kinds if k.military}
    armed = [a for a in st.agreements if a.id in shown and a.kind in military]
    colour_ids = {a.id for a in coloured}
    armed_ids = {a.id for a in armed}
    assert colour_ids <= armed_ids if len(armed) >= len(coloured) else armed_ids <= colour_ids


def test_the_legend_says_what_the_lines_on_the_map_are(playing, drawn_texts) -> None:
    """Every colour of line the map draws between capitals has its row under the legend,
    inside the legend's box; a kind of line the map does not draw has none."""
    play = playing.stack[0]
    s = play.session
    st = s.game.state
    military = {k.id for k in s.level.agreement_kinds if k.military}
    drawn = {link.color for link in mapmodes.links(s.level, st, s.player)}
    rows = mapmodes.link_legend(mapmodes.links(s.level, st, s.player))
    assert {colour for colour, _ in rows} == drawn
    st.agreements.append(AgreementState(st.new_key(), sorted(military)[0], ["FIN", "SWE"], st.turn))
    st.agreements_changed()
    play.refresh()
    playing.step()
    drawn = {link.color for link in mapmodes.links(s.level, st, s.player)}
    rows = mapmodes.link_legend(play.map.links)
    assert mapmodes.OTHER_LINK in drawn and {colour for colour, _ in rows} == drawn
    texts = drawn_texts(playing)
    assert all(label in texts for _, label in rows)
    lines = len(rows) * legend_line_height(playing.theme)
    assert play.legend_rect.h >= playing.theme.px(86) + lines


def test_a_bloc_keeps_its_colour_from_turn_to_turn() -> None:
    """Over ten turns of Concert of Nations, blocs form and fall out of the coloured few; a bloc
    coloured on two turns in a row keeps its colour unless an older bloc took its place."""
    from game.content.library import load_level
    from game.core.game import Game

    game = Game(load_level("concert_of_nations"), 2)
    theme = Theme()
    before: dict[int, tuple[int, int, int]] = {}
    kept = 0
    for _ in range(10):
        game.autoplay()
        game.end_turn()
        st = game.state
        shown = {a.id for a in mapmodes.coloured_blocs(game.level, st, theme)}
        now = {k: c for k, c in mapmodes.bloc_colours(game.level, st, theme).items() if k in shown}
        newcomers = set(now) - set(before)
        for k in set(now) & set(before):
            if not any(n < k for n in newcomers):
                assert now[k] == before[k], k
                kept += 1
        before = now
    assert kept  # the check was made


def test_a_blocs_legend_row_names_as_many_members_as_fit_whole(playing) -> None:
    """A bloc's legend row names four members, or fewer with "+N" when the legend is too
    narrow, rather than shrinking and cutting a name; the tooltip has the longest form."""
    from game.ui.scenes.hud import draw_legend

    s = playing.session
    st = s.game.state
    st.agreements[:] = [
        AgreementState(st.new_key(), "dialogue_forum", ["EST", "FIN", "LVA", "SWE"], -4)
    ]
    st.agreements_changed()
    (_, forms), *_ = mapmodes.bloc_legend(s.level, st, playing.theme)
    assert forms[0].endswith("Estonia, Finland, Latvia, Sweden")
    assert forms[-1].endswith(": Estonia +3")
    surface = pygame.Surface((400, 300))
    tips = draw_legend(surface, pygame.Rect(0, 0, 230, 300), playing.theme, s, "blocs")
    assert (forms[0]) in [text for _, text in tips]  # shortened, the whole in the tooltip
    wide = draw_legend(surface, pygame.Rect(0, 0, 400, 300), playing.theme, s, "blocs")
    assert forms[0] not in [text for _, text in wide]  # all four fit: nothing to add
