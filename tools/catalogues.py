"""The message catalogues: extract with Babel, update the ``.po`` files, compile the ``.mo`` files.

    .venv/bin/python tools/catalogues.py update    # extract the code's messages, merge into id/en
    .venv/bin/python tools/catalogues.py check     # missing, stale, fuzzy or mismatched; exit 1
    .venv/bin/python tools/catalogues.py compile   # the .mo files the app reads (make run/package)

The code's messages are Indonesian: ``_("NIK wajib diisi")``, ``N_()`` for tables built at import,
``ngettext(singular, plural, n)`` for counts and ``pgettext(context, text)`` where one Indonesian
word has two English meanings. ``update`` writes ``bpjs_desktop.pot`` and merges it into
``id`` (the source language: every message as written) and ``en``; a message no longer in the
code is dropped, a new one arrives in ``en`` untranslated and ``check`` (and
``tests/unit/test_i18n.py``) then names it with the places it is used.
"""

from __future__ import annotations

import argparse
import io
import re
import string
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bpjs_desktop"
DOMAIN = "bpjs_desktop"
LANGUAGES = ("id", "en")
# Babel's keyword specification: argument positions of the message, "c" marks the context.
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
HEADER = "# Pesan bpjs-desktop. Sumbernya bahasa Indonesia; lihat tools/catalogues.py."
# A fixed date in the headers: a catalogue changes only when a message does.
STAMP = datetime(2026, 12, 7, tzinfo=UTC)


def locale_dir() -> Path:
    """``resources/locale`` of the checkout (where the package's resources are kept)."""
    for candidate in (ROOT / "resources" / "locale", PACKAGE / "resources" / "locale"):
        if candidate.parent.is_dir():
            return candidate
    raise SystemExit("no resources/ folder beside tools/")


def po_path(language: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def pot_path() -> Path:
    return locale_dir() / f"{DOMAIN}.pot"


# --- extraction ----------------------------------------------------------------------------------


def extract(package: Path = PACKAGE) -> Catalog:
    """Every message of the code under *package*, with the ``path:line`` places it is used."""
    template = Catalog(domain=DOMAIN, project="bpjs-desktop", header_comment=HEADER, fuzzy=False)
    for filename, line, message, comments, context in extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        where = (package.name + "/" + filename.replace("\\", "/"), line)
        template.add(message, None, [where], auto_comments=comments, context=context)
    return template


def extract_from_source(source: str) -> list[tuple[object, int]]:
    """``(message, line)`` of each message in a piece of source (the extractor's own test)."""
    from babel.messages.extract import extract as babel_extract

    return [
        (message, line)
        for line, message, _comments, _context in babel_extract(
            "python", io.BytesIO(source.encode()), keywords=KEYWORDS
        )
    ]


# --- reading and writing catalogues ---------------------------------------------------------------


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def read_template() -> Catalog:
    with pot_path().open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


def write(catalog: Catalog, path: Path, *, locations: bool = False) -> None:
    """Sorted by message, so that a change reads as a small diff; the places where each message
    is used are in the template only (they move with every edit of the code)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.project, catalog.version = "bpjs-desktop", ""
    catalog.fuzzy = False
    catalog.creation_date = catalog.revision_date = STAMP
    catalog.msgid_bugs_address = catalog.language_team = ""
    catalog.last_translator = "bpjs-desktop"
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=100,
        sort_output=True,
        ignore_obsolete=True,
        no_location=not locations,
        include_previous=False,
    )
    path.write_bytes(buffer.getvalue())


def _source_text(message: Message) -> str | tuple[str, ...]:
    """The Indonesian text of *message* as the id catalogue's translation (itself)."""
    if isinstance(message.id, tuple):
        return tuple(message.id[:1])  # Indonesian has one plural form (nplurals=1)
    return message.id


def update(template: Catalog | None = None) -> None:
    """Write the template and merge it into every language (new messages in, gone ones out)."""
    template = template or extract()
    write(template, pot_path(), locations=True)
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read(language)
        else:
            catalog = Catalog(locale=language, domain=DOMAIN, header_comment=HEADER)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=True)
        catalog.obsolete.clear()
        if language == "id":
            for message in catalog:
                if message.id:
                    message.string = _source_text(message)
                    message.flags.discard("fuzzy")
        write(catalog, path)


def compile_all() -> list[Path]:
    """The ``.mo`` of every language from its ``.po`` (run by ``make run`` and ``make package``)."""
    written = []
    for language in LANGUAGES:
        buffer = io.BytesIO()
        write_mo(buffer, read(language), use_fuzzy=False)
        mo_path(language).write_bytes(buffer.getvalue())
        written.append(mo_path(language))
    return written


# --- checks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    kind: str  # "missing", "stale", "fuzzy", "placeholders", "mnemonic", "html"
    message: str
    places: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"  # {', '.join(self.places)}" if self.places else ""
        return f"{self.kind}: {self.message!r}{where}"


def _key(message: Message) -> tuple[str | None, str]:
    text = message.id[0] if isinstance(message.id, tuple) else message.id
    return (message.context, text)


def _texts(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def format_fields(text: str) -> set[tuple[str, str | None, str]]:
    """``(name, conversion, format spec)`` of each ``str.format`` field in *text*."""
    return {
        (name, conversion, spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


def field_names(text: str) -> set[str]:
    return {name for name, _, _ in format_fields(text)}


def mnemonics(text: str) -> int:
    return len(re.findall(r"(?<!&)&(?=[^&\s])", text.replace("&&", "")))


def html_tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?[a-zA-Z][^>]*>", text))


def _places(message: Message) -> tuple[str, ...]:
    return tuple(f"{path}:{line}" for path, line in message.locations)


def problems(template: Catalog, language: str) -> Iterator[Problem]:
    """What is wrong with *language*'s catalogue against the code's *template*."""
    catalog = read(language)
    in_code = {_key(m): m for m in template if m.id}
    in_catalog = {_key(m): m for m in catalog if m.id}
    for key, message in sorted(in_code.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
        found = in_catalog.get(key)
        if found is None or not all(_texts(found.string)):
            yield Problem("missing", key[1], _places(message))
    for key in sorted(set(in_catalog) - set(in_code), key=lambda k: (k[1], k[0] or "")):
        yield Problem("stale", key[1])
    for key, message in in_catalog.items():
        if key not in in_code or not all(_texts(message.string)):
            continue
        if message.fuzzy:
            yield Problem("fuzzy", key[1])
        sources = _texts(message.id)
        for translated in _texts(message.string):
            if all(format_fields(src) != format_fields(translated) for src in sources):
                yield Problem("placeholders", key[1], (translated,))
            if all(mnemonics(src) != mnemonics(translated) for src in sources):
                yield Problem("mnemonic", key[1], (translated,))
            if all(html_tags(src) != html_tags(translated) for src in sources):
                yield Problem("html", key[1], (translated,))


def all_problems(template: Catalog | None = None) -> list[Problem]:
    template = template or extract()
    found = []
    for language in LANGUAGES:
        found.extend(
            Problem(f"{language} {p.kind}", p.message, p.places)
            for p in problems(template, language)
        )
    return found


def import_dict(entries: dict[str, str]) -> int:
    """Put English translations keyed by Indonesian text into ``en`` (for merging old branches)."""
    catalog = read("en")
    changed = 0
    for message in catalog:
        if message.id and message.context is None and isinstance(message.id, str):
            english = entries.get(message.id)
            if english and message.string != english:
                message.string = english
                changed += 1
    write(catalog, po_path("en"))
    return changed


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", choices=("update", "check", "compile"))
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.command == "update":
        update()
        print(f"wrote {pot_path().relative_to(ROOT)} and {len(LANGUAGES)} catalogues")
    elif args.command == "compile":
        for path in compile_all():
            print(f"wrote {path.relative_to(ROOT)}")
    else:
        found = all_problems()
        for problem in found:
            print(problem)
        print(f"{len(found)} problems")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
