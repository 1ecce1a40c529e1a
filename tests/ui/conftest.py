"""Headless pygame setup for the UI tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

# Must be set before pygame initialises its video and audio subsystems.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

SCREEN_SIZE = (1600, 900)


@pytest.fixture
def screen() -> Iterator[pygame.Surface]:
    """An initialised pygame with a 1600x900 display surface."""
    pygame.init()
    surface = pygame.display.set_mode(SCREEN_SIZE)
    try:
        yield surface
    finally:
        pygame.quit()
