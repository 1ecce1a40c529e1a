"""What a choice costs the player in every currency: capital, budget, approval, trust,
tension and the promises it makes, read from the registry's previews and the effects' own
descriptions, so that no cost is left for the player to find out afterwards."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from game.core import actions, requests
from game.core.actions.answers import (
    AnswerProposal,
    ChooseOption,
    accepting_costs,
    signing_sides,
)
from game.core.actions.base import Cost
from game.core.actions.proposal import (
    ProposeAgreement,
    membership_lines,
    refusal_line,
    term_lines,
)
from game.core.commands import Command
from game.core.context import Ctx
from game.core.domestic import leave_agreement
from game.core.effects import describe_effect
from game.core.phrasing import Line, agreement, in_sentence, plural, signed
from game.core.projects import project_terms

FREE = "Costs you nothing"


@dataclass(frozen=True)
class Price:
    """A choice's cost: what it takes at once (`cost`) and every other cost or commitment
    (`lines`: a fall in approval or in someone's trust in you, tension, risks, promises)."""

    cost: Cost
    lines: tuple[Line, ...] = ()

    @property
    def free(self) -> bool:
        return not self.parts()

    def parts(self) -> list[str]:
        """Each cost in a few words, what is paid at once first."""
        return self.cost.parts(long=True) + [in_sentence(line.text) for line in self.lines]

    def text(self) -> str:
        """ "Costs you: 1 diplomatic capital · your approval −2", or "Costs you nothing"."""
        parts = self.parts()
        return "Costs you: " + " · ".join(parts) if parts else FREE


def _counted(lines: Iterable[Line]) -> tuple[Line, ...]:
    """Each line once, a line said n times marked "(×n)" (as effect previews mark them)."""
    times: dict[Line, int] = {}
    for line in lines:
        times[line] = times.get(line, 0) + 1
    return tuple(Line(f"{ln.text} (×{n})", ln.tone) if n > 1 else ln for ln, n in times.items())


def of_command(ctx: Ctx, cmd: Command) -> Price:
    """What a command would cost its actor now.

    Besides its price in capital and budget: every previewed effect that is bad for the
    player (approval, trust in you, tension, a chance of an incident), and for a proposal
    every term it commits you to and what a refusal would cost you.
    """
    cost = actions.cost_of(ctx, cmd)
    if isinstance(cmd, ChooseOption):
        p = next(p for p in ctx.state.pending if p.key == cmd.key)
        opt = ctx.level.event(p.event).options[cmd.option]
        return of_effects(ctx.scoped(p.nation, p.target), opt.effects)
    # Spending what a waiting call or ask needs lets it lapse: that is part of the price.
    stranded = requests.stranded(ctx, cmd.actor, cost.capital, cost.budget)
    offer = (
        next((o for o in ctx.state.offers if o.key == cmd.key), None)
        if isinstance(cmd, AnswerProposal) and cmd.accept
        else None
    )
    if offer is not None:
        # What signing makes (a bloc joined, its members' consent) is news, not a cost; what
        # membership commits you to is.
        joining = membership_lines(ctx, cmd.actor, *signing_sides(offer), offer.kind)
        return Price(cost, _counted([*accepting_costs(ctx, offer), *joining, *stranded]))
    if isinstance(cmd, ProposeAgreement):
        refused = refusal_line(ctx, cmd)
        lines = [*term_lines(ctx, cmd), *([refused] if refused is not None else [])]
        lines += membership_lines(ctx, cmd.actor, cmd.actor, cmd.target, cmd.kind)
        return Price(cost, _counted([*lines, *stranded]))
    bad = [line for line in actions.of(cmd).preview(ctx, cmd) if line.tone < 0]
    return Price(cost, _counted([*bad, *stranded]))


def of_effects(ctx: Ctx, effects: Iterable[Any]) -> Price:
    """What a list of effects (an event option's) would cost the player of `ctx`: every
    effect bad for the player, every promise the player makes and every project the player
    pays for, with its running cost."""
    lines: list[Line] = []
    per_turn, turns = 0.0, 0
    spent = {"capital": 0.0, "budget": 0.0}
    for e in effects:
        line = describe_effect(ctx, e)
        if e.name in spent and ctx.resolve(e.args["nation"]) == ctx.player:
            spent[e.name] -= min(0.0, float(e.args["by"]))
        if e.name == "start_project" and ctx.resolve(e.args["a"]) == ctx.player:
            terms = project_terms(ctx.rules, str(e.args["kind"]))
            per_turn, turns = per_turn + terms.cost, max(turns, terms.turns)
            continue
        if (
            e.name == "leave_agreement"
            and ctx.resolve(e.args.get("nation", "nation")) == ctx.player
        ):
            lines += _leaving(ctx, str(e.args["kind"]))
            continue
        if line is None:
            continue
        promised = e.name == "add_promise" and ctx.resolve(e.args["from"]) == ctx.player
        if line.tone < 0 or promised:
            lines.append(line)
    lines += requests.stranded(ctx, ctx.player, round(spent["capital"]), spent["budget"])
    return Price(Cost(per_turn=per_turn, turns=turns), _counted(lines))


def _leaving(ctx: Ctx, kind: str) -> list[Line]:
    """What leaving an agreement would cost the player: partners' trust, broken promises and
    reputation, found by leaving it in a copy of the game."""
    before = ctx.state
    after = before.copy()
    if not leave_agreement(Ctx(ctx.level, after), ctx.player, kind, ""):
        return []
    p = before.idx(ctx.player)
    drops = before.trust[:, p] - after.trust[:, p]
    name = agreement(ctx.level.kind(kind).name)
    lines = []
    hurt = int((drops > 1e-6).sum())
    if hurt:
        worst = float(drops.max())
        lines.append(
            Line(
                f"Leaving the {name}: trust in you falls by up to {worst:g} "
                f"in {plural(hurt, 'nation')}",
                -1,
            )
        )
    broken = sum(
        1 for q in after.promises if q.promiser == ctx.player and q.status == "broken"
    ) - sum(1 for q in before.promises if q.promiser == ctx.player and q.status == "broken")
    if broken:
        lines.append(Line(f"{plural(broken, 'promise')} of yours broken", -1))
    rep = float(after.reputation[p] - before.reputation[p])
    if rep < 0:
        lines.append(Line(f"Your reputation {signed(rep)}", -1))
    return lines
