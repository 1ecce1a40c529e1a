"""AI v1: each AI nation scores candidate actions with a transparent utility and acts."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.core import commands as C
from game.core import derived
from game.core.actions import check
from game.core.context import Ctx
from game.core.defs import AgreementKindDef
from game.core.events import ai_choice
from game.core.rng import Stream
from game.core.state import GameState
from game.core.verdict import judge

JITTER_SLOTS = 64


@dataclass(frozen=True)
class Candidate:
    """One action an AI considered, with its utility and the reason in words."""

    utility: float
    command: C.Command
    reason: str


@dataclass(frozen=True)
class Slot:
    """One column of the score table: the command it makes and why an AI would want it."""

    make: type[C.Command]
    reason: str
    kw: dict[str, Any] = field(default_factory=dict)


_EXERCISE = "practise operating together"
PAIR_SLOTS = (
    Slot(C.HoldDialogue, "build trust with a like-minded nation"),
    Slot(C.BuildConfidence, "repair low trust"),
    Slot(C.HoldExercise, _EXERCISE, {"size": 1}),
    Slot(C.HoldExercise, _EXERCISE, {"size": 0}),
    Slot(C.StartTraining, "align doctrine"),
    Slot(C.TransferTechnology, "share equipment standards"),
    Slot(C.GiveAid, "help a struggling friend", {"amount": 2}),
)

# One ranked entry: (-utility, command type, target, position, slot, target index).
# Sorting the tuples sorts by utility, then type and target; the position keeps the
# order of equal entries as they were listed, so ties never reach the slot.
Ranked = tuple[float, str, str, int, Slot | None, int]


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
    slots: tuple[Slot, ...]  # one per column
    util: np.ndarray
    target: np.ndarray
    valid: np.ndarray
    jitter: np.ndarray

    def lists(self) -> tuple[list[list[float]], list[list[int]], list[list[bool]], list[str]]:
        """`util`, `target`, `valid` and the slots' command names as Python lists (made once)."""
        lists = self.__dict__.get("_lists")
        if lists is None:
            lists = self.__dict__["_lists"] = (
                self.util.tolist(),
                self.target.tolist(),
                self.valid.tolist(),
                [slot.make.__name__ for slot in self.slots],
            )
        return lists

    @classmethod
    def of(cls, ctx: Ctx, nations: Sequence[str] | None = None) -> Outlook:
        """Score every nation (or only `nations`: the player's seat needs one row)."""
        s, r, level = ctx.state, ctx.rules, ctx.level
        n = s.n
        rows = np.arange(n) if nations is None else np.array([s.idx(x) for x in nations])
        R: Any = slice(None) if nations is None else rows
        local = np.full(n, -1, dtype=np.int64)
        local[rows] = np.arange(len(rows))
        aff_full = derived.affinity(level, s)
        shared_b = derived.shared_threat(level, s)
        aff = aff_full[R]
        shared = shared_b[R].astype(np.float64)
        felt_full = derived.threat_level_felt(level, s)
        felt = felt_full[R]
        weights = level.personality_weights[R]
        w_trust, w_aff, w_sec, w_bold = (weights[:, k, None] for k in range(4))
        partners = derived.partner_matrix(s)[R]
        t_out, t_in = s.trust[R], s.trust.T[R]
        mutual = np.minimum(t_out, t_in)
        kinds = level.agreement_kinds
        pair = len(PAIR_SLOTS)
        # Every score is one layer of a stack, so the best targets of all of them, for
        # every nation, are found together.
        mats = _scratch("mats", (pair + len(kinds), len(rows), n), np.float64)
        masks = _scratch("masks", mats.shape, np.bool_)
        warmth = 0.4 + w_aff * aff + w_sec * 0.6 * shared
        gain = r.dialogue_gain * (1.0 - t_in / r.dialogue_saturation)
        mats[0] = w_trust * gain * warmth
        masks[0] = t_in < 85
        mats[1] = w_trust * r.confidence_gain * (1.0 + s.tension[R] / 20.0) * (0.5 + shared)
        masks[1] = (t_in < 45) & (aff > -0.4)
        doctrine = s.doctrine[R]
        drill = w_sec * w_bold * (100.0 - doctrine) * 0.08 * (0.4 + shared + felt[:, None] / 60.0)
        for p in s.promises:
            if p.status == "open" and p.kind == "exercise":
                row = local[s.idx(p.promiser)]
                if row >= 0:
                    drill[row, s.idx(p.promisee)] += 12.0
        rich = (s.budget >= r.exercise_budget[1] + 4)[R][:, None]
        mats[2] = drill * rich
        mats[3] = drill * ~rich
        masks[2] = masks[3] = partners & (mutual >= r.exercise_min_trust)
        mats[4] = w_sec * (100.0 - doctrine) * 0.05 * (0.5 + shared)
        masks[4] = partners & (mutual >= r.training_min_trust)
        mats[5] = w_sec * (100.0 - s.equipment[R]) * 0.06 * (0.5 + shared)
        masks[5] = partners & (mutual >= r.tech_min_trust)
        mats[6] = np.maximum(aff, 0) * 3.0 * (s.economy < 40)[None, :]
        masks[6] = (s.budget > 20)[R][:, None]
        carried = np.minimum(s.agreement_counts(), 8)
        base_own = (t_out - 50.0) * r.verdict_trust + aff * r.verdict_affinity
        base_own = base_own + carried[R][:, None] * r.verdict_commitment
        base_their = (t_in - 50.0) * r.verdict_trust + aff * r.verdict_affinity
        base_their = base_their - s.grievance.T[R] * 0.4 + carried[None, :] * r.verdict_commitment
        if kinds:
            shape = (len(kinds), len(rows), n)
            ask = np.array([k.ask for k in kinds])[:, None, None]
            own = np.subtract(
                base_own + shared * r.verdict_shared_threat * w_sec,
                ask,
                out=_scratch("own", shape, np.float64),
            )
            their = np.subtract(
                base_their + shared * r.verdict_shared_threat,
                ask,
                out=_scratch("their", shape, np.float64),
            )
            want, flags = masks[pair:], _scratch("flags", shape, np.bool_)
            np.greater(own, 0, out=want)
            want &= np.greater(their, 2, out=flags)
            np.stack([derived.partner_matrix(s, k.id)[R] for k in kinds], out=flags)
            want &= np.logical_not(flags, out=flags)
            np.multiply(own, 0.3, out=own)  # 6.0 + 0.3 * own, in place
            np.add(own, 6.0, out=own)
            np.multiply(own, want, out=mats[pair:])
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
        slots = _slots(kinds)
        valid = target >= 0
        jitter = s.memo("ai_jitter", s.turn, lambda: _jitter(s))[R]
        pos = (np.cumsum(valid, axis=1) - 1) % JITTER_SLOTS
        util = util + jitter[np.arange(len(rows))[:, None], pos]
        return cls(aff_full, shared_b, felt_full, local, slots, util, target, valid, jitter)


def _jitter(s: GameState) -> np.ndarray:
    """This turn's seeded tie-breaks: tiny numbers added to each nation's utilities."""
    draws = Stream(s.seed, s.turn, "ai_tiebreak").uniform_array((s.n, JITTER_SLOTS)) * 1e-3
    draws.flags.writeable = False
    return draws


@functools.lru_cache(maxsize=16)
def _slots(kinds: tuple[AgreementKindDef, ...]) -> tuple[Slot, ...]:
    """The score table's columns: two per pair score, then one per agreement kind."""
    return tuple(x for slot in PAIR_SLOTS for x in (slot, slot)) + tuple(
        Slot(C.ProposeAgreement, f"seek a {k.name.lower()}", {"kind": k.id}) for k in kinds
    )


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


def ranked(ctx: Ctx, nation: str, look: Outlook) -> list[Ranked]:
    """`nation`'s candidates as sortable tuples, best first; commands are made on demand."""
    s, r, level = ctx.state, ctx.rules, ctx.level
    i = s.idx(nation)
    row = int(look.local[i])
    ids, slots = s.ids, look.slots
    util, target, valid, names = look.lists()
    out: list[Ranked] = []
    for c, j in enumerate(target[row]):
        if valid[row][c]:
            out.append((-util[row][c], names[c], ids[j], len(out), slots[c], j))
    jitter = look.jitter[row]
    _, _, w_sec, _, w_home = level.personality_weights[i].tolist()
    home = w_home * max(0.0, 50.0 - float(s.approval[i])) / 3.0
    if home > 0:
        k = len(out)
        u = home + float(jitter[k % JITTER_SLOTS])
        out.append((-u, "RunPublicDiplomacy", "", k, None, -1))
    owed = sum(
        5.0
        for p in s.promises
        if p.status == "open" and p.promiser == nation and p.kind == "defence"
    )
    arm = w_sec * float(look.felt[i]) / 25.0 + owed
    if arm > 0 and s.budget[i] > r.invest_defence_cost + 2:
        k = len(out)
        u = arm + float(jitter[k % JITTER_SLOTS])
        out.append((-u, "InvestDefence", "", k, None, -1))
    out.sort()
    return out


def _command(nation: str, entry: Ranked) -> tuple[C.Command, str]:
    """The command a ranked entry stands for, and its reason."""
    _, name, target, _, slot, _ = entry
    if slot is not None:
        return slot.make(nation, target, **slot.kw), slot.reason  # type: ignore[call-arg]
    if name == "RunPublicDiplomacy":
        return C.RunPublicDiplomacy(nation), "shore up approval at home"
    return C.InvestDefence(nation), "answer the threat"


def candidates(ctx: Ctx, nation: str, look: Outlook) -> list[Candidate]:
    """Every action worth considering for `nation`, best first, ties broken by a seeded draw."""
    out = []
    for entry in ranked(ctx, nation, look):
        cmd, why = _command(nation, entry)
        out.append(Candidate(-entry[0], cmd, why))
    return out


def act(ctx: Ctx, nation: str, look: Outlook) -> list[C.Command]:
    """Carry out the best affordable candidates; returns the commands executed, in order."""
    from game.core.actions import apply

    taken: list[C.Command] = []
    for entry in ranked(ctx, nation, look):
        if len(taken) >= ctx.rules.ai_actions_per_turn:
            break
        cmd, _ = _command(nation, entry)
        if check(ctx, cmd, taken):
            continue
        if isinstance(cmd, C.ProposeAgreement) and cmd.target != ctx.player:
            s = ctx.state
            j, i = s.idx(cmd.target), s.idx(nation)
            v = judge(
                ctx.level,
                s,
                nation,
                cmd.target,
                cmd.kind,
                aff=float(look.aff[j, i]),
                shared=bool(look.shared[j, i]),
            )
            if not v.accepted:
                continue  # the AI reads the same ledger the player sees before sending
        apply(ctx, cmd, quantize=False)
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
        cmds.append(C.ChooseOption(nation, p.key, k))
    for o in list(s.offers):
        if o.responder == nation:
            terms = tuple((str(t), int(a)) for t, a in o.terms)
            v = judge(ctx.level, s, o.proposer, nation, o.kind, terms)
            cmds.append(C.AnswerProposal(nation, o.key, v.accepted))
    return cmds
