"""The language of every message the user reads.

Bahasa Indonesia is the users' language and the *source* language of every message in the code:
``_("NIK harus 16 digit")``. English is a catalogue (:mod:`bpjs_desktop.i18n_en`) keyed by the
Indonesian text. One mechanism serves the domain rules, the services, the CLI and the Qt widgets,
so an error raised deep in a rule reaches a dialog already in the user's language.
``tests/unit/test_i18n.py`` fails when a ``_()`` text has no English entry.

Placeholders are ``str.format`` fields, filled *after* translation: ``_("... {n} ...").format(n=3)``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_language = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Switch the language of messages produced from now on (``"id"`` or ``"en"``)."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    _language = language


def current_language() -> str:
    return _language


@contextmanager
def language(code: str) -> Iterator[None]:
    """Produce messages in *code* inside the block (official letters are always Indonesian)."""
    previous = _language
    set_language(code)
    try:
        yield
    finally:
        set_language(previous)


def language_from_environment() -> str:
    """``BPJS_LANG`` if it names a known language, else Indonesian."""
    value = os.environ.get("BPJS_LANG", "").strip().lower()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _(text: str) -> str:
    """The message *text* (written in Indonesian) in the current language."""
    if _language == "id":
        return text
    from bpjs_desktop.i18n_en import EN

    return EN.get(text, text)


def N_(text: str) -> str:
    """Mark *text* for translation without translating it now (for tables built at import)."""
    return text
