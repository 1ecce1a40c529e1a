"""Balance tooling: reference strategies that play a level through the scripting API."""
