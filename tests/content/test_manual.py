"""The designer's manual: generated parts are current, and its example level really works."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.cli import main as cli_main
from game.content import manual
from game.content.diagnostics import CODES, format_diagnostic
from game.content.loader import load_level_file
from game.content.models import effect_args
from game.core.conditions import VARIABLES, make_env
from game.core.effects import EFFECTS
from game.core.expr import compile_expr, describe_functions
from game.core.rules import rule_fields

README = manual.README
MODELINE = "# yaml-language-server: $schema=level.schema.json"


def text() -> str:
    return README.read_text(encoding="utf-8")


def section(name: str) -> str:
    t = text()
    start = t.index(manual.BEGIN.format(name))
    return t[start : t.index(manual.END.format(name), start)]


def example() -> tuple[str, str]:
    """(file name, text) of the complete level in the walk-through."""
    found = re.findall(r"<!-- example-level: (\S+) -->\n```yaml\n(.*?)```", text(), re.S)
    assert len(found) == 1, "the manual must mark exactly one complete example level"
    name, body = found[0]
    return str(name), str(body)


@pytest.fixture
def example_path(tmp_path: Path) -> Path:
    name, body = example()
    path = tmp_path / "levels" / name
    path.parent.mkdir()
    path.write_text(body, encoding="utf-8")
    return path


# -- generated sections ---------------------------------------------------------------------


def test_check_passes_on_the_committed_manual() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "game.content.manual", "--check"],
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard, not a speed goal
    )
    assert proc.returncode == 0, proc.stderr


def test_check_fails_on_a_stale_copy_and_a_rewrite_fixes_it(tmp_path: Path) -> None:
    copy = tmp_path / "README.md"
    original = text()
    stale = original.replace(
        "| `trust_neutral` | number | `50` |", "| `trust_neutral` | number | `45` |"
    )
    assert stale != original
    copy.write_text(stale, encoding="utf-8")
    assert manual.main(["--check", "--path", str(copy)]) == 1
    assert manual.main(["--path", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == original
    assert manual.main(["--check", "--path", str(copy)]) == 0


def test_prose_outside_the_markers_is_left_alone(tmp_path: Path) -> None:
    copy = tmp_path / "README.md"
    edited = text().replace("# Making levels", "# Making levels (draft)")
    copy.write_text(edited, encoding="utf-8")
    assert manual.main(["--path", str(copy)]) == 0
    assert copy.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t.replace(manual.END.format("rules"), ""),
        lambda t: t.replace(manual.BEGIN.format("codes"), ""),
        lambda t: t.replace(manual.BEGIN.format("codes"), manual.BEGIN.format("nonsense")),
        lambda t: t + manual.BEGIN.format("codes") + "\n" + manual.END.format("codes") + "\n",
    ],
    ids=["unclosed", "missing", "unknown", "twice"],
)
def test_broken_markers_are_refused(tmp_path: Path, damage: object) -> None:
    copy = tmp_path / "README.md"
    broken = damage(text())  # type: ignore[operator]
    copy.write_text(broken, encoding="utf-8")
    assert manual.main(["--path", str(copy)]) == 2
    assert copy.read_text(encoding="utf-8") == broken


def test_every_field_of_every_model_is_documented() -> None:
    fields = section("fields")
    for model in manual._models():
        heading = f"#### {manual.model_title(model)} fields"
        assert heading in fields
        table = fields[fields.index(heading) :].split("\n\n####")[0]
        for name, info in model.model_fields.items():
            row = next((r for r in table.splitlines() if r.startswith(f"| `{name}` |")), None)
            assert row is not None, f"{model.__name__}.{name}"
            assert ("**required**" in row) == info.is_required()
            assert not row.endswith("| — |"), f"{model.__name__}.{name} has no meaning"


def test_fallback_meanings_name_real_fields() -> None:
    models = {m.__name__: m for m in manual._models()}
    for model, name in manual._MEANINGS:
        assert name in models[model].model_fields, f"{model}.{name}"


def test_every_effect_is_documented_with_its_example_and_arguments() -> None:
    effects = section("effects")
    for name, spec in EFFECTS.items():
        assert f"#### `{name}` effect" in effects
        assert f"- {spec.example}\n" in effects
        block = effects.split(f"#### `{name}` effect")[1].split("####")[0]
        for param in spec.params:
            assert f"| `{param}` |" in block


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_effect_examples_are_valid_effects(name: str) -> None:
    item = yaml.safe_load("- " + EFFECTS[name].example)[0]
    assert list(item) == [name]
    effect_args(name).validate_python(item[name])


def test_every_function_and_variable_is_documented_with_a_working_example() -> None:
    conditions = section("conditions")
    env = make_env(["RUS"])
    for name, signature, _doc, ex in describe_functions(env):
        assert f"| `{signature}` |" in conditions
        assert f"`{ex}`" in conditions
        compile_expr(ex, env, None)
        assert name in ex
    for name in VARIABLES:
        assert f"| `{name}` |" in conditions


def test_every_error_code_and_rule_is_listed() -> None:
    codes = section("codes")
    for code, meaning in CODES.items():
        assert f"| `{code}` | {'error' if code[0] == 'E' else 'warning'} | {meaning} |" in codes
    rules = section("rules")
    for name, _kind, _default in rule_fields():
        assert f"| `{name}` |" in rules


def test_internal_links_point_at_headings() -> None:
    t = text()
    anchors = {manual.anchor(h) for h in re.findall(r"^#+ (.+)$", t, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", t))
    assert links - anchors == set()


# -- the walk-through -----------------------------------------------------------------------


def test_the_example_level_loads_with_no_errors_or_warnings(example_path: Path) -> None:
    result = load_level_file(example_path, display=str(example_path))
    assert [format_diagnostic(d) for d in result.diagnostics] == []
    assert result.loaded is not None
    assert example_path.read_text(encoding="utf-8").splitlines()[0] == MODELINE


def test_the_example_level_simulates(
    example_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["simulate", str(example_path), "--turns", "3"]) == 0
    assert "turn   2" in capsys.readouterr().out


def test_the_walk_through_snippets_are_parts_of_the_example_level() -> None:
    t = text()
    walk = t[t.index("## Your first level") : t.index("<!-- example-level:")]
    snippets = re.findall(r"```yaml\n(.*?)```", walk, re.S)
    assert len(snippets) >= 6
    _, body = example()
    for snippet in snippets:
        assert snippet in body, snippet


def test_the_sample_validate_output_is_what_validate_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    name, body = example()
    broken = (
        body.replace("turns: 16", "turns: 0", 1)
        .replace('    color: "#3a7bd5"', '    colour: "#3a7bd5"', 1)
        .replace("and turn >= 1", "and trun >= 1", 1)
    )
    (tmp_path / "levels").mkdir()
    (tmp_path / "levels" / name).write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli_main(["validate", f"levels/{name}"]) == 2
    printed = capsys.readouterr().out
    shown = re.search(r"```text\n(.*?)```", text(), re.S)
    assert shown is not None
    assert shown.group(1) == printed


def test_the_manual_names_the_schema_modelines() -> None:
    t = text()
    assert MODELINE in t
    assert "# yaml-language-server: $schema=../deck.schema.json" in t


def test_the_sample_explain_output_is_what_simulate_prints(
    example_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(example_path.parents[1])
    assert cli_main(["simulate", f"levels/{example_path.name}", "--turns", "4", "--explain"]) == 0
    printed = capsys.readouterr().out
    shown = re.search(
        r"```text\n\$ alliances simulate .*? --explain\n\.\.\.\n(.*?)```", text(), re.S
    )
    assert shown is not None
    assert printed.endswith(shown.group(1))
