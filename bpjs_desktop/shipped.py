"""Where the app finds the files it ships: ``resources/`` (icons, message catalogues) and
``alembic/`` (the migrations).

The repository keeps them at its top level, beside ``bpjs_desktop/``. The wheel and the
PyInstaller bundle put them inside the package (``bpjs_desktop/resources``,
``bpjs_desktop/alembic``: pyproject.toml's ``sources``, packaging/bpjs-desktop.spec), where
``importlib.resources`` finds them; in a checkout (an editable install, ``PYTHONPATH=.``) they are
found beside the package. Nothing guesses install folders. Standard library only: the message
catalogues (``bpjs_desktop.i18n``), which the pure domain rules use, are found through here.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


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
