"""What each command requires, what it costs, and what it does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from game.core import commands as C
from game.core import derived
from game.core.context import Ctx
from game.core.effects import sign
from game.core.events import choose, fire_hook, option_available
from game.core.projects import start_project
from game.core.promises import make_promise, note_progress
from game.core.rng import Stream
from game.core.rules import Rules
from game.core.state import PendingOffer, qf
from game.core.verdict import judge


class Cost(NamedTuple):
    """What a command costs now, and what a project it starts costs each turn it runs."""

    capital: int = 0
    budget: float = 0.0
    per_turn: float = 0.0
    turns: int = 0

    def text(self) -> str:
        parts = []
        if self.capital:
            parts.append(f"{self.capital} DC")
        if self.budget:
            parts.append(f"{self.budget:g} budget")
        if self.per_turn:
            parts.append(f"{self.per_turn:g} budget a turn for {self.turns} turns")
        return " + ".join(parts) or "free"


def cost_of(ctx: Ctx, cmd: C.Command) -> Cost:
    price = _COSTS.get(type(cmd))
    return Cost() if price is None else price(ctx.rules, cmd)


_ONE_DC = Cost(1)
_COSTS: dict[type, Callable[[Rules, Any], Cost]] = {
    C.HoldExercise: lambda r, cmd: Cost(1, r.exercise_budget[max(0, min(2, cmd.size))]),
    C.GiveAid: lambda r, cmd: Cost(1, float(max(0, cmd.amount))),
    C.Mediate: lambda r, cmd: Cost(2),
    C.RunPublicDiplomacy: lambda r, cmd: Cost(1, 1.0),
    C.InvestDefence: lambda r, cmd: Cost(0, r.invest_defence_cost),
    C.StartTraining: lambda r, cmd: Cost(1, 0.0, r.training_budget_per_turn, r.training_turns),
    C.TransferTechnology: lambda r, cmd: Cost(1, 0.0, r.tech_budget_per_turn, r.tech_turns),
    C.HoldDialogue: lambda r, cmd: _ONE_DC,
    C.BuildConfidence: lambda r, cmd: _ONE_DC,
    C.OfferTradeConcession: lambda r, cmd: _ONE_DC,
}


def _nation_ok(ctx: Ctx, nid: str, reasons: list[str], what: str = "target") -> bool:
    if nid not in ctx.state.index:
        reasons.append(f"unknown {what} nation {nid!r}")
        return False
    return True


def check(ctx: Ctx, cmd: C.Command, done: list[C.Command]) -> list[str]:
    """Every reason the command cannot be carried out now (empty when it can)."""
    s = ctx.state
    if s.result is not None:
        return ["the game is over"]
    reasons: list[str] = []
    index = s.index
    i = index.get(cmd.actor)
    if i is None:
        return [f"unknown acting nation {cmd.actor!r}"]
    cost = cost_of(ctx, cmd)
    if cost.capital > s.capital[i]:
        reasons.append(f"needs {cost.capital} diplomatic capital, you have {int(s.capital[i])}")
    budget = float(s.budget[i])
    if cost.budget > budget + 1e-9:
        reasons.append(f"needs {cost.budget:g} budget, you have {budget:g}")
    if cost.per_turn > budget + 1e-9:
        reasons.append(f"needs {cost.per_turn:g} budget for its first turn, you have {budget:g}")
    j = -1
    target = getattr(cmd, "target", None)
    if target is not None:
        j = index.get(target, -1)
        if j < 0:
            reasons.append(f"unknown target nation {target!r}")
            return reasons
        if target == cmd.actor:
            reasons.append("cannot target your own nation")
            return reasons
        kind = type(cmd)
        if kind is not C.GiveAid and any(
            type(d) is kind and getattr(d, "target", None) == target and d.actor == cmd.actor
            for d in done
        ):
            reasons.append(f"already done with {ctx.name(target)} this turn")
    check_fn = _CHECKS.get(type(cmd))
    if check_fn is not None:
        check_fn(ctx, cmd, reasons, i, j)
    return reasons


def _check_propose(ctx: Ctx, cmd: C.ProposeAgreement, reasons: list[str], i: int, j: int) -> None:
    kinds = [k.id for k in ctx.level.agreement_kinds]
    if cmd.kind not in kinds:
        reasons.append(f"unknown agreement kind {cmd.kind!r}")
        return
    if j >= 0 and ctx.state.has_agreement(cmd.actor, cmd.target, cmd.kind):
        reasons.append(f"already together in an agreement: {ctx.level.kind(cmd.kind).name}")
    for term, amount in cmd.terms:
        if term not in ("aid", "defence", "exercise", "concession"):
            reasons.append(f"unknown term {term!r}")
        elif amount < 0 or amount > 20:
            reasons.append(f"term {term} amount must be 0–20")
    aid = sum(a for t, a in cmd.terms if t == "aid")
    if aid > ctx.state.budget[i] + 1e-9:
        reasons.append(f"offered aid of {aid} exceeds your budget")
    if any(o.proposer == cmd.actor and o.responder == cmd.target for o in ctx.state.offers):
        reasons.append("a proposal to them is already waiting for an answer")


def _check_exercise(ctx: Ctx, cmd: C.HoldExercise, reasons: list[str], i: int, j: int) -> None:
    s, r = ctx.state, ctx.rules
    if cmd.size not in (0, 1, 2):
        reasons.append("size must be 0 (small), 1 (medium) or 2 (large)")
    if j < 0:
        return
    if min(s.trust[i, j], s.trust[j, i]) < r.exercise_min_trust:
        reasons.append(
            f"needs trust ≥ {r.exercise_min_trust:g} both ways "
            f"(now {float(s.trust[i, j]):.0f} / {float(s.trust[j, i]):.0f})"
        )
    if not s.has_agreement(cmd.actor, cmd.target):
        reasons.append("needs an agreement with them first")


def _check_training(ctx: Ctx, cmd: C.StartTraining, reasons: list[str], i: int, j: int) -> None:
    s, r = ctx.state, ctx.rules
    if j >= 0 and min(s.trust[i, j], s.trust[j, i]) < r.training_min_trust:
        reasons.append(f"needs trust ≥ {r.training_min_trust:g} both ways")
    if s.project_running("training", cmd.actor, cmd.target):
        reasons.append("a training programme with them is already running")


def _check_tech(ctx: Ctx, cmd: C.TransferTechnology, reasons: list[str], i: int, j: int) -> None:
    s, r = ctx.state, ctx.rules
    if j >= 0 and min(s.trust[i, j], s.trust[j, i]) < r.tech_min_trust:
        reasons.append(f"needs trust ≥ {r.tech_min_trust:g} both ways")
    tech_kinds = [k.id for k in ctx.level.agreement_kinds if k.allows_tech]
    if not any(s.has_agreement(cmd.actor, cmd.target, k) for k in tech_kinds):
        reasons.append("needs a technology-sharing agreement")
    if s.project_running("tech_transfer", cmd.actor, cmd.target):
        reasons.append("a technology transfer with them is already running")


def _check_aid(ctx: Ctx, cmd: C.GiveAid, reasons: list[str], i: int, j: int) -> None:
    if not 1 <= cmd.amount <= 20:
        reasons.append("aid must be 1–20")


def _check_mediate(ctx: Ctx, cmd: C.Mediate, reasons: list[str], i: int, j: int) -> None:
    s, r = ctx.state, ctx.rules
    if not _nation_ok(ctx, cmd.other, reasons, "second"):
        return
    k = s.idx(cmd.other)
    if cmd.other in (cmd.actor, cmd.target):
        reasons.append("mediation needs two other nations")
        return
    if j >= 0 and min(s.trust[j, i], s.trust[k, i]) < r.mediation_min_trust:
        reasons.append(f"both sides must trust you ≥ {r.mediation_min_trust:g}")
    if j >= 0 and s.grievance[j, k] + s.tension[j, k] < 5:
        reasons.append("they have nothing to mediate")


def _check_choose(ctx: Ctx, cmd: C.ChooseOption, reasons: list[str], i: int, j: int) -> None:
    p = next((p for p in ctx.state.pending if p.key == cmd.key and p.nation == cmd.actor), None)
    if p is None:
        reasons.append(f"no pending event {cmd.key}")
        return
    ev = ctx.level.event(p.event)
    if not 0 <= cmd.option < len(ev.options):
        reasons.append(f"option must be 1–{len(ev.options)}")
        return
    opt = ev.options[cmd.option]
    if not option_available(ctx.scoped(p.nation, p.target), opt):
        reasons.append(f"requires {opt.requires_text}")


def _check_answer(ctx: Ctx, cmd: C.AnswerProposal, reasons: list[str], i: int, j: int) -> None:
    if not any(o.key == cmd.key and o.responder == cmd.actor for o in ctx.state.offers):
        reasons.append(f"no proposal {cmd.key} waiting for you")


def _check_end(ctx: Ctx, cmd: C.EndTurn, reasons: list[str], i: int, j: int) -> None:
    waiting = [p for p in ctx.state.pending if p.nation == cmd.actor]
    if waiting:
        titles = ", ".join(ctx.level.event(p.event).title for p in waiting)
        reasons.append(f"answer the pending events first: {titles}")


_CHECKS: dict[type, Callable[..., None]] = {
    C.ProposeAgreement: _check_propose,
    C.HoldExercise: _check_exercise,
    C.StartTraining: _check_training,
    C.TransferTechnology: _check_tech,
    C.GiveAid: _check_aid,
    C.Mediate: _check_mediate,
    C.ChooseOption: _check_choose,
    C.AnswerProposal: _check_answer,
    C.EndTurn: _check_end,
}


def apply(ctx: Ctx, cmd: C.Command, quantize: bool = True) -> None:
    """Pay the cost and carry out a command that passed `check`.

    The AI phase rounds once at its end (`quantize=False` here); a player's command
    is rounded at once so the screen shows the numbers that will be saved.
    """
    s = ctx.state
    i = s.idx(cmd.actor)
    cost = cost_of(ctx, cmd)
    if cost.capital:
        s.capital[i] -= cost.capital
    s.budget[i] = qf(float(s.budget[i]) - cost.budget)
    _APPLY[type(cmd)](ctx, cmd)
    if quantize:
        s.quantize()


def _gain(t: float, base: float, saturation: float) -> float:
    return max(0.0, base * (1.0 - t / saturation))


def _dialogue(ctx: Ctx, cmd: C.HoldDialogue) -> None:
    s, r = ctx.state, ctx.rules
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    for a, b in ((i, j), (j, i)):
        s.trust[a, b] = min(
            100.0, s.trust[a, b] + _gain(s.trust[a, b], r.dialogue_gain, r.dialogue_saturation)
        )
    ctx.out(
        "DialogueHeld",
        f"{ctx.name(cmd.actor)} held a summit with {ctx.name(cmd.target)}.",
        cmd.actor,
        cmd.target,
    )


def _confidence(ctx: Ctx, cmd: C.BuildConfidence) -> None:
    s, r = ctx.state, ctx.rules
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    s.trust[j, i] = min(100.0, s.trust[j, i] + r.confidence_gain)
    partners = derived.partner_matrix(s)[j].copy()
    partners[i] = False
    s.trust[partners, i] = np.minimum(100.0, s.trust[partners, i] + r.confidence_partner_gain)
    for a, b in ((i, j), (j, i)):
        s.tension[a, b] = max(0.0, s.tension[a, b] - r.confidence_tension_cut)
    ctx.out(
        "ConfidenceBuilt",
        f"{ctx.name(cmd.actor)} opened its books to {ctx.name(cmd.target)} (transparency).",
        cmd.actor,
        cmd.target,
    )


def _propose(ctx: Ctx, cmd: C.ProposeAgreement) -> None:
    s = ctx.state
    if cmd.target == ctx.player and cmd.actor != ctx.player:
        kname = ctx.level.kind(cmd.kind).name
        s.offers.append(
            PendingOffer(
                s.new_key(), cmd.actor, cmd.target, cmd.kind, [list(t) for t in cmd.terms], s.turn
            )
        )
        ctx.out(
            "ProposalReceived",
            f"{ctx.name(cmd.actor)} proposes an agreement: {kname}.",
            cmd.actor,
            cmd.target,
        )
        return
    verdict = judge(ctx.level, s, cmd.actor, cmd.target, cmd.kind, cmd.terms)
    conclude(
        ctx,
        cmd.actor,
        cmd.target,
        cmd.kind,
        cmd.terms,
        verdict.accepted,
        f"(ledger {verdict.total:+.1f})",
    )


def conclude(
    ctx: Ctx,
    proposer: str,
    responder: str,
    kind: str,
    terms: tuple[tuple[str, int], ...],
    accepted: bool,
    why: str,
) -> None:
    s = ctx.state
    name = ctx.level.kind(kind).name
    if not accepted:
        ctx.out(
            "ProposalDeclined",
            f"{ctx.name(responder)} declined a proposal from {ctx.name(proposer)}: "
            f"{name}{f' {why}' if why else ''}.",
            proposer,
            responder,
        )
        fire_hook(ctx, "proposal_declined", proposer, responder)
        return
    sign(ctx, kind, proposer, responder, [list(t) for t in terms])
    p = s.idx(proposer)
    for term, amount in terms:
        if term == "aid" and s.budget[p] >= amount:
            s.budget[p] = qf(s.budget[p] - amount)
            s.budget[s.idx(responder)] = qf(s.budget[s.idx(responder)] + amount)
            note_progress(ctx, proposer, responder, "aid", amount)
        elif term == "defence":
            make_promise(ctx, proposer, responder, "defence", amount, 4)
        elif term == "exercise":
            make_promise(ctx, proposer, responder, "exercise", 0, max(2, amount or 4))
        elif term == "concession":
            _concession(ctx, C.OfferTradeConcession(proposer, responder), quiet=True)


def _answer(ctx: Ctx, cmd: C.AnswerProposal) -> None:
    s = ctx.state
    offer = next(o for o in s.offers if o.key == cmd.key)
    s.offers = [o for o in s.offers if o.key != cmd.key]
    terms = tuple((str(t), int(a)) for t, a in offer.terms)
    conclude(ctx, offer.proposer, offer.responder, offer.kind, terms, cmd.accept, "")


def _exercise(ctx: Ctx, cmd: C.HoldExercise) -> None:
    s, r = ctx.state, ctx.rules
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    rate = r.exercise_gain[cmd.size]
    for part in (s.doctrine, s.communications):
        now = float(part[i, j])
        part[i, j] = part[j, i] = min(100.0, now + (100.0 - now) * rate)
    s.last_exercise[i, j] = s.last_exercise[j, i] = s.turn
    size = ("small", "medium", "large")[cmd.size]
    ctx.out(
        "ExerciseHeld",
        f"{ctx.name(cmd.actor)} and {ctx.name(cmd.target)} held a {size} joint exercise.",
        cmd.actor,
        cmd.target,
    )
    # Nations that distrust both sides feel threatened.
    uneasy = (s.trust[:, i] < r.exercise_threatened_trust) & (
        s.trust[:, j] < r.exercise_threatened_trust + 10
    )
    uneasy[i] = uneasy[j] = False
    threatened = np.flatnonzero(uneasy).tolist() if uneasy.any() else []
    if threatened:
        stream = Stream(s.seed, s.turn, "incident", i, j)
        for k in threatened:
            for a in (i, j):
                s.tension[k, a] = s.tension[a, k] = min(
                    100.0, s.tension[k, a] + r.exercise_tension[cmd.size]
                )
            if stream.chance(r.exercise_incident_chance[cmd.size]):
                other = s.ids[k]
                for a in (i, j):
                    s.tension[k, a] = s.tension[a, k] = min(100.0, s.tension[k, a] + 10.0)
                ctx.out(
                    "IncidentOccurred",
                    f"Incident during the exercise: forces of "
                    f"{ctx.name(other)} and {ctx.name(cmd.actor)} came dangerously close.",
                    cmd.actor,
                    other,
                )
                fire_hook(ctx, "exercise_incident", cmd.actor, other)
        names = ", ".join(ctx.name(s.ids[k]) for k in threatened[:3])
        ctx.out(
            "TensionRose",
            f"{names} watched the exercise with unease.",
            cmd.actor,
            *(s.ids[k] for k in threatened[:3]),
        )
    note_progress(ctx, cmd.actor, cmd.target, "exercise", 1)


def _training(ctx: Ctx, cmd: C.StartTraining) -> None:
    # `advance_projects` pays each turn's cost, the first included, at the end of the turn.
    start_project(ctx, "training", cmd.actor, cmd.target)


def _tech(ctx: Ctx, cmd: C.TransferTechnology) -> None:
    start_project(ctx, "tech_transfer", cmd.actor, cmd.target)


def _aid(ctx: Ctx, cmd: C.GiveAid) -> None:
    s, r = ctx.state, ctx.rules
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    s.budget[j] += cmd.amount
    s.trust[j, i] = min(100.0, s.trust[j, i] + r.aid_trust_per_budget * cmd.amount**0.5 * 2)
    s.approval[j] = min(100.0, s.approval[j] + r.aid_approval_per_budget * cmd.amount)
    note_progress(ctx, cmd.actor, cmd.target, "aid", cmd.amount)
    ctx.out(
        "AidGiven",
        f"{ctx.name(cmd.actor)} gave {cmd.amount} in aid to {ctx.name(cmd.target)}.",
        cmd.actor,
        cmd.target,
    )


def _concession(ctx: Ctx, cmd: C.OfferTradeConcession, quiet: bool = False) -> None:
    s, r = ctx.state, ctx.rules
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    s.trust[j, i] = min(100.0, s.trust[j, i] + r.concession_trust)
    s.approval[i] = max(0.0, s.approval[i] - r.concession_approval_cost)
    s.approval[j] = min(100.0, s.approval[j] + r.concession_approval_cost)
    s.economy[j] = min(100.0, s.economy[j] + 1.0)
    if not quiet:
        ctx.out(
            "ConcessionMade",
            f"{ctx.name(cmd.actor)} opened its market to "
            f"{ctx.name(cmd.target)}; some at home grumble.",
            cmd.actor,
            cmd.target,
        )


def _mediate(ctx: Ctx, cmd: C.Mediate) -> None:
    s, r = ctx.state, ctx.rules
    i, j, k = s.idx(cmd.actor), s.idx(cmd.target), s.idx(cmd.other)
    for a, b in ((j, k), (k, j)):
        s.grievance[a, b] = max(0.0, s.grievance[a, b] - r.mediation_grievance_cut)
        s.tension[a, b] = max(0.0, s.tension[a, b] - r.mediation_tension_cut)
    for a in (j, k):
        s.trust[a, i] = min(100.0, s.trust[a, i] + 2.0)
    s.reputation[i] = min(100.0, s.reputation[i] + 2.0)
    ctx.out(
        "MediationHeld",
        f"{ctx.name(cmd.actor)} mediated between {ctx.name(cmd.target)} and {ctx.name(cmd.other)}.",
        cmd.actor,
        cmd.target,
        cmd.other,
    )


def _public(ctx: Ctx, cmd: C.RunPublicDiplomacy) -> None:
    s, r = ctx.state, ctx.rules
    i = s.idx(cmd.actor)
    s.approval[i] = min(100.0, s.approval[i] + _gain(s.approval[i], r.public_diplomacy_gain, 110.0))
    ctx.out(
        "CampaignRun",
        f"{ctx.name(cmd.actor)} campaigned at home for its foreign policy.",
        cmd.actor,
    )


def _invest(ctx: Ctx, cmd: C.InvestDefence) -> None:
    s, r = ctx.state, ctx.rules
    i = s.idx(cmd.actor)
    s.military[i] = min(100.0, s.military[i] + r.invest_defence_gain)
    s.approval[i] = max(0.0, s.approval[i] - r.invest_defence_approval_cost)
    ctx.out("DefenceRaised", f"{ctx.name(cmd.actor)} raised defence spending.", cmd.actor)


def _choose(ctx: Ctx, cmd: C.ChooseOption) -> None:
    pending = next(p for p in ctx.state.pending if p.key == cmd.key)
    choose(ctx, pending, cmd.option)


def _end(ctx: Ctx, cmd: C.EndTurn) -> None:
    """Ending the turn is carried out by `Game.end_turn`; as a command it only records intent."""


_APPLY: dict[type, Callable[..., None]] = {
    C.HoldDialogue: _dialogue,
    C.BuildConfidence: _confidence,
    C.ProposeAgreement: _propose,
    C.AnswerProposal: _answer,
    C.HoldExercise: _exercise,
    C.StartTraining: _training,
    C.TransferTechnology: _tech,
    C.GiveAid: _aid,
    C.OfferTradeConcession: _concession,
    C.Mediate: _mediate,
    C.RunPublicDiplomacy: _public,
    C.InvestDefence: _invest,
    C.ChooseOption: _choose,
    C.EndTurn: _end,
}
