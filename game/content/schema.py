"""The JSON Schema of level and deck files, generated from the models, for editors.

Pydantic's schema is reshaped for the YAML language server: every property carries the
manual's description and an example drawn from the shipped levels, optional values have
no `null` alternative (so completion never inserts `key: null`), titles that would head
every hover are dropped, and ids with well-known values offer them for completion.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, get_args, get_type_hints

from pydantic import BaseModel

from game.content.checks import BUILTIN_PERSONALITY_IDS
from game.content.models import COMMON_FAMILIES, DeckModel, LevelModel
from game.content.yamlsafe import load_yaml
from game.core.defs import DEFAULT_AGREEMENT_KINDS
from game.core.effects import EFFECTS

LEVELS = Path(__file__).resolve().parents[2] / "levels"
_ID_PATTERN = "^[A-Za-z][A-Za-z0-9_]*$"
EXAMPLE_LEVELS = ("first_steps.yaml", "northern_shield.yaml", "concert_of_nations.yaml")

# Ids with values every level knows: completion offers them, any other id still validates.
_SUGGESTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("NationModel", "personality"): BUILTIN_PERSONALITY_IDS,
    ("NationModel", "equipment"): COMMON_FAMILIES,
    ("NationModel", "doctrine"): COMMON_FAMILIES,
    ("AgreementModel", "kind"): tuple(k.id for k in DEFAULT_AGREEMENT_KINDS),
}


def schema_text(which: str = "level") -> str:
    model = DeckModel if which == "deck" else LevelModel
    schema = editor_schema(model)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # No title: editors would head every hover with it.
    schema["description"] = "A Forging Alliances " + (
        "event deck (see levels/README.md)" if which == "deck" else "level (see levels/README.md)"
    )
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def editor_schema(model: type[BaseModel]) -> dict[str, Any]:
    from game.content.manual import field_meaning  # the manual imports the models too

    schema = model.model_json_schema()
    examples = _examples()
    owners = {model.__name__: schema, **schema.get("$defs", {})}
    for cls in _models(model):
        node = owners.get(cls.__name__)
        if node is None:
            continue
        node.pop("title", None)
        for name, prop in (node.get("properties") or {}).items():
            key = (cls.__name__, name)
            _drop_null(prop)
            prop.pop("title", None)
            meaning = field_meaning(cls, name)
            if meaning:
                prop["description"] = meaning
                prop["markdownDescription"] = meaning
            if "examples" not in prop and key in examples:
                prop["examples"] = [examples[key]]
            elif "examples" not in prop and prop.get("default") not in (None, [], {}):
                prop["examples"] = [prop["default"]]
            if key in _SUGGESTED:
                _suggest(prop, _SUGGESTED[key])
    _effects(schema)
    _strip_titles(schema)
    return schema


def _drop_null(prop: dict[str, Any]) -> None:
    """`X | None = None` becomes plain X: leaving the key out is how a level says "none"."""
    options = prop.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del prop["anyOf"]
        if len(rest) == 1:
            prop.update(rest[0])
        else:
            prop["anyOf"] = rest
    if "default" in prop and prop["default"] is None:
        del prop["default"]


def _suggest(prop: dict[str, Any], values: tuple[str, ...]) -> None:
    """Offer well-known values first while any id stays valid."""
    shape = {k: prop.pop(k) for k in ("type", "pattern", "maxLength") if k in prop}
    prop["anyOf"] = [{"enum": list(values)}, shape]


def _strip_titles(node: Any) -> None:
    if isinstance(node, dict):
        for key in ("title",):
            if isinstance(node.get(key), str):
                del node[key]
        for value in node.values():
            _strip_titles(value)
    elif isinstance(node, list):
        for value in node:
            _strip_titles(value)


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        hints = get_type_hints(model, include_extras=True)
        todo += [m for name in model.model_fields for m in _submodels(hints[name])]
    return seen


def _submodels(hint: Any) -> list[type[BaseModel]]:
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [hint]
    return [m for arg in get_args(hint) for m in _submodels(arg)]


@functools.lru_cache(maxsize=1)
def _examples() -> dict[tuple[str, str], Any]:
    """The first value each field takes in the tutorial level, then the shipped levels and decks.

    Only files that ship with the game are read, in a fixed order, so a designer's new level
    never changes the schema.
    """
    found: dict[tuple[str, str], Any] = {}
    files: list[tuple[Path, type[BaseModel]]] = [
        (LEVELS / name, LevelModel) for name in EXAMPLE_LEVELS
    ]
    files += [(p, DeckModel) for p in sorted((LEVELS / "decks").glob("*.yaml"))]
    for path, model in files:
        doc, _ = load_yaml(path.read_bytes(), str(path))
        if doc is not None:
            _collect(model, doc.data, found)
    return found


def _collect(model: type[BaseModel], data: Any, found: dict[tuple[str, str], Any]) -> None:
    if not isinstance(data, dict):
        return
    hints = get_type_hints(model, include_extras=True)
    for name in model.model_fields:
        if name not in data:
            continue
        value = data[name]
        found.setdefault((model.__name__, name), _shorten(value))
        for sub in _submodels(hints[name]):
            for item in value if isinstance(value, list) else [value]:
                _collect(sub, item, found)


def _shorten(value: Any) -> Any:
    """Examples stay short: a list shows its first item, long text its first words."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[:1]
    if isinstance(value, str) and len(value) > 80:
        return value[:77].rsplit(" ", 1)[0] + " …"
    return value


def _effects(schema: dict[str, Any]) -> None:
    """Each effect of the effect list gets its manual example, each argument one too."""
    for effects in _effect_lists(schema):
        for name, prop in effects.items():
            doc, _ = load_yaml(EFFECTS[name].example, "example")
            example = doc.data if doc is not None and isinstance(doc.data, dict) else {}
            given = example.get(name)
            args: dict[str, Any] = given if isinstance(given, dict) else {}
            prop["examples"] = [args]
            prop["markdownDescription"] = f"{EFFECTS[name].doc} e.g. `{EFFECTS[name].example}`"
            for pname, arg in prop["properties"].items():
                param = EFFECTS[name].params[pname]
                sample = args.get(pname, None if param.required else param.default)
                if sample is not None:
                    arg["examples"] = [sample]


def _effect_lists(node: Any) -> list[dict[str, Any]]:
    """The `properties` of every effect item schema (a mapping keyed by effect names)."""
    if isinstance(node, dict):
        props = node.get("properties")
        if (
            node.get("maxProperties") == 1
            and isinstance(props, dict)
            and set(props) <= set(EFFECTS)
        ):
            return [props]
        return [p for value in node.values() for p in _effect_lists(value)]
    if isinstance(node, list):
        return [p for value in node for p in _effect_lists(value)]
    return []
