"""Pygame user interface: windows, scenes, widgets and the world map."""
