"""Articles, counts, agreement names and unnamed parties in generated sentences."""

from __future__ import annotations

import pytest

from game.core import phrasing


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("access agreement", "an access agreement"),
        ("trade pact", "a trade pact"),
        ("union", "a union"),
        ("European forum", "a European forum"),
        ("hour", "an hour"),
        ("incident", "an incident"),
    ],
)
def test_articles(words: str, expected: str) -> None:
    assert phrasing.article(words) == expected


def test_agreement_names_are_countable_and_proper_names_keep_their_capitals() -> None:
    assert phrasing.an_agreement("Technology sharing") == "a technology sharing agreement"
    assert phrasing.an_agreement("Access agreement") == "an access agreement"
    assert phrasing.an_agreement("Defence pact") == "a defence pact"
    assert phrasing.an_agreement("North Atlantic Alliance") == "the North Atlantic Alliance"
    assert phrasing.the_agreement("Dialogue forum") == "the dialogue forum"


def test_counts() -> None:
    assert phrasing.plural(1, "turn") == "1 turn"
    assert phrasing.plural(2, "turn") == "2 turns"
    assert phrasing.plural(0, "news item") == "0 news items"
    assert phrasing.plural(2, "crisis", "crises") == "2 crises"


def test_unnamed_parties_are_the_government_or_the_opposition() -> None:
    assert phrasing.party("Opposition leader of Japan", "Opposition") == "the opposition"
    assert phrasing.party("Maria Delgado", "Democratic Union") == "Maria Delgado (Democratic Union)"


def test_signed_numbers_keep_at_most_one_decimal() -> None:
    assert phrasing.signed(1.93333) == "+1.9"
    assert phrasing.signed(-3) == "−3"
    assert phrasing.signed(0.5) == "+0.5"
    assert phrasing.signed(2.25, 2) == "+2.25"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ([], ""),
        (["Poland"], "Poland"),
        (["Poland", "Lithuania"], "Poland and Lithuania"),
        (["Poland", "Lithuania", "Latvia"], "Poland, Lithuania and Latvia"),
        (
            ["Poland", "Lithuania", "Latvia", "Estonia", "Finland"],
            "Poland, Lithuania, Latvia and 2 more",
        ),
    ],
)
def test_lists_of_names_end_with_and(names: list[str], expected: str) -> None:
    assert phrasing.listing(names) == expected


def test_a_line_runs_on_in_a_sentence_lowered_unless_it_opens_with_a_name() -> None:
    in_sentence = phrasing.in_sentence
    assert in_sentence("Your approval −1") == "your approval −1"
    assert in_sentence("Tension between you and Russia +3") == "tension between you and Russia +3"
    assert in_sentence("World tension +2") == "world tension +2"
    assert in_sentence("Russia's trust in you −2") == "Russia's trust in you −2"
    assert in_sentence("Trinidad's trust in you +1") == "Trinidad's trust in you +1"


def test_a_sentence_opening_keeps_the_capitals_of_a_name_inside() -> None:
    assert phrasing.opening("north Atlantic Alliance is a big ask") == (
        "North Atlantic Alliance is a big ask"
    )
    assert phrasing.opening("") == ""
    assert phrasing.agreement("North Atlantic Alliance") == "North Atlantic Alliance"
    assert phrasing.agreement("Technology sharing") == "technology sharing agreement"


def test_a_plural_name_takes_an_apostrophe_alone() -> None:
    assert phrasing.possessive("Finland") == "Finland's"
    assert phrasing.possessive("Belarus") == "Belarus's"
    assert phrasing.possessive("Solomon Islands") == "Solomon Islands'"
    assert phrasing.possessive("United States") == "United States'"
    assert phrasing.possessive("Philippines") == "Philippines'"
    assert phrasing.possessive("United Arab Emirates") == "United Arab Emirates'"


def test_an_amount_short_of_a_need_never_reads_as_enough() -> None:
    assert phrasing.short_of(9.92, 10) == "9.9"  # as the top bar shows it
    assert phrasing.short_of(9.96, 10) == "9.96"  # not "10", which would be enough
    assert phrasing.short_of(0.6, 2) == "0.6"
    assert phrasing.short_of(15, 20) == "15"
