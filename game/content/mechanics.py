"""The manual's "How the game works" section, written from the rules' own numbers and tables."""

from __future__ import annotations

from game.core import actions  # noqa: F401  (declares the actions' cost rules)
from game.core.projects import PROJECT_KINDS
from game.core.promises import PROMISE_KINDS
from game.core.rules import DEFAULT_RULES

# How each promise kind is judged at its deadline (the rules in game/core/promises.py).
_JUDGED = {
    "exercise": "kept as soon as the two hold a joint exercise after the promise was made",
    "defence": "kept as soon as the promiser's military strength is `amount` above what it "
    "was when the promise was made",
    "aid": "kept as soon as the aid given to the promisee since the promise adds up to `amount`",
    "stay": "judged only at the deadline: kept if the two still share an agreement of any "
    "kind then, broken if not; leaving an agreement with the promisee breaks it at once",
}


def _r(name: str) -> str:
    value = DEFAULT_RULES.number(name)
    shown = list(value) if isinstance(value, tuple) else value
    return f"`{name}` ({shown})"


def _ledger() -> str:
    rows = [
        (
            "trust",
            f"(its trust in the proposer − {_r('trust_neutral')}) × "
            f"{_r('verdict_trust')} (× trust)",
        ),
        ("shared values", f"affinity (−1 to 1) × {_r('verdict_affinity')} (× affinity)"),
        (
            "shared threat",
            f"{_r('verdict_shared_threat')} when a threat at "
            f"{_r('shared_threat_level')} or more threatens both (× security)",
        ),
        ("grievance", f"its grievance against the proposer × {_r('verdict_grievance')}"),
        ("reputation", f"(the proposer's reputation − 50) × {_r('verdict_reputation')}"),
        (
            "election soon",
            f"{_r('verdict_election_soon')} when its election is at most two "
            "turns away (× domestic)",
        ),
        ("the kind", "minus the kind's `ask`"),
        (
            "asked again too soon",
            f"{_r('verdict_asked_again')} when it refused the same proposer less than "
            f"{_r('proposal_cooldown')} turns ago",
        ),
        (
            "not enough trust",
            f"(the kind's `min_trust` − trust) × "
            f"{_r('verdict_below_min_trust')} when trust is below it",
        ),
        (
            "commitments already carried",
            f"agreements it is in (at most 8) × {_r('verdict_commitment')}",
        ),
        ("tension between us", f"tension × {_r('verdict_tension_with_partner')}"),
        (
            "interoperability",
            f"military kinds only: (interoperability − 30) × {_r('verdict_interop')} (× security)",
        ),
        (
            "offered terms",
            f"aid {_r('term_aid')} and defence {_r('term_defence')} per point; "
            f"a joint exercise {_r('term_exercise')}; a trade concession "
            f"{_r('term_concession')}",
        ),
    ]
    return "\n".join(f"| {name} | {how} |" for name, how in rows)


def section_mechanics() -> str:
    ledger = _ledger()
    promise_rows = "\n".join(
        f"| `{kind}` | {what} | {_JUDGED[kind]} |" for kind, what in PROMISE_KINDS.items()
    )
    project_rows = "\n".join(f"| `{kind}` | {what} |" for kind, what in PROJECT_KINDS.items())
    return f"""\
Numbers in brackets are the defaults of the [rule numbers](#rule-numbers) named beside
them; a level's `rules:` changes them.

#### Diplomatic capital and budget

Most player actions cost diplomatic capital, some also budget. Every turn each nation
gains {_r("capital_per_turn")} capital, one more {_r("capital_stability_bonus")} while its
stability is at least {_r("capital_stability_threshold")}, up to {_r("capital_max")}. Budget
grows by economy × {_r("budget_per_economy")} a turn, up to {_r("budget_max")}; income
never takes away budget above that cap. A nation's `capital_points` is its capital at turn
0. Its `capital` (two numbers) is something else: where its capital city is on the map.

#### The proposal ledger

A nation asked to join an agreement adds up a ledger of factors and says yes when the
total is 0 or more. The proposal dialog shows the ledger and what would turn a "no"
into a "yes". Each factor, for the nation deciding (weights of its
[personality](#built-in-personalities) in brackets):

| factor | how it is counted |
|---|---|
{ledger}

A proposal costs {_r("proposal_capital")} diplomatic capital, plus one for every
{_r("proposal_ask_per_capital")} of the kind's `ask` (a defence pact, ask 12, costs 3), and
one proposal a turn to each nation. A refusal costs face: the refusing nation's trust in
the proposer falls by {_r("proposal_refused_trust")}, and asking it again within
{_r("proposal_cooldown")} turns counts against the proposer in its ledger. A nation that
says no again soon after its last no (within three times that) holds it against the
proposer three times as long, and no AI asks it again until then.

#### Agreements

Agreements form a ladder. A kind with `needs` can be proposed only to a nation the
proposer has shared one of those kinds with for `needs_turns` turns (counted from when the
later of the two joined); agreements a level starts with count from turn 0. The built-in
ladder: a dialogue forum, then (after 2 turns) a trade pact or an access agreement, then
(after 2 turns of either) technology sharing, then (after 3 turns of technology sharing or
access) a defence pact. The proposal dialog says which rung is missing. Standing is kept,
and lost when neglected: a member whose partners in an agreement trust it less, on
average, than the kind's `min_trust` loses a turn of standing in it each turn (the news
tells the player), so the rung above moves away again.

Signing an agreement of a kind with a nation that already belongs to one of that kind
makes the newcomer join it, so agreements grow into blocs — but only with the consent of
every other member: each weighs the newcomer with the same ledger (without the kind's ask
and its own commitments, which it has already taken on) and any "no" keeps the newcomer
out, with the objector and its ledger in the news. An event's option that signs an
agreement asks the same consent (its preview names the member who would object). A bloc the
player is in takes only the nations the player proposes to. A nation can still end up in
two agreements of one kind (when two blocs each recruit it), and counts toward both.
AI nations propose every kind the level has, its own `agreement_kinds` included. An AI
decides from what it can know of the other side's ledger — how far it is trusted, the
other's character and view of its values, its own reputation — and adds the cheapest terms
it will pay for when that falls short (bolder nations hope for more, `ai_optimism`); it
cannot see the other's politics at home (an election, its voters, its rivals) or what it
asks of trust, so AI nations refuse each other too, and answer with counter-offers. A
nation that feels threatened wants a military partner among those who share its values
more than the partner wants it, and asks first. Use
`is_member(nation, "kind")` rather than a chain of `has_agreement(...) or ...`.

AI nations hold their talks in rounds: an AI nation sends proposals, to other AI nations and
to the player, on one turn in {_r("ai_proposal_interval")}, staggered by its place in the
level's `nations` list (with 3, the second nation in the list holds its rounds at the end
of turns 3, 6, 9, … as the top bar counts them; `turn` 2, 5, 8 in conditions). It answers
proposals, and acts in every other way, on every turn. The nation panel says when its next
round is ("Sends proposals once every 3 turns: next in 2 turns"). Set it to 1 for a world
where AI nations propose as often as they can.

#### Steps a level opens

A level can hold back a step until something has happened — in a tutorial, until the
lesson that teaches it. An agreement kind with `requires` can be proposed only while that
condition holds, and an action listed under the level's `actions` (by id: `exercise`,
`confidence`, ...) can be taken only while its `requires` holds. The condition reads
`nation` as the nation acting and `target` as the other side (for actions at home, the
acting nation again); it binds AI nations too unless it says otherwise. While it does not
hold, the action is refused with the `locked` text as its reason, and an offer of the kind
cannot be made to or by the player either when the condition names both sides:

```yaml
agreement_kinds:
  - id: defence_pact
    name: Defence pact
    ask: 12
    min_trust: 50
    military: true
    needs: [tech_sharing, access]
    needs_turns: 3
    requires: 'flag("pact_lesson") or (nation != player and target != player)'
    locked: The lesson on defence pacts comes first
actions:
  exercise:
    requires: 'flag("exercise_lesson") or (nation != player and target != player)'
    locked: Lesson 5 opens joint exercises
```

An event's options open the step with `set_flag`; the level checker warns (`W404`) when a
condition reads a flag that no `set_flag` effect sets, and (`W401`) when a `requires` can
never hold.

#### Promises

A promise has a promiser, a promisee, a kind, an `amount` and a deadline. It is judged
at the end of every turn until it is settled:

| kind | what is promised | how it is judged |
|---|---|---|
{promise_rows}

A kept promise raises the promisee's trust in the promiser by
{_r("promise_kept_trust")}, every other nation's by {_r("promise_kept_observer_trust")}, and
the promiser's reputation by {_r("promise_kept_reputation")}. A broken one changes them by
{_r("promise_broken_trust")}, {_r("promise_broken_observer_trust")} and
{_r("promise_broken_reputation")}. Leaving an agreement breaks the leaver's open promises
to its members at once.

A promised term (a defence pledge or a joint exercise) is worth its value in the ledger
times how far it is believed: the proposer's record, (kept + 2) / (kept + broken + 2) of
its promises on record, times whether it can deliver — for a defence pledge, the military
strength its budget (now, plus its income until the pledge is due) and its capital could
buy by investing in defence, against the pledge; for an exercise, a budget for the
smallest one (half believed without) and trust both ways of at least `exercise_min_trust`
between the two, since they cannot drill together before (half believed without, a
quarter without either). The ledger shows "believed N%" beside such a term, and the
proposal builder lists what keeping each term costs (a pledge's defence investments, an
exercise the two cannot yet hold).
When a pledge made as a term of an agreement is broken, the partner it was made to weighs
the promiser again with the ledger of a newcomer; below its bar, it walks out of the
agreement, and the news gives that ledger. (The player decides for itself.)

#### Projects

| kind | what it does |
|---|---|
{project_rows}

A project pays its cost from the starting nation's budget **every turn**; in a turn it
cannot pay, it stops for good (the news says so). Training runs {_r("training_turns")}
turns, +{_r("training_doctrine_per_turn")} doctrine for {_r("training_budget_per_turn")} a
turn; a technology transfer runs {_r("tech_turns")} turns,
+{_r("tech_equipment_per_turn")} equipment for {_r("tech_budget_per_turn")} a turn.
Interoperability between nations that have not exercised together for
{_r("interop_decay_grace")} turns loses {_r("interop_decay")} a turn.

#### World tension

World tension moves halfway each turn toward a target made of the five highest
tensions between pairs of nations (0.6 × their mean + 0.2 × the highest) plus 0.3 × the
highest threat level, between 0 and 100. A game starts at the target its level's
`relations:` and threats make, so a level with a war opens tense. Tension between a pair fades by
{_r("tension_decay")} of itself a turn, and a threat with a `source` raises the tension
between the source and each nation it threatens by {_r("threat_tension_rate")} of its
level. When world tension reaches
{_r("crisis_level")}, the news announces a crisis and `crisis()` holds.

Exercises raise the tension between both drilling nations and every nation that distrusts
them (trust below {_r("exercise_threatened_trust")} in one, and 10 more in the other), by
`exercise_tension` for the size, with a chance of an incident. A nation that invites
observers from them instead pays {_r("exercise_observers_capital")} more capital and gains
× {_r("exercise_observers_gain")} of the interoperability, but the tension with them falls
by {_r("exercise_observers_tension_cut")} and no incident can happen; the choice is only
offered where someone would feel threatened. Once world tension reaches
{_r("ai_calm_tension")}, AI nations invite observers to every drill that would alarm
someone. Confidence-building cuts the tension with its target by
{_r("confidence_tension_cut")}, and mediation between two nations by
{_r("mediation_tension_cut")}. The top bar's tension figure names where world tension is
heading and each part of that target (the tensest pairs and the worst threat).

#### Flags

Flags are global: one set of named numbers for the whole game, not one per nation.
`set_flag: {{flag: summit_held}}` in any nation's event sets the same flag that
`flag("summit_held")` reads for every nation. To remember something per nation, put the
nation's id into the flag's name (`summit_with_FIN`).

#### Follow-ups

`chain_event` schedules an event `after` turns about the same `nation` and `target`. When
it is due, only its `trigger` decides: `who`, `nations`, `targets`, `once`, `cooldown` and
`mean_time` are not consulted, so a follow-up can reach a nation its `who` would not
roll for. If the trigger does not hold on that turn, the follow-up is dropped for good;
`alliances analyze` lists follow-ups dropped this way and which part of the trigger was
false.
"""
