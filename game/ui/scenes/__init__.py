"""The game's screens and overlays, each a Scene on the app's stack."""
