"""Articles, counts and "you"/nation agreement in generated sentences."""

from __future__ import annotations

import pytest

from game.core import phrase


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
    assert phrase.a(words) == expected


def test_agreement_names_are_countable_and_proper_names_keep_their_capitals() -> None:
    assert phrase.an_agreement("Technology sharing") == "a technology sharing agreement"
    assert phrase.an_agreement("Access agreement") == "an access agreement"
    assert phrase.an_agreement("Defence pact") == "a defence pact"
    assert phrase.an_agreement("North Atlantic Alliance") == "the North Atlantic Alliance"
    assert phrase.the_agreement("Dialogue forum") == "the dialogue forum"


def test_counts() -> None:
    assert phrase.count(1, "turn") == "1 turn"
    assert phrase.count(2, "turn") == "2 turns"
    assert phrase.count(0, "news item") == "0 news items"
    assert phrase.count(3, "agency") == "3 agencies"
    assert phrase.count(2, "crisis", "crises") == "2 crises"


@pytest.mark.parametrize(
    ("verb", "you"),
    [
        ("shifts", "shift"),
        ("has", "have"),
        ("is", "are"),
        ("promises", "promise"),
        ("reaches", "reach"),
        ("carries", "carry"),
        ("leaves", "leave"),
        ("discuss", "discuss"),
    ],
)
def test_you_take_the_plain_verb(verb: str, you: str) -> None:
    assert phrase.agree(verb, you=True) == you
    assert phrase.agree(verb, you=False) == verb
    assert phrase.says("EST", "EST", "Estonia", verb) == f"You {you}"
    assert phrase.says("FIN", "EST", "Finland", verb) == f"Finland {verb}"


def test_unnamed_parties_are_the_government_or_the_opposition() -> None:
    assert phrase.party("Opposition leader of Japan", "Opposition") == "the opposition"
    assert phrase.party("Maria Delgado", "Democratic Union") == "Maria Delgado (Democratic Union)"
