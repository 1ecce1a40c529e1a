"""The JSON Schema of level and deck files, generated from the models, for editors."""

from __future__ import annotations

import json

from game.content.models import DeckModel, LevelModel


def schema_text(which: str = "level") -> str:
    model = DeckModel if which == "deck" else LevelModel
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Forging Alliances " + ("event deck" if which == "deck" else "level")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
