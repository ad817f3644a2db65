"""Where the app keeps its files: one place, overridable for tests and portable installs.

``BPJS_DATA_DIR`` moves everything (database, backups, logs) under one folder; otherwise the
platform's per-user folders are used (``%LOCALAPPDATA%\\BPJS\\bpjs-desktop`` on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from bpjs_desktop import APP_NAME

_AUTHOR = "BPJS"


def data_dir() -> Path:
    override = os.environ.get("BPJS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, _AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "bpjs-desktop.sqlite"


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    override = os.environ.get("BPJS_DATA_DIR")
    path = (
        Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, _AUTHOR))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
