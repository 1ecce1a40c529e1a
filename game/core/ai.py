"""AI v1: each AI nation scores candidate actions with a transparent utility and acts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.core import commands as C
from game.core import derived
from game.core.actions import check
from game.core.context import Ctx
from game.core.events import ai_choice
from game.core.rng import Stream
from game.core.verdict import judge


@dataclass(frozen=True)
class Candidate:
    """One action an AI considered, with its utility and the reason in words."""

    utility: float
    command: C.Command
    reason: str


@dataclass
class Outlook:
    """Every AI's utilities for every target, computed once per AI phase as n×n matrices.

    Scores are a snapshot of the start of the phase; `check` still judges each
    command against the live state before it is carried out.
    """

    aff: np.ndarray
    shared: np.ndarray
    interop: np.ndarray
    felt: np.ndarray
    pair_scores: list[tuple[np.ndarray, np.ndarray, type[C.Command], str, dict[str, int]]]
    kind_scores: list[tuple[np.ndarray, np.ndarray, str, str]]
    jitter: np.ndarray

    @classmethod
    def of(cls, ctx: Ctx) -> Outlook:
        s, r, level = ctx.state, ctx.rules, ctx.level
        aff = derived.affinity(level, s)
        shared_b = derived.shared_threat(level, s)
        shared = shared_b.astype(np.float64)
        felt = derived.threat_level_felt(level, s)
        pers = [level.personality(x.personality) for x in level.nations]
        w_trust = np.array([p.trust for p in pers])[:, None]
        w_aff = np.array([p.affinity for p in pers])[:, None]
        w_sec = np.array([p.security for p in pers])[:, None]
        w_bold = np.array([p.boldness for p in pers])[:, None]
        partners = derived.partner_matrix(s)
        t_out, t_in = s.trust, s.trust.T
        mutual = np.minimum(t_out, t_in)
        raw: list[tuple[np.ndarray, np.ndarray, type[C.Command], str, dict[str, int]]] = []
        scores = raw
        warmth = 0.4 + w_aff * aff + w_sec * 0.6 * shared
        gain = r.dialogue_gain * (1.0 - t_in / r.dialogue_saturation)
        scores.append(
            (
                w_trust * gain * warmth,
                t_in < 85,
                C.HoldDialogue,
                "build trust with a like-minded nation",
                {},
            )
        )
        repair = w_trust * r.confidence_gain * (1.0 + s.tension / 20.0) * (0.5 + shared)
        scores.append(
            (repair, (t_in < 45) & (aff > -0.4), C.BuildConfidence, "repair low trust", {})
        )
        drill = w_sec * w_bold * (100.0 - s.doctrine) * 0.08 * (0.4 + shared + felt[:, None] / 60.0)
        for p in s.promises:
            if p.status == "open" and p.kind == "exercise":
                drill[s.idx(p.promiser), s.idx(p.promisee)] += 12.0
        ok = partners & (mutual >= r.exercise_min_trust)
        rich = s.budget >= r.exercise_budget[1] + 4
        scores.append(
            (
                np.where(rich[:, None], drill, 0.0),
                ok,
                C.HoldExercise,
                "practise operating together",
                {"size": 1},
            )
        )
        scores.append(
            (
                np.where(rich[:, None], 0.0, drill),
                ok,
                C.HoldExercise,
                "practise operating together",
                {"size": 0},
            )
        )
        train = w_sec * (100.0 - s.doctrine) * 0.05 * (0.5 + shared)
        scores.append(
            (
                train,
                partners & (mutual >= r.training_min_trust),
                C.StartTraining,
                "align doctrine",
                {},
            )
        )
        tech = w_sec * (100.0 - s.equipment) * 0.06 * (0.5 + shared)
        scores.append(
            (
                tech,
                partners & (mutual >= r.tech_min_trust),
                C.TransferTechnology,
                "share equipment standards",
                {},
            )
        )
        aid = np.maximum(aff, 0) * 3.0 * (s.economy < 40)[None, :]
        scores.append(
            (
                aid,
                (s.budget > 20)[:, None] & np.ones_like(partners),
                C.GiveAid,
                "help a struggling friend",
                {"amount": 2},
            )
        )
        kinds: list[tuple[np.ndarray, np.ndarray, str, str]] = []
        base_own = (t_out - 50.0) * r.verdict_trust + aff * r.verdict_affinity
        base_their = (
            (t_in - 50.0) * r.verdict_trust + aff * r.verdict_affinity - s.grievance.T * 0.4
        )
        carried = np.array([s.agreement_count(x) for x in s.ids], dtype=np.float64)
        base_own = base_own + np.minimum(carried, 8)[:, None] * r.verdict_commitment
        base_their = base_their + np.minimum(carried, 8)[None, :] * r.verdict_commitment
        for kind in level.agreement_kinds:
            has = derived.partner_matrix(s, kind.id)
            own = base_own + shared * r.verdict_shared_threat * w_sec - kind.ask
            their = base_their + shared * r.verdict_shared_threat - kind.ask
            want = np.where((own > 0) & (their > 2) & ~has, 6.0 + 0.3 * own, 0.0)
            kinds.append((want, _top_k(want, want > 0, 1), kind.id, f"seek a {kind.name.lower()}"))
        # Each score matrix keeps only its two best targets per nation, found for all at once.
        pair = [(m, _top_k(m, mask, 2), make, why, kw) for m, mask, make, why, kw in raw]
        jitter = Stream(s.seed, s.turn, "ai_tiebreak").uniform_array((s.n, 64)) * 1e-3
        return cls(aff, shared_b, derived.interop(level, s), felt, pair, kinds, jitter)


def _top_k(values: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    """Per row, the columns of the k best positive masked values (-1 where there are fewer).

    k passes of `argmax` (documented to return the first of equal maxima) give the same
    order as a stable descending sort — ties go to the lower index — at O(n²) per pass.
    """
    vals = np.where(mask, values, 0.0)
    np.fill_diagonal(vals, 0.0)
    rows = np.arange(vals.shape[0])
    out = np.full((vals.shape[0], k), -1, dtype=np.int64)
    for t in range(min(k, vals.shape[1])):
        idx = np.argmax(vals, axis=1)
        best = vals[rows, idx]
        out[:, t] = np.where(best > 0, idx, -1)
        vals[rows, idx] = -np.inf
    return out


def candidates(ctx: Ctx, nation: str, look: Outlook) -> list[Candidate]:
    """Every action worth considering for `nation`, best first, ties broken by a seeded draw."""
    s, r, level = ctx.state, ctx.rules, ctx.level
    i = s.idx(nation)
    pers = level.personality(level.nations[i].personality)
    out: list[Candidate] = []
    for mat, top, make, why, kw in look.pair_scores:
        for j in top[i]:
            if j >= 0:
                out.append(Candidate(float(mat[i, j]), make(nation, s.ids[j], **kw), why))  # type: ignore[call-arg]
    for want, top, kind, why in look.kind_scores:
        for j in top[i]:
            if j >= 0:
                out.append(
                    Candidate(float(want[i, j]), C.ProposeAgreement(nation, s.ids[j], kind), why)
                )
    home = pers.domestic * max(0.0, 50.0 - float(s.approval[i])) / 3.0
    if home > 0:
        out.append(Candidate(home, C.RunPublicDiplomacy(nation), "shore up approval at home"))
    owed = sum(
        5.0
        for p in s.promises
        if p.status == "open" and p.promiser == nation and p.kind == "defence"
    )
    arm = pers.security * float(look.felt[i]) / 25.0 + owed
    if arm > 0 and s.budget[i] > r.invest_defence_cost + 2:
        out.append(Candidate(arm, C.InvestDefence(nation), "answer the threat"))
    jitter = look.jitter[i]
    out = [
        Candidate(c.utility + float(jitter[k % jitter.size]), c.command, c.reason)
        for k, c in enumerate(out)
    ]
    out.sort(key=lambda c: (-c.utility, type(c.command).__name__, getattr(c.command, "target", "")))
    return out


def act(ctx: Ctx, nation: str, look: Outlook) -> list[C.Command]:
    """Carry out the best affordable candidates; returns the commands executed, in order."""
    from game.core.actions import apply

    taken: list[C.Command] = []
    for cand in candidates(ctx, nation, look):
        if len(taken) >= ctx.rules.ai_actions_per_turn:
            break
        if check(ctx, cand.command, taken):
            continue
        if isinstance(cand.command, C.ProposeAgreement) and cand.command.target != ctx.player:
            s = ctx.state
            j, i = s.idx(cand.command.target), s.idx(nation)
            v = judge(
                ctx.level,
                s,
                nation,
                cand.command.target,
                cand.command.kind,
                aff=float(look.aff[j, i]),
                shared=bool(look.shared[j, i]),
            )
            if not v.accepted:
                continue  # the AI reads the same ledger the player sees before sending
        apply(ctx, cand.command, quantize=False)
        taken.append(cand.command)
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
