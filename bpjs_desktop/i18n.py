"""The language of every message the user reads: gettext catalogues, Indonesian as the source.

Bahasa Indonesia is the users' language and the *source* language of every message in the code:
``_("NIK harus 16 digit")``. The catalogues are GNU gettext files in ``resources/locale/``
(``bpjs_desktop.pot``, ``id`` and ``en`` ``.po``), extracted and checked with Babel by
``tools/catalogues.py``; the ``.mo`` files the app reads are compiled by ``make run`` and
``make package`` (a checkout without them compiles the ``.po`` in memory when Babel is there).
One mechanism serves the domain rules, the services, the CLI and the Qt widgets, so an error
raised deep in a rule reaches a dialog already in the user's language.

- ``_(text)`` a message; ``N_(text)`` marks a message in a table built at import, translated
  where it is shown (``_(LABELS[x])``).
- ``ngettext(singular, plural, n)`` a message with a count: ``ngettext("{n} baris", "{n} baris",
  n).format(n=...)``. Indonesian has one form; English has two.
- ``pgettext(context, text)`` where one Indonesian word means two English things ("Telepon": a
  phone number, or a phone call as a follow-up).
- Placeholders are ``str.format`` fields, filled *after* translation; whole sentences, never
  sentences glued from pieces.

The language of the process is the user's choice (:func:`set_language`). An official paper is
built with an explicit :class:`Translator` (:data:`OFFICIAL`, Indonesian) made active only in the
building code's own context (:func:`using`): a letter built on a worker thread is Indonesian while
the window goes on speaking English, and nothing else in the process changes language.
"""

from __future__ import annotations

import gettext as _gettext
import io
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
DOMAIN = "bpjs_desktop"

log = logging.getLogger(__name__)


def locale_dir() -> Path:
    """The ``locale`` folder of the shipped resources (checkout, wheel or frozen bundle)."""
    from bpjs_desktop.shipped import shipped_dir

    return shipped_dir("resources") / "locale"


def _compiled_from_po(po: Path) -> _gettext.GNUTranslations | None:
    """The ``.po`` compiled in memory (a checkout where ``make`` has not compiled yet)."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        return None
    with po.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def _load(language: str) -> _gettext.NullTranslations:
    folder = locale_dir() / language / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    if po.is_file():
        compiled = _compiled_from_po(po)
        if compiled is not None:
            return compiled
    if language != DEFAULT_LANGUAGE:
        log.warning("no %s catalogue in %s: messages stay in Indonesian", language, folder)
    return _gettext.NullTranslations()


class Translator:
    """One language's catalogue: what ``_``, ``ngettext`` and ``pgettext`` answer in it."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
        self.language = language
        catalogue = _load(language)
        # Bound once: ``_()`` runs for every cell a table paints.
        self.gettext: Callable[[str], str] = catalogue.gettext
        self.ngettext: Callable[[str, str, int], str] = catalogue.ngettext
        self.pgettext: Callable[[str, str], str] = catalogue.pgettext

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


@cache
def translator(language: str) -> Translator:
    """The (shared, immutable) translator of *language*."""
    return Translator(language)


_language = DEFAULT_LANGUAGE
_process: Translator | None = None  # translator(_language), set on first use
# The translator of the code running in this context, when it is not the process's language:
# a paper being built (OFFICIAL), a test. Threads start without one (ContextVar's default).
_active: ContextVar[Translator | None] = ContextVar("bpjs_translator", default=None)


def set_language(language: str) -> None:
    """Switch the language of messages produced from now on (``"id"`` or ``"en"``)."""
    global _language, _process
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    _language, _process = language, None


def current_language() -> str:
    """The language messages are produced in here (the paper's, inside :func:`using`)."""
    active = _active.get()
    return active.language if active is not None else _language


def _current() -> Translator:
    global _process
    active = _active.get()
    if active is not None:
        return active
    if _process is None:
        _process = translator(_language)
    return _process


@contextmanager
def using(chosen: Translator) -> Iterator[Translator]:
    """Produce messages with *chosen* inside the block, in this thread/context only."""
    token = _active.set(chosen)
    try:
        yield chosen
    finally:
        _active.reset(token)


@contextmanager
def language(code: str) -> Iterator[None]:
    """Produce messages in *code* inside the block, in this thread/context only."""
    with using(translator(code)):
        yield


def official() -> Translator:
    """The translator of official letters and papers: Indonesian, whatever the UI speaks."""
    return translator("id")


def language_from_environment() -> str:
    """``BPJS_LANG`` if it names a known language, else Indonesian."""
    value = os.environ.get("BPJS_LANG", "").strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _(text: str) -> str:
    """The message *text* (written in Indonesian) in the current language."""
    return _current().gettext(text)


def N_(text: str) -> str:
    """Mark *text* for translation without translating it now (for tables built at import)."""
    return text


def ngettext(singular: str, plural: str, n: int) -> str:
    """The message for a count *n*: both forms are Indonesian (the same words, usually)."""
    return _current().ngettext(singular, plural, n)


def pgettext(context: str, text: str) -> str:
    """The message *text* in *context*, for a word with two meanings in the other language."""
    return _current().pgettext(context, text)
