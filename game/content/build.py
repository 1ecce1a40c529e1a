"""Turn validated level models into the immutable definitions the rules use."""

from __future__ import annotations

from game.content.models import DeckModel, EventModel, LevelModel, NationModel, PartyModel
from game.core.conditions import make_env
from game.core.defs import (
    DEFAULT_AGREEMENT_KINDS,
    AgreementKindDef,
    AgreementStartDef,
    AxisDef,
    EffectDef,
    EventDef,
    Gate,
    GoalDef,
    LevelDef,
    NationDef,
    OptionDef,
    PartyDef,
    PersonalityDef,
    RelationDef,
    ThreatDef,
)
from game.core.expr import ExprEnv, compile_expr
from game.core.rules import DEFAULT_RULES

BUILTIN_PERSONALITIES = (
    PersonalityDef("balanced"),
    PersonalityDef("cautious", security=1.2, boldness=0.6, domestic=1.3),
    PersonalityDef("bold", security=1.2, boldness=1.5, trust=0.8),
    PersonalityDef("idealist", affinity=1.6, trust=1.2, security=0.8),
    PersonalityDef("pragmatist", affinity=0.6, domestic=1.2, security=1.1),
)


def hex_rgb(color: str) -> tuple[int, int, int]:
    return (int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16))


def _party(
    p: PartyModel | None, default_name: str, default_leader: str, platform: dict[str, float]
) -> PartyDef:
    if p is None:
        return PartyDef(default_name, default_leader, platform)
    return PartyDef(p.name, p.leader, dict(p.platform))


def _nation(n: NationModel) -> NationDef:
    against = {k: round(-0.6 * v, 2) for k, v in n.positions.items()}
    return NationDef(
        id=n.id,
        name=n.name,
        color=hex_rgb(n.color),
        regions=tuple(n.regions),
        capital=(n.capital[0], n.capital[1]) if n.capital else None,
        positions=dict(n.positions),
        salience=dict(n.salience),
        military=n.military,
        economy=n.economy,
        equipment=n.equipment,
        doctrine=n.doctrine,
        approval=n.approval,
        stability=n.stability,
        government=_party(n.government, "Government", f"Leader of {n.name}", dict(n.positions)),
        opposition=_party(n.opposition, "Opposition", f"Opposition leader of {n.name}", against),
        election_every=n.elections.every,
        next_election=n.elections.next,
        personality=n.personality,
        budget=n.budget,
        capital_points=n.capital_points,
    )


def _cond(text: str | None, env: ExprEnv, expect: str = "bool") -> object | None:
    return None if text is None else compile_expr(text, env, expect)  # type: ignore[arg-type]


def _gate(text: str | None, locked: str, env: ExprEnv) -> Gate | None:
    return None if text is None else Gate(_cond(text, env), text, locked)


def build_event(e: EventModel, env: ExprEnv) -> EventDef:
    options = tuple(
        OptionDef(
            text=o.text,
            requires=_cond(o.requires, env),
            requires_text=o.requires or "",
            effects=tuple(
                EffectDef(name, dict(args)) for item in o.effects for name, args in item.items()
            ),
            ai_weight=o.ai_weight,
        )
        for o in e.options
    )
    return EventDef(
        id=e.id,
        title=e.title,
        text=e.text,
        theme=e.theme,
        who=e.who,
        nations=tuple(e.nations),
        target=e.target,
        targets=tuple(e.targets),
        trigger=_cond(e.trigger, env),
        trigger_text=e.trigger or "",
        mean_time=e.mean_time,
        weight=e.weight,
        once=e.once,
        cooldown=e.cooldown,
        on=e.on,
        options=options,
    )


def build_level(model: LevelModel, decks: list[DeckModel]) -> LevelDef:
    """A LevelDef from a level that passed every check (expressions compile again here)."""
    env = make_env([n.id for n in model.nations])
    events = [*model.events, *(e for d in decks for e in d.events)]
    personalities = {p.id: p for p in BUILTIN_PERSONALITIES}
    for p in model.personalities:
        personalities[p.id] = PersonalityDef(
            p.id, p.security, p.affinity, p.trust, p.domestic, p.boldness
        )
    # A level's kinds add to the defaults; one with a default's id replaces it.
    merged = {k.id: k for k in DEFAULT_AGREEMENT_KINDS}
    for k in model.agreement_kinds or []:
        merged[k.id] = AgreementKindDef(
            k.id,
            k.name,
            k.ask,
            k.min_trust,
            k.military,
            k.allows_tech,
            k.description,
            tuple(k.needs),
            k.needs_turns,
            _gate(k.requires, k.locked, env),
        )
    kinds = tuple(merged.values())
    return LevelDef(
        id=model.id,
        title=model.title,
        player=model.player,
        start_year=model.start.year,
        start_quarter=model.start.quarter,
        turns=model.turns,
        seed=model.seed,
        axes=tuple(AxisDef(a.id, a.name, a.kind, a.low, a.high) for a in model.axes),
        nations=tuple(_nation(n) for n in model.nations),
        relations=tuple(
            RelationDef(
                r.a,
                r.b,
                r.trust,
                r.grievance,
                r.tension,
                r.equipment,
                r.doctrine,
                r.communications,
                r.symmetric,
            )
            for r in model.relations
        ),
        agreements=tuple(AgreementStartDef(a.kind, tuple(a.members)) for a in model.agreements),
        agreement_kinds=kinds,
        threats=tuple(
            ThreatDef(
                t.id, t.name, t.source, tuple(t.threatened), t.level, t.growth, t.peak, t.floor
            )
            for t in model.threats
        ),
        events=tuple(build_event(e, env) for e in events),
        personalities=tuple(personalities.values()),
        victory=tuple(
            GoalDef(_cond(g.when, env), g.when, g.text, g.by_turn) for g in model.victory
        ),
        defeat=tuple(GoalDef(_cond(g.when, env), g.when, g.text, g.by_turn) for g in model.defeat),
        score=_cond(model.score, make_env([n.id for n in model.nations], "score"), "number"),
        score_text=model.score or "",
        score_help=model.score_help,
        rules=DEFAULT_RULES.with_overrides(model.rules),
        description=model.description,
        turn_months=model.turn_months,
        action_gates=tuple(
            (name, Gate(_cond(a.requires, env), a.requires, a.locked))
            for name, a in model.actions.items()
        ),
    )
