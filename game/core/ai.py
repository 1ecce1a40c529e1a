"""AI v1: each AI nation scores candidate actions with a transparent utility and acts."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.core import actions, derived
from game.core import commands as C
from game.core.actions import ActionDef, apply, check
from game.core.actions.answers import AnswerProposal, ChooseOption
from game.core.actions.asks import AnswerRequest
from game.core.actions.proposal import join_blocked, takes_counter
from game.core.context import Ctx
from game.core.defs import AgreementKindDef
from game.core.events import ai_choice
from game.core.phrasing import an_agreement
from game.core.requests import answers_for
from game.core.rng import Stream
from game.core.state import GameState
from game.core.verdict import COMMITMENTS_COUNTED, cheapest_terms, judge, price_of
from game.core.why import Why, attach

JITTER_SLOTS = 64


@dataclass(frozen=True)
class Candidate:
    """One action an AI considered, with its utility and the reason in words."""

    utility: float
    command: C.Command
    reason: str


# One ranked entry: (-utility, command type, target, position, slot, target index).
# Sorting the tuples sorts by utility, then type and target; the position keeps the
# order of equal entries as they were listed, so ties never reach the slot.
Ranked = tuple[float, str, str, int, "Column | None", int]


@dataclass(frozen=True)
class Column:
    """One column of the score table: the action it proposes, with fixed fields, and why."""

    action: ActionDef
    layer: str
    reason: str
    kw: dict[str, Any] = field(default_factory=dict)

    key: tuple[str, tuple[tuple[str, Any], ...]] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.action.type_name, tuple(sorted(self.kw.items()))))

    def make(self, nation: str, target: str) -> C.Command:
        if self.action.scope == "self":
            return self.action.command(nation, **self.kw)
        return self.action.command(nation, target, **self.kw)  # type: ignore[call-arg]


@dataclass
class Scores:
    """What every scoring layer reads, computed once per AI phase for the scored rows."""

    ctx: Ctx
    rows: np.ndarray
    local: np.ndarray
    aff: np.ndarray
    shared: np.ndarray
    felt: np.ndarray
    weights: np.ndarray
    t_out: np.ndarray
    t_in: np.ndarray
    mutual: np.ndarray
    partners: np.ndarray
    drill: np.ndarray | None = None
    alarm: np.ndarray | None = None

    def w(self, k: int) -> np.ndarray:
        """Personality weight k (trust, affinity, security, boldness) as a column."""
        return self.weights[:, k, None]


def _dialogue(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    r = sc.ctx.rules
    warmth = 0.4 + sc.w(1) * sc.aff + sc.w(2) * 0.6 * sc.shared
    gain = r.dialogue_gain * (1.0 - sc.t_in / r.dialogue_saturation)
    return sc.w(0) * gain * warmth, sc.t_in < 85


def _confidence(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    s, r = sc.ctx.state, sc.ctx.rules
    score = sc.w(0) * r.confidence_gain * (1.0 + s.tension[sc.rows] / 20.0) * (0.5 + sc.shared)
    return score, (sc.t_in < 45) & (sc.aff > -0.4)


def _drill(sc: Scores) -> np.ndarray:
    """The wish to drill with each target, shared by the small and medium exercise layers."""
    if sc.drill is not None:
        return sc.drill
    s = sc.ctx.state
    doctrine = s.doctrine[sc.rows]
    drill = (
        sc.w(2) * sc.w(3) * (100.0 - doctrine) * 0.08 * (0.4 + sc.shared + sc.felt[:, None] / 60.0)
    )
    for p in s.promises:
        if p.status == "open" and p.kind == "exercise":
            row = sc.local[s.idx(p.promiser)]
            if row >= 0:
                drill[row, s.idx(p.promisee)] += 12.0
    sc.drill = np.asarray(drill)
    return sc.drill


def _rich(sc: Scores) -> np.ndarray:
    s, r = sc.ctx.state, sc.ctx.rules
    return np.asarray((s.budget >= r.exercise_budget[1] + 4)[sc.rows][:, None])


def _alarm(sc: Scores) -> np.ndarray:
    """Where a drill would alarm a third nation while world tension runs high: there the
    AI invites observers rather than risk a crisis (all False while tension is low)."""
    if sc.alarm is not None:
        return sc.alarm
    s, r = sc.ctx.state, sc.ctx.rules
    if s.world_tension < r.ai_calm_tension:
        sc.alarm = np.zeros((len(sc.rows), s.n), dtype=np.bool_)
        return sc.alarm
    # Nation k is uneasy about (i, j) when it distrusts i and, a little less, j.
    wary = (s.trust < r.exercise_threatened_trust).astype(np.float64)
    warier = (s.trust < r.exercise_threatened_trust + 10).astype(np.float64)
    sc.alarm = np.asarray((wary[:, sc.rows].T @ warier) > 0)
    return sc.alarm


def _drill_rich(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    return _drill(sc) * (_rich(sc) & ~_alarm(sc)), sc.partners


def _drill_poor(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    return _drill(sc) * (~_rich(sc) & ~_alarm(sc)), sc.partners


def _drill_watched(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    return _drill(sc) * _alarm(sc), sc.partners


def _training(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    doctrine = sc.ctx.state.doctrine[sc.rows]
    return sc.w(2) * (100.0 - doctrine) * 0.05 * (0.5 + sc.shared), sc.partners


def _tech(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    equipment = sc.ctx.state.equipment[sc.rows]
    return sc.w(2) * (100.0 - equipment) * 0.06 * (0.5 + sc.shared), sc.partners


def _aid(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    s = sc.ctx.state
    score = np.maximum(sc.aff, 0) * 3.0 * (s.economy < 40)[None, :]
    return score, np.broadcast_to((s.budget > 20)[sc.rows][:, None], score.shape)


def _mediate(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    """Broker talks where a target quarrels and both sides trust the mediator enough."""
    s, r = sc.ctx.state, sc.ctx.rules
    quarrel = s.grievance + s.tension
    every = np.arange(s.n)
    quarrel[every, every] = 0.0
    other = np.argmax(quarrel, axis=1)
    dispute = quarrel[every, other]
    score = sc.w(0) * sc.w(1) * np.minimum(dispute, 60.0)[None, :] / 30.0
    trusted = (sc.t_in >= r.mediation_min_trust) & (
        r.mediation_min_trust <= s.trust[other][:, sc.rows].T
    )
    return score, trusted & (dispute >= 20.0)[None, :] & (other[None, :] != sc.rows[:, None])


def _concede(sc: Scores) -> tuple[np.ndarray, np.ndarray]:
    """Open the market to a like-minded nation that does not yet trust us, while approval at
    home can bear it; nations that weigh their voters more concede less."""
    s = sc.ctx.state
    score = sc.w(1) * (0.5 + sc.aff) * 2.0 / np.maximum(sc.w(4), 0.5)
    easy = (s.approval[sc.rows] >= 55.0)[:, None]
    return score, easy & (sc.aff > 0.1) & (sc.t_in >= 35.0) & (sc.t_in < 60.0)


# The AI's scoring layers for pair actions, by the names the action declarations give.
# Each returns a utility for every (scored nation, target) and where the AI wants to act.
LAYERS: dict[str, Callable[[Scores], tuple[np.ndarray, np.ndarray]]] = {
    "dialogue": _dialogue,
    "confidence": _confidence,
    "drill_rich": _drill_rich,
    "drill_poor": _drill_poor,
    "drill_watched": _drill_watched,
    "training": _training,
    "tech": _tech,
    "aid": _aid,
    "mediate": _mediate,
    "concede": _concede,
}
# Layers whose command takes a field the rules choose: made from the action's variants.
VARIANT_LAYERS = frozenset({"mediate"})
# Layers scored apart: one per agreement kind ("propose"), one per nation for actions at home.
SPECIAL_LAYERS = frozenset({"propose", "home", "arm"})


@dataclass
class Outlook:
    """The AIs' utilities for every target, computed once per AI phase as matrices.

    Scores are a snapshot of the start of the phase; `check` still judges each
    command against the live state before it is carried out. Each score matrix keeps
    only its best targets per nation, so a nation's candidates are one row of `util`
    (utilities with their seeded tie-break already added), `target` and `valid`.
    """

    aff: np.ndarray
    shared: np.ndarray
    felt: np.ndarray
    local: np.ndarray  # nation index -> row of the tables below (-1: not scored)
    slots: tuple[Column, ...]  # one per column
    util: np.ndarray
    target: np.ndarray
    valid: np.ndarray
    jitter: np.ndarray
    # Which scored nations can pay for each column's command now, by `Column.key`.
    affords: dict[tuple[str, tuple[tuple[str, Any], ...]], np.ndarray] = field(default_factory=dict)

    def lists(self) -> tuple[list[list[float]], list[list[int]], list[list[bool]], list[str]]:
        """`util`, `target`, `valid` and the slots' command names as Python lists (made once)."""
        lists = self.__dict__.get("_lists")
        if lists is None:
            lists = self.__dict__["_lists"] = (
                self.util.tolist(),
                self.target.tolist(),
                self.valid.tolist(),
                [slot.action.type_name for slot in self.slots],
            )
        return lists

    @classmethod
    def of(
        cls, ctx: Ctx, nations: Sequence[str] | None = None, *, calendar: bool = False
    ) -> Outlook:
        """Score every nation (or only `nations`: the player's seat needs one row).

        `calendar`: the AI phase's outlook, where an AI nation proposes only in its round of
        talks (`talks_due`); the player's seat, and what a nation is after, ignore it."""
        s, level = ctx.state, ctx.level
        n = s.n
        rows = np.arange(n) if nations is None else np.array([s.idx(x) for x in nations])
        R: Any = slice(None) if nations is None else rows
        local = np.full(n, -1, dtype=np.int64)
        local[rows] = np.arange(len(rows))
        aff_full = derived.affinity(level, s)
        shared_b = derived.shared_threat(level, s)
        felt_full = derived.threat_level_felt(level, s)
        t_out, t_in = s.trust[R], s.trust.T[R]
        sc = Scores(
            ctx,
            rows,
            local,
            aff_full[R],
            shared_b[R].astype(np.float64),
            felt_full[R],
            level.personality_weights[R],
            t_out,
            t_in,
            np.minimum(t_out, t_in),
            derived.partner_matrix(s)[R],
        )
        kinds = level.agreement_kinds
        pair_cols, kind_cols = _columns(kinds)
        pair = len(pair_cols)
        costs, distinct = _column_costs(ctx, kinds)
        by_cost = dict(zip(distinct, _can_pay(ctx, rows, distinct), strict=True))
        affords = {key: by_cost[cost] for key, cost in costs.items()}
        # Every score is one layer of a stack, so the best targets of all of them, for
        # every nation, are found together.
        mats = _scratch("mats", (pair + len(kinds), len(rows), n), np.float64)
        masks = _scratch("masks", mats.shape, np.bool_)
        for k, col in enumerate(pair_cols):
            score, want = LAYERS[col.layer](sc)
            mats[k] = score
            np.logical_and(want, affords[col.key][:, None], out=masks[k])
            if masks[k].any():  # legality is asked only where a nation would act and can pay
                legal = col.action.legal
                assert legal is not None
                masks[k] &= legal(ctx, rows, col.kw)
        if kinds:
            _propose_layers(sc, kinds, kind_cols, mats[pair:], masks[pair:], affords)
            if calendar:
                masks[pair:, np.flatnonzero(~talks_due(ctx, rows))] = False
        top, best = _top_2(mats, masks, rows)
        # Columns: each score's two best targets in turn, then each agreement kind's best.
        target = np.concatenate(
            [top[:pair].transpose(1, 0, 2).reshape(len(rows), 2 * pair), top[pair:, :, 0].T],
            axis=1,
        )
        util = np.concatenate(
            [best[:pair].transpose(1, 0, 2).reshape(len(rows), 2 * pair), best[pair:, :, 0].T],
            axis=1,
        )
        slots = tuple(x for col in pair_cols for x in (col, col)) + kind_cols
        valid = target >= 0
        jitter = s.memo("ai_jitter", s.turn, lambda: _jitter(s))[R]
        pos = (np.cumsum(valid, axis=1) - 1) % JITTER_SLOTS
        util = util + jitter[np.arange(len(rows))[:, None], pos]
        return cls(
            aff_full, shared_b, felt_full, local, slots, util, target, valid, jitter, affords
        )


def _propose_layers(
    sc: Scores,
    kinds: tuple[AgreementKindDef, ...],
    cols: tuple[Column, ...],
    mats: np.ndarray,
    want: np.ndarray,
    affords: dict[tuple[str, tuple[tuple[str, Any], ...]], np.ndarray],
) -> None:
    """One layer per agreement kind: how much each nation wants it and expects a yes."""
    ctx = sc.ctx
    s, r = ctx.state, ctx.rules
    R = sc.rows
    carried = np.minimum(s.agreement_counts(), COMMITMENTS_COUNTED)
    base_own = (sc.t_out - 50.0) * r.verdict_trust + sc.aff * r.verdict_affinity
    base_own = base_own + carried[R][:, None] * r.verdict_commitment
    # What the other side's ledger will read, as far as a nation can tell: how far it is
    # trusted, the other's character and view of its values, its own reputation; not the
    # other's politics at home (an election, voters, its rivals), nor what it asks of trust.
    them = ctx.level.personality_weights.T[:, None, :]  # (weight, 1, nation)
    their_aff = derived.affinity(ctx.level, s).T[R]  # how the other side sees the values
    base_their = (sc.t_in - r.trust_neutral) * r.verdict_trust * them[0]
    base_their = base_their + their_aff * r.verdict_affinity * them[1]
    base_their = base_their + s.grievance.T[R] * r.verdict_grievance
    base_their = base_their + carried[None, :] * r.verdict_commitment
    base_their = base_their + (s.reputation[R][:, None] - 50.0) * r.verdict_reputation
    shape = (len(kinds), len(R), s.n)
    ask = np.array([k.ask for k in kinds])[:, None, None]
    own = np.subtract(
        base_own + sc.shared * r.verdict_shared_threat * sc.w(2),
        ask,
        out=_scratch("own", shape, np.float64),
    )
    their = np.subtract(
        base_their + sc.shared * r.verdict_shared_threat * them[2],
        ask,
        out=_scratch("their", shape, np.float64),
    )
    # A nation that feels threatened wants a military partner among those who share its
    # values more than the partner wants it: the need is its own, and the other side's
    # ledger does not share it.
    military = np.array([k.military for k in kinds], dtype=np.float64)[:, None, None]
    need = sc.w(2) * sc.felt[:, None] / 25.0 * (their_aff > 0) * r.verdict_shared_threat
    own += military * need[None]
    flags = _scratch("flags", shape, np.bool_)
    np.greater(own, 0, out=want)
    # What terms could add to their side, as far as the nation's boldness lets it offer them.
    reach = (
        np.minimum(_terms_allowance(ctx, R), 20.0) * r.term_aid
        + r.term_concession
        + r.term_exercise
    )
    want &= np.greater(their + reach[None, :, None], _margin(ctx, R)[None, :, None], out=flags)
    for k, col in enumerate(cols):
        want[k] &= affords[col.key][:, None]
        if want[k].any():
            legal = col.action.legal
            assert legal is not None
            want[k] &= legal(ctx, R, col.kw)
    # Nor again soon to a nation that said no (or let the last offer lapse).
    for key, turn in s.refusals.items():
        if s.turn - turn < r.proposal_cooldown:
            asker, asked = key.split(">")
            row = sc.local[s.idx(asker)] if asker in s.index else -1
            if row >= 0 and asked in s.index:
                want[:, row, s.idx(asked)] = False
    np.multiply(own, 0.3, out=own)  # 6.0 + 0.3 * own, in place
    np.add(own, 6.0, out=own)
    np.multiply(own, want, out=mats)


def talks_due(ctx: Ctx, rows: np.ndarray) -> np.ndarray:
    """Which nations of `rows` (indices) hold their round of talks this turn: an AI nation
    sends proposals, to other AI nations and to the player, on one turn in
    `ai_proposal_interval`, staggered by its place in the level. The player's own row is
    always due: the calendar binds only the AI."""
    s = ctx.state
    due = (s.turn + rows) % max(1, ctx.rules.ai_proposal_interval) == 0
    return np.asarray(due | (rows == s.idx(ctx.player)))


def next_talks(ctx: Ctx, nation: str) -> int:
    """The first turn from now on which AI nation `nation` may send proposals."""
    k = max(1, ctx.rules.ai_proposal_interval)
    return ctx.state.turn + (-(ctx.state.turn + ctx.state.idx(nation))) % k


# The ledger a cautious AI expects the other side to reach before it sends a proposal.
AI_MARGIN = 2.0


def _margin(ctx: Ctx, rows: np.ndarray | int) -> Any:
    """The estimate each nation of `rows` (or the one nation `rows`) wants before it
    proposes (lower for the bold)."""
    bold = ctx.level.personality_weights[rows, 3]
    return AI_MARGIN - ctx.rules.ai_optimism * bold


def _terms_allowance(ctx: Ctx, rows: np.ndarray | int) -> Any:
    """The budget each nation of `rows` (or the one nation `rows`) will put into a
    proposal's terms: a share of its budget, more for bolder personalities."""
    bold = ctx.level.personality_weights[rows, 3]
    return ctx.state.budget[rows] * ctx.rules.ai_terms_budget_share * bold


def _their_estimate(ctx: Ctx, look: Outlook, i: int, j: int, kind: AgreementKindDef) -> float:
    """What `i` expects nation `j`'s ledger to read for `kind` (`_propose_layers`' `their`)."""
    s, r = ctx.state, ctx.rules
    carried = min(s.agreement_count(s.ids[j]), COMMITMENTS_COUNTED)
    w = ctx.level.personality_weights[j]
    return float(
        (float(s.trust[j, i]) - r.trust_neutral) * r.verdict_trust * w[0]
        + float(look.aff[j, i]) * r.verdict_affinity * w[1]
        + float(s.grievance[j, i]) * r.verdict_grievance
        + carried * r.verdict_commitment
        + (float(s.reputation[i]) - 50.0) * r.verdict_reputation
        + float(look.shared[i, j]) * r.verdict_shared_threat * w[2]
        - kind.ask
    )


def _terms_for(
    ctx: Ctx, look: Outlook, nation: str, target: str, kind: str
) -> tuple[tuple[str, int], ...] | None:
    """The terms `nation` adds to a proposal so that its estimate of the other side's ledger
    clears the margin: none if it clears already, None if no terms it would pay for do."""
    s = ctx.state
    i, j = s.idx(nation), s.idx(target)
    need = float(_margin(ctx, i)) - _their_estimate(ctx, look, i, j, ctx.level.kind(kind))
    if need <= 0:
        return ()
    terms = cheapest_terms(ctx.level, s, nation, target, need + 1e-6)
    if terms is None:
        return None
    allowance = float(_terms_allowance(ctx, i))
    return terms if price_of(ctx.level, s, terms) <= allowance else None


def _ai_actions() -> list[ActionDef]:
    return [a for a in actions.ordered() if a.ai]


@functools.lru_cache(maxsize=16)
def _columns(kinds: tuple[AgreementKindDef, ...]) -> tuple[tuple[Column, ...], tuple[Column, ...]]:
    """The score table's columns from the registry: pair layers, then one per agreement kind."""
    pair: list[Column] = []
    per_kind: list[Column] = []
    for a in _ai_actions():
        for slot in a.ai:
            if slot.layer == "propose":
                per_kind += [
                    Column(
                        a,
                        slot.layer,
                        slot.reason.format(kind=an_agreement(k.name)),
                        {"kind": k.id},
                    )
                    for k in kinds
                ]
            elif slot.layer in LAYERS:
                pair.append(Column(a, slot.layer, slot.reason, dict(slot.kw)))
    return tuple(pair), tuple(per_kind)


def _column_costs(
    ctx: Ctx, kinds: tuple[AgreementKindDef, ...]
) -> tuple[dict[tuple[str, tuple[tuple[str, Any], ...]], actions.Cost], list[actions.Cost]]:
    """What each column's command costs (by `Column.key`), and the distinct costs in column
    order: fixed by the rules and the level's agreement kinds, so worked out once."""

    def make() -> tuple[dict[Any, actions.Cost], list[actions.Cost]]:
        pair_cols, kind_cols = _columns(kinds)
        every = (*pair_cols, *kind_cols, *_self_columns())
        costs = {col.key: _cost(ctx, col.action, col.kw) for col in every}
        return costs, list(dict.fromkeys(costs.values()))

    return ctx.rules.memo(("ai_column_costs", kinds), make)  # type: ignore[no-any-return]


def _affords(ctx: Ctx, action: ActionDef, rows: np.ndarray, kw: dict[str, Any]) -> np.ndarray:
    """Which of `rows` can pay for a command of the action with fields `kw` now."""
    ok: np.ndarray = _can_pay(ctx, rows, [_cost(ctx, action, kw)])[0]
    return ok


def _cost(ctx: Ctx, action: ActionDef, kw: dict[str, Any]) -> actions.Cost:
    fields = tuple(sorted(kw.items()))
    if action.surcharge is not None:
        return action.cost_in(ctx, _probe(action.type_name, fields))
    return ctx.rules.memo(  # type: ignore[no-any-return]
        ("ai_cost", action.type_name, fields),
        lambda: action.cost(ctx.rules, _probe(action.type_name, fields)),
    )


def _can_pay(ctx: Ctx, rows: np.ndarray, costs: Sequence[actions.Cost]) -> np.ndarray:
    """Which of `rows` can pay each of `costs` now: one row of the result per cost."""
    s = ctx.state
    capital = np.array([c.capital for c in costs])[:, None]
    budget = np.array([c.budget for c in costs])[:, None]
    per_turn = np.array([c.per_turn for c in costs])[:, None]
    funds = s.budget[rows] + 1e-9
    ok = (s.capital[rows] >= capital) & (funds >= budget)
    return np.asarray(ok & (funds >= per_turn), dtype=np.bool_)


@functools.lru_cache(maxsize=256)
def _probe(type_name: str, fields: tuple[tuple[str, Any], ...]) -> C.Command:
    """A command of an action's kind (by its type name) with `fields` and placeholder ids,
    to price it (made once: commands are frozen)."""
    action, kw = actions.ACTIONS[type_name], dict(fields)
    fill = {name: "" for name in C.field_names(action.command) if name not in kw}
    fill.pop("actor", None)
    fill.pop("terms", None)
    return action.command("", **{**fill, **kw})


def _jitter(s: GameState) -> np.ndarray:
    """This turn's seeded tie-breaks: tiny numbers added to each nation's utilities."""
    draws = Stream(s.seed, s.turn, "ai_tiebreak").uniform_array((s.n, JITTER_SLOTS)) * 1e-3
    draws.flags.writeable = False
    return draws


_SCRATCH: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}


def _scratch(name: str, shape: tuple[int, ...], dtype: type) -> np.ndarray:
    """A work array kept between AI phases (contents left over: overwrite them).

    On large worlds, fresh memory for the score stacks costs more than the arithmetic
    done in it. One array per name and shape, so scoring one seat keeps the full stacks.
    """
    key = (name, shape)
    a = _SCRATCH.get(key)
    if a is None or a.dtype != dtype:
        a = _SCRATCH[key] = np.empty(shape, dtype=dtype)
    return a


def _top_2(mats: np.ndarray, masks: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per layer and row, the columns of the two best positive masked values and the values.

    Row r belongs to nation `rows[r]`, whose own column is never a target; a column is -1
    where there are fewer. Two passes of `argmax` (documented to return the first of equal
    maxima) give the same order as a stable descending sort: ties go to the lower index.
    """
    # A product with the mask, not `np.where`: the same values where the mask holds
    # (elsewhere ±0, never a target) and several times faster on large worlds.
    vals = mats
    vals *= masks
    layers, lines = np.arange(vals.shape[0])[:, None], np.arange(vals.shape[1])[None, :]
    vals[:, lines[0], rows] = 0.0
    top = np.full((*vals.shape[:2], 2), -1, dtype=np.int64)
    best = np.zeros(top.shape)
    for t in range(min(2, vals.shape[2])):
        idx = np.argmax(vals, axis=2)
        b = vals[layers, lines, idx]
        top[:, :, t] = np.where(b > 0, idx, -1)
        best[:, :, t] = b
        vals[layers, lines, idx] = -np.inf
    return top, best


def _home(ctx: Ctx, i: int, look: Outlook) -> float:
    w_home = float(ctx.level.personality_weights[i, 4])
    return w_home * max(0.0, 50.0 - float(ctx.state.approval[i])) / 3.0


def _arm(ctx: Ctx, i: int, look: Outlook) -> float:
    s, r = ctx.state, ctx.rules
    nation = s.ids[i]
    owed = 0.0
    for p in s.promises_of(nation):
        if p.status == "open" and p.kind == "defence":
            # A pledge still short of its goal grows urgent as its deadline nears.
            short = p.baseline + p.amount - float(s.military[i])
            if short > 0:
                owed += 5.0 + r.ai_pledge_urgency * short / max(1, p.deadline - s.turn)
    w_sec = float(ctx.level.personality_weights[i, 2])
    arm = w_sec * float(look.felt[i]) / 25.0 + owed
    return arm if s.budget[i] > r.invest_defence_cost + 2 else 0.0


# Scoring layers for actions at home: one utility per nation.
SELF_LAYERS: dict[str, Callable[[Ctx, int, Outlook], float]] = {"home": _home, "arm": _arm}


def ranked(ctx: Ctx, nation: str, look: Outlook) -> list[Ranked]:
    """`nation`'s candidates as sortable tuples, best first; commands are made on demand."""
    s = ctx.state
    i = s.idx(nation)
    row = int(look.local[i])
    ids, slots = s.ids, look.slots
    util, target, valid, names = look.lists()
    out: list[Ranked] = []
    utils, targets = util[row], target[row]
    for c, ok in enumerate(valid[row]):
        if ok:
            j = targets[c]
            out.append((-utils[c], names[c], ids[j], len(out), slots[c], j))
    jitter = look.jitter[row]
    for col in _self_columns():
        if not look.affords[col.key][row]:
            continue
        u = SELF_LAYERS[col.layer](ctx, i, look)
        if u > 0:
            k = len(out)
            out.append(
                (-(u + float(jitter[k % JITTER_SLOTS])), col.action.type_name, "", k, col, -1)
            )
    out.sort()
    return out


@functools.cache
def _self_columns() -> tuple[Column, ...]:
    return tuple(
        Column(a, slot.layer, slot.reason, dict(slot.kw))
        for a in _ai_actions()
        for slot in a.ai
        if slot.layer in SELF_LAYERS
    )


def _command(nation: str, entry: Ranked, ctx: Ctx) -> tuple[C.Command, str, Column]:
    """The command a ranked entry stands for, its reason and its column."""
    _, _, target, _, col, _ = entry
    assert col is not None
    if col.layer in VARIANT_LAYERS and col.action.variants is not None:
        # Commands with a field the rules pick (the other side of a mediation).
        return next(iter(col.action.variants(ctx, nation, target))), col.reason, col
    return col.make(nation, target), col.reason, col


def candidates(ctx: Ctx, nation: str, look: Outlook) -> list[Candidate]:
    """Every action worth considering for `nation`, best first, ties broken by a seeded draw."""
    out = []
    for entry in ranked(ctx, nation, look):
        cmd, why, _ = _command(nation, entry, ctx)
        out.append(Candidate(-entry[0], cmd, why))
    return out


def act(ctx: Ctx, nation: str, look: Outlook) -> list[C.Command]:
    """Carry out the best affordable candidates; returns the commands executed, in order."""
    taken: list[C.Command] = []
    for entry in ranked(ctx, nation, look):
        if len(taken) >= ctx.rules.ai_actions_per_turn:
            break
        cmd, _, col = _command(nation, entry, ctx)
        target = entry[2]
        if col.layer == "propose":
            if join_blocked(ctx, nation, target, col.kw["kind"]):
                continue  # the bloc would not take the newcomer, as anyone can tell
            # The proposer decides from what it can know of the other side; the other side
            # judges with its whole ledger when the proposal arrives.
            terms = _terms_for(ctx, look, nation, target, col.kw["kind"])
            if terms is None:
                continue
            cmd = dataclasses.replace(cmd, terms=terms)  # type: ignore[call-arg]
        cost = actions.cost_of(ctx, cmd)
        if check(ctx, cmd, taken, cost=cost):
            continue
        start = len(ctx.outcomes)
        ctx.last_ledger = ()
        apply(ctx, cmd, quantize=False, cost=cost)
        # For a proposal, the other side's ledger as its answer read it: the reason opened
        # from the news shows it.
        ledger = ctx.last_ledger if col.layer == "propose" else ()
        attach(ctx.outcomes[start:], Why(nation, cmd, col.layer, col.reason, -entry[0], ledger))
        taken.append(cmd)
    return taken


def answer_for(ctx: Ctx, nation: str) -> list[C.Command]:
    """Commands that settle `nation`'s pending events and offers the way the AI would."""
    s = ctx.state
    cmds: list[C.Command] = []
    for p in list(s.pending):
        if p.nation != nation:
            continue
        ev = ctx.level.event(p.event)
        k = ai_choice(
            ctx.scoped(p.nation, p.target), ev, Stream(s.seed, s.turn, "player_choice", p.key)
        )
        cmds.append(ChooseOption(nation, p.key, k))
    for o in list(s.offers):
        if o.responder == nation:
            terms = tuple((str(t), int(a)) for t, a in o.terms)
            if o.counter:
                yes = takes_counter(ctx, nation, o.proposer, o.kind, terms)
            else:
                yes = judge(ctx.level, s, o.proposer, nation, o.kind, terms).accepted
            cmds.append(AnswerProposal(nation, o.key, yes))
    cmds += [AnswerRequest(nation, key, yes) for key, yes in answers_for(ctx, nation)]
    return cmds
