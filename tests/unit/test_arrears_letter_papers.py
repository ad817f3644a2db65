"""The warning letters and the SKK hand-over list as paper (exchange/arrears_letters).

Every amount below is worked by hand from the rates it cites; the letters only add them up and
write them the Indonesian way, so a change of grouping or of the sums shows here.
"""

from __future__ import annotations

import html
import re
from datetime import date

from bpjs_desktop.exchange.arrears_letters import (
    HandoverLine,
    HandoverList,
    LetterLine,
    WarningLetter,
    handover_list_html,
    tanggal,
    warning_letter_html,
)
from bpjs_desktop.exchange.documents import Letterhead
from bpjs_desktop.i18n import language

LETTERHEAD = Letterhead("Kantor Cabang Gresik", "Jl. Dr. Wahidin Sudirohusodo 1")

# One worker on Rp5.000.000 with an employer of risk group "sangat rendah", March 2024:
# JKK 0,24 % (PP 44/2015 Lampiran I) = 12.000; JKM 0,30 % (PP 44/2015 Pasal 18) = 15.000;
# JHT 3,7 % + 2 % (PP 46/2015 Pasal 16) = 285.000; JP 2 % + 1 % (PP 45/2015 Pasal 28) = 150.000.
# Principal 12.000 + 15.000 + 285.000 + 150.000 = 462.000.
# Paid two months late: fine 2 % a month (PP 44/2015 and PP 46/2015 [S16], domain.md §4.9; the
# article number was not retrieved) × 2 = 4 % of 462.000 = 18.480. Total 480.480.
MARCH = LetterLine("03-2024", jkk=12_000, jkm=15_000, jht=285_000, jp=150_000, fine=18_480)
# April the same principal, one month late: 2 % of 462.000 = 9.240. Total 471.240.
APRIL = LetterLine("04-2024", jkk=12_000, jkm=15_000, jht=285_000, jp=150_000, fine=9_240)


def text_of(document: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", document))).strip()


def letter(level: int = 1, **changes: object) -> WarningLetter:
    values: dict[str, object] = {
        "letterhead": LETTERHEAD,
        "city": "Gresik",
        "level": level,
        "number": f"SP{level}/GRS/2024/0042",
        "day": date(2024, 6, 17),
        "deadline": date(2024, 6, 24),
        "npp": "17000123",
        "employer_name": "PT Roti Gresik Jaya",
        "employer_address": "Jl. Veteran 12, Gresik",
        "lines": (MARCH, APRIL),
        "officer_name": "Rina Wulandari",
        "officer_phone": "0812-3456-7890",
        "head_name": "Ahmad Fauzi",
    }
    values.update(changes)
    return WarningLetter(**values)  # type: ignore[arg-type]


def test_letter_lines_add_up_by_programme():
    assert (MARCH.principal, MARCH.total) == (462_000, 480_480)
    both = letter()
    assert (both.principal, both.fine, both.total) == (924_000, 27_720, 951_720)


def test_first_warning_names_the_employer_the_months_and_the_amount_in_rupiah():
    text = text_of(warning_letter_html(letter()))
    assert "SURAT PERINGATAN I " in text
    assert "Nomor: SP1/GRS/2024/0042" in text
    assert "Pimpinan PT Roti Gresik Jaya Jl. Veteran 12, Gresik NPP 17000123" in text
    assert "sampai dengan tanggal 17 Juni 2024" in text
    # BLTH, JKK, JKM, JHT, JP, principal, fine, total per month, then the sums
    assert "03-2024 12.000 15.000 285.000 150.000 462.000 18.480 480.480" in text
    assert "04-2024 12.000 15.000 285.000 150.000 462.000 9.240 471.240" in text
    assert "Jumlah 24.000 30.000 570.000 300.000 924.000 27.720 951.720" in text
    assert "sebesar Rp951.720 (pokok Rp924.000, denda keterlambatan 2% per bulan Rp27.720)" in text
    assert "paling lambat tanggal 24 Juni 2024" in text
    assert "teguran tertulis" in text  # the first letter warns of the sanctions of PP 86/2013
    assert "Kejaksaan" not in text
    assert "Rina Wulandari (0812-3456-7890)" in text
    assert "Gresik, 17 Juni 2024 Kepala Kantor Cabang Ahmad Fauzi" in text


def test_second_warning_cites_the_first_and_the_prosecutor():
    second = letter(2, first_letter=("SP1/GRS/2024/0042", date(2024, 6, 17)), day=date(2024, 7, 1))
    text = text_of(warning_letter_html(second))
    assert "SURAT PERINGATAN II " in text
    assert (
        "Menindaklanjuti Surat Peringatan I kami Nomor SP1/GRS/2024/0042 tanggal 17 Juni 2024"
        in text
    )
    assert "Kejaksaan Negeri selaku Jaksa Pengacara Negara" in text
    assert "teguran tertulis" not in text


def test_second_warning_without_the_first_on_record_cites_no_number():
    text = text_of(warning_letter_html(letter(2)))
    assert "Menindaklanjuti Surat Peringatan I kami, sampai dengan tanggal" in text


def test_letter_without_officer_or_head_leaves_room_to_sign():
    text = text_of(warning_letter_html(letter(officer_name="", officer_phone="", head_name="")))
    assert "petugas kami, -." in text
    assert "(.................................)" in text


def test_letters_are_indonesian_whatever_the_screen_language():
    with language("en"):
        text = text_of(warning_letter_html(letter()))
    assert "17 Juni 2024" in text and "Rp951.720" in text
    assert tanggal(date(2024, 12, 1)) == "1 Desember 2024"


def test_employer_name_with_markup_is_printed_as_typed():
    document = warning_letter_html(letter(employer_name="CV <Maju> & Jaya"))
    assert "CV &lt;Maju&gt; &amp; Jaya" in document


def test_hand_over_list_numbers_the_employers_and_sums_what_they_owe():
    handover = HandoverList(
        LETTERHEAD,
        "Gresik",
        "SKK/GRS/2024/0003",
        date(2024, 9, 2),
        "Kejaksaan Negeri Gresik",
        (
            # The two months above on 02/09/2024 (2 % a month, each month begun counting):
            # March, due 15/04, 5 months late: 10 % of 462.000 = 46.200; April, due 15/05,
            # 4 months: 8 % of 462.000 = 36.960; fine 46.200 + 36.960 = 83.160.
            HandoverLine(
                "17000123",
                "PT Roti Gresik Jaya",
                "Jl. Veteran 12",
                "03-2024 s.d. 04-2024",
                924_000,
                83_160,
                "SKK-001",
                date(2024, 8, 30),
            ),
            # January 2024, due 15/02, 7 months late: 14 % of 462.000 = 64.680.
            HandoverLine(
                "17000456", "CV Maju", "", "01-2024", 462_000, 64_680, "SKK-002", date(2024, 8, 30)
            ),
        ),
        "Ahmad Fauzi",
    )
    assert handover.total == 924_000 + 83_160 + 462_000 + 64_680 == 1_533_840
    text = text_of(handover_list_html(handover))
    assert "DAFTAR PENYERAHAN SURAT KUASA KHUSUS (SKK) KEPADA KEJAKSAAN NEGERI" in text
    assert "Kepala Kejaksaan Negeri Gresik" in text
    assert (
        "1 17000123 PT Roti Gresik Jaya, Jl. Veteran 12 03-2024 s.d. 04-2024 924.000 83.160 "
        "1.007.160 SKK-001 (30/08/2024)" in text
    )
    assert "2 17000456 CV Maju 01-2024 462.000 64.680 526.680 SKK-002 (30/08/2024)" in text
    assert "Jumlah 1.386.000 147.840 1.533.840" in text
    assert "Jumlah pemberi kerja : 2" in text
    assert "Jumlah piutang : Rp1.533.840" in text
