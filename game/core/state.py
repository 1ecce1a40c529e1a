"""The game state: per-nation and pairwise numpy arrays plus plain records."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any, TypeVar

import numpy as np

from game.core.commands import field_names
from game.core.defs import LevelDef
from game.core.difficulty import rules_for
from game.core.world_tension import settled

_T = TypeVar("_T")

GRID = 100  # numbers live on a grid of 1/100, so a state hash is the same on every machine

NATION_ARRAYS = ("approval", "stability", "budget", "reputation", "military", "economy")
PAIR_ARRAYS = ("trust", "grievance", "equipment", "doctrine", "communications", "tension")
INT_NATION_ARRAYS = ("capital", "next_election", "party")
INT_PAIR_ARRAYS = ("last_exercise",)


def quantize(a: np.ndarray) -> np.ndarray:
    """Round in place to the fixed grid (IEEE rounding: identical everywhere)."""
    a.round(2, out=a)
    return a


def qf(x: float) -> float:
    """Round one number to the fixed grid."""
    return round(x * GRID) / GRID


@dataclass
class AgreementState:
    id: int
    kind: str
    members: list[str]
    start_turn: int
    terms: list[list[Any]] = field(default_factory=list)
    joined: dict[str, int] = field(default_factory=dict)  # members who joined after the start

    def since(self, member: str) -> int:
        """The turn `member` came into this agreement."""
        return self.joined.get(member, self.start_turn)


@dataclass
class PromiseState:
    id: int
    promiser: str
    promisee: str
    kind: str  # "exercise", "defence" or "aid"
    amount: float
    baseline: float
    made_turn: int
    deadline: int
    status: str = "open"  # "open", "kept" or "broken"
    progress: float = 0.0


@dataclass
class ProjectState:
    id: int
    kind: str  # "training" or "tech_transfer"
    a: str
    b: str
    turns_left: int
    gain: float
    cost: float


@dataclass
class PendingEvent:
    key: int
    event: str
    nation: str
    target: str | None
    turn: int


@dataclass
class PendingOffer:
    key: int
    proposer: str
    responder: str
    kind: str
    terms: list[list[Any]]
    turn: int
    # A counter-offer: `proposer` would sign if `responder` gave these terms (all of them,
    # its own first offer included); it lapses at the end of the turn it was made.
    counter: bool = False


@dataclass
class RequestState:
    """An ask (one nation asks another for something) or a call to honour a pact.

    `about` is the agreement kind a call or a "drop" ask concerns; `rival` the third nation
    (the rival to drop, or the threat's source or the incident's other side for a call).
    """

    key: int
    kind: str
    asker: str
    asked: str
    turn: int
    amount: float = 0.0
    about: str = ""
    rival: str = ""
    status: str = "open"  # "open", "accepted", "refused" or "lapsed"
    answered: int = -1  # the turn it was answered


@dataclass
class ScheduledEvent:
    turn: int
    event: str
    nation: str
    target: str | None


@dataclass
class ThreatState:
    id: str
    level: float
    growth: float


@dataclass
class GameState:
    """Everything that changes during a game. Arrays are indexed by nation order of the level."""

    ids: list[str]
    seed: int
    turn: int
    arrays: dict[str, np.ndarray]
    positions: np.ndarray  # nation x axis, -1..1
    government: list[str]
    leader: list[str]
    agreements: list[AgreementState] = field(default_factory=list)
    promises: list[PromiseState] = field(default_factory=list)
    projects: list[ProjectState] = field(default_factory=list)
    pending: list[PendingEvent] = field(default_factory=list)
    offers: list[PendingOffer] = field(default_factory=list)
    scheduled: list[ScheduledEvent] = field(default_factory=list)
    threats: list[ThreatState] = field(default_factory=list)
    flags: dict[str, int] = field(default_factory=dict)
    last_fired: dict[str, int] = field(default_factory=dict)
    fired_count: dict[str, int] = field(default_factory=dict)
    world_tension: float = 0.0
    difficulty: str = "normal"
    # "proposer>responder" -> the last turn the responder refused the proposer.
    refusals: dict[str, int] = field(default_factory=dict)
    # Asks and calls to honour a pact: open ones, and answered ones kept a while for cooldowns.
    requests: list[RequestState] = field(default_factory=list)
    # Threat id -> the band of its level last turn (a new, higher band is an escalation).
    threat_bands: dict[str, int] = field(default_factory=dict)
    next_key: int = 1
    result: str | None = None
    result_text: str = ""
    score: float = 0.0
    history: list[dict[str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.arrays = _Arrays(self.arrays, self)
        # `idx` is called more than anything else on the state: let it be the index's own
        # lookup, with no Python call around it (the method below says what it does).
        self.__dict__["idx"] = self.index.__getitem__
        self._repack()

    def _repack(self) -> None:
        # The float arrays live in two buffers (per nation, per pair), so that rounding,
        # copying and hashing them takes one numpy call each instead of one per array.
        n = len(self.ids)
        bufs = (_pack(self.arrays, NATION_ARRAYS, (n,)), _pack(self.arrays, PAIR_ARRAYS, (n, n)))
        views = tuple((name, self.arrays[name]) for name in NATION_ARRAYS + PAIR_ARRAYS)
        self.__dict__["_packed"] = (bufs, views)

    def __getattr__(self, name: str) -> np.ndarray:
        # Arrays read as attributes (state.trust) keep rule code short; the common ones are
        # plain attributes (`_Arrays`), so this slower path is only a fallback.
        arrays = self.__dict__.get("arrays")
        if arrays is not None and name in arrays:
            return arrays[name]  # type: ignore[no-any-return]
        raise AttributeError(name)

    @property
    def n(self) -> int:
        return len(self.ids)

    @cached_property
    def index(self) -> dict[str, int]:
        """Nation id -> position in every array (a lookup, never hashed or saved)."""
        return {nid: i for i, nid in enumerate(self.ids)}

    def idx(self, nation_id: str) -> int:
        """The position of a nation in every array (`index`)."""
        return self.index[nation_id]

    def new_key(self) -> int:
        k = self.next_key
        self.next_key += 1
        return k

    def copy(self) -> GameState:
        return GameState(
            ids=list(self.ids),
            seed=self.seed,
            turn=self.turn,
            arrays=self._copy_arrays(),
            positions=self.positions.copy(),
            government=list(self.government),
            leader=list(self.leader),
            agreements=[
                AgreementState(
                    a.id, a.kind, list(a.members), a.start_turn, _terms(a.terms), dict(a.joined)
                )
                for a in self.agreements
            ],
            promises=[_clone(p) for p in self.promises],
            projects=[_clone(p) for p in self.projects],
            pending=[_clone(p) for p in self.pending],
            offers=[dataclasses.replace(o, terms=_terms(o.terms)) for o in self.offers],
            scheduled=[_clone(x) for x in self.scheduled],
            threats=[_clone(t) for t in self.threats],
            flags=dict(self.flags),
            last_fired=dict(self.last_fired),
            fired_count=dict(self.fired_count),
            world_tension=self.world_tension,
            difficulty=self.difficulty,
            refusals=dict(self.refusals),
            requests=[_clone(q) for q in self.requests],
            threat_bands=dict(self.threat_bands),
            next_key=self.next_key,
            result=self.result,
            result_text=self.result_text,
            score=self.score,
            history=list(self.history),  # entries are written once and never changed
        )

    def _copy_arrays(self) -> dict[str, np.ndarray]:
        arrays = {k: v.copy() for k, v in self.arrays.items() if k not in _PACKED}
        for names, buf in zip((NATION_ARRAYS, PAIR_ARRAYS), self._bufs, strict=True):
            fresh = buf.copy()
            arrays.update(zip(names, fresh, strict=True))
        return arrays

    @property
    def _bufs(self) -> tuple[np.ndarray, np.ndarray]:
        """The two buffers, packed again if an array was replaced rather than changed in place."""
        bufs, views = self.__dict__["_packed"]
        arrays = self.arrays
        for name, view in views:
            if arrays[name] is not view:
                self._repack()
                return self.__dict__["_packed"][0]  # type: ignore[no-any-return]
        return bufs  # type: ignore[no-any-return]

    def quantize(self) -> None:
        for buf in self._bufs:
            quantize(buf)
        quantize(self.positions)
        self.world_tension = qf(self.world_tension)
        for t in self.threats:  # as `qf` does, without a call per number
            t.level = round(t.level * GRID) / GRID
            t.growth = round(t.growth * GRID) / GRID

    def agreements_of(self, nation: str) -> list[AgreementState]:
        """The agreements `nation` is in, in the order of `agreements`."""
        return list(self._membership().get(nation, ()))

    def agreement_of(self, nation: str, kind: str) -> AgreementState | None:
        """The first agreement of `kind` that `nation` is in (None: none)."""
        for a in self._membership().get(nation, ()):
            if a.kind == kind:
                return a
        return None

    def _membership(self) -> dict[str, list[AgreementState]]:
        """Nation id -> its agreements in order: a lookup that joins and departures change in
        place (`agreements_changed`) and that is made anew after any other change of the list;
        never hashed or saved."""
        kept: _Membership | None = self.__dict__.get("_members_of")
        agreements = self.agreements  # the stamp (`agreements_stamp`) without a call
        if kept is None or kept.stamp != (
            self.__dict__.get("_changes", 0),
            id(agreements),
            len(agreements),
        ):
            kept = self.__dict__["_members_of"] = _Membership.of_state(self)
        return kept.of

    @property
    def agreements_stamp(self) -> tuple[int, int, int]:
        """Changes whenever the agreements or their members may have: a `memo` stamp."""
        return (self.__dict__.get("_changes", 0), id(self.agreements), len(self.agreements))

    def _membership_joined(self, agreement: AgreementState, joined: tuple[str, ...]) -> None:
        """Extend the membership lookup by `joined` nations of `agreement` (new, appended to
        `agreements`, or grown), if the lookup was current before this change."""
        kept: _Membership | None = self.__dict__.pop("_members_of", None)
        if kept is None:
            return
        changes, ident, length = kept.stamp
        now = self.agreements_stamp
        appended = length + 1 == now[2] and self.agreements[-1] is agreement
        if changes + 1 != now[0] or ident != now[1] or not (length == now[2] or appended):
            return
        if appended:
            kept.place(agreement)
        at = kept.order[id(agreement)]
        for nid in joined:
            mine = kept.of.setdefault(nid, [])
            k = len(mine)
            while k and kept.order[id(mine[k - 1])] > at:
                k -= 1
            mine.insert(k, agreement)
        kept.stamp = now
        self.__dict__["_members_of"] = kept

    def _membership_left(
        self, agreement: AgreementState, nation: str, dissolved: tuple[AgreementState, ...]
    ) -> None:
        """Shrink the membership lookup: `nation` left `agreement`, and the `dissolved` ones
        left the list, if the lookup was current before this change."""
        kept: _Membership | None = self.__dict__.pop("_members_of", None)
        if kept is None:
            return
        changes, ident, length = kept.stamp
        now = self.agreements_stamp
        # A new list exactly when some agreement dissolved and was dropped.
        new_list = ident != now[1]
        current = changes + 1 == now[0] and length == now[2] + len(dissolved)
        if not current or new_list != bool(dissolved):
            return
        for member, gone in ((nation, agreement), *((m, d) for d in dissolved for m in d.members)):
            mine = kept.of.get(member, [])
            mine[:] = [a for a in mine if a is not gone]
        kept.stamp = now
        self.__dict__["_members_of"] = kept

    def note_refusal(self, asker: str, asked: str, cooldown: int) -> None:
        """`asked` said no to `asker` (or let its offer lapse): asking again within
        `cooldown` turns is held against the asker, and no AI asks again sooner. A no soon
        after the last one (within three cooldowns of its mark) moves the mark two cooldowns
        on: a nation that is asked again as soon as it may be, and refuses again, is left
        alone three times as long."""
        key = f"{asker}>{asked}"
        last = self.refusals.get(key)
        repeat = last is not None and self.turn - last <= 3 * cooldown
        self.refusals[key] = self.turn + 2 * cooldown if repeat else self.turn

    def refused_recently(self, asker: str, asked: str, cooldown: int) -> bool:
        """Whether `asked`'s last no to `asker` still counts against it (`note_refusal`)."""
        last = self.refusals.get(f"{asker}>{asked}")
        return last is not None and self.turn - last < cooldown

    def agreement_count(self, nation: str) -> int:
        return len(self._membership().get(nation, ()))

    def agreement_counts(self) -> np.ndarray:
        """How many agreements each nation is in, in nation order."""
        of = self._membership()
        return np.array([len(of.get(x, ())) for x in self.ids], dtype=np.float64)

    def project_running(self, kind: str, a: str, b: str) -> bool:
        """A project of `kind` between the two nations (either way round) is under way."""
        slot = self.__dict__.get("_running")
        if slot is None or slot[0] is not self.projects or slot[1] > len(self.projects):
            slot = self.__dict__["_running"] = [self.projects, 0, set()]
        if slot[1] < len(self.projects):  # projects are only ever appended to a list
            slot[2].update((p.kind, *sorted((p.a, p.b))) for p in self.projects[slot[1] :])
            slot[1] = len(self.projects)
        return (kind, *sorted((a, b))) in slot[2]

    def promises_of(self, promiser: str) -> list[PromiseState]:
        """The promises `promiser` made that are still on record, in order (any status)."""
        slot = self.__dict__.get("_promisers")
        if slot is None or slot[0] is not self.promises or slot[1] > len(self.promises):
            slot = self.__dict__["_promisers"] = [self.promises, 0, {}]
        if slot[1] < len(self.promises):  # promises are appended; a new list is made to drop some
            for p in self.promises[slot[1] :]:
                slot[2].setdefault(p.promiser, []).append(p)
            slot[1] = len(self.promises)
        return slot[2].get(promiser, [])  # type: ignore[no-any-return]

    def has_agreement(self, a: str, b: str, kind: str | None = None) -> bool:
        m = self.partners().get(kind)
        if m is None:
            return False
        index = self.index
        i, j = index.get(a), index.get(b)
        return i is not None and j is not None and bool(m[i, j])

    def partners(self) -> dict[str | None, np.ndarray]:
        """Read-only boolean matrices: two nations share an agreement of a kind (`None`: any).

        A lookup kept up to date as nations join and rebuilt after one leaves; never hashed
        or saved. A join changes the matrices in place (a copy per join would cost N² each),
        so read them, do not keep them across a change of agreements.
        """
        slot = self.__dict__.get("_partners")
        if slot is None or slot[0] != len(self.agreements):
            slot = (len(self.agreements), _partner_matrices(self))
            self.__dict__["_partners"] = slot
        return slot[1]

    def agreements_changed(
        self,
        kind: str | None = None,
        members: list[str] | None = None,
        joined: tuple[str, ...] = (),
        left: tuple[str, ...] = (),
        agreement: AgreementState | None = None,
        dissolved: tuple[AgreementState, ...] = (),
    ) -> None:
        """Keep the lookups right: extend them when `members` of `kind` joined (`agreement`,
        new or grown), else drop them.

        `left` names each nation that is in one agreement fewer (the partner matrices are
        rebuilt when next read): first the one that walked out of `agreement`
        (if given), then the last members of the agreements that `dissolved` and were dropped
        from the list.
        """
        self.__dict__["_changes"] = self.__dict__.get("_changes", 0) + 1
        if joined and agreement is not None:
            self._membership_joined(agreement, joined)
        elif left and agreement is not None:
            self._membership_left(agreement, left[0], dissolved)
        if not joined:
            self.__dict__["_departures"] = self.departures + 1
        slot = self.__dict__.get("_partners")
        if slot is not None and kind is not None and members is not None and joined:
            every: dict[str | None, np.ndarray] = slot[1]
            n, index = self.n, self.index
            group = [index[m] for m in members]
            rows = [index[nid] for nid in joined]
            # A row and a column for each nation that joined, as places in the flat matrix
            # (one numpy call sets them all).
            cells = np.array(
                [i * n + g for i in rows for g in group] + [g * n + i for i in rows for g in group],
                dtype=np.intp,
            )
            own = np.array([i * (n + 1) for i in rows], dtype=np.intp)
            for key in (kind, None):
                m = every.get(key)
                if m is None:
                    m = every[key] = np.zeros((n, n), dtype=bool)
                m.flags.writeable = True
                flat = m.reshape(-1)  # a view: the matrices are made here, contiguous
                flat[cells] = True
                flat[own] = False
                m.flags.writeable = False
            self.__dict__["_partners"] = (len(self.agreements), every)
        else:
            self.__dict__.pop("_partners", None)

    @property
    def departures(self) -> int:
        """How many changes of agreements were not joins (a nation left, one dissolved).

        A stamp for lookups that joins only extend; never hashed or saved.
        """
        return int(self.__dict__.get("_departures", 0))

    def memo(self, key: str, stamp: Any, make: Any) -> Any:
        """A derived value cached on the state until `stamp` changes; never hashed or saved."""
        slot = self.__dict__.get("_memo_" + key)
        if slot is not None and slot[0] == stamp:
            return slot[1]
        value = make()
        self.__dict__["_memo_" + key] = (stamp, value)
        return value

    def memo_slot(self, key: str) -> tuple[Any, Any] | None:
        """The (stamp, value) `memo` last made for `key`, whatever the stamp (None: none)."""
        slot = self.__dict__.get("_memo_" + key)
        return None if slot is None else (slot[0], slot[1])

    def memoized(self, key: str, stamp: Any) -> Any:
        """The value `memo` holds for `key` if made at `stamp`, else None (never makes one)."""
        slot = self.__dict__.get("_memo_" + key)
        return slot[1] if slot is not None and slot[0] == stamp else None

    def pair_values(self, rows: np.ndarray, col: int) -> np.ndarray:
        """Every pair array (in PAIR_ARRAYS order) at `[rows, col]`, in one gather."""
        return self._bufs[1][:, rows, col]

    def interop(self, rules_w: tuple[float, float, float]) -> np.ndarray:
        we, wd, wc = rules_w
        return we * self.equipment + wd * self.doctrine + wc * self.communications

    # -- hashing and snapshots -------------------------------------------------

    def _part_chunks(self) -> dict[str, Iterable[Any]]:
        """Canonical bytes of each part of the state (integers only, fixed order), in pieces.

        Arrays stay arrays: hashing them piece by piece avoids copying them into one string.
        The float arrays come in blocks that share one buffer (`_hundredths`): take each
        piece in turn, as `part_hashes` does, and never keep one.
        """
        nation_buf, pair_buf = self._bufs
        nations = itertools.chain(
            _hundredths(nation_buf),  # the NATION_ARRAYS one after another
            [self.arrays[k].astype("<i8") for k in INT_NATION_ARRAYS],
            _hundredths(self.positions),
            [_canon([self.ids, self.government, self.leader])],
        )
        relations = itertools.chain(
            _hundredths(pair_buf),  # the PAIR_ARRAYS one after another
            [self.arrays[k].astype("<i8") for k in INT_PAIR_ARRAYS],
            [
                _canon(
                    [
                        _i(self.world_tension),
                        [[t.id, _i(t.level), _i(t.growth)] for t in self.threats],
                    ]
                )
            ],
        )
        records = _canon(
            [
                [_fields(a) for a in self.agreements],
                [_record(p) for p in self.promises],
                [_record(p) for p in self.projects],
                sorted(self.refusals.items()),
            ]
        )
        events = _canon(
            [
                [_fields(p) for p in self.pending],
                [_fields(o) for o in self.offers],
                [_fields(s) for s in self.scheduled],
                sorted(self.flags.items()),
                sorted(self.last_fired.items()),
                sorted(self.fired_count.items()),
            ]
        )
        if self.requests or self.threat_bands:  # a game without them hashes as it did before
            events = events + _canon(
                [[_record(q) for q in self.requests], sorted(self.threat_bands.items())]
            )
        meta = [self.seed, self.turn, self.next_key, self.result, _i(self.score)]
        if self.difficulty != "normal":
            meta.append(self.difficulty)  # a Normal game hashes as it did before there were others
        meta_bytes = _canon(meta)
        return {
            "nations": nations,
            "relations": relations,
            "agreements": [records],
            "events": [events],
            "meta": [meta_bytes],
        }

    def part_hashes(self) -> dict[str, str]:
        # Piece by piece: the digest of the joined bytes without joining them (tens of
        # megabytes a turn on a world of a thousand nations).
        out = {}
        for k, chunks in self._part_chunks().items():
            h = hashlib.blake2b(digest_size=16)
            for c in chunks:
                h.update(c)
            out[k] = h.hexdigest()
        return out

    def state_hash(self, parts: dict[str, str] | None = None) -> str:
        """One hash of every part (pass `parts` when they were just computed)."""
        parts = parts if parts is not None else self.part_hashes()
        return _digest("".join(f"{k}={parts[k]};" for k in sorted(parts)).encode())

    def to_snapshot(self) -> dict[str, Any]:
        """A JSON-safe snapshot; numbers on the grid are stored as integers of hundredths."""
        return {
            "ids": list(self.ids),
            "seed": self.seed,
            "turn": self.turn,
            "arrays": {
                k: (
                    v.astype(np.int64)
                    if k in INT_NATION_ARRAYS + INT_PAIR_ARRAYS
                    else np.rint(v * GRID).astype(np.int64)
                ).tolist()
                for k, v in sorted(self.arrays.items())
            },
            "positions": np.rint(self.positions * GRID).astype(np.int64).tolist(),
            "government": list(self.government),
            "leader": list(self.leader),
            "agreements": [dataclasses.asdict(a) for a in self.agreements],
            "promises": [dataclasses.asdict(p) for p in self.promises],
            "projects": [dataclasses.asdict(p) for p in self.projects],
            "pending": [dataclasses.asdict(p) for p in self.pending],
            "offers": [dataclasses.asdict(o) for o in self.offers],
            "scheduled": [dataclasses.asdict(s) for s in self.scheduled],
            "threats": [dataclasses.asdict(t) for t in self.threats],
            "flags": dict(sorted(self.flags.items())),
            "last_fired": dict(sorted(self.last_fired.items())),
            "fired_count": dict(sorted(self.fired_count.items())),
            "world_tension": self.world_tension,
            "difficulty": self.difficulty,
            "refusals": dict(sorted(self.refusals.items())),
            "requests": [dataclasses.asdict(q) for q in self.requests],
            "threat_bands": dict(sorted(self.threat_bands.items())),
            "next_key": self.next_key,
            "result": self.result,
            "result_text": self.result_text,
            "score": self.score,
            "history": self.history,
        }

    @classmethod
    def from_snapshot(cls, d: dict[str, Any]) -> GameState:
        arrays: dict[str, np.ndarray] = {}
        for k, v in d["arrays"].items():
            raw = np.array(v, dtype=np.int64)
            if k in INT_NATION_ARRAYS + INT_PAIR_ARRAYS:
                arrays[k] = raw
            else:
                arrays[k] = raw.astype(np.float64) / GRID
        n = len(d["ids"])
        positions = np.array(d["positions"], dtype=np.float64).reshape(n, -1) / GRID
        return cls(
            ids=list(d["ids"]),
            seed=int(d["seed"]),
            turn=int(d["turn"]),
            arrays=arrays,
            positions=positions,
            government=list(d["government"]),
            leader=list(d["leader"]),
            agreements=[AgreementState(**a) for a in d["agreements"]],
            promises=[PromiseState(**p) for p in d["promises"]],
            projects=[ProjectState(**p) for p in d["projects"]],
            pending=[PendingEvent(**p) for p in d["pending"]],
            offers=[PendingOffer(**o) for o in d["offers"]],
            scheduled=[ScheduledEvent(**s) for s in d["scheduled"]],
            threats=[ThreatState(**t) for t in d["threats"]],
            flags=dict(d["flags"]),
            last_fired=dict(d["last_fired"]),
            fired_count=dict(d["fired_count"]),
            world_tension=float(d["world_tension"]),
            difficulty=str(d.get("difficulty", "normal")),
            refusals={str(k): int(v) for k, v in d.get("refusals", {}).items()},
            requests=[RequestState(**q) for q in d.get("requests", [])],
            threat_bands={str(k): int(v) for k, v in d.get("threat_bands", {}).items()},
            next_key=int(d["next_key"]),
            result=d["result"],
            result_text=d["result_text"],
            score=float(d["score"]),
            history=list(d["history"]),
        )


@dataclass(eq=False)
class _Membership:
    """Each nation's agreements in list order, with every agreement's place in that order
    (places only grow: a dissolved agreement leaves a gap, a new one comes after all)."""

    stamp: tuple[int, int, int]
    of: dict[str, list[AgreementState]]
    order: dict[int, int]  # id of an agreement -> its place
    next: int

    @classmethod
    def of_state(cls, state: GameState) -> _Membership:
        of: dict[str, list[AgreementState]] = {}
        for a in state.agreements:
            for m in a.members:
                of.setdefault(m, []).append(a)
        order = {id(a): k for k, a in enumerate(state.agreements)}
        return cls(state.agreements_stamp, of, order, len(state.agreements))

    def place(self, agreement: AgreementState) -> None:
        """`agreement` was appended to the list: it comes after every other."""
        self.order[id(agreement)] = self.next
        self.next += 1


def _partner_matrices(state: GameState) -> dict[str | None, np.ndarray]:
    """One pass over the agreements builds the matrix of every kind and of all kinds."""
    n = state.n
    out: dict[str | None, np.ndarray] = {None: np.zeros((n, n), dtype=bool)}
    for a in state.agreements:
        m = out.get(a.kind)
        if m is None:
            m = out[a.kind] = np.zeros((n, n), dtype=bool)
        members = np.array([state.idx(x) for x in a.members], dtype=np.int64)
        m[members[:, None], members[None, :]] = True
    for k, m in list(out.items()):
        if k is not None:
            out[None] |= m
    for m in out.values():
        np.fill_diagonal(m, False)
        m.flags.writeable = False
    return out


_PACKED = frozenset(NATION_ARRAYS + PAIR_ARRAYS)


def _pack(
    arrays: dict[str, np.ndarray], names: tuple[str, ...], shape: tuple[int, ...]
) -> np.ndarray:
    """One float buffer holding the `names` arrays, which become views of its rows.

    Arrays that already are those rows, in order (a copy's), are kept as they are.
    """
    first = arrays[names[0]].base
    if isinstance(first, np.ndarray) and first.shape == (len(names), *shape):
        start = first.__array_interface__["data"][0]
        step = first.strides[0]
        if (
            first.dtype == np.float64
            and first.flags.c_contiguous
            and all(
                arrays[name].base is first
                and arrays[name].__array_interface__["data"][0] == start + k * step
                for k, name in enumerate(names)
            )
        ):
            return first
    buf = np.empty((len(names), *shape), dtype=np.float64)
    for k, name in enumerate(names):
        buf[k] = arrays[name]
        arrays[name] = buf[k]
    return buf


def _clone(obj: _T) -> _T:
    """A shallow copy of a record whose fields are all immutable values."""
    new = object.__new__(type(obj))
    new.__dict__ = obj.__dict__.copy()
    return new


def _terms(terms: list[list[Any]]) -> list[list[Any]]:
    """A copy of agreement terms: pairs of a term name and an amount."""
    return [list(t) for t in terms]


def _i(x: float) -> int:
    return round(x * GRID)


# How many numbers `_hundredths` turns into integers at a time.
HASH_BLOCK = 1 << 15


def _hundredths(a: np.ndarray) -> Iterator[np.ndarray]:
    """The numbers of `a` (C order) in hundredths, as little-endian 64-bit integers, block
    after block, each block in the same buffer: fresh arrays the size of the pair arrays
    (megabytes on a large world) cost more to allocate than the arithmetic done in them."""
    flat = a.reshape(-1)
    size = min(HASH_BLOCK, flat.size)
    scaled, ints = np.empty(size), np.empty(size, dtype="<i8")
    for start in range(0, flat.size, HASH_BLOCK):
        block = flat[start : start + HASH_BLOCK]
        k = len(block)
        np.multiply(block, GRID, out=scaled[:k])
        np.rint(scaled[:k], out=ints[:k], casting="unsafe")  # whole numbers already
        yield ints[:k]


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _fields(obj: Any) -> tuple[Any, ...]:
    """A record's field values in order (a tuple: the same JSON as a list)."""
    get = _GETTERS.get(type(obj))
    if get is None:
        get = _GETTERS[type(obj)] = attrgetter(*field_names(type(obj)))
    return get(obj)


def _record(obj: Any) -> list[Any]:
    """A record's field values, floats in hundredths (`_i`, written out: one call fewer for
    each of many numbers)."""
    return [round(v * GRID) if isinstance(v, float) else v for v in _fields(obj)]


# One encoder for every part: `json.dumps` with these options would make one per call.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _canon(obj: Any) -> bytes:
    """The canonical JSON of `obj` (sorted keys, no spaces), as UTF-8."""
    return _ENCODER.encode(obj).encode()


def _digest(b: bytes) -> str:
    return hashlib.blake2b(b, digest_size=16).hexdigest()


def initial_state(
    level: LevelDef, seed: int | None = None, difficulty: str = "normal"
) -> GameState:
    """The state at turn 0 of a level, at a difficulty (see `game.core.difficulty`)."""
    nations = level.nations
    n = len(nations)
    axis_ids = [a.id for a in level.axes]
    rules = level.rules
    arrays: dict[str, np.ndarray] = {}
    arrays["approval"] = np.array([x.approval for x in nations], dtype=np.float64)
    arrays["stability"] = np.array([x.stability for x in nations], dtype=np.float64)
    arrays["budget"] = np.array([x.budget for x in nations], dtype=np.float64)
    arrays["reputation"] = np.full(n, 50.0)
    arrays["military"] = np.array([x.military for x in nations], dtype=np.float64)
    arrays["economy"] = np.array([x.economy for x in nations], dtype=np.float64)
    arrays["capital"] = np.array([x.capital_points for x in nations], dtype=np.int64)
    arrays["next_election"] = np.array([x.next_election for x in nations], dtype=np.int64)
    arrays["party"] = np.zeros(n, dtype=np.int64)
    eq = np.array([x.equipment for x in nations])
    dc = np.array([x.doctrine for x in nations])
    same_eq = eq[:, None] == eq[None, :]
    same_dc = dc[:, None] == dc[None, :]
    arrays["trust"] = np.full((n, n), rules.trust_neutral)
    arrays["grievance"] = np.zeros((n, n))
    arrays["equipment"] = np.where(same_eq, 60.0, 20.0)
    arrays["doctrine"] = np.where(same_dc, 50.0, 25.0)
    arrays["communications"] = np.full((n, n), 30.0)
    arrays["tension"] = np.zeros((n, n))
    arrays["last_exercise"] = np.full((n, n), -1000, dtype=np.int64)
    index = level.nation_index()
    for r in level.relations:
        pairs = [(index[r.a], index[r.b])]
        if r.symmetric:
            pairs.append((index[r.b], index[r.a]))
        for i, j in pairs:
            for name in PAIR_ARRAYS:
                v = getattr(r, name)
                if v is not None:
                    arrays[name][i, j] = v
    for name in PAIR_ARRAYS:
        np.fill_diagonal(arrays[name], 100.0 if name != "grievance" and name != "tension" else 0.0)
    positions = np.array(
        [[x.positions.get(a, 0.0) for a in axis_ids] for x in nations], dtype=np.float64
    ).reshape(n, len(axis_ids))
    state = GameState(
        ids=[x.id for x in nations],
        seed=level.seed if seed is None else seed,
        turn=0,
        arrays=arrays,
        positions=positions,
        government=[x.government.name for x in nations],
        leader=[x.government.leader for x in nations],
        threats=[ThreatState(t.id, t.level, t.growth) for t in level.threats],
        difficulty=difficulty,
    )
    shift = float(rules_for(level, difficulty).start_trust_toward_player)
    if shift:
        p = state.idx(level.player)
        col = state.trust[:, p]
        others = np.arange(n) != p
        col[others] = np.clip(col[others] + shift, 0.0, 100.0)
    for a in level.agreements:
        state.agreements.append(
            AgreementState(id=state.new_key(), kind=a.kind, members=sorted(a.members), start_turn=0)
        )
    # The world starts where its tensions and threats put it, not calm.
    state.world_tension = settled(state.tension, (t.level for t in state.threats))
    state.quantize()
    return state


_ATTRIBUTES = frozenset(NATION_ARRAYS + PAIR_ARRAYS + INT_NATION_ARRAYS + INT_PAIR_ARRAYS)


class _Arrays(dict[str, Any]):  # of arrays (numpy is not loaded before a rule runs)
    """A state's arrays by name, each also the state's attribute of that name (state.trust),
    kept in step when an array is set here: rule code reads them very often, and a plain
    attribute reads faster than a property. Arrays are set one by one (`arrays[name] = a`)."""

    __slots__ = ("_owner",)

    def __init__(self, arrays: dict[str, np.ndarray], owner: GameState) -> None:
        super().__init__(arrays)
        self._owner = weakref.ref(owner)  # a state's arrays keep no state alive
        owner.__dict__.update((k, v) for k, v in self.items() if k in _ATTRIBUTES)

    def __setitem__(self, name: str, array: np.ndarray) -> None:
        super().__setitem__(name, array)
        owner = self._owner()
        if owner is not None and name in _ATTRIBUTES:
            owner.__dict__[name] = array
