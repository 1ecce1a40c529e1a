"""A game in progress: issue and undo commands, end turns, and keep the record of every turn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.core import actions, ai, drift, explain, tension_log
from game.core import commands as C
from game.core.actions.answers import EndTurn
from game.core.actions.proposal import PROPOSAL, ProposeAgreement
from game.core.context import Ctx
from game.core.defs import LevelDef
from game.core.difficulty import rules_for
from game.core.effects import first_objection
from game.core.outcomes import Accepted, Outcome, Refused, Result
from game.core.phrasing import Line
from game.core.rules import Rules
from game.core.state import GameState, initial_state
from game.core.turn import end_of_turn
from game.core.verdict import Verdict, judge
from game.core.why import why_of

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class TurnRecord:
    """What one turn was: the player's commands, the AI's, what happened, and the hashes after.

    A record never changes once made (saves keep its text between writes); its lists are
    not changed either.
    """

    turn: int
    commands: list[dict[str, Any]]
    ai_commands: list[dict[str, Any]]
    outcomes: list[dict[str, Any]]
    state_hash: str
    parts: dict[str, str] = field(default_factory=dict)


def date_label(level: LevelDef, turn: int) -> str:
    months = (level.start_quarter - 1) * 3 + turn * level.turn_months
    year = level.start_year + months // 12
    if level.turn_months == 3:
        return f"Q{(months % 12) // 3 + 1} {year}"
    return f"{MONTHS[months % 12]} {year}"


class Game:
    """The one object the UI, the CLI and replays drive; the rules live in `game.core`."""

    def __init__(
        self,
        level: LevelDef,
        seed: int | None = None,
        state: GameState | None = None,
        difficulty: str = "normal",
    ):
        """A new game of `level` (or one going on from `state`), at a difficulty of
        `game.core.difficulty.DIFFICULTIES`; the state records it."""
        self.level = level
        self.state = state if state is not None else initial_state(level, seed, difficulty)
        self.turn_start = self.state.copy()
        self.issued: list[C.Command] = []
        self.turn_outcomes: list[Outcome] = []
        self.news: list[Outcome] = []
        self.records: list[TurnRecord] = []
        # Last turn's start and the player's commands in it: the state the AI then scored,
        # rebuilt only when the player asks why an AI acted.
        self.last_start: GameState | None = None
        self.last_issued: list[C.Command] = []
        self._scored: Ctx | None = None

    @property
    def player(self) -> str:
        return self.level.player

    @property
    def over(self) -> bool:
        return self.state.result is not None

    @property
    def rules(self) -> Rules:
        """The rule numbers this game plays by: the level's, with its difficulty's on top."""
        return rules_for(self.level, self.state.difficulty)

    def ctx(self, outcomes: list[Outcome] | None = None) -> Ctx:
        return Ctx(self.level, self.state, outcomes=outcomes)

    def date(self, turn: int | None = None) -> str:
        return date_label(self.level, self.state.turn if turn is None else turn)

    def legal_commands(self) -> list[C.Command]:
        """Every command the player may issue now, in a fixed order, each one `issue` accepts.

        Answers to pending events and offers come first, then every action toward every
        other nation (proposals without terms; aid in a few sizes), then the end of the turn.
        """
        if self.over:
            return []
        return actions.legal_commands(self.ctx(), self.player, self.issued)

    def menu(self, target: str) -> list[actions.MenuRow]:
        """The player's commands toward `target` (or at home), legal or not, with reasons."""
        return actions.menu(self.ctx(), self.player, target, self.issued)

    def preview(self, cmd: C.Command) -> list[Line]:
        """What a command would do now, in the player's words (effects, chances, promises)."""
        return actions.of(cmd).preview(self.ctx(), cmd)

    def tension_line(self, cmd: C.Command) -> Line | None:
        """The command's share of world tension at the turn's end, if it has one."""
        shift = self.tension_shift(cmd)
        if abs(shift) < 0.05:
            return None
        return Line(f"World tension {shift:+.1f} at the turn's end", -1 if shift > 0 else 1)

    def tension_shift(self, cmd: C.Command) -> float:
        """How far world tension would move at the turn's end because of `cmd` alone: its
        own changes to pair tension, tried on a copy (chances such as incidents aside)."""
        if self.reasons(cmd):
            return 0.0
        trial = Ctx(self.level, self.state.copy())
        actions.apply(trial, cmd)
        return drift.tension_shift(
            self.ctx(), tension_log.changes(trial.state, actions.cause_of(cmd))
        )

    def reasons(self, cmd: C.Command) -> list[str]:
        """Why a command would be refused now (empty if it would be accepted)."""
        if cmd.actor != self.player:
            return [f"you play {self.player}, not {cmd.actor}"]
        return actions.check(self.ctx(), cmd, self.issued)

    def issue(self, cmd: C.Command) -> Result:
        """Carry out a player command now, or refuse it with every reason."""
        if isinstance(cmd, EndTurn):
            why = self.reasons(cmd)
            if why:
                return Refused(tuple(why))
            return Accepted(tuple(self.end_turn()))
        why = self.reasons(cmd)
        if why:
            return Refused(tuple(why))
        out: list[Outcome] = []
        actions.apply(self.ctx(out), cmd)
        self.issued.append(cmd)
        self.turn_outcomes.extend(out)
        return Accepted(tuple(out))

    def undo(self) -> C.Command | None:
        """Take back the last command of this turn by replaying the others from the turn's start."""
        if not self.issued:
            return None
        last = self.issued[-1]
        keep = self.issued[:-1]
        self.state = self.turn_start.copy()
        self.issued, self.turn_outcomes = [], []
        for cmd in keep:
            self.issue(cmd)
        return last

    def end_turn(self) -> list[Outcome]:
        out: list[Outcome] = []
        ctx = self.ctx(out)
        ctx.earlier = tuple(self.turn_outcomes)
        ai_cmds = end_of_turn(ctx)
        self.issued.append(EndTurn(self.player))
        parts = self.state.part_hashes()
        record = TurnRecord(
            turn=self.state.turn - 1,
            commands=[c.to_dict() for c in self.issued],
            ai_commands=[c.to_dict() for c in ai_cmds],
            outcomes=[o.to_dict() for o in self.turn_outcomes + out],
            state_hash=self.state.state_hash(parts),
            parts=parts,
        )
        self.records.append(record)
        self.news = out
        self.last_start, self.last_issued = self.turn_start, self.issued[:-1]
        self._scored = None
        self.issued, self.turn_outcomes = [], []
        self.turn_start = self.state.copy()
        return out

    def explain(self, o: Outcome) -> list[str]:
        """What a news line about an AI's act opens into: its aim, the top factors of its
        utility and, for a proposal, the ledger (empty for other news)."""
        why = why_of(o)
        if why is None:
            return []
        if self._scored is None and self.last_start is not None:
            ctx = Ctx(self.level, self.last_start.copy())
            for cmd in self.last_issued:
                actions.apply(ctx, cmd)
            self._scored = ctx
        return explain.reason_lines(self._scored, why)

    def autoplay(self) -> list[C.Command]:
        """Let the AI play the player's seat for this turn (answers first, then actions)."""
        ctx = self.ctx()
        played: list[C.Command] = []
        for cmd in ai.answer_for(ctx, self.player):
            if isinstance(self.issue(cmd), Accepted):
                played.append(cmd)
        played += self._join_goal_blocs()
        look = ai.Outlook.of(self.ctx(), [self.player])
        for cand in ai.candidates(self.ctx(), self.player, look):
            # Like a player, the seat acts while its capital lasts (answers cost nothing).
            if int(self.state.capital[self.state.idx(self.player)]) <= 0:
                break
            cmd = cand.command
            kind = getattr(cmd, "kind", None)
            if kind is not None and not self.would_sign(getattr(cmd, "target", ""), kind):
                continue
            if isinstance(self.issue(cand.command), Accepted):
                played.append(cand.command)
        # An action can raise an event at once (an incident during an exercise): answer it too.
        for cmd in ai.answer_for(self.ctx(), self.player):
            if isinstance(self.issue(cmd), Accepted):
                played.append(cmd)
        return played

    def _join_goal_blocs(self) -> list[C.Command]:
        """The seat's first moves: the agreements its victory goals count (`alliance_size(
        player, "k")`, `has_agreement(player, X, "k")`), proposed to every nation that would
        sign them now."""
        kinds = sorted(
            {
                str(args[-1])
                for g in self.level.victory
                for name, args in g.when.calls
                if name in ("alliance_size", "alliance_interop", "has_agreement")
                and args
                and isinstance(args[-1], str)
            }
            & {k.id for k in self.level.agreement_kinds}
        )
        played: list[C.Command] = []
        legal = PROPOSAL.legal
        assert legal is not None
        seat = np.array([self.state.idx(self.player)])
        for kind in kinds:
            # Which nations `check` could accept the proposal to, found at once (it is asked
            # again for each of them); a proposal carried out changes that.
            open_to = legal(self.ctx(), seat, {"kind": kind})[0]
            for j, other in enumerate(self.state.ids):
                if not open_to[j] or other == self.player:
                    continue
                cmd = ProposeAgreement(self.player, other, kind)
                if self.reasons(cmd):
                    continue
                if not self.would_sign(other, kind):
                    continue
                if isinstance(self.issue(cmd), Accepted):
                    played.append(cmd)
                    open_to = legal(self.ctx(), seat, {"kind": kind})[0]
        return played

    def would_sign(self, target: str, kind: str) -> bool:
        """`target` accepts the agreement and the members of any bloc it extends consent."""
        if not self.verdict(target, kind).accepted:
            return False
        return first_objection(self.ctx(), self.player, target, kind) is None

    def verdict(self, target: str, kind: str, terms: tuple[tuple[str, int], ...] = ()) -> Verdict:
        """The other side's ledger for a proposal, before it is sent."""
        return judge(self.level, self.state, self.player, target, kind, terms)

    def cost(self, cmd: C.Command) -> actions.Cost:
        return actions.cost_of(self.ctx(), cmd)
