"""Gates: a level's conditions on when an action or an agreement kind opens to a nation.

A tutorial opens each step when the lesson that teaches it has come (`flag("lesson_pact")`);
any level may gate a kind or an action on any condition. The condition reads `nation` as the
nation about to act and `target` as the other side.
"""

from __future__ import annotations

import numpy as np

from game.core.context import Ctx
from game.core.defs import Gate, LevelDef
from game.core.state import GameState


def gate_reason(
    level: LevelDef, state: GameState, gate: Gate | None, actor: str, target: str | None
) -> str | None:
    """Why `gate` keeps `actor` from acting toward `target` now (None: it is open)."""
    if gate is None or bool(gate.when.evaluate(Ctx(level, state, nation=actor, target=target))):
        return None
    return gate.reason()


def gate_mask(level: LevelDef, state: GameState, gate: Gate | None, rows: np.ndarray) -> np.ndarray:
    """`gate_reason(...) is None` for actors `rows` and every target, at once.

    A condition that does not read `target` is evaluated once per actor.
    """
    n = state.n
    if gate is None:
        return np.ones((len(rows), n), dtype=np.bool_)
    per_target = "target" in gate.when.names_used
    ok = np.zeros((len(rows), n), dtype=np.bool_)
    for r, i in enumerate(rows):
        actor = state.ids[int(i)]
        if per_target:
            ok[r] = [gate_reason(level, state, gate, actor, t) is None for t in state.ids]
        else:
            ok[r] = gate_reason(level, state, gate, actor, None) is None
    return ok
