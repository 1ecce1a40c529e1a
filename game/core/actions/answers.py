"""Answers and the end of the turn: event choices, replies to offers, and ending the turn."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from game.core.actions.base import ActionDef, declare
from game.core.actions.proposal import ProposeAgreement, conclude, signing_lines, term_lines
from game.core.commands import Command
from game.core.context import Ctx
from game.core.effects import describe_effects
from game.core.events import choose, option_available
from game.core.phrasing import Line, an_agreement, possessive
from game.core.state import PendingOffer


@dataclass(frozen=True)
class ChooseOption(Command):
    key: int
    option: int


@dataclass(frozen=True)
class AnswerProposal(Command):
    key: int
    accept: bool


@dataclass(frozen=True)
class EndTurn(Command):
    pass


def _check_choose(ctx: Ctx, cmd: ChooseOption, reasons: list[str]) -> None:
    p = next((p for p in ctx.state.pending if p.key == cmd.key and p.nation == cmd.actor), None)
    if p is None:
        reasons.append(f"no pending event {cmd.key}")
        return
    ev = ctx.level.event(p.event)
    if not 0 <= cmd.option < len(ev.options):
        reasons.append(f"option must be 1–{len(ev.options)}")
        return
    opt = ev.options[cmd.option]
    if not option_available(ctx.scoped(p.nation, p.target), opt):
        reasons.append(f"requires {opt.requires_text}")


def _choose(ctx: Ctx, cmd: ChooseOption) -> None:
    pending = next(p for p in ctx.state.pending if p.key == cmd.key)
    choose(ctx, pending, cmd.option)


def _choices(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    for p in ctx.state.pending:
        if p.nation == actor:
            for k in range(len(ctx.level.event(p.event).options)):
                yield ChooseOption(actor, p.key, k)


def _choice_preview(ctx: Ctx, cmd: ChooseOption) -> list[Line]:
    p = next(p for p in ctx.state.pending if p.key == cmd.key)
    opt = ctx.level.event(p.event).options[cmd.option]
    return describe_effects(ctx.scoped(p.nation, p.target), opt.effects)


CHOOSE = declare(
    ActionDef(
        ChooseOption,
        id="choose_option",
        label="Choose an event option",
        summary="Answer a pending event with one of its options.",
        scope="answer",
        order=1,
        check=_check_choose,
        then=_choose,
        notes=_choice_preview,
        variants=_choices,
        name=lambda ctx, cmd: f"Option {cmd.option + 1} of event {cmd.key}",
    )
)


def _check_answer(ctx: Ctx, cmd: AnswerProposal, reasons: list[str]) -> None:
    s = ctx.state
    o = next((o for o in s.offers if o.key == cmd.key and o.responder == cmd.actor), None)
    if o is None:
        reasons.append(f"no proposal {cmd.key} waiting for you")
        return
    if cmd.accept and s.has_agreement(o.proposer, o.responder, o.kind):
        reasons.append(f"already together in an agreement: {ctx.level.kind(o.kind).name}")
    aid = sum(int(a) for t, a in o.terms if t == "aid")
    if cmd.accept and o.counter and aid > s.budget[s.idx(cmd.actor)] + 1e-9:
        reasons.append(f"the aid they ask for ({aid}) exceeds your budget")


def signing_sides(o: PendingOffer) -> tuple[str, str]:
    """The two sides of an offer in the order `conclude` signs it: a counter-offer's terms
    are the answering side's to give, so it signs as the proposer it was."""
    return (o.responder, o.proposer) if o.counter else (o.proposer, o.responder)


def _answer(ctx: Ctx, cmd: AnswerProposal) -> None:
    s = ctx.state
    offer = next(o for o in s.offers if o.key == cmd.key)
    s.offers = [o for o in s.offers if o.key != cmd.key]
    terms = tuple((str(t), int(a)) for t, a in offer.terms)
    why = "(its counter-offer was turned down)" if offer.counter and not cmd.accept else ""
    conclude(ctx, *signing_sides(offer), offer.kind, terms, cmd.accept, why)


def _answers(ctx: Ctx, actor: str, target: str) -> Iterable[Command]:
    for o in ctx.state.offers:
        if o.responder == actor:
            yield AnswerProposal(actor, o.key, True)
            yield AnswerProposal(actor, o.key, False)


def accepting_costs(ctx: Ctx, o: PendingOffer) -> list[Line]:
    """What accepting an offer commits the player to: a counter-offer's terms are the
    player's to give (promises, aid); an offer's own terms are the proposer's."""
    if not o.counter:
        return []
    terms = tuple((str(t), int(a)) for t, a in o.terms)
    return term_lines(ctx, ProposeAgreement(o.responder, o.proposer, o.kind, terms))


def _answer_preview(ctx: Ctx, cmd: AnswerProposal) -> list[Line]:
    o = next(o for o in ctx.state.offers if o.key == cmd.key)
    kind = ctx.level.kind(o.kind).name
    if cmd.accept:
        return [*signing_lines(ctx, *signing_sides(o), o.kind), *accepting_costs(ctx, o)]
    if o.counter:
        return [Line(f"You walk away from {possessive(ctx.name(o.proposer))} counter-offer", -1)]
    lines = [
        Line(f"You decline {possessive(ctx.name(o.proposer))} offer of {an_agreement(kind)}", 0)
    ]
    rebuff = ctx.rules.proposal_rebuff_trust
    if rebuff:
        lines.append(Line(f"{possessive(ctx.name(o.proposer))} trust in you −{rebuff:g}", -1))
    return lines


ANSWER = declare(
    ActionDef(
        AnswerProposal,
        id="answer_proposal",
        label="Answer a proposal",
        summary="Accept or decline an agreement another nation offered you.",
        scope="answer",
        order=2,
        check=_check_answer,
        then=_answer,
        notes=_answer_preview,
        variants=_answers,
        name=lambda ctx, cmd: f"{'Accept' if cmd.accept else 'Decline'} proposal {cmd.key}",
    )
)


def _check_end(ctx: Ctx, cmd: EndTurn, reasons: list[str]) -> None:
    waiting = [p for p in ctx.state.pending if p.nation == cmd.actor]
    if waiting:
        titles = ", ".join(ctx.level.event(p.event).title for p in waiting)
        reasons.append(f"answer the pending events first ({titles})")


def _end(ctx: Ctx, cmd: EndTurn) -> None:
    """Ending the turn is carried out by `Game.end_turn`; as a command it only records intent."""


END = declare(
    ActionDef(
        EndTurn,
        id="end_turn",
        label="End turn",
        summary="The AI nations act, then the turn resolves: events, elections, threats, drift, "
        "projects, promises, income, and the goals are checked.",
        scope="turn",
        order=1000,
        check=_check_end,
        then=_end,
        variants=lambda ctx, actor, target: (EndTurn(actor),),
    )
)
