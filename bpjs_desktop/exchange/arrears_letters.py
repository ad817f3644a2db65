"""Arrears paper: the warning letters (surat peringatan I and II) and the SKK hand-over list.

Built as HTML from plain data (``services.arrears_letters`` gathers it), in Indonesian whatever
the UI language: the letters go to employers and to the prosecutor's office.
``bpjs_desktop.ui.common.printing`` turns the HTML into a PDF or prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import MONTH_NAMES_ID
from bpjs_desktop.exchange.documents import (
    Letterhead,
    escape,
    fields_table,
    official_paper,
    page,
    signature,
)
from bpjs_desktop.i18n import Translator


def tanggal(day: date) -> str:
    """``30 April 2018``: a letter's date, always in Indonesian."""
    return f"{day.day} {MONTH_NAMES_ID[day.month - 1]} {day.year}"


class _Owed(Protocol):
    @property
    def principal(self) -> int: ...

    @property
    def fine(self) -> int: ...


class _WithTotal:
    """What is owed in all: the principal and the fine on it."""

    __slots__ = ()

    @property
    def total(self: _Owed) -> int:
        return self.principal + self.fine


class _SumOfLines(_WithTotal):
    """The principal and fine of a paper: the sums of its lines'."""

    __slots__ = ()
    lines: Sequence[_Owed]

    @property
    def principal(self) -> int:
        return sum(line.principal for line in self.lines)

    @property
    def fine(self) -> int:
        return sum(line.fine for line in self.lines)


@dataclass(frozen=True, slots=True)
class LetterLine(_WithTotal):
    """One month owed on a letter: BLTH, per programme, principal, fine, total."""

    blth: str
    jkk: int
    jkm: int
    jht: int
    jp: int
    fine: int

    @property
    def principal(self) -> int:
        return self.jkk + self.jkm + self.jht + self.jp


@dataclass(frozen=True, slots=True)
class WarningLetter(_SumOfLines):
    letterhead: Letterhead
    city: str
    level: int  # 1 or 2
    number: str
    day: date
    deadline: date
    npp: str
    employer_name: str
    employer_address: str
    lines: tuple[LetterLine, ...]
    officer_name: str
    officer_phone: str
    head_name: str
    first_letter: tuple[str, date] | None = None  # (number, date) cited by the second letter


def _money(amount: int) -> str:
    return group_thousands(amount)


def _grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int],
    widths: Sequence[int],
    bold_last: bool = True,
) -> str:
    """A full-width bordered table with column widths in percent; the last row (the total) bold."""
    small = "<span style='font-size: 8pt;'>{}</span>"
    strong = "<span style='font-size: 8pt; font-weight: bold;'>{}</span>"
    head = "".join(
        f"<th width='{w}%'>{small.format(escape(h))}</th>"
        for h, w in zip(headers, widths, strict=True)
    )
    body = []
    for index, row in enumerate(rows):
        bold = bold_last and index == len(rows) - 1
        cells = "".join(
            ("<td class='num'>" if i in numeric else "<td>")
            + (strong if bold else small).format(escape(v))
            + "</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return (
        "<table class='grid' width='100%' cellspacing='0' cellpadding='3'>"
        f"<tr>{head}</tr>{''.join(body)}</table>"
    )


def _months_owed(letter: WarningLetter) -> str:
    """The table of a warning letter: each month owed by programme, its fine, and the sums."""
    return _grid(
        ["BLTH", "JKK", "JKM", "JHT", "JP", "Pokok iuran", "Denda", "Jumlah"],
        [
            (
                line.blth, _money(line.jkk), _money(line.jkm), _money(line.jht), _money(line.jp),
                _money(line.principal), _money(line.fine), _money(line.total),
            )
            for line in letter.lines
        ]
        + [
            (
                "Jumlah", _money(sum(x.jkk for x in letter.lines)),
                _money(sum(x.jkm for x in letter.lines)), _money(sum(x.jht for x in letter.lines)),
                _money(sum(x.jp for x in letter.lines)), _money(letter.principal),
                _money(letter.fine), _money(letter.total),
            )
        ],
        numeric=range(1, 8),
        widths=(11, 11, 11, 13, 10, 15, 13, 16),
    )  # fmt: skip


@official_paper
def warning_letter_html(letter: WarningLetter, *, translator: Translator | None = None) -> str:
    """Surat Peringatan I or II: the months owed by programme, the fine, the deadline, the sanction."""
    roman = "I" if letter.level == 1 else "II"
    title = f"SURAT PERINGATAN {roman}"
    addressee = (
        f"<p>Kepada Yth.<br/>Pimpinan <b>{escape(letter.employer_name)}</b><br/>"
        f"{escape(letter.employer_address)}<br/>NPP {escape(letter.npp)}</p>"
        f"<p>Perihal: <b>Tunggakan Iuran BPJS Ketenagakerjaan</b></p>"
    )
    if letter.level == 1:
        opening = (
            "Berdasarkan data kepesertaan kami, sampai dengan tanggal "
            f"{escape(tanggal(letter.day))} perusahaan Saudara belum membayar iuran program "
            "jaminan sosial ketenagakerjaan untuk bulan-bulan berikut:"
        )
    else:
        cited = ""
        if letter.first_letter is not None:
            cited = (
                f" Nomor {escape(letter.first_letter[0])} tanggal "
                f"{escape(tanggal(letter.first_letter[1]))}"
            )
        opening = (
            f"Menindaklanjuti Surat Peringatan I kami{cited}, sampai dengan tanggal "
            f"{escape(tanggal(letter.day))} perusahaan Saudara masih menunggak iuran program "
            "jaminan sosial ketenagakerjaan untuk bulan-bulan berikut:"
        )
    table = _months_owed(letter)
    request = (
        f"<p>Jumlah tunggakan iuran dan denda sebesar <b>{escape(format_rupiah(letter.total))}</b> "
        f"(pokok {escape(format_rupiah(letter.principal))}, denda keterlambatan 2% per bulan "
        f"{escape(format_rupiah(letter.fine))}) agar dilunasi paling lambat tanggal "
        f"<b>{escape(tanggal(letter.deadline))}</b>. Pembayaran dialokasikan ke bulan iuran yang "
        "paling lama lebih dahulu. Apabila Saudara telah membayar, mohon abaikan surat ini dan "
        "kirimkan bukti pembayaran kepada kami.</p>"
    )
    if letter.level == 1:
        warning = (
            "<p>Sesuai Peraturan Pemerintah Nomor 86 Tahun 2013, pemberi kerja yang tidak "
            "membayar iuran dapat dikenai sanksi administratif berupa teguran tertulis, denda, "
            "dan tidak mendapat pelayanan publik tertentu.</p>"
        )
    else:
        warning = (
            "<p>Apabila sampai batas waktu tersebut tunggakan belum dilunasi, kami akan "
            "melanjutkan penagihan melalui pemeriksaan dan pemanggilan bersama Dinas Tenaga "
            "Kerja, serta menyerahkan penagihan kepada Kejaksaan Negeri selaku Jaksa Pengacara "
            "Negara dengan Surat Kuasa Khusus, sesuai Peraturan Pemerintah Nomor 86 Tahun 2013.</p>"
        )
    contact = (
        f"<p>Untuk keterangan lebih lanjut Saudara dapat menghubungi petugas kami, "
        f"{escape(letter.officer_name or '-')}"
        + (f" ({escape(letter.officer_phone)})" if letter.officer_phone else "")
        + ".</p><p>Atas perhatian dan kerja sama Saudara kami ucapkan terima kasih.</p>"
    )
    body = (
        addressee
        + f"<p>Dengan hormat,</p><p>{opening}</p>"
        + table
        + request
        + warning
        + contact
        + signature(
            letter.city, letter.day, "Kepala Kantor Cabang", letter.head_name, dated=tanggal
        )
    )
    return page(letter.letterhead, title, body, number=letter.number)


@dataclass(frozen=True, slots=True)
class HandoverLine(_WithTotal):
    npp: str
    employer_name: str
    address: str
    periods: str
    principal: int
    fine: int
    skk_number: str
    skk_date: date


@dataclass(frozen=True, slots=True)
class HandoverList(_SumOfLines):
    letterhead: Letterhead
    city: str
    number: str
    day: date
    prosecutor: str  # "Kejaksaan Negeri Gresik"
    lines: tuple[HandoverLine, ...]
    head_name: str


@official_paper
def handover_list_html(handover: HandoverList, *, translator: Translator | None = None) -> str:
    """The list of employers handed to the prosecutor's office under a special power of attorney."""
    intro = (
        f"<p>Kepada Yth.<br/>Kepala {escape(handover.prosecutor)}<br/>"
        "u.p. Kepala Seksi Perdata dan Tata Usaha Negara</p>"
        "<p>Dengan hormat,</p><p>Bersama ini kami serahkan penagihan piutang iuran BPJS "
        "Ketenagakerjaan atas pemberi kerja berikut, masing-masing dengan Surat Kuasa Khusus "
        "(SKK) kepada Jaksa Pengacara Negara, untuk ditindaklanjuti sesuai kewenangan "
        "Kejaksaan. Jumlah denda dihitung sampai dengan tanggal daftar ini.</p>"
    )
    table = _grid(
        ["No.", "NPP", "Pemberi kerja", "BLTH", "Pokok iuran", "Denda", "Jumlah", "Nomor SKK"],
        [
            (
                str(i), line.npp, f"{line.employer_name}, {line.address}".rstrip(", "),
                line.periods, _money(line.principal), _money(line.fine), _money(line.total),
                f"{line.skk_number} ({line.skk_date.day:02d}/{line.skk_date.month:02d}/{line.skk_date.year})",
            )
            for i, line in enumerate(handover.lines, start=1)
        ]
        + [("", "", "Jumlah", "", _money(handover.principal), _money(handover.fine),
            _money(handover.total), "")],
        numeric=(0, 4, 5, 6),
        widths=(5, 11, 23, 11, 12, 10, 12, 16),
    )  # fmt: skip
    summary = fields_table(
        [
            ("Jumlah pemberi kerja", str(len(handover.lines))),
            ("Jumlah piutang", format_rupiah(handover.total)),
        ]
    )
    body = (
        intro
        + table
        + summary
        + signature(
            handover.city, handover.day, "Kepala Kantor Cabang", handover.head_name, dated=tanggal
        )
    )
    return page(
        handover.letterhead,
        "DAFTAR PENYERAHAN SURAT KUASA KHUSUS (SKK) KEPADA KEJAKSAAN NEGERI",
        body,
        number=handover.number,
    )
