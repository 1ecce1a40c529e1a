"""Forging Alliances: a turn-based diplomacy strategy game."""

__version__ = "0.1.0"
