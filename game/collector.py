"""The cyclic garbage collector paused while a large tree of plain data is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (nested blocks leave it as they found it).

    Building a large tree (a level's nodes, a save's JSON) allocates many objects in a row,
    which makes the collector run over and over, each full pass walking everything alive (a
    whole game, when a save is read in the window): it can double the time taken. Such trees
    form no cycles, so reference counting frees them as before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
