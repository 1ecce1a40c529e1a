"""End of turn: every phase, in a fixed and documented order."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from game.core import ai, derived, objectives, tension_log
from game.core.commands import Command
from game.core.context import Ctx
from game.core.domestic import update_domestic, walk_outs
from game.core.drift import TENSION_PARTS, drift_and_decay, update_threats
from game.core.events import fire_hook, roll_events
from game.core.outcomes import declare_facts
from game.core.projects import advance_projects
from game.core.promises import resolve_promises
from game.core.requests import phase_requests
from game.core.rules import Rules
from game.core.staying import rejudge

declare_facts(ProposalLapsed=-1, GameEnded=-1)


def phase_ai(ctx: Ctx, ai_log: list[Command]) -> None:
    """1. AI actions: every AI nation, in level order, acts on its best candidates (proposals
    only in its round of talks)."""
    look = ai.Outlook.of(ctx, calendar=True)
    for nid in ctx.state.ids:
        if nid != ctx.player:
            ai_log.extend(ai.act(ctx, nid, look))
    ctx.state.quantize()


def phase_resolution(ctx: Ctx) -> None:
    """2. Resolution: offers the player had a whole turn to answer and left unanswered lapse,
    and counter-offers made this turn with them.

    Offers the AI made in this turn's AI phase stay: the player answers them next turn. A
    lapsed offer counts as a refusal: it is not made again within `proposal_cooldown`, and
    the proposer's trust in the nation that ignored it falls by `proposal_rebuff_trust`.
    """
    s = ctx.state
    for o in s.offers:
        if o.turn < s.turn or o.counter:
            what = "counter-offer" if o.counter else "proposal"
            ctx.out(
                "ProposalLapsed",
                f"The {what} from {ctx.name(o.proposer)} lapsed unanswered.",
                o.proposer,
                o.responder,
            )
            asker, asked = (o.responder, o.proposer) if o.counter else (o.proposer, o.responder)
            s.note_refusal(asker, asked, ctx.rules.proposal_cooldown)
            if not o.counter:  # ignored, the proposer feels rebuffed
                a, b = s.idx(asker), s.idx(asked)
                s.trust[a, b] = max(0.0, float(s.trust[a, b]) - ctx.rules.proposal_rebuff_trust)
    s.offers = [o for o in s.offers if o.turn >= s.turn and not o.counter]


def phase_events(ctx: Ctx) -> None:
    """3. Events: follow-ups that are due, then new events roll."""
    roll_events(ctx)


def phase_domestic(ctx: Ctx) -> None:
    """4. Domestic politics: approval, stability, collapses, elections and new governments."""
    start = len(ctx.outcomes)
    update_domestic(ctx)
    for o in ctx.outcomes[start:]:
        if o.fact == "GovernmentChanged":
            fire_hook(ctx, "government_changed", o.nations[0], None)


def capital_income(r: Rules, stability: np.ndarray) -> np.ndarray:
    """Diplomatic capital each nation earns a turn, by its stability (before the cap)."""
    bonus = np.where(stability >= r.capital_stability_threshold, r.capital_stability_bonus, 0)
    return r.capital_per_turn + bonus


def phase_income(ctx: Ctx) -> None:
    """9. Income: diplomatic capital and budget for the next turn."""
    s, r = ctx.state, ctx.rules
    s.capital[:] = np.minimum(r.capital_max, s.capital + capital_income(r, s.stability))
    # Income stops at the cap but never takes away what a nation already holds.
    s.budget[:] = np.maximum(
        s.budget, np.minimum(r.budget_max, s.budget + s.economy * r.budget_per_economy)
    )
    s.quantize()


def phase_promises(ctx: Ctx) -> None:
    """8. Promises: kept, broken, and partners walking out over broken pledges."""
    walk_outs(ctx, resolve_promises(ctx))


PHASES: tuple[tuple[str, Callable[[Ctx], None]], ...] = (
    ("resolution", phase_resolution),
    ("events", phase_events),
    ("domestic", phase_domestic),
    ("threats", update_threats),
    ("drift", drift_and_decay),
    ("projects", advance_projects),
    ("promises", phase_promises),
    ("requests", phase_requests),
    ("rejudge", rejudge),
    ("income", phase_income),
)


def end_of_turn(ctx: Ctx) -> list[Command]:
    """Run every phase in order, advance the calendar and judge the game; returns AI commands."""
    ai_log: list[Command] = []
    phase_ai(ctx, ai_log)
    for _, fn in PHASES:
        fn(ctx)
    ctx.state.turn += 1
    judge_game(ctx)
    record_history(ctx)
    return ai_log


def judge_game(ctx: Ctx) -> None:
    """10. Victory, defeat, or the score at the last turn."""
    s, level = ctx.state, ctx.level
    for g in level.defeat:
        if (g.by_turn is None or s.turn <= g.by_turn) and g.when.evaluate(ctx):
            s.result, s.result_text = "defeat", g.text
            break
    else:
        for g in level.victory:
            if (g.by_turn is None or s.turn <= g.by_turn) and g.when.evaluate(ctx):
                s.result, s.result_text = "victory", g.text
                break
    s.score = round(float(score(ctx)), 2)
    if s.result is None and s.turn >= level.turns:
        s.result, s.result_text = "ended", f"The last turn has passed. Final score {s.score:.0f}."
    if s.result is not None:
        ctx.out("GameEnded", s.result_text or s.result, ctx.player, result=s.result)


SCORE_LIMIT = 1e12
# The default score: how far the player has come along the nearest victory since the start
# (0–100), the player's standing (trust in it and its reputation, a quarter each: 0–50), and
# the result with the turns it spared.
SCORE_PROGRESS = 100.0
SCORE_VICTORY = 100.0
SCORE_PER_TURN_SPARED = 2.0
SCORE_DEFEAT = -50.0


def score(ctx: Ctx) -> float:
    """The level's score expression (or the default score), always a finite number.

    Whether a formula can reach infinity depends on the game (`trust(...) / x` with x near
    0, products of large numbers), so it cannot be ruled out when the level loads: a score
    beyond ±SCORE_LIMIT is held at the limit, and one that is not a number at all counts as 0.
    """
    formula = ctx.level.score
    if formula is None:
        return default_score(ctx)
    if "default_score" in formula.names_used:
        ctx.default_score = default_score(ctx)
    try:
        value = float(formula.evaluate(ctx))
    finally:
        ctx.default_score = None
    return 0.0 if math.isnan(value) else min(SCORE_LIMIT, max(-SCORE_LIMIT, value))


def default_score(ctx: Ctx) -> float:
    """The score of a level without a formula of its own (the `default_score` of one with)."""
    way, trust, reputation, result = (value for _, value in default_score_parts(ctx))
    return way + (trust + reputation) + result


def default_score_parts(ctx: Ctx) -> list[tuple[str, float]]:
    """The default score's four parts, each with what it counts, in the player's words."""
    s = ctx.state
    p = s.idx(ctx.player)
    trust = derived.off_diagonal_mean(s.trust.T, p)
    reputation = float(s.reputation[p])
    result = 0.0
    spared = max(0, ctx.level.turns - s.turn)
    if s.result == "victory":
        result = SCORE_VICTORY + SCORE_PER_TURN_SPARED * spared
    elif s.result == "defeat":
        result = SCORE_DEFEAT
    won = "a victory"
    if s.result == "victory":
        won = f"the victory, with {spared} turns to spare" if spared else "the victory"
    return [
        (
            "how far you have come toward the nearest victory since the start (of 100)",
            SCORE_PROGRESS * objectives.progress(ctx),
        ),
        (f"a quarter of the trust in you ({trust:.0f})", 0.25 * trust),
        (f"a quarter of your reputation ({reputation:.0f})", 0.25 * reputation),
        ("the defeat" if s.result == "defeat" else won, result),
    ]


def explain_score(ctx: Ctx) -> str:
    """How the score stands, in one sentence: the default score's parts (how far the player
    has come toward a victory, and those of the rest that count), and the level's own score
    over them when it has one, in its `score_help` words (else its expression). The parts
    are whole numbers that add up to the score as shown."""
    formula = ctx.level.score
    if formula is None:
        return f"The score counts {_usual_parts(ctx)}."
    words = (ctx.level.score_help or ctx.level.score_text).strip().rstrip(".")
    if words[:1].isupper() and not words[1:2].isupper():
        words = words[0].lower() + words[1:]
    if "default_score" not in formula.names_used:
        return f"This level's score is {words}."
    return f"This level's score is {words}; the usual score counts {_usual_parts(ctx)}."


def _usual_parts(ctx: Ctx) -> str:
    """The default score's parts in words, whole numbers that add up to it as shown."""
    parts = default_score_parts(ctx)
    wholes = whole_parts([value for _, value in parts])
    return ", ".join(
        f"{n} for {what}"
        for k, ((what, _), n) in enumerate(zip(parts, wholes, strict=True))
        if n or k == 0
    )


def whole_parts(values: list[float]) -> list[int]:
    """Whole numbers for `values` that add up to their sum as the score shows it (`.0f`):
    each rounded down, and the largest remainders (the first among equals) rounded up."""
    target = int(f"{sum(values):.0f}")
    wholes = [math.floor(v) for v in values]
    order = sorted(range(len(values)), key=lambda k: (wholes[k] - values[k], k))
    for k in order[: max(0, target - sum(wholes))]:
        wholes[k] += 1
    return wholes


def record_history(ctx: Ctx) -> None:
    s = ctx.state
    p = s.idx(ctx.player)
    partners = sorted({m for a in s.agreements_of(ctx.player) for m in a.members})
    s.history.append(
        {
            "turn": s.turn,
            "trust": round(derived.off_diagonal_mean(s.trust.T, p), 2),
            "approval": float(s.approval[p]),
            "interop": round(derived.mean_interop(ctx.level, s, partners), 2),
            "tension": s.world_tension,
            "reputation": float(s.reputation[p]),
            **tension_log.record(s.__dict__.pop(TENSION_PARTS, [])),
        }
    )
