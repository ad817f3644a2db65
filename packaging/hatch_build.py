"""A hatch build hook: the wheel carries the compiled message catalogues (``.mo``).

The ``.po`` files are the sources kept in git; the ``.mo`` files the app reads are build products,
compiled here with Babel into the build's own folder and mapped into the wheel at
``bpjs_desktop/resources/locale/<language>/LC_MESSAGES/``, so that an installed app finds them
through ``importlib.resources`` without Babel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DOMAIN = "bpjs_desktop"


class CataloguesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "catalogues"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        out = Path(self.directory) / "catalogues"
        for po in sorted(root.glob(f"**/locale/*/LC_MESSAGES/{DOMAIN}.po")):
            if ".venv" in po.parts or "build" in po.relative_to(root).parts[:1]:
                continue
            language = po.parent.parent.name
            mo = out / language / f"{DOMAIN}.mo"
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as handle, mo.open("wb") as target:
                write_mo(target, read_po(handle, domain=DOMAIN), use_fuzzy=False)
            inside = f"bpjs_desktop/resources/locale/{language}/LC_MESSAGES/{DOMAIN}.mo"
            build_data["force_include"][str(mo)] = inside
