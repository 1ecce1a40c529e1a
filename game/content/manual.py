"""The reference parts of the designer's manual, generated from the models and registries."""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

from game.content import models
from game.content.build import BUILTIN_PERSONALITIES
from game.content.checks import ASSETS
from game.content.diagnostics import CODES
from game.content.mechanics import section_mechanics
from game.core import actions
from game.core.conditions import VARIABLES, make_env
from game.core.defs import DEFAULT_AGREEMENT_KINDS
from game.core.effects import EFFECTS, PARTS, Param
from game.core.expr import describe_functions
from game.core.projects import PROJECT_KINDS
from game.core.promises import PROMISE_KINDS
from game.core.rules import rule_fields

README = Path(__file__).resolve().parents[2] / "levels" / "README.md"
BEGIN = "<!-- BEGIN GENERATED: {} -->"
END = "<!-- END GENERATED: {} -->"
_MARKER = re.compile(r"<!-- (BEGIN|END) GENERATED: ([a-z_]+) -->")

# Types whose name says more than their constraints; each is explained once in the legend.
_NAMED: tuple[tuple[Any, str], ...] = (
    (models.Id, "id"),
    (models.Color, "colour"),
    (models.Condition, "[condition](#conditions)"),
)

_PARAM_KINDS: dict[str, str] = {
    "nation": "`player`, `nation`, `target` or a nation id of the level",
    "number": "a number",
    "integer": "a whole number",
    "bool": "`true` or `false`",
    "string": "text",
    "flag": 'a flag name of your choice (conditions read it with `flag("name")`)',
    "event": "an event id of the level or one of its decks",
    "axis": "an axis id of the level",
    "threat": "a threat id of the level",
    "kind": "an agreement kind id (see `agreement_kinds`)",
    "part": "one of " + ", ".join(f"`{p}`" for p in PARTS),
    "promise": "one of " + ", ".join(f"`{p}`" for p in PROMISE_KINDS),
    "project": "one of " + ", ".join(f"`{p}`" for p in PROJECT_KINDS),
}


# Meanings of the fields whose models give no description; the models' own descriptions win.
_MEANINGS: dict[tuple[str, str], str] = {
    ("LevelModel", "id"): "Level id; saves and replays refer to the level by it.",
    ("LevelModel", "title"): "The level's name as players see it.",
    ("LevelModel", "description"): (
        "A paragraph introducing the level: shown in the level picker and, on the first "
        "turn, as the briefing in the news panel."
    ),
    ("LevelModel", "difficulty"): "How hard the level is meant to be: the level picker sorts by it "
    "and shows it as Tutorial, Gentle, Standard or Demanding level (the player still picks "
    "Easy, Normal or Hard when starting).",
    ("LevelModel", "start"): "Calendar date of turn 0.",
    ("LevelModel", "turn_months"): "Months per turn.",
    ("LevelModel", "turns"): "Turns before the level ends (then the score decides).",
    ("LevelModel", "seed"): "Random seed used unless the player or `--seed` gives another.",
    ("LevelModel", "player"): "Id of the nation the player governs.",
    ("LevelModel", "map"): "Base map and view.",
    ("LevelModel", "axes"): "Value axes and issues nations take positions on.",
    ("LevelModel", "nations"): "Every nation in play, the player's included.",
    ("LevelModel", "relations"): "Starting numbers between pairs; pairs not listed start at "
    "trust 50, grievance 0, tension 0, equipment 60 (20 across families), doctrine 50 "
    "(25 across families), communications 30.",
    ("LevelModel", "agreements"): "Agreements already in force at turn 0.",
    ("LevelModel", "agreement_kinds"): "Kinds of agreement added to the "
    "[built-in kinds](#built-in-agreement-kinds) (the same id replaces a built-in one).",
    ("LevelModel", "threats"): "Threats that rise and fall during the level.",
    ("LevelModel", "personalities"): "AI personalities besides the "
    "[built-in ones](#built-in-personalities).",
    ("LevelModel", "events"): "Events of this level (decks add more).",
    ("LevelModel", "victory"): "The first goal that holds at the end of a turn wins.",
    ("LevelModel", "defeat"): "Checked before victory; the first that holds loses.",
    ("LevelModel", "rules"): "Rule numbers to override, see [rule numbers](#rule-numbers).",
    ("AxisModel", "id"): "Axis id, used in `positions`, `salience` and `platform`.",
    ("AxisModel", "name"): "Name shown to the player.",
    ("AxisModel", "kind"): "A lasting value or a strategic issue of the day.",
    ("NationModel", "name"): "Name shown to the player.",
    ("NationModel", "color"): "The nation's colour on the map.",
    ("NationModel", "military"): "Military strength.",
    ("NationModel", "economy"): "Economic weight; budget grows with it.",
    ("NationModel", "approval"): "Public approval of the government.",
    ("NationModel", "stability"): "Domestic stability.",
    ("NationModel", "government"): "Governing party; by default a generic one holding the "
    "nation's positions.",
    ("NationModel", "opposition"): "Party that takes over after a lost election; by default "
    "one leaning against the nation's positions.",
    ("NationModel", "elections"): "Election calendar.",
    ("NationModel", "personality"): "AI personality id (built-in or from `personalities`).",
    ("NationModel", "budget"): "Budget at the start.",
    ("PartyModel", "name"): "Party name.",
    ("PartyModel", "leader"): "Leader's name.",
    ("RelationModel", "a"): "One nation id.",
    ("RelationModel", "b"): "The other nation id.",
    ("RelationModel", "trust"): "How far `a` trusts `b`.",
    ("RelationModel", "grievance"): "Grievance `a` holds against `b`.",
    ("RelationModel", "tension"): "Tension between them.",
    ("RelationModel", "equipment"): "Equipment compatibility.",
    ("RelationModel", "doctrine"): "Doctrine alignment.",
    ("RelationModel", "communications"): "Communications compatibility.",
    ("RelationModel", "symmetric"): "Set the same numbers for `b` → `a` too.",
    ("AgreementModel", "kind"): "Agreement kind id.",
    ("AgreementModel", "members"): "Member nation ids.",
    ("AgreementKindModel", "id"): "Kind id, used by `agreements`, effects and conditions.",
    ("AgreementKindModel", "name"): "Name shown to the player.",
    (
        "AgreementKindModel",
        "min_trust",
    ): "Below this trust, nations are much less willing to accept.",
    (
        "AgreementKindModel",
        "military",
    ): "A military agreement: interoperability weighs in accepting it.",
    ("AgreementKindModel", "allows_tech"): "Members may start technology transfers.",
    ("AgreementKindModel", "description"): "Explains the agreement to the player.",
    ("ThreatModel", "id"): "Threat id, used by the `threat` effect and `threat()` function.",
    ("ThreatModel", "name"): "Name shown to the player.",
    ("ThreatModel", "threatened"): "Nations that feel it.",
    ("ThreatModel", "level"): "Level at the start.",
    ("ThreatModel", "peak"): "Level at which it turns and starts to recede.",
    ("ThreatModel", "floor"): "Level at which it turns and rises again.",
    ("PersonalityModel", "id"): "Personality id, used by a nation's `personality`.",
    ("PersonalityModel", "security"): "Weight of security in the AI's choices.",
    ("PersonalityModel", "affinity"): "Weight of shared values.",
    ("PersonalityModel", "trust"): "Weight of trust.",
    ("PersonalityModel", "domestic"): "Weight of support at home.",
    ("PersonalityModel", "boldness"): "Appetite for risky, military moves.",
    ("OptionModel", "text"): "The choice as the player reads it.",
    ("OptionModel", "effects"): "What happens when it is chosen, in order.",
    ("EventModel", "id"): "Event id, unique across the level and its decks.",
    ("EventModel", "title"): "Headline shown to the player.",
    ("EventModel", "text"): "The story, shown with the options.",
    ("EventModel", "theme"): "Which part of the game it belongs to.",
    ("EventModel", "trigger"): "Condition that must hold for the nation and target; "
    "left out, it always holds.",
    ("EventModel", "weight"): "When more player events roll in one turn than "
    "`max_events_per_turn`, the ones with the highest weight reach the player.",
    ("EventModel", "once"): "Fire at most once per game.",
    ("EventModel", "cooldown"): "Turns to wait after firing before it may fire again.",
    ("EventModel", "options"): "The choices, one to four.",
    ("GoalModel", "when"): "Condition that ends the level.",
    ("GoalModel", "text"): "Shown when the level ends this way.",
    ("GoalModel", "by_turn"): "Only counts up to this turn.",
    ("DeckModel", "format_version"): "Version of this file format.",
    ("DeckModel", "include"): "More decks, relative paths.",
    ("DeckModel", "events"): "The deck's events.",
}


_LEGEND: dict[str, str] = {
    "id": "a letter followed by letters, digits or `_`, like `EST` or `summit_invitation`",
    "colour": '`"#rrggbb"` in quotes (a bare `#` starts a YAML comment)',
    "[condition](#conditions)": "an expression of the condition language",
}


class ManualError(Exception):
    """The manual's marker comments are missing, repeated or out of order."""


# -- small renderers ---------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _yaml(value: Any) -> str:
    """A value as it would be written in a level file."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9_ .-]*", value) and value not in (
            "true",
            "false",
            "null",
        )
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _code(value: Any) -> str:
    return f"`{_yaml(value)}`"


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def model_title(model: type[BaseModel]) -> str:
    words = re.findall(r"[A-Z][a-z]*", model.__name__.removesuffix("Model"))
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def anchor(heading: str) -> str:
    """The fragment GitHub gives a heading."""
    slug = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return slug.replace(" ", "-")


def _model_heading(model: type[BaseModel]) -> str:
    return f"{model_title(model)} fields"


def _link(model: type[BaseModel]) -> str:
    return f"[{model_title(model).lower()}](#{anchor(_model_heading(model))})"


# -- field types and constraints ---------------------------------------------------------------


def _named(hint: Any) -> str | None:
    for alias, name in _NAMED:
        if hint == alias:
            return name
    return None


def _meta_items(meta: Sequence[Any]) -> Iterator[Any]:
    for m in meta:
        if isinstance(m, FieldInfo):
            yield from m.metadata
        else:
            yield m


def _limits(meta: Sequence[Any], unit: str) -> list[str]:
    found: dict[str, Any] = {}
    for m in _meta_items(meta):
        for attr in ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern"):
            value = getattr(m, attr, None)
            if value is not None:
                found[attr] = value
    out = []
    lo = found.get("ge", found.get("gt"))
    hi = found.get("le", found.get("lt"))
    if lo is not None and hi is not None and "gt" not in found and "lt" not in found:
        out.append(f"{_num(lo)} to {_num(hi)}")
    else:
        for attr, sign in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            if attr in found:
                out.append(f"{sign} {_num(found[attr])}")
    short, long = found.get("min_length"), found.get("max_length")
    if short is not None and long is not None:
        out.append(f"{short} to {long} {unit}")
    elif short is not None:
        out.append(f"at least {short} {_one(unit) if short == 1 else unit}")
    elif long is not None:
        out.append(f"at most {long} {_one(unit) if long == 1 else unit}")
    if "pattern" in found:
        out.append(f"matches `{found['pattern']}`")
    return out


def _one(unit: str) -> str:
    return {"items": "item", "entries": "entry", "characters": "character"}[unit]


def _unit(hint: Any) -> str:
    origin = get_origin(hint)
    if origin is Annotated:
        return _unit(get_args(hint)[0])
    if origin is list:
        return "items"
    if origin is dict:
        return "entries"
    return "characters"


def describe_type(hint: Any) -> tuple[str, list[str]]:
    """A designer's name for a type, and the constraints inside it."""
    named = _named(hint)
    if named is not None:
        return named, []
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        if any(isinstance(m, WithJsonSchema) for m in args[1:]):
            return "[effect](#effects)", []
        text, inner = describe_type(args[0])
        return text, inner + _limits(args[1:], _unit(args[0]))
    if origin is Union or origin is types.UnionType:
        parts = [describe_type(a) for a in args if a is not type(None)]
        return " or ".join(p[0] for p in parts), [c for p in parts for c in p[1]]
    if origin is Literal:
        return "one of " + ", ".join(_code(a) for a in args), []
    if origin is list:
        text, inner = describe_type(args[0])
        return f"list of {text}", [f"each {c}" for c in inner]
    if origin is dict:
        text, inner = describe_type(args[1])
        return f"mapping of names to {text}", [f"each {c}" for c in inner]
    if origin is tuple:
        parts = [describe_type(a) for a in args]
        return "[" + ", ".join(p[0] for p in parts) + "]", [c for p in parts for c in p[1]]
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return _link(hint), []
    basic = {str: "text", int: "whole number", float: "number", bool: "`true`/`false`"}
    return basic.get(hint, "anything"), []


def _top_meta(hint: Any) -> list[Any]:
    if get_origin(hint) is not Annotated:
        return []
    args = get_args(hint)
    return [*_meta_items(args[1:]), *_top_meta(args[0])]


def _fieldinfos(hint: Any) -> list[FieldInfo]:
    return [m for m in get_args(hint)[1:] if isinstance(m, FieldInfo)]


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    value = info.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "its defaults"
    if value is None:
        return "not set"
    return _code(value)


def field_meaning(model: type[BaseModel], name: str) -> str:
    """What a field means, as the manual and the editor schema both say it."""
    info = model.model_fields[name]
    return info.description or _MEANINGS.get((model.__name__, name), "")


def _field_row(model: type[BaseModel], name: str, info: FieldInfo, hint: Any) -> list[str]:
    text, limits = describe_type(hint)
    own = _top_meta(hint)
    alias_meta = [] if _named(hint) is None else list(_meta_items(get_args(hint)[1:]))
    extra = [m for m in info.metadata if m not in own and m not in alias_meta]
    limits += _limits(extra, _unit(hint))
    meaning = field_meaning(model, name)
    inherited = [] if not alias_meta else [e for f in _fieldinfos(hint) for e in f.examples or []]
    examples = [e for e in info.examples or [] if e not in inherited]
    if examples:
        meaning += (" " if meaning else "") + "e.g. " + ", ".join(_code(e) for e in examples)
    return [f"`{name}`", text, _default(info), "; ".join(limits) or "—", meaning or "—"]


def _models() -> list[type[BaseModel]]:
    """Every model reachable from the level and deck formats, in reading order."""
    seen: list[type[BaseModel]] = []

    def visit(hint: Any) -> Iterator[type[BaseModel]]:
        if isinstance(hint, type) and issubclass(hint, BaseModel):
            yield hint
        for arg in get_args(hint):
            yield from visit(arg)

    queue: list[type[BaseModel]] = [models.LevelModel, models.DeckModel]
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.append(model)
        hints = get_type_hints(model, include_extras=True)
        found = [m for name in model.model_fields for m in visit(hints[name])]
        queue[:0] = [m for m in found if m not in seen and m is not models.DeckModel]
    return seen


def _used_in(target: type[BaseModel], every: list[type[BaseModel]]) -> list[str]:
    out = []
    for model in every:
        hints = get_type_hints(model, include_extras=True)
        for name in model.model_fields:
            if target in _flatten(hints[name]):
                out.append(f"`{name}` of {_link(model)}")
    return out


def _flatten(hint: Any) -> set[Any]:
    return {hint, *(x for a in get_args(hint) for x in _flatten(a))}


# -- sections ----------------------------------------------------------------------------------


def section_fields() -> str:
    every = _models()
    lines = ["Types used below:", ""]
    for alias, name in _NAMED:
        meta = get_args(alias)[1:]
        info = next((m for m in meta if isinstance(m, FieldInfo)), None)
        limits = [x for x in _limits(meta, "characters") if not x.startswith("matches")]
        line = f"- **{name}**: {_LEGEND[name]}"
        if limits:
            line += f" ({'; '.join(limits)})"
        if info is not None and info.examples:
            line += ", e.g. " + ", ".join(_code(e) for e in info.examples)
        lines.append(line + ".")
    lines += ["- *not set* means the key may be left out."]
    for model in every:
        hints = get_type_hints(model, include_extras=True)
        lines += ["", f"#### {_model_heading(model)}", ""]
        doc = (model.__doc__ or "").strip()
        if doc:
            lines.append(doc)
        used = _used_in(model, every)
        if used:
            lines.append("Used in " + ", ".join(used) + ".")
        elif model is models.LevelModel:
            lines.append("The top of a level file in `levels/`.")
        elif model is models.DeckModel:
            lines.append("The top of an event deck in `levels/decks/`.")
        lines.append("")
        rows = [
            _field_row(model, name, info, hints[name]) for name, info in model.model_fields.items()
        ]
        lines += _table(["key", "type", "default", "allowed", "meaning"], rows)
    return "\n".join(lines)


def section_defaults() -> str:
    lines = [
        "#### Built-in agreement kinds",
        "",
        "Every level offers these. A level's `agreement_kinds` add to them; an entry with",
        "the id of a built-in kind replaces that kind.",
        "",
    ]
    rows = [
        [
            f"`{k.id}`",
            k.name,
            _num(k.ask),
            _num(k.min_trust),
            _yaml(k.military),
            _yaml(k.allows_tech),
            k.description or "—",
        ]
        for k in DEFAULT_AGREEMENT_KINDS
    ]
    lines += _table(
        ["id", "name", "ask", "min_trust", "military", "allows_tech", "description"], rows
    )
    lines += [
        "",
        "#### Built-in personalities",
        "",
        "Nations may use these without declaring them; a level's `personalities` add more",
        "(or redefine one of these by using its id).",
        "",
    ]
    weights = [f.name for f in dataclasses.fields(BUILTIN_PERSONALITIES[0]) if f.name != "id"]
    rows = [[f"`{p.id}`", *(_num(getattr(p, w)) for w in weights)] for p in BUILTIN_PERSONALITIES]
    lines += _table(["id", *weights], rows)
    return "\n".join(lines)


def _param_row(name: str, p: Param) -> list[str]:
    default = "**required**" if p.required else _code(p.default)
    return [f"`{name}`", p.kind, default, p.doc]


def section_effects() -> str:
    names = sorted(EFFECTS)
    lines = [
        "Effects are written as a list under an option's `effects`, each a mapping with one key,",
        "the effect's name, whose value maps argument names to values. Argument kinds:",
        "",
    ]
    used = sorted({p.kind for spec in EFFECTS.values() for p in spec.params.values()})
    lines += _table(["kind", "what to write"], [[k, _PARAM_KINDS.get(k, k)] for k in used])
    lines += ["", "All effects: " + ", ".join(f"[`{n}`](#{anchor(n + ' effect')})" for n in names)]
    for name in names:
        spec = EFFECTS[name]
        lines += ["", f"#### `{name}` effect", "", spec.doc, "", "```yaml", f"- {spec.example}"]
        lines += ["```", ""]
        rows = [_param_row(p, param) for p, param in spec.params.items()]
        lines += _table(["argument", "kind", "default", "meaning"], rows)
    return "\n".join(lines)


def section_conditions() -> str:
    env = make_env([])
    lines = ["#### Functions", ""]
    rows = [
        [f"`{sig}`", doc, f"`{example}`"] for _name, sig, doc, example in describe_functions(env)
    ]
    lines += _table(["function", "meaning", "example"], rows)
    lines += [
        "",
        "Arguments in square brackets may be left out.",
        "",
        "#### Variables",
        "",
    ]
    rows = [[f"`{name}`", spec.kind, spec.doc] for name, spec in VARIABLES.items()]
    lines += _table(["variable", "type", "meaning"], rows)
    return "\n".join(lines)


def _action_cost(action: actions.ActionDef) -> str:
    """An action's default cost, and the rule numbers that set it."""
    capital = f"`{action.id}_capital` ({action.capital}) DC"
    if action.price is None:
        return f"{capital} + `{action.id}_budget` ({action.budget:g}) budget"
    return f"{capital} + budget: {action.price_doc}"


def section_actions() -> str:
    lines = [
        "What a player (and every AI nation) can do in a turn. Costs are rule numbers a level",
        "may change in `rules:`; an action is refused, with every reason, when a check fails.",
        "Scripts name a command's kind by the `type` in its JSON form.",
        "",
    ]
    rows = []
    for a in actions.ordered():
        if a.scope not in ("pair", "self"):
            continue
        cost = _action_cost(a)
        toward = "another nation" if a.scope == "pair" else "your own nation"
        rows.append([f"`{a.type_name}`", a.label, toward, a.summary, cost])
    lines += _table(["type", "action", "toward", "what it does", "cost"], rows)
    others = [a for a in actions.ordered() if a.scope not in ("pair", "self")]
    lines += ["", "Commands that answer or end the turn cost nothing:", ""]
    lines += [f"- `{a.type_name}` — {a.summary}" for a in others]
    return "\n".join(lines)


def section_codes() -> str:
    rows = [
        [f"`{code}`", "error" if code.startswith("E") else "warning", meaning]
        for code, meaning in CODES.items()
    ]
    return "\n".join(_table(["code", "severity", "meaning"], rows))


def _rule_type(text: str) -> str:
    m = re.fullmatch(r"tuple\[(.*)\]", text)
    if m:
        parts = [p.strip() for p in m.group(1).split(",")]
        return f"list of {len(parts)} numbers"
    return {"float": "number", "int": "whole number"}.get(text, text)


def section_rules() -> str:
    rows = [
        [f"`{name}`", _rule_type(kind), _code(default)] for name, kind, default in rule_fields()
    ]
    return "\n".join(_table(["rule", "type", "default"], rows))


def section_regions() -> str:
    def names(file: str) -> dict[str, str]:
        with open(ASSETS / file, encoding="utf-8") as f:
            data = json.load(f)
        return {c["iso3"]: c["name"] for c in data["countries"]}

    coarse, fine = names("countries-110m.json"), names("countries-50m.json")
    lines = [f"#### `world-110m` ({len(coarse)} regions)", ""]
    lines.append(" · ".join(f"`{k}` {v}" for k, v in sorted(coarse.items())))
    extra = {k: v for k, v in fine.items() if k not in coarse}
    lines += ["", f"#### `world-50m` adds ({len(extra)} more)", ""]
    lines.append(" · ".join(f"`{k}` {v}" for k, v in sorted(extra.items())))
    missing = sorted(set(coarse) - set(fine))
    if missing:
        lines += ["", "Only on `world-110m`: " + ", ".join(f"`{k}`" for k in missing) + "."]
    return "\n".join(lines)


SECTIONS: dict[str, Callable[[], str]] = {
    "fields": section_fields,
    "defaults": section_defaults,
    "effects": section_effects,
    "conditions": section_conditions,
    "actions": section_actions,
    "codes": section_codes,
    "rules": section_rules,
    "regions": section_regions,
    "mechanics": section_mechanics,
}


# -- splicing into the manual ------------------------------------------------------------------


def _spans(text: str) -> dict[str, tuple[int, int]]:
    """Where each section's generated body starts and ends in `text`."""
    spans: dict[str, tuple[int, int]] = {}
    open_name: str | None = None
    start = 0
    for m in _MARKER.finditer(text):
        kind, name = m.group(1), m.group(2)
        line = text.count("\n", 0, m.start()) + 1
        if kind == "BEGIN":
            if open_name is not None:
                raise ManualError(f"line {line}: BEGIN {name} inside section {open_name}")
            if name in spans:
                raise ManualError(f"line {line}: section {name} appears twice")
            if name not in SECTIONS:
                raise ManualError(
                    f"line {line}: unknown section {name}; known: {', '.join(SECTIONS)}"
                )
            open_name, start = name, m.end()
        else:
            if open_name != name:
                raise ManualError(f"line {line}: END {name} without its BEGIN")
            spans[name] = (start, m.start())
            open_name = None
    if open_name is not None:
        raise ManualError(f"section {open_name} is never closed")
    missing = [name for name in SECTIONS if name not in spans]
    if missing:
        raise ManualError(f"missing sections: {', '.join(missing)}")
    return spans


def render(name: str) -> str:
    return "\n" + SECTIONS[name]().rstrip("\n") + "\n"


def update(text: str) -> tuple[str, list[str]]:
    """The manual with every generated section rewritten, and the names of those that changed."""
    spans = _spans(text)
    out, changed, pos = [], [], 0
    for name, (start, end) in sorted(spans.items(), key=lambda kv: kv[1][0]):
        body = render(name)
        if text[start:end] != body:
            changed.append(name)
        out += [text[pos:start], body]
        pos = end
    out.append(text[pos:])
    return "".join(out), changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m game.content.manual",
        description="Rewrite the generated reference sections of the level designer's manual.",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the manual is stale")
    parser.add_argument("--path", type=Path, default=README, help="the manual (levels/README.md)")
    args = parser.parse_args(argv)
    path: Path = args.path
    try:
        text = path.read_text(encoding="utf-8")
        new, changed = update(text)
    except (OSError, ManualError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if changed:
            print(
                f"{path} is out of date (sections: {', '.join(changed)}); "
                "run `python -m game.content.manual`",
                file=sys.stderr,
            )
            return 1
        return 0
    if changed:
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(new)
        print(f"{path}: rewrote {', '.join(changed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
