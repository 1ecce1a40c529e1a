"""Every shipped level loads cleanly, names its schema, and matches the committed JSON Schema."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from game.content.loader import load_level_file
from game.content.yamlsafe import load_yaml, load_yaml_file

LEVELS = Path(__file__).resolve().parents[2] / "levels"
README = LEVELS / "README.md"
SHIPPED = sorted(LEVELS.glob("*.yaml"))
DECKS = sorted((LEVELS / "decks").glob("*.yaml"))
LEVEL_MODELINE = "# yaml-language-server: $schema=level.schema.json"
DECK_MODELINE = "# yaml-language-server: $schema=../deck.schema.json"


def _ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(LEVELS).as_posix() for p in paths]


def needs(paths: list[Path]) -> None:
    if not paths:
        pytest.skip("no shipped files yet")


@pytest.mark.parametrize("path", SHIPPED, ids=_ids(SHIPPED))
def test_level_loads_without_errors_or_warnings(path: Path) -> None:
    result = load_level_file(path, display=str(path))
    assert [f"{d.path}:{d.line}:{d.col}: {d.code} {d.message}" for d in result.diagnostics] == []
    assert result.loaded is not None


@pytest.mark.parametrize("path", SHIPPED, ids=_ids(SHIPPED))
def test_level_starts_with_the_schema_modeline(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == LEVEL_MODELINE


@pytest.mark.parametrize("path", DECKS, ids=_ids(DECKS))
def test_deck_starts_with_the_schema_modeline(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == DECK_MODELINE


def test_every_deck_is_included_by_a_shipped_level() -> None:
    """Decks are checked only through the levels that include them."""
    needs(DECKS)
    included: set[Path] = set()
    for path in SHIPPED:
        loaded = load_level_file(path).loaded
        assert loaded is not None
        included |= {(LEVELS / rel).resolve() for rel in loaded.sources}
    assert [d for d in DECKS if d.resolve() not in included] == []


# A hand-written validator for the part of JSON Schema the generated schemas use. It refuses
# keywords it does not know, so a schema that grows beyond it fails loudly instead of passing.
_IGNORED = {
    "title",
    "description",
    "markdownDescription",
    "default",
    "examples",
    "$schema",
    "$defs",
}
_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


class Invalid(Exception):
    pass


def _is(value: Any, kind: str) -> bool:
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, _TYPES[kind])


def check(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "") -> None:
    """Raise Invalid with a path if `value` breaks `schema`."""
    unknown = set(schema) - _IGNORED - set(_KEYWORDS)
    if unknown:
        raise AssertionError(f"{at}: validator does not know {sorted(unknown)}")
    for key, rule in schema.items():
        if key in _KEYWORDS:
            _KEYWORDS[key](value, rule, schema, root, at)


def _ref(v: Any, ref: str, s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    assert ref.startswith("#/$defs/")
    check(v, root["$defs"][ref.removeprefix("#/$defs/")], root, at)


def _type(v: Any, kind: str, s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if not _is(v, kind):
        raise Invalid(f"{at}: {v!r} is not {kind}")


def _any_of(v: Any, options: list[Any], s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if _matches(v, options, root, at) < 1:
        raise Invalid(f"{at}: {v!r} matches none of the options")


def _one_of(v: Any, options: list[Any], s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if _matches(v, options, root, at) != 1:
        raise Invalid(f"{at}: {v!r} does not match exactly one option")


def _matches(v: Any, options: list[Any], root: dict[str, Any], at: str) -> int:
    n = 0
    for option in options:
        try:
            check(v, option, root, at)
        except Invalid:
            continue
        n += 1
    return n


def _enum(v: Any, allowed: list[Any], s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if not any(v == a and type(v) is type(a) for a in allowed):
        raise Invalid(f"{at}: {v!r} not in {allowed}")


def _const(v: Any, c: Any, s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    _enum(v, [c], s, root, at)


def _properties(
    v: Any, props: dict[str, Any], s: dict[str, Any], root: dict[str, Any], at: str
) -> None:
    if isinstance(v, dict):
        for k, sub in props.items():
            if k in v:
                check(v[k], sub, root, f"{at}.{k}")


def _required(v: Any, keys: list[str], s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if isinstance(v, dict) and (missing := [k for k in keys if k not in v]):
        raise Invalid(f"{at}: missing {missing}")


def _additional(v: Any, extra: Any, s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if not isinstance(v, dict):
        return
    for k in set(v) - set(s.get("properties", {})):
        if extra is False:
            raise Invalid(f"{at}: unknown key {k!r}")
        if isinstance(extra, dict):
            check(v[k], extra, root, f"{at}.{k}")


def _items(v: Any, sub: dict[str, Any], s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if isinstance(v, list):
        start = len(s.get("prefixItems", []))
        for k, item in enumerate(v[start:], start):
            check(item, sub, root, f"{at}[{k}]")


def _prefix(v: Any, subs: list[Any], s: dict[str, Any], root: dict[str, Any], at: str) -> None:
    if isinstance(v, list):
        for k, (item, sub) in enumerate(zip(v, subs, strict=False)):
            check(item, sub, root, f"{at}[{k}]")


def _bound(name: str, ok: Any) -> Any:
    def rule(v: Any, limit: Any, s: dict[str, Any], root: dict[str, Any], at: str) -> None:
        if not ok(v, limit):
            raise Invalid(f"{at}: {v!r} breaks {name} {limit!r}")

    return rule


def _num(v: Any) -> bool:
    return _is(v, "number")


_KEYWORDS: dict[str, Any] = {
    "$ref": _ref,
    "type": _type,
    "anyOf": _any_of,
    "oneOf": _one_of,
    "enum": _enum,
    "const": _const,
    "properties": _properties,
    "required": _required,
    "additionalProperties": _additional,
    "items": _items,
    "prefixItems": _prefix,
    "minimum": _bound("minimum", lambda v, x: not _num(v) or v >= x),
    "maximum": _bound("maximum", lambda v, x: not _num(v) or v <= x),
    "minItems": _bound("minItems", lambda v, x: not isinstance(v, list) or len(v) >= x),
    "maxItems": _bound("maxItems", lambda v, x: not isinstance(v, list) or len(v) <= x),
    "minProperties": _bound("minProperties", lambda v, x: not isinstance(v, dict) or len(v) >= x),
    "maxProperties": _bound("maxProperties", lambda v, x: not isinstance(v, dict) or len(v) <= x),
    "minLength": _bound("minLength", lambda v, x: not isinstance(v, str) or len(v) >= x),
    "maxLength": _bound("maxLength", lambda v, x: not isinstance(v, str) or len(v) <= x),
    "pattern": _bound("pattern", lambda v, x: not isinstance(v, str) or re.search(x, v)),
}


def schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LEVELS / name).read_text(encoding="utf-8"))
    return data


def data_of(path: Path) -> Any:
    doc, diags = load_yaml_file(path, str(path))
    assert doc is not None, diags
    return doc.data


@pytest.mark.parametrize("path", SHIPPED, ids=_ids(SHIPPED))
def test_level_matches_the_committed_json_schema(path: Path) -> None:
    root = schema("level.schema.json")
    check(data_of(path), root, root)


@pytest.mark.parametrize("path", DECKS, ids=_ids(DECKS))
def test_deck_matches_the_committed_json_schema(path: Path) -> None:
    root = schema("deck.schema.json")
    check(data_of(path), root, root)


def example_level_data() -> Any:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- example-level: \S+ -->\n```yaml\n(.*?)```", text, re.S)
    assert m, "the manual lost its marked example level"
    doc, diags = load_yaml(m.group(1), "example.yaml")
    assert doc is not None, diags
    return doc.data


def _first_effect(data: dict[str, Any]) -> dict[str, Any]:
    for event in data.get("events", []):
        for option in event["options"]:
            for effect in option.get("effects", []):
                assert isinstance(effect, dict)
                return effect
    raise AssertionError("no level event with an effect")


def _break_unknown_key(d: dict[str, Any]) -> None:
    d["nations"][0]["colour"] = "#ffffff"


def _break_type(d: dict[str, Any]) -> None:
    d["turns"] = "twelve"


def _break_range(d: dict[str, Any]) -> None:
    d["nations"][0]["military"] = 101


def _break_colour(d: dict[str, Any]) -> None:
    d["nations"][0]["color"] = "red"


def _break_missing(d: dict[str, Any]) -> None:
    del d["title"]


def _break_effect_name(d: dict[str, Any]) -> None:
    effect = _first_effect(d)
    effect["no_such_effect"] = effect.pop(next(iter(effect)))


def _break_effect_argument(d: dict[str, Any]) -> None:
    args = next(iter(_first_effect(d).values()))
    args["no_such_argument"] = 1


def _break_enum(d: dict[str, Any]) -> None:
    d["events"][0]["who"] = "everyone"


def _break_tuple(d: dict[str, Any]) -> None:
    d["map"] = {"view": [0, 0, 10]}


def _break_number(d: dict[str, Any]) -> None:
    d["nations"][0]["economy"] = True


@pytest.mark.parametrize(
    "breaker",
    [
        _break_unknown_key,
        _break_type,
        _break_range,
        _break_colour,
        _break_missing,
        _break_effect_name,
        _break_effect_argument,
        _break_enum,
        _break_tuple,
        _break_number,
    ],
)
def test_the_schema_check_catches_broken_levels(breaker: Any) -> None:
    """The hand-written validator is not a rubber stamp: it passes the manual's example level
    and fails each broken copy of it."""
    root = schema("level.schema.json")
    data = example_level_data()
    check(data, root, root)
    broken = copy.deepcopy(data)
    breaker(broken)
    with pytest.raises(Invalid):
        check(broken, root, root)
