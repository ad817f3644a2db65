"""The claim receipt and the decision letter, read as the member reads them (exchange/claim_papers).

The papers are HTML; the tests read their text (tags removed), as printed.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from bpjs_desktop.exchange.claim_papers import (
    ClaimPaper,
    DecisionPaper,
    PaperDocument,
    basis_rows,
    decision_letter_html,
    mask,
    receipt_html,
)
from bpjs_desktop.exchange.documents import Letterhead
from bpjs_desktop.i18n import language

LETTERHEAD = Letterhead("Kantor Cabang Gresik", "Jl. Dr. Wahidin Sudirohusodo 1", "031-3951234")
NIK = "3525015508900003"
ACCOUNT = "1410012345678"


def text_of(document: str) -> str:
    """What a reader sees: the tags dropped, the entities read, the spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", document))).strip()


def claim(**changes: object) -> ClaimPaper:
    values: dict[str, object] = {
        "claim_no": "KLM-2018-000123",
        "claim_type": "JHT",
        "member_name": "Siti Aminah",
        "nik": NIK,
        "kpj": "18000012345",
        "employer": "PT Roti Gresik Jaya",
        "event_label": "Tanggal berhenti bekerja",
        "event_date": date(2018, 2, 28),
        "submitted_on": date(2018, 4, 2),
        "reason": "Mengundurkan diri",
        "bank_name": "BNI",
        "bank_account": ACCOUNT,
        "place": "Gresik",
        "documents": (
            PaperDocument("Kartu peserta", date(2018, 4, 2)),
            PaperDocument("Surat keterangan berhenti bekerja", None),
        ),
        "sla_days": 5,
    }
    values.update(changes)
    return ClaimPaper(**values)  # type: ignore[arg-type]


# --- masking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "head", "tail", "shown"),
    [
        ("3525015508900003", 4, 4, "3525********0003"),  # a NIK: region and serial only
        (ACCOUNT, 0, 4, "*********5678"),  # a bank account: its last four digits
        ("12345678", 4, 4, "****5678"),  # no longer than head + tail: only the tail shows
        ("5678", 4, 4, "5678"),  # as short as the tail: nothing to hide
        ("", 4, 4, ""),
    ],
)
def test_mask_shows_only_the_first_and_last_digits(value, head, tail, shown):
    assert mask(value, head, tail) == shown


# --- the receipt -------------------------------------------------------------------------------


@pytest.fixture
def receipt() -> str:
    """The text of the receipt Budi Santoso hands over on 02/04/2018 for the claim of claim()."""
    return text_of(receipt_html(LETTERHEAD, claim(), "Budi Santoso", date(2018, 4, 2)))


def test_receipt_names_the_member_and_masks_nik_and_account(receipt):
    assert "Tanda Terima Pengajuan Klaim" in receipt
    assert "Nomor: KLM-2018-000123" in receipt
    assert "Nama peserta : Siti Aminah" in receipt
    assert "NIK : 3525********0003" in receipt
    assert NIK not in receipt  # UU 27/2022: the whole NIK never goes on paper
    assert "Rekening pembayaran : BNI *********5678" in receipt
    assert ACCOUNT not in receipt
    assert "Nomor KPJ : 18000012345" in receipt  # the KPJ is the member's own card number: in full
    assert "Tanggal berhenti bekerja : 28/02/2018" in receipt
    assert "Tanggal pengajuan : 02/04/2018" in receipt
    assert "Gresik, 2 April 2018 Petugas pelayanan Budi Santoso" in receipt


def test_receipt_lists_each_document_and_counts_those_missing(receipt):
    assert "Kartu peserta 02/04/2018" in receipt
    assert "Surat keterangan berhenti bekerja belum diterima" in receipt
    assert "Dokumen yang belum lengkap: 1." in receipt
    assert "paling lama 5 hari kerja setelah dokumen lengkap" in receipt


def test_receipt_with_every_document_says_nothing_is_missing():
    complete = claim(documents=(PaperDocument("Kartu peserta", date(2018, 4, 2)),), sla_days=0)
    text = text_of(receipt_html(LETTERHEAD, complete, "Budi", date(2018, 4, 2), "Dicetak oleh X"))
    assert "belum lengkap" not in text
    assert "hari kerja" not in text  # no service level promised when none is set
    assert text.endswith("Dicetak oleh X")


def test_receipt_without_a_bank_account_shows_a_dash_and_no_reason_a_dash():
    text = text_of(
        receipt_html(LETTERHEAD, claim(bank_account="", reason=""), "Budi", date(2018, 4, 2))
    )
    assert "Rekening pembayaran : –" in text
    assert "Keterangan : –" in text


def test_receipt_is_indonesian_even_when_the_screen_is_english():
    with language("en"):
        text = text_of(receipt_html(LETTERHEAD, claim(), "Budi", date(2018, 4, 2)))
    assert "Tanda Terima Pengajuan Klaim" in text
    assert "2 April 2018" in text


def test_receipt_escapes_what_the_user_typed():
    """A name with markup is printed as typed, never read as HTML."""
    document = receipt_html(
        LETTERHEAD, claim(member_name="<b>Ani</b> & Co"), "Budi", date(2018, 4, 2)
    )
    assert "&lt;b&gt;Ani&lt;/b&gt; &amp; Co" in document
    assert "<b>Ani</b>" not in document


# --- the decision letter -----------------------------------------------------------------------


def decision(**changes: object) -> DecisionPaper:
    values: dict[str, object] = {
        "claim": claim(),
        "approved": True,
        "decided_on": date(2018, 4, 6),
        # JHT of 10 years: contributions 12.345.000 + development 1.234.567 (made-up balance)
        "amount": 13_579_567,
        "basis": "Saldo iuran: Rp12.345.000\nHasil pengembangan: Rp1.234.567\nDibayar sekaligus",
        "rejection_reason": "",
        "decider": "Dewi Lestari",
        "decider_role": "Kepala Bidang Pelayanan",
    }
    values.update(changes)
    return DecisionPaper(**values)  # type: ignore[arg-type]


def test_decision_letter_states_the_amount_in_rupiah_and_how_it_was_reached():
    text = text_of(decision_letter_html(LETTERHEAD, decision(), "PTP-2018-04-0007"))
    assert "Surat Penetapan Manfaat" in text
    assert "Nomor: PTP-2018-04-0007" in text
    assert "Berdasarkan pengajuan klaim tanggal 2 April 2018" in text
    assert "Nama peserta : Siti Aminah" in text
    # 12.345.000 + 1.234.567 = 13.579.567, written the Indonesian way
    assert "Manfaat yang dibayarkan: Rp13.579.567" in text
    assert "Saldo iuran Rp12.345.000" in text
    assert "Hasil pengembangan Rp1.234.567" in text
    assert "Dibayar sekaligus" in text
    assert "Gresik, 6 April 2018 Kepala Bidang Pelayanan Dewi Lestari" in text
    assert "3525********0003" in text and NIK not in text


def test_rejection_letter_gives_the_reason_and_no_amount():
    refused = decision(approved=False, amount=None, rejection_reason="Masa tunggu belum 1 bulan")
    text = text_of(decision_letter_html(LETTERHEAD, refused, "PTP-2018-04-0008", "Salinan"))
    assert "Surat Penolakan Klaim" in text
    assert "Klaim tidak dapat dibayarkan" in text
    assert "Alasan: Masa tunggu belum 1 bulan" in text
    assert "Rp" not in text.split("Klaim tidak dapat dibayarkan")[1]
    assert text.endswith("Salinan")


def test_basis_rows_split_label_and_amount_at_the_last_colon():
    rows = basis_rows(
        "Upah: bulan terakhir: Rp4.000.000\nPotongan pajak: -Rp50.000\n\nCatatan: tanpa jumlah"
    )
    assert rows == [
        ("Upah: bulan terakhir", "Rp4.000.000"),
        ("Potongan pajak", "-Rp50.000"),
        ("Catatan: tanpa jumlah", ""),  # no amount after the colon: one line on its own
    ]
