"""Scenario tests for the designers' condition language: parsing, checking and evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.expr import (
    Compiled,
    ExprEnv,
    ExprError,
    FuncSpec,
    ValueKind,
    VarSpec,
    check_expr,
    compile_expr,
    describe_functions,
)


@dataclass
class FakeCtx:
    """A dict-backed stand-in for the game state that expressions read."""

    vars: dict[str, object] = field(default_factory=dict)
    trust: dict[tuple[str, str], int] = field(default_factory=dict)
    approval: dict[str, int] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    agreements: set[tuple[str, str, str]] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)

    def var(self, name: str) -> object:
        return self.vars[name]


def _trust(ctx: FakeCtx, a: str, b: str) -> int:
    ctx.calls.append("trust")
    return ctx.trust.get((a, b), 50)


def _approval(ctx: FakeCtx, nation: str, scale: float = 1) -> float:
    return ctx.approval.get(nation, 50) * scale


def _flag(ctx: FakeCtx, name: str) -> bool:
    return name in ctx.flags


def _has_agreement(ctx: FakeCtx, a: str, b: str, kind: str = "") -> bool:
    pair = {(x, y) for x, y, _ in ctx.agreements}
    return (a, b, kind) in ctx.agreements if kind else (a, b) in pair


def _boom(ctx: FakeCtx) -> bool:
    raise AssertionError("boom() must not be evaluated here")


ENV = ExprEnv(
    functions={
        "trust": FuncSpec(
            ("nation", "nation"),
            "number",
            _trust,
            "How much `from` trusts `to`, 0-100.",
            "trust(target, player) < 40",
            param_names=("from", "to"),
        ),
        "tension": FuncSpec(
            ("nation", "nation"), "number", lambda ctx, a, b: 70, "Tension.", "tension(EST, RUS)"
        ),
        "approval": FuncSpec(
            ("nation", "number"),
            "number",
            _approval,
            "Domestic approval, optionally scaled.",
            "approval(player) < 20",
            optional=1,
            param_names=("nation", "scale"),
        ),
        "flag": FuncSpec(("string",), "bool", _flag, "Whether a story flag is set.", 'flag("x")'),
        "has_agreement": FuncSpec(
            ("nation", "nation", "string"),
            "bool",
            _has_agreement,
            "Whether two nations share an agreement (of a given kind).",
            'has_agreement(player, target, "defence_pact")',
            optional=1,
            param_names=("a", "b", "kind"),
        ),
        "boom": FuncSpec((), "bool", _boom, "Fails if evaluated.", "boom()"),
    },
    variables={
        "turn": VarSpec("number", "Current turn, starting at 1."),
        "player": VarSpec("nation", "The player's nation."),
        "target": VarSpec("nation", "The nation this event is about."),
        "world_tension": VarSpec("number", "Global tension, 0-100."),
    },
    nation_ids=frozenset({"EST", "RUS", "NO", "usa"}),
)


def ctx(**overrides: object) -> FakeCtx:
    """A context for turn 6 where EST is the player and RUS the target."""
    base: dict[str, object] = {
        "turn": 6,
        "player": "EST",
        "target": "RUS",
        "world_tension": 30,
    }
    return FakeCtx(vars={**base, **overrides})


def run(text: str, context: FakeCtx | None = None, expect: ValueKind | None = "bool") -> object:
    return compile_expr(text, ENV, expect).evaluate(context or ctx())


def error(text: str, expect: ValueKind | None = "bool") -> ExprError:
    with pytest.raises(ExprError) as info:
        compile_expr(text, ENV, expect)
    return info.value


def test_designer_examples_evaluate() -> None:
    """The sample conditions from the level-design guide compile and read the context."""
    c = ctx()
    c.trust[("RUS", "EST")] = 20
    c.agreements.add(("EST", "RUS", "defence_pact"))
    assert run("trust(target, player) < 40 and turn >= 5", c) is True
    assert run('has_agreement(player, target, "defence_pact") or flag("summit_held")', c) is True
    assert run("approval(player) < 20", c) is False
    assert run("not (tension(EST, RUS) > 60)", c) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3 == 7", True),
        ("(1 + 2) * 3 == 9", True),
        ("10 - 2 - 3 == 5", True),
        ("8 / 4 / 2 == 1", True),
        ("true or false and false", True),
        ("not false and false", False),
        ("not 1 > 2", True),
        ("-2 * 3 == -6", True),
        ("2 * -3 + 1 == -5", True),
    ],
)
def test_precedence(text: str, expected: bool) -> None:
    """`or` < `and` < `not` < comparison < `+ -` < `* /` < unary minus; operators group left."""
    assert run(text) is expected


def test_and_or_short_circuit() -> None:
    """The right side of a false `and` or a true `or` is never evaluated."""
    assert run("false and boom()") is False
    assert run("turn < 3 and boom()") is False
    assert run("true or boom()") is True
    with pytest.raises(AssertionError):
        run("true and boom()")


def test_compiled_once_evaluated_many_times() -> None:
    """One compiled condition gives fresh answers as the game state changes."""
    compiled = compile_expr("turn >= 5 and world_tension > 50", ENV)
    assert compiled.evaluate(ctx(turn=4, world_tension=90)) is False
    assert compiled.evaluate(ctx(turn=5, world_tension=90)) is True
    assert compiled.evaluate(ctx(turn=9, world_tension=10)) is False
    assert compiled.kind == "bool"
    assert compiled.text == "turn >= 5 and world_tension > 50"


def test_comparison_chaining_is_a_syntax_error() -> None:
    """`a < b < c` is rejected at the second operator with a rewrite hint."""
    err = error("1 < turn < 10")
    assert (err.code, err.offset, err.length) == ("E301", 9, 1)
    assert "cannot be chained" in err.message
    assert "'a < b and b < c'" in err.message
    assert error("turn == 1 != false").offset == 10


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("trust(player, target", 20, "expected ')'"),
        ("(turn > 1", 9, "expected ')'"),
        ("trust(player target) < 3", 13, "expected ',' or ')'"),
        ("turn >=", 7, "unexpected end of expression"),
        ("turn $ 5", 5, "unknown character '$'"),
        ("turn = 5", 5, "use '=='"),
        ("turn > .5", 7, "0.5"),
        ("flag('summit)", 5, "unterminated string"),
        ("turn > 1)", 8, "unmatched ')'"),
        ("turn 5", 5, "found '5'"),
        ("turn > 1 AND true", 9, "keywords are lower case: 'and'"),
        ("trust(player,)", 13, "unexpected ')'"),
        ("", 0, "empty expression"),
        ("   ", 0, "empty expression"),
    ],
)
def test_syntax_errors_point_at_the_problem(text: str, offset: int, fragment: str) -> None:
    """E301 carries the 0-based offset of the offending character."""
    err = error(text)
    assert err.code == "E301"
    assert err.offset == offset
    assert fragment in err.message


def test_unknown_function_points_at_its_name_with_suggestion() -> None:
    """A misspelt function is E302 at the column of its name, suggesting the real one."""
    text = "turn > 1 and trsut(player, target) < 40"
    err = error(text)
    assert (err.code, err.offset, err.length) == ("E302", 13, 5)
    assert err.message == "unknown function 'trsut'; did you mean 'trust'?"
    assert str(err) == "E302 at offset 13: " + err.message


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("playr == target", 0, "unknown name 'playr'; did you mean 'player'?"),
        ("target == est", 10, "unknown name 'est'; did you mean 'EST'?"),
        ("True", 0, "unknown name 'True'; did you mean 'true'?"),
        ("zzz > 1", 0, "unknown name 'zzz'"),
        ("trust > 1", 0, "'trust' is a function: call it like trust(from, to)"),
        ("turn() > 1", 0, "'turn' is a variable, not a function: drop the parentheses"),
        ("__import__('os')", 0, "unknown function '__import__'"),
    ],
)
def test_unknown_names(text: str, offset: int, message: str) -> None:
    """E302 covers every name the environment does not define, never falling back to Python."""
    err = error(text)
    assert (err.code, err.offset, err.message) == ("E302", offset, message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("trust(target) < 3", "trust() takes 2 arguments (from, to), got 1"),
        ("flag() ", "flag() takes 1 argument (string), got 0"),
        ("has_agreement(player)", "has_agreement() takes 2 to 3 arguments (a, b, [kind]), got 1"),
        (
            "has_agreement(player, target, 'x', 'y')",
            "has_agreement() takes 2 to 3 arguments (a, b, [kind]), got 4",
        ),
    ],
)
def test_wrong_argument_count(text: str, message: str) -> None:
    """E303 names the expected count and parameters and points at the function name."""
    err = error(text)
    assert (err.code, err.offset, err.length, err.message) == (
        "E303",
        0,
        len(text.split("(")[0]),
        message,
    )


def test_optional_parameters_may_be_omitted() -> None:
    """Trailing optional parameters can be left out or given."""
    c = ctx()
    c.agreements.add(("EST", "RUS", "trade"))
    c.approval["EST"] = 30
    assert run("has_agreement(player, target)", c) is True
    assert run("has_agreement(player, target, 'trade')", c) is True
    assert run("has_agreement(player, target, 'defence_pact')", c) is False
    assert run("approval(player) == 30 and approval(player, 2) == 60", c) is True


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("trust(target, 5) < 40", 14, "argument 2 of trust() must be a nation, got a number"),
        ("turn and true", 0, "the left side of 'and' must be a bool, got a number"),
        ("true or 'yes'", 8, "the right side of 'or' must be a bool, got a string"),
        ("not turn", 4, "the operand of 'not' must be a bool, got a number"),
        ("player < target", 0, "the left side of '<' must be a number, got a nation"),
        ("-player == 1", 1, "the operand of '-' must be a number, got a nation"),
        ("turn + 'x' > 1", 7, "the right side of '+' must be a number, got a string"),
        ("target == 'RUS'", 7, "cannot compare a nation with a string using '=='; write nation"),
        ("approval(player)", 0, "this expression must be a bool, but it is a number"),
    ],
)
def test_type_errors(text: str, offset: int, fragment: str) -> None:
    """E304 explains the mismatch and points at the offending operand or operator."""
    err = error(text)
    assert err.code == "E304"
    assert err.offset == offset
    assert fragment in err.message


def test_expect_controls_the_result_kind() -> None:
    """Formulas compile with `expect="number"` and free-form with `expect=None`."""
    assert run("approval(player) * 2", expect="number") == 100
    assert run("target", expect=None) == "RUS"
    assert error("turn > 1", expect="number").message.endswith("but it is a bool")


def test_check_expr_reports_every_name_and_type_problem() -> None:
    """After a clean parse, all independent problems come back in source order."""
    text = "trsut(player, target) < 40 and approval(5) > turnn and flag(1, 2)"
    problems = check_expr(text, ENV)
    assert [(p.code, p.offset) for p in problems] == [
        ("E302", 0),
        ("E304", 40),
        ("E302", 45),
        ("E303", 55),
        ("E304", 60),
    ]
    assert check_expr("turn > 1", ENV) == []


def test_check_expr_stops_at_the_first_syntax_error() -> None:
    """A syntax error leaves nothing reliable to check, so it is reported alone."""
    problems = check_expr("trsut(player) < < 3", ENV)
    assert [(p.code, p.offset) for p in problems] == [("E301", 16)]


def test_whole_expression_type_error_comes_after_inner_errors() -> None:
    """compile_expr raises the specific inner error rather than the overall kind mismatch."""
    err = error("trust(target, 5)")
    assert (err.code, err.offset) == ("E304", 14)
    assert [p.offset for p in check_expr("trust(target, 5)", ENV)] == [14, 0]


def test_nation_literals() -> None:
    """Bare nation ids, including `NO` and lower-case ids, are nation values."""
    assert run("target == NO", ctx(target="NO")) is True
    assert run("target != usa") is True
    assert run("NO", expect="nation") == "NO"
    c = ctx()
    c.trust[("NO", "usa")] = 90
    assert run("trust(NO, usa) > 80", c) is True


def test_nation_equality_and_string_equality() -> None:
    """`==` works between two values of the same kind."""
    assert run("target == RUS") is True
    assert run("player != target") is True
    assert run("'a' == \"a\"") is True
    assert run("true == (1 < 2)") is True


def test_strings_in_both_quote_styles() -> None:
    """Single and double quotes both work and each can contain the other."""
    c = ctx()
    c.flags.update({"summit_held", "it's done", 'say "hi"'})
    assert run("flag(\"summit_held\") and flag('summit_held')", c) is True
    assert run('flag("it\'s done")', c) is True
    assert run("flag('say \"hi\"')", c) is True
    assert run("flag('nope')", c) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-turn", -6),
        ("--3", 3),
        ("-(2 + 3)", -5),
        ("- 2.5 * 2", -5.0),
        ("1 - -1", 2),
    ],
)
def test_unary_minus(text: str, expected: float) -> None:
    """Unary minus binds tighter than `*` and can be repeated."""
    assert run(text, expect="number") == expected


def test_numbers() -> None:
    """Integers stay integers, decimals are floats, and `/` is true division."""
    assert run("7 / 2", expect="number") == 3.5
    assert isinstance(run("2 + 3", expect="number"), int)
    assert run("2.5 + 0.25", expect="number") == 2.75


def test_division_by_zero_yields_zero() -> None:
    """A zero denominator gives 0 instead of crashing the turn."""
    assert run("turn / 0", expect="number") == 0
    assert run("world_tension / (turn - turn) == 0") is True
    assert run("1 / 0.0 + 1", expect="number") == 1


def test_huge_numbers_do_not_overflow() -> None:
    """Giant literals or products saturate to infinity instead of raising OverflowError."""
    big = "9" * 400
    assert run(f"{big} * 2.5 > 1") is True
    assert run(f"-{big} < 0") is True
    product = " * ".join(["99999999999999999999"] * 40)
    assert run(f"({product}) * 1.5 > 0") is True


def test_names_used_and_calls_for_lints() -> None:
    """`names_used` and `calls` expose what a condition depends on, literals included."""
    compiled = compile_expr(
        'has_agreement(player, target, "defence_pact") or flag("summit_held") '
        "or trust(EST, target) > -5",
        ENV,
    )
    assert compiled.names_used == frozenset({"has_agreement", "player", "target", "flag", "trust"})
    assert compiled.calls == (
        ("has_agreement", (None, None, "defence_pact")),
        ("flag", ("summit_held",)),
        ("trust", ("EST", None)),
    )


def test_nested_calls_are_listed_outer_first() -> None:
    """Calls appear in source order even when one is an argument of another."""
    compiled = compile_expr("approval(player, trust(EST, RUS)) > 1", ENV)
    assert [name for name, _ in compiled.calls] == ["approval", "trust"]
    assert compiled.calls[0] == ("approval", (None, None))


def test_describe_functions_for_the_manual() -> None:
    """Function docs come back sorted by name with readable signatures."""
    rows = describe_functions(ENV)
    assert [row[0] for row in rows] == sorted(ENV.functions)
    by_name = {name: (sig, doc, example) for name, sig, doc, example in rows}
    assert by_name["trust"] == (
        "trust(from: nation, to: nation) -> number",
        "How much `from` trusts `to`, 0-100.",
        "trust(target, player) < 40",
    )
    assert by_name["has_agreement"][0] == (
        "has_agreement(a: nation, b: nation, [kind: string]) -> bool"
    )
    assert by_name["tension"][0] == "tension(nation, nation) -> number"


def test_env_rejects_ambiguous_names() -> None:
    """A name may be a function, a variable or a nation id, but only one of them."""
    with pytest.raises(ValueError, match="turn"):
        ExprEnv(variables={"turn": VarSpec("number", "")}, nation_ids=frozenset({"turn"}))
    with pytest.raises(ValueError, match="and"):
        ExprEnv(nation_ids=frozenset({"and"}))
    with pytest.raises(ValueError, match="optional"):
        FuncSpec(("nation",), "bool", _flag, "", "", optional=2)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 500 + "1" + ")" * 500,
        "not " * 2000 + "true",
        "-" * 2000 + "1 > 0",
        " + ".join(["1"] * 3000) + " > 0",
        " and ".join(["true"] * 3000),
        "flag(" * 300 + "'x'" + ")" * 300,
    ],
)
def test_pathological_nesting_is_an_expr_error(text: str) -> None:
    """Absurd nesting or length is reported as E301 rather than blowing the stack."""
    assert error(text).code == "E301"


def test_reasonable_nesting_still_compiles() -> None:
    """The nesting cap sits well above anything a hand-written condition needs."""
    assert run("(" * 20 + "turn" + ")" * 20 + " > 1") is True
    assert run("approval(EST, " * 10 + "1" + ")" * 10 + " > 0") is True
    assert run(" and ".join(["true"] * 90)) is True


def test_compiled_result_is_immutable_record() -> None:
    """Compiled is a frozen value, safe to cache and share between levels."""
    compiled = compile_expr("turn > 1", ENV)
    assert isinstance(compiled, Compiled)
    with pytest.raises(AttributeError):
        compiled.text = "x"  # type: ignore[misc]


_GRAMMAR_CHARS = st.sampled_from(list("()+-*/<>=!,.'\" _09aentrusoflgpyhdENOS\n\t$"))
_NAMES = ["and", "or", "not", "true", "false", "turn", "trust", "player", "NO", "flag"]


@settings(max_examples=400)
@given(
    st.one_of(
        st.text(),
        st.text(_GRAMMAR_CHARS, max_size=40),
        st.lists(st.sampled_from([*_NAMES, "(", ")", ",", " ", "<", "-", "1", "'a'"])).map(
            " ".join
        ),
    )
)
def test_random_text_only_ever_raises_expr_error(text: str) -> None:
    """Whatever a designer types, compile_expr either succeeds or raises ExprError."""
    try:
        compile_expr(text, ENV, expect=None)
    except ExprError as err:
        assert err.code in {"E301", "E302", "E303", "E304"}
        assert 0 <= err.offset <= len(text)
    assert all(isinstance(p, ExprError) for p in check_expr(text, ENV))


@st.composite
def number_expr(draw: st.DrawFn, depth: int = 3) -> str:
    """A well-typed numeric expression."""
    leaves = st.one_of(
        st.integers(0, 1000).map(str),
        st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.sampled_from(
            ["turn", "world_tension", "trust(player, target)", "approval(NO)", "approval(usa, 2)"]
        ),
    )
    if depth == 0 or draw(st.booleans()):
        return draw(leaves)
    if draw(st.booleans()):
        return "-" + draw(number_expr(depth - 1))
    op = draw(st.sampled_from(["+", "-", "*", "/"]))
    return f"({draw(number_expr(depth - 1))} {op} {draw(number_expr(depth - 1))})"


@st.composite
def bool_expr(draw: st.DrawFn, depth: int = 3) -> str:
    """A well-typed condition built from the designers' grammar."""
    leaves = st.sampled_from(
        ["true", "false", "flag('summit_held')", "has_agreement(player, target)", "target == EST"]
    )
    choice = draw(st.integers(0, 4 if depth else 1))
    if choice == 0:
        return draw(leaves)
    if choice == 1:
        op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
        return f"{draw(number_expr())} {op} {draw(number_expr())}"
    if choice == 2:
        return "not " + draw(bool_expr(depth - 1))
    op = draw(st.sampled_from(["and", "or"]))
    return f"({draw(bool_expr(depth - 1))} {op} {draw(bool_expr(depth - 1))})"


@settings(max_examples=300)
@given(bool_expr(), st.integers(-5, 200), st.integers(0, 100))
def test_well_formed_conditions_compile_and_evaluate_to_bool(
    text: str, turn: int, tension: int
) -> None:
    """Any condition from the grammar compiles and evaluates to a bool without raising."""
    c = ctx(turn=turn, world_tension=tension)
    c.flags.add("summit_held")
    result = compile_expr(text, ENV).evaluate(c)
    assert isinstance(result, bool)
