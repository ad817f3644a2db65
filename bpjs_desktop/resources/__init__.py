"""Files shipped with the app (icons, later templates and translations).

Found through :func:`path` only: the wheel, an editable checkout and a PyInstaller bundle all
resolve them the same way (``importlib.resources``), never by guessing install folders.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def path(*parts: str) -> Path:
    """The file system path of a resource, e.g. ``path("icons", "bpjs-desktop.svg")``."""
    resource = files(__package__).joinpath(*parts)
    with as_file(resource) as real:
        if not real.exists():
            raise FileNotFoundError(f"resource missing from the installation: {'/'.join(parts)}")
        return real
