"""The game window: the only package that imports pygame."""

from __future__ import annotations

import os

# Before any module here imports pygame, so its banner stays off the terminal.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
