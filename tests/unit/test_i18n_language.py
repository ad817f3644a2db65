"""Official papers are Indonesian whatever language the screens speak."""

from __future__ import annotations

from bpjs_desktop.exchange.documents import Letterhead, in_indonesian, page
from bpjs_desktop.i18n import _, current_language, language, set_language


def test_a_document_built_while_the_ui_speaks_english_is_in_indonesian() -> None:
    set_language("en")
    try:
        built = in_indonesian(
            lambda: page(Letterhead("KC Gresik"), _("Tanda terima"), "", number="B/1")
        )()
        assert "Nomor" in built and "Number" not in built
        assert current_language() == "en"  # the screens keep their language
    finally:
        set_language("id")


def test_the_language_block_restores_the_language_even_on_error() -> None:
    try:
        with language("en"):
            assert current_language() == "en"
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert current_language() == "id"
