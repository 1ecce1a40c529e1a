"""Level content loading: safe YAML parsing, validation and error reporting.

For scripts: `load_level(path_or_name) -> LevelDef`, raising `LevelError` with every problem.
"""

from game.content.library import LevelError, load_level

__all__ = ["LevelError", "load_level"]
