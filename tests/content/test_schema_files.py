"""The committed JSON Schemas for editors are exactly what the models generate today."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.schema import schema_text

LEVELS = Path(__file__).resolve().parents[2] / "levels"
FILES = {"level": "level.schema.json", "deck": "deck.schema.json"}
FIX = (
    "alliances schema > levels/level.schema.json; alliances schema --deck > levels/deck.schema.json"
)


@pytest.mark.parametrize("which", sorted(FILES))
def test_committed_schema_is_in_sync_with_the_models(which: str) -> None:
    committed = (LEVELS / FILES[which]).read_text(encoding="utf-8")
    assert committed == schema_text(which), f"stale schema; regenerate with: {FIX}"


@pytest.mark.parametrize(("which", "flags"), [("level", []), ("deck", ["--deck"])])
def test_the_schema_command_writes_the_committed_file(which: str, flags: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "game", "schema", *flags],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=300,  # a hang guard, not a speed goal
    )
    assert proc.stdout == (LEVELS / FILES[which]).read_text(encoding="utf-8")


@pytest.mark.parametrize("which", sorted(FILES))
def test_schema_is_draft_2020_12_with_closed_objects(which: str) -> None:
    data = json.loads((LEVELS / FILES[which]).read_text(encoding="utf-8"))
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["additionalProperties"] is False
    # Every model forbids unknown keys, so editors flag them like the loader does.
    assert all(d.get("additionalProperties") is False for d in data.get("$defs", {}).values())
