"""Multi-turn projects: training programmes and technology transfers."""

from __future__ import annotations

from typing import NamedTuple

from game.core.context import Ctx
from game.core.outcomes import declare_facts
from game.core.rules import Rules
from game.core.state import ProjectState, qf

declare_facts(ProjectStarted=1, ProjectCompleted=1, ProjectStalled=-1)

PROJECT_KINDS = {
    "training": "officer training: doctrine rises every turn; costs budget every turn",
    "tech_transfer": "technology transfer: equipment compatibility rises; costs budget every turn",
}


class ProjectTerms(NamedTuple):
    """How long a project of a kind runs, what it adds and costs each turn, and its name."""

    turns: int
    gain: float
    cost: float
    what: str


def project_terms(rules: Rules, kind: str) -> ProjectTerms:
    if kind == "training":
        return ProjectTerms(
            rules.training_turns,
            rules.training_doctrine_per_turn,
            rules.training_budget_per_turn,
            "a training programme",
        )
    return ProjectTerms(
        rules.tech_turns,
        rules.tech_equipment_per_turn,
        rules.tech_budget_per_turn,
        "a technology transfer",
    )


def start_project(ctx: Ctx, kind: str, a: str, b: str) -> None:
    s = ctx.state
    turns, gain, cost, what = project_terms(ctx.rules, kind)
    s.projects.append(
        ProjectState(id=s.new_key(), kind=kind, a=a, b=b, turns_left=turns, gain=gain, cost=cost)
    )
    ctx.out("ProjectStarted", f"{ctx.name(a)} and {ctx.name(b)} started {what}.", a, b)


def advance_projects(ctx: Ctx) -> None:
    """Phase: every project gains, pays, and ends when its turns run out or money does."""
    s = ctx.state
    index, budget, doctrine, equipment = s.index, s.budget, s.doctrine, s.equipment
    keep = []
    for p in s.projects:
        i, j = index[p.a], index[p.b]
        if budget[i] < p.cost:
            ctx.out(
                "ProjectStalled",
                f"{ctx.name(p.a)} could not pay for its project with {ctx.name(p.b)}; it stopped.",
                p.a,
                p.b,
            )
            continue
        budget[i] = qf(float(budget[i]) - p.cost)
        part = doctrine if p.kind == "training" else equipment
        part[i, j] = min(100.0, part[i, j] + p.gain)
        part[j, i] = min(100.0, part[j, i] + p.gain)
        p.turns_left -= 1
        if p.turns_left <= 0:
            ctx.out(
                "ProjectCompleted",
                f"{ctx.name(p.a)} and {ctx.name(p.b)} completed their "
                f"{'training programme' if p.kind == 'training' else 'technology transfer'}.",
                p.a,
                p.b,
            )
        else:
            keep.append(p)
    s.projects = keep
