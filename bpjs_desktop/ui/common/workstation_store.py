"""The workstation's settings kept with QSettings (the registry on Windows, an INI file elsewhere).

:class:`~bpjs_desktop.domain.workstation.WorkstationSettings` is the plain record; this module only
reads and writes it. The language keeps its old key (``language``), which earlier versions wrote.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from bpjs_desktop.domain.workstation import (
    BACKUP_EVERY_CHOICES,
    DEFAULT_BACKUP_EVERY,
    LANGUAGES,
    PAPER_SIZES,
    WorkstationSettings,
)

_KEYS = {
    "database": "workstation/database",
    "language": "language",
    "backup_folder": "workstation/backup_folder",
    "backup_every_minutes": "workstation/backup_every_minutes",
    "idle_lock_minutes": "workstation/idle_lock_minutes",
    "printer": "workstation/printer",
    "paper_size": "workstation/paper_size",
}


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


def load() -> WorkstationSettings:
    """What this workstation chose; anything unreadable falls back to the default."""
    settings = QSettings()
    default = WorkstationSettings()
    language = str(settings.value(_KEYS["language"], default.language))
    every = _int(settings.value(_KEYS["backup_every_minutes"]), DEFAULT_BACKUP_EVERY)
    paper = str(settings.value(_KEYS["paper_size"], default.paper_size))
    return WorkstationSettings(
        database=str(settings.value(_KEYS["database"], "")),
        language=language if language in LANGUAGES else default.language,
        backup_folder=str(settings.value(_KEYS["backup_folder"], "")),
        backup_every_minutes=every if every in BACKUP_EVERY_CHOICES else DEFAULT_BACKUP_EVERY,
        idle_lock_minutes=max(0, _int(settings.value(_KEYS["idle_lock_minutes"]), 0)),
        printer=str(settings.value(_KEYS["printer"], "")),
        paper_size=paper if paper in PAPER_SIZES else default.paper_size,
    )


def save(chosen: WorkstationSettings) -> None:
    settings = QSettings()
    for field, key in _KEYS.items():
        settings.setValue(key, getattr(chosen, field))
    settings.sync()
