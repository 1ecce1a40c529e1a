"""Run the game as `python -m game`."""

from game.cli import run

run()
