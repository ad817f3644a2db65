"""Qt widgets, dialogs, item models and charts. Talks only to services (import-linter)."""
