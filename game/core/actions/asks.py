"""Answering asks and calls to honour a pact: accept and pay, or refuse and pay otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.core.actions.base import ActionDef, declare
from game.core.commands import Command
from game.core.context import Ctx
from game.core.phrasing import Line
from game.core.requests import (
    accepting_lines,
    answer,
    cannot_accept,
    is_call,
    refuse_lines,
    waiting,
)
from game.core.state import RequestState


@dataclass(frozen=True)
class AnswerRequest(Command):
    key: int
    accept: bool


def _open(ctx: Ctx, cmd: AnswerRequest) -> RequestState | None:
    return next((q for q in waiting(ctx.state, cmd.actor) if q.key == cmd.key), None)


def _check(ctx: Ctx, cmd: AnswerRequest, reasons: list[str]) -> None:
    q = _open(ctx, cmd)
    if q is None:
        reasons.append(f"no ask or call {cmd.key} waiting for you")
    elif cmd.accept:
        reasons.extend(cannot_accept(ctx, q))


def _then(ctx: Ctx, cmd: AnswerRequest) -> None:
    q = _open(ctx, cmd)
    assert q is not None
    answer(ctx, q, cmd.accept)


def _variants(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    for q in waiting(ctx.state, actor):
        yield AnswerRequest(actor, q.key, True)
        yield AnswerRequest(actor, q.key, False)


def _notes(ctx: Ctx, cmd: AnswerRequest) -> list[Line]:
    q = _open(ctx, cmd)
    if q is None:
        return []
    return accepting_lines(ctx, q) if cmd.accept else refuse_lines(ctx, q)


def _name(ctx: Ctx, cmd: AnswerRequest) -> str:
    q = _open(ctx, cmd)
    noun = "call" if q is not None and is_call(q) else "ask"
    return f"{'Accept' if cmd.accept else 'Refuse'} {noun} {cmd.key}"


ANSWER_REQUEST = declare(
    ActionDef(
        AnswerRequest,
        id="answer_request",
        label="Answer an ask or a call",
        summary="Accept or refuse what another nation asks of you, or its call to honour your "
        "pact; both sides' costs are shown. Unanswered, it lapses at the end of the turn and "
        "counts as refused.",
        scope="answer",
        order=3,
        check=_check,
        then=_then,
        notes=_notes,
        variants=_variants,
        name=_name,
    )
)
