"""A small world builder for scenario tests of the rules core."""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from game.core.conditions import make_env
from game.core.defs import (
    DEFAULT_AGREEMENT_KINDS,
    AgreementStartDef,
    AxisDef,
    EffectDef,
    EventDef,
    GoalDef,
    LevelDef,
    NationDef,
    OptionDef,
    PartyDef,
    PersonalityDef,
    RelationDef,
    ThreatDef,
)
from game.core.expr import compile_expr
from game.core.game import Game
from game.core.rules import DEFAULT_RULES

AXES = ("democracy", "free_trade", "defence_spending")

Effect = tuple[str, dict[str, Any]]


class World:
    """Builds a `LevelDef` by hand and starts a `Game` on it.

    Every nation starts neutral: positions 0 on every axis (affinity 0, so trust drifts
    toward exactly 50), approval 50, stability 60, budget 20, 3 diplomatic capital and no
    election for a long time. AI nations do nothing unless `ai_actions` says otherwise, so
    a scenario sees only the rule it is about.

        game = (
            World()
            .nations("AAA", "BBB")
            .relation("AAA", "BBB", trust=30)
            .agreement("dialogue_forum", "AAA", "BBB")
            .game()
        )
    """

    def __init__(
        self, *, player: str | None = None, turns: int = 40, seed: int = 7, ai_actions: int = 0
    ) -> None:
        self.player = player
        self.turns = turns
        self.seed = seed
        self._nations: list[NationDef] = []
        self._relations: list[RelationDef] = []
        self._agreements: list[AgreementStartDef] = []
        self._threats: list[ThreatDef] = []
        self._personalities: list[PersonalityDef] = []
        self._events: list[dict[str, Any]] = []
        self._goals: dict[str, list[tuple[str, str, int | None]]] = {"victory": [], "defeat": []}
        self._score: str | None = None
        # Every AI proposes on every turn unless a test sets its round of talks.
        self._rules: dict[str, Any] = {"ai_actions_per_turn": ai_actions, "ai_proposal_interval": 1}

    @staticmethod
    def ids(n: int) -> list[str]:
        """The first `n` nation ids of the builder's alphabet: AAA, BBB, CCC, ..."""
        return [c * 3 for c in string.ascii_uppercase[:n]]

    # -- nations and relations ---------------------------------------------------

    def nation(
        self,
        nid: str,
        *,
        approval: float = 50.0,
        stability: float = 60.0,
        budget: float = 20.0,
        capital: int = 3,
        military: float = 40.0,
        economy: float = 50.0,
        equipment: str = "western",
        doctrine: str = "western",
        next_election: int = 999,
        election_every: int = 16,
        personality: str = "steady",
        platform: Mapping[str, float] | None = None,
        salience: Mapping[str, float] | None = None,
        **positions: float,
    ) -> World:
        """Add a nation; keyword arguments named after an axis (`democracy=0.8`) set positions."""
        unknown = sorted(set(positions) - set(AXES))
        if unknown:
            raise ValueError(f"unknown axes {unknown}; axes are {AXES}")
        self._nations.append(
            NationDef(
                id=nid,
                name=f"Nation {nid}",
                color=(120, 120, 120),
                regions=(),
                capital=(0.0, 0.0),
                positions=dict(positions),
                salience=dict(salience or {}),
                military=military,
                economy=economy,
                equipment=equipment,
                doctrine=doctrine,
                approval=approval,
                stability=stability,
                government=PartyDef("Incumbents", f"Leader of {nid}"),
                opposition=PartyDef("Challengers", f"Rival of {nid}", dict(platform or {})),
                election_every=election_every,
                next_election=next_election,
                personality=personality,
                budget=budget,
                capital_points=capital,
            )
        )
        return self

    def nations(self, *ids: str, **common: Any) -> World:
        """Add several nations with the same settings."""
        for nid in ids:
            self.nation(nid, **common)
        return self

    def relation(self, a: str, b: str, *, symmetric: bool = True, **numbers: float) -> World:
        """Starting trust/grievance/tension/equipment/doctrine/communications of a pair.

        `symmetric=False` sets only the direction a -> b (how far a trusts b).
        """
        self._relations.append(RelationDef(a, b, symmetric=symmetric, **numbers))
        return self

    def trust(self, frm: str, to: str, value: float) -> World:
        """How far `frm` trusts `to` (one direction only)."""
        return self.relation(frm, to, symmetric=False, trust=value)

    def agreement(self, kind: str, *members: str) -> World:
        self._agreements.append(AgreementStartDef(kind, tuple(members)))
        return self

    def threat(
        self,
        tid: str,
        *,
        source: str | None,
        threatened: Sequence[str],
        level: float,
        growth: float = 0.0,
        peak: float = 100.0,
        floor: float = 0.0,
    ) -> World:
        self._threats.append(
            ThreatDef(tid, tid.title(), source, tuple(threatened), level, growth, peak, floor)
        )
        return self

    def personality(self, pid: str, **weights: float) -> World:
        self._personalities.append(PersonalityDef(pid, **weights))
        return self

    # -- events and goals ----------------------------------------------------------

    @staticmethod
    def option(
        text: str, *effects: Effect, requires: str | None = None, ai_weight: float = 1.0
    ) -> dict[str, Any]:
        """One option of an event: effects are (name, args) pairs as in a level file."""
        return {"text": text, "effects": effects, "requires": requires, "ai_weight": ai_weight}

    def event(
        self,
        eid: str,
        *options: dict[str, Any],
        who: str = "player",
        trigger: str | None = None,
        target: str = "none",
        targets: Sequence[str] = (),
        nations: Sequence[str] = (),
        mean_time: float = 1.0,
        once: bool = False,
        cooldown: int = 0,
        on: str = "",
        title: str | None = None,
    ) -> World:
        """An event; `mean_time=1` makes it fire every turn its trigger and cooldown allow."""
        self._events.append(
            {
                "id": eid,
                "options": options,
                "who": who,
                "trigger": trigger,
                "target": target,
                "targets": tuple(targets),
                "nations": tuple(nations),
                "mean_time": mean_time,
                "once": once,
                "cooldown": cooldown,
                "on": on,
                "title": title or eid.replace("_", " ").capitalize(),
            }
        )
        return self

    def victory(self, when: str, text: str = "Victory.", by_turn: int | None = None) -> World:
        self._goals["victory"].append((when, text, by_turn))
        return self

    def defeat(self, when: str, text: str = "Defeat.", by_turn: int | None = None) -> World:
        self._goals["defeat"].append((when, text, by_turn))
        return self

    def score(self, expr: str) -> World:
        self._score = expr
        return self

    def rules(self, **overrides: Any) -> World:
        self._rules.update(overrides)
        return self

    # -- building ------------------------------------------------------------------

    def level(self) -> LevelDef:
        ids = [n.id for n in self._nations]
        if len(ids) < 2:
            raise ValueError("a world needs at least two nations")
        env = make_env(ids)

        def cond(text: str | None, kind: str = "bool") -> Any:
            return None if text is None else compile_expr(text, env, kind)  # type: ignore[arg-type]

        events = tuple(
            EventDef(
                id=e["id"],
                title=e["title"],
                text=e["title"] + ".",
                theme="test",
                who=e["who"],
                nations=e["nations"],
                target=e["target"],
                targets=e["targets"],
                trigger=cond(e["trigger"]),
                trigger_text=e["trigger"] or "",
                mean_time=e["mean_time"],
                weight=1.0,
                once=e["once"],
                cooldown=e["cooldown"],
                on=e["on"],
                options=tuple(
                    OptionDef(
                        text=o["text"],
                        requires=cond(o["requires"]),
                        requires_text=o["requires"] or "",
                        effects=tuple(EffectDef(name, dict(args)) for name, args in o["effects"]),
                        ai_weight=o["ai_weight"],
                    )
                    for o in e["options"]
                ),
            )
            for e in self._events
        )

        def goals(key: str) -> tuple[GoalDef, ...]:
            return tuple(
                GoalDef(cond(when), when, text, by_turn) for when, text, by_turn in self._goals[key]
            )

        return LevelDef(
            id="built",
            title="A hand-built world",
            player=self.player or ids[0],
            start_year=2027,
            start_quarter=1,
            turns=self.turns,
            seed=self.seed,
            axes=tuple(AxisDef(a, a.replace("_", " ").capitalize()) for a in AXES),
            nations=tuple(self._nations),
            relations=tuple(self._relations),
            agreements=tuple(self._agreements),
            agreement_kinds=DEFAULT_AGREEMENT_KINDS,
            threats=tuple(self._threats),
            events=events,
            personalities=tuple(self._personalities),
            victory=goals("victory"),
            defeat=goals("defeat"),
            score=None
            if self._score is None
            else compile_expr(self._score, make_env(ids, "score"), "number"),
            score_text=self._score or "",
            rules=DEFAULT_RULES.with_overrides(self._rules),
        )

    def game(self, seed: int | None = None) -> Game:
        return Game(self.level(), seed)


@pytest.fixture
def world() -> World:
    """A fresh, empty world builder."""
    return World()


@pytest.fixture(scope="session")
def world_type() -> type[World]:
    """The builder class itself, for tests that build many worlds (property tests)."""
    return World
