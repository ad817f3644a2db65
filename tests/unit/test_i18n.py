"""Every ``_()`` / ``N_()`` text in the code has an English entry in ``EN``, and no entry is stale.

The texts are found by the extractor in ``tools/i18n_missing.py`` (one copy of that logic); run
that script to list what is missing while adding messages.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bpjs_desktop import i18n
from bpjs_desktop.i18n import N_, _
from bpjs_desktop.i18n_en import EN

ROOT = Path(__file__).resolve().parents[2]


def _load_extractor() -> ModuleType:
    path = ROOT / "tools" / "i18n_missing.py"
    spec = importlib.util.spec_from_file_location("i18n_missing", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


extractor = _load_extractor()
TEXTS: dict[str, list[str]] = extractor.extract_texts()


def _listing(keys: list[str], where: dict[str, list[str]] | None = None) -> str:
    lines = []
    for key in keys:
        places = f"  # {', '.join(where[key])}" if where and key in where else ""
        lines.append(f"  {key!r}{places}")
    return "\n".join(lines)


# --- the extractor -------------------------------------------------------------------------------


def test_extractor_takes_string_constants_passed_to_underscore_and_n_underscore() -> None:
    source = (
        "from bpjs_desktop import i18n\n"
        "a = _('satu')\n"
        "b = N_('dua')\n"
        "c = i18n._('tiga {n}').format(n=3)\n"
        "d = _(LABELS[x])\n"  # a variable: translated elsewhere, at its N_()
        "e = gettext('empat')\n"
        "f = _()\n"
        "g = _(1)\n"
    )
    assert extractor.texts_in_source(source) == [("satu", 2), ("dua", 3), ("tiga {n}", 4)]


def test_the_code_has_texts_to_translate() -> None:
    assert "NIK wajib diisi" in TEXTS
    assert "Lancar" in TEXTS  # marked with N_() in a table built at import


# --- the catalogue -------------------------------------------------------------------------------


def test_every_text_in_the_code_has_an_english_entry() -> None:
    missing = extractor.missing_keys(TEXTS, EN)
    assert not missing, (
        f"{len(missing)} texts have no entry in bpjs_desktop/i18n_en.py "
        f"(python tools/i18n_missing.py):\n{_listing(missing, TEXTS)}"
    )


def test_no_english_entry_is_stale() -> None:
    stale = extractor.stale_keys(TEXTS, EN)
    assert not stale, (
        f"{len(stale)} entries in bpjs_desktop/i18n_en.py no longer appear in the code:\n"
        f"{_listing(stale)}"
    )


def test_english_keeps_the_placeholders_of_its_key() -> None:
    different = [
        f"  {key!r}: {sorted(extractor.field_names(key))} != {sorted(extractor.field_names(value))}"
        for key, value in EN.items()
        if extractor.field_names(key) != extractor.field_names(value)
    ]
    assert not different, "placeholders differ from the Indonesian text:\n" + "\n".join(different)


def test_english_keeps_conversions_and_format_specs() -> None:
    assert extractor.mismatched_fields(EN) == []


def _mnemonics(text: str) -> int:
    return len(re.findall(r"(?<!&)&(?=[^&\s])", text.replace("&&", "")))


def test_english_keeps_one_mnemonic_where_the_key_has_one() -> None:
    wrong = [key for key, value in EN.items() if _mnemonics(key) != _mnemonics(value)]
    assert not wrong, "mnemonic '&' count differs:\n" + _listing(wrong)


def test_english_keeps_html_tags() -> None:
    def tags(text: str) -> list[str]:
        return sorted(re.findall(r"</?[a-zA-Z][^>]*>", text))

    wrong = [key for key, value in EN.items() if tags(key) != tags(value)]
    assert not wrong, "HTML tags differ:\n" + _listing(wrong)


def test_menu_bar_mnemonics_do_not_collide() -> None:
    menus = ("&Berkas", "&Tampilan", "B&ahasa", "Ban&tuan")
    letters = [EN[m][EN[m].index("&") + 1].lower() for m in menus]
    assert len(set(letters)) == len(letters), [EN[m] for m in menus]


def test_catalogue_is_sorted_by_key() -> None:
    assert list(EN) == sorted(EN)


# --- switching language --------------------------------------------------------------------------


def test_set_language_en_translates_and_id_restores_the_source_text() -> None:
    # The autouse fixture in conftest.py starts every test in Indonesian and restores the
    # language afterwards, also when an assertion below fails.
    assert _("NIK wajib diisi") == "NIK wajib diisi"
    i18n.set_language("en")
    assert i18n.current_language() == "en"
    assert _("NIK wajib diisi") == EN["NIK wajib diisi"] == "The NIK is required"
    assert _("&Berkas") == "&File"
    assert N_("Lancar") == "Lancar"  # N_ only marks; the translation happens at _()
    assert _(N_("Lancar")) == "Current"
    assert _("teks yang tidak ada di katalog") == "teks yang tidak ada di katalog"
    i18n.set_language("id")
    assert _("NIK wajib diisi") == "NIK wajib diisi"


def test_set_language_rejects_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="xx"):
        i18n.set_language("xx")
    assert i18n.current_language() == "id"
