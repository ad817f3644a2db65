"""The documents each claim type needs (domain.md §5.2), as dated data.

A checklist is made when a claim is logged, from the type and the facts of the claim (*conditions*:
a road accident needs a police report, a spouse among the heirs a marriage book, a JHT balance over
Rp50 juta an NPWP). Every document on a claim's checklist is required: the claim cannot be decided
while one is missing.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.i18n import N_, _


class Condition(enum.StrEnum):
    """Facts of a claim that add documents to its checklist."""

    RESIGN = "RESIGN"  # JHT after resignation or the end of a contract: paklaring
    PHK = "PHK"  # dismissal evidence
    NPWP = "NPWP"  # JHT balance above Rp50 juta [S31]
    HOUSING = "HOUSING"  # JHT 30 % for housing
    DEATH = "DEATH"  # paid to heirs
    DISABILITY = "DISABILITY"  # total permanent disability
    FOREIGNER = "FOREIGNER"  # a foreigner leaving Indonesia
    ROAD = "ROAD"  # a road accident: police report or Jasa Raharja letter
    RECEIPTS = "RECEIPTS"  # medical costs to reimburse
    STAGE2 = "STAGE2"  # the accident's stage II is reported (recovered, disabled or dead)
    SPOUSE = "SPOUSE"  # a spouse among the heirs: marriage book
    SCHOOL = "SCHOOL"  # a child's scholarship (PP 82/2019): proof the child is at school


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    code: str
    when: Condition | None = None  # None: always needed


DOCUMENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "KARTU_KPJ": N_("Kartu peserta (KPJ)"),
        "KTP": N_("KTP elektronik (atau KITAS bagi WNA)"),
        "KK": N_("Kartu Keluarga"),
        "PAKLARING": N_("Surat keterangan berhenti bekerja (paklaring)"),
        "BUKTI_PHK": N_(
            "Bukti PHK (tanda terima Disnaker, laporan pemberi kerja, perjanjian bersama atau putusan PHI)"
        ),
        "BUKU_TABUNGAN": N_("Buku tabungan atas nama sendiri"),
        "NPWP": N_("NPWP (saldo di atas Rp50 juta)"),
        "SURAT_KERJA": N_("Surat keterangan masih bekerja atau berhenti bekerja"),
        "DOKUMEN_RUMAH": N_("Dokumen perbankan untuk kepemilikan rumah"),
        "AKTA_KEMATIAN": N_("Akta atau surat keterangan kematian"),
        "KTP_AHLI_WARIS": N_("KTP ahli waris"),
        "SURAT_AHLI_WARIS": N_("Surat keterangan ahli waris"),
        "BUKU_NIKAH": N_("Buku nikah (ahli waris suami/istri)"),
        "REFERENSI_KERJA": N_("Surat keterangan kerja dari pemberi kerja"),
        "TABUNGAN_AHLI_WARIS": N_("Buku tabungan ahli waris"),
        "KET_DOKTER_CACAT": N_("Surat keterangan dokter tentang cacat total tetap"),
        "PASPOR": N_("Paspor dan surat pernyataan tidak bekerja lagi di Indonesia"),
        "FORM_KK1": N_("Formulir 3 KK1: laporan kecelakaan tahap I"),
        "FORM_KK2": N_("Formulir 3a KK2: laporan kecelakaan tahap II"),
        "FORM_KK3": N_("Formulir 3b KK3: surat keterangan dokter"),
        "ABSENSI": N_("Daftar hadir pada hari kecelakaan"),
        "KRONOLOGI": N_("Kronologi kecelakaan dengan dua saksi"),
        "LAPORAN_POLISI": N_("Laporan polisi atau surat Jasa Raharja"),
        "KUITANSI": N_("Kuitansi asli biaya pengobatan"),
        "KET_SEKOLAH": N_("Surat keterangan sekolah atau kuliah anak penerima beasiswa"),
    }
)


def document_label(code: str) -> str:
    """The document's name in the user's language (the code itself if unknown)."""
    label = DOCUMENT_LABELS.get(code)
    return _(label) if label else code


_JHT_BASE = (
    DocumentSpec("KARTU_KPJ"),
    DocumentSpec("KTP"),
    DocumentSpec("KK"),
    DocumentSpec("PAKLARING", Condition.RESIGN),
    DocumentSpec("BUKTI_PHK", Condition.PHK),
    DocumentSpec("AKTA_KEMATIAN", Condition.DEATH),
    DocumentSpec("SURAT_AHLI_WARIS", Condition.DEATH),
    DocumentSpec("KET_DOKTER_CACAT", Condition.DISABILITY),
    DocumentSpec("PASPOR", Condition.FOREIGNER),
    DocumentSpec("BUKU_TABUNGAN"),
    DocumentSpec("NPWP", Condition.NPWP),
)

_JHT_PARTIAL = (
    DocumentSpec("KARTU_KPJ"),
    DocumentSpec("KTP"),
    DocumentSpec("KK"),
    DocumentSpec("SURAT_KERJA"),
    DocumentSpec("DOKUMEN_RUMAH", Condition.HOUSING),
    DocumentSpec("BUKU_TABUNGAN"),
    DocumentSpec("NPWP", Condition.NPWP),
)

_JKM = (
    DocumentSpec("KARTU_KPJ"),
    DocumentSpec("KTP_AHLI_WARIS"),
    DocumentSpec("AKTA_KEMATIAN"),
    DocumentSpec("KK"),
    DocumentSpec("SURAT_AHLI_WARIS"),
    DocumentSpec("BUKU_NIKAH", Condition.SPOUSE),
    DocumentSpec("KET_SEKOLAH", Condition.SCHOOL),  # [unverified] which proof is asked for
    DocumentSpec("REFERENSI_KERJA"),
    DocumentSpec("TABUNGAN_AHLI_WARIS"),
)

_JKK = (
    DocumentSpec("FORM_KK1"),
    DocumentSpec("FORM_KK2", Condition.STAGE2),
    DocumentSpec("FORM_KK3", Condition.STAGE2),
    DocumentSpec("ABSENSI"),
    DocumentSpec("KTP"),
    DocumentSpec("KARTU_KPJ"),
    DocumentSpec("KRONOLOGI"),
    DocumentSpec("LAPORAN_POLISI", Condition.ROAD),
    DocumentSpec("KUITANSI", Condition.RECEIPTS),
    DocumentSpec("AKTA_KEMATIAN", Condition.DEATH),
    DocumentSpec("SURAT_AHLI_WARIS", Condition.DEATH),
    DocumentSpec("KET_DOKTER_CACAT", Condition.DISABILITY),
    DocumentSpec("KET_SEKOLAH", Condition.SCHOOL),  # [unverified] which proof is asked for
    DocumentSpec("BUKU_TABUNGAN"),
)

# JP and JKP: no list was retrieved; these follow the JHT list [unverified].
_JP = (
    DocumentSpec("KARTU_KPJ"),
    DocumentSpec("KTP"),
    DocumentSpec("KK"),
    DocumentSpec("AKTA_KEMATIAN", Condition.DEATH),
    DocumentSpec("SURAT_AHLI_WARIS", Condition.DEATH),
    DocumentSpec("BUKU_NIKAH", Condition.SPOUSE),  # a widow's or widower's pension
    DocumentSpec("KET_DOKTER_CACAT", Condition.DISABILITY),
    DocumentSpec("BUKU_TABUNGAN"),
    DocumentSpec("NPWP", Condition.NPWP),
)

_JKP = (
    DocumentSpec("KARTU_KPJ"),
    DocumentSpec("KTP"),
    DocumentSpec("BUKTI_PHK"),
    DocumentSpec("BUKU_TABUNGAN"),
)

CHECKLISTS: DatedTable[Mapping[ClaimType, tuple[DocumentSpec, ...]]] = DatedTable(
    N_("daftar dokumen klaim"),
    [
        Dated(
            date(2014, 1, 1),
            MappingProxyType(
                {
                    ClaimType.JHT_PENUH: _JHT_BASE,
                    ClaimType.JHT_10: _JHT_PARTIAL,
                    ClaimType.JHT_30: _JHT_PARTIAL,
                    ClaimType.JKK: _JKK,
                    ClaimType.JKM: _JKM,
                    ClaimType.JP_BERKALA: _JP,
                    ClaimType.JP_SEKALIGUS: _JP,
                    ClaimType.JKP: _JKP,
                }
            ),
            "domain.md §5.2: JHT [S31][S36], JHT sebagian [S36], JKM [S35], JKK [S37]; "
            "JP dan JKP [unverified]",
        ),
    ],
)

# JHT claims above this balance need an NPWP (domain.md §5.2 [S31]).
NPWP_THRESHOLD = 50_000_000


def checklist(
    claim_type: ClaimType, on: date, conditions: frozenset[Condition] = frozenset()
) -> tuple[str, ...]:
    """The codes of the documents a claim of *claim_type* logged on *on* needs."""
    specs = CHECKLISTS.at(on)[claim_type]
    return tuple(s.code for s in specs if s.when is None or s.when in conditions)
