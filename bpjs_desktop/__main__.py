"""``bpjs-desktop`` / ``python -m bpjs_desktop``: the GUI with no sub-command, else the CLI."""

from __future__ import annotations

import sys


def main() -> None:
    from bpjs_desktop.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
