"""Checks after YAML: schema errors placed in the file, references, expressions, lints."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.content.diagnostics import Diagnostic, DiagnosticSink, Pos
from game.content.models import EFFECT_ARGS
from game.content.yamlsafe import YamlDoc
from game.core.conditions import RESERVED_NAMES, make_env
from game.core.defs import DEFAULT_AGREEMENT_KINDS
from game.core.effects import EFFECTS
from game.core.expr import ExprEnv, check_expr
from game.core.rules import DEFAULT_RULES, Rules

BUILTIN_PERSONALITY_IDS = ("balanced", "cautious", "bold", "idealist", "pragmatist")
SCOPE_WORDS = ("player", "nation", "target")
ASSETS = Path(__file__).resolve().parents[2] / "assets" / "world"


def _did_you_mean(word: Any, choices: Any) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@functools.lru_cache(maxsize=4)
def map_regions(base: str) -> frozenset[str]:
    """ISO3 codes present on a base map (read once; plain JSON, no pygame)."""
    name = "countries-50m.json" if base == "world-50m" else "countries-110m.json"
    with open(ASSETS / name, encoding="utf-8") as f:
        data = json.load(f)
    return frozenset(c["iso3"] for c in data["countries"])


# -- pass 2: schema ----------------------------------------------------------------------------


def _schema_node(schema: dict[str, Any], root: dict[str, Any], loc: tuple[Any, ...]) -> Any:
    node: Any = schema
    for part in loc:
        node = _deref(node, root)
        if node is None:
            return None
        if isinstance(part, int):
            node = node.get("items") or (node.get("prefixItems") or [None])[0]
        else:
            props = node.get("properties")
            if props is None:
                return None
            node = props.get(part)
    return _deref(node, root)


def _deref(node: Any, root: dict[str, Any]) -> Any:
    while isinstance(node, dict):
        if "$ref" in node:
            node = root["$defs"][node["$ref"].split("/")[-1]]
        elif "anyOf" in node:
            node = next((x for x in node["anyOf"] if x.get("type") != "null"), None)
        else:
            return node
    return node


@functools.lru_cache(maxsize=4)
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _got(value: Any) -> str:
    if isinstance(value, str):
        return f"got {value!r}"
    if isinstance(value, bool):
        return f"got {str(value).lower()}"
    if value is None:
        return "got nothing"
    if isinstance(value, dict):
        return "got a mapping"
    if isinstance(value, list):
        return "got a list"
    return f"got {value!r}"


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def schema_errors(
    exc: ValidationError,
    doc: YamlDoc,
    model: type[BaseModel],
    sink: DiagnosticSink,
    prefix: tuple[Any, ...] = (),
) -> Iterator[Diagnostic]:
    """Pydantic's errors, each placed at its line and column with a plain message and code."""
    root = _schema(model)
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # Effects are validated one by one later; skip pydantic's view of them.
        kind = err["type"]
        full = prefix + loc
        where = _dotted(full)
        if kind == "extra_forbidden":
            parent = _schema_node(root, root, loc[:-1]) or {}
            allowed = sorted((parent.get("properties") or {}).keys())
            hint = _did_you_mean(loc[-1], allowed)
            yield sink.make(
                "error",
                "E101",
                f"unknown key {loc[-1]!r} in {_dotted(full[:-1]) or 'the file'}{hint}",
                doc.pos_of(full, key=True),
                (f"allowed keys: {', '.join(allowed)}",) if allowed and not hint else (),
            )
            continue
        if kind == "missing":
            yield sink.make(
                "error",
                "E104",
                f"missing required key {loc[-1]!r} in {_dotted(full[:-1]) or 'the file'}",
                doc.pos_of(full[:-1]),
            )
            continue
        pos = doc.pos_of(full)
        got = _got(err.get("input"))
        msg = err["msg"]
        if (
            kind.endswith("_type")
            or kind.endswith("_parsing")
            or kind in ("model_attributes_type",)
        ):
            code = "E102"
            if kind in ("model_type", "model_attributes_type", "dict_type"):
                msg = "expected a mapping of keys"
        elif kind in (
            "greater_than_equal",
            "less_than_equal",
            "greater_than",
            "less_than",
            "too_short",
            "too_long",
            "string_too_long",
            "string_too_short",
        ):
            code = "E103"
        else:
            code = "E105"
        if kind == "literal_error":
            expected = (err.get("ctx") or {}).get("expected", "")
            msg = f"must be one of {expected}"
            msg += _did_you_mean(
                err.get("input"),
                re.findall(r"'([^']*)'|(\d+)", expected)
                and [a or b for a, b in re.findall(r"'([^']*)'|(\d+)", expected)],
            )
        if kind == "string_pattern_mismatch":
            pattern = (err.get("ctx") or {}).get("pattern", "")
            msg = (
                'must be a colour like "#3a7bd5"'
                if "#" in pattern
                else "must be an id: a letter, then letters, digits or _"
            )
        yield sink.make("error", code, f"{where}: {msg.rstrip('.')}, {got}", pos)


# -- pass 3 and 4: references, expressions, effects, lints --------------------------------------


@dataclasses.dataclass
class _Ctx:
    sink: DiagnosticSink
    out: list[Diagnostic]
    nations: list[str]
    env: ExprEnv

    def error(self, code: str, message: str, pos: Pos, *notes: str) -> None:
        self.out.append(self.sink.make("error", code, message, pos, notes))

    def warn(self, code: str, message: str, pos: Pos, *notes: str) -> None:
        self.out.append(self.sink.make("warning", code, message, pos, notes))


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    return [(k, x) for k, x in enumerate(_list(data, key)) if isinstance(x, dict)]


# The schema pass has already reported a value of the wrong type; these read it as empty so
# the later passes can walk a half-broken file without a traceback.
def _list(data: Any, key: str) -> list[Any]:
    v = data.get(key) if isinstance(data, dict) else None
    return v if isinstance(v, list) else []


def _mapping(data: Any, key: str) -> dict[str, Any]:
    v = data.get(key) if isinstance(data, dict) else None
    return v if isinstance(v, dict) else {}


def _ids(c: _Ctx, doc: YamlDoc, key: str, what: str, seen: dict[str, Pos]) -> list[str]:
    out = []
    for k, item in _items(doc.data, key):
        nid = item.get("id")
        if not isinstance(nid, str):
            continue
        pos = doc.pos_of((key, k, "id"))
        if nid in seen:
            first = seen[nid]
            c.error(
                "E205",
                f"duplicate {what} id {nid!r} (first defined at {first.path}:{first.line})",
                pos,
            )
        else:
            seen[nid] = pos
            out.append(nid)
    return out


def _expr_pos(
    doc: YamlDoc, path: tuple[Any, ...], sink: DiagnosticSink, offset: int, text: str
) -> Pos:
    """Where character `offset` of an expression stands in the file.

    The expression may be quoted or span several lines (YAML folds a line break and the
    next line's indentation into one space), so the source is walked from the scalar's
    start, matching the expression's characters and skipping what folding removed.
    """
    base = doc.pos_of(path)
    line_no, col = base.line, base.col - 1
    line = sink.source_line(base) or ""
    if col < len(line) and line[col] in "\"'":
        col += 1
    elif col < len(line) and line[col] in ">|":
        # A block scalar's text starts on the line after its indicator.
        nxt = sink.source_line(Pos(base.path, line_no + 1, 1))
        if nxt is not None:
            line_no, line = line_no + 1, nxt
            col = len(nxt) - len(nxt.lstrip(" \t"))
    i = 0
    while i < offset:
        if col >= len(line):
            nxt = sink.source_line(Pos(base.path, line_no + 1, 1))
            if nxt is None:
                break
            line_no, line = line_no + 1, nxt
            col = len(nxt) - len(nxt.lstrip(" \t"))
            if text[i] == " ":
                i += 1
            continue
        if line[col] == text[i]:
            col, i = col + 1, i + 1
        elif line[col] == "\\" and col + 1 < len(line):
            col += 1  # an escape in a double-quoted scalar: the next character stands for it
        elif line[col] in " \t":
            col += 1
        else:
            break
    return Pos(base.path, line_no, min(col, len(line)) + 1)


def _expr(c: _Ctx, doc: YamlDoc, path: tuple[Any, ...], text: Any, expect: str = "bool") -> None:
    if not isinstance(text, str):
        return
    for e in check_expr(text, c.env, expect):  # type: ignore[arg-type]
        c.error(e.code, e.message, _expr_pos(doc, path, c.sink, e.offset, text))


_LITERAL = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def _finite_literals(c: _Ctx, doc: YamlDoc, path: tuple[Any, ...], text: Any) -> None:
    """A number in a score too large to be finite (conditions treat it as infinity)."""
    if not isinstance(text, str):
        return
    for m in _LITERAL.finditer(text):
        if float(m.group()) > 1e300:
            c.error(
                "E103",
                f"the number {m.group()[:12]}… is too large: a score must stay a finite number",
                _expr_pos(doc, path, c.sink, m.start(), text),
            )


def _ref(c: _Ctx, value: Any, known: Any, code: str, what: str, pos: Pos) -> None:
    if isinstance(value, str) and value not in known:
        c.error(code, f"unknown {what} {value!r}{_did_you_mean(value, known)}", pos)


def check_level(files: list[Any], sink: DiagnosticSink) -> list[Diagnostic]:
    """Reference, expression and effect checks over the level and its decks, then lints."""
    out: list[Diagnostic] = []
    main = files[0].doc
    data = main.data if isinstance(main.data, dict) else {}
    nation_pos: dict[str, Pos] = {}
    c = _Ctx(sink, out, [], make_env([]))
    c.nations = _ids(c, main, "nations", "nation", nation_pos)
    for nid in c.nations:
        if nid in RESERVED_NAMES:
            c.error("E105", f"nation id {nid!r} is a reserved word of conditions", nation_pos[nid])
    c.env = make_env(c.nations)
    axes = _ids(c, main, "axes", "axis", {})
    threats = _ids(c, main, "threats", "threat", {})
    persons = [*BUILTIN_PERSONALITY_IDS, *_ids(c, main, "personalities", "personality", {})]
    kinds = [k.id for k in DEFAULT_AGREEMENT_KINDS]
    kinds += [k for k in _ids(c, main, "agreement_kinds", "agreement kind", {}) if k not in kinds]
    event_pos: dict[str, Pos] = {}
    events: list[tuple[YamlDoc, int, dict[str, Any]]] = []
    for f in files:
        _ids(c, f.doc, "events", "event", event_pos)
        events += [(f.doc, k, e) for k, e in _items(f.doc.data, "events")]
    base = _mapping(data, "map").get("base", "world-110m")
    regions = map_regions(base if base in ("world-110m", "world-50m") else "world-110m")
    nations_set = set(c.nations)

    _ref(c, data.get("player"), nations_set, "E201", "nation", main.pos_of(("player",)))
    region_owner: dict[str, str] = {}
    for k, n in _items(data, "nations"):
        for r, code in enumerate(_list(n, "regions")):
            pos = main.pos_of(("nations", k, "regions", r))
            if isinstance(code, str) and code not in regions:
                c.error(
                    "E204",
                    f"region {code!r} is not on the {base} map"
                    f"{_did_you_mean(code, sorted(regions))}",
                    pos,
                )
            elif isinstance(code, str) and code in region_owner:
                c.warn("W404", f"region {code!r} is already drawn as {region_owner[code]}", pos)
            elif isinstance(code, str):
                region_owner[code] = str(n.get("id"))
        if not n.get("regions") and not n.get("capital"):
            c.error(
                "E105",
                f"nation {n.get('id')!r} needs map regions or a capital to be drawn",
                main.pos_of(("nations", k)),
            )
        for key in ("positions", "salience"):
            for axis in _mapping(n, key):
                _ref(
                    c, axis, axes, "E207", "axis", main.pos_of(("nations", k, key, axis), key=True)
                )
        for party in ("government", "opposition"):
            for axis in _mapping(n.get(party), "platform"):
                _ref(
                    c,
                    axis,
                    axes,
                    "E207",
                    "axis",
                    main.pos_of(("nations", k, party, "platform", axis), key=True),
                )
        _ref(
            c,
            n.get("personality"),
            persons,
            "E208",
            "personality",
            main.pos_of(("nations", k, "personality")),
        )
    pairs: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
    for k, rel in _items(data, "relations"):
        for side in ("a", "b"):
            _ref(
                c, rel.get(side), nations_set, "E201", "nation", main.pos_of(("relations", k, side))
            )
        a, b = rel.get("a"), rel.get("b")
        if isinstance(a, str) and isinstance(b, str):
            if a == b:
                c.error(
                    "E105", "a relation needs two different nations", main.pos_of(("relations", k))
                )
            back = pairs.get((b, a))
            if back is not None and rel.get("symmetric", True) is not False:
                fields = (
                    "trust",
                    "grievance",
                    "tension",
                    "equipment",
                    "doctrine",
                    "communications",
                )
                if any(
                    rel.get(x) is not None and back[1].get(x) not in (None, rel.get(x))
                    for x in fields
                ):
                    c.warn(
                        "W403",
                        f"relation {a}→{b} differs from {b}→{a} listed before; "
                        "add `symmetric: false` to both if the asymmetry is meant",
                        main.pos_of(("relations", k)),
                    )
            pairs[(a, b)] = (k, rel)
    for k, agr in _items(data, "agreements"):
        _ref(
            c,
            agr.get("kind"),
            kinds,
            "E203",
            "agreement kind",
            main.pos_of(("agreements", k, "kind")),
        )
        for m, nid in enumerate(_list(agr, "members")):
            _ref(
                c, nid, nations_set, "E201", "nation", main.pos_of(("agreements", k, "members", m))
            )
    for k, t in _items(data, "threats"):
        if t.get("source") is not None:
            _ref(
                c,
                t.get("source"),
                nations_set,
                "E201",
                "nation",
                main.pos_of(("threats", k, "source")),
            )
        for m, nid in enumerate(_list(t, "threatened")):
            _ref(
                c, nid, nations_set, "E201", "nation", main.pos_of(("threats", k, "threatened", m))
            )
    for key in ("victory", "defeat"):
        for k, g in _items(data, key):
            _expr(c, main, (key, k, "when"), g.get("when"))
            _lint_goal(c, main, (key, k, "when"), g.get("when"), len(c.nations))
    if data.get("score") is not None:
        _expr(c, main, ("score",), data.get("score"), "number")
        _finite_literals(c, main, ("score",), data.get("score"))
    rules = data.get("rules")
    if isinstance(rules, dict):
        rule_names = {f.name for f in dataclasses.fields(Rules)}
        for name, value in rules.items():
            pos = main.pos_of(("rules", name), key=True)
            if name not in rule_names:
                c.error("E101", f"unknown rule {name!r}{_did_you_mean(name, rule_names)}", pos)
            else:
                _check_rule(c, name, value, main.pos_of(("rules", name)))
    chained: set[str] = set()
    for doc, k, e in events:
        chained |= _check_event(c, doc, k, e, nations_set, event_pos, kinds, axes, threats)
    for doc, k, e in events:
        eid = e.get("id")
        if (
            e.get("mean_time") == 0
            and not e.get("on")
            and not (isinstance(eid, str) and eid in chained)
        ):
            c.warn(
                "W402",
                f"event {eid!r} only fires when chained, but no option chains it",
                doc.pos_of(("events", k, "mean_time")),
            )
    return out


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_POSITIVE_RULES = frozenset({"election_slope", "dialogue_saturation", "crisis_level"})


def _check_rule(c: _Ctx, name: str, value: Any, pos: Pos) -> None:
    """A rule override has the shape and sign of its default."""
    default = getattr(DEFAULT_RULES, name)
    if isinstance(default, tuple):
        if not isinstance(value, list) or len(value) != len(default):
            c.error(
                "E102",
                f"rule {name!r} must be a list of {len(default)} numbers "
                f"(like {list(default)}), {_got(value)}",
                pos,
            )
        elif not all(_is_number(v) and v >= 0 for v in value):
            c.error("E103", f"rule {name!r} must hold numbers of 0 or more", pos)
        return
    if not _is_number(value) or (isinstance(default, int) and not isinstance(value, int)):
        kind = "a whole number" if isinstance(default, int) else "a number"
        c.error("E102", f"rule {name!r} must be {kind} (default {default}), {_got(value)}", pos)
        return
    if name in _POSITIVE_RULES and value <= 0:
        c.error("E103", f"rule {name!r} must be above 0 (default {default}), got {value}", pos)
    elif default >= 0 > value:
        c.error("E103", f"rule {name!r} must be 0 or more (default {default}), got {value}", pos)


_EXPR_RANGE = re.compile(
    r"\b(trust|grievance|tension|interop|equipment|doctrine|communications|approval|stability|"
    r"reputation|world_tension|military|economy)\b(\([^()]*\))?\s*(<=|>=|<|>|==)\s*(-?\d+(?:\.\d+)?)"
)
_TURN = re.compile(r"\bturn\s*(>=|>|==)\s*(\d+)")


def _never(text: str, turns: int | None) -> str | None:
    """A reason the condition can never hold, found by simple static patterns (or None)."""
    for _name, _args, op, num in _EXPR_RANGE.findall(text):
        v = float(num)
        if (
            (op == ">" and v >= 100)
            or (op == ">=" and v > 100)
            or (op == "<" and v <= 0)
            or (op == "<=" and v < 0)
            or (op == "==" and not 0 <= v <= 100)
        ):
            return f"a 0–100 quantity is never {op} {num}"
    if turns is not None:
        for op, num in _TURN.findall(text):
            if int(num) > turns or (op == ">" and int(num) >= turns):
                return f"the level ends at turn {turns}"
    return None


def _lint_goal(c: _Ctx, doc: YamlDoc, path: tuple[Any, ...], text: Any, n: int) -> None:
    if not isinstance(text, str):
        return
    for m in re.finditer(r"alliance_size\([^()]*\)\s*>=\s*(\d+)", text):
        if int(m.group(1)) > n:
            c.warn(
                "W404",
                f"this goal needs an alliance of {m.group(1)} but the level has only {n} nations",
                doc.pos_of(path),
            )
    reason = _never(text, None)
    if reason:
        c.warn("W401", f"this condition can never be true: {reason}", doc.pos_of(path))


def _check_event(
    c: _Ctx,
    doc: YamlDoc,
    k: int,
    e: dict[str, Any],
    nations: set[str],
    event_pos: dict[str, Pos],
    kinds: list[str],
    axes: list[str],
    threats: list[str],
) -> set[str]:
    chained: set[str] = set()
    base = ("events", k)
    for key in ("nations", "targets"):
        for m, nid in enumerate(_list(e, key)):
            _ref(c, nid, nations, "E201", "nation", doc.pos_of((*base, key, m)))
    _expr(c, doc, (*base, "trigger"), e.get("trigger"))
    if isinstance(e.get("trigger"), str):
        reason = _never(e["trigger"], None)
        if reason:
            c.warn(
                "W401",
                f"event {e.get('id')!r} can never fire: {reason}",
                doc.pos_of((*base, "trigger")),
            )
    for o, opt in _items(e, "options"):
        opath = (*base, "options", o)
        _expr(c, doc, (*opath, "requires"), opt.get("requires"))
        effects = opt.get("effects")
        if not isinstance(effects, list):
            continue
        for x, item in enumerate(effects):
            epath = (*opath, "effects", x)
            if not isinstance(item, dict) or len(item) != 1:
                c.error(
                    "E102",
                    "an effect is a mapping with one key, the effect's name, e.g. "
                    "`- trust: {from: target, to: player, by: 5}`",
                    doc.pos_of(epath),
                )
                continue
            name, args = next(iter(item.items()))
            if name not in EFFECTS:
                c.error(
                    "E105",
                    f"unknown effect {name!r}{_did_you_mean(name, EFFECTS)}",
                    doc.pos_of((*epath, name), key=True),
                )
                continue
            if not isinstance(args, dict):
                c.error(
                    "E102",
                    f"effect {name!r} needs a mapping of arguments, {_got(args)}",
                    doc.pos_of((*epath, name)),
                )
                continue
            try:
                EFFECT_ARGS[name].model_validate(args)
            except ValidationError as exc:
                c.out.extend(schema_errors(exc, doc, EFFECT_ARGS[name], c.sink, (*epath, name)))
            for pname, p in EFFECTS[name].params.items():
                v = args.get(pname)
                pos = doc.pos_of((*epath, name, pname))
                if v is None:
                    continue
                if p.kind == "nation" and v not in SCOPE_WORDS:
                    _ref(c, v, nations, "E201", "nation (or player/nation/target)", pos)
                elif p.kind == "event":
                    _ref(c, v, event_pos, "E202", "event", pos)
                    chained.add(str(v))
                elif p.kind == "kind":
                    _ref(c, v, kinds, "E203", "agreement kind", pos)
                elif p.kind == "axis":
                    _ref(c, v, axes, "E207", "axis", pos)
                elif p.kind == "threat":
                    _ref(c, v, threats, "E206", "threat", pos)
    return chained
