"""Widgets shared by every desk: keyboard-first forms, tiles and messages, paged table models, the task runner, printing, search."""
