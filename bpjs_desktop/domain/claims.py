"""Claim types, states and the transitions allowed between them (domain.md §5.3)."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from bpjs_desktop.domain.labelled import LabelledEnum
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import Programme
from bpjs_desktop.errors import ConflictError
from bpjs_desktop.i18n import N_, _


class ClaimState(LabelledEnum):
    DRAFT = "DRAFT", N_("Pra-pengajuan")  # pre-registered (Lapak Asik / JMO)
    DIAJUKAN = "DIAJUKAN", N_("Diajukan")  # documents received, receipt issued
    # identity, membership, waiting period, balance being checked
    VERIFIKASI = "VERIFIKASI", N_("Verifikasi")
    DIKEMBALIKAN = "DIKEMBALIKAN", N_("Dikembalikan")  # returned for missing or invalid documents
    DITETAPKAN = "DITETAPKAN", N_("Ditetapkan")  # approved, amount fixed
    DIBAYAR = "DIBAYAR", N_("Dibayar")  # paid to the account
    DITOLAK = "DITOLAK", N_("Ditolak")  # not eligible, with a reason

    @property
    def final(self) -> bool:
        return not TRANSITIONS[self]


TRANSITIONS: MappingProxyType[ClaimState, frozenset[ClaimState]] = MappingProxyType(
    {
        ClaimState.DRAFT: frozenset({ClaimState.DIAJUKAN, ClaimState.DITOLAK}),
        ClaimState.DIAJUKAN: frozenset(
            {ClaimState.VERIFIKASI, ClaimState.DIKEMBALIKAN, ClaimState.DITOLAK}
        ),
        ClaimState.VERIFIKASI: frozenset(
            {ClaimState.DITETAPKAN, ClaimState.DIKEMBALIKAN, ClaimState.DITOLAK}
        ),
        ClaimState.DIKEMBALIKAN: frozenset({ClaimState.DIAJUKAN, ClaimState.DITOLAK}),
        ClaimState.DITETAPKAN: frozenset({ClaimState.DIBAYAR}),
        ClaimState.DIBAYAR: frozenset(),
        ClaimState.DITOLAK: frozenset(),
    }
)


def check_transition(current: ClaimState, new: ClaimState) -> None:
    """Raise :class:`ConflictError` naming both states when *current* → *new* is not allowed."""
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(s.label for s in sorted(TRANSITIONS[current])) or _("tidak ada")
        raise ConflictError(
            _(
                "Klaim berstatus {current} tidak dapat diubah menjadi {new} (yang boleh: {allowed})"
            ).format(current=current.label, new=new.label, allowed=allowed)
        )


class ClaimType(LabelledEnum):
    # full JHT: age, resignation/PHK after the wait, death, disability
    JHT_PENUH = "JHT_PENUH", N_("JHT penuh")
    # partial 10 % after ≥10 years, once (PP 46/2015 Pasal 22)
    JHT_10 = "JHT_10", N_("JHT sebagian 10%")
    JHT_30 = "JHT_30", N_("JHT sebagian 30% (perumahan)")  # partial 30 % for housing
    JKK = "JKK", N_("JKK")
    JKM = "JKM", N_("JKM")
    JP_BERKALA = "JP_BERKALA", N_("JP berkala")  # monthly pension
    JP_SEKALIGUS = "JP_SEKALIGUS", N_("JP sekaligus")  # lump sum (under 15 years of contributions)
    JKP = "JKP", N_("JKP")

    @property
    def programme(self) -> Programme:
        return Programme(self.value.split("_")[0])

    @property
    def event_label(self) -> str:
        """What the event date is for this type, as the form labels its field ("Tanggal
        berhenti kerja" for a full JHT): the rules' messages about that date name it so too."""
        return _(_EVENT_LABELS[self])


_EVENT_LABELS = {
    ClaimType.JHT_PENUH: N_("Tanggal berhenti kerja"),
    ClaimType.JHT_10: N_("Tanggal permohonan"),
    ClaimType.JHT_30: N_("Tanggal permohonan"),
    ClaimType.JKK: N_("Tanggal kecelakaan"),
    ClaimType.JKM: N_("Tanggal meninggal"),
    ClaimType.JP_BERKALA: N_("Tanggal kejadian"),
    ClaimType.JP_SEKALIGUS: N_("Tanggal kejadian"),
    ClaimType.JKP: N_("Tanggal PHK"),
}


def claim_number(office_code: str, period: Period, sequence: int) -> str:
    """A readable claim number unique per office: ``KODE-YYYYMM-NNNNN`` (office, BLTH, sequence).

    No public format exists (domain.md §5.3 [unverified]); this one sorts by office and month.
    """
    if not 0 < sequence < 100_000:
        raise ValueError(f"claim sequence out of range: {sequence}")
    return f"{office_code}-{period.year:04d}{period.month:02d}-{sequence:05d}"


def add_months(day: date, months: int) -> date:
    """*day* plus *months* calendar months, clamped to the end of the month (31/01 + 1 → 28/02).

    Waiting periods and claim windows of the regulations are counted in months this way.
    """
    return Period.of(day).shift(months).day(day.day)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from *start* to *end* (0 when *end* is less than a month later)."""
    months = Period.of(start).months_until(Period.of(end))
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)
