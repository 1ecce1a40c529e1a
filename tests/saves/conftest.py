"""Shared helpers for the save tests: generated levels behind a level resolver, and played games."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from game.core.defs import LevelDef
from game.core.game import Game
from game.core.worldgen import generate_level
from game.saves.format import LevelMeta, LevelResolver

MAIN = "gen.yaml"


def generated_meta(n: int = 8, seed: int = 1, turns: int = 30) -> LevelMeta:
    """A level "file" that names a generated world, standing in for a YAML level."""
    sources = {MAIN: f"generated {n} {seed} {turns}\n"}
    canon = json.dumps(sources, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return LevelMeta(MAIN, sources, hashlib.blake2b(canon.encode(), digest_size=16).hexdigest())


def rebuild_generated(sources: dict[str, str], main: str) -> LevelDef:
    """The test level resolver: `generated N SEED TURNS` becomes that generated world."""
    word, n, seed, turns = sources[main].split()
    if word != "generated":
        raise ValueError(f"{main}: not a generated level")
    return generate_level(int(n), seed=int(seed), turns=int(turns))


def new_game(n: int = 8, seed: int = 1, turns: int = 30) -> tuple[Game, LevelMeta]:
    meta = generated_meta(n, seed, turns)
    return Game(rebuild_generated(meta.sources, meta.main)), meta


def play(g: Game, turns: int) -> None:
    """Let the AI play the player's seat for `turns` turns (or until the game ends)."""
    for _ in range(turns):
        if g.over:
            return
        g.autoplay()
        g.end_turn()


NewGame = Callable[..., tuple[Game, LevelMeta]]
Play = Callable[[Game, int], None]


@pytest.fixture
def rebuild() -> LevelResolver:
    return rebuild_generated


@pytest.fixture(name="new_game")
def new_game_fixture() -> NewGame:
    return new_game


@pytest.fixture(name="play")
def play_fixture() -> Play:
    return play


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its saves under its own temporary folder, never the user's."""
    home = tmp_path / "data"
    monkeypatch.setenv("FORGING_ALLIANCES_DATA", str(home))
    return home
