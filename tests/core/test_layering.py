"""Layering: the rules core uses only stdlib and numpy; only the UI may import pygame."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import game

GAME_DIR = Path(game.__file__).parent
CORE_FILES = sorted((GAME_DIR / "core").glob("*.py"))


def module_names(package: str) -> list[str]:
    folder = GAME_DIR / package
    return [
        f"game.{package}" + ("" if p.stem == "__init__" else f".{p.stem}")
        for p in sorted(folder.glob("*.py"))
    ]


def imported_in_fresh_interpreter(modules: list[str]) -> set[str]:
    """Top-level names of every module in sys.modules after importing `modules` afresh."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout))


def test_core_and_content_load_without_pygame() -> None:
    """Every module of game.core and game.content is imported in a fresh interpreter:
    pygame is not among the loaded modules (a headless server or the CLI never needs it)."""
    modules = module_names("core") + module_names("content")
    assert len(modules) > 20

    loaded = imported_in_fresh_interpreter(modules)

    assert set(modules) <= loaded
    assert not {m for m in loaded if m == "pygame" or m.startswith("pygame.")}


def test_core_alone_loads_no_yaml_pydantic_or_higher_layer() -> None:
    """Importing every module of game.core loads no YAML, pydantic, pygame, nor any module
    of the layers above it (content, saves, ui, cli)."""
    loaded = imported_in_fresh_interpreter(module_names("core"))

    top = {m.split(".")[0] for m in loaded}
    assert not top & {"yaml", "pydantic", "pygame"}
    higher = ("game.content", "game.saves", "game.ui", "game.cli")
    assert not [m for m in loaded if m.startswith(higher)]


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_core_module_imports_only_stdlib_numpy_and_core(path: Path) -> None:
    """Each file of game/core imports only the standard library, numpy and game.core
    (read from its source, so a lazy import inside a function counts too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)

    allowed = set(sys.stdlib_module_names) | {"numpy"}
    bad = [
        n
        for n in names
        if n.split(".")[0] not in allowed and not (n == "game.core" or n.startswith("game.core."))
    ]
    assert bad == []
    assert not [n for n in names if n.split(".")[0] in ("yaml", "pydantic", "pygame")]
