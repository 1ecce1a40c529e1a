"""Every choice says what it costs you: action tooltips, the proposal builder, event options."""

from __future__ import annotations

import pygame

from game.core import price
from game.core.actions.proposal import ProposeAgreement
from game.core.phrasing import signed
from game.core.state import AgreementState, PendingEvent
from game.ui.describe import lasting_first
from game.ui.objectives import requirement_text
from game.ui.scenes.event import EventDialog
from game.ui.scenes.nation import NationPanel
from game.ui.scenes.proposal import ProposalScene
from game.ui.widgets import Button, Label, Toggle


def actions_tab(playing, nid: str) -> NationPanel:
    play = playing.stack[0]
    playing.apply(play.select(nid))
    playing.step()
    panel = playing.top
    assert isinstance(panel, NationPanel)
    panel.set_tab("Actions")
    playing.step()
    return panel


def test_every_action_tooltip_carries_its_whole_price(playing, ui) -> None:
    """Each action row's tooltip holds the rules' price of that command, word for word; the
    trade concession's names the approval it costs (the cost a player once met too late)."""
    panel = actions_tab(playing, "FIN")
    g = panel.session.game
    rows = {row.label: row for row in g.menu("FIN") if row.action.id != "proposal"}
    seen = 0
    for w in panel.widgets:
        if isinstance(w, Button) and w.text in rows:
            assert price.of_command(g.ctx(), rows[w.text].command).text() in w.tip
            seen += 1
    assert seen >= 5
    concession = ui.button("Trade concession", panel)
    assert "Costs you: 1 diplomatic capital · your approval −" in concession.tip
    # The row itself shows there is more to pay than capital, in full when it fits.
    assert concession.detail in ("1 DC · approval −2", "1 DC +…")
    assert concession.fits(playing.theme)
    # Hovering shows it: the tooltip is the row's.
    pygame.event.post(
        pygame.event.Event(
            pygame.MOUSEMOTION, pos=concession.rect.center, rel=(0, 0), buttons=(0, 0, 0)
        )
    )
    playing.step()
    assert "approval" in playing.tooltip


def test_the_proposal_builder_shows_the_price_before_sending(playing, ui) -> None:
    """Turning on a trade concession adds its approval cost to the price shown; a defence
    pledge shows the military strength you have and the strength it asks for."""
    play = playing.stack[0]
    playing.apply(play.open_proposal("FIN"))
    playing.step()
    scene = playing.top
    assert isinstance(scene, ProposalScene)
    before = scene.price.text
    assert before.startswith("Costs you: ") and "approval" not in before
    toggle = next(w for w in scene.widgets if isinstance(w, Toggle) and "concession" in w.text)
    ui.click(toggle.rect.center)
    assert scene.concession
    assert "approval −" in scene.price.text
    s = scene.ctl.session
    cmd = ProposeAgreement(s.player, "FIN", scene.kind, scene.terms)
    assert scene.price.text == price.of_command(s.game.ctx(), cmd).text()
    military = float(s.game.state.military[s.game.state.idx(s.player)])
    assert scene.military.text == f"Your military strength {military:.0f}"
    scene._set_defence(3)
    assert scene.military.text.startswith(f"Your military {military:.0f} · +3 means ")
    assert "defence spending +3" in scene.price.text
    # Both are drawn on the screen, inside the dialog.
    playing.step()
    labels = [w for w in scene.widgets if isinstance(w, Label)]
    assert scene.price in labels and scene.military in labels
    assert scene.frame.contains(scene.price.rect)


def test_event_options_say_their_cost_on_a_line_of_its_own(playing) -> None:
    """The protests event: the town-hall tour costs 1 diplomatic capital; proceeding costs
    4 approval; neither cost is left among the other effects."""
    play = playing.stack[0]
    s = play.session
    pending = PendingEvent(-1, "home_protests", s.player, None, 0)
    playing.stack[1:] = [EventDialog(playing, play, pending)]
    playing.step()
    dialog = playing.top
    costs = [box.cost for box in dialog.boxes]
    assert costs == [
        "Costs you: your diplomatic capital −1",
        "Costs you: your approval −4",
    ]
    assert all(ln.tone >= 0 for box in dialog.boxes for ln in box.lines)
    assert [ln.text for ln in dialog.boxes[0].lines] == ["Your approval +3"]


def test_an_unmet_requirement_names_the_figure_and_what_you_have(playing) -> None:
    play = playing.stack[0]
    s = play.session
    approval = round(float(s.game.state.approval[s.game.state.idx(s.player)]), 1)
    pending = PendingEvent(-1, "summit_invite", s.player, "FIN", 0)
    playing.stack[1:] = [EventDialog(playing, play, pending)]
    playing.step()
    box = playing.top.boxes[2]
    assert not box.ok
    assert box.req == f"your approval > 80 (you have {approval:g})"
    assert box.tip == f"Requires {box.req}"


def test_requirements_name_the_events_nations(playing) -> None:
    s = playing.stack[0].session
    ctx = s.game.ctx().scoped("FIN", "SWE")
    budget = round(float(s.game.state.budget[s.game.state.idx("FIN")]), 1)
    assert requirement_text(ctx, "budget(nation) >= 30") == (
        f"Finland's budget ≥ 30 (it has {budget:g})"
    )
    assert requirement_text(ctx, 'has_agreement(nation, target, "dialogue_forum")') == (
        "dialogue forum with Finland and Sweden"
    )
    assert requirement_text(ctx, 'is_member(player, "dialogue_forum")') == (
        "your membership of the dialogue forum"
    )
    trust = round(float(s.game.state.trust[s.game.state.idx("FIN"), s.game.state.idx("EST")]), 1)
    assert requirement_text(ctx, "capital(player) >= 1 or trust(nation, player) > 50") == (
        f"your diplomatic capital ≥ 1 (you have 3) or Finland's trust in you > 50 (now {trust:g})"
    )


def test_an_offer_says_what_accepting_costs_and_fits(playing, text_problems) -> None:
    """Finland offers a trade pact with a defence pledge of its own: the dialog says what
    accepting costs you (not the pledge, which is theirs, but one more agreement carried
    against your later proposals), shows Finland's military beside its pledge, and every
    line of it fits at the smallest window."""
    from game.core.state import PendingOffer
    from game.ui.scenes.event import OfferDialog

    play = playing.stack[0]
    st = play.session.game.state
    kind = play.session.level.agreement_kinds[1].id
    offer = PendingOffer(st.new_key(), "FIN", "EST", kind, [["defence", 2]], st.turn)
    st.offers.append(offer)
    playing.settings.window_width, playing.settings.window_height = 800, 600
    playing.apply_settings(resize=True)
    playing.stack[1:] = [OfferDialog(playing, play, offer)]
    playing.step()
    texts = [w.text for w in playing.top.widgets if isinstance(w, Label)]
    r = play.session.level.rules
    assert (
        f"Accepting costs you: your later proposals {signed(r.verdict_commitment)} in every "
        "nation's ledger (one more agreement carried)." in texts
    )
    military = float(st.military[st.idx("FIN")])
    assert f"They offer defence +2 (their military {military:.0f})." in texts
    assert not text_problems(playing, top_only=True)


def test_a_refused_action_lists_every_reason_what_waiting_will_not_change_first(
    playing,
) -> None:
    """With no capital left, an action already done this turn is refused for two reasons:
    its row says both, "already done" (which the next turn's capital will not change
    alone) before the capital it needs."""
    panel = actions_tab(playing, "FIN")
    g = panel.session.game
    row = next(r for r in g.menu("FIN") if r.action.id == "dialogue")
    assert g.issue(row.command).ok
    st = g.state
    st.capital[st.idx(g.player)] = 0
    panel.set_tab("Actions")
    playing.step()
    (again,) = [r for r in g.menu("FIN") if r.action.id == "dialogue"]
    assert len(again.reasons) == 2
    shown = [w.text for w in panel.widgets if isinstance(w, Label) and w.text.startswith("✗")]
    assert "✗ already done with Finland this turn; needs 1 diplomatic capital, you have 0" in shown


def test_an_offer_from_a_bloc_member_names_the_bloc_you_would_join(
    playing, drawn_texts, text_problems
) -> None:
    """Finland, in a dialogue forum with Sweden and Latvia, offers Estonia that forum: the
    dialog says Estonia would join Finland's forum of four and that its other members must
    agree (and whether they do), and it all fits at the smallest window. Accepting costs
    nothing: who joins what is news, not a price."""
    from game.core.actions.answers import AnswerProposal
    from game.core.state import PendingOffer
    from game.ui.scenes.event import OfferDialog

    play = playing.stack[0]
    g = play.session.game
    st = g.state
    forum = next(a for a in st.agreements if a.kind == "dialogue_forum")
    forum.members = ["FIN", "LVA", "SWE"]
    st.agreements_changed()
    offer = PendingOffer(st.new_key(), "FIN", "EST", "dialogue_forum", [], st.turn)
    st.offers.append(offer)
    playing.settings.window_width, playing.settings.window_height = 800, 600
    playing.apply_settings(resize=True)
    playing.stack[1:] = [OfferDialog(playing, play, offer)]
    playing.step()
    said = " ".join(drawn_texts(playing, top_only=True))
    assert "You join Finland's dialogue forum (4 members with you: Finland, Latvia and" in said
    assert "Its other 2 members must agree, and " in said
    assert not text_problems(playing, top_only=True)
    accept = AnswerProposal("EST", offer.key, True)
    # Joining is news, not a cost; what it costs is the commitment carried.
    r = play.session.level.rules
    assert price.of_command(g.ctx(), accept).text() == (
        f"Costs you: your later proposals {signed(r.verdict_commitment)} in every nation's ledger "
        "(one more agreement carried)"
    )
    lines = [ln.text for ln in g.preview(accept)]
    assert lines[0].startswith("You join Finland's dialogue forum (4 members with you")


def test_the_proposal_builder_says_which_kinds_are_not_yet_open_and_why(
    playing, drawn_texts
) -> None:
    """A defence pact with Finland needs lesser agreements first: its badge says "not yet"
    and its tip says why. With no capital left a forum Finland would accept is not promised
    as a yes. A kind open to propose shows how far Finland's trust is from what it wants."""
    play = playing.stack[0]
    s = play.session
    game, st = s.game, s.game.state
    playing.apply(play.open_proposal("FIN"))
    playing.step()
    scene = playing.top
    badges = {w.text: w for w in scene.widgets if isinstance(w, Button) and w.detail}
    pact = badges["Defence pact"]
    why = game.reasons(ProposeAgreement(s.player, "FIN", "defence_pact", ()))
    assert why and pact.detail == "not yet"
    assert pact.tip.endswith("Not yet: " + "; ".join(lasting_first(why)))
    assert "Dialogue forum" not in badges  # open, and Finland's trust is all it wants

    scene.set_kind("dialogue_forum")
    playing.step()
    assert game.verdict("FIN", "dialogue_forum", ()).accepted
    assert "They would accept" in drawn_texts(playing, top_only=True)
    st.capital[st.idx(s.player)] = 0
    scene.relayout()
    texts = drawn_texts(playing, top_only=True)
    assert "They would accept" not in texts
    assert "They would accept, once you can send it" in texts
    st.capital[st.idx(s.player)] = 3

    # Three turns into a forum, a trade pact is open; Finland's trust in you is short of
    # what it wants for one, which weighs against it without forbidding it.
    st.agreements.append(AgreementState(st.new_key(), "dialogue_forum", ["EST", "FIN"], -3))
    st.agreements_changed()

    def trade_at(trust: float) -> Button:
        """The Trade pact button once Finland trusts you `trust`."""
        st.trust[st.idx("FIN"), st.idx(s.player)] = trust
        scene.relayout()
        playing.step()
        return next(w for w in scene.widgets if isinstance(w, Button) and w.text == "Trade pact")

    trade = trade_at(20)
    assert trade.detail == "trust 20 of 35"
    assert "Finland wants trust 35 for this, you have 20" in trade.tip
    # Just short of it, the badge never rounds up to what Finland wants.
    trade = trade_at(34.7)
    assert trade.detail == "trust 34.7 of 35"
    assert "you have 34.7" in trade.tip


def test_the_proposal_builder_forecasts_a_members_veto(playing, drawn_texts) -> None:
    """Finland would say yes to a forum, but it would join you to its forum with Sweden, and
    Sweden distrusts you: the verdict is Sweden's veto, not a green "They would accept"."""
    play = playing.stack[0]
    s = play.session
    st = s.game.state
    st.agreements[:] = [AgreementState(st.new_key(), "dialogue_forum", ["FIN", "SWE"], -4)]
    st.agreements_changed()
    st.trust[st.idx("FIN"), st.idx(s.player)] = 90
    st.trust[st.idx("SWE"), st.idx(s.player)] = 5
    assert s.game.verdict("FIN", "dialogue_forum").accepted
    playing.apply(play.open_proposal("FIN"))
    scene = playing.top
    scene.set_kind("dialogue_forum")
    playing.step()
    texts = drawn_texts(playing, top_only=True)
    assert "Sweden would object" in texts
    assert "They would accept" not in texts
    assert any("Sweden would veto it (ledger −" in t for t in texts)
    st.trust[st.idx("SWE"), st.idx(s.player)] = 95  # now Sweden consents too
    scene.relayout()
    playing.step()
    assert "They would accept" in drawn_texts(playing, top_only=True)


def test_an_offer_settled_by_your_answer_is_told_not_dropped_in_silence(playing) -> None:
    """Finland and Sweden share a forum and both offer you one: accepting Finland's puts you
    in it with Sweden too, and a toast says Sweden's offer is settled, beside the signing."""
    from game.core.actions.answers import AnswerProposal
    from game.core.state import PendingOffer

    play = playing.stack[0]
    s = play.session
    st = s.game.state
    st.agreements[:] = [AgreementState(st.new_key(), "dialogue_forum", ["FIN", "SWE"], -4)]
    st.agreements_changed()
    st.trust[st.idx("SWE"), st.idx(s.player)] = 90
    for proposer in ("FIN", "SWE"):
        st.offers.append(PendingOffer(st.new_key(), proposer, s.player, "dialogue_forum", [], 0))
    playing.toasts.clear()
    assert play.issue(AnswerProposal(s.player, st.offers[0].key, True)).ok
    toasts = [text for text, _ in playing.toasts]
    assert "Sweden's offer of a dialogue forum is settled: you are in one together now." in toasts
    assert toasts[-1].startswith("Estonia joined the dialogue forum of Finland and Sweden")


def test_exercise_rows_with_observers_come_last_so_the_others_stay_put(playing) -> None:
    """Exercises with observers are offered only while someone would feel threatened; they
    are listed after every other action, so their coming and going moves no other row."""
    play = playing.stack[0]
    s = play.session
    st = s.game.state
    st.agreements.append(AgreementState(st.new_key(), "dialogue_forum", ["EST", "FIN"], -4))
    st.agreements_changed()
    low = s.game.rules.exercise_threatened_trust - 5
    st.trust[st.idx("RUS"), st.idx("EST")] = st.trust[st.idx("RUS"), st.idx("FIN")] = low
    panel = actions_tab(playing, "FIN")
    labels = {r.label for r in s.game.menu("FIN")} | {"Propose an agreement…"}
    listed: list[str] = []  # the panel's rows in order, read one scroll step at a time
    for first in range(len(labels)):
        panel.first = first
        panel.relayout()
        playing.step()
        top = next(
            (w.text for w in panel.widgets if isinstance(w, Button) and w.text in labels), None
        )
        if top is not None and top not in listed:
            listed.append(top)
    watched = [k for k, text in enumerate(listed) if "observers invited" in text]
    assert len(watched) == 3
    assert watched == list(range(len(listed) - 3, len(listed)))


def test_a_proposal_that_cannot_be_sent_says_why_before_what_would_sway_them(
    playing, drawn_texts
) -> None:
    play = playing.stack[0]
    playing.apply(play.open_proposal("FIN"))
    scene = playing.top
    scene.set_kind("defence_pact")
    playing.step()
    texts = drawn_texts(playing, top_only=True)
    cannot = next(k for k, t in enumerate(texts) if t.startswith("Cannot send: "))
    sway = next(k for k, t in enumerate(texts) if t.startswith("Once you can send it — "))
    assert cannot < sway


def test_promising_an_exercise_you_cannot_hold_yet_is_said_before_sending(playing) -> None:
    """Finland trusts you too little to drill with you: promising it an exercise says so,
    as a cost of the proposal, with both trust figures."""
    s = playing.stack[0].session
    g = s.game
    st = g.state
    st.trust[st.idx("FIN"), st.idx(s.player)] = g.rules.exercise_min_trust - 10
    cmd = ProposeAgreement(s.player, "FIN", "dialogue_forum", (("exercise", 4),))
    cost = price.of_command(g.ctx(), cmd).text()
    theirs = round(g.rules.exercise_min_trust - 10)
    assert "you cannot hold one with them yet: needs trust ≥ " in cost
    assert f"(theirs {theirs}, yours " in cost
    st.trust[st.idx("FIN"), st.idx(s.player)] = 90
    st.trust[st.idx(s.player), st.idx("FIN")] = 90
    assert "cannot hold one" not in price.of_command(g.ctx(), cmd).text()
