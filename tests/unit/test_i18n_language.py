"""Official papers are Indonesian whatever language the screens speak, through an explicit
translator that is active only where the paper is built (issue #15)."""

from __future__ import annotations

import threading

from bpjs_desktop.exchange.documents import Letterhead, official_paper, page
from bpjs_desktop.i18n import _, current_language, language, official, set_language, translator


def _receipt(*, translator: object = None) -> str:
    return page(Letterhead("KC Gresik"), _("Tanda terima"), "", number="B/1")


def test_a_document_built_while_the_ui_speaks_english_is_in_indonesian() -> None:
    set_language("en")
    try:
        built = official_paper(_receipt)(translator=official())
        assert "Nomor" in built and "Number" not in built
        assert current_language() == "en"  # the screens keep their language
    finally:
        set_language("id")


def test_the_printer_takes_the_translator_it_is_given() -> None:
    # An English copy for a foreign embassy, say: the caller chooses, the process does not move.
    built = official_paper(_receipt)(translator=translator("en"))
    assert "Number" in built and "Nomor" not in built
    assert current_language() == "id"


def test_a_paper_built_on_another_thread_does_not_switch_the_window_language() -> None:
    """The old way switched the whole process to Indonesian while a letter was built; a window
    repainting meanwhile spoke Indonesian in an English session. Now the paper's translator is
    active in its own thread only."""
    set_language("en")
    inside = threading.Event()
    release = threading.Event()
    seen: list[str] = []

    def slow_paper(*, translator: object = None) -> str:
        inside.set()
        release.wait(5)
        return _receipt()

    def build() -> None:
        seen.append(official_paper(slow_paper)(translator=official()))

    worker = threading.Thread(target=build)
    try:
        worker.start()
        assert inside.wait(5)
        assert _("Nomor") == "Number"  # the window, while the letter is being built
        release.set()
        worker.join(5)
        assert "Nomor" in seen[0]
    finally:
        release.set()
        set_language("id")


def test_the_language_block_restores_the_language_even_on_error() -> None:
    try:
        with language("en"):
            assert current_language() == "en"
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert current_language() == "id"
