"""Turn records as saves keep them: commands read back with checked fields, copies and replays."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from game.core.commands import Command, CommandFormatError, EndTurn, command_from_dict
from game.core.game import Game, TurnRecord
from game.core.outcomes import Refused


def parse_command(d: dict[str, Any]) -> Command:
    """A command from its record, with field types checked too; raises CommandFormatError."""
    cmd = command_from_dict(d)
    for name, want in _plain_fields(type(cmd)):
        value = getattr(cmd, name)
        if not isinstance(value, want) or (want is not bool and isinstance(value, bool)):
            raise CommandFormatError(f"{type(cmd).__name__}.{name} must be {want.__name__}")
    return cmd


def _plain_fields(cls: type[Command]) -> tuple[tuple[str, type], ...]:
    """The fields of a command class declared as str, int or bool, with that type."""
    found = _PLAIN_FIELDS.get(cls.__name__)
    if found is None or found[0] is not cls:
        hints = typing.get_type_hints(cls)
        fields = tuple(
            (f.name, hints[f.name])
            for f in dataclasses.fields(cls)
            if hints[f.name] in (str, int, bool)
        )
        found = _PLAIN_FIELDS[cls.__name__] = (cls, fields)
    return found[1]


# Resolving type hints is slow and a save holds thousands of commands.
_PLAIN_FIELDS: dict[str, tuple[type[Command], tuple[tuple[str, type], ...]]] = {}


def copy_record(r: TurnRecord) -> TurnRecord:
    """A turn record sharing nothing mutable with `r`."""
    return TurnRecord(
        turn=r.turn,
        commands=clone_json(r.commands),
        ai_commands=clone_json(r.ai_commands),
        outcomes=clone_json(r.outcomes),
        state_hash=r.state_hash,
        parts=dict(r.parts),
    )


def clone_json(x: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists and plain values)."""
    # JSON-shaped data only holds dicts and lists as containers; this is several times faster
    # than copy.deepcopy, which matters when every end of turn autosaves the whole log.
    if type(x) is dict:
        return {k: clone_json(v) for k, v in x.items()}
    if type(x) is list:
        return [clone_json(v) for v in x]
    return x


def replay_turn(g: Game, record: TurnRecord) -> TurnRecord | str:
    """Play one recorded turn again: the new record, or why a recorded command does not replay."""
    cmds = record.commands
    if not cmds or cmds[-1].get("type") != "EndTurn":
        return "the turn does not end with EndTurn"
    for j, d in enumerate(cmds[:-1], start=1):
        try:
            cmd = parse_command(d)
        except CommandFormatError as exc:
            return f"command {j} is unreadable ({exc})"
        if isinstance(cmd, EndTurn):
            return f"command {j} ends the turn before its last command"
        result = g.issue(cmd)
        if isinstance(result, Refused):
            why = "; ".join(result.reasons)
            return f"command {j} ({d.get('type')}) is refused on replay: {why}"
    # end_turn rather than issue(EndTurn): the game may have been ended without the check that
    # every event was answered, and the replay must end it the same way.
    g.end_turn()
    return g.records[-1]
