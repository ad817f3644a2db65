"""Asking where to save a file the app writes (a workbook, a chart): in the folder the user
saved the last one of its kind to, with the right suffix whatever the user typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(
    parent: QWidget | None, title: str, name: str, file_filter: str, *, folder_key: str
) -> Path | None:
    """The file the user chose for *name* (suggested in the folder remembered under
    *folder_key*, then remembered there for the next time), ending in *name*'s suffix; None if
    they cancelled."""
    settings = QSettings()
    folder = str(settings.value(folder_key, str(Path.home())))
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path(folder) / name), file_filter
    )
    if not path:
        return None
    target = Path(path)
    suffix = Path(name).suffix
    if target.suffix.lower() != suffix:
        target = target.with_suffix(suffix)
    settings.setValue(folder_key, str(target.parent))
    return target
