"""What `alliances validate` loads: the checker only, and the base maps' codes, not outlines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from game.content import checks
from game.content.models import PARTS, Strict
from game.core.projects import PROJECT_KINDS
from game.core.promises import PROMISE_KINDS

LEVEL = Path(__file__).parents[2] / "levels" / "northern_shield.yaml"


def modules_after_validate(path: Path) -> tuple[int, set[str]]:
    """Exit status of `alliances validate path` run in a fresh interpreter, and its sys.modules."""
    code = (
        "import json, sys\n"
        "from game.cli import main\n"
        f"status = main(['validate', {str(path)!r}])\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    status, names = json.loads(done.stdout.splitlines()[-1])
    return status, set(names)


def test_validate_loads_no_window_ai_saves_or_balance() -> None:
    """Checking a shipped level loads the rules it checks against, but not pygame, the UI,
    the AI, saves or the balance runner: none of them can change what a level check says."""
    status, loaded = modules_after_validate(LEVEL)

    assert status == 0
    assert "game.content.checks" in loaded
    unwanted = ("pygame", "game.ui", "game.core.ai", "game.saves", "game.balance")
    assert sorted(m for m in loaded if m.startswith(unwanted)) == []


@pytest.mark.parametrize("name", ["first_steps", "northern_shield", "concert_of_nations"])
def test_validate_runs_no_numpy(name: str) -> None:
    """The rule modules a check loads import numpy only when a rule runs, and a check runs
    none: numpy's own modules are never loaded (`numpy` itself is a stand-in until used)."""
    status, loaded = modules_after_validate(LEVEL.with_name(f"{name}.yaml"))

    assert status == 0
    assert sorted(m for m in loaded if m.startswith("numpy.")) == []


def test_the_numpy_stand_in_answers_a_spec_lookup_as_numpy_would() -> None:
    """A library may ask `importlib.util.find_spec("numpy")` before using numpy: the stand-in
    gives numpy's own spec, without importing it."""
    code = (
        "import importlib.util, sys\n"
        "import game.core\n"
        "spec = importlib.util.find_spec('numpy')\n"
        "print(type(sys.modules['numpy']).__name__, spec.name, spec.origin.endswith('.py'))\n"
        "import numpy\n"
        "print(float(numpy.ones(3).sum()))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.split() == ["_OnFirstUse", "numpy", "True", "3.0"]


def test_an_effect_argument_validator_is_made_once_with_its_parameters() -> None:
    """An effect's argument validator is made when an effect of that name is checked, once,
    and knows exactly that effect's parameters."""
    first = checks.effect_args("trust")
    params = checks.EFFECTS["trust"].params

    assert checks.effect_args("trust") is first
    with pytest.raises(ValidationError) as caught:
        first.validate_python({"bogus": 1})
    found = {(e["type"], e["loc"][0]) for e in caught.value.errors()}
    assert found == {("missing", k) for k, p in params.items() if p.required} | {
        ("extra_forbidden", "bogus")
    }


def _as_model(name: str) -> type[BaseModel]:
    """An effect's arguments as a pydantic model, configured like the level models."""
    types: dict[str, Any] = {
        "number": float,
        "integer": int,
        "bool": bool,
        "part": Literal[PARTS],
        "promise": Literal[tuple(PROMISE_KINDS)],
        "project": Literal[tuple(PROJECT_KINDS)],
    }
    fields: dict[str, Any] = {
        k: (types.get(p.kind, str), ... if p.required else p.default)
        for k, p in checks.EFFECTS[name].params.items()
    }
    config = ConfigDict(extra="forbid", strict=Strict.model_config.get("strict"))
    return create_model(f"{name}_args", __config__=config, **fields)


def _errors(validate: Any, args: dict[str, Any]) -> list[tuple[Any, ...]]:
    try:
        validate(args)
    except ValidationError as exc:
        return [(e["type"], e["loc"], e["msg"]) for e in exc.errors(include_url=False)]
    return []


@pytest.mark.parametrize("name", sorted(checks.EFFECTS))
def test_an_effect_validator_judges_arguments_as_a_strict_model_would(name: str) -> None:
    """Effect arguments are checked by a validator made from pydantic's core schema rather
    than a model class: for every argument given every kind of value, alone, beside valid
    ones and beside an unknown key, it finds the errors a strict model finds, word for word."""
    values: list[Any] = [1, 2.5, True, "x", "12", None, [], {}, float("nan"), 10**30]
    values += [PARTS[0], next(iter(PROMISE_KINDS)), next(iter(PROJECT_KINDS))]
    params = list(checks.EFFECTS[name].params)
    cases: list[dict[str, Any]] = [{}, {"bogus": 1}]
    for p in params:
        for v in values:
            cases += [{p: v}, {**dict.fromkeys(params, 1), p: v}, {p: v, "bogus": 1}]
    model, validator = _as_model(name), checks.effect_args(name)

    for args in cases:
        assert _errors(validator.validate_python, args) == _errors(model.model_validate, args)


@pytest.mark.parametrize("base", ["world-110m", "world-50m"])
def test_map_regions_are_every_country_code_of_the_base_map(base: str) -> None:
    """The codes picked out of a base map's text are exactly its countries' codes."""
    name = "countries-50m.json" if base == "world-50m" else "countries-110m.json"
    data = json.loads((checks.ASSETS / name).read_text(encoding="utf-8"))

    assert checks.map_regions(base) == frozenset(c["iso3"] for c in data["countries"])
    assert len(checks.map_regions(base)) == len(data["countries"])
