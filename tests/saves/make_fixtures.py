"""Writes the committed save fixtures, one per save format version.

    .venv/bin/python tests/saves/make_fixtures.py [--force]

Existing fixtures are kept, so the upgrade chain is tested against files as each version
wrote them. Every fixture holds the same game: a missing one is made from the newest fixture
already committed (restored, then saved or rewritten in its version's layout). Their replay
check fails when a rules change alters play; after checking that the change is intended,
regenerate them all from a newly played game with --force.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from game.saves.format import (
    capture,
    checksum_of,
    dump_save,
    legacy_level_fingerprint,
    load_save,
    restore_game,
    with_histories,
)
from game.saves.migrations import CURRENT_VERSION

HERE = Path(__file__).parent
FOLDER = HERE / "fixtures"
CREATED = "2027-01-01T09:00:00+00:00"


def _helpers() -> Any:
    spec = importlib.util.spec_from_file_location("saves_conftest", HERE / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fixture_path(version: int) -> Path:
    return FOLDER / f"save_v{version}.json"


def current_text(base: Path | None) -> str:
    """The game of the fixture at `base` (or a new one), saved in the current format.

    A new game is six turns of a small generated world, plus an unfinished seventh turn.
    """
    helpers = _helpers()
    if base is None:
        g, meta = helpers.new_game(6, 3, 12)
        helpers.play(g, 6)
        g.autoplay()
    else:
        save = load_save(base)
        g = restore_game(save, helpers.rebuild_generated)
        meta = helpers.generated_meta(6, 3, 12)
        assert meta.sources == save.level.sources, "the fixtures hold another level"
    return dump_save(capture(g, level_meta=meta, created=CREATED)) + "\n"


def v3_text(v4: str) -> str:
    """The same save in the version-3 layout: each checkpoint holds its history."""
    data = with_histories(json.loads(v4))
    old = {k: v for k, v in data.items() if k != "checksum"}
    old["format_version"] = 3
    return _sealed(old)


def v2_text(v3: str) -> str:
    """The same save in the version-2 layout: its fingerprint covers every rule."""
    data = json.loads(v3)
    old = {k: v for k, v in data.items() if k != "checksum"}
    level = _helpers().rebuild_generated(data["level"]["sources"], data["level"]["main"])
    old["level"] = {**data["level"], "fingerprint": legacy_level_fingerprint(level)}
    old["format_version"] = 2
    return _sealed(old)


def v1_text(v2: str) -> str:
    """The same save in the version-1 layout: no checkpoints."""
    data = json.loads(v2)
    old = {k: v for k, v in data.items() if k not in ("checkpoints", "checksum")}
    old["format_version"] = 1
    return _sealed(old)


def v0_text(v1: str) -> str:
    """The same save in the version-0 layout: `version` and `log` instead of the current names."""
    data = json.loads(v1)
    old: dict[str, Any] = {}
    for key, value in data.items():
        if key == "format_version":
            old["version"] = 0
        elif key == "turns":
            old["log"] = value
        elif key != "checksum":
            old[key] = value
    return _sealed(old)


# The order in which the writers of versions 0-3 put a save's keys (the upgrade of version 0
# places `format_version` after `format`, as those writers did).
OLD_ORDER = (
    "format",
    "version",
    "format_version",
    "game_version",
    "created",
    "summary",
    "level",
    "seed",
    "player",
    "snapshot",
    "pending_commands",
    "log",
    "turns",
    "checkpoints",
)


def _sealed(data: dict[str, Any]) -> str:
    """An old layout as its version wrote it: keys in that writer's order, then the checksum."""
    assert set(data) <= set(OLD_ORDER), sorted(set(data) - set(OLD_ORDER))
    old = {key: data[key] for key in OLD_ORDER if key in data}
    old["checksum"] = checksum_of(old)
    return json.dumps(old, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    force = "--force" in argv
    FOLDER.mkdir(exist_ok=True)
    committed = [v for v in range(CURRENT_VERSION + 1) if fixture_path(v).exists()]
    base = None if force or not committed else fixture_path(max(committed))
    current = current_text(base)
    v3 = v3_text(current)
    v2 = v2_text(v3)
    v1 = v1_text(v2)
    texts = {4: current, 3: v3, 2: v2, 1: v1, 0: v0_text(v1)}
    assert sorted(texts) == list(range(CURRENT_VERSION + 1)), "add the new version's layout"
    for version, text in sorted(texts.items()):
        path = fixture_path(version)
        if path.exists() and not force:
            print(f"{path}: exists, kept (--force replaces it)")
            continue
        path.write_text(text, encoding="utf-8")
        print(f"{path}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
