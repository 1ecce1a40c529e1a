"""Asks and calls to honour a pact: who asks or calls whom, what each costs, and the answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from game.core import derived
from game.core.context import Ctx
from game.core.domestic import leave_agreement
from game.core.outcomes import declare_facts
from game.core.phrasing import Line, in_sentence, possessive, short_of, signed
from game.core.promises import make_promise
from game.core.state import AgreementState, GameState, RequestState, qf
from game.core.verdict import Verdict, credibility, tenths

declare_facts(
    AskMade=0,
    AskAccepted=1,
    AskRefused=-1,
    CallMade=0,
    CallAnswered=1,
    CallRefused=-1,
    RequestLapsed=-1,
)

# What AI nations ask of a partner, in the order an asker weighs them.
ASKS = ("defence", "exercise", "drop", "aid")
# What a member under pressure calls its allies to do.
CALLS = ("show_of_force", "sanctions", "relief", "statement")


def is_call(q: RequestState) -> bool:
    return q.kind in CALLS


def what(ctx: Ctx, q: RequestState) -> str:
    """What is asked, as the end of "X asks Y to …"."""
    r = ctx.rules
    if q.kind == "defence":
        return f"raise defence spending: military +{q.amount:g} within {r.ask_defence_turns} turns"
    if q.kind == "exercise":
        return f"join a joint exercise within {r.ask_exercise_turns} turns"
    if q.kind == "drop":
        return f"leave the {kind_name(ctx, q.about)} it shares with {ctx.name(q.rival)}"
    if q.kind == "aid":
        return f"send {q.amount:g} in aid after a disaster"
    if q.kind == "show_of_force":
        return f"make a show of force toward {ctx.name(q.rival)}"
    if q.kind == "sanctions":
        return f"impose sanctions on {ctx.name(q.rival)}"
    if q.kind == "relief":
        return f"send {q.amount:g} in aid"
    return "join a statement of support"


def kind_name(ctx: Ctx, kind: str) -> str:
    try:
        return ctx.level.kind(kind).name.lower()
    except KeyError:
        return kind


def reason(ctx: Ctx, q: RequestState) -> str:
    """Why the asker asks, from what it reads now ("" for a call: the news says what hit)."""
    s, r = ctx.state, ctx.rules
    a, b = s.idx(q.asker), s.idx(q.asked)
    asker = ctx.name(q.asker)
    if q.kind == "defence":
        felt = float(derived.threat_level_felt(ctx.level, s)[a])
        return (
            f"{asker} feels a threat at {felt:.0f}, and {possessive(ctx.name(q.asked))} military "
            f"{float(s.military[b]):.0f} is low beside its other allies'."
        )
    if q.kind == "exercise":
        return (
            f"Doctrine alignment between {asker} and {ctx.name(q.asked)} is "
            f"{float(s.doctrine[a, b]):.0f}; {asker} asks below {r.ask_exercise_doctrine:g}."
        )
    if q.kind == "drop" and q.rival:
        return f"{asker} trusts {ctx.name(q.rival)} only {float(s.trust[a, s.idx(q.rival)]):.0f}."
    if q.kind == "aid":
        return f"{possessive(asker)} stability has fallen to {float(s.stability[a]):.0f}."
    return ""


@dataclass(frozen=True)
class Price:
    """What accepting costs the nation asked, paid at once."""

    capital: int = 0
    budget: float = 0.0
    approval: float = 0.0


def price(ctx: Ctx, q: RequestState) -> Price:
    r = ctx.rules
    if q.kind == "aid" or q.kind == "relief":
        return Price(budget=q.amount)
    if q.kind == "show_of_force":
        return Price(r.call_show_capital, r.call_show_budget)
    if q.kind == "sanctions":
        return Price(r.call_sanctions_capital, approval=r.call_sanctions_approval)
    if q.kind == "statement":
        return Price(r.call_statement_capital)
    return Price()


def cannot_accept(ctx: Ctx, q: RequestState) -> list[str]:
    """Why the nation asked could not accept now (empty when it can)."""
    s = ctx.state
    i = s.idx(q.asked)
    cost = price(ctx, q)
    out = []
    if cost.capital > int(s.capital[i]):
        out.append(f"needs {cost.capital} diplomatic capital, you have {int(s.capital[i])}")
    if cost.budget > float(s.budget[i]) + 1e-9:
        have = short_of(float(s.budget[i]), cost.budget)
        out.append(f"needs {cost.budget:g} budget, you have {have}")
    if q.kind == "drop" and not s.has_agreement(q.asked, q.rival, q.about):
        out.append(f"no longer in that agreement with {ctx.name(q.rival)}")
    return out


def _refusal(ctx: Ctx, q: RequestState) -> tuple[float, float, float]:
    """What refusing costs the nation asked: trust of the asker, of every other member of
    the agreement (calls), and reputation."""
    r = ctx.rules
    if is_call(q):
        return r.call_refused_trust, r.call_refused_member_trust, r.call_refused_reputation
    return r.ask_refused_trust, 0.0, r.ask_refused_reputation


def _members(ctx: Ctx, q: RequestState) -> list[str]:
    """The agreement's other members a call refused is held against (not asker nor asked)."""
    for a in ctx.state.agreements:
        if a.kind == q.about and q.asker in a.members:
            return [m for m in a.members if m not in (q.asker, q.asked)]
    return []


def accept_lines(ctx: Ctx, q: RequestState) -> list[Line]:
    """What accepting costs and brings, in the asked nation's words."""
    r = ctx.rules
    cost = price(ctx, q)
    asker = possessive(ctx.name(q.asker))
    lines = []
    parts = []
    if cost.capital:
        parts.append(f"{cost.capital} diplomatic capital")
    if cost.budget:
        parts.append(f"{cost.budget:g} budget")
    if cost.approval:
        parts.append(f"approval −{cost.approval:g}")
    if parts:
        lines.append(Line("Costs now: " + ", ".join(parts), -1))
    if q.kind == "defence":
        spend = q.amount / max(r.invest_defence_gain, 1e-9) * r.invest_defence_cost
        lines.append(
            Line(
                f"A promise: military +{q.amount:g} within {r.ask_defence_turns} turns "
                f"(about {spend:g} budget in defence investment); broken, it costs "
                f"{signed(r.promise_broken_trust)} trust and {signed(r.promise_broken_reputation)} "
                "reputation",
                0,
            )
        )
    elif q.kind == "exercise":
        lines.append(
            Line(
                f"A promise: a joint exercise with {ctx.name(q.asker)} within "
                f"{r.ask_exercise_turns} turns (from {r.exercise_budget[0]:g} budget)",
                0,
            )
        )
    elif q.kind == "drop":
        lines.append(
            Line(f"You leave the {kind_name(ctx, q.about)}; its members' trust in you −8", -1)
        )
    elif q.kind == "aid":
        lines.append(
            Line(
                f"{asker} trust in you +{q.amount * r.aid_trust_per_budget:g}",
                1,
            )
        )
    if is_call(q):
        lines.append(
            Line(
                f"{asker} trust in you +{r.call_answered_trust:g}; doctrine and "
                f"communications with them +{r.call_answered_interop:g}",
                1,
            )
        )
        if q.kind in ("show_of_force", "sanctions") and q.rival:
            lines.append(Line(f"Tension with {ctx.name(q.rival)} +{r.call_show_tension:g}", -1))
    return lines


def accepting_lines(ctx: Ctx, q: RequestState) -> list[Line]:
    """What accepting costs and brings, and the other waiting requests it would leave too
    little to answer."""
    need = price(ctx, q)
    return accept_lines(ctx, q) + stranded(ctx, q.asked, need.capital, need.budget, q.key)


def stranded(
    ctx: Ctx, nation: str, capital: int, budget: float, answering: int | None = None
) -> list[Line]:
    """The requests waiting for `nation` that it could accept now but not after spending
    `capital` and `budget` (`answering`: the key of a request being accepted, left out):
    put off, each lapses as refused at the turn's end. One line each, with what its lapse
    costs, for the price of whatever would spend that much."""
    if capital <= 0 and budget <= 0:
        return []
    s = ctx.state
    i = s.idx(nation)
    left_capital, left_budget = int(s.capital[i]) - capital, float(s.budget[i]) - budget
    lines = []
    for q in waiting(s, nation):
        if q.key == answering or cannot_accept(ctx, q):
            continue
        need = price(ctx, q)
        short_capital = need.capital > 0 and need.capital > left_capital
        short_budget = need.budget > 0 and need.budget > left_budget + 1e-9
        if not (short_capital or short_budget):
            continue  # what needs nothing (an ask to drop a partner) is never stranded
        needs = [f"{need.capital} diplomatic capital"] if need.capital else []
        needs += [f"{need.budget:g} budget"] if need.budget else []
        lines.append(
            Line(
                f"You could no longer answer {possessive(ctx.name(q.asker))} {noun(q)} (it needs "
                f"{' and '.join(needs)}); lapsed, it costs {lapse_costs(ctx, q)}",
                -1,
            )
        )
    return lines


def noun(q: RequestState) -> str:
    return "call" if is_call(q) else "ask"


def lapse_costs(ctx: Ctx, q: RequestState) -> str:
    """What refusing `q`, or letting it lapse, costs, in one run of words."""
    return ", ".join(in_sentence(ln.text) for ln in refuse_lines(ctx, q))


def refuse_lines(ctx: Ctx, q: RequestState) -> list[Line]:
    """What refusing (or letting it lapse) costs."""
    asker_trust, member_trust, rep = _refusal(ctx, q)
    lines = [Line(f"{possessive(ctx.name(q.asker))} trust in you −{asker_trust:g}", -1)]
    members = _members(ctx, q) if is_call(q) else []
    if members and member_trust:
        lines.append(Line(f"Every other member's trust in you −{member_trust:g}", -1))
    if rep:
        lines.append(Line(f"Your reputation −{rep:g}", -1))
    return lines


def ledger(ctx: Ctx, q: RequestState) -> Verdict:
    """How the nation asked weighs accepting: every factor, accepted at a total of 0 or more."""
    s, r, level = ctx.state, ctx.rules, ctx.level
    b, a = s.idx(q.asked), s.idx(q.asker)
    w = level.personality_weights[b]
    aff = float(derived.affinity(level, s)[b, a])
    items: list[tuple[str, float]] = [
        (
            f"trust in {ctx.name(q.asker)}",
            (float(s.trust[b, a]) - r.trust_neutral) * r.verdict_trust * w[0],
        ),
        ("shared values", aff * r.verdict_affinity * w[1]),
    ]
    if bool(derived.shared_threat(level, s)[b, a]):
        items.append(("shared threat", r.verdict_shared_threat * w[2]))
    items.append(("grievance", float(s.grievance[b, a]) * r.verdict_grievance))
    asker_trust, member_trust, rep = _refusal(ctx, q)
    if is_call(q):
        items.append(("the pact's word", r.call_pact_weight))
        member_trust *= len(_members(ctx, q))
    items.append(
        ("refusing would cost", (asker_trust + member_trust + rep) * r.request_refusal_weight)
    )
    cost = price(ctx, q)
    if cost.capital:
        items.append(("diplomatic capital", -cost.capital * r.request_capital_weight))
    if cost.budget:
        items.append(("budget", -cost.budget * r.request_budget_weight))
    if cost.approval:
        items.append(("approval at home", -cost.approval * r.request_approval_weight * w[4]))
    if q.kind == "defence":
        spend = q.amount / max(r.invest_defence_gain, 1e-9) * r.invest_defence_cost
        items.append(("defence spending pledged", -spend * r.request_budget_weight))
        believed = credibility(level, s, q.asked, "defence", round(q.amount))
        short = max(0.0, spend - float(s.budget[b])) / max(spend, 1e-9)
        if believed < 1.0 or short > 0:
            doubt = max(1.0 - believed, short)
            items.append(("could not deliver in time", -doubt * r.ask_undeliverable))
    elif q.kind == "exercise":
        items.append(("exercise costs", -r.exercise_budget[0] * r.request_budget_weight))
    elif q.kind == "drop":
        friend = max(0.0, float(s.trust[b, s.idx(q.rival)]) - r.trust_neutral)
        items.append(
            (
                f"the {kind_name(ctx, q.about)} with {ctx.name(q.rival)}",
                -(r.ask_drop_value + friend * r.verdict_trust),
            )
        )
    if q.rival and q.kind in ("show_of_force", "sanctions"):
        friend = max(0.0, float(s.trust[b, s.idx(q.rival)]) - r.trust_neutral)
        if friend:
            items.append((f"trust in {ctx.name(q.rival)}", -friend * r.verdict_trust))
    factors = []
    tally = 0
    for name, value in items:
        if abs(value) >= 0.05:
            k = tenths(value)
            factors.append((name, k / 10))
            tally += k
    if cannot_accept(ctx, q):
        factors.append(("cannot pay for it now", -99.0))
        tally -= 990
    total = tally / 10
    return Verdict(tuple(factors), total, 0.0, lambda: "")


def _top(v: Verdict, n: int = 3) -> str:
    ranked = sorted(v.factors, key=lambda f: -abs(f[1]))[:n]
    return ", ".join(f"{name} {signed(value, 1)}" for name, value in ranked)


def accept(ctx: Ctx, q: RequestState, why: str = "") -> None:
    """The nation asked does what it was asked: it pays, promises or leaves."""
    s, r = ctx.state, ctx.rules
    a, b = s.idx(q.asker), s.idx(q.asked)
    cost = price(ctx, q)
    s.capital[b] -= cost.capital
    s.approval[b] = qf(max(0.0, float(s.approval[b]) - cost.approval))
    q.status, q.answered = "accepted", s.turn
    if cost.budget:
        paid = min(cost.budget, float(s.budget[b]))
        s.budget[b] = qf(float(s.budget[b]) - paid)
        if q.kind in ("aid", "relief"):
            s.budget[a] = qf(float(s.budget[a]) + paid)
    if q.kind == "defence":
        make_promise(ctx, q.asked, q.asker, "defence", q.amount, r.ask_defence_turns)
    elif q.kind == "exercise":
        make_promise(ctx, q.asked, q.asker, "exercise", 0, r.ask_exercise_turns)
    elif q.kind == "drop":
        leave_agreement(ctx, q.asked, q.about, f"{ctx.name(q.asker)} asked it to", cause="ask")
    elif q.kind == "aid":
        _trust(s, a, b, q.amount * r.aid_trust_per_budget)
    if is_call(q):
        _trust(s, a, b, r.call_answered_trust)
        for part in (s.doctrine, s.communications):
            part[a, b] = part[b, a] = min(100.0, float(part[a, b]) + r.call_answered_interop)
        if q.kind in ("show_of_force", "sanctions") and q.rival:
            k = s.idx(q.rival)
            s.tension[b, k] = s.tension[k, b] = min(
                100.0, float(s.tension[b, k]) + r.call_show_tension
            )
    fact = "CallAnswered" if is_call(q) else "AskAccepted"
    verb = "answered" if is_call(q) else "agreed to"
    noun = "call" if is_call(q) else "ask"
    ctx.out(
        fact,
        f"{ctx.name(q.asked)} {verb} {possessive(ctx.name(q.asker))} {noun} to {what(ctx, q)}"
        f"{f' ({why})' if why else ''}.",
        q.asked,
        q.asker,
        key=q.key,
        kind=q.kind,
    )


def refuse(ctx: Ctx, q: RequestState, why: str = "", lapsed: bool = False) -> None:
    """The nation asked says no (or never answered): the asker, the members and the world
    remember."""
    s = ctx.state
    a, b = s.idx(q.asker), s.idx(q.asked)
    asker_trust, member_trust, rep = _refusal(ctx, q)
    _trust(s, a, b, -asker_trust)
    if is_call(q):
        for m in _members(ctx, q):
            _trust(s, s.idx(m), b, -member_trust)
    s.reputation[b] = qf(max(0.0, float(s.reputation[b]) - rep))
    q.status, q.answered = ("lapsed" if lapsed else "refused"), s.turn
    noun = f"call to honour the {kind_name(ctx, q.about)}" if is_call(q) else "ask"
    asker = possessive(ctx.name(q.asker))
    costs = f"{asker} trust −{asker_trust:g}, reputation −{rep:g}"
    if lapsed:
        ctx.out(
            "RequestLapsed",
            f"{ctx.name(q.asked)} let {asker} {noun} lapse ({what(ctx, q)}): "
            f"counted as refused; {costs}.",
            q.asked,
            q.asker,
            key=q.key,
            kind=q.kind,
            call=is_call(q),
        )
        return
    ctx.out(
        "CallRefused" if is_call(q) else "AskRefused",
        f"{ctx.name(q.asked)} refused {possessive(ctx.name(q.asker))} {noun} to {what(ctx, q)}"
        f"{f' ({why})' if why else ''}; {costs}.",
        q.asked,
        q.asker,
        key=q.key,
        kind=q.kind,
    )


def _trust(s: GameState, i: int, j: int, change: float) -> None:
    s.trust[i, j] = min(100.0, max(0.0, float(s.trust[i, j]) + change))


def answer(ctx: Ctx, q: RequestState, yes: bool, why: str = "") -> None:
    """Answer an open request: accept it (when it can be paid for) or refuse it."""
    if yes and not cannot_accept(ctx, q):
        accept(ctx, q, why)
    else:
        refuse(ctx, q, why)


def answer_by_ledger(ctx: Ctx, q: RequestState) -> None:
    """An AI nation answers at once, and the news gives its ledger."""
    v = ledger(ctx, q)
    answer(ctx, q, v.accepted, f"ledger {signed(v.total, 1)}: {_top(v)}")


def send(ctx: Ctx, q: RequestState, why: str = "") -> None:
    """Make a request: the player finds it in the inbox, an AI answers it by its ledger."""
    s = ctx.state
    s.requests.append(q)
    if is_call(q):
        ctx.out(
            "CallMade",
            f"{ctx.name(q.asker)} calls on {ctx.name(q.asked)} to honour the "
            f"{kind_name(ctx, q.about)}: {what(ctx, q)}{f' ({why})' if why else ''}.",
            q.asker,
            q.asked,
            key=q.key,
            kind=q.kind,
        )
    else:
        ctx.out(
            "AskMade",
            f"{ctx.name(q.asker)} asks {ctx.name(q.asked)} to {what(ctx, q)}.",
            q.asker,
            q.asked,
            key=q.key,
            kind=q.kind,
        )
    if q.asked != ctx.player:
        answer_by_ledger(ctx, q)


def waiting(state: GameState, nation: str) -> list[RequestState]:
    """The open requests `nation` has to answer, oldest first."""
    return [q for q in state.requests if q.status == "open" and q.asked == nation]


# -- calls to honour a pact ---------------------------------------------------------


def _military(ctx: Ctx) -> list[AgreementState]:
    kinds = {k.id for k in ctx.level.agreement_kinds if k.military}
    return [a for a in ctx.state.agreements if a.kind in kinds]


def _call_kind(ctx: Ctx, ally: str, rival: str | None, level: float | None) -> tuple[str, float]:
    """What a member asks of an ally, rising with the danger: after an incident, a joint
    statement; as a threat with a source escalates, a statement, then a show of force
    (sanctions if the ally cannot pay for the show), then sanctions; against a threat with no
    source, aid. Near a crisis (`call_calm_tension`), a statement: nobody wants the show
    that tips the region over."""
    s, r = ctx.state, ctx.rules
    if rival is None:
        return "relief", r.call_aid_budget
    calm = s.world_tension >= r.call_calm_tension
    if level is None or level < r.call_show_level or calm:
        return "statement", 0.0
    b = s.idx(ally)
    affords = float(s.budget[b]) >= r.call_show_budget and int(s.capital[b]) >= r.call_show_capital
    if level < r.call_sanctions_level and affords:
        return "show_of_force", 0.0
    return "sanctions", 0.0


def _calls(ctx: Ctx) -> None:
    """Threats that entered a higher band and incidents this turn call members' allies."""
    s, level, r = ctx.state, ctx.level, ctx.rules
    # (members hit, rival, the threat's level or None for an incident, why)
    hit: list[tuple[list[str], str | None, float | None, str]] = []
    for t, d in zip(s.threats, level.threats, strict=True):
        band = int(t.level // max(r.call_threat_step, 1e-9))
        mark = s.threat_bands.get(t.id)
        # The mark is the band last called for; a threat must recede a whole band below it
        # before rising into it counts again, so noise at a band's edge calls no one.
        if mark is None or band < mark - 1:
            s.threat_bands[t.id] = band if mark is None else band + 1
        elif band > mark:
            s.threat_bands[t.id] = band
            why = f"{d.name} escalated to {t.level:.0f}"
            hit.append((list(d.threatened), d.source, t.level, why))
    for o in (*ctx.earlier, *ctx.outcomes):
        if o.fact == "IncidentOccurred" and len(o.nations) >= 2:
            x, y = o.nations[0], o.nations[1]
            hit.append(([x], y, None, f"an incident with {ctx.name(y)}"))
            hit.append(([y], x, None, f"an incident with {ctx.name(x)}"))
    called: set[tuple[int, str]] = set()  # (caller, ally): one call a turn
    for victims, rival, height, why in hit:
        for a in _military(ctx):
            inside = [v for v in victims if v in a.members and v != rival]
            if not inside:
                continue
            # The most exposed member (the weakest, then level order) calls on the others.
            caller = min(inside, key=lambda v: (float(s.military[s.idx(v)]), s.idx(v)))
            c = s.idx(caller)
            allies = sorted(
                (m for m in a.members if m not in (caller, rival) and (c, m) not in called),
                key=lambda m: (-float(s.trust[c, s.idx(m)]), s.idx(m)),
            )
            for ally in allies[: r.call_max_allies]:
                called.add((c, ally))
                kind, amount = _call_kind(ctx, ally, rival, height)
                q = RequestState(
                    s.new_key(), kind, caller, ally, s.turn, amount, a.kind, rival or ""
                )
                send(ctx, q, why)


# -- asks --------------------------------------------------------------------------


def _asks(ctx: Ctx) -> None:
    """Each AI nation, in level order, makes the ask that serves it most, if worth making."""
    s, r = ctx.state, ctx.rules
    look = _Record.of(ctx)
    seen = _Reading.of(ctx)
    to_player = sum(1 for q in look.asks if q.asked == ctx.player and q.turn == s.turn)
    for i, nid in enumerate(s.ids):
        if nid == ctx.player or nid in look.resting or not seen.has_partner[i]:
            continue
        best: tuple[float, int, int, str, float, str, str] | None = None
        for cand in _ask_candidates(ctx, i, seen, look):
            if best is None or cand[:3] > best[:3]:
                best = cand
        if best is None or best[0] < r.ask_min_utility:
            continue
        _, _, _, kind, amount, about, rival = best
        target = s.ids[-best[2]]
        if target == ctx.player:
            if to_player >= r.ask_player_per_turn:
                continue
            to_player += 1
        q = RequestState(s.new_key(), kind, nid, target, s.turn, amount, about, rival)
        look.note(q)
        send(ctx, q)
        seen.answered(ctx)


@dataclass
class _Reading:
    """What askers read from the state, gathered once a phase. The partners are those at
    the phase's start; threats felt, military, stability, doctrine and the last exercises
    are figures no answer to an ask moves. Trust does move: each nation's lowest trust in
    another (where a rival is looked for) is read again after every answer."""

    partners: np.ndarray
    armed: np.ndarray
    has_partner: list[bool]
    felt: list[float]
    w_sec: list[float]
    w_dom: list[float]
    stability: list[float]
    drill: dict[int, list[int]]  # nation -> allies it could ask to drill, in level order
    floor: list[float]

    @classmethod
    def of(cls, ctx: Ctx) -> _Reading:
        s, r, level = ctx.state, ctx.rules, ctx.level
        partners = derived.partner_matrix(s)
        armed = np.zeros((s.n, s.n), dtype=bool)
        for k in level.agreement_kinds:
            if k.military:
                armed |= derived.partner_matrix(s, k.id)
        weights = level.personality_weights
        has_partner: list[bool] = np.asarray(partners.any(axis=1)).tolist()
        # Allies whose doctrine is far from ours and who have not drilled lately (none
        # while world tension runs high: the AI drills under observers then, if at all).
        drill: dict[int, list[int]] = {}
        if s.world_tension < r.ai_calm_tension:
            stale = (s.turn - s.last_exercise) > r.interop_decay_grace
            far = armed & (s.doctrine < r.ask_exercise_doctrine) & stale
            for i, j in zip(*(x.tolist() for x in np.nonzero(far)), strict=True):
                drill.setdefault(i, []).append(j)
        return cls(
            partners,
            armed,
            has_partner,
            derived.threat_level_felt(level, s).tolist(),
            weights[:, 2].tolist(),
            weights[:, 4].tolist(),
            s.stability.tolist(),
            drill,
            _trust_floor(s),
        )

    def answered(self, ctx: Ctx) -> None:
        self.floor = _trust_floor(ctx.state)


def _trust_floor(s: GameState) -> list[float]:
    """Each nation's lowest trust in another nation."""
    trust = s.trust.copy()
    np.fill_diagonal(trust, np.inf)
    floor: list[float] = trust.min(axis=1).tolist()
    return floor


@dataclass
class _Record:
    """What askers remember, gathered once a phase: who asked whom for what lately, who is
    resting after an ask, who owes whom a pledge, and who is already pledged to arm."""

    asks: list[RequestState]
    resting: set[str]
    asked: dict[str, set[tuple[str, str]]]
    pledged: dict[str, set[str]]
    arming: set[str]

    @classmethod
    def of(cls, ctx: Ctx) -> _Record:
        s, r = ctx.state, ctx.rules
        asks = [q for q in s.requests if not is_call(q)]
        look = cls(asks, set(), {}, {}, set())
        for q in asks:
            if s.turn - q.turn < r.ask_cooldown:
                look.resting.add(q.asker)
            if q.status == "open" or s.turn - q.turn < r.ask_repeat_turns:
                look.asked.setdefault(q.asker, set()).add((q.kind, q.asked))
            if q.kind == "defence" and (q.status == "open" or q.turn == s.turn):
                look.arming.add(q.asked)
        for p in s.promises:
            if p.status == "open" and p.kind in ("defence", "exercise"):
                look.pledged.setdefault(p.promisee, set()).add(p.promiser)
            if p.status == "open" and p.kind == "defence":
                look.arming.add(p.promiser)
        return look

    def note(self, q: RequestState) -> None:
        self.asks.append(q)
        self.resting.add(q.asker)
        self.asked.setdefault(q.asker, set()).add((q.kind, q.asked))
        if q.kind == "defence":
            self.arming.add(q.asked)


def _ask_candidates(
    ctx: Ctx, i: int, seen: _Reading, look: _Record
) -> Iterable[tuple[float, int, int, str, float, str, str]]:
    """(utility, −kind order, −target index, kind, amount, about, rival) of each ask `i`
    could make; the greatest tuple is the best ask (ties: earlier kind, earlier nation)."""
    s, r = ctx.state, ctx.rules
    ids = s.ids
    asked_before = look.asked.get(ids[i], set())
    pledged = look.pledged.get(ids[i], set())

    def fresh(kind: str, j: int) -> bool:
        # A pledge of defence spending is one to everyone: one ask at a time is enough.
        if kind == "defence" and ids[j] in look.arming:
            return False
        return (kind, ids[j]) not in asked_before and ids[j] not in pledged

    w_sec = seen.w_sec[i]
    # Raise defence spending: a threat felt, and an ally that spends far less than the rest.
    felt = seen.felt[i]
    if felt >= r.ask_threat_felt:
        allies: list[int] = np.flatnonzero(seen.armed[i]).tolist()
        if allies:
            mil = s.military
            spend = r.ask_defence_amount / max(r.invest_defence_gain, 1e-9) * r.invest_defence_cost
            mean = float(mil[allies].sum()) / len(allies)  # as `.mean()` works it out
            bar = r.ask_low_defence * mean
            for j in allies:
                # Only an ally with the money to do it is asked.
                funded = float(s.budget[j]) >= spend
                if float(mil[j]) < bar and funded and fresh("defence", j):
                    need = felt / r.ask_threat_felt * (1.0 - float(mil[j]) / bar)
                    u = w_sec * r.ask_weight_defence * need
                    yield (u, -0, -j, "defence", r.ask_defence_amount, "", "")
    # Join an exercise: an ally whose doctrine is far from ours and who has not drilled lately.
    for j in seen.drill.get(i, ()):
        if fresh("exercise", j):
            doctrine = float(s.doctrine[i, j])
            need = (r.ask_exercise_doctrine - doctrine) / r.ask_exercise_doctrine
            u = w_sec * r.ask_weight_exercise * need
            yield (u, -1, -j, "exercise", 0.0, "", "")
    # Drop a rival: a partner in an agreement (of a kind the asker does not share with it)
    # with the nation the asker trusts least, if that is little enough to call it a rival.
    if seen.floor[i] < r.ask_rival_trust:
        trust = s.trust[i].copy()
        trust[i] = np.inf
        k = int(np.argmin(trust))
        need = (r.ask_rival_trust - float(trust[k])) / r.ask_rival_trust
        u = w_sec * r.ask_weight_drop * need
        partner = seen.partners[i]
        for kind in ctx.level.agreement_kinds:
            with_rival = derived.partner_matrix(s, kind.id)[:, k]
            if with_rival[i]:
                continue
            for j in np.flatnonzero(with_rival & partner).tolist():
                if fresh("drop", j):
                    yield (u, -2, -j, "drop", 0.0, kind.id, ids[k])
    # Aid after a disaster: stability has collapsed; the richest partner is asked.
    stability = seen.stability[i]
    if stability < r.ask_aid_stability:
        need = (r.ask_aid_stability - stability) / r.ask_aid_stability
        u = max(seen.w_dom[i], w_sec) * r.ask_weight_aid * need
        mine = np.flatnonzero(seen.partners[i]).tolist()
        rich = max(mine, key=lambda j: (float(s.budget[j]), -j))
        if float(s.budget[rich]) >= r.ask_aid_amount and fresh("aid", rich):
            yield (u, -3, -rich, "aid", r.ask_aid_amount, "", "")


def phase_requests(ctx: Ctx) -> None:
    """Phase: requests left unanswered lapse as refused; threats and incidents call allies;
    AI nations ask, and AI nations asked answer by their ledgers."""
    s, r = ctx.state, ctx.rules
    for q in s.requests:
        if q.status == "open" and q.turn < s.turn:
            refuse(ctx, q, lapsed=True)
    s.requests = [
        q for q in s.requests if q.status == "open" or s.turn - q.turn < r.ask_repeat_turns
    ]
    _calls(ctx)
    _asks(ctx)
    s.quantize()


def answers_for(ctx: Ctx, nation: str) -> list[tuple[int, bool]]:
    """(key, accept) for each request `nation` has to answer, the way its ledger says."""
    return [(q.key, ledger(ctx, q).accepted) for q in waiting(ctx.state, nation)]
