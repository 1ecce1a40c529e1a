"""Commands: small frozen records of ids and numbers that round-trip through JSON."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """The names of a dataclass's fields, in order (worked out once per class): a command's,
    or a state record's."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


@dataclass(frozen=True)
class Command:
    """Base of every command; `actor` is the nation that issues it."""

    actor: str
    label: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        # The instance's own dict holds exactly its fields, in their order (a frozen record).
        d: dict[str, Any] = {"type": type(self).__name__, **self.__dict__}
        terms = d.get("terms")
        if terms is not None:
            d["terms"] = [list(t) for t in terms]
        return d


# Every command class by its stable name; the action registry (`game.core.actions`) fills it.
COMMAND_TYPES: dict[str, type[Command]] = {}


def register_types(classes: Iterable[type[Command]]) -> None:
    for cls in classes:
        COMMAND_TYPES[cls.__name__] = cls


def __getattr__(name: str) -> type[Command]:
    """`commands.HoldDialogue` and the like: any registered command class by its name.

    The classes are declared with their actions in `game.core.actions`, which imports this
    module, so they are looked up once the registry has loaded.
    """
    if not name[:1].isupper():
        raise AttributeError(name)
    importlib.import_module("game.core.actions")
    try:
        return COMMAND_TYPES[name]
    except KeyError:
        raise AttributeError(f"no command named {name!r}") from None


TERM_KINDS = ("aid", "defence", "exercise", "concession")


class CommandFormatError(ValueError):
    """A command record that does not describe a valid command."""


def command_from_dict(d: dict[str, Any]) -> Command:
    """Rebuild a command from `Command.to_dict` output; raises CommandFormatError."""
    if not COMMAND_TYPES:
        importlib.import_module("game.core.actions")
    if not isinstance(d, dict):
        raise CommandFormatError("a command must be an object")
    cls = COMMAND_TYPES.get(str(d.get("type")))
    if cls is None:
        raise CommandFormatError(f"unknown command type {d.get('type')!r}")
    fields, names = _fields_of(cls)
    kwargs: dict[str, Any] = {}
    for name, required in fields:
        if name not in d:
            if required:
                raise CommandFormatError(f"{cls.__name__} lacks {name!r}")
            continue
        v = d[name]
        if name == "terms":
            try:
                v = tuple((str(k), int(a)) for k, a in v)
            except (TypeError, ValueError) as exc:
                raise CommandFormatError(f"bad terms {v!r}") from exc
        kwargs[name] = v
    if len(d) > len(kwargs) + 1 or "type" not in d:
        extra = set(d) - names
        if extra:
            raise CommandFormatError(f"{cls.__name__} has unknown fields {sorted(extra)}")
    return cls(**kwargs)


def _fields_of(cls: type[Command]) -> tuple[tuple[tuple[str, bool], ...], frozenset[str]]:
    """A command class's fields with whether each is required, and every key its record may
    hold ("type" too); a save holds thousands of commands."""
    found = _FIELDS.get(cls)
    if found is None:
        fields = tuple((f.name, f.default is dataclasses.MISSING) for f in dataclasses.fields(cls))
        found = _FIELDS[cls] = (fields, frozenset({"type", *(name for name, _ in fields)}))
    return found


_FIELDS: dict[type[Command], tuple[tuple[tuple[str, bool], ...], frozenset[str]]] = {}
