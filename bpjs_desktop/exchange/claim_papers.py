"""The claim receipt (tanda terima) and the decision letter (surat penetapan), as HTML.

Built from plain data by the claims service; ``bpjs_desktop.ui.common.printing`` makes the PDF or prints.
Identity numbers are shown masked on paper (UU 27/2022 PDP: data minimisation): the member's KPJ in
full, the NIK and the bank account only by their first and last digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.exchange.documents import (
    Letterhead,
    escape,
    fields_table,
    long_date,
    official_paper,
    page,
    rows_table,
    signature,
)
from bpjs_desktop.i18n import Translator, _, pgettext


def mask(text: str, head: int = 4, tail: int = 4) -> str:
    """``3525011505900001`` → ``3525********0001`` (short values are masked whole but the tail)."""
    if len(text) <= head + tail:
        return "*" * max(len(text) - tail, 0) + text[-tail:] if len(text) > tail else text
    return text[:head] + "*" * (len(text) - head - tail) + text[-tail:]


@dataclass(frozen=True)
class PaperDocument:
    label: str
    received_on: date | None


@dataclass(frozen=True)
class ClaimPaper:
    """What both papers say about the claim."""

    claim_no: str
    claim_type: str  # label
    member_name: str
    nik: str
    kpj: str
    employer: str  # employer name, or the segment for members without one
    event_label: str  # "Tanggal berhenti bekerja", "Tanggal kecelakaan"...
    event_date: date
    submitted_on: date
    reason: str
    bank_name: str
    bank_account: str
    place: str  # the office's city
    documents: tuple[PaperDocument, ...] = field(default=())
    sla_days: int = 0


def _claim_fields(claim: ClaimPaper) -> list[tuple[str, object]]:
    bank = (
        f"{claim.bank_name} {mask(claim.bank_account, 0, 4)}".strip() if claim.bank_account else "–"
    )
    return [
        (_("Nomor klaim"), claim.claim_no),
        (_("Jenis klaim"), claim.claim_type),
        (_("Nama peserta"), claim.member_name),
        (_("NIK"), mask(claim.nik, 4, 4)),
        (_("Nomor KPJ"), claim.kpj),
        (_("Pemberi kerja / segmen"), claim.employer),
        (claim.event_label, format_date(claim.event_date)),
        (_("Tanggal pengajuan"), format_date(claim.submitted_on)),
        (_("Keterangan"), claim.reason or "–"),
        (_("Rekening pembayaran"), bank),
    ]


@official_paper
def receipt_html(
    letterhead: Letterhead,
    claim: ClaimPaper,
    officer: str,
    printed_on: date,
    footer: str = "",
    *,
    translator: Translator | None = None,
) -> str:
    """The receipt given to the member when the claim is logged."""
    missing = [d for d in claim.documents if d.received_on is None]
    rows = [
        (d.label, format_date(d.received_on) if d.received_on else _("belum diterima"))
        for d in claim.documents
    ]
    body = [
        "<p>" + escape(_("Telah diterima pengajuan klaim dengan data berikut:")) + "</p>",
        fields_table(_claim_fields(claim)),
        "<h2>" + escape(_("Dokumen")) + "</h2>",
        rows_table([_("Dokumen"), _("Diterima")], rows),
    ]
    if missing:
        body.append(
            "<p><b>"
            + escape(
                _(
                    "Dokumen yang belum lengkap: {n}. Layanan dihitung sejak semua dokumen diterima."
                ).format(n=len(missing))
            )
            + "</b></p>"
        )
    if claim.sla_days:
        body.append(
            "<p>"
            + escape(
                _(
                    "Klaim diproses paling lama {n} hari kerja setelah dokumen lengkap. Simpan "
                    "tanda terima ini dan sebutkan nomor klaim bila menghubungi kami."
                ).format(n=claim.sla_days)
            )
            + "</p>"
        )
    body.append(signature(claim.place, printed_on, _("Petugas pelayanan"), officer))
    if footer:
        body.append(f"<p class='small'>{escape(footer)}</p>")
    return page(letterhead, _("Tanda Terima Pengajuan Klaim"), "".join(body), number=claim.claim_no)


@dataclass(frozen=True)
class DecisionPaper:
    claim: ClaimPaper
    approved: bool
    decided_on: date
    amount: int | None
    basis: str  # how the amount was reached, one line each ("label: Rp…")
    rejection_reason: str
    decider: str
    decider_role: str


def basis_rows(text: str) -> list[tuple[str, str]]:
    """The lines of an amount basis as (label, amount) pairs; lines without an amount stand alone."""
    rows: list[tuple[str, str]] = []
    for line in text.splitlines():
        label, sep, value = line.rpartition(": ")
        if sep and (value.startswith("Rp") or value.startswith("-Rp")):
            rows.append((label, value))
        elif line.strip():
            rows.append((line, ""))
    return rows


@official_paper
def decision_letter_html(
    letterhead: Letterhead,
    decision: DecisionPaper,
    number: str,
    footer: str = "",
    *,
    translator: Translator | None = None,
) -> str:
    """The letter that fixes the benefit (or refuses it), with how the amount was reached."""
    claim = decision.claim
    body = [
        "<p>"
        + escape(
            _("Berdasarkan pengajuan klaim tanggal {day}, BPJS Ketenagakerjaan menetapkan:").format(
                day=long_date(claim.submitted_on)
            )
        )
        + "</p>",
        fields_table(_claim_fields(claim)),
    ]
    if decision.approved and decision.amount is not None:
        body.append(
            "<h2>"
            + escape(
                _("Manfaat yang dibayarkan: {amount}").format(amount=format_rupiah(decision.amount))
            )
            + "</h2>"
        )
        body.append("<p>" + escape(_("Perhitungan manfaat:")) + "</p>")
        rows: Sequence[tuple[str, str]] = basis_rows(decision.basis)
        body.append(rows_table([_("Uraian"), pgettext("uang", "Jumlah")], rows, numeric=(1,)))
        body.append(
            "<p>" + escape(_("Manfaat ditransfer ke rekening yang tercantum di atas.")) + "</p>"
        )
    else:
        body.append("<h2>" + escape(_("Klaim tidak dapat dibayarkan")) + "</h2>")
        body.append(
            "<p>" + escape(_("Alasan: {reason}").format(reason=decision.rejection_reason)) + "</p>"
        )
    body.append(
        signature(claim.place, decision.decided_on, decision.decider_role, decision.decider)
    )
    if footer:
        body.append(f"<p class='small'>{escape(footer)}</p>")
    title = _("Surat Penetapan Manfaat") if decision.approved else _("Surat Penolakan Klaim")
    return page(letterhead, title, "".join(body), number=number)
