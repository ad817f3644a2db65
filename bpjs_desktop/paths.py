"""Where the app keeps its files, and where it finds the files it ships.

The user's files: ``BPJS_DATA_DIR`` moves everything (database, backups, logs) under one folder;
otherwise the platform's per-user folders are used (``%LOCALAPPDATA%\\BPJS\\bpjs-desktop`` on
Windows).

The shipped files: the repository keeps ``resources/`` (icons, translations, templates) and
``alembic/`` (the migrations) at its top level, beside ``bpjs_desktop/``. The wheel and the
PyInstaller bundle put them inside the package (``bpjs_desktop/resources``,
``bpjs_desktop/alembic``: pyproject.toml's ``sources``, packaging/bpjs-desktop.spec), where
``importlib.resources`` finds them; in a checkout (an editable install, ``PYTHONPATH=.``) they are
found beside the package. Nothing guesses install folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from bpjs_desktop import APP_NAME

# The shipped files have their own module: the message catalogues need them without platformdirs.
from bpjs_desktop.shipped import migrations_dir, resource, shipped_dir

__all__ = ["data_dir", "migrations_dir", "resource", "shipped_dir"]

_AUTHOR = "BPJS"


def data_dir() -> Path:
    override = os.environ.get("BPJS_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, _AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "bpjs-desktop.sqlite"


_backup_folder: Path | None = None  # the workstation's choice (Pengaturan), if any


def use_backup_folder(folder: Path | None) -> None:
    """Keep backups in *folder* from now on (None: the per-user default below the data folder)."""
    global _backup_folder
    _backup_folder = folder


def backup_dir() -> Path:
    path = _backup_folder if _backup_folder is not None else data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_file() -> Path:
    """The application's log (rotated; opened from Bantuan → Buka file log)."""
    return log_dir() / "bpjs-desktop.log"


def log_dir() -> Path:
    override = os.environ.get("BPJS_DATA_DIR")
    path = (
        Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, _AUTHOR))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path
