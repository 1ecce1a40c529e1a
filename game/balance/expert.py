"""A strong reference player: reads the level's goals and plays toward them with what players see.

It uses only the scripting API: the legal commands, `Game.verdict` (the ledger shown before a
proposal is sent), `Game.preview`, the visible numbers of `Game.state` and the level's victory
and defeat conditions, which the objectives panel shows. It never reads the AI or the dice.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from game.balance.play import answer_all, end_turn, issued, kind
from game.balance.play import field as arg
from game.core.commands import Command
from game.core.game import Game

_SIZE = re.compile(r'alliance_size\(player,\s*"(\w+)"\)\s*>=?\s*([\d.]+)')
_ALLY_INTEROP = re.compile(r'alliance_interop\(player,\s*"(\w+)"\)\s*>=?\s*([\d.]+)')
_HAS = re.compile(r'has_agreement\(player,\s*(\w+),\s*"(\w+)"\)')
_PAIR_INTEROP = re.compile(r"interop\(player,\s*(\w+)\)\s*>=?\s*([\d.]+)")
_AVG_TRUST = re.compile(r"avg_trust_in\(player\)\s*>=?\s*([\d.]+)")
_APPROVAL_FLOOR = re.compile(r"approval\(player\)\s*<=?\s*([\d.]+)")
_TENSION_CAP = re.compile(r"world_tension\s*>=?\s*([\d.]+)")
_TENSION_GOAL = re.compile(r"world_tension\s*<=?\s*([\d.]+)")
_REPUTATION = re.compile(r"reputation\(player\)\s*>=?\s*([\d.]+)")
_COUNT = re.compile(r"agreement_count\(player\)\s*>=?\s*([\d.]+)")

# Margins kept from the defeat lines: act before the number gets close.
APPROVAL_MARGIN = 15.0
TENSION_MARGIN = 20.0  # below the crisis line by this much: still safe to drill
CALM_MARGIN = 35.0  # below the crisis line by this much: start calming the tensest pairs
LADDER_PER_TURN = 2
# How near a goal of trust must be before the expert works for it beside goals of agreements.
NEAR_TRUST = 5.0
NEAR_CALM = 10.0
NEAR_REPUTATION = 10.0
NEAR_COUNT = 3


def clauses(text: str) -> list[str]:
    """A condition split at its top-level `and`s (each clause must hold on its own)."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and text.startswith(" and ", k):
            out.append(text[start:k])
            start = k + len(" and ")
    out.append(text[start:])
    return [c.strip() for c in out if c.strip()]


@dataclass
class Plan:
    """A victory condition read as things to build."""

    kind: str | None = None  # the agreement the goal names
    size: int = 0  # members the player's alliance of `kind` needs
    interop: float = 0.0  # interoperability the goal asks for
    groups: list[list[str]] = field(default_factory=list)  # one partner needed from each
    trust: float = 0.0  # average trust in the player asked for
    calm: float | None = None  # world tension the goal wants at or below
    reputation: float = 0.0  # the player's reputation asked for
    count: int = 0  # agreements the player must be in

    @classmethod
    def read(cls, text: str) -> Plan:
        p = cls()
        for m in _SIZE.finditer(text):
            p.kind, p.size = m.group(1), int(float(m.group(2)))
        for m in _ALLY_INTEROP.finditer(text):
            p.kind, p.interop = m.group(1), float(m.group(2))
        for m in _PAIR_INTEROP.finditer(text):
            p.interop = max(p.interop, float(m.group(2)))
        for m in _AVG_TRUST.finditer(text):
            p.trust = float(m.group(1))
        for m in _TENSION_GOAL.finditer(text):
            p.calm = float(m.group(1))
        for m in _REPUTATION.finditer(text):
            p.reputation = float(m.group(1))
        for m in _COUNT.finditer(text):
            p.count = int(float(m.group(1)))
        for clause in clauses(text):
            named = [m.group(1) for m in _HAS.finditer(clause)]
            for m in _HAS.finditer(clause):
                p.kind = m.group(2)
            if named:
                p.groups.append(sorted(set(named), key=named.index))
        return p


class Expert:
    """One game's planner; keeps nothing but what it read from the level."""

    def __init__(self, game: Game) -> None:
        self.game = game
        level = game.level
        self.plans = [Plan.read(g.when_text) for g in level.victory]
        self.floor = max(
            (
                float(m.group(1))
                for g in level.defeat
                for m in _APPROVAL_FLOOR.finditer(g.when_text)
            ),
            default=0.0,
        )
        self.tension_cap = min(
            (float(m.group(1)) for g in level.defeat for m in _TENSION_CAP.finditer(g.when_text)),
            default=float("inf"),
        )
        self.kinds = [k.id for k in level.agreement_kinds]
        self.military = {k.id for k in level.agreement_kinds if k.military}
        self.seen: list[Command] | None = None
        r = level.rules
        self.weights = (
            r.interop_weight_equipment,
            r.interop_weight_doctrine,
            r.interop_weight_communications,
        )

    # -- what the player can see ------------------------------------------------

    @property
    def me(self) -> str:
        return self.game.player

    def pair_interop(self, other: str) -> float:
        s = self.game.state
        i, j = s.idx(self.me), s.idx(other)
        we, wd, wc = self.weights
        return float(we * s.equipment[i, j] + wd * s.doctrine[i, j] + wc * s.communications[i, j])

    def trust_in_me(self, other: str) -> float:
        s = self.game.state
        return float(s.trust[s.idx(other), s.idx(self.me)])

    def approval(self) -> float:
        s = self.game.state
        return float(s.approval[s.idx(self.me)])

    def margin(self, target: str, agreement: str) -> float:
        v = self.game.verdict(target, agreement)
        return v.total - v.threshold

    def partners(self, agreement: str) -> list[str]:
        """The other members of the player's largest agreement of a kind (what goals count)."""
        best: list[str] = []
        for a in self.game.state.agreements:
            if a.kind == agreement and self.me in a.members and len(a.members) > len(best) + 1:
                best = [m for m in a.members if m != self.me]
        return best

    def legal(self, type_name: str, target: str | None = None) -> list[Command]:
        if self.seen is None:  # the list holds until a command is issued
            self.seen = self.game.legal_commands()
        return [
            c
            for c in self.seen
            if kind(c) == type_name and (target is None or arg(c, "target") == target)
        ]

    def issue(self, cmd: Command) -> bool:
        if not issued(self.game, cmd):
            return False
        self.seen = None
        return True

    def value(self, cmd: Command) -> int:
        """How good a command looks from its preview: good lines minus bad ones."""
        return sum(line.tone for line in self.game.preview(cmd))

    def try_one(self, type_name: str, target: str | None = None, biggest: bool = False) -> bool:
        """Issue the first (or largest) legal command of a kind whose preview is not bad."""
        options = self.legal(type_name, target)
        if biggest:
            options = options[::-1]
        return any(self.value(c) >= 0 and self.issue(c) for c in options)

    # -- a turn ----------------------------------------------------------------

    def answer(self, game: Game, group: list[Command]) -> Command:
        """Offers are accepted as `welcome` says; an ask or a call is accepted when what
        accepting brings reads at least as well as what refusing costs; an event takes the
        option whose preview reads best."""
        if kind(group[0]) == "AnswerProposal":
            return next(c for c in group if arg(c, "accept") is self.welcome(group[0]))
        if kind(group[0]) == "AnswerRequest":
            return max(group, key=lambda c: (self.value(c), arg(c, "accept") is True))
        return max(group, key=lambda c: (self.value(c), -int(str(arg(c, "option")))))

    def welcome(self, answer: Command) -> bool:
        """Yes to every offer, except a second bloc of a kind a goal counts (the goal counts
        one alliance, and effort split between two reaches neither), where a goal names its
        partners, the goal's kind from anyone it does not name, and a military agreement no
        goal counts."""
        key = arg(answer, "key")
        offer = next((o for o in self.game.state.offers if o.key == key), None)
        if offer is None:
            return True
        for plan in self.plans:
            if plan.kind != offer.kind:
                continue
            if plan.groups:
                # A pact with a nation the goal does not name brings its calls and none of
                # the goal: only the named are welcome.
                return any(offer.proposer in g for g in plan.groups)
            return not self.partners(offer.kind)
        # A military agreement no goal counts brings its members' calls for help (each
        # answered from the budget the goals need) and nothing toward a goal.
        return offer.kind not in self.military

    def answer_pending(self) -> None:
        self.seen = answer_all(self.game, self.answer)

    def tension_rising(self) -> bool:
        return self.game.state.world_tension >= self.tension_cap - CALM_MARGIN

    def safe_for_tension(self) -> bool:
        return self.game.state.world_tension < self.tension_cap - TENSION_MARGIN

    def turn(self) -> None:
        self.answer_pending()
        self.keep_promises()
        if self.approval() < self.floor + APPROVAL_MARGIN:
            self.try_one("RunPublicDiplomacy")
        # Capital spent on two goals reaches neither: a goal of trust alone is worked for
        # when it is the only one, or once it is within reach; until then, every goal of
        # agreements comes first and the world is calmed only on the way to a crisis.
        reach = [p for p in self.plans if p.trust and (self.building_none() or self.near(p))]
        wanted_calm = [p.calm for p in reach if p.calm is not None]
        if self.tension_rising() or any(self.game.state.world_tension > c for c in wanted_calm):
            self.calm()
        for plan in self.plans:
            if plan.kind is not None:
                self.build(plan)
        for _ in reach:
            self.befriend(self.by_lowest_trust())
        if self.approval() < self.floor + 2 * APPROVAL_MARGIN:
            self.try_one("RunPublicDiplomacy")
        end_turn(self.game, self.answer)
        self.seen = None

    def building_none(self) -> bool:
        """No goal asks for an agreement."""
        return all(p.kind is None for p in self.plans)

    def near(self, plan: Plan) -> bool:
        """A goal of trust within reach: average trust in the player nearly there, the world
        nearly as calm as it asks, and the reputation and agreements it names nearly held."""
        s = self.game.state
        trust = sum(self.trust_in_me(x) for x in s.ids if x != self.me) / max(1, len(s.ids) - 1)
        calm = plan.calm is None or s.world_tension <= plan.calm + NEAR_CALM
        known = float(s.reputation[s.idx(self.me)]) >= plan.reputation - NEAR_REPUTATION
        joined = s.agreement_count(self.me) >= plan.count - NEAR_COUNT
        return trust >= plan.trust - NEAR_TRUST and calm and known and joined

    def keep_promises(self) -> None:
        """Keep the promises falling due (a broken one costs trust everywhere)."""
        s = self.game.state
        for p in s.promises:
            if p.status != "open" or p.promiser != self.me or p.deadline - s.turn > 2:
                continue
            drilled = s.last_exercise[s.idx(p.promiser), s.idx(p.promisee)] >= p.made_turn
            if p.kind == "exercise" and not drilled:
                self.try_one("HoldExercise", p.promisee)
            elif p.kind == "defence":
                self.try_one("InvestDefence")
            elif p.kind == "aid" and p.progress < p.amount:
                self.try_one("GiveAid", p.promisee)

    def targets(self, plan: Plan) -> list[str]:
        """Nations the plan needs in its agreement, most willing first."""
        assert plan.kind is not None
        s = self.game.state
        if plan.groups:
            named = [x for g in plan.groups for x in g if x in s.index]
        else:
            named = [x for x in s.ids if x != self.me]
        return sorted(named, key=lambda x: -self.margin(x, plan.kind))  # type: ignore[arg-type]

    def build(self, plan: Plan) -> None:
        assert plan.kind is not None
        targets = self.targets(plan)
        if plan.groups:  # the goal asks for the agreement with each, in any bloc
            s = self.game.state
            have = {x for x in s.ids if x != self.me and s.has_agreement(self.me, x, plan.kind)}
        else:  # the goal counts one alliance: the largest
            have = set(self.partners(plan.kind))
        wanted = max(plan.size - 1, 0) if not plan.groups else len(plan.groups)
        if plan.interop and not plan.groups:
            # Every member counts toward the alliance's average: the best placed first.
            targets.sort(key=lambda x: -self.pair_interop(x))
        # Sign the goal's agreement with those whose ledger says yes, as many as it needs.
        for x in targets:
            if plan.size and not plan.groups and len(have) >= wanted:
                break
            if x not in have and self.game.verdict(x, plan.kind).accepted:
                for c in self.legal("ProposeAgreement", x):
                    if arg(c, "kind") == plan.kind and self.issue(c):
                        have.add(x)
        # Work with the partners the goal counts; the weakest link first.
        if plan.interop:
            counted = [x for x in targets if x in have]
            if plan.groups:  # one partner per group counts: the best placed one
                counted = [
                    max(inside, key=self.pair_interop)
                    for inside in ([x for x in g if x in have] for g in plan.groups)
                    if inside
                ]
            for x in sorted(counted, key=self.pair_interop):
                if self.pair_interop(x) >= plan.interop + 5:
                    continue
                self.try_one("StartTraining", x)
                self.try_one("TransferTechnology", x)
                self.exercise(x)
        # Win over the nations still missing, closest to a yes first.
        missing = [x for x in targets if x not in have]
        open_groups = [g for g in plan.groups if not any(x in have for x in g)]
        short = len(open_groups) if plan.groups else max(wanted - len(have), 0)
        if short:
            if plan.groups:  # the three most willing of each group still open
                courted = [
                    x for g in open_groups for x in sorted(g, key=missing.index)[:3] if x in missing
                ]
            else:
                courted = missing[: short + 2]
            # The track record takes turns to build: start the ladder before the small talk.
            self.ladder(courted, plan.kind)
            self.befriend(courted)

    def exercise(self, x: str) -> bool:
        """The largest exercise with `x` it can pay for; while tension runs high, with
        observers (they are offered only where someone would feel threatened)."""
        options = self.legal("HoldExercise", x)[::-1]
        watched = [c for c in options if arg(c, "observers")]
        plain = [c for c in options if not arg(c, "observers")]
        chosen = (watched or plain) if self.tension_rising() else plain
        return any(self.value(c) >= 0 and self.issue(c) for c in chosen)

    def befriend(self, nations: list[str]) -> None:
        for x in nations:
            self.try_one("HoldDialogue", x)
            self.try_one("BuildConfidence", x)

    def ladder(self, nations: list[str], goal_kind: str) -> None:
        """Climb toward the goal's agreement: propose the rung each nation is missing."""
        made = 0
        for x in nations:
            if made >= LADDER_PER_TURN:
                return
            made += self.climb(x, goal_kind, 0)

    def climb(self, x: str, k: str, depth: int) -> int:
        """Propose `k` to `x` if its ledger says yes, else the lesser kinds it needs (the
        ladder each agreement kind publishes); 1 if a proposal was signed."""
        s = self.game.state
        if s.has_agreement(self.me, x, k) or depth > len(self.kinds):
            return 0
        for c in self.legal("ProposeAgreement", x):
            if arg(c, "kind") == k and self.game.verdict(x, k).accepted and self.issue(c):
                return 1
        needs = self.game.level.kind(k).needs
        if any(s.has_agreement(self.me, x, r) for r in needs):
            return 0  # the track record is building: wait for it
        for r in needs:
            if self.climb(x, r, depth + 1):
                return 1
        return 0

    def by_lowest_trust(self) -> list[str]:
        s = self.game.state
        return sorted((x for x in s.ids if x != self.me), key=self.trust_in_me)

    def calm(self) -> None:
        """Mediate in the quarrels that drive world tension (the tensest pairs), worst first."""
        s = self.game.state
        n = len(s.ids)
        danger = not self.safe_for_tension()
        pairs = sorted(
            ((float(s.tension[i, j]), i, j) for i in range(n) for j in range(i + 1, n)),
            reverse=True,
        )[:5]
        for _, i, j in pairs:
            a, b = s.ids[i], s.ids[j]
            if self.me in (a, b):  # our own quarrel: talk to them directly
                other = b if a == self.me else a
                self.try_one("BuildConfidence", other)
                self.try_one("HoldDialogue", other)
            elif not (self.try_one("Mediate", a) or self.try_one("Mediate", b)) and danger:
                # Mediation needs both sides' trust: earn it from the side short of it.
                self.befriend([min((a, b), key=self.trust_in_me)])


def expert(game: Game, rng: random.Random) -> Callable[[], None]:
    return Expert(game).turn
