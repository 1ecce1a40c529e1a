"""The action registry: one declaration per command, and everything that is built from it.

A declaration (`ActionDef`) holds a command's class, id, label and one-line summary, its cost
(diplomatic capital and budget, tunable from a level's `rules:` as `<id>_capital` and
`<id>_budget`), its checks, its application (as far as possible through registered effects,
so that the preview and the application cannot disagree), its preview, the commands it can
take now, the AI's scoring layers by name, and the news tone of the facts it produces.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np

from game.core import derived
from game.core.commands import Command, field_names
from game.core.context import Ctx
from game.core.effects import apply_effects, describe_effects
from game.core.outcomes import declare_facts
from game.core.phrasing import Line, plural
from game.core.rules import Rules, declare_tunable

Scope = Literal["pair", "self", "answer", "turn"]


class Cost(NamedTuple):
    """What a command costs now, and what a project it starts costs each turn it runs."""

    capital: int = 0
    budget: float = 0.0
    per_turn: float = 0.0
    turns: int = 0

    def parts(self, long: bool = False) -> list[str]:
        """Each part in a few words, what is paid at once first ("1 DC", or in `long` form
        "1 diplomatic capital")."""
        out = []
        if self.capital:
            out.append(f"{self.capital} {'diplomatic capital' if long else 'DC'}")
        if self.budget:
            out.append(f"{self.budget:g} budget")
        if self.per_turn:
            turns = plural(self.turns, "turn") if long else f"{self.turns} turns"
            out.append(f"{self.per_turn:g} budget a turn for {turns}")
        return out

    def text(self) -> str:
        return " + ".join(self.parts()) or "free"


@dataclass(frozen=True)
class AiSlot:
    """One column of the AI's score table: a scoring layer (by name) and the command it makes."""

    layer: str
    reason: str
    kw: Mapping[str, Any] = field(default_factory=dict)


class Fx(NamedTuple):
    """One registered effect with its arguments (an `EffectDef` that is cheap to make)."""

    name: str
    args: dict[str, Any]


Effects = Callable[[Ctx, Any], list[Fx]]


@dataclass(frozen=True)
class ActionDef:
    """Everything about one kind of command, declared once."""

    command: type[Command]
    id: str
    label: str
    summary: str
    scope: Scope
    order: int
    # The rest of the application, after `effects` (facts, chances, records).
    then: Callable[[Ctx, Any], None]
    capital: int = 0
    budget: float = 0.0
    check: Callable[[Ctx, Any, list[str]], None] | None = None
    # Deterministic outcomes, applied through the effect registry and shown by the preview.
    effects: Effects | None = None
    # Preview lines for what `effects` cannot say (chances, projects, promises).
    notes: Callable[[Ctx, Any], list[Line]] | None = None
    # The commands `actor` could give now toward `target` ("" for self, answer and turn scope).
    variants: Callable[[Ctx, str, str], Iterable[Command]] | None = None
    # The label of one command of this kind ("Joint exercise — small").
    name: Callable[[Ctx, Any], str] | None = None
    # A cost whose budget depends on the command (exercise size, aid amount); it reads
    # `<id>_capital` like the default. Without it the cost is `<id>_capital` and `<id>_budget`.
    price: Callable[[Rules, Any], Cost] | None = None
    price_doc: str = ""  # the budget part of `price`, for the manual
    # At most once a turn toward the same nation (aid may be given several times).
    once_per_target: bool = True
    # Diplomatic capital on top of `<id>_capital` that depends on the level (a bigger ask).
    surcharge: Callable[[Ctx, Any], int] | None = None
    surcharge_doc: str = ""
    # For AI scoring: which (actor row, target) pairs `check` would accept, at once for all.
    legal: Callable[[Ctx, np.ndarray, Mapping[str, Any]], np.ndarray] | None = None
    ai: tuple[AiSlot, ...] = ()
    facts: Mapping[str, int] = field(default_factory=dict)

    @property
    def type_name(self) -> str:
        """The stable name of the command's kind, as `cmd.to_dict()["type"]` gives it."""
        return self.command.__name__

    def cost(self, rules: Rules, cmd: Any) -> Cost:
        if self.scope not in ("pair", "self"):
            return Cost()
        if self.price is not None:
            return self.price(rules, cmd)
        return rules.memo(  # type: ignore[no-any-return]
            self._rule_names,
            lambda: Cost(self.capital_of(rules), float(rules.number(self._rule_names[1]))),
        )

    def cost_in(self, ctx: Ctx, cmd: Any) -> Cost:
        """The whole cost of `cmd` in this game: `cost` plus any surcharge."""
        cost = self.cost(ctx.rules, cmd)
        if self.surcharge is not None:
            extra = self.surcharge(ctx, cmd)
            if extra:
                cost = Cost(cost.capital + extra, cost.budget, cost.per_turn, cost.turns)
        return cost

    def capital_of(self, rules: Rules) -> int:
        return int(rules.number(self._rule_names[0]))

    @functools.cached_property
    def _rule_names(self) -> tuple[str, str]:
        return f"{self.id}_capital", f"{self.id}_budget"

    def label_of(self, ctx: Ctx, cmd: Any) -> str:
        return self.name(ctx, cmd) if self.name is not None else self.label

    def preview(self, ctx: Ctx, cmd: Any) -> list[Line]:
        """What the command would do, in the player's words, for the current state."""
        lines = describe_effects(ctx, self.effects(ctx, cmd)) if self.effects else []
        if self.notes is not None:
            lines += self.notes(ctx, cmd)
        return lines

    def carry_out(self, ctx: Ctx, cmd: Any) -> None:
        if self.effects is not None:
            apply_effects(ctx, self.effects(ctx, cmd), resolved=True)
        self.then(ctx, cmd)


ACTIONS: dict[str, ActionDef] = {}  # by command type name, in declaration order
BY_CLASS: dict[type[Command], ActionDef] = {}


def declare(action: ActionDef) -> ActionDef:
    """Add an action to the registry, with its cost tunables and the tones of its facts."""
    if action.type_name in ACTIONS:
        raise ValueError(f"action {action.type_name} declared twice")
    ACTIONS[action.type_name] = action
    BY_CLASS[action.command] = action
    action.command.label = action.label
    if action.scope in ("pair", "self"):
        what = action.label[0].lower() + action.label[1:]
        declare_tunable(f"{action.id}_capital", action.capital, f"diplomatic capital: {what}")
        if action.price is None:
            declare_tunable(f"{action.id}_budget", action.budget, f"budget: {what}")
    declare_facts(**action.facts)
    return action


def of(cmd: Command) -> ActionDef:
    return BY_CLASS[type(cmd)]


def fx(name: str, **args: Any) -> Fx:
    """One registered effect with its arguments, as an action's `effects` lists them."""
    return Fx(name, args)


def fields_of(cmd: Command) -> dict[str, Any]:
    """A command's fields other than who acts and toward whom: the `kw` of its `legal` mask."""
    return {
        name: getattr(cmd, name)
        for name in field_names(type(cmd))
        if name not in ("actor", "target")
    }


def has_target(cmd: Command) -> str | None:
    target = getattr(cmd, "target", None)
    return target if isinstance(target, str) else None


def mutual_trust(ctx: Ctx, rows: np.ndarray) -> np.ndarray:
    """min(trust[a, b], trust[b, a]) for actor rows `rows` and every b."""
    s = ctx.state
    return np.asarray(np.minimum(s.trust[rows], s.trust.T[rows]))


def check_mutual_trust(ctx: Ctx, cmd: Any, least: float, reasons: list[str]) -> None:
    """Refuse unless each side trusts the other at least `least`; the reason gives both
    figures, theirs first, as the nation panel lists them."""
    s = ctx.state
    i, j = s.idx(cmd.actor), s.idx(cmd.target)
    if derived.mutual_trust_of(s, i, j) < least:
        reasons.append(
            f"needs trust ≥ {least:g} both ways "
            f"(theirs {float(s.trust[j, i]):.0f}, yours {float(s.trust[i, j]):.0f})"
        )


def gain(t: float, base: float, saturation: float) -> float:
    """A gain that shrinks as the quantity it raises rises toward `saturation`."""
    return max(0.0, base * (1.0 - t / saturation))


def anyone(ctx: Ctx, rows: np.ndarray, kw: Mapping[str, Any]) -> np.ndarray:
    """The `legal` of actions open toward every other nation (costs are checked apart)."""
    return np.ones((len(rows), ctx.state.n), dtype=np.bool_)
