"""The level and deck file formats as pydantic models: one source for checks, schema and manual."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic_core import SchemaValidator, core_schema

from game.core.effects import EFFECTS, PARTS
from game.core.projects import PROJECT_KINDS
from game.core.promises import PROMISE_KINDS

FORMAT_VERSION = 1
# Equipment and doctrine families many levels use; any other id works too.
COMMON_FAMILIES = ("western", "eastern", "nordic", "chinese", "mixed")

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
Color = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#3a7bd5"])]
Percent = Annotated[float, Field(ge=0, le=100)]
Position = Annotated[float, Field(ge=-1, le=1)]
Condition = Annotated[str, Field(min_length=1, max_length=2000, examples=["turn >= 4"])]


# Empty defaults come from plain functions rather than `list` and `dict`: pydantic reads
# every factory's signature when it builds a model, and a builtin's is parsed from text.
def _no_items() -> list[Any]:
    return []


def _no_entries() -> dict[str, Any]:
    return {}


class Strict(BaseModel):
    # Strict types: `yes`, `1` or "true" is no boolean and "12" is no number in a level file.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class StartModel(Strict):
    """When the level begins."""

    year: int = Field(2027, ge=1900, le=2200, description="Calendar year of turn 0.")
    quarter: int = Field(1, ge=1, le=4, description="Quarter of turn 0 (1–4).")


class MapModel(Strict):
    """Which world map to draw and which part of it to show."""

    base: Literal["world-110m", "world-50m"] = Field(
        "world-110m", description="Natural Earth outlines at 1:110m or (finer, small states) 1:50m."
    )
    view: Annotated[list[float], Field(min_length=4, max_length=4)] = Field(
        [-180.0, -60.0, 180.0, 85.0],
        description="Region shown at zoom 1: [lon_min, lat_min, lon_max, lat_max] in degrees "
        "(the map can still be dragged to any nation's capital outside it).",
    )


class AxisModel(Strict):
    """A value axis or strategic issue; nations take positions on it from -1 to 1."""

    id: Id
    name: str
    kind: Literal["value", "issue"] = "value"
    low: str = Field("", description="What -1 means.")
    high: str = Field("", description="What +1 means.")


class PartyModel(Strict):
    """A party that can govern, and the positions it pulls its nation toward."""

    name: str
    leader: str
    platform: dict[str, Position] = Field(
        default_factory=_no_entries, description="Axis id → position."
    )


class ElectionsModel(Strict):
    every: int = Field(16, ge=1, le=400, description="Turns between elections.")
    next: int = Field(8, ge=0, le=400, description="Turn of the first election.")


class NationModel(Strict):
    """A nation: who it is, where it is on the map, what it believes, and its politics."""

    id: Id = Field(description="Nation id; ISO3 codes such as EST or NOR are customary.")
    name: str
    color: Color = "#8a8f98"
    regions: list[str] = Field(
        default_factory=_no_items, description="ISO3 codes of the base map drawn as this nation."
    )
    capital: Annotated[list[float], Field(min_length=2, max_length=2)] | None = Field(
        None, description="[lon, lat] of the capital."
    )
    positions: dict[str, Position] = Field(
        default_factory=_no_entries, description="Axis id → -1..1."
    )
    salience: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=_no_entries,
        description="Axis id → how much the nation cares (0..1, default 1).",
    )
    military: Percent = 30
    economy: Percent = 30
    equipment: Id = Field(
        "western", description="Equipment family; equal families start compatible."
    )
    doctrine: Id = Field("western", description="Doctrine family; equal families start aligned.")
    approval: Percent = 50
    stability: Percent = 60
    government: PartyModel | None = None
    opposition: PartyModel | None = None
    elections: ElectionsModel = Field(default_factory=lambda: ElectionsModel())
    personality: Id = "balanced"
    budget: Annotated[float, Field(ge=0, le=999)] = 10
    capital_points: int = Field(3, ge=0, le=99, description="Diplomatic capital at the start.")


class RelationModel(Strict):
    """Starting numbers between two nations (both ways unless `symmetric: false`)."""

    a: Id
    b: Id
    trust: Percent | None = None
    grievance: Percent | None = None
    tension: Percent | None = None
    equipment: Percent | None = None
    doctrine: Percent | None = None
    communications: Percent | None = None
    symmetric: bool = True


class AgreementModel(Strict):
    """An agreement in force at the start."""

    kind: Id
    members: list[Id] = Field(min_length=2)


class AgreementKindModel(Strict):
    """A kind of agreement the level adds to the defaults (an id of a default replaces it)."""

    id: Id
    name: str
    ask: float = Field(0, ge=-50, le=50, description="How big a concession it is to accept.")
    min_trust: Percent = 0
    military: bool = False
    allows_tech: bool = False
    description: str = ""
    needs: list[Id] = Field(
        default_factory=_no_items,
        description="Kinds of agreement the two sides must already share (any one of them) "
        "before this one can be proposed: the rung below on the ladder.",
        examples=[["trade_pact", "access"]],
    )
    needs_turns: int = Field(0, ge=0, le=40, description="How many turns they must have shared it.")
    requires: Condition | None = Field(
        None,
        description="A condition for proposing it, read with `nation` as the proposer and "
        "`target` as the other side; while it does not hold, neither may propose it.",
        examples=['flag("pact_lesson") or (nation != player and target != player)'],
    )
    locked: str = Field(
        "",
        description="The reason players read while `requires` does not hold.",
        examples=["A later lesson introduces the defence pact"],
    )


class ActionModel(Strict):
    """When a player action opens to a nation (see `actions` of a level)."""

    requires: Condition = Field(
        description="A condition for taking the action, read with `nation` as the nation "
        "acting and `target` as the nation it acts toward (`nation` again for actions at home).",
        examples=['flag("exercise_lesson") or not is_player(nation)'],
    )
    locked: str = Field(
        "",
        description="The reason players read while `requires` does not hold.",
        examples=["Lesson 5 opens joint exercises"],
    )


class ThreatModel(Strict):
    """A danger that rises toward a peak, recedes to a floor, and rises again."""

    id: Id
    name: str
    source: Id | None = Field(None, description="Nation the threat comes from, if any.")
    threatened: list[Id] = Field(default_factory=_no_items)
    level: Percent = 20
    growth: float = Field(2, ge=-20, le=20, description="Change per turn.")
    peak: Percent = 80
    floor: Percent = 10


class PersonalityModel(Strict):
    """How an AI weighs the parts of its utility (1 is neutral)."""

    id: Id
    security: float = Field(1.0, ge=0, le=5)
    affinity: float = Field(1.0, ge=0, le=5)
    trust: float = Field(1.0, ge=0, le=5)
    domestic: float = Field(1.0, ge=0, le=5)
    boldness: float = Field(1.0, ge=0, le=5)


def _effect_schema() -> dict[str, Any]:
    kinds: dict[str, dict[str, Any]] = {
        "nation": {"type": "string", "description": "player, nation, target or a nation id"},
        "number": {"type": "number"},
        "integer": {"type": "integer"},
        "bool": {"type": "boolean"},
        "part": {"enum": list(PARTS)},
        "promise": {"enum": list(PROMISE_KINDS)},
        "project": {"enum": list(PROJECT_KINDS)},
    }
    effects = {}
    for name, spec in sorted(EFFECTS.items()):
        props = {}
        for pname, p in spec.params.items():
            props[pname] = {**kinds.get(p.kind, {"type": "string"}), "description": p.doc}
        required = [k for k, p in spec.params.items() if p.required]
        effects[name] = {
            "type": "object",
            "description": spec.doc,
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }
    # One mapping with one key, the effect's name: editors then offer each effect once.
    return {
        "type": "object",
        "description": "An effect: its name, then its arguments.",
        "properties": effects,
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
    }


_EFFECT_SCHEMA = _effect_schema()
EffectItem = Annotated[dict[str, Any], WithJsonSchema(_EFFECT_SCHEMA)]


def _core_type(kind: str) -> core_schema.CoreSchema:
    # Strict one by one: a typed dict does not pass its config's strictness to its fields.
    if kind == "number":
        return core_schema.float_schema(strict=True)
    if kind == "integer":
        return core_schema.int_schema(strict=True)
    if kind == "bool":
        return core_schema.bool_schema(strict=True)
    choices = {"part": PARTS, "promise": PROMISE_KINDS, "project": PROJECT_KINDS}.get(kind)
    if choices:
        return core_schema.literal_schema(list(choices))
    return core_schema.str_schema(strict=True)


@functools.cache
def effect_args(name: str) -> SchemaValidator:
    """The validator of an effect's arguments, made the first time that effect is checked.

    Built from pydantic's core schema, strict and closed like the level models, not as a
    model class: a check only asks whether the arguments fit, and building a model per
    effect cost as much as the rest of a level check's pydantic work together."""
    spec = EFFECTS[name]
    fields = {
        pname: core_schema.typed_dict_field(_core_type(p.kind), required=p.required)
        for pname, p in spec.params.items()
    }
    return SchemaValidator(core_schema.typed_dict_schema(fields, extra_behavior="forbid"))


def effect_json_schema(name: str) -> dict[str, Any]:
    """The JSON schema of one effect's arguments, as editors see it (part of the level's)."""
    schema: dict[str, Any] = _EFFECT_SCHEMA["properties"][name]
    return schema


class OptionModel(Strict):
    """One choice of an event."""

    text: str
    requires: Condition | None = Field(None, description="Condition for the option to be offered.")
    effects: list[EffectItem] = Field(default_factory=_no_items)
    ai_weight: float = Field(
        1.0, ge=0, le=100, description="How much an AI leans toward it (0: only if nothing else)."
    )


class EventModel(Strict):
    """An event: who it can happen to, when, and the options it offers."""

    id: Id
    title: str
    text: str
    theme: Literal["trust", "negotiation", "domestic", "exercises", "threats"] = "trust"
    who: Literal["player", "ai", "all"] = Field(
        "player", description="Who decides: the player, AI nations, or anyone."
    )
    nations: list[Id] = Field(
        default_factory=_no_items, description="Only these nations (optional)."
    )
    target: Literal["none", "other", "partner"] = Field(
        "none", description="Which second nation the event is about."
    )
    targets: list[Id] = Field(
        default_factory=_no_items, description="Only these targets (optional)."
    )
    trigger: Condition | None = None
    mean_time: float = Field(
        1,
        ge=0,
        le=1000,
        description="Average turns until it fires while the trigger holds; 0 = only when chained.",
    )
    weight: float = Field(1, ge=0, le=100)
    once: bool = False
    cooldown: int = Field(0, ge=0, le=1000)
    on: Literal["", "exercise_incident", "government_changed", "proposal_declined"] = Field(
        "", description="Fire from a rules hook instead of rolling each turn."
    )
    tags: list[Id] = Field(
        default_factory=_no_items,
        description="Theme or region tags, by which a level can keep or skip a deck's events.",
        examples=[["europe", "old_war"]],
    )
    options: list[OptionModel] = Field(min_length=1, max_length=4)


class GoalModel(Strict):
    """A victory or defeat condition."""

    when: Condition
    text: str
    by_turn: int | None = Field(None, ge=0, le=10000, examples=[12])


class IncludeModel(Strict):
    """A deck to include, keeping only some of its events by their tags."""

    deck: str = Field(
        description="Path of the deck, relative to this file.", examples=["decks/trust.yaml"]
    )
    only_tags: list[Id] = Field(
        default_factory=_no_items,
        description="Keep only events with at least one of these tags.",
        examples=[["maritime"]],
    )
    skip_tags: list[Id] = Field(
        default_factory=_no_items,
        description="Leave out events with any of these tags.",
        examples=[["old_war"]],
    )


Include = Annotated[
    str | IncludeModel,
    Field(
        description="A deck path, or a deck with tags to keep or skip.",
        examples=["decks/trust.yaml"],
    ),
]


class DeckNeedsModel(Strict):
    """What a deck's events refer to, which every level including it must define."""

    axes: list[Id] = Field(default_factory=_no_items, description="Value axes or issues by id.")
    agreement_kinds: list[Id] = Field(
        default_factory=_no_items,
        description="Agreement kinds beyond the built-in ones.",
        examples=[["pipeline_deal"]],
    )
    threats: list[Id] = Field(
        default_factory=_no_items, description="Threats by id.", examples=[["grey_zone"]]
    )


class LevelModel(Strict):
    """A level file."""

    format_version: Literal[1] = Field(1, description="Version of this file format.")
    id: Id
    title: str
    description: str = ""
    difficulty: Literal["tutorial", "easy", "normal", "hard"] = "normal"
    start: StartModel = Field(default_factory=lambda: StartModel())
    turn_months: Literal[1, 3, 6, 12] = 3
    turns: int = Field(40, ge=1, le=1000)
    seed: int = Field(1, ge=0, le=2**63 - 1)
    player: Id
    map: MapModel = Field(default_factory=lambda: MapModel())
    axes: list[AxisModel] = Field(min_length=1)
    nations: list[NationModel] = Field(min_length=2, max_length=400)
    relations: list[RelationModel] = Field(default_factory=_no_items)
    agreements: list[AgreementModel] = Field(default_factory=_no_items)
    agreement_kinds: list[AgreementKindModel] | None = None
    threats: list[ThreatModel] = Field(default_factory=_no_items)
    personalities: list[PersonalityModel] = Field(default_factory=_no_items)
    include: list[Include] = Field(
        default_factory=_no_items,
        description="Event decks, relative paths, optionally filtered by tag.",
    )
    events: list[EventModel] = Field(default_factory=_no_items)
    victory: list[GoalModel] = Field(default_factory=_no_items)
    defeat: list[GoalModel] = Field(default_factory=_no_items)
    score: Condition | None = Field(None, description="Numeric expression for the final score.")
    score_help: str = Field(
        "",
        max_length=300,
        description="What `score` counts, in the player's words; the objectives and the end "
        "screen give it in place of the expression.",
    )
    rules: dict[str, Any] = Field(
        default_factory=_no_entries, description="Rule numbers to override."
    )
    actions: dict[str, ActionModel] = Field(
        default_factory=_no_entries,
        description="Player actions by id (`exercise`, `confidence`, ...) that open only "
        "under a condition, such as a lesson having come.",
    )


class DeckModel(Strict):
    """An event deck that levels include."""

    format_version: Literal[1] = 1
    requires: DeckNeedsModel = Field(
        default_factory=lambda: DeckNeedsModel(),
        description="What the deck's events refer to; a level including it must define these.",
    )
    tags: list[Id] = Field(
        default_factory=_no_items,
        description="Tags every event of the deck carries besides its own.",
        examples=[["europe"]],
    )
    include: list[Include] = Field(default_factory=_no_items, examples=[["other_deck.yaml"]])
    events: list[EventModel] = Field(default_factory=_no_items)
