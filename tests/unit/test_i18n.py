"""The gettext catalogues hold every message of the code, nothing stale, and keep placeholders.

The messages are extracted with Babel by ``tools/catalogues.py`` (one copy of that logic); run
``python tools/catalogues.py update`` after adding messages and ``check`` to list what is wrong.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bpjs_desktop import i18n
from bpjs_desktop.i18n import N_, _, ngettext, pgettext

ROOT = Path(__file__).resolve().parents[2]


def _load_tool() -> ModuleType:
    path = ROOT / "tools" / "catalogues.py"
    spec = importlib.util.spec_from_file_location("catalogues", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


catalogues = _load_tool()
TEMPLATE = catalogues.extract()


def _listing(problems: list[object]) -> str:
    return "\n".join(f"  {p}" for p in problems)


# --- the extractor -------------------------------------------------------------------------------


def test_extractor_takes_messages_counts_and_contexts() -> None:
    source = (
        "a = _('satu')\n"
        "b = N_('dua')\n"
        "c = i18n._('tiga {n}').format(n=3)\n"
        "d = _(LABELS[x])\n"  # a variable: translated elsewhere, at its N_()
        "e = ngettext('{n} baris', '{n} baris', n)\n"
        "f = pgettext('uang', 'Jumlah')\n"
    )
    found = catalogues.extract_from_source(source)
    assert ("satu", 1) in found and ("dua", 2) in found and ("tiga {n}", 3) in found
    assert (("{n} baris", "{n} baris"), 5) in found
    assert ("Jumlah", 6) in found
    assert len(found) == 5


def test_the_code_has_messages_to_translate() -> None:
    ids = {m.id for m in TEMPLATE if m.id}
    assert "NIK wajib diisi" in ids
    assert "Lancar" in ids  # marked with N_() in a table built at import
    assert ("{n} baris", "{n} baris") in ids  # a count
    assert len(ids) > 2000


def test_no_message_is_hidden_inside_an_f_string() -> None:
    """Babel (on Python 3.11) cannot see ``_()`` inside an f-string: such a message would reach
    no catalogue and stay Indonesian in English. Take the message out into a variable."""
    hidden = []
    for path in sorted((ROOT / "bpjs_desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if (
                        isinstance(inner, ast.Call)
                        and isinstance(inner.func, ast.Name | ast.Attribute)
                        and getattr(inner.func, "id", getattr(inner.func, "attr", None))
                        in {"_", "N_", "ngettext", "pgettext"}
                    ):
                        hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, "messages inside f-strings:\n" + "\n".join(hidden)


# --- the catalogues ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_every_message_in_the_code_is_in_the_catalogue(language: str) -> None:
    missing = [p for p in catalogues.problems(TEMPLATE, language) if p.kind == "missing"]
    assert not missing, (
        f"{len(missing)} messages have no {language} translation "
        f"(python tools/catalogues.py update, then translate):\n{_listing(missing)}"
    )


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_no_catalogue_entry_is_stale(language: str) -> None:
    stale = [p for p in catalogues.problems(TEMPLATE, language) if p.kind in ("stale", "fuzzy")]
    assert not stale, f"{len(stale)} {language} entries are stale or fuzzy:\n{_listing(stale)}"


@pytest.mark.parametrize("kind", ["placeholders", "mnemonic", "html"])
def test_translations_keep_placeholders_mnemonics_and_tags(kind: str) -> None:
    wrong = [
        p
        for language in catalogues.LANGUAGES
        for p in catalogues.problems(TEMPLATE, language)
        if p.kind == kind
    ]
    assert not wrong, f"{kind} differ from the Indonesian text:\n{_listing(wrong)}"


def test_the_check_finds_a_changed_placeholder(tmp_path: Path, monkeypatch) -> None:
    """The checks above can fail: a translation that renames a field is reported."""
    catalog = catalogues.read("en")
    for message in catalog:
        if message.id == "NIK harus 16 digit, bukan {n}":
            message.string = "The NIK must be 16 digits, not {count}"
    monkeypatch.setattr(catalogues, "locale_dir", lambda: tmp_path)
    catalogues.write(catalog, catalogues.po_path("en"))
    found = [p for p in catalogues.problems(TEMPLATE, "en") if p.kind == "placeholders"]
    assert [p.message for p in found] == ["NIK harus 16 digit, bukan {n}"]


def test_the_template_on_disk_is_the_code_s() -> None:
    """``bpjs_desktop.pot`` is regenerated by ``update``; a stale template misleads translators."""
    on_disk = catalogues.read_template()
    assert {(m.context, m.id) for m in on_disk if m.id} == {
        (m.context, m.id) for m in TEMPLATE if m.id
    }


def test_menu_bar_mnemonics_do_not_collide() -> None:
    i18n.set_language("en")
    menus = [_(m) for m in ("&Berkas", "&Tampilan", "B&ahasa", "Ban&tuan")]
    letters = [m[m.index("&") + 1].lower() for m in menus]
    assert len(set(letters)) == len(letters), menus


# --- switching language --------------------------------------------------------------------------


def test_set_language_en_translates_and_id_restores_the_source_text() -> None:
    # The autouse fixture in conftest.py starts every test in Indonesian and restores the
    # language afterwards, also when an assertion below fails.
    assert _("NIK wajib diisi") == "NIK wajib diisi"
    i18n.set_language("en")
    assert i18n.current_language() == "en"
    assert _("NIK wajib diisi") == "The NIK is required"
    assert _("&Berkas") == "&File"
    assert N_("Lancar") == "Lancar"  # N_ only marks; the translation happens at _()
    assert _(N_("Lancar")) == "Current"
    assert _("teks yang tidak ada di katalog") == "teks yang tidak ada di katalog"
    i18n.set_language("id")
    assert _("NIK wajib diisi") == "NIK wajib diisi"


def test_counts_take_the_english_plural_and_stay_one_form_in_indonesian() -> None:
    assert ngettext("{n} baris", "{n} baris", 1).format(n=1) == "1 baris"
    i18n.set_language("en")
    assert ngettext("{n} baris", "{n} baris", 1).format(n=1) == "1 row"
    assert ngettext("{n} baris", "{n} baris", 2).format(n=2) == "2 rows"
    assert ngettext("{n} baris", "{n} baris", 0).format(n=0) == "0 rows"


def test_one_indonesian_word_with_two_english_meanings() -> None:
    """ "Jumlah" is the total of a breakdown and the amount of a payment; "Telepon" a phone
    call (a follow-up) and a phone number (the office's letterhead)."""
    i18n.set_language("en")
    assert _("Jumlah") == "Total"
    assert pgettext("uang", "Jumlah") == "Amount"
    assert _("Telepon") == "Phone call"
    assert pgettext("nomor", "Telepon") == "Phone"


def test_the_compiled_catalogue_answers_like_the_po(tmp_path: Path, monkeypatch) -> None:
    """``make run`` and ``make package`` compile the ``.mo`` files the app reads."""
    monkeypatch.setattr(catalogues, "locale_dir", lambda: tmp_path)
    for language in catalogues.LANGUAGES:
        target = catalogues.po_path(language)
        target.parent.mkdir(parents=True)
        target.write_bytes(
            (i18n.locale_dir() / language / "LC_MESSAGES" / target.name).read_bytes()
        )
    written = catalogues.compile_all()
    assert [p.name for p in written] == ["bpjs_desktop.mo", "bpjs_desktop.mo"]
    import gettext

    with written[1].open("rb") as handle:
        english = gettext.GNUTranslations(handle)
    assert english.gettext("NIK wajib diisi") == "The NIK is required"
    assert english.ngettext("{n} baris", "{n} baris", 3) == "{n} rows"


def test_set_language_rejects_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="xx"):
        i18n.set_language("xx")
    assert i18n.current_language() == "id"
