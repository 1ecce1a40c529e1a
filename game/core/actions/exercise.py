"""Joint exercises: doctrine and communications rise; those who feel threatened grow tense."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core import derived
from game.core.actions.base import ActionDef, AiSlot, Cost, Fx, declare, fx, mutual_trust
from game.core.commands import Command
from game.core.context import Ctx
from game.core.events import fire_hook
from game.core.phrasing import Line
from game.core.promises import note_progress
from game.core.rng import Stream
from game.core.rules import Rules

SIZES = ("small", "medium", "large")


@dataclass(frozen=True)
class HoldExercise(Command):
    target: str
    size: int = 0  # 0 small, 1 medium, 2 large


def _check(ctx: Ctx, cmd: HoldExercise, reasons: list[str]) -> None:
    s, r = ctx.state, ctx.rules
    if cmd.size not in (0, 1, 2):
        reasons.append("size must be 0 (small), 1 (medium) or 2 (large)")
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    if min(s.trust[i, j], s.trust[j, i]) < r.exercise_min_trust:
        reasons.append(
            f"needs trust ≥ {r.exercise_min_trust:g} both ways "
            f"(now {float(s.trust[i, j]):.0f} / {float(s.trust[j, i]):.0f})"
        )
    if not s.has_agreement(cmd.actor, cmd.target):
        reasons.append("needs an agreement with them first")


def _price(rules: Rules, cmd: HoldExercise) -> Cost:
    return Cost(EXERCISE.capital_of(rules), rules.exercise_budget[max(0, min(2, cmd.size))])


def _effects(ctx: Ctx, cmd: HoldExercise) -> list[Fx]:
    s = ctx.state
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    rate = ctx.rules.exercise_gain[cmd.size]
    return [
        fx(
            "interop",
            a=cmd.actor,
            b=cmd.target,
            part=part,
            by=(100.0 - float(s.arrays[part][i, j])) * rate,
        )
        for part in ("doctrine", "communications")
    ]


def _uneasy(ctx: Ctx, i: int, j: int) -> list[int]:
    """Nations that distrust both sides and feel threatened by their exercise."""
    s, r = ctx.state, ctx.rules
    uneasy = (s.trust[:, i] < r.exercise_threatened_trust) & (
        s.trust[:, j] < r.exercise_threatened_trust + 10
    )
    uneasy[i] = uneasy[j] = False
    return np.flatnonzero(uneasy).tolist() if uneasy.any() else []


def _then(ctx: Ctx, cmd: HoldExercise) -> None:
    s, r = ctx.state, ctx.rules
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    s.last_exercise[i, j] = s.last_exercise[j, i] = s.turn
    ctx.out(
        "ExerciseHeld",
        f"{ctx.name(cmd.actor)} and {ctx.name(cmd.target)} "
        f"held a {SIZES[cmd.size]} joint exercise.",
        cmd.actor,
        cmd.target,
    )
    threatened = _uneasy(ctx, i, j)
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


def _notes(ctx: Ctx, cmd: HoldExercise) -> list[Line]:
    s, r = ctx.state, ctx.rules
    threatened = _uneasy(ctx, s.idx(cmd.actor), s.idx(cmd.target))
    if not threatened:
        return [Line("No one nearby feels threatened by it", 1)]
    names = ", ".join(ctx.name(s.ids[k]) for k in threatened[:3])
    more = f" and {len(threatened) - 3} more" if len(threatened) > 3 else ""
    chance = r.exercise_incident_chance[cmd.size] * 100
    return [
        Line(
            f"Tension with {names}{more} +{r.exercise_tension[cmd.size]:g} (they feel threatened)",
            -1,
        ),
        Line(f"{chance:g}% chance of an incident with each of them", -1),
    ]


def _legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    together = derived.partner_matrix(ctx.state)[rows]
    return np.asarray(
        (mutual_trust(ctx, rows) >= ctx.rules.exercise_min_trust) & together, dtype=np.bool_
    )


EXERCISE = declare(
    ActionDef(
        HoldExercise,
        id="exercise",
        label="Joint exercise",
        summary="Train together: doctrine and communications rise (more for larger drills); "
        "nations that distrust you both grow tense, and incidents can happen.",
        scope="pair",
        order=40,
        capital=1,
        price=_price,
        price_doc="`exercise_budget` by size (small, medium, large)",
        check=_check,
        effects=_effects,
        then=_then,
        notes=_notes,
        variants=lambda ctx, actor, target: tuple(HoldExercise(actor, target, k) for k in range(3)),
        name=lambda ctx, cmd: f"Joint exercise — {SIZES[max(0, min(2, cmd.size))]}",
        legal=_legal,
        ai=(
            AiSlot("drill_rich", "practise operating together", {"size": 1}),
            AiSlot("drill_poor", "practise operating together", {"size": 0}),
        ),
        facts={"ExerciseHeld": 1, "IncidentOccurred": -1, "TensionRose": -1},
    )
)
