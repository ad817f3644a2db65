"""Render the SVG app icon to the multi-size .ico that Windows and the installer need."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication, QIcon

from bpjs_desktop import paths


def main() -> int:
    app = QGuiApplication(sys.argv)
    icon = QIcon(str(paths.resource("icons", "bpjs-desktop.svg")))
    target = Path(__file__).with_name("bpjs-desktop.ico")
    if not icon.pixmap(256, 256).save(str(target), "ICO"):
        print(f"could not write {target}", file=sys.stderr)
        return 1
    del app
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
