"""Safe expression language for level triggers, option requirements and win/lose conditions."""

from __future__ import annotations

import difflib
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, cast

ValueKind = Literal["number", "bool", "string", "nation"]
ArgKind = ValueKind
LiteralValue = int | float | str | bool
Evaluator = Callable[["ExprContext"], object]
CallInfo = tuple[str, tuple[LiteralValue | None, ...]]

_KEYWORDS = frozenset({"and", "or", "not", "true", "false"})
# Both caps keep the recursive parser and the closure tree far below Python's recursion limit,
# so hostile or broken level files produce an ExprError instead of a RecursionError. Each level
# of brackets costs the parser about 16 stack frames, hence the modest bracket cap.
_MAX_NESTING = 25
_MAX_DEPTH = 100
# Larger integers count as infinite: mixing a huge int with a float would otherwise raise
# OverflowError in the middle of a turn.
_NUMBER_LIMIT = 10**300
_TOKEN_RE = re.compile(
    r"""\s+|(?P<num>\d+(?:\.\d+)?)|(?P<str>"[^"]*"|'[^']*')|(?P<name>[A-Za-z_]\w*)"""
    r"|(?P<op><=|>=|==|!=|[<>+\-*/(),])",
    re.ASCII,
)
_CHAR_HINTS = {
    "=": "use '==' to compare",
    "!": "use 'not' or '!='",
    "&": "use 'and'",
    "|": "use 'or'",
    ".": "write decimals with digits on both sides, e.g. 0.5",
}
_COMPARE: dict[str, Callable[[Any, Any], object]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITH: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


class ExprContext(Protocol):
    """Whatever the game passes to `Compiled.evaluate`; functions receive it as first argument."""

    def var(self, name: str) -> object: ...


class ExprError(Exception):
    """A problem in an expression; `offset` is the 0-based character position inside the text."""

    def __init__(self, code: str, message: str, offset: int, length: int = 1) -> None:
        super().__init__(code, message, offset, length)
        self.code = code
        self.message = message
        self.offset = offset
        self.length = length

    def __str__(self) -> str:
        return f"{self.code} at offset {self.offset}: {self.message}"


@dataclass(frozen=True)
class FuncSpec:
    """A callable available to designers; `optional` trailing params may be omitted."""

    params: tuple[ArgKind, ...]
    result: ValueKind
    fn: Callable[..., object]
    doc: str
    example: str
    optional: int = 0
    param_names: tuple[str, ...] = ()
    # The values a number can take (None: unbounded), so lints can tell a comparison
    # that never holds, e.g. `trust(a, b) > 120`.
    value_range: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.optional <= len(self.params):
            raise ValueError("optional must be between 0 and the number of params")
        if self.param_names and len(self.param_names) != len(self.params):
            raise ValueError("param_names must name every param")

    def arg_names(self) -> list[str]:
        """Parameter labels for messages, optional ones in brackets."""
        return self._bracket(list(self.param_names or self.params))

    def signature(self, name: str) -> str:
        """Human-readable signature, e.g. `trust(from: nation, to: nation) -> number`."""
        names = self.param_names or ("",) * len(self.params)
        parts = [f"{n}: {k}" if n else k for n, k in zip(names, self.params, strict=True)]
        return f"{name}({', '.join(self._bracket(parts))}) -> {self.result}"

    def _bracket(self, labels: list[str]) -> list[str]:
        first_optional = len(labels) - self.optional
        return [f"[{s}]" if i >= first_optional else s for i, s in enumerate(labels)]


@dataclass(frozen=True)
class VarSpec:
    """A variable read from the context at evaluation time via `ctx.var(name)`."""

    kind: ValueKind
    doc: str
    value_range: tuple[float, float] | None = None
    # The one place the variable can be read (an `ExprEnv.where`); empty for everywhere.
    only_in: str = ""


# A comparison of a function's or variable's value with a number, as `name op number`
# (flipped when the number stands on the left), with its offset in the text.
Comparison = tuple[str, str, float, int]
_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}


@dataclass(frozen=True)
class ExprEnv:
    """Every name an expression may use; anything else is a compile-time error."""

    functions: Mapping[str, FuncSpec] = field(default_factory=dict)
    variables: Mapping[str, VarSpec] = field(default_factory=dict)
    nation_ids: frozenset[str] = frozenset()
    # Where the expressions compiled in this env stand (`score`), for variables read only
    # there; empty for everywhere else.
    where: str = ""

    def __post_init__(self) -> None:
        groups = [set(self.functions), set(self.variables), set(self.nation_ids), set(_KEYWORDS)]
        seen: set[str] = set()
        for group in groups:
            if clash := seen & group:
                raise ValueError(f"names used twice in the expression env: {sorted(clash)}")
            seen |= group


@dataclass(frozen=True)
class Compiled:
    """A checked expression, ready to evaluate any number of times."""

    text: str
    kind: ValueKind
    names_used: frozenset[str]
    calls: tuple[CallInfo, ...]
    _run: Evaluator = field(repr=False, compare=False)
    comparisons: tuple[Comparison, ...] = ()

    def never(self, env: ExprEnv) -> str | None:
        """Why a comparison in it can never hold, from the value ranges of `env` (or None)."""
        for name, op, v, _ in self.comparisons:
            spec = env.functions.get(name) or env.variables.get(name)
            bounds = spec.value_range if spec is not None else None
            if bounds is None:
                continue
            lo, hi = bounds
            if (
                (op == ">" and v >= hi)
                or (op == ">=" and v > hi)
                or (op == "<" and v <= lo)
                or (op == "<=" and v < lo)
                or (op == "==" and not lo <= v <= hi)
            ):
                return f"{name} is {lo:g}–{hi:g}, never {op} {v:g}"
        return None

    def evaluate(self, ctx: ExprContext) -> object:
        """Evaluate against `ctx`; nation literals come back as their id string."""
        return self._run(ctx)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["num", "str", "name", "op", "end"]
    text: str
    offset: int
    value: LiteralValue = 0


_Tag = Literal["lit", "name", "call", "unary", "binary"]


@dataclass(frozen=True, slots=True)
class _Node:
    tag: _Tag
    offset: int
    length: int
    value: LiteralValue = 0  # literal value, name or operator
    args: tuple[_Node, ...] = ()
    at: int = 0  # operator or function-name offset, where operator errors point
    depth: int = 1


def _syntax(message: str, offset: int, length: int = 1) -> ExprError:
    return ExprError("E301", message, offset, length)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while match := _TOKEN_RE.match(text, pos):
        kind, raw = match.lastgroup, match.group()
        if kind == "num":
            # Over-long integer literals would trip Python's int-string limit; they mean "huge".
            value: LiteralValue = float(raw) if "." in raw or len(raw) > 300 else int(raw)
            tokens.append(_Token("num", raw, pos, value))
        elif kind == "str":
            tokens.append(_Token("str", raw, pos, raw[1:-1]))
        elif kind in ("name", "op"):
            tokens.append(_Token("name" if kind == "name" else "op", raw, pos))
        pos = match.end()
    if pos < len(text):
        c = text[pos]
        if c in "\"'":
            raise _syntax(f"unterminated string: missing closing {c}", pos, len(text) - pos)
        hint = _CHAR_HINTS.get(c)
        raise _syntax(f"unknown character {c!r}" + (f" ({hint})" if hint else ""), pos)
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _shown(tok: _Token) -> str:
    return "end of expression" if tok.kind == "end" else f"'{tok.text}'"


def _node(
    tag: _Tag, first: int, last: _Node | int, value: str, *args: _Node, at: int = -1
) -> _Node:
    """A node spanning from `first` to the end of `last` (a node, or the offset of a ')')."""
    end = last.offset + last.length if isinstance(last, _Node) else last + 1
    depth = max((a.depth for a in args), default=0) + 1
    if depth > _MAX_DEPTH:
        raise _syntax("expression is too long or too deeply nested; split it up", first)
    return _Node(tag, first, end - first, value, args, first if at < 0 else at, depth)


class _Parser:
    """Recursive descent, one method per precedence level from `or` (lowest) down."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.pos = 0
        self.nesting = 0

    def peek(self, *texts: str) -> bool:
        # Only operator and keyword tokens can match: strings keep their quotes in `text`.
        return self.tokens[self.pos].text in texts

    def take(self) -> _Token:
        tok = self.tokens[self.pos]
        self.pos = min(self.pos + 1, len(self.tokens) - 1)
        return tok

    def nested(self, tok: _Token, parse: Callable[[], _Node]) -> _Node:
        self.nesting += 1
        if self.nesting > _MAX_NESTING:
            raise _syntax("expression is nested too deeply", tok.offset)
        node = parse()
        self.nesting -= 1
        return node

    def parse(self) -> _Node:
        if self.tokens[0].kind == "end":
            raise _syntax("empty expression", 0)
        node = self.or_()
        tok = self.tokens[self.pos]
        if tok.text == ")":
            raise _syntax("unmatched ')'", tok.offset)
        if tok.kind != "end":
            lower = tok.text.lower()
            hint = f" (keywords are lower case: '{lower}')" if lower in _KEYWORDS else ""
            found = f"found '{tok.text}'{hint}"
            raise _syntax(f"expected an operator or the end, {found}", tok.offset, len(tok.text))
        return node

    def chain(self, sub: Callable[[], _Node], *ops: str) -> _Node:
        left = sub()
        while self.peek(*ops):
            op = self.take()
            right = sub()
            left = _node("binary", left.offset, right, op.text, left, right, at=op.offset)
        return left

    def or_(self) -> _Node:
        return self.chain(self.and_, "or")

    def and_(self) -> _Node:
        return self.chain(self.not_, "and")

    def not_(self) -> _Node:
        return self.prefix("not", self.not_, self.comparison)

    def prefix(self, word: str, again: Callable[[], _Node], lower: Callable[[], _Node]) -> _Node:
        if not self.peek(word):
            return lower()
        tok = self.take()
        operand = self.nested(tok, again)
        return _node("unary", tok.offset, operand, word, operand)

    def comparison(self) -> _Node:
        left = self.additive()
        if not self.peek(*_COMPARE):
            return left
        op = self.take()
        right = self.additive()
        if self.peek(*_COMPARE):
            extra = self.take()
            hint = f"write 'a {op.text} b and b {extra.text} c'"
            message = f"comparisons cannot be chained: {hint}"
            raise _syntax(message, extra.offset, len(extra.text))
        return _node("binary", left.offset, right, op.text, left, right, at=op.offset)

    def additive(self) -> _Node:
        return self.chain(self.multiplicative, "+", "-")

    def multiplicative(self) -> _Node:
        return self.chain(self.unary, "*", "/")

    def unary(self) -> _Node:
        return self.prefix("-", self.unary, self.primary)

    def primary(self) -> _Node:
        tok = self.take()
        if tok.kind in ("num", "str") or tok.text in ("true", "false"):
            value = tok.text == "true" if tok.kind == "name" else tok.value
            return _Node("lit", tok.offset, len(tok.text), value)
        if tok.kind == "name" and tok.text not in _KEYWORDS:
            if not self.peek("("):
                return _Node("name", tok.offset, len(tok.text), tok.text)
            return self.nested(self.take(), lambda: self.call(tok))
        if tok.text == "(":
            inner = self.nested(tok, self.or_)
            self.close("expected ')'")
            return inner
        if tok.kind == "end":
            raise _syntax("unexpected end of expression", tok.offset)
        raise _syntax(f"unexpected {_shown(tok)}", tok.offset, len(tok.text))

    def call(self, name: _Token) -> _Node:
        args: list[_Node] = []
        if not self.peek(")"):
            args.append(self.or_())
            while self.peek(","):
                self.take()
                args.append(self.or_())
        end = self.close("expected ',' or ')'")
        return _node("call", name.offset, end, name.text, *args)

    def close(self, message: str) -> int:
        tok = self.take()
        if tok.text != ")":
            message = "expected ')'" if tok.kind == "end" else message
            raise _syntax(message, tok.offset, max(1, len(tok.text)))
        return tok.offset


def _a(kind: ValueKind) -> str:
    return f"a {kind}"


def _fit(value: object) -> float:
    if isinstance(value, int) and not -_NUMBER_LIMIT <= value <= _NUMBER_LIMIT:
        return math.inf if value > 0 else -math.inf
    return cast(float, value)


def _caller(fn: Callable[..., object], args: list[Evaluator]) -> Evaluator:
    """`fn(ctx, *arguments)`; the usual one or two arguments without building a list."""
    if len(args) == 1:
        (a,) = args
        return lambda ctx: fn(ctx, a(ctx))
    if len(args) == 2:
        a, b = args
        return lambda ctx: fn(ctx, a(ctx), b(ctx))
    arg_fns = tuple(args)
    return lambda ctx: fn(ctx, *[run(ctx) for run in arg_fns])


def _const(value: object) -> Evaluator:
    return lambda ctx: value


def _kind_of(value: LiteralValue) -> ValueKind:
    if isinstance(value, bool):
        return "bool"
    return "string" if isinstance(value, str) else "number"


class _Compiler:
    """Type-checks the tree and turns it into closures, collecting every error it can find."""

    def __init__(self, env: ExprEnv) -> None:
        self.env = env
        self.errors: list[ExprError] = []
        self.names: set[str] = set()
        self.calls: list[CallInfo] = []
        self.comparisons: list[Comparison] = []

    def fail(self, code: str, message: str, node: _Node, length: int | None = None) -> None:
        """Blame the whole node, or with `length` just its operator or function name."""
        offset = node.offset if length is None else node.at
        self.errors.append(
            ExprError(code, message, offset, node.length if length is None else length)
        )

    def want(self, node: _Node, kind: ValueKind | None, expected: ValueKind, what: str) -> None:
        if kind is not None and kind != expected:
            hint = ""
            if (expected, kind) == ("nation", "string"):
                hint = "; write nation ids without quotes"
            self.fail("E304", f"{what} must be {_a(expected)}, got {_a(kind)}{hint}", node)

    def suggest(self, name: str) -> str:
        env = self.env
        candidates = sorted({*env.functions, *env.variables, *env.nation_ids})
        same = [c for c in candidates if c.lower() == name.lower()]
        close = same or difflib.get_close_matches(name, candidates, n=3, cutoff=0.6)
        if name.lower() in _KEYWORDS:
            close = [name.lower()]
        return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""

    def literal(self, node: _Node) -> LiteralValue | None:
        if node.tag == "lit":
            return node.value
        if node.tag == "name" and node.value in self.env.nation_ids:
            return node.value
        if node.tag == "unary" and node.value == "-" and node.args[0].tag == "lit":
            inner = node.args[0].value
            if isinstance(inner, int | float) and not isinstance(inner, bool):
                return -inner
        return None

    def build(self, node: _Node) -> tuple[ValueKind | None, Evaluator]:
        if node.tag == "lit":
            return _kind_of(node.value), _const(node.value)
        if node.tag == "name":
            return self.name(node)
        if node.tag == "call":
            return self.call(node)
        if node.tag == "unary":
            return self.unary(node)
        return self.binary(node)

    def name(self, node: _Node) -> tuple[ValueKind | None, Evaluator]:
        name = str(node.value)
        if name in self.env.variables:
            spec = self.env.variables[name]
            if spec.only_in and spec.only_in != self.env.where:
                where = f"the level's `{spec.only_in}`"
                self.fail("E302", f"'{name}' can be read only in {where}", node)
                return None, _const(None)
            self.names.add(name)
            return spec.kind, lambda ctx: ctx.var(name)
        if name in self.env.nation_ids:
            return "nation", _const(name)
        if name in self.env.functions:
            args = ", ".join(self.env.functions[name].arg_names())
            self.fail("E302", f"'{name}' is a function: call it like {name}({args})", node)
        else:
            self.fail("E302", f"unknown name '{name}'{self.suggest(name)}", node)
        return None, _const(None)

    def call(self, node: _Node) -> tuple[ValueKind | None, Evaluator]:
        name = str(node.value)
        spec = self.env.functions.get(name)
        # Reserve the slot first so `calls` lists outer calls before the calls in their args.
        slot = len(self.calls)
        wanted = spec.params if spec is not None else ()
        built = [
            self.argument(arg, wanted[i] if i < len(wanted) else None)
            for i, arg in enumerate(node.args)
        ]
        if spec is None:
            if name in self.env.variables:
                message = f"'{name}' is a variable, not a function: drop the parentheses"
            else:
                message = f"unknown function '{name}'{self.suggest(name)}"
            self.fail("E302", message, node, len(name))
            return None, _const(None)
        self.names.add(name)
        self.calls.insert(slot, (name, tuple(self.literal(arg) for arg in node.args)))
        most, got = len(spec.params), len(node.args)
        least = most - spec.optional
        if not least <= got <= most:
            count = f"{most} argument{'s' * (most != 1)}"
            count = count if least == most else f"{least} to {count}"
            params = ", ".join(spec.arg_names())
            self.fail("E303", f"{name}() takes {count} ({params}), got {got}", node, len(name))
        for i, (arg, (kind, _)) in enumerate(zip(node.args[:most], built, strict=False)):
            self.want(arg, kind, spec.params[i], f"argument {i + 1} of {name}()")
        return spec.result, _caller(spec.fn, [run for _, run in built])

    def argument(
        self, node: _Node, expected: ValueKind | None
    ) -> tuple[ValueKind | None, Evaluator]:
        """An argument; a bare unknown word where text is wanted is an id left unquoted."""
        name = str(node.value)
        env = self.env
        if (
            expected == "string"
            and node.tag == "name"
            and name not in env.variables
            and name not in env.nation_ids
            and name not in env.functions
        ):
            self.fail(
                "E302", f"unknown name '{name}'; an id here is text: quote it, \"{name}\"", node
            )
            return "string", _const(None)
        return self.build(node)

    def _note_comparison(self, op: str, left: _Node, right: _Node, at: int) -> None:
        for named, lit, o in ((left, right, op), (right, left, _FLIP[op])):
            value = self.literal(lit)
            name = _named(named)
            if name is not None and isinstance(value, int | float) and not isinstance(value, bool):
                self.comparisons.append((name, o, float(value), at))
                return

    def unary(self, node: _Node) -> tuple[ValueKind | None, Evaluator]:
        kind, run = self.build(node.args[0])
        if node.value == "not":
            self.want(node.args[0], kind, "bool", "the operand of 'not'")
            return "bool", lambda ctx: not run(ctx)
        self.want(node.args[0], kind, "number", "the operand of '-'")
        return "number", lambda ctx: -_fit(run(ctx))

    def binary(self, node: _Node) -> tuple[ValueKind | None, Evaluator]:
        op, (lnode, rnode) = str(node.value), node.args
        (lkind, left), (rkind, right) = self.build(lnode), self.build(rnode)
        if op in ("and", "or"):
            self.want(lnode, lkind, "bool", f"the left side of '{op}'")
            self.want(rnode, rkind, "bool", f"the right side of '{op}'")
            if op == "and":
                return "bool", lambda ctx: bool(left(ctx)) and bool(right(ctx))
            return "bool", lambda ctx: bool(left(ctx)) or bool(right(ctx))
        if op in ("==", "!="):
            if lkind is not None and rkind is not None and lkind != rkind:
                quoted = {lkind, rkind} == {"nation", "string"}
                hint = "; write nation ids without quotes" if quoted else ""
                message = f"cannot compare {_a(lkind)} with {_a(rkind)} using '{op}'{hint}"
                self.fail("E304", message, node, len(op))
        else:
            self.want(lnode, lkind, "number", f"the left side of '{op}'")
            self.want(rnode, rkind, "number", f"the right side of '{op}'")
        if op in _COMPARE:
            self._note_comparison(op, lnode, rnode, node.at)
            compare = _COMPARE[op]
            return "bool", lambda ctx: compare(left(ctx), right(ctx))
        return "number", _arith(_ARITH[op], left, right)


def _named(node: _Node) -> str | None:
    return str(node.value) if node.tag in ("call", "name") else None


def _arith(fn: Callable[[Any, Any], Any], left: Evaluator, right: Evaluator) -> Evaluator:
    def run(ctx: ExprContext) -> object:
        try:
            return _fit(fn(_fit(left(ctx)), _fit(right(ctx))))
        except ZeroDivisionError:
            # A formula like `trust / allies` with no allies should read as 0 rather than
            # crash the turn: level designers cannot guard every denominator.
            return 0

    return run


_Result = tuple["Compiled | None", list[ExprError]]
# Loading a level checks every expression and then builds it: both read the result of one
# compilation. Keyed by the env's contents; the env is kept to tell its tables apart by identity.
_MEMO: dict[tuple[Any, ...], tuple[ExprEnv, _Result | ExprError]] = {}
_MEMO_SIZE = 4096


def _compile(text: str, env: ExprEnv, expect: ValueKind | None) -> _Result:
    key = (text, expect, id(env.functions), id(env.variables), env.nation_ids)
    hit = _MEMO.get(key)
    if (
        hit is None
        or hit[0].functions is not env.functions
        or hit[0].variables is not env.variables
    ):
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        try:
            hit = _MEMO[key] = (env, _compile_fresh(text, env, expect))
        except ExprError as error:
            _MEMO[key] = (env, error)
            raise
    result = hit[1]
    if isinstance(result, ExprError):
        raise result
    return result[0], list(result[1])


def _compile_fresh(text: str, env: ExprEnv, expect: ValueKind | None) -> _Result:
    root = _Parser(text).parse()
    compiler = _Compiler(env)
    kind, run = compiler.build(root)
    errors = sorted(compiler.errors, key=lambda e: e.offset)
    # The whole-expression type error goes last: errors inside it are more specific.
    if expect is not None and kind is not None and kind != expect:
        message = f"this expression must be {_a(expect)}, but it is {_a(kind)}"
        errors.append(ExprError("E304", message, root.offset, root.length))
    if errors or kind is None:
        return None, errors
    compiled = Compiled(
        text,
        kind,
        frozenset(compiler.names),
        tuple(compiler.calls),
        run,
        tuple(compiler.comparisons),
    )
    return compiled, errors


def compile_expr(text: str, env: ExprEnv, expect: ValueKind | None = "bool") -> Compiled:
    """Parse and type-check `text` once; raise the first ExprError found."""
    compiled, errors = _compile(text, env, expect)
    if compiled is None:
        raise errors[0]
    return compiled


def check_expr(text: str, env: ExprEnv, expect: ValueKind | None = "bool") -> list[ExprError]:
    """All problems in `text`; a syntax error is reported alone since nothing after it parses."""
    try:
        return _compile(text, env, expect)[1]
    except ExprError as error:
        return [error]


def describe_functions(env: ExprEnv) -> list[tuple[str, str, str, str]]:
    """(name, signature, doc, example) for every function, sorted by name, for the manual."""
    items = sorted(env.functions.items())
    return [(name, spec.signature(name), spec.doc, spec.example) for name, spec in items]


@dataclass(frozen=True)
class ConditionPart:
    """One part of a condition joined by `and`/`or`: whether it holds, and for a comparison
    of numbers, the value compared and the value it is compared with."""

    text: str
    holds: Compiled
    op: str = ""
    value: Compiled | None = None
    needed: Compiled | None = None

    @property
    def higher_is_better(self) -> bool:
        return self.op in (">", ">=")


def condition_parts(text: str, env: ExprEnv) -> list[ConditionPart]:
    """The parts of a condition between its top-level `and`s and `or`s, in reading order.

    Used to explain a goal that does not hold: which parts do, and how close the numbers got.
    """
    parts: list[ConditionPart] = []

    def piece(node: _Node) -> str:
        return text[node.offset : node.offset + node.length]

    def number(node: _Node) -> Compiled | None:
        compiled, _ = _compile(piece(node), env, "number")
        return compiled

    def walk(node: _Node) -> None:
        if node.tag == "binary" and node.value in ("and", "or"):
            walk(node.args[0])
            walk(node.args[1])
            return
        holds, _ = _compile(piece(node), env, "bool")
        if holds is None:
            return
        op = str(node.value) if node.tag == "binary" else ""
        if op in ("<", "<=", ">", ">="):
            left, right = node.args
            if left.tag == "lit" and right.tag != "lit":
                left, right, op = right, left, _FLIP[op]
            value, needed = number(left), number(right)
            if value is not None and needed is not None:
                parts.append(ConditionPart(piece(node), holds, op, value, needed))
                return
        parts.append(ConditionPart(piece(node), holds))

    walk(_Parser(text).parse())
    return parts
