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
from importlib.resources import as_file, files
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


def _checkout() -> Path | None:
    """The repository this package is running from, if it is: ``bpjs_desktop/`` beside
    ``pyproject.toml`` and ``alembic.ini``. Asked first, so that folders an older checkout left
    inside the package (``bpjs_desktop/alembic/__pycache__``, ignored by git) cannot hide the
    real ones."""
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "alembic.ini").is_file():
        return root
    return None


def shipped_dir(name: str) -> Path:
    """The folder of shipped files *name* (``"resources"`` or ``"alembic"``), as a real path."""
    root = _checkout()
    if root is not None:
        return root / name
    with as_file(files("bpjs_desktop") / name) as real:
        # (a wheel or a bundle is unpacked on disk: as_file gives the folder itself, no copy)
        return Path(real)


def resource(*parts: str) -> Path:
    """The path of a shipped resource, e.g. ``resource("icons", "bpjs-desktop.svg")``.

    Raises:
        FileNotFoundError: the installation lacks it (a broken install, not a user error).
    """
    path = shipped_dir("resources").joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"resource missing from the installation: {'/'.join(parts)}")
    return path


def migrations_dir() -> Path:
    """The Alembic script folder (``env.py``, ``versions/``) the app migrates its databases with."""
    return shipped_dir("alembic")
