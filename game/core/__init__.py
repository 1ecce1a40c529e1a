"""The rules of the game: state, commands, turn phases, effects, conditions, RNG and AI.

numpy is imported on first use: until one of its names is read, `import numpy as np` binds
a stand-in. Checking a level loads the declarations of actions, effects and conditions,
whose modules also hold the numpy code that applies them, but runs none of that code, and
importing numpy would add a sixth to the check's time.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from typing import Any


class _OnFirstUse(types.ModuleType):
    """Stands in for a module until a name of it is read; then imports it and becomes a copy.

    It carries the real module's spec, found without importing it, so that
    `importlib.util.find_spec` (which a library may ask before using it) answers as it would.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.__spec__ = importlib.machinery.PathFinder.find_spec(name)

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        # Later reads find the names here without coming back to this method.
        self.__dict__.update(real.__dict__)
        return getattr(real, name)


if "numpy" not in sys.modules:
    sys.modules["numpy"] = _OnFirstUse("numpy")
