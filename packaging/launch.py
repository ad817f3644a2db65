"""Entry script for the frozen app: the same main() as the ``bpjs-desktop`` command.

The windowed program (``bpjs-desktop.exe``, no console) has no standard streams on Windows:
``sys.stdout`` is None and a ``print`` would raise. They go to the null device there; the
console program ``bpjs-desktop-cli.exe`` prints as the command does.
"""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from bpjs_desktop.__main__ import main  # noqa: E402 - after the streams exist

if __name__ == "__main__":
    main()
