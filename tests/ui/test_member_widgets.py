"""What the member forms show while the officer types (ui/membership/member_widgets.py): the NIK
read as it is typed, a disagreement with the birth date or sex, and the contribution preview in
Rupiah."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLabel

from bpjs_desktop.domain.contributions import pmi_contribution, pu_contribution
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme, RiskGroup
from bpjs_desktop.ui.membership.member_widgets import ContributionPreview, NikReadout

WOMAN_SURABAYA = "3578015708900001"  # 57 − 40 = 17/08/1990, a woman, Kota Surabaya


@pytest.fixture
def readout(qtbot) -> NikReadout:
    labels = [QLabel() for _ in range(3)]
    for label in labels:
        qtbot.addWidget(label)
    return NikReadout(*labels)


def test_an_empty_nik_field_says_what_to_type(readout: NikReadout):
    readout.update("", None, None)
    assert readout.label.text() == "16 digit angka sesuai KTP"


def test_the_digits_typed_so_far_are_read_as_they_come(readout: NikReadout):
    readout.update("35", None, None)
    assert readout.label.text() == "2 dari 16 digit · Jawa Timur"
    readout.update("3578", None, None)
    assert readout.label.text() == "4 dari 16 digit · Kota Surabaya"
    readout.update("357801570890", None, None)
    assert readout.label.text() == (
        "12 dari 16 digit · Kota Surabaya · Perempuan · lahir 17/08/1990"
    )


def test_a_whole_nik_that_agrees_is_ticked(readout: NikReadout):
    readout.update(WOMAN_SURABAYA, date(1990, 8, 17), Sex.P)
    assert readout.label.text() == "✓ Perempuan, lahir 17/08/1990 · Kota Surabaya, Jawa Timur"
    assert readout.birth_label.isHidden() and readout.sex_label.isHidden()


def test_a_birth_date_or_sex_that_disagrees_is_flagged_beside_it(readout: NikReadout):
    readout.update(WOMAN_SURABAYA, date(1990, 8, 18), Sex.L)
    assert readout.label.text().startswith("⚠ Perempuan, lahir 17/08/1990")
    assert (
        readout.birth_label.text().startswith("⚠ ") and "17/08/1990" in readout.birth_label.text()
    )
    assert readout.sex_label.text().startswith("⚠ ")
    assert not readout.birth_label.isHidden() and not readout.sex_label.isHidden()
    readout.update(WOMAN_SURABAYA, date(1990, 8, 17), Sex.P)  # corrected: the flags go
    assert readout.birth_label.text() == "" and readout.birth_label.isHidden()


def test_a_wrong_whole_nik_says_why(readout: NikReadout):
    readout.update("3578011708900000", None, None)
    assert readout.label.text() == "Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000"


def test_preview_lists_each_programme_in_rupiah_with_the_total(qtbot):
    preview = ContributionPreview()
    qtbot.addWidget(preview)
    assert preview.notes.text() == "Isi data kepesertaan untuk melihat iurannya."
    assert preview.table.rowCount() == 0
    every = frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP})
    preview.show_contribution(pu_contribution(4_000_000, Period(2018, 4), RiskGroup.SEDANG, every))
    # Rp4.000.000, risk "sedang", April 2018: JKK 0,89 % 35.600 (PP 44/2015 Lampiran I), JKM
    # 0,30 % 12.000 (Pasal 18), JHT 3,7 % + 2 % (PP 46/2015 Pasal 16), JP 2 % + 1 %
    # (PP 45/2015 Pasal 28); employer 35.600 + 12.000 + 148.000 + 80.000 = 275.600,
    # worker 80.000 + 40.000 = 120.000, total 395.600.
    assert [preview.row_texts(r) for r in range(preview.table.rowCount())] == [
        ["JKK", "Rp35.600", "Rp0", "Rp35.600"],
        ["JKM", "Rp12.000", "Rp0", "Rp12.000"],
        ["JHT", "Rp148.000", "Rp80.000", "Rp228.000"],
        ["JP", "Rp80.000", "Rp40.000", "Rp120.000"],
        ["Total", "Rp275.600", "Rp120.000", "Rp395.600"],
    ]
    assert preview.table.item(4, 3).font().bold()
    assert preview.notes.text() == "Per bulan."


def test_preview_of_a_package_says_it_is_paid_once(qtbot):
    preview = ContributionPreview()
    qtbot.addWidget(preview)
    preview.show_contribution(pmi_contribution(12, date(2024, 1, 10), pre_placement=False))
    assert preview.row_texts(0) == ["JKK+JKM", "Rp0", "Rp189.000", "Rp189.000"]
    assert preview.notes.text().startswith(
        "Dibayar sekali. Paket selama dan setelah penempatan 12 bulan."
    )
