"""Typed models of what a save holds, with bounds: a save is checked through them before use.

Every number is finite (the JSON reader refuses the rest) and within a range the rules can
hold, every list within the lengths of the largest game, and every nation, event, threat and
agreement kind a save names exists: in the save's own list of nations (`check_snapshot`) or
in the level it is restored on (`check_against_level`).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.core.defs import LevelDef
from game.core.state import INT_NATION_ARRAYS, INT_PAIR_ARRAYS, NATION_ARRAYS, PAIR_ARRAYS
from game.saves.container import MAX_NATIONS, MAX_TURNS

# Grid numbers (hundredths) of any quantity the rules keep: budgets and scores grow, so the
# bound is wide, but far inside int64 and float precision.
BIG = 10**12
MAX_TEXT = 10_000
MAX_ITEMS = 100_000

Int = Annotated[int, Field(ge=-BIG, le=BIG)]
Count = Annotated[int, Field(ge=0, le=BIG)]
Num = Annotated[float, Field(ge=-BIG, le=BIG, allow_inf_nan=False)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Id = Annotated[str, Field(min_length=1, max_length=200)]
Turn = Annotated[int, Field(ge=0, le=MAX_TURNS * 2)]
Term = list[Annotated[str | int | float | bool | None, Field(union_mode="left_to_right")]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Agreement(_Strict):
    id: Count
    kind: Id
    members: Annotated[list[Id], Field(min_length=1, max_length=MAX_NATIONS)]
    start_turn: Turn
    terms: Annotated[list[Term], Field(max_length=1000)] = []
    joined: Annotated[dict[Id, Turn], Field(max_length=MAX_NATIONS)] = {}


class _Promise(_Strict):
    id: Count
    promiser: Id
    promisee: Id
    kind: Id
    amount: Num
    baseline: Num
    made_turn: Turn
    deadline: Turn
    status: Annotated[str, Field(pattern="^(open|kept|broken)$")] = "open"
    progress: Num = 0.0


class _Project(_Strict):
    id: Count
    kind: Id
    a: Id
    b: Id
    turns_left: Annotated[int, Field(ge=0, le=MAX_TURNS)]
    gain: Num
    cost: Num


class _PendingEvent(_Strict):
    key: Count
    event: Id
    nation: Id
    target: Id | None
    turn: Turn


class _Offer(_Strict):
    key: Count
    proposer: Id
    responder: Id
    kind: Id
    terms: Annotated[list[Term], Field(max_length=1000)]
    turn: Turn
    counter: bool = False


class _Scheduled(_Strict):
    turn: Turn
    event: Id
    nation: Id
    target: Id | None


class _Threat(_Strict):
    id: Id
    level: Num
    growth: Num


class _Request(_Strict):
    key: Count
    kind: Id
    asker: Id
    asked: Id
    turn: Turn
    amount: Num = 0.0
    about: Annotated[str, Field(max_length=200)] = ""
    rival: Annotated[str, Field(max_length=200)] = ""
    status: Annotated[str, Field(pattern="^(open|accepted|refused|lapsed)$")] = "open"
    answered: Int = -1


class SnapshotModel(_Strict):
    """A `GameState.to_snapshot()` dict."""

    ids: Annotated[list[Id], Field(min_length=1, max_length=MAX_NATIONS)]
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)]
    turn: Turn
    arrays: dict[str, list[Int] | list[list[Int]]]
    positions: list[Annotated[list[Int], Field(max_length=1000)]]
    government: list[Text]
    leader: list[Text]
    agreements: Annotated[list[_Agreement], Field(max_length=MAX_ITEMS)]
    promises: Annotated[list[_Promise], Field(max_length=MAX_ITEMS)]
    projects: Annotated[list[_Project], Field(max_length=MAX_ITEMS)]
    pending: Annotated[list[_PendingEvent], Field(max_length=MAX_ITEMS)]
    offers: Annotated[list[_Offer], Field(max_length=MAX_ITEMS)]
    scheduled: Annotated[list[_Scheduled], Field(max_length=MAX_ITEMS)]
    threats: Annotated[list[_Threat], Field(max_length=MAX_ITEMS)]
    flags: dict[Id, Int | Num | bool | Text]
    last_fired: dict[Id, Turn]
    fired_count: dict[Id, Count]
    world_tension: Num
    difficulty: Annotated[str, Field(pattern="^(easy|normal|hard)$")] = "normal"
    refusals: Annotated[
        dict[Annotated[str, Field(max_length=401)], Turn], Field(max_length=BIG)
    ] = {}
    requests: Annotated[list[_Request], Field(max_length=MAX_ITEMS)] = []
    threat_bands: Annotated[dict[Id, Int], Field(max_length=MAX_ITEMS)] = {}
    next_key: Count
    result: Annotated[str, Field(pattern="^(victory|defeat|ended)$")] | None
    result_text: Text
    score: Num
    history: Annotated[list[dict[Id, Num]], Field(max_length=MAX_TURNS * 2)]


class SnapshotProblem(ValueError):
    """A snapshot that the rules cannot hold; the message names the first problem."""


def check_snapshot(snapshot: Any) -> None:
    """Check a snapshot's types, bounds, shapes and the nations it names; raise SnapshotProblem."""
    try:
        m = SnapshotModel.model_validate(snapshot)
    except ValidationError as exc:
        raise SnapshotProblem(describe(exc)) from None
    n = len(m.ids)
    ids = set(m.ids)
    if len(ids) != n:
        raise SnapshotProblem("ids: a nation is listed twice")
    want = {*NATION_ARRAYS, *PAIR_ARRAYS, *INT_NATION_ARRAYS, *INT_PAIR_ARRAYS}
    if set(m.arrays) != want:
        odd = sorted(set(m.arrays) ^ want)
        raise SnapshotProblem(f"arrays: {', '.join(odd)} missing or unknown")
    for name, values in m.arrays.items():
        square = name in PAIR_ARRAYS or name in INT_PAIR_ARRAYS
        ok = len(values) == n and all(
            isinstance(v, list) == square and (not square or len(v) == n)  # type: ignore[arg-type]
            for v in values
        )
        if not ok:
            shape = f"{n}x{n}" if square else f"{n}"
            raise SnapshotProblem(f"arrays.{name}: not {shape} numbers for {n} nations")
    widths = {len(p) for p in m.positions}
    if len(m.positions) != n or len(widths) > 1:
        raise SnapshotProblem(f"positions: not one equal-length row for each of {n} nations")
    if len(m.government) != n or len(m.leader) != n:
        raise SnapshotProblem(f"government, leader: not one for each of {n} nations")
    named = [
        *((f"agreements[{k}].members", x) for k, a in enumerate(m.agreements) for x in a.members),
        *(
            (f"promises[{k}]", x)
            for k, p in enumerate(m.promises)
            for x in (p.promiser, p.promisee)
        ),
        *((f"projects[{k}]", x) for k, p in enumerate(m.projects) for x in (p.a, p.b)),
        *(
            (f"pending[{k}]", x)
            for k, p in enumerate(m.pending)
            for x in (p.nation, p.target)
            if x is not None
        ),
        *((f"offers[{k}]", x) for k, o in enumerate(m.offers) for x in (o.proposer, o.responder)),
        *(
            (f"requests[{k}]", x)
            for k, q in enumerate(m.requests)
            for x in (q.asker, q.asked, q.rival)
            if x
        ),
        *(
            (f"scheduled[{k}]", x)
            for k, s in enumerate(m.scheduled)
            for x in (s.nation, s.target)
            if x is not None
        ),
    ]
    for k, a in enumerate(m.agreements):
        if not set(a.joined) <= set(a.members):
            raise SnapshotProblem(f"agreements[{k}].joined: names a nation not among its members")
    for key in m.refusals:
        pair = key.split(">")
        if len(pair) != 2:
            raise SnapshotProblem(f"refusals: {key[:40]!r} is not 'proposer>responder'")
        named += [("refusals", x) for x in pair]
    for where, nation in named:
        if nation not in ids:
            raise SnapshotProblem(f"{where}: unknown nation {nation[:40]!r}")


def check_against_level(snapshot: dict[str, Any], level: LevelDef) -> None:
    """Check that the events, threats and agreement kinds a snapshot names are the level's."""
    events = {e.id for e in level.events}
    threats = {t.id for t in level.threats}
    kinds = {k.id for k in level.agreement_kinds}
    for group in ("pending", "scheduled"):
        for k, p in enumerate(snapshot[group]):
            if p["event"] not in events:
                raise SnapshotProblem(f"{group}[{k}]: unknown event {p['event'][:40]!r}")
    for k, t in enumerate(snapshot["threats"]):
        if t["id"] not in threats:
            raise SnapshotProblem(f"threats[{k}]: unknown threat {t['id'][:40]!r}")
    for group in ("agreements", "offers"):
        for k, a in enumerate(snapshot[group]):
            if kinds and a["kind"] not in kinds:
                raise SnapshotProblem(f"{group}[{k}]: unknown agreement kind {a['kind'][:40]!r}")


def describe(err: ValidationError) -> str:
    """The first problem of a validation error as one line, with how many more there are."""
    problems = err.errors()
    first = problems[0]
    where = ""
    for part in first["loc"]:
        where += f"[{part}]" if isinstance(part, int) else f"{'.' if where else ''}{part}"
    text = f"{where or 'save'}: {first['msg'][:1].lower()}{first['msg'][1:]}"
    if len(problems) > 1:
        text += f"; {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''}"
    return text
