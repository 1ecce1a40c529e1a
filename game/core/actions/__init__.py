"""Player actions: the registry of declarations, and checking, applying and listing commands.

Every module in this package but `base` declares one action or one small family. Adding an
action means adding a module here (and its test); the command table, costs, checks, the AI's
candidates, the nation panel and the manual are all generated from the registry.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.core import commands as C
from game.core.actions.base import ACTIONS, BY_CLASS, ActionDef, Cost, fields_of, has_target, of
from game.core.context import Ctx
from game.core.gates import gate_reason
from game.core.phrasing import short_of
from game.core.state import qf
from game.core.tension_log import cause_key

__all__ = [
    "ACTIONS",
    "ActionDef",
    "Cost",
    "MenuRow",
    "apply",
    "by_id",
    "check",
    "cost_of",
    "legal_commands",
    "menu",
    "of",
    "ordered",
]

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name != "base":
        importlib.import_module(f"{__name__}.{_info.name}")

C.register_types(a.command for a in ACTIONS.values())


def ordered() -> list[ActionDef]:
    """Every declaration in display order (the nation panel's, the manual's, the AI's columns)."""
    return sorted(ACTIONS.values(), key=lambda a: (a.order, a.type_name))


def cost_of(ctx: Ctx, cmd: C.Command) -> Cost:
    return of(cmd).cost_in(ctx, cmd)


def check(
    ctx: Ctx,
    cmd: C.Command,
    done: list[C.Command],
    *,
    any_reason: bool = False,
    cost: Cost | None = None,
) -> list[str]:
    """Every reason the command cannot be carried out now (empty when it can).

    `any_reason`: only whether there is one matters; the reasons stop at the first stage
    that finds some (what it costs, then its target, then the level's gate, then the
    action's own checks). `cost`: the command's `cost_of`, if the caller has it already."""
    s = ctx.state
    if s.result is not None:
        return ["the game is over"]
    action = BY_CLASS.get(type(cmd))
    if action is None:
        return [f"unknown command {type(cmd).__name__}"]
    reasons: list[str] = []
    i = s.index.get(cmd.actor)
    if i is None:
        return [f"unknown acting nation {cmd.actor!r}"]
    if cost is None:
        cost = action.cost_in(ctx, cmd)
    if cost.capital > s.capital[i]:
        reasons.append(f"needs {cost.capital} diplomatic capital, you have {int(s.capital[i])}")
    budget = float(s.budget[i])
    if cost.budget > budget + 1e-9:
        reasons.append(f"needs {cost.budget:g} budget, you have {short_of(budget, cost.budget)}")
    if cost.per_turn > budget + 1e-9:
        have = short_of(budget, cost.per_turn)
        reasons.append(f"needs {cost.per_turn:g} budget for its first turn, you have {have}")
    if any_reason and reasons:
        return reasons
    target = has_target(cmd)
    if target is not None:
        if target not in s.index:
            reasons.append(f"unknown target nation {target!r}")
            return reasons
        if target == cmd.actor:
            reasons.append("cannot target your own nation")
            return reasons
        if (
            action.once_per_target
            and any(
                type(d) is type(cmd) and has_target(d) == target and d.actor == cmd.actor
                for d in done
            )
            # A counter-offer waiting from the target reopens the talks: an amended
            # proposal may go.
            and not any(
                o.counter and o.proposer == target and o.responder == cmd.actor for o in s.offers
            )
        ):
            reasons.append(f"already done with {ctx.name(target)} this turn")
    gate = ctx.level.action_gate(action.id)
    if gate is not None:
        closed = gate_reason(ctx.level, s, gate, cmd.actor, target)
        if closed is not None:
            reasons.append(closed)
    if any_reason and reasons:
        return reasons
    if action.check is not None:
        action.check(ctx, cmd, reasons)
    return reasons


def apply(ctx: Ctx, cmd: C.Command, quantize: bool = True, cost: Cost | None = None) -> None:
    """Pay the cost (`cost_of`, if the caller has it already) and carry out a command that
    passed `check`.

    The AI phase rounds once at its end (`quantize=False` here); a player's command
    is rounded at once so the screen shows the numbers that will be saved.
    """
    s = ctx.state
    i = s.idx(cmd.actor)
    action = of(cmd)
    if cost is None:
        cost = action.cost_in(ctx, cmd)
    if cost.capital:
        s.capital[i] -= cost.capital
    s.budget[i] = qf(float(s.budget[i]) - cost.budget)
    outer = ctx.cause
    ctx.cause = cause_of(cmd)
    action.carry_out(ctx, cmd)
    ctx.cause = outer
    if quantize:
        s.quantize()


def cause_of(cmd: C.Command) -> str:
    """What the tension a command changes is noted under: its action, actor and target."""
    target = getattr(cmd, "target", "")
    return cause_key(
        of(cmd).id, cmd.actor, *((target,) if isinstance(target, str) and target else ())
    )


def legal_commands(ctx: Ctx, actor: str, done: list[C.Command]) -> list[C.Command]:
    """Every command `actor` may give now, in a fixed order: answers, actions, end of turn.

    Actions come in display order, each toward every other nation in level order (proposals
    without terms; aid in a few sizes). Each is one `check` accepts.
    """
    out: list[C.Command] = []
    index = ctx.state.index
    for action in ordered():
        if action.variants is None:
            continue
        targets = [x for x in ctx.state.ids if x != actor] if action.scope == "pair" else [""]
        # Toward whom the action could be legal, found at once for each set of the command's
        # other fields: `check` is asked only there (it refuses everywhere else).
        open_to: dict[tuple[tuple[str, Any], ...], list[bool]] = {}
        for target in targets:
            for cmd in action.variants(ctx, actor, target):
                if action.legal is not None and action.scope == "pair":
                    kw = fields_of(cmd)
                    key = tuple(sorted(kw.items()))
                    row = open_to.get(key)
                    if row is None:
                        rows = np.array([index[actor]])
                        row = open_to[key] = action.legal(ctx, rows, kw)[0].tolist()
                    if not row[index[target]]:
                        continue
                if not check(ctx, cmd, done, any_reason=True):
                    out.append(cmd)
    order = {"answer": 0, "self": 1, "pair": 1, "turn": 2}
    out.sort(key=lambda c: order[of(c).scope])  # stable: keeps display order within a group
    return out


@dataclass(frozen=True)
class MenuRow:
    """One command a nation could give toward a target, legal or not, with every reason."""

    action: ActionDef
    command: C.Command
    label: str
    reasons: tuple[str, ...]
    cost: Cost


def menu(ctx: Ctx, actor: str, target: str, done: list[C.Command]) -> list[MenuRow]:
    """Every command of every action toward `target` (its own actions when `target` is
    `actor`), in display order, each with the reasons it would be refused (none if legal)."""
    rows = []
    scope = "self" if target == actor else "pair"
    for action in ordered():
        if action.scope != scope or action.variants is None:
            continue
        for cmd in action.variants(ctx, actor, "" if scope == "self" else target):
            rows.append(
                MenuRow(
                    action,
                    cmd,
                    action.label_of(ctx, cmd),
                    tuple(check(ctx, cmd, done)),
                    action.cost_in(ctx, cmd),
                )
            )
    return rows


def by_id(action_id: str) -> ActionDef:
    """A declaration by its id (`dialogue`, `exercise`, …), as `spam:<id>` and rules name it."""
    for action in ACTIONS.values():
        if action.id == action_id:
            return action
    raise KeyError(action_id)
