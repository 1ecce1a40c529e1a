"""Which cues a command's result calls for: read from the outcomes the window already receives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from game.core import commands as C
from game.core.game import Game
from game.core.outcomes import Outcome, Refused, Result
from game.ui.describe import describe_effects

# The alarm sounds once when world tension climbs past this share of the crisis level.
CRISIS_WARNING = 0.8
ENDINGS = {"victory": "victory", "defeat": "defeat", "ended": "game.ended"}


class CueSink(Protocol):
    """Where cues go (the sound bus, or a list in a test)."""

    def emit(self, *names: str) -> None: ...


def event_tone(game: Game, event_id: str, target: str | None) -> str:
    """good, bad or neutral news for the player, judged as the event dialog previews it.

    A threat is bad news. Otherwise an event is good when no option leaves the player worse
    off and one costs nothing, bad when every option costs something and one leaves the
    player worse off (more red lines than green in the dialog), and neutral between.
    """
    ev = game.level.event(event_id)
    if ev.theme == "threats":
        return "bad"
    ctx = game.ctx().scoped(game.player, target)
    tones = [[line.tone for line in describe_effects(ctx, o.effects)] for o in ev.options]
    nets = [sum(t) for t in tones]
    costs = [sum(1 for x in t if x < 0) for t in tones]
    if not nets:
        return "neutral"
    if min(nets) >= 0 and min(costs) == 0:
        return "good"
    if min(costs) > 0 and min(nets) < 0:
        return "bad"
    return "neutral"


def outcome_cues(game: Game, outcomes: Iterable[Outcome]) -> list[str]:
    """The news cues among a command's or a turn's outcomes, in the order they happened."""
    me = game.player
    out: list[str] = []
    for o in outcomes:
        mine = me in o.nations
        cue = ""
        if o.fact == "EventFired" and o.nations[:1] == (me,) and "event" in o.data:
            target = o.nations[1] if len(o.nations) > 1 else None
            if any(p.event == o.data["event"] and p.nation == me for p in game.state.pending):
                cue = "event.arrived." + event_tone(game, o.data["event"], target)
        elif o.fact == "ProposalReceived" and o.nations[1:2] == (me,):
            cue = "proposal.received"
        elif o.fact == "ProposalDeclined" and o.nations[:1] == (me,):
            cue = "proposal.declined"
        elif o.fact == "AgreementSigned" and mine:
            cue = "agreement.signed"
        elif o.fact == "AgreementLeft" and mine:
            cue = "agreement.broken"
        elif o.fact in ("PromiseKept", "PromiseBroken") and mine:
            cue = "promise.kept" if o.fact == "PromiseKept" else "promise.broken"
        elif o.fact == "ElectionHeld" and o.nations[:1] == (me,):
            cue = "election.won"
        elif o.fact in ("GovernmentChanged", "GovernmentCollapsed") and o.nations[:1] == (me,):
            cue = "election.lost"
        elif o.fact == "CrisisErupted":
            cue = "crisis.erupted"
        elif o.fact == "GameEnded":
            cue = ENDINGS.get(str(o.data.get("result", "")), "game.ended")
        if cue and cue not in out:
            out.append(cue)
    return out


def command_cues(game: Game, cmd: C.Command, result: Result, tension_before: float) -> list[str]:
    """Cues for the player's command: refused, done, or a resolved turn, then its news."""
    if isinstance(result, Refused):
        return ["ui.refused"]
    news = outcome_cues(game, result.outcomes)
    warning = CRISIS_WARNING * game.rules.crisis_level
    if tension_before < warning <= game.state.world_tension and "crisis.erupted" not in news:
        news.append("crisis.near")
    first = "turn.ended" if isinstance(cmd, C.EndTurn) else "action.done"
    return [first, *news]
