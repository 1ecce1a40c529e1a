"""Asks, calls to honour a pact, and alliances that break: scenarios on small worlds."""

from __future__ import annotations

import numpy as np

from game.core import actions, price, requests, staying
from game.core.actions.asks import AnswerRequest
from game.core.actions.base import Fx
from game.core.actions.exercise import HoldExercise
from game.core.context import Ctx
from game.core.domestic import change_government
from game.core.game import Game
from game.core.outcomes import Outcome
from game.core.phrasing import signed
from game.core.state import GameState, RequestState
from tests.core.conftest import World


def _facts(news: list[Outcome], fact: str) -> list[Outcome]:
    return [o for o in news if o.fact == fact]


def _threatened_ally(world: World) -> Game:
    """AAA (the player, military 5) shares an access agreement with BBB and CCC (military 40);
    BBB feels a threat at 55."""
    return (
        world.nation("AAA", military=5)
        .nations("BBB", "CCC", military=40)
        .agreement("access", "AAA", "BBB", "CCC")
        .threat("menace", source=None, threatened=["BBB"], level=55)
        .rules(trust_drift_rate=0)
        .game()
    )


def test_a_threatened_ai_asks_a_low_defence_ally_and_the_player_sees_both_ledgers(
    world: World,
) -> None:
    """BBB feels a threat and its ally AAA spends far less on defence than the others: BBB
    asks AAA to raise defence spending. The ask waits in the player's inbox with what
    accepting costs (a promise) and what refusing costs (trust, reputation); accepting makes
    the promise."""
    game = _threatened_ally(world)
    news = game.end_turn()
    (made,) = _facts(news, "AskMade")
    assert made.nations == ("BBB", "AAA") and made.data["kind"] == "defence"
    (q,) = requests.waiting(game.state, "AAA")
    yes, no = AnswerRequest("AAA", q.key, True), AnswerRequest("AAA", q.key, False)
    assert yes in game.legal_commands() and no in game.legal_commands()
    assert any("A promise: military +3" in ln.text for ln in game.preview(yes))
    refusing = [ln.text for ln in game.preview(no)]
    assert "Nation BBB's trust in you −5" in refusing
    assert "Your reputation −1" in refusing

    assert game.issue(yes).ok
    (p,) = game.state.promises
    assert (p.promiser, p.promisee, p.kind, p.amount) == ("AAA", "BBB", "defence", 3.0)
    assert requests.waiting(game.state, "AAA") == []


def test_an_unanswered_ask_lapses_and_counts_as_refused(world: World) -> None:
    """The player lets BBB's ask sit through a whole turn: at that turn's end it lapses,
    BBB's trust in AAA falls by the refusal's cost and AAA's reputation by its share."""
    game = _threatened_ally(world)
    game.end_turn()
    s = game.state
    trust_before, rep_before = float(s.trust[1, 0]), float(s.reputation[0])
    news = game.end_turn()
    (lapsed,) = _facts(news, "RequestLapsed")
    assert lapsed.nations == ("AAA", "BBB")
    r = game.level.rules
    assert float(s.trust[1, 0]) == trust_before - r.ask_refused_trust
    assert float(s.reputation[0]) == rep_before - r.ask_refused_reputation
    assert requests.waiting(s, "AAA") == []


def _rising_threat(world: World) -> Game:
    """BBB (military 10) and CCC share an access agreement; a threat from RRR (military 40)
    against BBB rises 10 a turn from 33, so it enters a new band on the second turn."""
    return (
        world.nation("AAA")
        .nation("BBB", military=10)
        .nation("CCC", military=40)
        .nation("RRR", military=40)
        .agreement("access", "BBB", "CCC")
        .threat("menace", source="RRR", threatened=["BBB"], level=33, growth=10)
        .rules(trust_drift_rate=0, tension_decay=0, interop_decay=0)
        .game()
    )


def test_an_escalating_threat_calls_an_ally_who_answers_by_its_ledger(world: World) -> None:
    """The threat enters a higher band: BBB, the weaker side, calls CCC for a show of force
    toward RRR. CCC weighs it (the pact's word, what refusing would cost, the price) and
    answers; the news gives the ledger. BBB's trust in CCC and their doctrine rise, and so
    does tension between CCC and RRR; CCC pays the capital and budget."""
    game = _rising_threat(world)
    assert _facts(game.end_turn(), "CallMade") == []  # the first turn only marks the band
    s = game.state
    b, c, x = s.idx("BBB"), s.idx("CCC"), s.idx("RRR")
    trust, doctrine, tension = float(s.trust[b, c]), float(s.doctrine[b, c]), s.tension[c, x]
    budget = float(s.budget[c])
    news = game.end_turn()
    (call,) = _facts(news, "CallMade")
    assert call.nations == ("BBB", "CCC") and call.data["kind"] == "show_of_force"
    (answered,) = _facts(news, "CallAnswered")
    assert "ledger +" in answered.text and "the pact's word" in answered.text
    r = game.level.rules
    assert float(s.trust[b, c]) == trust + r.call_answered_trust
    assert float(s.doctrine[b, c]) == doctrine + r.call_answered_interop
    assert float(s.tension[c, x]) > float(tension)
    # The budget paid for the show, then the turn's income came in.
    income = min(r.budget_max, budget - r.call_show_budget + 50 * r.budget_per_economy)
    assert float(s.budget[c]) == round(max(budget - r.call_show_budget, income), 2)


def test_a_refused_call_costs_trust_and_reputation_and_the_caller_walks_out(
    world: World,
) -> None:
    """CCC holds a grievance against BBB, so its ledger refuses BBB's call: BBB's trust in
    CCC falls by the refusal's cost and CCC's reputation by its share. BBB, touched by the
    refusal, re-judges the agreement: its stay ledger (trust now low, an old grievance) is
    below the threshold and it walks out, with the ledger and the cause in the news."""
    game = (
        world.nation("AAA")
        .nation("BBB", military=10)
        .nation("CCC", military=40)
        .nation("RRR", military=40)
        .agreement("access", "BBB", "CCC")
        .threat("menace", source="RRR", threatened=["BBB"], level=33, growth=10)
        .relation("CCC", "BBB", symmetric=False, trust=46, grievance=60)
        .relation("BBB", "CCC", symmetric=False, trust=46, grievance=20)
        .rules(trust_drift_rate=0, grievance_decay=0)
        .game()
    )
    game.end_turn()
    s = game.state
    rep = float(s.reputation[s.idx("CCC")])
    news = game.end_turn()
    (refused,) = _facts(news, "CallRefused")
    assert "ledger −" in refused.text or "ledger -" in refused.text
    r = game.level.rules
    assert float(s.trust[s.idx("BBB"), s.idx("CCC")]) == 46 - r.call_refused_trust
    assert float(s.reputation[s.idx("CCC")]) == rep - r.call_refused_reputation
    (left,) = _facts(news, "AgreementLeft")
    assert left.nations[0] == "BBB"
    assert left.data["cause"] == "Nation CCC refused a call"
    assert "stay ledger" in left.text
    assert s.agreements == []


def test_noise_at_a_band_edge_calls_no_one(world: World) -> None:
    """A threat that hovers on a band's edge (no growth, only noise) never counts as
    escalating: the mark moves up only into a band not reached before, and down only a
    whole band below it."""
    game = (
        world.nation("AAA")
        .nations("BBB", "CCC")
        .agreement("access", "BBB", "CCC")
        .threat("menace", source=None, threatened=["BBB"], level=40, growth=0)
        .game()
    )
    calls = []
    for _ in range(12):
        calls += _facts(game.end_turn(), "CallMade")
    assert len(calls) <= 1  # a first step up into band 4 may count, never the jitter around it


def test_stay_ledgers_are_each_members_mean_over_its_partners(world: World) -> None:
    """A member's stay ledger reads each partner as a newcomer's ledger would and averages
    them: with every other number neutral, the trust line is the mean of its trust in the
    others, less neutral, times the rule."""
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .agreement("trade_pact", "AAA", "BBB", "CCC", "DDD")
        .trust("BBB", "AAA", 20)
        .trust("BBB", "CCC", 50)
        .trust("BBB", "DDD", 80)
        .trust("CCC", "AAA", 10)
        .game()
    )
    ctx = Ctx(game.level, game.state)
    (a,) = game.state.agreements
    by = {st.member: dict(st.factors) for st in staying.stay_ledgers(ctx, a)}
    r = game.level.rules
    assert "trust in partners" not in by["BBB"]  # (20 + 50 + 80) / 3 = 50: neutral
    assert by["CCC"]["trust in partners"] == round(((10 + 50 + 50) / 3 - 50) * r.verdict_trust, 1)
    assert by["AAA"]["walking out costs face"] == r.stay_leaving_cost


def test_the_player_is_warned_before_a_partner_walks_out(world: World) -> None:
    """CCC's trust in the player has sunk low enough that its stay ledger is within the
    warning margin of the threshold: the warning names it, the ledger and the threshold."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("trade_pact", "AAA", "BBB", "CCC")
        .trust("CCC", "AAA", 20)
        .trust("CCC", "BBB", 40)
        .game()
    )
    ctx = Ctx(game.level, game.state)
    lines = staying.warnings(ctx)
    assert len(lines) == 1
    assert lines[0].startswith("Nation CCC may leave the trade pact: stay ledger −")
    assert "leaves below −8" in lines[0]
    assert staying.warnings(ctx, "BBB") == []
    assert staying.warnings(ctx, "CCC") == lines


def test_an_ai_asked_by_an_ai_answers_at_once_and_a_refused_ask_costs_trust(
    world: World,
) -> None:
    """An ask between two AI nations is answered in the same phase, by the ledger: a
    nation that cannot pay for aid refuses, and the asker's trust in it falls."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("trade_pact", "BBB", "CCC")
        .rules(trust_drift_rate=0)
        .game()
    )
    s = game.state
    ctx = Ctx(game.level, s)
    s.budget[s.idx("CCC")] = 1.0
    q = RequestState(s.new_key(), "aid", "BBB", "CCC", s.turn, 4.0)
    requests.send(ctx, q)
    assert [o.fact for o in ctx.outcomes] == ["AskMade", "AskRefused"]
    assert "cannot pay for it now" in ctx.outcomes[1].text
    assert q.status == "refused"
    assert float(s.trust[s.idx("BBB"), s.idx("CCC")]) == 50 - game.level.rules.ask_refused_trust


def test_requests_survive_a_snapshot_and_old_snapshots_load(world: World) -> None:
    """Open requests and threat marks are in the snapshot and the hash; a snapshot from
    before they existed loads with none."""
    game = _threatened_ally(world)
    game.end_turn()
    s = game.state
    assert s.requests
    snap = s.to_snapshot()
    back = GameState.from_snapshot(snap)
    assert back.requests == s.requests and back.threat_bands == s.threat_bands
    assert back.state_hash() == s.state_hash()
    changed = back.copy()
    changed.requests[0].status = "refused"
    assert changed.state_hash() != s.state_hash()
    old = {k: v for k, v in snap.items() if k not in ("requests", "threat_bands")}
    assert GameState.from_snapshot(old).requests == []


def test_answer_request_is_refused_for_a_key_not_waiting(world: World) -> None:
    """Answering an ask that is not in your inbox is refused with a reason."""
    game = _threatened_ally(world)
    why = actions.check(game.ctx(), AnswerRequest("AAA", 999, True), [])
    assert why == ["no ask or call 999 waiting for you"]
    assert np.all(game.state.capital >= 0)


def test_an_incident_in_the_players_exercise_calls_its_ally_who_answers_in_the_news(
    world: World,
) -> None:
    """The player AAA drills with BBB, its partner in an access agreement, and an incident
    with the wary CCC follows (incidents are certain here): at the end of the turn AAA calls
    on BBB for a joint statement, and BBB answers or refuses with its ledger in the news."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("access", "AAA", "BBB")
        .relation("CCC", "AAA", trust=20)
        .relation("CCC", "BBB", trust=20)
        .rules(exercise_incident_chance=(1.0, 1.0, 1.0))
        .game()
    )
    assert game.issue(HoldExercise("AAA", "BBB")).ok
    news = game.end_turn()
    (call,) = _facts(news, "CallMade")
    assert call.nations == ("AAA", "BBB") and call.data["kind"] == "statement"
    answers = _facts(news, "CallAnswered") + _facts(news, "CallRefused")
    assert len(answers) == 1 and "ledger" in answers[0].text


def test_a_new_government_walks_out_of_an_agreement_its_stay_ledger_rejects(
    world: World,
) -> None:
    """BBB trusts CCC in their trade pact but distrusts DDD and holds a grievance against
    it. A new government in BBB keeps the pact on its review (judged by the partner it
    trusts most), but its stay ledger, which weighs every partner, is below the threshold:
    it walks out as part of the change (so a forecast that plays the change out sees it)."""
    game = (
        world.nations("AAA", "BBB", "CCC", "DDD")
        .agreement("trade_pact", "BBB", "CCC", "DDD")
        .relation("BBB", "CCC", symmetric=False, trust=60)
        .relation("BBB", "DDD", symmetric=False, trust=10, grievance=40)
        .game()
    )
    ctx = Ctx(game.level, game.state)
    (pact,) = game.state.agreements
    (bbb,) = [st for st in staying.stay_ledgers(ctx, pact) if st.member == "BBB"]
    assert bbb.total < game.level.rules.stay_leave_threshold
    change_government(ctx, game.state.idx("BBB"))
    (left,) = [o for o in ctx.outcomes if o.fact == "AgreementLeft"]
    assert left.nations[0] == "BBB" and left.data["cause"] == "a new government"
    assert "stay ledger" in left.text
    assert game.state.agreements[0].members == ["CCC", "DDD"]


def test_spending_what_a_waiting_call_needs_is_named_in_the_price(world: World) -> None:
    """BBB and CCC each call on AAA (the player) for a joint statement, which takes 1
    diplomatic capital. With 1 capital left, every command that spends capital names each
    call it would leave unanswerable and what that call's lapse costs, and accepting one
    call names the other; with 2 capital, nothing that costs 1 is stranded."""
    game = (
        world.nations("AAA", "BBB", "CCC")
        .agreement("access", "AAA", "BBB", "CCC")
        .rules(trust_drift_rate=0)
        .game()
    )
    s = game.state
    ctx = Ctx(game.level, s)
    first = RequestState(s.new_key(), "statement", "BBB", "AAA", s.turn, about="access")
    second = RequestState(s.new_key(), "statement", "CCC", "AAA", s.turn, about="access")
    requests.send(ctx, first)
    requests.send(ctx, second)
    s.capital[s.idx("AAA")] = 1
    r = game.level.rules

    spenders = [c for c in game.legal_commands() if actions.cost_of(game.ctx(), c).capital >= 1]
    assert spenders
    for cmd in spenders:
        text = price.of_command(game.ctx(), cmd).text()
        for asker in ("Nation BBB", "Nation CCC"):
            assert (
                f"you could no longer answer {asker}'s call (it needs 1 diplomatic capital); "
                f"lapsed, it costs {asker}'s trust in you −{r.call_refused_trust:g}"
            ) in text, text
        assert f"your reputation −{r.call_refused_reputation:g}" in text

    accepting = [ln.text for ln in game.preview(AnswerRequest("AAA", first.key, True))]
    assert any("answer Nation CCC's call" in t for t in accepting)
    assert not any("answer Nation BBB's call" in t for t in accepting)

    s.capital[s.idx("AAA")] = 2
    for cmd in spenders:
        if actions.cost_of(game.ctx(), cmd).capital == 1:
            assert "could no longer answer" not in price.of_command(game.ctx(), cmd).text()


def test_an_event_option_that_spends_the_budget_an_ask_needs_names_the_ask(
    world: World,
) -> None:
    """BBB asks AAA (the player) for 4 in aid; AAA has 5 budget. An event option that takes
    2 budget from the player would leave the ask unanswerable, and its price says so; one
    that takes 1, or takes budget from another nation, does not."""
    game = world.nations("AAA", "BBB").rules(trust_drift_rate=0).game()
    s = game.state
    ctx = Ctx(game.level, s)
    requests.send(ctx, RequestState(s.new_key(), "aid", "BBB", "AAA", s.turn, 4.0))
    s.budget[s.idx("AAA")] = 5.0
    ctx = game.ctx()

    def option(who: str, by: float) -> str:
        return price.of_effects(ctx, [Fx("budget", {"nation": who, "by": by})]).text()

    assert "you could no longer answer Nation BBB's ask (it needs 4 budget)" in option(
        "player", -2.0
    )
    assert "could no longer answer" not in option("player", -1.0)
    assert "could no longer answer" not in option("BBB", -5.0)
    # An ask that needs nothing now (to join an exercise later) is never stranded, even by
    # an option that takes more budget than there is.
    requests.send(ctx, RequestState(s.new_key(), "exercise", "BBB", "AAA", s.turn))
    assert "Nation BBB's ask (it needs )" not in option("player", -9.0)
    assert option("player", -9.0).count("could no longer answer") == 1


def test_accepting_a_military_agreement_names_the_calls_it_may_bring(world: World) -> None:
    """BBB offers AAA (the player) an access agreement: accepting costs nothing now, but
    its price names the calls membership may bring and what refusing one costs, and the
    commitment every later ledger holds against AAA. A forum brings no calls."""
    from game.core.actions.answers import AnswerProposal
    from game.core.state import PendingOffer

    game = world.nations("AAA", "BBB").game()
    s, r = game.state, game.level.rules
    for kind in ("access", "dialogue_forum"):
        s.offers.append(PendingOffer(s.new_key(), "BBB", "AAA", kind, [], s.turn))
    access, forum = (
        price.of_command(game.ctx(), AnswerProposal("AAA", o.key, True)).text() for o in s.offers
    )
    calls = (
        "you may be called on when a member is threatened (a statement, a show of force, "
        f"sanctions or aid); a refusal costs the caller's trust −{r.call_refused_trust:g}, "
        f"the other members' −{r.call_refused_member_trust:g} and your reputation "
        f"−{r.call_refused_reputation:g}"
    )
    carried = (
        f"your later proposals {signed(r.verdict_commitment)} in every nation's ledger "
        "(one more agreement carried)"
    )
    assert access == f"Costs you: {calls} · {carried}"
    assert forum == f"Costs you: {carried}"
