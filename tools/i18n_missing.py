"""Which ``_()`` / ``N_()`` texts have no English entry, and which English entries are stale.

The one extractor of translatable texts: ``tests/unit/test_i18n.py`` imports it from here.

    .venv/bin/python tools/i18n_missing.py          # missing and stale keys; exit 1 if any
    .venv/bin/python tools/i18n_missing.py --stub   # missing keys as dict entries to paste

A text is the first argument of a call to a function named ``_`` or ``N_`` (``_(...)``,
``i18n._(...)``) when that argument is a plain string constant, in any ``.py`` file under
``bpjs_desktop/``. The English catalogue is ``EN`` in ``bpjs_desktop/i18n_en.py``.
"""

from __future__ import annotations

import argparse
import ast
import string
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bpjs_desktop"
MARKERS = frozenset({"_", "N_"})


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def texts_in_source(source: str, filename: str = "<string>") -> list[tuple[str, int]]:
    """Every ``(text, line)`` passed as a string constant to ``_`` or ``N_`` in *source*."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if (
            isinstance(node, ast.Call)
            and _called_name(node.func) in MARKERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.args[0].value, node.lineno))
    return found


def extract_texts(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Every translatable text under *package*, with the ``path:line`` places it appears."""
    texts: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        where = path.relative_to(package.parent).as_posix()
        for text, line in texts_in_source(path.read_text(encoding="utf-8"), str(path)):
            texts.setdefault(text, []).append(f"{where}:{line}")
    return texts


def format_fields(text: str) -> set[tuple[str, str | None, str]]:
    """``(name, conversion, format spec)`` of each ``str.format`` field in *text*."""
    return {
        (name, conversion, spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def field_names(text: str) -> set[str]:
    """The ``str.format`` field names in *text* (``"{n} of {total:,}"`` → ``{"n", "total"}``)."""
    return {name for name, _, _ in format_fields(text)}


def load_catalogue() -> dict[str, str]:
    """``EN`` from :mod:`bpjs_desktop.i18n_en` (the repository's copy, not an installed one)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bpjs_desktop.i18n_en import EN

    return EN


def missing_keys(texts: Iterable[str], catalogue: Mapping[str, str]) -> list[str]:
    return sorted(set(texts) - set(catalogue))


def stale_keys(texts: Iterable[str], catalogue: Mapping[str, str]) -> list[str]:
    return sorted(set(catalogue) - set(texts))


def mismatched_fields(catalogue: Mapping[str, str]) -> list[str]:
    """Keys whose English text has other fields, conversions (``!r``) or specs (``:02d``)."""
    return sorted(
        key for key, value in catalogue.items() if format_fields(key) != format_fields(value)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--stub", action="store_true", help="print missing keys as EN entries to fill in"
    )
    args = parser.parse_args(argv)

    texts = extract_texts()
    catalogue = load_catalogue()
    missing = missing_keys(texts, catalogue)
    stale = stale_keys(texts, catalogue)
    fields = mismatched_fields(catalogue)

    if args.stub:
        for key in missing:
            print(f"    {key!r}: {''!r},  # {', '.join(texts[key])}")
        return 1 if missing else 0

    print(f"{len(texts)} texts in the code, {len(catalogue)} entries in EN")
    for title, keys in (
        ("missing from EN", missing),
        ("stale in EN (no longer in the code)", stale),
        ("placeholders differ from the key", fields),
    ):
        print(f"\n{len(keys)} {title}:")
        for key in keys:
            where = f"  ({', '.join(texts[key])})" if key in texts else ""
            print(f"  {key!r}{where}")
    return 1 if missing or stale or fields else 0


if __name__ == "__main__":
    sys.exit(main())
