"""Map palettes: partners, outsiders and rivals stay apart; bloc colours never pass for the
player's gold or for "no agreement"; the colour-blind palette reaches every mode."""

from __future__ import annotations

import itertools

import pytest

from game.ui import mapmodes
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
