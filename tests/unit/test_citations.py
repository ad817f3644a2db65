"""Research tags never reach a reader; an unconfirmed figure is said in words (issues #10, #13)."""

from __future__ import annotations

import pytest

from bpjs_desktop.domain.citations import for_people, is_unconfirmed
from bpjs_desktop.i18n import language


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("PP 82/2019 [S33][S34][S35]", "PP 82/2019"),
        ("Permenaker 4/2022 [S31]", "Permenaker 4/2022"),
        ("PP 45/2015 Pasal 15 [S-JP]", "PP 45/2015 Pasal 15"),
        ("domain.md §4.6 [S9-jkm] [computed]", "domain.md §4.6"),
        (
            "PP 44/2015 Lampiran III: kematian 48× upah [S34]; STMB [unverified]",
            "PP 44/2015 Lampiran III: kematian 48× upah; STMB (belum dipastikan dari teks peraturan)",
        ),
        (
            "PP 45/2015 [S8][unverified formula]",
            "PP 45/2015 (belum dipastikan dari teks peraturan)",
        ),
        ("Jamsostek [unverified]", "Jamsostek (belum dipastikan dari teks peraturan)"),
        ("[unverified]", "(belum dipastikan dari teks peraturan)"),
    ],
)
def test_tags_become_plain_words(source: str, shown: str) -> None:
    with language("id"):
        text = for_people(source)
    assert text == shown
    assert "[" not in text


def test_unconfirmed_is_said_once_however_many_tags() -> None:
    with language("id"):
        text = for_people("PP 82/2019 [unverified STMB] [unverified 56×] [verify periodic]")
    assert text.count("belum dipastikan") == 1


def test_english_reader_reads_english() -> None:
    with language("en"):
        assert (
            for_people("PP 82/2019 [unverified]")
            == "PP 82/2019 (not yet confirmed from the regulation's text)"
        )


def test_a_confirmed_source_is_not_flagged() -> None:
    assert not is_unconfirmed("PP 82/2019 [S34]")
    assert is_unconfirmed("PP 82/2019 [unverified]")
