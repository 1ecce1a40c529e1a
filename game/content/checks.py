"""Checks after YAML: schema errors placed in the file, references, expressions, lints."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from game.content.diagnostics import Diagnostic, DiagnosticSink, Pos
from game.content.models import effect_args, effect_json_schema
from game.content.yamlsafe import YamlDoc
from game.core import actions  # declares the actions and their cost rules
from game.core.conditions import RESERVED_NAMES, make_env
from game.core.context import SCOPE_WORDS
from game.core.defs import DEFAULT_AGREEMENT_KINDS
from game.core.effects import EFFECTS
from game.core.expr import ExprEnv, ExprError, check_expr, compile_expr
from game.core.rules import DEFAULT_RULES, rule_names
from game.resources import assets_dir

BUILTIN_PERSONALITY_IDS = ("balanced", "cautious", "bold", "idealist", "pragmatist")
ASSETS = assets_dir() / "world"


def _did_you_mean(word: Any, choices: Any) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


# Each country of a base map names its code once, as `"iso3": "EST"`; nothing else has that key.
_ISO3_KEY = re.compile(r'"iso3"\s*:\s*"([^"\\]*)"')


@functools.lru_cache(maxsize=4)
def map_regions(base: str) -> frozenset[str]:
    """ISO3 codes present on a base map (read once, no pygame).

    The codes are picked out of the text rather than decoding the whole file: the outlines
    are most of it, and decoding them costs a level check more than all its other reading.
    """
    name = "countries-50m.json" if base == "world-50m" else "countries-110m.json"
    text = (ASSETS / name).read_text(encoding="utf-8")
    return frozenset(_ISO3_KEY.findall(text))


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
            # A mapping member (a model) first: that is where unknown keys are looked up.
            options = [x for x in node["anyOf"] if x.get("type") != "null"]
            node = next((x for x in options if "$ref" in x), options[0] if options else None)
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


_SCALAR_BRANCHES = frozenset({"str", "int", "float", "bool"})


def _union_branch(
    loc: tuple[Any, ...], doc: YamlDoc, prefix: tuple[Any, ...]
) -> tuple[Any, ...] | None:
    """Pydantic reports a value that fits no member of a union once per member, naming the
    member in the location (`include[0].str`, `include[0].IncludeModel`). Keep only the
    member the value looks like (a mapping → the model), without its name; None to skip."""
    for k, part in enumerate(loc):
        if not isinstance(part, str) or not (part in _SCALAR_BRANCHES or part.endswith("Model")):
            continue
        value: Any = doc.data
        for step in prefix + loc[:k]:
            try:
                value = value[step]
            except (KeyError, IndexError, TypeError):
                return loc
        if isinstance(value, dict) != part.endswith("Model"):
            return None
        return loc[:k] + loc[k + 1 :]
    return loc


def schema_errors(
    exc: ValidationError,
    doc: YamlDoc,
    model: type[BaseModel] | dict[str, Any],
    sink: DiagnosticSink,
    prefix: tuple[Any, ...] = (),
) -> Iterator[Diagnostic]:
    """Pydantic's errors, each placed at its line and column with a plain message and code."""
    root = model if isinstance(model, dict) else _schema(model)
    for err in exc.errors(include_url=False):
        loc = _union_branch(tuple(err["loc"]), doc, prefix)
        if loc is None:
            continue
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
        ctx = {k: _whole(v) for k, v in (err.get("ctx") or {}).items()}
        msg = _PLAIN[kind].format(**ctx) if kind in _PLAIN else err["msg"]
        notes = _comment_hint(sink, pos) if err.get("input") is None else ()
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
        if kind in ("too_short", "too_long"):
            got = f"got {len(err.get('input') or ())}"
        if kind == "literal_error":
            expected = (err.get("ctx") or {}).get("expected", "")
            msg = f"must be one of {expected}"
            choices = [a or b for a, b in re.findall(r"'([^']*)'|(\d+)", expected)]
            got += _did_you_mean(err.get("input"), choices)
        if kind == "string_pattern_mismatch":
            pattern = (err.get("ctx") or {}).get("pattern", "")
            msg = (
                'must be a colour like "#3a7bd5"'
                if "#" in pattern
                else "must be an id: a letter, then letters, digits or _"
            )
        yield sink.make("error", code, f"{where}: {msg.rstrip('.')}, {got}", pos, notes)


# Pydantic's wording, said plainly; `{name}` fields come from the error's context.
_PLAIN = {
    "greater_than_equal": "must be {ge} or more",
    "less_than_equal": "must be {le} or less",
    "greater_than": "must be more than {gt}",
    "less_than": "must be less than {lt}",
    "too_short": "needs at least {min_length} items",
    "too_long": "holds at most {max_length} items",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters long",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "missing": "is required",
}


def _whole(value: Any) -> Any:
    """100.0 reads as 100 in a message."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _comment_hint(sink: DiagnosticSink, pos: Pos) -> tuple[str, ...]:
    """A value read as nothing because a `#` made the rest of its line a comment."""
    line = sink.source_line(pos) or ""
    m = re.match(r"\s*(?:-\s+)?([^:#]+):\s+(#\S*)", line)
    if m is None:
        return ()
    return (
        f"'#' starts a comment in YAML, so this value is empty: quote it, "
        f'{m.group(1).strip()}: "{m.group(2)}"',
    )


# -- pass 3 and 4: references, expressions, effects, lints --------------------------------------


@dataclasses.dataclass
class _Ctx:
    sink: DiagnosticSink
    out: list[Diagnostic]
    nations: list[str]
    env: ExprEnv
    # Flags some `set_flag` effect of the level or its decks sets (None: not collected yet).
    flags_set: set[str] | None = None

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


def _ids(
    c: _Ctx,
    doc: YamlDoc,
    key: str,
    what: str,
    seen: dict[str, Pos],
    keep: Callable[[Any], bool] = bool,
) -> list[str]:
    out = []
    for k, item in _items(doc.data, key):
        if not keep(item):
            continue
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


_FLAG_READ = re.compile(r"""\bflag(?:_value)?\(\s*(["'])(.*?)\1""")


def _expr(
    c: _Ctx,
    doc: YamlDoc,
    path: tuple[Any, ...],
    text: Any,
    expect: str = "bool",
    env: ExprEnv | None = None,
) -> None:
    if not isinstance(text, str):
        return
    errors = check_expr(text, env or c.env, expect)  # type: ignore[arg-type]
    for e in errors:
        c.error(e.code, e.message, _expr_pos(doc, path, c.sink, e.offset, text))
    if errors or c.flags_set is None:
        return
    for m in _FLAG_READ.finditer(text):
        if m.group(2) not in c.flags_set:
            c.warn(
                "W404",
                f"flag {m.group(2)!r} is read here, but no `set_flag` effect sets it",
                _expr_pos(doc, path, c.sink, m.start(2) - 1, text),
                "a flag that is never set reads as 0 (false) for the whole game"
                f"{_did_you_mean(m.group(2), sorted(c.flags_set))}",
            )


def _flags_set(events: list[tuple[YamlDoc, int, dict[str, Any]]]) -> set[str]:
    """Every flag name a `set_flag` effect of these events sets."""
    out = set()
    for _, _, e in events:
        for _, opt in _items(e, "options"):
            for item in _list(opt, "effects"):
                args = item.get("set_flag") if isinstance(item, dict) else None
                if isinstance(args, dict) and isinstance(args.get("flag"), str):
                    out.add(args["flag"])
    return out


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


def _ref(
    c: _Ctx, value: Any, known: Any, code: str, what: str, pos: Pos | Callable[[], Pos]
) -> None:
    """Report `value` if it names nothing `known`; `pos` may be worked out only then."""
    if isinstance(value, str) and value not in known:
        where = pos if isinstance(pos, Pos) else pos()
        c.error(code, f"unknown {what} {value!r}{_did_you_mean(value, known)}", where)


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
        # A deck included with a tag filter contributes only the events it keeps.
        keep = getattr(f, "keeps", bool)
        _ids(c, f.doc, "events", "event", event_pos, keep)
        events += [(f.doc, k, e) for k, e in _items(f.doc.data, "events") if keep(e)]
    c.flags_set = _flags_set(events)
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
        if isinstance(a, str) and isinstance(b, str) and (a, b) in pairs:
            c.error(
                "E205",
                f"relation {a}→{b} is listed twice (first at line "
                f"{main.pos_of(('relations', pairs[(a, b)][0])).line})",
                main.pos_of(("relations", k)),
                "list each pair once; a second entry would silently replace the first",
            )
        elif isinstance(a, str) and isinstance(b, str):
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
    _check_gates(c, main, data, kinds)
    for key in ("victory", "defeat"):
        for k, g in _items(data, key):
            _expr(c, main, (key, k, "when"), g.get("when"))
            _lint_goal(c, main, (key, k, "when"), g.get("when"), len(c.nations))
    if data.get("score") is not None:
        _expr(c, main, ("score",), data.get("score"), "number", make_env(c.nations, "score"))
        _finite_literals(c, main, ("score",), data.get("score"))
    elif data.get("score_help"):
        c.warn(
            "W404",
            "`score_help` explains the level's own `score`, but this level has none",
            main.pos_of(("score_help",), key=True),
            "the usual score is shown with its own explanation; add a `score:` "
            "or remove `score_help`",
        )
    rules = data.get("rules")
    if isinstance(rules, dict):
        known = rule_names()
        for name, value in rules.items():
            pos = main.pos_of(("rules", name), key=True)
            if name not in known:
                c.error("E101", f"unknown rule {name!r}{_did_you_mean(name, known)}", pos)
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
    _deck_needs(c, files, {"axes": axes, "agreement_kinds": kinds, "threats": threats})
    return out


def _check_gates(c: _Ctx, doc: YamlDoc, data: dict[str, Any], kinds: list[str]) -> None:
    """The ladder each agreement kind names, and the conditions that open kinds and actions."""
    turns = data["turns"] if isinstance(data.get("turns"), int) else 40
    for k, kind in _items(data, "agreement_kinds"):
        for m, need in enumerate(_list(kind, "needs")):
            pos = doc.pos_of(("agreement_kinds", k, "needs", m))
            _ref(c, need, kinds, "E203", "agreement kind", pos)
        where: tuple[Any, ...] = ("agreement_kinds", k, "requires")
        _gate(c, doc, where, kind.get("requires"), f"kind {kind.get('id')!r}", turns)
    ids = [a.id for a in actions.ordered() if a.scope in ("pair", "self")]
    for name, spec in _mapping(data, "actions").items():
        if name not in ids:
            c.error(
                "E208",
                f"unknown action {name!r}{_did_you_mean(name, ids)}",
                doc.pos_of(("actions", name), key=True),
                f"actions: {', '.join(ids)}",
            )
        elif isinstance(spec, dict):
            where = ("actions", name, "requires")
            _gate(c, doc, where, spec.get("requires"), f"action {name!r}", turns)


def _gate(c: _Ctx, doc: YamlDoc, path: tuple[Any, ...], text: Any, what: str, turns: int) -> None:
    """A condition that opens a kind or an action: checked, and warned about if it never holds."""
    _expr(c, doc, path, text)
    reason = _never(c, text, turns) if isinstance(text, str) else None
    if reason:
        c.warn("W401", f"{what} never opens: {reason}", doc.pos_of(path))


_UNKNOWN_NAME = re.compile(r"unknown [^']*'([^']+)'")


def _names_one_of(d: Diagnostic, path: str, names: set[str]) -> bool:
    m = _UNKNOWN_NAME.search(d.message)
    return d.path == path and m is not None and m.group(1) in names


def _deck_needs(c: _Ctx, files: list[Any], have: dict[str, list[str]]) -> None:
    """One error where a deck is included without what its `requires:` names.

    The deck's own uses of those names are then not reported: the fix is in the level.
    """
    for f in files[1:]:
        needs = f.doc.data.get("requires") if isinstance(f.doc.data, dict) else None
        if not isinstance(needs, dict) or f.included_at is None:
            continue
        missing = [
            (what, name, key)
            for key, what in (
                ("axes", "axis"),
                ("agreement_kinds", "agreement kind"),
                ("threats", "threat"),
            )
            for name in _list(needs, key)
            if isinstance(name, str) and name not in have[key]
        ]
        if not missing:
            continue
        names = {name for _, name, _ in missing}
        kept = [d for d in c.out if not _names_one_of(d, f.display, names)]
        if len(kept) == len(c.out) and (f.only_tags or f.skip_tags):
            continue  # the events that need them were all left out by the tag filter
        c.out[:] = kept
        listing = ", ".join(f"{what} {name!r}" for what, name, _ in missing)
        keys = " and ".join(sorted({f"`{key}:`" for _, _, key in missing}))
        c.error(
            "E209",
            f"{f.rel} needs {listing}, which this level does not define",
            f.included_at,
            f"add them to the level's {keys}, or leave out the deck's events that use them "
            "with `skip_tags` in the include",
        )


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_POSITIVE_RULES = frozenset({"election_slope", "dialogue_saturation", "crisis_level"})


def _check_rule(c: _Ctx, name: str, value: Any, pos: Pos) -> None:
    """A rule override has the shape and sign of its default."""
    default = DEFAULT_RULES.number(name)
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


def _never(c: _Ctx, text: str, turns: int | None) -> str | None:
    """A reason the condition can never hold, from the value ranges of what it compares."""
    try:
        compiled = compile_expr(text, c.env)
    except ExprError:
        return None  # reported by the expression check
    reason = compiled.never(c.env)
    if reason is None and turns is not None:
        for name, op, v, _ in compiled.comparisons:
            if name == "turn" and (v > turns or (op == ">" and v >= turns)):
                return f"the level ends at turn {turns}"
    return reason


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
    reason = _never(c, text, None)
    if reason:
        c.warn("W401", f"this condition can never be true: {reason}", doc.pos_of(path))


def _strays_beside_effect(c: _Ctx, doc: YamlDoc, epath: tuple[Any, ...], item: Any) -> Any:
    """Report keys written beside an effect's name, each at its own line; keep the effect."""
    if not isinstance(item, dict) or len(item) < 2:
        return item
    names = [k for k in item if k in EFFECTS]
    if not names:
        return item
    effect = names[0]
    for key in item:
        if key == effect:
            continue
        if key in EFFECTS:
            hint = "each effect is its own list item: start this line with '- '"
        elif key in EFFECTS[effect].params:
            hint = f"{key!r} is an argument of {effect!r}: move it inside the effect's braces"
        else:
            args = EFFECTS[effect].params
            hint = (
                "an effect's arguments go inside its mapping, e.g. "
                f"`- {effect}: {{{', '.join(f'{a}: …' for a in list(args)[:3])}}}`"
                f"{_did_you_mean(key, args)}"
            )
        c.error(
            "E101",
            f"unknown key {key!r} beside the effect {effect!r}",
            doc.pos_of((*epath, key), key=True),
            hint,
        )
    return {effect: item[effect]}


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
    # What an effect argument of each kind names, and how an unknown one is reported.
    refs: dict[str, tuple[Any, str, str]] = {
        "nation": (nations, "E201", "nation (or player/nation/target)"),
        "event": (event_pos, "E202", "event"),
        "kind": (kinds, "E203", "agreement kind"),
        "axis": (axes, "E207", "axis"),
        "threat": (threats, "E206", "threat"),
    }
    for key in ("nations", "targets"):
        for m, nid in enumerate(_list(e, key)):
            _ref(c, nid, nations, "E201", "nation", doc.pos_of((*base, key, m)))
    _expr(c, doc, (*base, "trigger"), e.get("trigger"))
    if isinstance(e.get("trigger"), str):
        reason = _never(c, e["trigger"], None)
        if reason:
            c.warn(
                "W401",
                f"event {e.get('id')!r} can never fire: {reason}",
                doc.pos_of((*base, "trigger")),
            )
    for o, opt in _items(e, "options"):
        opath = (*base, "options", o)
        _expr(c, doc, (*opath, "requires"), opt.get("requires"))
        requires = opt.get("requires")
        reason = _never(c, requires, None) if isinstance(requires, str) else None
        if reason:
            c.warn(
                "W401",
                f"option {o + 1} of event {e.get('id')!r} is never offered: {reason}",
                doc.pos_of((*opath, "requires")),
            )
        effects = opt.get("effects")
        if not isinstance(effects, list):
            continue
        for x, item in enumerate(effects):
            epath = (*opath, "effects", x)
            item = _strays_beside_effect(c, doc, epath, item)
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
                effect_args(name).validate_python(args)
            except ValidationError as exc:
                schema = effect_json_schema(name)
                c.out.extend(schema_errors(exc, doc, schema, c.sink, (*epath, name)))
            for pname, p in EFFECTS[name].params.items():
                v = args.get(pname)
                if v is None or p.kind not in refs:
                    continue
                if p.kind == "nation" and v in SCOPE_WORDS:
                    continue
                if p.kind == "event":
                    chained.add(str(v))
                _ref(c, v, *refs[p.kind], functools.partial(doc.pos_of, (*epath, name, pname)))
    return chained
