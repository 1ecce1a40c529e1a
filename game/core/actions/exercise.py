"""Joint exercises: doctrine and communications rise; those who feel threatened grow tense."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core import derived
from game.core.actions.base import (
    ActionDef,
    AiSlot,
    Cost,
    Fx,
    check_mutual_trust,
    declare,
    fx,
    mutual_trust,
)
from game.core.commands import Command
from game.core.context import Ctx
from game.core.events import fire_hook
from game.core.phrasing import Line, listing
from game.core.promises import note_progress
from game.core.rng import Stream
from game.core.rules import Rules
from game.core.tension_log import cause_key, set_pair

SIZES = ("small", "medium", "large")


@dataclass(frozen=True)
class HoldExercise(Command):
    target: str
    size: int = 0  # 0 small, 1 medium, 2 large
    # Observers from the nations that would feel threatened watch the drill: no tension
    # and no incident with them, but a smaller gain and more capital.
    observers: bool = False


def _check(ctx: Ctx, cmd: HoldExercise, reasons: list[str]) -> None:
    s, r = ctx.state, ctx.rules
    if cmd.size not in (0, 1, 2):
        reasons.append("size must be 0 (small), 1 (medium) or 2 (large)")
    if not isinstance(cmd.observers, bool):
        reasons.append("observers must be true or false")
    check_mutual_trust(ctx, cmd, r.exercise_min_trust, reasons)
    if not s.has_agreement(cmd.actor, cmd.target):
        reasons.append("needs an agreement with them first")


def _price(rules: Rules, cmd: HoldExercise) -> Cost:
    extra = int(rules.exercise_observers_capital) if cmd.observers is True else 0
    return Cost(EXERCISE.capital_of(rules) + extra, rules.exercise_budget[max(0, min(2, cmd.size))])


def _effects(ctx: Ctx, cmd: HoldExercise) -> list[Fx]:
    s = ctx.state
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    rate = ctx.rules.exercise_gain[cmd.size]
    if cmd.observers:
        rate *= ctx.rules.exercise_observers_gain
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
    if threatened and cmd.observers:
        cut = r.exercise_observers_tension_cut
        for k in threatened:
            for a in (i, j):
                set_pair(s, ctx.cause, k, a, max(0.0, float(s.tension[k, a]) - cut))
        ctx.out(
            "ObserversWatched",
            f"Observers from {_names(ctx, threatened)} watched as {_whose(ctx, cmd)}; "
            "no one was alarmed.",
            cmd.actor,
            *(s.ids[k] for k in threatened[:3]),
        )
    elif threatened:
        stream = Stream(s.seed, s.turn, "incident", i, j)
        for k in threatened:
            for a in (i, j):
                rise = float(s.tension[k, a]) + r.exercise_tension[cmd.size]
                set_pair(s, ctx.cause, k, a, min(100.0, rise))
            if stream.chance(r.exercise_incident_chance[cmd.size]):
                other = s.ids[k]
                clash = cause_key("incident", cmd.actor, other)
                for a in (i, j):
                    set_pair(s, clash, k, a, min(100.0, float(s.tension[k, a]) + 10.0))
                ctx.out(
                    "IncidentOccurred",
                    f"Incident during the exercise: forces of "
                    f"{ctx.name(other)} and {ctx.name(cmd.actor)} came dangerously close.",
                    cmd.actor,
                    other,
                )
                fire_hook(ctx, "exercise_incident", cmd.actor, other)
        ctx.out(
            "TensionRose",
            f"{_names(ctx, threatened)} watched uneasily as {_whose(ctx, cmd)}.",
            cmd.actor,
            *(s.ids[k] for k in threatened[:3]),
        )
    note_progress(ctx, cmd.actor, cmd.target, "exercise", 1)


def _names(ctx: Ctx, nations: list[int]) -> str:
    return listing([ctx.name(ctx.state.ids[k]) for k in nations])


def _whose(ctx: Ctx, cmd: HoldExercise) -> str:
    """ "Germany drilled with Norway": which of the turn's exercises it was, and whose."""
    return f"{ctx.name(cmd.actor)} drilled with {ctx.name(cmd.target)}"


def _notes(ctx: Ctx, cmd: HoldExercise) -> list[Line]:
    s, r = ctx.state, ctx.rules
    threatened = _uneasy(ctx, s.idx(cmd.actor), s.idx(cmd.target))
    if not threatened:
        return [Line("No one nearby feels threatened by it", 1)]
    if cmd.observers:
        return [
            Line(
                f"Observers from {_names(ctx, threatened)}: tension with them "
                f"−{r.exercise_observers_tension_cut:g}, no incident",
                1,
            ),
        ]
    chance = r.exercise_incident_chance[cmd.size] * 100
    return [
        Line(
            f"Tension with {_names(ctx, threatened)} +{r.exercise_tension[cmd.size]:g} "
            "(they feel threatened)",
            -1,
        ),
        Line(f"{chance:g}% chance of an incident with each of them", -1),
    ]


def _legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    together = derived.partner_matrix(ctx.state)[rows]
    ok = (mutual_trust(ctx, rows) >= ctx.rules.exercise_min_trust) & together
    return np.asarray(ok, dtype=np.bool_)


def _variants(ctx: Ctx, actor: str, target: str) -> tuple[HoldExercise, ...]:
    """Each size; with observers too where someone would feel threatened."""
    plain = tuple(HoldExercise(actor, target, k) for k in range(3))
    s = ctx.state
    if not _uneasy(ctx, s.idx(actor), s.idx(target)):
        return plain
    return plain + tuple(HoldExercise(actor, target, k, observers=True) for k in range(3))


def _name(ctx: Ctx, cmd: HoldExercise) -> str:
    size = SIZES[max(0, min(2, cmd.size))]
    return f"Joint exercise — {size}" + (", observers invited" if cmd.observers else "")


EXERCISE = declare(
    ActionDef(
        HoldExercise,
        id="exercise",
        label="Joint exercise",
        summary="Train together: doctrine and communications rise (more for larger drills); "
        "nations that distrust you both grow tense, and incidents can happen — unless you "
        "invite their observers (smaller gain, 1 more capital).",
        scope="pair",
        order=40,
        capital=1,
        price=_price,
        price_doc="`exercise_budget` by size (small, medium, large); "
        "`exercise_observers_capital` more with observers",
        check=_check,
        effects=_effects,
        then=_then,
        notes=_notes,
        variants=_variants,
        name=_name,
        legal=_legal,
        ai=(
            AiSlot("drill_rich", "practise operating together", {"size": 1}),
            AiSlot("drill_poor", "practise operating together", {"size": 0}),
            AiSlot(
                "drill_watched",
                "practise together without alarming anyone",
                {"size": 1, "observers": True},
            ),
        ),
        facts={"ExerciseHeld": 1, "IncidentOccurred": -1, "TensionRose": -1, "ObserversWatched": 1},
    )
)
