"""Saving and loading games: save files, autosaves, format upgrades and replay checks."""
