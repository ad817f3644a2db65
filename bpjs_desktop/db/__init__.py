"""Persistence: models, the engine and session factory, and the migration runner. No rules."""
