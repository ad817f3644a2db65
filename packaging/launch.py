"""Entry script for the frozen app: the same main() as the ``bpjs-desktop`` command."""

from bpjs_desktop.__main__ import main

if __name__ == "__main__":
    main()
