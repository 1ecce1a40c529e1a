"""Training programmes and technology transfers: multi-turn projects paid every turn."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core import derived
from game.core.actions.base import (
    ACTIONS,
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
from game.core.phrasing import Line, plural
from game.core.projects import project_terms
from game.core.rules import Rules
from game.core.state import GameState


@dataclass(frozen=True)
class StartTraining(Command):
    target: str


@dataclass(frozen=True)
class TransferTechnology(Command):
    target: str


def _running(kind: str, what: str) -> Callable[[Ctx, Any, list[str]], None]:
    def check(ctx: Ctx, cmd: Any, reasons: list[str]) -> None:
        if ctx.state.project_running(kind, cmd.actor, cmd.target):
            reasons.append(f"{what} with them is already running")

    return check


def _running_mask(ctx: Ctx, rows: np.ndarray, kind: str) -> np.ndarray:
    """Where no project of `kind` runs between an actor of `rows` and each nation."""
    s = ctx.state
    # Projects are only appended to their list, or the list is replaced: the list and its
    # length date the table.
    busy = s.memo("running:" + kind, (s.projects, len(s.projects)), lambda: _running_table(s, kind))
    return np.asarray(~busy[rows])


def _running_table(s: GameState, kind: str) -> np.ndarray:
    busy = np.zeros((s.n, s.n), dtype=np.bool_)
    for p in s.projects:
        if p.kind == kind:
            a, b = s.idx(p.a), s.idx(p.b)
            busy[a, b] = busy[b, a] = True
    busy.flags.writeable = False
    return busy


def _start(kind: str) -> Callable[[Ctx, Any], list[Fx]]:
    def effects(ctx: Ctx, cmd: Any) -> list[Fx]:
        # `advance_projects` pays each turn's cost, the first included, at the end of the turn.
        return [fx("start_project", kind=kind, a=cmd.actor, b=cmd.target)]

    return effects


def _price(kind: str) -> Callable[[Rules, Any], Cost]:
    def price(rules: Rules, cmd: Any) -> Cost:
        terms = project_terms(rules, kind)
        return Cost(ACTIONS[type(cmd).__name__].capital_of(rules), 0.0, terms.cost, terms.turns)

    return price


def _notes(kind: str, what: str) -> Callable[[Ctx, Any], list[Line]]:
    def notes(ctx: Ctx, cmd: Any) -> list[Line]:
        terms = project_terms(ctx.rules, kind)
        return [Line(f"{what} +{terms.gain:g} a turn for {plural(terms.turns, 'turn')}", 1)]

    return notes


def _nothing(ctx: Ctx, cmd: Any) -> None:
    """Starting a project says so itself (`ProjectStarted`)."""


_running_training = _running("training", "a training programme")


def _check_training(ctx: Ctx, cmd: StartTraining, reasons: list[str]) -> None:
    check_mutual_trust(ctx, cmd, ctx.rules.training_min_trust, reasons)
    _running_training(ctx, cmd, reasons)


def _training_legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    trusted = mutual_trust(ctx, rows) >= ctx.rules.training_min_trust
    return np.asarray(trusted & _running_mask(ctx, rows, "training"), dtype=np.bool_)


TRAINING = declare(
    ActionDef(
        StartTraining,
        id="training",
        label="Training programme",
        summary="Officers train together for several turns: doctrine aligns a little every "
        "turn; budget is paid every turn, and it stops if unpaid.",
        scope="pair",
        order=50,
        capital=1,
        price=_price("training"),
        price_doc="`training_budget_per_turn` every turn for `training_turns` turns",
        check=_check_training,
        effects=_start("training"),
        then=_nothing,
        notes=_notes("training", "Doctrine alignment"),
        variants=lambda ctx, actor, target: (StartTraining(actor, target),),
        legal=_training_legal,
        ai=(AiSlot("training", "align doctrine"),),
    )
)


_running_tech = _running("tech_transfer", "a technology transfer")


def _tech_kinds(ctx: Ctx) -> list[str]:
    return [k.id for k in ctx.level.agreement_kinds if k.allows_tech]


def _check_tech(ctx: Ctx, cmd: TransferTechnology, reasons: list[str]) -> None:
    check_mutual_trust(ctx, cmd, ctx.rules.tech_min_trust, reasons)
    if not any(ctx.state.has_agreement(cmd.actor, cmd.target, k) for k in _tech_kinds(ctx)):
        reasons.append("needs a technology-sharing agreement")
    _running_tech(ctx, cmd, reasons)


def _tech_legal(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    s = ctx.state
    ok = mutual_trust(ctx, rows) >= ctx.rules.tech_min_trust
    shares = np.zeros((len(rows), s.n), dtype=np.bool_)
    for k in _tech_kinds(ctx):
        shares |= derived.partner_matrix(s, k)[rows]
    return np.asarray(ok & shares & _running_mask(ctx, rows, "tech_transfer"), dtype=np.bool_)


TECH = declare(
    ActionDef(
        TransferTechnology,
        id="tech_transfer",
        label="Technology transfer",
        summary="Share equipment over several turns: equipment compatibility rises every turn "
        "(it never decays); needs a technology-sharing agreement and high trust.",
        scope="pair",
        order=60,
        capital=1,
        price=_price("tech_transfer"),
        price_doc="`tech_budget_per_turn` every turn for `tech_turns` turns",
        check=_check_tech,
        effects=_start("tech_transfer"),
        then=_nothing,
        notes=_notes("tech_transfer", "Equipment compatibility"),
        variants=lambda ctx, actor, target: (TransferTechnology(actor, target),),
        legal=_tech_legal,
        ai=(AiSlot("tech", "share equipment standards"),),
    )
)
