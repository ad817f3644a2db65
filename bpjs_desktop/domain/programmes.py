"""Segments, programmes and which programmes each employer and worker must (or may) join.

Sources: Perpres 109/2013 Pasal 6 (phased membership by employer size, from 1 July 2015);
PP 7/2021 Pasal 35 (size classes); PP 37/2021 and PP 6/2025 (JKP); Permenaker 4/2023 (PMI).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

from bpjs_desktop.domain.dated import Dated, DatedTable
from bpjs_desktop.domain.labelled import LabelledEnum, LabelledIntEnum
from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import N_, _


class Segment(LabelledEnum):
    """Participant segment (domain.md §3.1)."""

    PU = "PU", N_("Penerima Upah (PU)")  # Penerima Upah: wage earners under an employer
    BPU = "BPU", N_("Bukan Penerima Upah (BPU)")  # Bukan Penerima Upah: informal, self-employed
    # Jasa Konstruksi: workers on a construction project
    JAKON = "JAKON", N_("Jasa Konstruksi (Jakon)")
    # Pekerja Migran Indonesia (not "perusahaan menunggak iuran")
    PMI = "PMI", N_("Pekerja Migran Indonesia (PMI)")


class EndReason(enum.StrEnum):
    """Why a membership ended (stored on the membership; services/worker_registry.py labels it)."""

    MENGUNDURKAN_DIRI = "MENGUNDURKAN_DIRI"  # resignation
    PHK = "PHK"  # dismissal
    MENINGGAL = "MENINGGAL"  # death
    KONTRAK_BERAKHIR = "KONTRAK_BERAKHIR"  # end of contract (PKWT, project, placement)
    BERHENTI_MEMBAYAR = "BERHENTI_MEMBAYAR"  # informal member stopped paying
    PENSIUN = "PENSIUN"  # reached pension age
    PINDAH = "PINDAH"  # moved to another employer


class Programme(LabelledEnum):
    """The five programmes, in the order the reports list them."""

    JHT = "JHT", N_("Jaminan Hari Tua")  # Jaminan Hari Tua (old-age savings)
    JKK = "JKK", N_("Jaminan Kecelakaan Kerja")  # Jaminan Kecelakaan Kerja (work accident)
    JKM = "JKM", N_("Jaminan Kematian")  # Jaminan Kematian (death)
    JP = "JP", N_("Jaminan Pensiun")  # Jaminan Pensiun (pension)
    JKP = "JKP", N_("Jaminan Kehilangan Pekerjaan")  # Jaminan Kehilangan Pekerjaan (job loss)


# The order contributions are listed in on a bill (JKK first, as Formulir 2a does).
BILL_ORDER = (Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP, Programme.JKP)


def parse_programmes(text: str | Iterable[str]) -> frozenset[Programme]:
    """``"JKK,JKM,JHT"`` (any case, spaces ignored) → a set of programmes."""
    items = text.split(",") if isinstance(text, str) else list(text)
    result: set[Programme] = set()
    for raw in items:
        item = raw.strip().upper()
        if not item:
            continue
        try:
            result.add(Programme(item))
        except ValueError:
            raise ValidationError.single(
                "programmes",
                _("Program {item!r} tidak dikenal; pilih dari JKK, JKM, JHT, JP, JKP").format(
                    item=raw.strip()
                ),
            ) from None
    return frozenset(result)


def programmes_text(programmes: Iterable[Programme]) -> str:
    """The canonical storage form: ``"JKK,JKM,JHT,JP"`` in bill order."""
    chosen = set(programmes)
    return ",".join(p.value for p in BILL_ORDER if p in chosen)


class SizeClass(LabelledEnum):
    """Employer size (PP 7/2021 Pasal 35)."""

    MIKRO = "MIKRO", N_("Mikro")
    KECIL = "KECIL", N_("Kecil")
    MENENGAH = "MENENGAH", N_("Menengah")
    BESAR = "BESAR", N_("Besar")


class RiskGroup(LabelledIntEnum):
    """JKK risk group (PP 44/2015 Lampiran I)."""

    SANGAT_RENDAH = 1, N_("Sangat rendah")
    RENDAH = 2, N_("Rendah")
    SEDANG = 3, N_("Sedang")
    TINGGI = 4, N_("Tinggi")
    SANGAT_TINGGI = 5, N_("Sangat tinggi")


# --- size classes -----------------------------------------------------------------------------
# (upper bound of capital for MIKRO, KECIL, MENENGAH; above → BESAR), same for annual sales.
SIZE_THRESHOLDS: DatedTable[tuple[tuple[int, int, int], tuple[int, int, int]]] = DatedTable(
    N_("kelas usaha"),
    [
        Dated(
            date(2008, 7, 4),
            (
                (50_000_000, 500_000_000, 10_000_000_000),
                (300_000_000, 2_500_000_000, 50_000_000_000),
            ),
            "UU 20/2008 Pasal 6 (net assets / annual sales) [S50]",
        ),
        Dated(
            date(2021, 2, 2),
            (
                (1_000_000_000, 5_000_000_000, 10_000_000_000),
                (2_000_000_000, 15_000_000_000, 50_000_000_000),
            ),
            "PP 7/2021 Pasal 35 (capital excl. land & buildings / annual sales) [S50]",
        ),
    ],
)


def size_class_for(
    *, on: date, capital: int | None = None, annual_sales: int | None = None
) -> SizeClass:
    """The size class from business capital (new registrations) or annual sales (existing firms).

    When both are given, annual sales decide, as PP 7/2021 Pasal 35(5) prescribes for running
    businesses.
    """
    capital_limits, sales_limits = SIZE_THRESHOLDS.at(on)
    if annual_sales is not None:
        value, limits = annual_sales, sales_limits
    elif capital is not None:
        value, limits = capital, capital_limits
    else:
        raise ValidationError.single("size_class", _("Isi modal usaha atau omzet tahunan"))
    if value < 0:
        raise ValidationError.single("size_class", _("Modal atau omzet tidak boleh negatif"))
    for size, limit in zip(
        (SizeClass.MIKRO, SizeClass.KECIL, SizeClass.MENENGAH), limits, strict=True
    ):
        if value <= limit:
            return size
    return SizeClass.BESAR


# --- KBLI → JKK risk group ---------------------------------------------------------------------
# The binding mapping is the annex of PP 44/2015 keyed by KBLI. What is here is the illustrative
# mapping by KBLI 2020 category that payroll software commonly uses [unverified, domain.md §4.2]:
# services ≈ very low, trade ≈ low, manufacturing ≈ medium, construction ≈ high, mining ≈ very high.
KBLI_CATEGORY_RISK = {
    "A": RiskGroup.SEDANG,  # agriculture, forestry, fishing
    "B": RiskGroup.SANGAT_TINGGI,  # mining and quarrying
    "C": RiskGroup.SEDANG,  # manufacturing
    "D": RiskGroup.TINGGI,  # electricity, gas
    "E": RiskGroup.SEDANG,  # water, waste
    "F": RiskGroup.TINGGI,  # construction
    "G": RiskGroup.RENDAH,  # wholesale and retail trade
    "H": RiskGroup.SEDANG,  # transport and storage
    "I": RiskGroup.RENDAH,  # accommodation and food
    "J": RiskGroup.SANGAT_RENDAH,  # information and communication
    "K": RiskGroup.SANGAT_RENDAH,  # finance and insurance
    "L": RiskGroup.SANGAT_RENDAH,  # real estate
    "M": RiskGroup.SANGAT_RENDAH,  # professional services
    "N": RiskGroup.RENDAH,  # administrative and support services
    "O": RiskGroup.SANGAT_RENDAH,  # public administration
    "P": RiskGroup.SANGAT_RENDAH,  # education
    "Q": RiskGroup.RENDAH,  # health and social work
    "R": RiskGroup.RENDAH,  # arts and recreation
    "S": RiskGroup.RENDAH,  # other services
    "T": RiskGroup.RENDAH,  # households as employers
    "U": RiskGroup.SANGAT_RENDAH,  # international organisations
}

# KBLI 2020 2-digit divisions → category (Peraturan BPS 2/2020).
_KBLI_DIVISIONS = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43),
    ("G", 45, 47), ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68),
    ("M", 69, 75), ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93),
    ("S", 94, 96), ("T", 97, 98), ("U", 99, 99),
)  # fmt: skip


def kbli_category(code: str) -> str:
    """The KBLI 2020 category letter of a 5-digit KBLI code."""
    code = code.strip()
    if len(code) != 5 or not code.isdigit():
        raise ValidationError.single(
            "kbli", _("Kode KBLI harus 5 digit (KBLI 2020), bukan {code!r}").format(code=code)
        )
    division = int(code[:2])
    for letter, first, last in _KBLI_DIVISIONS:
        if first <= division <= last:
            return letter
    raise ValidationError.single(
        "kbli", _("Golongan pokok KBLI {div:02d} tidak ada di KBLI 2020").format(div=division)
    )


# KBLI 2020 category titles (Peraturan BPS 2/2020), shortened as the registration form shows them.
_KBLI_CATEGORY_NAMES = {
    "A": N_("Pertanian, kehutanan dan perikanan"),
    "B": N_("Pertambangan dan penggalian"),
    "C": N_("Industri pengolahan"),
    "D": N_("Pengadaan listrik, gas, uap/air panas dan udara dingin"),
    "E": N_("Pengelolaan air, air limbah dan sampah"),
    "F": N_("Konstruksi"),
    "G": N_("Perdagangan besar dan eceran; reparasi kendaraan"),
    "H": N_("Pengangkutan dan pergudangan"),
    "I": N_("Penyediaan akomodasi dan makan minum"),
    "J": N_("Informasi dan komunikasi"),
    "K": N_("Jasa keuangan dan asuransi"),
    "L": N_("Real estat"),
    "M": N_("Jasa profesional, ilmiah dan teknis"),
    "N": N_("Jasa persewaan, ketenagakerjaan dan penunjang usaha"),
    "O": N_("Administrasi pemerintahan dan jaminan sosial wajib"),
    "P": N_("Jasa pendidikan"),
    "Q": N_("Jasa kesehatan dan kegiatan sosial"),
    "R": N_("Kesenian, hiburan dan rekreasi"),
    "S": N_("Kegiatan jasa lainnya"),
    "T": N_("Jasa perorangan yang melayani rumah tangga"),
    "U": N_("Kegiatan badan internasional"),
}


def kbli_category_name(letter: str) -> str:
    """The title of a KBLI 2020 category (``"C"`` → "Industri pengolahan")."""
    return _(_KBLI_CATEGORY_NAMES[letter])


def risk_group_for_kbli(code: str) -> RiskGroup:
    """The JKK risk group a KBLI code implies (illustrative mapping, see above)."""
    return KBLI_CATEGORY_RISK[kbli_category(code)]


# --- which programmes -------------------------------------------------------------------------
JP_START = date(2015, 7, 1)  # PP 45/2015: Jaminan Pensiun runs from 1 July 2015
JKP_START = date(2021, 2, 1)  # PP 37/2021: JKP contributions from February 2021
JKP_MAX_AGE_AT_REGISTRATION = 54  # PP 37/2021 Pasal 4: younger than 54 when registering

_PU_MANDATORY = {
    # Perpres 109/2013 Pasal 6(1): large & medium JKK+JKM+JHT+JP; small JKK+JKM+JHT; micro JKK+JKM
    SizeClass.BESAR: frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP}),
    SizeClass.MENENGAH: frozenset({Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP}),
    SizeClass.KECIL: frozenset({Programme.JKK, Programme.JKM, Programme.JHT}),
    SizeClass.MIKRO: frozenset({Programme.JKK, Programme.JKM}),
}
_BASIC = frozenset({Programme.JKK, Programme.JKM})


def mandatory_programmes(
    segment: Segment, size: SizeClass | None, on: date
) -> frozenset[Programme]:
    """What an employer of *size* (PU) or a member of *segment* must join on *on*.

    JKP is not listed: it follows from the rest for each eligible worker (see
    :func:`jkp_eligible`). Before JP existed (1 July 2015) JP is not required.
    """
    if segment is Segment.PU:
        if size is None:
            raise ValidationError.single("size_class", _("Kelas usaha pemberi kerja wajib diisi"))
        required = _PU_MANDATORY[size]
        if on < JP_START:
            required = required - {Programme.JP}
        return required
    # Perpres 109/2013 Pasal 6(2): construction daily/piece workers JKK+JKM; BPU and PMI
    # (Permenaker 4/2023) must have JKK+JKM at least.
    return _BASIC


def allowed_programmes(segment: Segment, on: date) -> frozenset[Programme]:
    """Every programme *segment* may join on *on* (BPU: no JP, no JKP [unverified])."""
    if segment is Segment.PU:
        allowed = {Programme.JKK, Programme.JKM, Programme.JHT}
        if on >= JP_START:
            allowed.add(Programme.JP)
        if on >= JKP_START:
            allowed.add(Programme.JKP)
        return frozenset(allowed)
    if segment is Segment.JAKON:
        return _BASIC
    return _BASIC | {Programme.JHT}


def jkp_eligible(
    programmes: Iterable[Programme], size: SizeClass, age_at_registration: int, on: date
) -> bool:
    """JKP needs the full Perpres 109 set for the size, and age under 54 (PP 37/2021 Pasal 4)."""
    chosen = set(programmes)
    needed = (
        {Programme.JKK, Programme.JKM, Programme.JHT, Programme.JP}
        if size in (SizeClass.MENENGAH, SizeClass.BESAR)
        else {Programme.JKK, Programme.JKM, Programme.JHT}
    )
    return (
        on >= JKP_START and needed <= chosen and age_at_registration < JKP_MAX_AGE_AT_REGISTRATION
    )


def check_programmes(
    segment: Segment,
    programmes: Iterable[Programme],
    *,
    on: date,
    size: SizeClass | None = None,
    age_at_registration: int | None = None,
) -> frozenset[Programme]:
    """Refuse a programme set the rules do not allow; return it as a frozenset.

    Raises:
        ValidationError: on field ``programmes``, naming what is missing or not allowed.
    """
    chosen = frozenset(programmes)
    errors: list[FieldError] = []
    # Without an employer size (the contribution calculator) only the minimum of every
    # segment, JKK and JKM, is required.
    required = (
        _BASIC
        if segment is Segment.PU and size is None
        else mandatory_programmes(segment, size, on)
    )
    missing = required - chosen
    if missing:
        errors.append(
            FieldError(
                "programmes",
                _("Program wajib belum dipilih: {missing}").format(
                    missing=programmes_text(missing)
                ),
            )
        )
    extra = chosen - allowed_programmes(segment, on)
    if extra:
        errors.append(
            FieldError(
                "programmes",
                _("Program {extra} tidak tersedia untuk segmen {segment} pada tanggal itu").format(
                    extra=programmes_text(extra), segment=segment.value
                ),
            )
        )
    if Programme.JKP in chosen and not errors and segment is Segment.PU and size is not None:
        age = age_at_registration if age_at_registration is not None else 0
        if not jkp_eligible(chosen, size, age, on):
            errors.append(
                FieldError(
                    "programmes",
                    _(
                        "JKP hanya untuk pekerja berusia di bawah 54 tahun saat mendaftar yang "
                        "terdaftar lengkap pada program wajib sesuai kelas usaha"
                    ),
                )
            )
    if errors:
        raise ValidationError(errors)
    return chosen
