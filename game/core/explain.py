"""AI motives in words: the top factors of a chosen action's utility, and what a nation wants.

Nothing here runs while the AI plays: a factor is found by scoring one nation's layer
again on the state the AI scored, with one input set to a neutral value; the difference
is that input's share of the utility.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from game.core import ai, derived
from game.core.context import Ctx
from game.core.ladder import missing_rungs
from game.core.phrasing import an_agreement, possessive, signed
from game.core.verdict import judge
from game.core.why import Why

TOP_FACTORS = 3
# Personality weights, in `LevelDef.personality_weights` order, as the player reads them.
TRAITS = ("trust", "shared values", "security", "boldness", "approval at home")


@dataclass(frozen=True)
class Factor:
    label: str
    value: float

    def text(self) -> str:
        return f"{self.label} {signed(self.value, 1)}"


def _scores(ctx: Ctx, i: int) -> ai.Scores:
    """The score inputs of nation i's row, as `ai.Outlook.of` gathers them."""
    s, level = ctx.state, ctx.level
    rows = np.array([i])
    local = np.full(s.n, -1, dtype=np.int64)
    local[i] = 0
    t_out, t_in = s.trust[rows], s.trust.T[rows]
    return ai.Scores(
        ctx,
        rows,
        local,
        derived.affinity(level, s)[rows],
        derived.shared_threat(level, s)[rows].astype(np.float64),
        derived.threat_level_felt(level, s)[rows],
        level.personality_weights[rows],
        t_out,
        t_in,
        np.minimum(t_out, t_in),
        derived.partner_matrix(s)[rows],
    )


def _set(a: np.ndarray, at: tuple[int, ...], value: float) -> np.ndarray:
    b = np.array(a, dtype=np.float64)
    b[at] = value
    return b


def _pair_tweaks(ctx: Ctx, sc: ai.Scores, i: int, j: int) -> Iterator[tuple[str, ai.Scores]]:
    """Each input of a pair layer as a label and the scores with it made neutral."""
    s = ctx.state
    me, them = ctx.name(s.ids[i]), ctx.name(s.ids[j])
    t_in, t_out = float(sc.t_in[0, j]), float(sc.t_out[0, j])
    neutral = ctx.rules.trust_neutral
    t_in_n = _set(sc.t_in, (0, j), neutral)
    yield (
        f"{possessive(them)} trust in {me} ({t_in:.0f})",
        dataclasses.replace(sc, t_in=t_in_n, mutual=np.minimum(sc.t_out, t_in_n)),
    )
    t_out_n = _set(sc.t_out, (0, j), neutral)
    yield (
        f"{possessive(me)} trust in {them} ({t_out:.0f})",
        dataclasses.replace(sc, t_out=t_out_n, mutual=np.minimum(t_out_n, sc.t_in)),
    )
    yield (
        f"shared values (affinity {float(sc.aff[0, j]):+.2f})",
        dataclasses.replace(sc, aff=_set(sc.aff, (0, j), 0.0)),
    )
    if sc.shared[0, j]:
        yield "a threat they share", dataclasses.replace(sc, shared=_set(sc.shared, (0, j), 0.0))
    if sc.felt[0]:
        yield (
            f"threat felt ({float(sc.felt[0]):.0f})",
            dataclasses.replace(sc, felt=_set(sc.felt, (0,), 0.0)),
        )
    for k, trait in enumerate(TRAITS[:4]):
        w = float(sc.weights[0, k])
        if w != 1.0:
            yield (
                f"{possessive(me)} personality: {trait} ×{w:g}",
                dataclasses.replace(sc, weights=_set(sc.weights, (0, k), 1.0)),
            )


# Inputs read from the state rather than the gathered scores: (array, label, neutral value).
STATE_INPUTS = (
    ("tension", "tension between them", 0.0),
    ("doctrine", "doctrine in common", 50.0),
    ("equipment", "equipment in common", 50.0),
)


def _layer_value(ctx: Ctx, sc: ai.Scores, layer: str, j: int) -> float:
    score, want = ai.LAYERS[layer](dataclasses.replace(sc, drill=None, alarm=None))
    return float(score[0, j]) if bool(np.asarray(want)[0, j]) else 0.0


def factors(ctx: Ctx, why: Why) -> list[Factor]:
    """The inputs that counted most in the utility of `why`'s action, largest first.

    `ctx` holds the state the AI scored (the start of its phase). Proposals are explained
    by their ledger instead, actions at home by the nation's own figures.
    """
    s = ctx.state
    i = s.idx(why.nation)
    target = getattr(why.command, "target", "")
    out: list[Factor] = []
    if why.layer in ai.LAYERS and isinstance(target, str) and target:
        j = s.idx(target)
        sc = _scores(ctx, i)
        base = _layer_value(ctx, sc, why.layer, j)
        for label, tweaked in _pair_tweaks(ctx, sc, i, j):
            out.append(Factor(label, base - _layer_value(ctx, tweaked, why.layer, j)))
        for name, label, neutral in STATE_INPUTS:
            arr = s.arrays[name]
            was = float(arr[i, j])
            arr[i, j] = arr[j, i] = neutral
            try:
                value = base - _layer_value(ctx, sc, why.layer, j)
            finally:
                arr[i, j] = arr[j, i] = was
            out.append(Factor(f"{label} ({was:.0f})", value))
    elif why.layer == "home":
        out.append(Factor(f"approval at home ({float(s.approval[i]):.0f})", why.utility))
    elif why.layer == "arm":
        felt = float(derived.threat_level_felt(ctx.level, s)[i])
        out.append(Factor(f"threat felt ({felt:.0f})", why.utility))
    out = [f for f in out if abs(f.value) >= 0.05]
    out.sort(key=lambda f: (-abs(f.value), f.label))
    return out[:TOP_FACTORS]


def reason_lines(ctx: Ctx | None, why: Why) -> list[str]:
    """What a news line opens into: the aim, its top factors and, for a proposal, the ledger.

    Without `ctx` (the state the AI scored is gone, as in a game just loaded) the
    factors are left out.
    """
    name = ctx.name(why.nation) if ctx is not None else why.nation
    lines = [f"Why: {name} wanted to {why.reason} (worth {why.utility:.1f} to it)."]
    if ctx is not None:
        tops = factors(ctx, why)
        if tops:
            said = ", ".join(f.text() for f in tops)
            lines.append(f"What weighed most (+ for it, − against): {said}.")
        kind = getattr(why.command, "kind", None)
        target = getattr(why.command, "target", "")
        if why.layer == "propose" and kind and not why.ledger and target == ctx.player:
            v = judge(ctx.level, ctx.state, ctx.player, why.nation, kind)
            lines.append(f"How {name} weighs it with you: " + ", ".join(v.lines()[:5]) + ".")
    if why.ledger:
        target = str(getattr(why.command, "target", ""))
        whose = ctx.name(target) if ctx is not None else target
        weighed = ", ".join(f"{name} {signed(value, 1)}" for name, value in why.ledger[:6])
        lines.append(f"How {whose} weighed it: {weighed}.")
    return lines


@dataclass(frozen=True)
class Wants:
    """What a nation is after and what the player could do that it would welcome most."""

    goals: tuple[str, ...]
    from_you: tuple[str, ...]
    weighs: str
    talks: str = ""  # when it next sends proposals (empty when AIs propose every turn)


def wants(ctx: Ctx, nid: str, limit: int = 3) -> Wants:
    """`nid`'s best candidates (its goals), its utilities toward the player (what would please
    it most), and the traits its personality weighs most."""
    s, player = ctx.state, ctx.player
    i, p = s.idx(nid), s.idx(player)
    look = ai.Outlook.of(ctx, [nid])
    goals: list[str] = []
    for cand in ai.candidates(ctx, nid, look):
        target = getattr(cand.command, "target", "")
        whom = "you" if target == player else ctx.name(target) if target else ""
        line = f"{cand.reason} ({whom})" if whom else cand.reason
        if line not in goals:
            goals.append(line)
        if len(goals) >= limit:
            break
    sc = _scores(ctx, i)
    liked: list[tuple[float, str]] = []
    pair_cols, _ = ai._columns(ctx.level.agreement_kinds)
    seen: set[str] = set()
    for col in pair_cols:
        if col.layer in seen:
            continue
        seen.add(col.layer)
        value = _layer_value(ctx, sc, col.layer, p)
        if value > 0:
            liked.append((value, f"{col.action.label.lower()}: {col.reason}"))
    for kdef in ctx.level.agreement_kinds:
        if any(a.kind == kdef.id and player in a.members for a in s.agreements_of(nid)):
            continue
        v = judge(ctx.level, s, player, nid, kdef.id)
        if v.accepted:
            # Welcome, but perhaps not yet open to propose: then what it still wants.
            closed = missing_rungs(ctx.level, s, player, nid, kdef.id)
            later = f"; not yet: {closed[0]}" if closed else ""
            liked.append(
                (
                    v.total,
                    f"{an_agreement(kdef.name)} with you (ledger {signed(v.total, 1)}{later})",
                )
            )
    liked.sort(key=lambda x: (-x[0], x[1]))
    w = ctx.level.personality_weights[i]
    order = sorted(range(len(TRAITS)), key=lambda k: (-float(w[k]), k))
    weighs = ", ".join(f"{TRAITS[k]} ×{float(w[k]):g}" for k in order[:3])
    return Wants(tuple(goals), tuple(t for _, t in liked[:limit]), weighs, talks_line(ctx, nid))


def talks_line(ctx: Ctx, nid: str) -> str:
    """When AI nation `nid` next sends proposals, to the player or anyone (empty when every
    turn)."""
    every = ctx.rules.ai_proposal_interval
    if every <= 1 or nid == ctx.player:
        return ""
    wait = ai.next_talks(ctx, nid) - ctx.state.turn
    when = "at the end of this turn" if wait == 0 else f"in {wait} turn{'s' * (wait > 1)}"
    return f"Sends proposals once every {every} turns: next {when}"
