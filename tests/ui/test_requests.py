"""The inbox shows asks and calls to honour a pact with both sides' costs, and answers them."""

from __future__ import annotations

from game.core.state import AgreementState, GameState, PendingOffer, RequestState
from game.ui.scenes.request import RequestDialog


def _latvia_calls(st: GameState) -> RequestState:
    """Latvia, Estonia's ally in an access agreement, calls for a joint statement."""
    st.agreements.append(AgreementState(st.new_key(), "access", ["EST", "LVA"], 0))
    st.agreements_changed()
    q = RequestState(st.new_key(), "statement", "LVA", "EST", st.turn, about="access")
    st.requests.append(q)
    return q


def test_a_call_to_honour_the_pact_shows_both_costs_and_accepting_pays(
    playing, ui, drawn_texts
) -> None:
    """Latvia, Estonia's ally in an access agreement, calls for a joint statement: the
    dialog names the call, what accepting costs (1 diplomatic capital) and brings, and what
    refusing costs; Accept pays the capital and raises Latvia's trust."""
    play = playing.stack[0]
    st = play.session.game.state
    q = _latvia_calls(st)
    playing.step()
    dialog = playing.top
    assert isinstance(dialog, RequestDialog)
    assert dialog.title == "A call from Latvia"
    texts = drawn_texts(playing, top_only=True)
    said = " ".join(texts)
    assert (
        "Latvia calls on you to join a statement of support. You are allies in the access "
        "agreement." in said
    )
    assert "If you accept:" in texts and "If you refuse, or let it lapse:" in texts
    assert "  Costs now: 1 diplomatic capital" in texts
    assert "  Latvia's trust in you +6; doctrine and communications with them +2" in texts
    assert "  Latvia's trust in you −10" in texts
    est, lva = st.idx("EST"), st.idx("LVA")
    capital, trust = int(st.capital[est]), float(st.trust[lva, est])
    ui.press("Accept")
    assert q.status == "accepted"
    assert int(st.capital[est]) == capital - 1
    assert float(st.trust[lva, est]) > trust
    assert ui.names == ["PlayScene"]


def test_an_ask_refused_from_the_inbox_costs_trust(playing, ui, drawn_texts) -> None:
    """Finland asks Estonia to join an exercise, and the dialog says why (their doctrine
    alignment); Refuse answers at once and Finland's trust in Estonia falls by the
    refusal's cost."""
    play = playing.stack[0]
    st = play.session.game.state
    q = RequestState(st.new_key(), "exercise", "FIN", "EST", st.turn)
    st.requests.append(q)
    playing.step()
    assert isinstance(playing.top, RequestDialog)
    fin, est = st.idx("FIN"), st.idx("EST")
    doctrine = float(st.doctrine[fin, est])
    reason = f"Doctrine alignment between Finland and Estonia is {doctrine:.0f}; Finland asks"
    assert any(reason in t for t in drawn_texts(playing, top_only=True))
    trust = float(st.trust[fin, est])
    ui.press("Refuse")
    assert q.status == "refused"
    assert float(st.trust[fin, est]) == trust - play.session.level.rules.ask_refused_trust


def test_a_call_put_off_waits_beside_end_turn_with_what_its_lapse_costs(playing, ui) -> None:
    """Latvia's call is put off (Escape): the play screen says a call waits beside End turn,
    and both buttons' tips name what letting it lapse costs; the chip opens the call again.
    Once it is answered, the chip is gone and End turn says nothing of lapses."""
    import pygame

    play = playing.stack[0]
    st = play.session.game.state
    q = _latvia_calls(st)
    playing.step()
    assert isinstance(playing.top, RequestDialog)
    ui.key(pygame.K_ESCAPE)
    assert ui.names == ["PlayScene"]
    r = play.session.level.rules
    lapse = (
        f"Latvia's call — Latvia's trust in you −{r.call_refused_trust:g}, "
        f"your reputation −{r.call_refused_reputation:g}"
    )
    chip = ui.button("1 call waiting")
    assert lapse in chip.tip
    end = ui.button("End turn")
    assert end.tip.startswith("Unanswered at the turn's end, these lapse as refused:")
    assert lapse in end.tip

    ui.press("1 call waiting")
    assert isinstance(playing.top, RequestDialog)
    ui.press("Accept")
    assert q.status == "accepted" and ui.names == ["PlayScene"]
    assert not any(getattr(w, "text", "").endswith("waiting") for w in play.widgets)
    assert "lapse" not in ui.button("End turn").tip


def test_ending_the_turn_with_a_call_put_off_asks_first(playing, ui, drawn_texts) -> None:
    """End turn with Latvia's call put off asks whether to let it lapse, naming what that
    costs: Stay keeps the turn, Answer them opens the call, End turn anyway ends the turn
    and the call lapses as refused."""
    import pygame

    from game.ui.scenes.overlays import LapseScene, TurnSummaryScene

    play = playing.stack[0]
    st = play.session.game.state
    q = _latvia_calls(st)
    q.turn = st.turn - 1  # made at the end of the turn before, as calls are
    playing.step()
    ui.key(pygame.K_ESCAPE)  # put it off
    turn = st.turn
    ui.key(pygame.K_RETURN)
    assert isinstance(playing.top, LapseScene)
    r = play.session.level.rules
    said = " ".join(drawn_texts(playing, top_only=True))
    assert f"Latvia's call — Latvia's trust in you −{r.call_refused_trust:g}" in said
    ui.key(pygame.K_ESCAPE)
    assert ui.names == ["PlayScene"] and play.session.game.state.turn == turn

    # A proposal put off as well: Answer them opens the call, which lapses, not the proposal.
    st.offers.append(PendingOffer(st.new_key(), "LVA", "EST", "trade_pact", [], st.turn))
    playing.step()
    ui.key(pygame.K_ESCAPE)
    ui.press("End turn")
    ui.press("Answer them")
    assert isinstance(playing.top, RequestDialog) and ui.names[-2] == "PlayScene"
    assert playing.top.request is q
    ui.key(pygame.K_ESCAPE)
    ui.key(pygame.K_RETURN)
    ui.key(pygame.K_RETURN)  # End turn anyway
    assert isinstance(playing.top, TurnSummaryScene) and ui.names[-2] == "PlayScene"
    after = play.session.game.state
    assert after.turn == turn + 1
    assert [x.status for x in after.requests if x.key == q.key] == ["lapsed"]


def test_a_call_you_cannot_pay_says_why_on_the_dialog_and_fits(
    playing, drawn_texts, text_problems
) -> None:
    """With no diplomatic capital, Latvia's call cannot be accepted: the dialog says why in
    a line of its own, not only in the greyed button's tooltip, and everything still fits."""
    play = playing.stack[0]
    st = play.session.game.state
    _latvia_calls(st)
    st.capital[st.idx("EST")] = 0
    playing.step()
    dialog = playing.top
    assert isinstance(dialog, RequestDialog)
    said = drawn_texts(playing, top_only=True)
    assert "You cannot accept: needs 1 diplomatic capital, you have 0" in said
    accept = next(w for w in dialog.widgets if getattr(w, "text", "") == "Accept")
    assert not accept.enabled
    assert not text_problems(playing, top_only=True)
