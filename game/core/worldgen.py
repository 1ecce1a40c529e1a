"""Generated worlds of any size, for benchmarks and property tests."""

from __future__ import annotations

from game.core.conditions import make_env
from game.core.defs import (
    DEFAULT_AGREEMENT_KINDS,
    AxisDef,
    EffectDef,
    EventDef,
    GoalDef,
    LevelDef,
    NationDef,
    OptionDef,
    PartyDef,
    PersonalityDef,
    ThreatDef,
)
from game.core.expr import compile_expr
from game.core.rng import Stream

AXES = (
    AxisDef("democracy", "Democracy"),
    AxisDef("free_trade", "Free trade"),
    AxisDef("multilateralism", "Multilateralism"),
    AxisDef("defence_spending", "Defence spending", kind="issue"),
)
FAMILIES = ("western", "eastern", "mixed")


def generate_level(n: int, seed: int = 0, turns: int = 40) -> LevelDef:
    """A random but plausible world of `n` nations with a few events and one threat."""
    rng = Stream(seed, 0, "worldgen", n)
    nations = []
    ids = [f"N{k:03d}" for k in range(n)]
    for k, nid in enumerate(ids):

        def u(lo: float, hi: float) -> float:
            return round(lo + (hi - lo) * rng.uniform(), 2)

        positions = {a.id: u(-1, 1) for a in AXES}
        nations.append(
            NationDef(
                id=nid,
                name=f"Nation {k}",
                color=(rng.below(200) + 30, rng.below(200) + 30, rng.below(200) + 30),
                regions=(),
                capital=(u(-170, 170), u(-50, 70)),
                positions=positions,
                salience={a.id: u(0.3, 1.0) for a in AXES},
                military=u(10, 80),
                economy=u(10, 80),
                equipment=FAMILIES[rng.below(3)],
                doctrine=FAMILIES[rng.below(3)],
                approval=u(35, 65),
                stability=u(40, 80),
                government=PartyDef("Government", f"Leader {k}"),
                opposition=PartyDef(
                    "Opposition", f"Rival {k}", {a: -v for a, v in positions.items()}
                ),
                election_every=16,
                next_election=1 + rng.below(16),
                personality=("cautious", "bold")[rng.below(2)],
                budget=10.0,
                capital_points=3,
            )
        )
    env = make_env(ids)

    def cond(text: str) -> object:
        return compile_expr(text, env)

    def _goal(text: str, said: str) -> GoalDef:
        return GoalDef(cond(text), text, said)

    events = (
        EventDef(
            id="border_incident",
            title="Border incident",
            text="Patrols clash at the border.",
            theme="trust",
            who="ai",
            nations=(),
            target="other",
            targets=(),
            trigger=cond("tension(nation, target) > 20"),
            trigger_text="tension(nation, target) > 20",
            mean_time=3,
            weight=1,
            once=False,
            cooldown=2,
            on="",
            options=(
                OptionDef(
                    "Protest",
                    None,
                    "",
                    (EffectDef("tension", {"a": "nation", "b": "target", "by": 5}),),
                    1,
                ),
                OptionDef(
                    "Open a hotline",
                    None,
                    "",
                    (EffectDef("trust", {"from": "target", "to": "nation", "by": 3}),),
                    2,
                ),
            ),
        ),
        EventDef(
            id="summit_offer",
            title="Summit offer",
            text="A neighbour proposes a summit.",
            theme="trust",
            who="player",
            nations=(),
            target="other",
            targets=(),
            trigger=cond("trust(target, player) > 45"),
            trigger_text="trust(target, player) > 45",
            mean_time=4,
            weight=1,
            once=False,
            cooldown=3,
            on="",
            options=(
                OptionDef(
                    "Accept",
                    cond("capital(player) >= 1"),
                    "capital(player) >= 1",
                    (
                        EffectDef(
                            "trust", {"from": "target", "to": "player", "by": 4, "both": True}
                        ),
                        EffectDef("capital", {"nation": "player", "by": -1}),
                    ),
                    2,
                ),
                OptionDef(
                    "Decline",
                    None,
                    "",
                    (EffectDef("trust", {"from": "target", "to": "player", "by": -2}),),
                    1,
                ),
            ),
        ),
        EventDef(
            id="protests",
            title="Protests at home",
            text="Crowds gather.",
            theme="domestic",
            who="all",
            nations=(),
            target="none",
            targets=(),
            trigger=cond("approval(nation) < 45"),
            trigger_text="approval(nation) < 45",
            mean_time=6,
            weight=1,
            once=False,
            cooldown=4,
            on="",
            options=(
                OptionDef(
                    "Campaign", None, "", (EffectDef("approval", {"nation": "nation", "by": 3}),), 1
                ),
                OptionDef(
                    "Ignore", None, "", (EffectDef("stability", {"nation": "nation", "by": -3}),), 1
                ),
            ),
        ),
    )
    threatened = tuple(ids[1 : max(2, n // 3)])
    return LevelDef(
        id=f"generated_{n}",
        title=f"Generated world of {n}",
        player=ids[0],
        start_year=2027,
        start_quarter=1,
        turns=turns,
        seed=seed,
        axes=AXES,
        nations=tuple(nations),
        agreement_kinds=DEFAULT_AGREEMENT_KINDS,
        threats=(ThreatDef("pressure", "Pressure", ids[-1], threatened, 20.0, 2.0, 70.0, 10.0),),
        events=events,
        personalities=(
            PersonalityDef("cautious", boldness=0.7),
            PersonalityDef("bold", boldness=1.4, security=1.3),
        ),
        victory=(_goal('alliance_size(player, "defence_pact") >= 4', "Alliance of four."),),
        defeat=(_goal("approval(player) < 15", "The government fell."),),
    )


GENERATED_PREFIX = "generated:"
MAX_GENERATED = 1000


def parse_generated(name: str) -> tuple[int, int, int | None] | None:
    """(nations, seed, turns) from a level name `generated:N[:SEED[:TURNS]]`; None for any
    other name. Seed 1 and no particular number of turns unless given.

    Raises ValueError with a one-line reason when the name starts with `generated:` but the
    rest is not a size from 2 to MAX_GENERATED, a seed of 0 or more and 1 to 1000 turns.
    """
    if not name.startswith(GENERATED_PREFIX):
        return None
    parts = name[len(GENERATED_PREFIX) :].split(":")
    if len(parts) > 3 or not all(p.isascii() and p.isdigit() and len(p) <= 9 for p in parts):
        raise ValueError(f"{name!r}: write generated:N or generated:N:SEED with whole numbers")
    n = int(parts[0])
    seed = int(parts[1]) if len(parts) > 1 else 1
    turns = int(parts[2]) if len(parts) > 2 else None
    if not 2 <= n <= MAX_GENERATED:
        raise ValueError(f"{name!r}: a generated world has 2 to {MAX_GENERATED} nations")
    if turns is not None and not 1 <= turns <= 1000:
        raise ValueError(f"{name!r}: a generated world lasts 1 to 1000 turns")
    return n, seed, turns


def generated_level(name: str, turns: int | None = None) -> LevelDef | None:
    """The world `generated:N[:SEED[:TURNS]]` names (None for another name), lasting the
    TURNS it names, else at least `turns` and 40."""
    spec = parse_generated(name)
    if spec is None:
        return None
    n, seed, named = spec
    return generate_level(n, seed, turns=named or max(40, turns or 0))
