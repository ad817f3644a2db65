"""The facts of each claim type (domain.md §5): the ground of a JHT or JP claim, the accident of a
JKK claim with its stages and temporary-disability periods, the heirs of a JKM claim, the dismissal
of a JKP claim.

They are stored as JSON in ``claim.detail``; :func:`detail_to_json` and :func:`detail_from_json`
convert both ways, and a claim logged before this desk existed (``"{}"``) reads as the type's
defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.labelled import LabelledEnum
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.errors import ValidationError
from bpjs_desktop.i18n import N_, _


class JhtGround(LabelledEnum):
    """Why the whole JHT balance is claimed (PP 46/2015 Pasal 26 jo. PP 60/2015; Permenaker 4/2022)."""

    USIA_PENSIUN = "USIA_PENSIUN", N_("Mencapai usia 56 tahun")  # age 56
    # resignation: after the one-month wait
    MENGUNDURKAN_DIRI = "MENGUNDURKAN_DIRI", N_("Mengundurkan diri")
    PHK = "PHK", N_("Pemutusan hubungan kerja (PHK)")  # dismissal: after the one-month wait
    # end of a fixed-term contract (PKWT)
    KONTRAK_BERAKHIR = "KONTRAK_BERAKHIR", N_("Kontrak kerja (PKWT) berakhir")
    # an informal member stopped working
    BERHENTI_BPU = "BERHENTI_BPU", N_("Peserta BPU berhenti bekerja")
    MENINGGAL = "MENINGGAL", N_("Meninggal dunia")  # death: paid to the heirs
    CACAT_TOTAL = "CACAT_TOTAL", N_("Cacat total tetap")  # total permanent disability
    # a foreigner leaving Indonesia for good
    WNA_PULANG = "WNA_PULANG", N_("WNA meninggalkan Indonesia")

    @property
    def needs_wait(self) -> bool:
        """Grounds that end a job and wait a month after the membership ends (Permenaker 4/2022)."""
        return self in _WAITING_GROUNDS


_WAITING_GROUNDS = frozenset(
    {
        JhtGround.MENGUNDURKAN_DIRI,
        JhtGround.PHK,
        JhtGround.KONTRAK_BERAKHIR,
        JhtGround.BERHENTI_BPU,
    }
)


class JpGround(LabelledEnum):
    """Why a pension (JP) is claimed (PP 45/2015)."""

    USIA_PENSIUN = "USIA_PENSIUN", N_("Mencapai usia pensiun")
    CACAT_TOTAL = "CACAT_TOTAL", N_("Cacat total tetap")
    MENINGGAL = "MENINGGAL", N_("Meninggal dunia")


class JpKind(LabelledEnum):
    """The five pensions of PP 45/2015 Pasal 16: who receives it decides its share of the formula."""

    HARI_TUA = "hari-tua", N_("Pensiun hari tua")  # old age: the member
    CACAT = "cacat", N_("Pensiun cacat")  # total permanent disability: the member
    JANDA_DUDA = "janda-duda", N_("Pensiun janda/duda")  # the widow or widower of a member who died
    ANAK = "anak", N_("Pensiun anak")  # a child (at most two), when there is no widow or widower
    # a parent, when there is neither spouse nor child
    ORANG_TUA = "orang-tua", N_("Pensiun orang tua")

    @property
    def on_death(self) -> bool:
        return self in (JpKind.JANDA_DUDA, JpKind.ANAK, JpKind.ORANG_TUA)


_KIND_OF_GROUND = {
    JpGround.USIA_PENSIUN: JpKind.HARI_TUA,
    JpGround.CACAT_TOTAL: JpKind.CACAT,
    JpGround.MENINGGAL: JpKind.JANDA_DUDA,
}


class AccidentKind(LabelledEnum):
    """What JKK covers (domain.md §5.1; Permenaker 1/2025 adds violence at the workplace)."""

    KERJA = "KERJA", N_("Kecelakaan di tempat kerja")  # at the workplace, during work
    PERJALANAN = "PERJALANAN", N_("Kecelakaan dalam perjalanan")  # commuting between home and work
    PENYAKIT = "PENYAKIT", N_("Penyakit akibat kerja")  # occupational disease (PAK)
    # physical violence or rape at work (from 2025)
    KEKERASAN = "KEKERASAN", N_("Kekerasan di tempat kerja")


class JkkOutcome(LabelledEnum):
    """Where the accident stands: stage II (form 3a KK2) says recovered, disabled or dead."""

    # still under treatment (stage I only)
    DALAM_PERAWATAN = "DALAM_PERAWATAN", N_("Masih dalam perawatan")
    SEMBUH = "SEMBUH", N_("Sembuh")
    # partial permanent disability, with a percentage
    CACAT_SEBAGIAN = "CACAT_SEBAGIAN", N_("Cacat sebagian tetap")
    CACAT_TOTAL = "CACAT_TOTAL", N_("Cacat total tetap")  # total permanent disability
    MENINGGAL = "MENINGGAL", N_("Meninggal dunia")


class TransportMode(LabelledEnum):
    """How an injured worker was taken to care: each has its own maximum (PP 82/2019 Lampiran)."""

    DARAT = "DARAT", N_("Angkutan darat/sungai/danau")  # land, river or lake
    LAUT = "LAUT", N_("Angkutan laut")  # sea
    UDARA = "UDARA", N_("Angkutan udara")  # air


class HeirRelation(LabelledEnum):
    PASANGAN = "PASANGAN", N_("Suami/istri")  # spouse
    ANAK = "ANAK", N_("Anak")  # child
    ORANG_TUA = "ORANG_TUA", N_("Orang tua")  # parent
    LAINNYA = "LAINNYA", N_("Ahli waris lain")  # other heir named in the heir statement


@dataclass(frozen=True, slots=True)
class Heir:
    name: str
    relation: HeirRelation
    nik: str = ""
    # A child in school. Claims stored before the school level was asked have only this tick:
    # ``in_school`` without ``school_level`` means the level is unknown and must be asked for.
    in_school: bool = False
    birth_date: date | None = None
    school_level: SchoolLevel | None = None  # the level this school year (PP 82/2019 schedule)

    @property
    def schooling(self) -> bool:
        return self.relation is HeirRelation.ANAK and (
            self.in_school or self.school_level is not None
        )


@dataclass(frozen=True, slots=True)
class DisabilityPeriod:
    """A period of temporary incapacity to work (STMB), both days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class JhtDetail:
    ground: JhtGround = JhtGround.MENGUNDURKAN_DIRI


@dataclass(frozen=True, slots=True)
class JhtPartialDetail:
    purpose: str = ""  # what the money is for (housing for 30 %)
    still_working: bool = True


@dataclass(frozen=True, slots=True)
class JkkDetail:
    kind: AccidentKind = AccidentKind.KERJA
    place: str = ""
    road_accident: bool = False  # needs a police report or a Jasa Raharja letter
    stage1_reported_on: date | None = None  # form 3 KK1
    stage2_reported_on: date | None = None  # form 3a KK2
    outcome: JkkOutcome = JkkOutcome.DALAM_PERAWATAN
    disability_percent: int = 0  # partial permanent disability, by the annex table
    stmb: tuple[DisabilityPeriod, ...] = field(default=())
    medical_costs: int = 0  # original receipts to reimburse (treatment outside a PLKK)
    # Children's school levels for the scholarship after a death or total disability (PP 82/2019).
    school_levels: tuple[SchoolLevel, ...] = field(default=())
    transport: TransportMode | None = None  # how the injured worker was taken to care
    transport_costs: int = 0  # receipts, capped by the mode's maximum
    return_to_work_costs: int = 0  # return-to-work programme (PP 82/2019), as billed


@dataclass(frozen=True, slots=True)
class JkmDetail:
    heirs: tuple[Heir, ...] = field(default=())

    @property
    def children_in_school(self) -> int:
        return sum(1 for h in self.heirs if h.schooling)

    @property
    def school_levels(self) -> tuple[SchoolLevel | None, ...]:
        """Each schooling child's level in the order given (None: ticked before levels existed)."""
        return tuple(h.school_level for h in self.heirs if h.schooling)

    @property
    def has_spouse(self) -> bool:
        return any(h.relation is HeirRelation.PASANGAN for h in self.heirs)


@dataclass(frozen=True, slots=True)
class JpDetail:
    ground: JpGround = JpGround.USIA_PENSIUN
    kind: JpKind | None = None  # who receives it on a death; None: follows the ground

    @property
    def pension_kind(self) -> JpKind:
        if self.kind is not None:
            return self.kind
        return _KIND_OF_GROUND[self.ground]


@dataclass(frozen=True, slots=True)
class JkpDetail:
    note: str = ""  # how the dismissal is evidenced (Disnaker receipt, joint agreement, ruling)


ClaimDetail = JhtDetail | JhtPartialDetail | JkkDetail | JkmDetail | JpDetail | JkpDetail

_DETAIL_CLASS: dict[ClaimType, type[Any]] = {
    ClaimType.JHT_PENUH: JhtDetail,
    ClaimType.JHT_10: JhtPartialDetail,
    ClaimType.JHT_30: JhtPartialDetail,
    ClaimType.JKK: JkkDetail,
    ClaimType.JKM: JkmDetail,
    ClaimType.JP_BERKALA: JpDetail,
    ClaimType.JP_SEKALIGUS: JpDetail,
    ClaimType.JKP: JkpDetail,
}


def default_detail(claim_type: ClaimType) -> ClaimDetail:
    detail: ClaimDetail = _DETAIL_CLASS[claim_type]()
    return detail


def check_detail_type(claim_type: ClaimType, detail: ClaimDetail) -> None:
    """Raise a field error on ``claim_type`` when *detail* belongs to another type."""
    if not isinstance(detail, _DETAIL_CLASS[claim_type]):
        raise ValidationError.single(
            "claim_type",
            _("Rincian klaim tidak sesuai dengan jenis klaim {kind}").format(kind=claim_type.label),
        )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(value: Any) -> date | None:
    return None if not value else date.fromisoformat(str(value))


def detail_to_json(detail: ClaimDetail) -> dict[str, Any]:
    """Plain JSON values (dates as ISO text, enums as their codes)."""
    if isinstance(detail, JhtDetail):
        return {"ground": detail.ground.value}
    if isinstance(detail, JhtPartialDetail):
        return {"purpose": detail.purpose, "still_working": detail.still_working}
    if isinstance(detail, JkkDetail):
        return {
            "kind": detail.kind.value,
            "place": detail.place,
            "road_accident": detail.road_accident,
            "stage1_reported_on": _iso(detail.stage1_reported_on),
            "stage2_reported_on": _iso(detail.stage2_reported_on),
            "outcome": detail.outcome.value,
            "disability_percent": detail.disability_percent,
            "stmb": [[p.start.isoformat(), p.end.isoformat()] for p in detail.stmb],
            "medical_costs": detail.medical_costs,
            "school_levels": [level.value for level in detail.school_levels],
            "transport": None if detail.transport is None else detail.transport.value,
            "transport_costs": detail.transport_costs,
            "return_to_work_costs": detail.return_to_work_costs,
        }
    if isinstance(detail, JkmDetail):
        return {
            "heirs": [
                {
                    "name": h.name,
                    "relation": h.relation.value,
                    "nik": h.nik,
                    "in_school": h.in_school,
                    "birth_date": _iso(h.birth_date),
                    "school_level": None if h.school_level is None else h.school_level.value,
                }
                for h in detail.heirs
            ]
        }
    if isinstance(detail, JpDetail):
        return {
            "ground": detail.ground.value,
            "kind": None if detail.kind is None else detail.kind.value,
        }
    return {"note": detail.note}


def detail_from_json(claim_type: ClaimType, data: dict[str, Any]) -> ClaimDetail:
    """The detail stored for a claim; missing keys take the type's defaults."""
    cls = _DETAIL_CLASS[claim_type]
    if cls is JhtDetail:
        return JhtDetail(JhtGround(data.get("ground", JhtGround.MENGUNDURKAN_DIRI.value)))
    if cls is JhtPartialDetail:
        return JhtPartialDetail(str(data.get("purpose", "")), bool(data.get("still_working", True)))
    if cls is JkkDetail:
        return JkkDetail(
            kind=AccidentKind(data.get("kind", AccidentKind.KERJA.value)),
            place=str(data.get("place", "")),
            road_accident=bool(data.get("road_accident", False)),
            stage1_reported_on=_day(data.get("stage1_reported_on")),
            stage2_reported_on=_day(data.get("stage2_reported_on")),
            outcome=JkkOutcome(data.get("outcome", JkkOutcome.DALAM_PERAWATAN.value)),
            disability_percent=int(data.get("disability_percent", 0)),
            stmb=tuple(
                DisabilityPeriod(date.fromisoformat(a), date.fromisoformat(b))
                for a, b in data.get("stmb", [])
            ),
            medical_costs=int(data.get("medical_costs", 0)),
            school_levels=tuple(SchoolLevel(v) for v in data.get("school_levels", [])),
            transport=TransportMode(data["transport"]) if data.get("transport") else None,
            transport_costs=int(data.get("transport_costs", 0)),
            return_to_work_costs=int(data.get("return_to_work_costs", 0)),
        )
    if cls is JkmDetail:
        return JkmDetail(
            tuple(
                Heir(
                    str(h.get("name", "")),
                    HeirRelation(h.get("relation", HeirRelation.LAINNYA.value)),
                    str(h.get("nik", "")),
                    bool(h.get("in_school", False)),
                    _day(h.get("birth_date")),
                    SchoolLevel(h["school_level"]) if h.get("school_level") else None,
                )
                for h in data.get("heirs", [])
            )
        )
    if cls is JpDetail:
        return JpDetail(
            JpGround(data.get("ground", JpGround.USIA_PENSIUN.value)),
            JpKind(data["kind"]) if data.get("kind") else None,
        )
    return JkpDetail(str(data.get("note", "")))
