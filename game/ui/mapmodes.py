"""Map modes: how each colours the nations, what its legend says, and the agreement links."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from game.core import derived
from game.core.defs import LevelDef
from game.core.state import AgreementState, GameState
from game.ui.theme import RGB, Theme, mix
from game.ui.worldmap import Link

PLAYER_FILL: RGB = (214, 178, 92)
# Lighter than land outside the level, so "no agreement" still reads as a nation in play.
UNALIGNED: RGB = (118, 122, 126)
# Interoperability only means something with partners: others show as outsiders or rivals.
OUTSIDER: RGB = (104, 110, 118)
RIVAL: RGB = (84, 52, 70)
RIVAL_TRUST = 35.0  # trust in you below this, or a threat aimed at you, makes a rival
LEGEND_BLOCS_MAX = 5
# The blocs past those with a colour of their own: a sand tone, unlike "no agreement".
OTHER_BLOC: RGB = (168, 156, 130)
# The lines between capitals: the player's agreements, and military pacts among the others.
MY_LINK: RGB = (246, 214, 130)
OTHER_LINK: RGB = (170, 180, 190)


@dataclass(frozen=True)
class MapMode:
    key: str
    label: str
    hotkey: str
    legend_low: str
    legend_high: str
    diverging: bool
    good: bool = False
    short: str = ""


MODES: tuple[MapMode, ...] = (
    MapMode("trust", "Trust in you", "1", "distrust", "trust", True, short="Trust"),
    MapMode("interop", "Interoperability", "2", "none", "seamless", False, True, short="Interop"),
    MapMode("grievance", "Grievance", "3", "none", "bitter", False, short="Grievance"),
    MapMode("stability", "Stability", "4", "fragile", "stable", True, short="Stability"),
    MapMode("blocs", "Blocs", "5", "", "", False, short="Blocs"),
    MapMode("affinity", "Shared values", "6", "opposed", "aligned", True, short="Values"),
)
MODE_KEYS = tuple(m.key for m in MODES)


def mode(key: str) -> MapMode:
    return next((m for m in MODES if m.key == key), MODES[0])


def values(level: LevelDef, state: GameState, player: str, key: str) -> np.ndarray:
    """Each nation's value in a mode, on 0..1 (blocs has none)."""
    p = state.idx(player)
    if key == "trust":
        return np.asarray(state.trust[:, p] / 100.0)
    if key == "interop":
        return np.asarray(derived.interop(level, state)[p] / 100.0)
    if key == "grievance":
        return np.asarray(state.grievance[:, p] / 100.0)
    if key == "stability":
        return np.asarray(state.stability / 100.0)
    if key == "affinity":
        return np.asarray((derived.affinity(level, state)[p] + 1.0) / 2.0)
    return np.zeros(state.n)


def _closeness(level: LevelDef) -> Callable[[AgreementState], tuple[bool, float, int, int]]:
    """How close a tie an agreement is, closest least: a military one first, then the
    bigger ask, then the bigger bloc."""
    kinds = {k.id: k for k in level.agreement_kinds}

    def rank(a: AgreementState) -> tuple[bool, float, int, int]:
        k = kinds.get(a.kind)
        return (not (k and k.military), -(k.ask if k else 0.0), -len(a.members), a.id)

    return rank


def bloc_of(level: LevelDef, state: GameState) -> dict[str, int]:
    """Nation id → the id of the agreement that colours it in the blocs mode: of its
    agreements, the closest tie."""
    rank = _closeness(level)
    out: dict[str, tuple[tuple[bool, float, int, int], int]] = {}
    for a in state.agreements:
        key = rank(a)
        for m in a.members:
            if m not in out or key < out[m][0]:
                out[m] = (key, a.id)
    return {m: aid for m, (_, aid) in out.items()}


def coloured_blocs(
    level: LevelDef, state: GameState, theme: Theme, of: dict[str, int] | None = None
) -> list[AgreementState]:
    """The blocs that get a colour of their own, closest ties first (military alliances,
    then the bigger asks and blocs): as many as the palette and the legend hold. The rest
    share OTHER_BLOC, so no colour on the map stands for two blocs. `of` is `bloc_of`, when
    the caller has it already."""
    shown = set((bloc_of(level, state) if of is None else of).values())
    blocs = sorted((a for a in state.agreements if a.id in shown), key=_closeness(level))
    return blocs[: min(len(theme.blocs), LEGEND_BLOCS_MAX)]


def bloc_colours(
    level: LevelDef, state: GameState, theme: Theme, of: dict[str, int] | None = None
) -> dict[int, RGB]:
    """Agreement id → its fill in the blocs mode (OTHER_BLOC for those without a colour).

    A bloc's colour follows from its id (the next free one when that is taken), so it
    keeps its colour from turn to turn while other blocs form and dissolve."""
    own: dict[int, RGB] = {}
    free = list(range(len(theme.blocs)))
    for a in sorted(coloured_blocs(level, state, theme, of), key=lambda a: a.id):
        start = a.id % len(theme.blocs)
        k = min(free, key=lambda c: (c - start) % len(theme.blocs))
        free.remove(k)
        own[a.id] = theme.blocs[k]
    return {a.id: own.get(a.id, OTHER_BLOC) for a in state.agreements}


def stance(level: LevelDef, state: GameState, player: str) -> dict[str, str]:
    """Each other nation as "partner" (an agreement with you), "rival" or "outsider"."""
    p = state.idx(player)
    partners = {m for a in state.agreements_of(player) for m in a.members}
    threatening = {t.source for t in level.threats if t.source and player in t.threatened}
    out = {}
    for i, nid in enumerate(state.ids):
        if nid == player:
            continue
        if nid in partners:
            out[nid] = "partner"
        elif nid in threatening or float(state.trust[i, p]) < RIVAL_TRUST:
            out[nid] = "rival"
        else:
            out[nid] = "outsider"
    return out


def fills(level: LevelDef, state: GameState, player: str, key: str, theme: Theme) -> dict[str, RGB]:
    """Fill colour per nation for the map."""
    out: dict[str, RGB] = {}
    if key == "blocs":
        of = bloc_of(level, state)
        colours = bloc_colours(level, state, theme, of)
        for nid, aid in of.items():
            out[nid] = colours[aid]
        for nid in state.ids:
            out.setdefault(nid, UNALIGNED)
        return out
    m = mode(key)
    vals = values(level, state, player, key)
    kinds = stance(level, state, player) if key == "interop" else {}
    for i, nid in enumerate(state.ids):
        if nid == player and key != "stability":
            out[nid] = PLAYER_FILL
        elif kinds.get(nid) == "rival":
            out[nid] = RIVAL
        elif kinds.get(nid) == "outsider":
            out[nid] = OUTSIDER
        else:
            # Map fills sit a little toward slate so labels and borders stay readable.
            out[nid] = mix(theme.ramp(float(vals[i]), m.diverging, m.good), (40, 48, 58), 0.18)
    return out


def bloc_legend(level: LevelDef, state: GameState, theme: Theme) -> list[tuple[RGB, list[str]]]:
    """The blocs mode's swatches, each with its label from the longest form to the shortest
    (four members named, then three, two, one, with "+N" for the rest): the legend draws
    the longest that fits its width."""
    names = {n.id: n.name for n in level.nations}
    rows: list[tuple[RGB, list[str]]] = []
    of = bloc_of(level, state)
    coloured = coloured_blocs(level, state, theme, of)
    colours = bloc_colours(level, state, theme, of)
    for a in coloured:
        kind = next((k.name for k in level.agreement_kinds if k.id == a.kind), a.kind)
        forms = []
        for shown in range(min(4, len(a.members)), 0, -1):
            members = ", ".join(names.get(m, m) for m in a.members[:shown])
            more = f" +{len(a.members) - shown}" if len(a.members) > shown else ""
            forms.append(f"{kind}: {members}{more}")
        rows.append((colours[a.id], forms))
    others = len(set(of.values())) - len(coloured)
    if others > 0:
        rows.append((OTHER_BLOC, [f"{others} other {'bloc' if others == 1 else 'blocs'}"]))
    rows.append((UNALIGNED, ["No agreement"]))
    return rows


def legend(level: LevelDef, state: GameState, key: str, theme: Theme) -> list[tuple[RGB, str]]:
    """Swatches and labels for the legend box."""
    if key == "blocs":
        return [(colour, forms[0]) for colour, forms in bloc_legend(level, state, theme)]
    m = mode(key)
    steps = (0.0, 0.25, 0.5, 0.75, 1.0)
    rows = [(theme.ramp(t, m.diverging, m.good), f"{round(t * 100)}") for t in steps]
    if key == "affinity":
        rows = [(theme.ramp(t, True), f"{t * 2 - 1:+.1f}") for t in (0.0, 0.25, 0.5, 0.75, 1.0)]
    if key != "stability":
        rows.append((PLAYER_FILL, "You"))
    if key == "interop":
        rows += [(OUTSIDER, "Not a partner"), (RIVAL, "Rival")]
    return rows


def tooltip(level: LevelDef, state: GameState, player: str, key: str, nid: str) -> str:
    """One or two lines about a nation under the pointer, for the current mode."""
    names = {n.id: n.name for n in level.nations}
    i, p = state.idx(nid), state.idx(player)
    name = names.get(nid, nid)
    if nid == player:
        return (
            f"{name} (you) — approval {state.approval[p]:.0f}, stability {state.stability[p]:.0f}"
        )
    io = derived.interop(level, state)
    aff = derived.affinity(level, state)
    parts = {
        "trust": f"trust in you {state.trust[i, p]:.0f} · yours in them {state.trust[p, i]:.0f}",
        "interop": f"interoperability {io[p, i]:.0f} (equipment {state.equipment[p, i]:.0f}, "
        f"doctrine {state.doctrine[p, i]:.0f}, comms {state.communications[p, i]:.0f})",
        "grievance": f"grievance against you {state.grievance[i, p]:.0f}"
        f" · yours {state.grievance[p, i]:.0f}",
        "stability": f"stability {state.stability[i]:.0f} · approval {state.approval[i]:.0f}",
        "affinity": f"shared values {aff[p, i]:+.2f}",
    }
    if key == "blocs":
        kinds = [
            next((k.name for k in level.agreement_kinds if k.id == a.kind), a.kind)
            for a in state.agreements
            if nid in a.members
        ]
        return f"{name} — " + (", ".join(kinds) if kinds else "no agreements")
    return f"{name} — {parts.get(key, parts['trust'])}\nClick for details"


LINK_MEANINGS = (
    (MY_LINK, "Your agreements — thicker with more interoperability"),
    (OTHER_LINK, "Military pacts between other nations"),
)


def link_legend(drawn: Iterable[Link]) -> list[tuple[RGB, str]]:
    """What the lines on the map stand for: a row for each colour among the `drawn` links."""
    colours = {link.color for link in drawn}
    return [(colour, text) for colour, text in LINK_MEANINGS if colour in colours]


def links(level: LevelDef, state: GameState, player: str) -> list[Link]:
    """Agreement links between capitals: thicker with more interoperability, brighter for yours.

    Your agreements are drawn from you to each partner; among other nations only the
    military agreements are drawn, since a forum of ten would otherwise be a web of 45 lines.
    """
    io = derived.interop(level, state)
    military = {k.id for k in level.agreement_kinds if k.military}
    seen: dict[tuple[str, str], float] = {}
    for a in state.agreements:
        if player in a.members:
            pairs = [tuple(sorted((player, m))) for m in a.members if m != player]
        elif a.kind in military:
            pairs = list(itertools.combinations(sorted(a.members), 2))
        else:
            continue
        for x, y in pairs:
            seen[(x, y)] = float(io[state.idx(x), state.idx(y)])
    out = []
    for (x, y), v in sorted(seen.items()):
        mine = player in (x, y)
        width = 1.0 + 5.0 * max(0.0, min(1.0, v / 100.0))
        color = MY_LINK if mine else OTHER_LINK
        out.append(Link(x, y, width if mine else max(1.0, width * 0.6), color))
    return out
