"""The rules of the game: state, commands, turn phases, effects, conditions, RNG and AI."""
