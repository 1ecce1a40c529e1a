"""The opposition forecast, measured: precise where the old rule was noise, and no drop missed."""

from __future__ import annotations

from game.balance.forecast import measure
from game.content import load_level


def test_the_forecast_is_precise_and_misses_no_drop_on_blue_pacific() -> None:
    """Ten seeded Blue Pacific games (the expert in the player's seat; seeds with lost votes
    among them): at least 70% of the named agreements tested by a lost vote were dropped,
    no drop after a lost vote went unmentioned, and the old rule does far worse."""
    scores = measure(load_level("levels/blue_pacific.yaml"), range(3, 13))
    new, old = scores.new, scores.old
    assert new.hits + new.false_alarms > 0
    assert new.precision >= 0.7
    assert new.missed == 0
    assert new.drops > 0
    assert old.precision < new.precision
