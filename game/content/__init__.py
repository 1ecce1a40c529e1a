"""Level content loading: safe YAML parsing, validation and error reporting."""
