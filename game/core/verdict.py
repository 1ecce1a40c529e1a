"""The one function that judges a proposal and explains itself with a ledger."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from game.core import derived
from game.core.defs import AgreementKindDef, LevelDef
from game.core.difficulty import rules_for
from game.core.phrasing import agreement, signed
from game.core.promises import DEFENCE_PLEDGE_TURNS, track_record
from game.core.rules import Rules
from game.core.state import GameState

# How many of a proposer's agreements count against it (`verdict_commitment` each).
COMMITMENTS_COUNTED = 8


@dataclass(frozen=True)
class Verdict:
    """Every factor of a decision, its total against the threshold, and how to flip it."""

    factors: tuple[tuple[str, float], ...]
    total: float
    threshold: float
    # What would flip the decision is worded only when asked for (the AI never asks).
    hint: Callable[[], str] = field(compare=False, repr=False)

    @cached_property
    def flip(self) -> str:
        """The smallest changes that would turn a "no" into a "yes" (or the margin of a "yes")."""
        return self.hint()

    @property
    def accepted(self) -> bool:
        return self.total >= self.threshold

    def lines(self) -> list[str]:
        return [f"{name} {signed(value, 1)}" for name, value in self.factors]

    def why(self, n: int = 2) -> str:
        """The total and the `n` factors that weigh most against (or, if none, for) it,
        named as such: the total holds the other factors too, so they need not add up."""
        against = sorted((v, k, name) for k, (name, v) in enumerate(self.factors) if v < 0)
        top = (
            against[:n]
            or sorted(
                ((-v, k, name) for k, (name, v) in enumerate(self.factors)), key=lambda x: x[:2]
            )[:n]
        )
        parts = ", ".join(f"{name} {signed(self.factors[k][1], 1)}" for _, k, name in top)
        most = "most against" if against else "most for"
        return f"ledger {signed(self.total, 1)}" + (f"; {most}: {parts}" if parts else "")


def term_values(level: LevelDef) -> dict[str, float]:
    r = level.rules
    return {
        "aid": r.term_aid,
        "defence": r.term_defence,
        "exercise": r.term_exercise,
        "concession": r.term_concession,
    }


def credibility(
    level: LevelDef,
    state: GameState,
    proposer: str,
    term: str,
    amount: int,
    responder: str | None = None,
) -> float:
    """How far a promised term is believed, from 0 to 1: the proposer's record of kept and
    broken promises, times whether it can deliver — for a defence pledge, the military its
    budget (now and the income until the pledge is due) and its capital could buy; for a
    joint exercise, a budget for the smallest one and, promised to `responder`, enough
    trust both ways to drill together. Aid and concessions are paid at once."""
    if term not in ("defence", "exercise"):
        return 1.0
    return believing(level, state, proposer, responder)(term, amount)


def believing(
    level: LevelDef, state: GameState, proposer: str, responder: str | None = None
) -> Callable[[str, int], float]:
    """`credibility` of any (term, amount) `proposer` might offer (to `responder`) in this
    state, with what it reads about the proposer worked out once."""
    r = rules_for(level, state.difficulty)
    i = state.idx(proposer)
    record = track_record(state, proposer)
    budget = state.budget.item(i)
    turns = DEFENCE_PLEDGE_TURNS
    funds = budget + turns * state.economy.item(i) * r.budget_per_economy
    buys = funds / max(r.invest_defence_cost, 1e-9)
    per_capital = max(1, int(r.number("invest_defence_capital")))
    capital = (state.capital.item(i) + turns * r.capital_per_turn) // per_capital
    strength = min(buys, capital) * r.invest_defence_gain  # what a pledge can be backed with
    exercise_short = budget < r.exercise_budget[0]
    # An exercise needs trust both ways that the two may not have yet.
    apart = False
    if responder is not None:
        j = state.idx(responder)
        apart = derived.mutual_trust_of(state, i, j) < r.exercise_min_trust

    def believed(term: str, amount: int) -> float:
        if term not in ("defence", "exercise"):
            return 1.0
        b = record
        if term == "defence" and amount > 0:
            b *= min(1.0, strength / amount)
        elif term == "exercise":
            b *= (0.5 if exercise_short else 1.0) * (0.5 if apart else 1.0)
        return _hundredths(b)

    return believed


def judge(
    level: LevelDef,
    state: GameState,
    proposer: str,
    responder: str,
    kind: str,
    terms: tuple[tuple[str, int], ...] = (),
    aff: float | None = None,
    shared: bool | None = None,
    joining: bool = False,
) -> Verdict:
    """How `responder` weighs an agreement of `kind` with `proposer` offering `terms`.

    `joining`: `responder` is already a member and weighs letting `proposer` in; the kind's
    ask and its own commitments are not in question, only the newcomer.
    """
    r = rules_for(level, state.difficulty)
    p, q = state.idx(proposer), state.idx(responder)
    kdef = level.kind(kind)
    pers = level.personality(level.nations[q].personality)
    trust = state.trust.item(q, p)
    if aff is None:
        aff = derived.affinity(level, state).item(q, p)
    if shared is None:
        shared = bool(derived.shared_threat(level, state).item(q, p))
    ledger = _ledger(
        r,
        kdef,
        (pers.trust, pers.affinity, pers.security, pers.domestic),
        _reads(level, r, state, proposer, responder, q, p, trust, aff, shared),
        _interop(state, q, p) if kdef.military else None,
        None if joining else state.agreement_count(responder),
        _offered(level, state, proposer, terms, responder),
    )
    factors: list[tuple[str, float]] = []
    tally = 0
    for name, value in ledger:
        if abs(value) >= 0.05:
            k = tenths(value)
            factors.append((name, k / 10))
            tally += k
    # A sum of tenths, counted in tenths: `round(sum(values), 1)` without the rounding.
    total = tally / 10
    # The game's difficulty sets how high a ledger the player's own proposals must reach.
    bar = float(r.verdict_player_margin) if proposer == level.player and not joining else 0.0
    return Verdict(
        tuple(factors),
        total,
        bar,
        lambda: _flip(
            level, state, proposer, responder, terms, total - bar, trust, pers.trust, kdef
        ),
    )


def _offered(
    level: LevelDef,
    state: GameState,
    proposer: str,
    terms: tuple[tuple[str, int], ...],
    responder: str | None = None,
) -> tuple[tuple[str, float], ...]:
    """Each offered term's line in the ledger and its value, as far as it is believed."""
    if not terms:
        return ()
    values = term_values(level)
    # Only promises need believing (aid and concessions are paid at once).
    believed = (
        believing(level, state, proposer, responder)
        if any(term in ("defence", "exercise") for term, _ in terms)
        else None
    )
    out = []
    for term, amount in terms:
        label = f"offered: {term} {amount}" if term != "exercise" else "offered: joint exercise"
        b = 1.0 if believed is None else believed(term, amount)
        if b < 1.0:
            label += f" (believed {b:.0%})"
        out.append((label, _term_value(values, term, amount) * b))
    return tuple(out)


def _term_value(values: dict[str, float], term: str, amount: int) -> float:
    """A term's value in a ledger, if wholly believed: aid and a pledge by their amount."""
    return values.get(term, 0.0) * (amount if term in ("aid", "defence") else 1)


# What a responder's ledger reads about a proposer: trust, shared values (affinity), a shared
# threat, grievance, the proposer's reputation, an election within two turns, a refusal within
# the cooldown, tension, whether the proposer is allied with a rival of the responder, the
# responder's approval at home.
Reads = tuple[float, float, bool, float, float, bool, bool, float, bool, float]


def _reads(
    level: LevelDef,
    r: Rules,
    state: GameState,
    proposer: str,
    responder: str,
    q: int,
    p: int,
    trust: float,
    aff: float,
    shared: bool,
) -> Reads:
    """What `responder` (nation `q`) reads about `proposer` (nation `p`), given its trust,
    their affinity and whether they share a threat."""
    return (
        trust,
        aff,
        shared,
        state.grievance.item(q, p),
        state.reputation.item(p),
        0 <= state.next_election.item(q) - state.turn <= 2,
        state.refused_recently(proposer, responder, r.proposal_cooldown),
        state.tension.item(q, p),
        _rival(level, r, state, q, p),
        state.approval.item(q),
    )


def _rival(level: LevelDef, r: Rules, state: GameState, q: int, p: int) -> bool:
    """Whether `p` shares a military agreement with a nation that responder `q` distrusts."""
    allies = _military_allies(level, state, p)
    if not allies:
        return False
    trust, least = state.trust, r.verdict_rival_trust
    return any(trust.item(q, m) < least for m in allies if m != q)


def _military_allies(level: LevelDef, state: GameState, p: int) -> list[int]:
    """The nations (in index order) that share a military agreement with nation `p`."""
    known: dict[int, list[int]] = state.memo("military_allies", state.agreements_stamp, dict)
    allies = known.get(p)
    if allies is None:
        nation, index = state.ids[p], state.index
        found = {
            index[m]
            for a in state.agreements_of(nation)
            if level.kind(a.kind).military
            for m in a.members
            if m != nation
        }
        allies = known[p] = sorted(found)
    return allies


def _interop(state: GameState, q: int, p: int) -> tuple[float, float, float]:
    return (
        state.equipment.item(q, p),
        state.doctrine.item(q, p),
        state.communications.item(q, p),
    )


def _ledger(
    r: Rules,
    kdef: AgreementKindDef,
    weights: tuple[float, float, float, float],
    reads: Reads,
    interop: tuple[float, float, float] | None,
    carried: int | None,
    offers: tuple[tuple[str, float], ...],
) -> Iterator[tuple[str, float]]:
    """Every factor of a ledger, unrounded, in the order the verdict lists them.

    `weights`: the responder's personality (trust, affinity, security, domestic); `interop`
    (equipment, doctrine, communications) for a military kind; `carried`: the agreements the
    responder already carries, None when it weighs a newcomer to its bloc (the kind's ask and
    its commitments are not in question then); `offers`: each offered term and its value.
    """
    trust, aff, shared, grievance, reputation, soon, asked, tension, rival, approval = reads
    yield "trust", (trust - r.trust_neutral) * r.verdict_trust * weights[0]
    yield "shared values", aff * r.verdict_affinity * weights[1]
    if shared:
        yield "shared threat", r.verdict_shared_threat * weights[2]
    yield "grievance", grievance * r.verdict_grievance
    yield "reputation", (reputation - 50.0) * r.verdict_reputation
    if soon:
        yield "election soon", r.verdict_election_soon * weights[3]
    if rival:
        yield "allied with our rival", r.verdict_rival_ally * weights[2]
    if carried is not None and kdef.military and approval < r.verdict_voters_approval:
        voters = (r.verdict_voters_approval - approval) * r.verdict_voters * weights[3]
        yield "our voters oppose it", voters
    if carried is not None:
        name = agreement(kdef.name)
        yield (f"{name} is a big ask" if kdef.ask > 0 else name), -kdef.ask
    if asked:
        yield "asked again too soon", r.verdict_asked_again
    if trust < kdef.min_trust:
        yield "not enough trust for this", (kdef.min_trust - trust) * r.verdict_below_min_trust
    if carried is not None:
        counted = min(carried, COMMITMENTS_COUNTED)
        yield "commitments already carried", counted * r.verdict_commitment
    yield "tension between us", tension * r.verdict_tension_with_partner
    if interop is not None:
        equipment, doctrine, communications = interop
        io = (
            r.interop_weight_equipment * equipment
            + r.interop_weight_doctrine * doctrine
            + r.interop_weight_communications * communications
        )
        yield "interoperability", (io - 30.0) * r.verdict_interop * weights[2]
    yield from offers


def tenths(value: float) -> int:
    """`round(value, 1)` counted in tenths: `tenths(v) / 10 == round(v, 1)`, to the last bit.

    `round(v, 1)` rounds the exact binary value (halves to even) by formatting it, which is
    slow; ten times the value rounded to a whole number agrees except within a hair of a
    half, where the product was itself rounded: those few are left to `round`.
    """
    ten = value * 10.0
    k = round(ten)
    if abs(ten - k) > 0.499:
        return round(round(value, 1) * 10.0)
    return k


def _hundredths(value: float) -> float:
    """`round(value, 2)` to the last bit, found as `tenths` finds a tenth: a hundred times the
    value rounded to a whole number, except within a hair of a half, and at zero (whose sign
    `round` keeps), where `round` decides."""
    hundred = value * 100.0
    k = round(hundred)
    if k == 0 or abs(hundred - k) > 0.499:
        return round(value, 2)
    return k / 100.0


def joining_totals(
    level: LevelDef, state: GameState, newcomer: str, members: Sequence[str], kind: str
) -> Iterator[float]:
    """`judge(level, state, newcomer, m, kind, joining=True).total` for each m of `members`,
    in order, each worked out only when asked for (the first refusal is often enough).

    The ledger and what it reads are `judge`'s, so the totals are `judge`'s to the last bit;
    what does not depend on the member is looked up once.
    """
    r = rules_for(level, state.difficulty)
    p = state.idx(newcomer)
    index = state.index
    kdef = level.kind(kind)
    aff = derived.affinity(level, state)
    shared = derived.shared_threat(level, state)
    weights = level.personality_weights  # trust, affinity, security, boldness, domestic
    trust = state.trust
    for member in members:
        q = index[member]
        ledger = _ledger(
            r,
            kdef,
            (weights.item(q, 0), weights.item(q, 1), weights.item(q, 2), weights.item(q, 4)),
            _reads(
                level,
                r,
                state,
                newcomer,
                member,
                q,
                p,
                trust.item(q, p),
                aff.item(q, p),
                bool(shared.item(q, p)),
            ),
            _interop(state, q, p) if kdef.military else None,
            None,
            (),
        )
        yield sum(tenths(v) for _, v in ledger if abs(v) >= 0.05) / 10


# Terms in the order a counter-offer lists them, and the most of aid or a defence pledge
# a proposal may carry (as `ProposeAgreement` checks).
TERM_ORDER = ("aid", "defence", "exercise", "concession")
MAX_TERM = 20
MAX_PLEDGE = 10  # the largest defence pledge a counter-offer asks for (the builder's too)
# Among terms of the same price, promises come first: they are paid later, if at all.
PAID_LATER = ("exercise", "defence", "concession", "aid")
EXERCISE_TURNS = 4


def _term_menu(
    level: LevelDef,
    state: GameState,
    proposer: str,
    terms: tuple[tuple[str, int], ...],
    responder: str | None = None,
) -> dict[str, list[tuple[int, int, float]]]:
    """What `proposer` can still add to `terms` this turn: for each term not yet offered,
    its amounts as (amount, ledger value in tenths, price in budget), cheapest first.

    Aid is bounded by the budget and the cap; a defence pledge counts as far as it is
    believed; a joint exercise needs the budget for the smallest one once the aid is paid.
    """
    r = rules_for(level, state.difficulty)
    budget = state.budget.item(state.idx(proposer))
    offered = {t for t, _ in terms}
    aid_paid = sum(a for t, a in terms if t == "aid")
    values = term_values(level)
    menu: dict[str, list[tuple[int, int, float]]] = {}
    believed = believing(level, state, proposer, responder)

    def worth(term: str, amount: int) -> int:  # `_offered`'s value, in tenths
        return tenths(_term_value(values, term, amount) * believed(term, amount))

    if "aid" not in offered and values["aid"] > 0:
        most = min(MAX_TERM, int(budget + 1e-9))
        menu["aid"] = _aid_menu(level)[: max(0, most)]
    if "defence" not in offered and values["defence"] > 0:
        price = r.invest_defence_cost / max(r.invest_defence_gain, 1e-9) * r.term_promise_price
        pledges = [(d, worth("defence", d), d * price) for d in range(1, MAX_PLEDGE + 1)]
        menu["defence"] = [x for x in pledges if x[1] > 0]
    if "exercise" not in offered and budget - aid_paid >= r.exercise_budget[0]:
        menu["exercise"] = [
            (
                EXERCISE_TURNS,
                worth("exercise", EXERCISE_TURNS),
                r.exercise_budget[0] * r.term_promise_price,
            )
        ]
    if "concession" not in offered and values["concession"] > 0:
        menu["concession"] = [(1, worth("concession", 1), r.concession_approval_cost)]
    return menu


def _aid_menu(level: LevelDef) -> list[tuple[int, int, float]]:
    """`_term_menu`'s aid for every amount up to the cap: aid is paid at once and so wholly
    believed, which makes its values the same in every state of a level."""
    values = term_values(level)
    return level.rules.memo(  # type: ignore[no-any-return]
        "aid_menu",
        lambda: [
            (a, tenths(_term_value(values, "aid", a)), float(a)) for a in range(1, MAX_TERM + 1)
        ],
    )


def counter_terms(
    level: LevelDef,
    state: GameState,
    proposer: str,
    responder: str,
    kind: str,
    terms: tuple[tuple[str, int], ...] = (),
    verdict: Verdict | None = None,
) -> tuple[tuple[str, int], ...] | None:
    """The cheapest terms to add to `terms` that would turn `responder`'s "no" into a "yes",
    within what `proposer` can deliver this turn and never a term already offered (None: no
    such terms, or it says yes already). Prices are in budget: aid its amount, a defence
    pledge what the strength costs, an exercise the smallest one (promises at the share
    `term_promise_price`: they are paid later), a concession its approval.

    `verdict`: `judge`'s verdict on `terms`, when the caller has it already.
    """
    v = verdict or judge(level, state, proposer, responder, kind, terms)
    if v.accepted:
        return None
    need = math.ceil(round((v.threshold - v.total) * 10, 6))  # tenths still missing
    extra = _cheapest(_term_menu(level, state, proposer, terms, responder), need)
    if extra is None:
        return None
    if not judge(level, state, proposer, responder, kind, terms + extra).accepted:
        return None  # pragma: no cover - the tenths above are the ledger's own
    return extra


def cheapest_terms(
    level: LevelDef, state: GameState, proposer: str, responder: str, need: float
) -> tuple[tuple[str, int], ...] | None:
    """The cheapest terms `proposer` can offer `responder` this turn worth at least `need`
    in its ledger."""
    menu = _term_menu(level, state, proposer, (), responder)
    return _cheapest(menu, math.ceil(round(need * 10, 6)))


def _cheapest(
    menu: dict[str, list[tuple[int, int, float]]], need: int
) -> tuple[tuple[str, int], ...] | None:
    """The cheapest terms of `menu` worth at least `need` tenths together (None: none are).

    Ties go to fewer terms, then to promises (paid later) before payments now.
    """
    fixed = [t for t in ("exercise", "concession") if t in menu]
    aid = [(0, 0, 0.0), *menu.get("aid", [])]
    aid_worth = [x[1] for x in aid]  # rising with the amount: each unit is worth the same
    defence = [(0, 0, 0.0), *menu.get("defence", [])]
    best: tuple[float, int, tuple[int, ...], tuple[tuple[str, int], ...]] | None = None
    for mask in range(1 << len(fixed)):
        picked = [(t, *menu[t][0]) for k, t in enumerate(fixed) if mask >> k & 1]
        base = sum(x[2] for x in picked)
        base_price = sum(x[3] for x in picked)
        for d, d_val, d_price in defence:
            if best is not None and base_price + d_price > best[0]:
                continue  # dearer than the best already, whatever aid is added
            # The least aid that covers what is left.
            k = bisect.bisect_left(aid_worth, need - base - d_val)
            if k == len(aid):
                continue
            a, _, a_price = aid[k]
            added: dict[str, int] = {t: amount for t, amount, _, _ in picked}
            if a:
                added["aid"] = a
            if d:
                added["defence"] = d
            extra = tuple((t, added[t]) for t in TERM_ORDER if t in added)
            if not extra:
                continue
            later = tuple(PAID_LATER.index(t) for t, _ in extra)
            key = (base_price + d_price + a_price, len(extra), later, extra)
            if best is None or key < best:
                best = key
    return None if best is None else best[3]


def price_of(level: LevelDef, state: GameState, terms: tuple[tuple[str, int], ...]) -> float:
    """What terms cost the one who offers them, in budget (as `counter_terms` prices them)."""
    r = rules_for(level, state.difficulty)
    prices = {
        "aid": 1.0,
        "defence": r.invest_defence_cost / max(r.invest_defence_gain, 1e-9) * r.term_promise_price,
        "exercise": r.exercise_budget[0] * r.term_promise_price,
        "concession": r.concession_approval_cost,
    }
    return sum(prices.get(t, 0.0) * (a if t in ("aid", "defence") else 1) for t, a in terms)


def describe_terms(terms: tuple[tuple[str, int], ...]) -> str:
    """Terms in words: "aid 5, defence +2, a joint exercise, a trade concession"."""
    words = {"exercise": "a joint exercise", "concession": "a trade concession"}
    return ", ".join(
        words.get(t) or (f"defence +{a}" if t == "defence" else f"{t} {a}") for t, a in terms
    )


def _flip(
    level: LevelDef,
    state: GameState,
    proposer: str,
    responder: str,
    terms: tuple[tuple[str, int], ...],
    total: float,
    trust: float,
    trust_weight: float,
    kdef: AgreementKindDef,
) -> str:
    """The smallest changes that would turn a "no" into a "yes" (or the margin of a "yes"):
    only terms the proposer can still add this turn, and how far trust would have to rise."""
    r = level.rules
    if total >= 0:
        return f"accepted with {total:.1f} to spare"
    deficit = -total
    need = math.ceil(round(deficit * 10, 6))
    menu = _term_menu(level, state, proposer, terms, responder)
    hints = []
    aid_given = sum(a for t, a in terms if t == "aid")
    if r.term_aid > 0:
        more = math.ceil(deficit / r.term_aid - 1e-9)
        budget = float(state.budget[state.idx(proposer)])
        if aid_given + more <= min(MAX_TERM, int(budget + 1e-9)):
            hints.append(f"offer {more} more aid")
    pledge = next((d for d, val, _ in menu.get("defence", []) if val >= need), None)
    if pledge is not None:
        hints.append(f"pledge defence +{pledge}")
    if "exercise" in menu and menu["exercise"][0][1] >= need:
        hints.append("promise a joint exercise")

    def trust_part(t: float) -> float:
        below = max(0.0, kdef.min_trust - t) * r.verdict_below_min_trust
        return (t - r.trust_neutral) * r.verdict_trust * trust_weight + below

    for dt in range(1, int(100 - trust) + 1):
        if trust_part(trust + dt) - trust_part(trust) >= deficit - 1e-9:
            hints.append(f"raise their trust by {dt}")
            break
    if "concession" in menu and deficit <= r.term_concession:
        hints.append("add a trade concession")
    if not any(h.startswith(("offer", "pledge", "promise", "add")) for h in hints):
        together = _cheapest(menu, need)
        if together is not None:
            hints.append(f"offer {describe_terms(together)}")
    if not hints:
        return "nothing you can offer this turn would flip it"
    return "would flip with: " + " or ".join(hints)
