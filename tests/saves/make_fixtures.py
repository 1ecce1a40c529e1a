"""Writes the committed save fixtures, one per save format version.

    .venv/bin/python tests/saves/make_fixtures.py [--force]

Existing fixtures are kept, so the upgrade chain is tested against files as each version
wrote them. Their replay check fails when a rules change alters play; after checking that the
change is intended, regenerate them with --force.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from game.saves.format import capture, checksum_of, dump_save

HERE = Path(__file__).parent
CREATED = "2027-01-01T09:00:00+00:00"


def _helpers() -> Any:
    spec = importlib.util.spec_from_file_location("saves_conftest", HERE / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def v1_text() -> str:
    """Six turns of a small generated world, plus an unfinished seventh turn."""
    helpers = _helpers()
    g, meta = helpers.new_game(6, 3, 12)
    helpers.play(g, 6)
    g.autoplay()
    return dump_save(capture(g, level_meta=meta, created=CREATED)) + "\n"


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
    old["checksum"] = checksum_of(old)
    return json.dumps(old, ensure_ascii=False, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    folder = HERE / "fixtures"
    folder.mkdir(exist_ok=True)
    v1 = v1_text()
    targets = {"save_v1.json": v1, "save_v0.json": v0_text(v1)}
    for name, text in targets.items():
        path = folder / name
        if path.exists() and "--force" not in argv:
            print(f"{path}: exists, kept (--force replaces it)")
            continue
        path.write_text(text, encoding="utf-8")
        print(f"{path}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
