"""Commands: small frozen records of ids and numbers that round-trip through JSON."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
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
        d: dict[str, Any] = {"type": type(self).__name__}
        for name in _field_names(type(self)):
            v = getattr(self, name)
            d[name] = [list(t) for t in v] if name == "terms" else v
        return d


@dataclass(frozen=True)
class HoldDialogue(Command):
    target: str
    label: ClassVar[str] = "Dialogue / summit"


@dataclass(frozen=True)
class BuildConfidence(Command):
    target: str
    label: ClassVar[str] = "Confidence-building"


@dataclass(frozen=True)
class ProposeAgreement(Command):
    target: str
    kind: str
    terms: tuple[tuple[str, int], ...] = ()
    label: ClassVar[str] = "Propose agreement"


@dataclass(frozen=True)
class AnswerProposal(Command):
    key: int
    accept: bool
    label: ClassVar[str] = "Answer proposal"


@dataclass(frozen=True)
class HoldExercise(Command):
    target: str
    size: int = 0  # 0 small, 1 medium, 2 large
    label: ClassVar[str] = "Joint exercise"


@dataclass(frozen=True)
class StartTraining(Command):
    target: str
    label: ClassVar[str] = "Training programme"


@dataclass(frozen=True)
class TransferTechnology(Command):
    target: str
    label: ClassVar[str] = "Technology transfer"


@dataclass(frozen=True)
class GiveAid(Command):
    target: str
    amount: int = 2
    label: ClassVar[str] = "Aid"


@dataclass(frozen=True)
class OfferTradeConcession(Command):
    target: str
    label: ClassVar[str] = "Trade concession"


@dataclass(frozen=True)
class Mediate(Command):
    target: str
    other: str
    label: ClassVar[str] = "Mediation"


@dataclass(frozen=True)
class RunPublicDiplomacy(Command):
    label: ClassVar[str] = "Public diplomacy"


@dataclass(frozen=True)
class InvestDefence(Command):
    label: ClassVar[str] = "Invest in defence"


@dataclass(frozen=True)
class ChooseOption(Command):
    key: int
    option: int
    label: ClassVar[str] = "Choose event option"


@dataclass(frozen=True)
class EndTurn(Command):
    label: ClassVar[str] = "End turn"


COMMAND_TYPES: dict[str, type[Command]] = {
    c.__name__: c
    for c in (
        HoldDialogue,
        BuildConfidence,
        ProposeAgreement,
        AnswerProposal,
        HoldExercise,
        StartTraining,
        TransferTechnology,
        GiveAid,
        OfferTradeConcession,
        Mediate,
        RunPublicDiplomacy,
        InvestDefence,
        ChooseOption,
        EndTurn,
    )
}

TERM_KINDS = ("aid", "defence", "exercise", "concession")


class CommandFormatError(ValueError):
    """A command record that does not describe a valid command."""


def command_from_dict(d: dict[str, Any]) -> Command:
    """Rebuild a command from `Command.to_dict` output; raises CommandFormatError."""
    if not isinstance(d, dict):
        raise CommandFormatError("a command must be an object")
    cls = COMMAND_TYPES.get(str(d.get("type")))
    if cls is None:
        raise CommandFormatError(f"unknown command type {d.get('type')!r}")
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in d:
            if f.default is dataclasses.MISSING:
                raise CommandFormatError(f"{cls.__name__} lacks {f.name!r}")
            continue
        v = d[f.name]
        if f.name == "terms":
            try:
                v = tuple((str(k), int(a)) for k, a in v)
            except (TypeError, ValueError) as exc:
                raise CommandFormatError(f"bad terms {v!r}") from exc
        kwargs[f.name] = v
    extra = set(d) - {"type"} - {f.name for f in dataclasses.fields(cls)}
    if extra:
        raise CommandFormatError(f"{cls.__name__} has unknown fields {sorted(extra)}")
    return cls(**kwargs)
