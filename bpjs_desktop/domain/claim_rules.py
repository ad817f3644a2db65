"""Who may claim what, and how much (domain.md §1, §4.3, §4.4, §5).

:func:`check_eligibility` says, in plain Indonesian and beside the field concerned, why a claim
cannot be logged; :func:`benefit_for` computes the amount by rule with its breakdown;
:func:`checklist_for` lists the documents the claim needs. All three read the same plain facts:
the claim (:class:`ClaimRequest`) and the member (:class:`MemberFacts`), which the claims service
gathers from the database.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from bpjs_desktop.domain import rates
from bpjs_desktop.domain.benefits import (
    JHT_AGE,
    JKK_RULES,
    JKP_RULES,
    JP_MIN_MONTHS,
    PENSION_AGE,
    BenefitAmount,
    ContributionMonth,
    JhtWithdrawal,
    jht_amount,
    jht_balance,
    jkk_amount,
    jkm_amount,
    jkp_amount,
    jp_amount,
    jp_months,
)
from bpjs_desktop.domain.claim_details import (
    ClaimDetail,
    JhtDetail,
    JhtGround,
    JkkDetail,
    JkkOutcome,
    JkmDetail,
    JpDetail,
    JpGround,
    JpKind,
    default_detail,
)
from bpjs_desktop.domain.claim_documents import NPWP_THRESHOLD, Condition, checklist
from bpjs_desktop.domain.claims import ClaimState, ClaimType, add_months, months_between
from bpjs_desktop.domain.dated import Dated, DatedTable, RuleNotInForceError
from bpjs_desktop.domain.pension import jp_entitlement, jp_pension
from bpjs_desktop.domain.periods import Period, age_on, format_date
from bpjs_desktop.domain.programmes import Programme, Segment
from bpjs_desktop.domain.scholarships import SCHOLARSHIP_RULES
from bpjs_desktop.domain.scholarships import min_months as scholarship_min_months
from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import N_, _

# The wait between the end of membership and a JHT claim after resignation, dismissal or the end
# of a contract (PP 60/2015 jo. Permenaker 19/2015 [unverified]; Permenaker 4/2022 [S31]).
JHT_WAIT_MONTHS: DatedTable[int] = DatedTable(
    N_("masa tunggu JHT"),
    [
        Dated(date(2015, 9, 1), 1, "PP 60/2015 jo. Permenaker 19/2015 [unverified]"),
        Dated(date(2022, 4, 26), 1, "Permenaker 4/2022 [S31]"),
    ],
)

JHT_PARTIAL_MIN_MONTHS = 120  # ten years of membership (PP 46/2015 Pasal 22 [S32])
JKP_WINDOW = 24  # months before the dismissal in which ≥ 12 must be contributed [S11][S13]
JKP_MIN_MONTHS = 12
JKP_CONSECUTIVE = 6  # consecutive months ending with the month of the dismissal [S11][S13]


@dataclass(frozen=True, slots=True)
class PriorClaim:
    """Another claim of the same person (to refuse a second JKM, a second partial JHT...)."""

    claim_no: str
    kpj: str
    claim_type: ClaimType
    state: ClaimState
    event_date: date


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What the rules need to know about the claimant."""

    kpj: str
    segment: Segment
    programmes: frozenset[Programme]
    birth_date: date
    start_date: date
    end_date: date | None
    end_reason: str | None  # EndReason value
    wage: int | None  # monthly wage, or declared income for BPU
    jht_since: date | None = None  # first day of membership in JHT, over every KPJ of the person
    months: Mapping[Programme, tuple[ContributionMonth, ...]] = field(default_factory=dict)
    prior_claims: tuple[PriorClaim, ...] = ()
    # JHT claims already paid out of the person's account, over every KPJ (issue #10).
    jht_withdrawals: tuple[JhtWithdrawal, ...] = ()

    def contributed(self, programme: Programme) -> tuple[ContributionMonth, ...]:
        return self.months.get(programme, ())


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    claim_type: ClaimType
    event_date: date
    submitted_on: date
    detail: ClaimDetail | None = None

    @property
    def facts(self) -> ClaimDetail:
        return self.detail if self.detail is not None else default_detail(self.claim_type)


@dataclass(frozen=True, slots=True)
class Eligibility:
    refusals: tuple[FieldError, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.refusals

    def raise_if_refused(self) -> None:
        if self.refusals:
            raise ValidationError(self.refusals)


def _open(prior: PriorClaim) -> bool:
    return prior.state is not ClaimState.DITOLAK


def _d(day: date) -> str:
    return format_date(day)


def check_eligibility(request: ClaimRequest, member: MemberFacts) -> Eligibility:
    """Every reason the claim cannot be logged (none: it may be)."""
    refusals: list[FieldError] = []
    notes: list[str] = []
    kind = request.claim_type
    programme = kind.programme
    if programme not in member.programmes:
        refusals.append(
            FieldError(
                "claim_type",
                _("Peserta KPJ {kpj} tidak terdaftar pada program {programme}").format(
                    kpj=member.kpj, programme=programme.value
                ),
            )
        )
        return Eligibility(tuple(refusals))
    if request.event_date < member.start_date:
        refusals.append(
            FieldError(
                "event_date",
                _("{field} sebelum kepesertaan dimulai ({day})").format(
                    field=kind.event_label, day=_d(member.start_date)
                ),
            )
        )
        return Eligibility(tuple(refusals))
    checks = {
        ClaimType.JHT_PENUH: _jht_full,
        ClaimType.JHT_10: _jht_partial,
        ClaimType.JHT_30: _jht_partial,
        ClaimType.JKK: _jkk,
        ClaimType.JKM: _jkm,
        ClaimType.JP_BERKALA: _jp,
        ClaimType.JP_SEKALIGUS: _jp,
        ClaimType.JKP: _jkp,
    }
    checks[kind](request, member, refusals, notes)
    return Eligibility(tuple(refusals), tuple(notes))


def _duplicate(
    member: MemberFacts, types: set[ClaimType], *, same_kpj: bool, event: date | None = None
) -> PriorClaim | None:
    for prior in member.prior_claims:
        if prior.claim_type not in types or not _open(prior):
            continue
        if same_kpj and prior.kpj != member.kpj:
            continue
        if event is not None and prior.event_date != event:
            continue
        return prior
    return None


def _jht_full(
    request: ClaimRequest, member: MemberFacts, refusals: list[FieldError], notes: list[str]
) -> None:
    detail = request.facts
    assert isinstance(detail, JhtDetail)
    ground = detail.ground
    if ground.needs_wait:
        if member.end_date is None:
            refusals.append(
                FieldError(
                    "ground",
                    _(
                        "Kepesertaan KPJ {kpj} masih aktif: JHT karena {ground} baru dapat diajukan "
                        "setelah kepesertaan berakhir"
                    ).format(kpj=member.kpj, ground=ground.label),
                )
            )
        else:
            wait = (
                JHT_WAIT_MONTHS.at(member.end_date)
                if JHT_WAIT_MONTHS.in_force(member.end_date)
                else 1
            )
            earliest = add_months(member.end_date, wait)
            if request.submitted_on < earliest:
                refusals.append(
                    FieldError(
                        "ground",
                        _(
                            "Masa tunggu {n} bulan sejak kepesertaan berakhir ({end}) belum lewat: "
                            "klaim JHT dapat diajukan mulai {earliest}"
                        ).format(n=wait, end=_d(member.end_date), earliest=_d(earliest)),
                    )
                )
        if ground is JhtGround.BERHENTI_BPU and member.segment is not Segment.BPU:
            refusals.append(
                FieldError("ground", _("Dasar ini hanya untuk peserta Bukan Penerima Upah (BPU)"))
            )
    elif ground is JhtGround.USIA_PENSIUN:
        age = age_on(member.birth_date, request.event_date)
        if age < JHT_AGE:
            refusals.append(
                FieldError(
                    "ground",
                    _(
                        "Peserta berusia {age} tahun pada {day}: JHT karena usia baru dapat diajukan "
                        "pada usia {need} tahun ({when})"
                    ).format(
                        age=age,
                        day=_d(request.event_date),
                        need=JHT_AGE,
                        when=_d(add_months(member.birth_date, 12 * JHT_AGE)),
                    ),
                )
            )
    refusal = _full_jht_taken(member)
    if refusal is not None:
        refusals.append(refusal)


def _full_jht_taken(member: MemberFacts) -> FieldError | None:
    """Why the person's JHT cannot be claimed again after a full claim (issue #10), or None.

    One JHT account per person over every KPJ: a full claim on any KPJ pays the whole balance. A
    claim still running blocks another; a paid one leaves only the months credited after the
    months it paid out (a new KPJ, a return to work), and without them there is nothing to claim.
    """
    paid = {w.claim_no: w for w in member.jht_withdrawals if w.full}
    for prior in member.prior_claims:
        if prior.claim_type is not ClaimType.JHT_PENUH or not _open(prior):
            continue
        if prior.state is not ClaimState.DIBAYAR:
            return FieldError(
                "claim_type",
                _("KPJ {kpj} sudah mempunyai klaim JHT penuh {no} ({state})").format(
                    kpj=prior.kpj, no=prior.claim_no, state=prior.state.label
                ),
            )
        withdrawal = paid.get(prior.claim_no)
        covered = withdrawal.covers_until if withdrawal is not None else None
        newer = covered is not None and any(
            m.period > covered for m in member.contributed(Programme.JHT)
        )
        if not newer:
            return FieldError(
                "claim_type",
                _(
                    "Saldo JHT peserta sudah dibayar penuh pada klaim {no} (KPJ {kpj}) dan belum "
                    "ada iuran JHT baru sesudahnya"
                ).format(no=prior.claim_no, kpj=prior.kpj),
            )
    return None


def _jht_partial(
    request: ClaimRequest, member: MemberFacts, refusals: list[FieldError], notes: list[str]
) -> None:
    since = member.jht_since or member.start_date
    ready = add_months(since, JHT_PARTIAL_MIN_MONTHS)
    if request.submitted_on < ready:
        months = months_between(since, request.submitted_on)
        refusals.append(
            FieldError(
                "claim_type",
                _(
                    "JHT sebagian hanya setelah kepesertaan paling sedikit 10 tahun: peserta sejak "
                    "{since}, baru {years} tahun {months} bulan (genap 10 tahun pada {ready})"
                ).format(since=_d(since), years=months // 12, months=months % 12, ready=_d(ready)),
            )
        )
    prior = _duplicate(member, {ClaimType.JHT_10, ClaimType.JHT_30}, same_kpj=False)
    if prior is not None:
        refusals.append(
            FieldError(
                "claim_type",
                _(
                    "JHT sebagian hanya dapat diambil satu kali; sudah diajukan pada klaim {no}"
                ).format(no=prior.claim_no),
            )
        )
    full = _full_jht_taken(member)
    if full is not None:
        refusals.append(full)


# A migrant worker's JKK claim may be filed within five years of the accident, not two
# (Permenaker 4/2023 [S39]; the article and the date it took effect are [unverified]).
PMI_JKK_CLAIM_WINDOW: DatedTable[int] = DatedTable(
    N_("batas pengajuan JKK PMI"),
    [Dated(date(2023, 3, 1), 60, "Permenaker 4/2023 [S39][unverified pasal, tanggal berlaku]")],
)


def jkk_claim_window(segment: Segment, accident: date) -> int | None:
    """Months after the accident within which a JKK claim may be filed (None: no rule that day)."""
    if segment is Segment.PMI and PMI_JKK_CLAIM_WINDOW.in_force(accident):
        return PMI_JKK_CLAIM_WINDOW.at(accident)
    if JKK_RULES.in_force(accident):
        return JKK_RULES.at(accident).claim_window_months
    return None


def _within_membership(member: MemberFacts, day: date) -> bool:
    return member.start_date <= day and (member.end_date is None or day <= member.end_date)


def _check_stmb(
    detail: JkkDetail, accident: date, submitted_on: date, refusals: list[FieldError]
) -> None:
    """The periods off work (STMB): each from the accident to the claim, none overlapping."""
    periods = sorted(detail.stmb, key=lambda p: p.start)
    for period in periods:
        if period.end < period.start:
            refusals.append(
                FieldError(
                    "stmb",
                    _("Periode STMB {a}–{b}: tanggal akhir sebelum tanggal mulai").format(
                        a=_d(period.start), b=_d(period.end)
                    ),
                )
            )
        elif period.start < accident:
            refusals.append(
                FieldError(
                    "stmb",
                    _("Periode STMB mulai {a}, sebelum tanggal kecelakaan {day}").format(
                        a=_d(period.start), day=_d(accident)
                    ),
                )
            )
        elif period.end > submitted_on:
            refusals.append(
                FieldError(
                    "stmb",
                    _("Periode STMB sampai {b}, sesudah tanggal pengajuan").format(
                        b=_d(period.end)
                    ),
                )
            )
    for first, second in itertools.pairwise(periods):
        if second.start <= first.end:
            refusals.append(
                FieldError(
                    "stmb",
                    _("Periode STMB {a}–{b} dan {c}–{d} tumpang tindih").format(
                        a=_d(first.start), b=_d(first.end), c=_d(second.start), d=_d(second.end)
                    ),
                )
            )


def _jkk(
    request: ClaimRequest, member: MemberFacts, refusals: list[FieldError], notes: list[str]
) -> None:
    """The work-accident claim's own rules: within the membership and the claim window, the
    STMB periods, the disability share, the stage-I report, one claim per accident."""
    detail = request.facts
    assert isinstance(detail, JkkDetail)
    accident = request.event_date
    if not _within_membership(member, accident):
        refusals.append(
            FieldError(
                "event_date",
                _("Kecelakaan pada {day} terjadi di luar masa kepesertaan ({start}–{end})").format(
                    day=_d(accident),
                    start=_d(member.start_date),
                    end=_d(member.end_date) if member.end_date else "…",
                ),
            )
        )
    window = jkk_claim_window(member.segment, accident)
    if window is not None:
        deadline = add_months(accident, window)
        if request.submitted_on > deadline:
            refusals.append(
                FieldError(
                    "event_date",
                    _(
                        "Hak JKK gugur: klaim diajukan lebih dari {n} bulan setelah kecelakaan "
                        "(batas {deadline})"
                    ).format(n=window, deadline=_d(deadline)),
                )
            )
    if detail.transport_costs < 0 or detail.return_to_work_costs < 0:
        refusals.append(FieldError("transport_costs", _("Biaya tidak boleh negatif")))
    elif detail.transport_costs and detail.transport is None:
        refusals.append(
            FieldError(
                "transport",
                _("Pilih jenis angkutan (darat, laut, udara) untuk biaya transportasi"),
            )
        )
    _check_stmb(detail, accident, request.submitted_on, refusals)
    if detail.outcome is JkkOutcome.CACAT_SEBAGIAN and not 1 <= detail.disability_percent <= 100:
        refusals.append(
            FieldError("disability_percent", _("Persentase cacat sebagian harus 1–100%"))
        )
    if detail.stage1_reported_on is not None:
        if detail.stage1_reported_on < accident:
            refusals.append(
                FieldError(
                    "stage1_reported_on",
                    _("Laporan tahap I tidak boleh sebelum tanggal kecelakaan"),
                )
            )
        elif (detail.stage1_reported_on - accident).days > 2:
            notes.append(
                _("Laporan tahap I disampaikan {day}, lewat 2×24 jam sesudah kecelakaan").format(
                    day=_d(detail.stage1_reported_on)
                )
            )
    if detail.medical_costs < 0:
        refusals.append(FieldError("medical_costs", _("Biaya pengobatan tidak boleh negatif")))
    prior = _duplicate(member, {ClaimType.JKK}, same_kpj=True, event=accident)
    if prior is not None:
        refusals.append(
            FieldError(
                "event_date",
                _("Kecelakaan tanggal {day} sudah diklaim ({no})").format(
                    day=_d(accident), no=prior.claim_no
                ),
            )
        )


def _jkm(
    request: ClaimRequest, member: MemberFacts, refusals: list[FieldError], notes: list[str]
) -> None:
    detail = request.facts
    assert isinstance(detail, JkmDetail)
    death = request.event_date
    if not _within_membership(member, death):
        refusals.append(
            FieldError(
                "event_date",
                _("Peserta tidak aktif pada tanggal meninggal ({day})").format(day=_d(death)),
            )
        )
    if not detail.heirs:
        refusals.append(FieldError("heirs", _("Sebutkan paling sedikit satu ahli waris")))
    elif any(not h.name.strip() for h in detail.heirs):
        refusals.append(FieldError("heirs", _("Setiap ahli waris harus bernama")))
    if detail.children_in_school and SCHOLARSHIP_RULES.in_force(death):
        need = scholarship_min_months(death, work_accident=False)
        months = len({m.period for m in member.contributed(Programme.JKM)})
        if months < need:
            refusals.append(
                FieldError(
                    "heirs",
                    _(
                        "Beasiswa hanya bagi peserta dengan masa iur paling sedikit {need} bulan; "
                        "masa iur {n} bulan. Hapus tanda sekolah pada anak untuk mengajukan JKM "
                        "tanpa beasiswa"
                    ).format(need=need, n=months),
                )
            )
        elif SCHOLARSHIP_RULES.at(death).levels is not None:
            unknown = [h.name for h in detail.heirs if h.schooling and h.school_level is None]
            if unknown:
                refusals.append(
                    FieldError(
                        "heirs",
                        _(
                            "Isi jenjang sekolah (TK, SD, SMP, SMA, PT) untuk {names}: beasiswa "
                            "dibayar per tahun menurut jenjang (PP 82/2019)"
                        ).format(names=", ".join(unknown)),
                    )
                )
    prior = _duplicate(member, {ClaimType.JKM}, same_kpj=False)
    if prior is not None:
        refusals.append(
            FieldError(
                "claim_type",
                _("Sudah ada klaim JKM {no} ({state})").format(
                    no=prior.claim_no, state=prior.state.label
                ),
            )
        )


def _jp(
    request: ClaimRequest, member: MemberFacts, refusals: list[FieldError], notes: list[str]
) -> None:
    detail = request.facts
    assert isinstance(detail, JpDetail)
    count = len(jp_months(member.contributed(Programme.JP)))
    kind = detail.pension_kind
    expected_ground = {
        JpKind.HARI_TUA: JpGround.USIA_PENSIUN,
        JpKind.CACAT: JpGround.CACAT_TOTAL,
    }.get(kind, JpGround.MENINGGAL)
    if detail.ground is not expected_ground:
        refusals.append(
            FieldError(
                "ground",
                _("{kind} tidak sesuai dengan dasar klaim {ground}").format(
                    kind=kind.label, ground=detail.ground.label
                ),
            )
        )
    entitlement = jp_entitlement(kind, count, request.event_date, joined=member.start_date)
    if count == 0:
        refusals.append(FieldError("claim_type", _("Belum ada iuran JP yang tercatat")))
    elif request.claim_type is ClaimType.JP_BERKALA and not entitlement.monthly:
        if kind is JpKind.HARI_TUA:
            message = _(
                "JP berkala hanya bagi masa iur paling sedikit {need} bulan (15 tahun); masa iur "
                "{n} bulan: ajukan JP sekaligus"
            ).format(need=JP_MIN_MONTHS, n=count)
        else:
            message = _("JP berkala tidak dapat dibayar. {reason}; ajukan JP sekaligus").format(
                reason=entitlement.reason
            )
        refusals.append(FieldError("claim_type", message))
    elif request.claim_type is ClaimType.JP_SEKALIGUS and entitlement.monthly:
        refusals.append(
            FieldError(
                "claim_type",
                _("Peserta berhak atas JP berkala, bukan sekaligus. {reason}").format(
                    reason=entitlement.reason
                ),
            )
        )
    if detail.ground is JpGround.USIA_PENSIUN and PENSION_AGE.in_force(request.event_date):
        need = PENSION_AGE.at(request.event_date)
        age = age_on(member.birth_date, request.event_date)
        if age < need:
            refusals.append(
                FieldError(
                    "ground",
                    _(
                        "Usia pensiun pada {day} adalah {need} tahun; peserta berusia {age} tahun"
                    ).format(day=_d(request.event_date), need=need, age=age),
                )
            )
    prior = _duplicate(member, {ClaimType.JP_BERKALA, ClaimType.JP_SEKALIGUS}, same_kpj=False)
    if prior is not None:
        refusals.append(
            FieldError(
                "claim_type",
                _("Sudah ada klaim JP {no} ({state})").format(
                    no=prior.claim_no, state=prior.state.label
                ),
            )
        )


def jkp_months(member: MemberFacts) -> frozenset[Period]:
    """Months of JKP contributions (JKP is funded from February 2021, PP 37/2021)."""
    return frozenset(
        m.period
        for m in member.contributed(Programme.JKP)
        if rates.JKP_FUNDING.in_force(m.period.first_day)
    )


def _jkp(
    request: ClaimRequest, member: MemberFacts, refusals: list[FieldError], notes: list[str]
) -> None:
    dismissal = request.event_date
    try:
        rule = JKP_RULES.at(dismissal)
    except RuleNotInForceError:
        refusals.append(
            FieldError(
                "event_date",
                _("JKP berlaku sejak {day}; PHK tanggal {phk} tidak dijamin").format(
                    day=_d(JKP_RULES.entries[0].valid_from), phk=_d(dismissal)
                ),
            )
        )
        return
    if member.end_date is None:
        refusals.append(
            FieldError(
                "claim_type",
                _("Kepesertaan KPJ {kpj} belum berakhir: catat PHK lebih dulu").format(
                    kpj=member.kpj
                ),
            )
        )
    elif member.end_reason != "PHK":
        refusals.append(
            FieldError(
                "claim_type",
                _(
                    "JKP hanya bagi pekerja yang di-PHK, bukan yang mengundurkan diri atau selesai kontrak"
                ),
            )
        )
    months = jkp_months(member)
    last = Period.of(dismissal)
    window = [last.shift(-i) for i in range(JKP_WINDOW)]
    paid = sum(1 for p in window if p in months)
    if paid < JKP_MIN_MONTHS:
        refusals.append(
            FieldError(
                "event_date",
                _(
                    "Iuran JKP {n} bulan dalam {window} bulan sampai PHK; syaratnya paling sedikit "
                    "{need} bulan"
                ).format(n=paid, window=JKP_WINDOW, need=JKP_MIN_MONTHS),
            )
        )
    missing = [p for p in window[:JKP_CONSECUTIVE] if p not in months]
    if missing:
        refusals.append(
            FieldError(
                "event_date",
                _(
                    "Iuran {n} bulan berturut-turut sebelum PHK belum terpenuhi (tanpa iuran: {months})"
                ).format(n=JKP_CONSECUTIVE, months=", ".join(p.blth for p in sorted(missing))),
            )
        )
    if rule.claim_window_months is not None:
        deadline = add_months(dismissal, rule.claim_window_months)
        if request.submitted_on > deadline:
            refusals.append(
                FieldError(
                    "submitted_on",
                    _(
                        "Hak JKP gugur: klaim harus diajukan paling lambat {deadline} ({n} bulan "
                        "setelah PHK, {rule})"
                    ).format(deadline=_d(deadline), n=rule.claim_window_months, rule=rule.source),
                )
            )
    prior = _duplicate(member, {ClaimType.JKP}, same_kpj=True, event=dismissal)
    if prior is not None:
        refusals.append(
            FieldError(
                "claim_type",
                _("PHK ini sudah diklaim ({no})").format(no=prior.claim_no),
            )
        )


# --- amounts and documents ----------------------------------------------------------------------


def _wage(member: MemberFacts) -> int:
    if not member.wage or member.wage <= 0:
        raise ValidationError.single(
            "wage", _("Upah peserta KPJ {kpj} tidak tercatat").format(kpj=member.kpj)
        )
    return member.wage


def _pmi_note(member: MemberFacts, amount: BenefitAmount) -> BenefitAmount:
    """A migrant worker's JKK/JKM amount, with the warning that PMI's own table was not read.

    Permenaker 4/2023 gives PMI their own benefit table; it was not retrieved, so the domestic
    amounts stand in [unverified] and the officer sees it on the decision.
    """
    if member.segment is not Segment.PMI:
        return amount
    note = _(
        "Peserta PMI: manfaat dihitung dengan tabel dalam negeri; tabel manfaat PMI "
        "Permenaker 4/2023 belum diverifikasi [unverified]"
    )
    return replace(amount, notes=(*amount.notes, note))


def benefit_for(request: ClaimRequest, member: MemberFacts, on: date) -> BenefitAmount:
    """The amount by rule, with its breakdown; balances (JHT, JP) earn their yield until *on*."""
    kind = request.claim_type
    detail = request.facts
    if kind in (ClaimType.JHT_PENUH, ClaimType.JHT_10, ClaimType.JHT_30):
        return jht_amount(kind.value, member.contributed(Programme.JHT), on, member.jht_withdrawals)
    if kind is ClaimType.JKK:
        assert isinstance(detail, JkkDetail)
        return _pmi_note(
            member,
            jkk_amount(
                _wage(member),
                request.event_date,
                outcome=detail.outcome.value,
                stmb=[(p.start, p.end) for p in detail.stmb],
                disability_percent=detail.disability_percent,
                medical_costs=detail.medical_costs,
                children=detail.school_levels,
                contribution_months=len({m.period for m in member.contributed(Programme.JKK)}),
                transport=None if detail.transport is None else detail.transport.value,
                transport_costs=detail.transport_costs,
                return_to_work_costs=detail.return_to_work_costs,
            ),
        )
    if kind is ClaimType.JKM:
        assert isinstance(detail, JkmDetail)
        months = len({m.period for m in member.contributed(Programme.JKM)})
        levels = detail.school_levels
        known = [level for level in levels if level is not None]
        return _pmi_note(
            member,
            jkm_amount(request.event_date, months, len(levels) - len(known), known),
        )
    if kind is ClaimType.JP_BERKALA:
        assert isinstance(detail, JpDetail)
        return jp_pension(
            detail.pension_kind,
            member.contributed(Programme.JP),
            request.event_date,
            joined=member.start_date,
        )
    if kind is ClaimType.JP_SEKALIGUS:
        return jp_amount(kind.value, member.contributed(Programme.JP), on)
    return jkp_amount(_wage(member), request.event_date)


_GROUND_CONDITIONS = {
    JhtGround.MENGUNDURKAN_DIRI: Condition.RESIGN,
    JhtGround.KONTRAK_BERAKHIR: Condition.RESIGN,
    JhtGround.BERHENTI_BPU: Condition.RESIGN,
    JhtGround.PHK: Condition.PHK,
    JhtGround.MENINGGAL: Condition.DEATH,
    JhtGround.CACAT_TOTAL: Condition.DISABILITY,
    JhtGround.WNA_PULANG: Condition.FOREIGNER,
}


def checklist_for(request: ClaimRequest, member: MemberFacts) -> tuple[str, ...]:
    """The documents this claim needs, from its type and facts (domain.md §5.2)."""
    kind = request.claim_type
    detail = request.facts
    conditions: set[Condition] = set()
    if kind in (ClaimType.JHT_PENUH, ClaimType.JHT_10, ClaimType.JHT_30):
        balance, _years = jht_balance(
            member.contributed(Programme.JHT), request.submitted_on, member.jht_withdrawals
        )
        if balance > NPWP_THRESHOLD:
            conditions.add(Condition.NPWP)
        if kind is ClaimType.JHT_30:
            conditions.add(Condition.HOUSING)
        if isinstance(detail, JhtDetail) and detail.ground in _GROUND_CONDITIONS:
            conditions.add(_GROUND_CONDITIONS[detail.ground])
    elif isinstance(detail, JkkDetail):
        if detail.road_accident:
            conditions.add(Condition.ROAD)
        if detail.medical_costs > 0 or detail.transport_costs > 0:
            conditions.add(Condition.RECEIPTS)
        if detail.outcome is not JkkOutcome.DALAM_PERAWATAN:
            conditions.add(Condition.STAGE2)
        if detail.outcome is JkkOutcome.MENINGGAL:
            conditions.add(Condition.DEATH)
        if detail.outcome is JkkOutcome.CACAT_TOTAL:
            conditions.add(Condition.DISABILITY)
        if detail.school_levels and detail.outcome in (
            JkkOutcome.MENINGGAL,
            JkkOutcome.CACAT_TOTAL,
        ):
            conditions.add(Condition.SCHOOL)
    elif isinstance(detail, JkmDetail):
        if detail.has_spouse:
            conditions.add(Condition.SPOUSE)
        if detail.children_in_school:
            conditions.add(Condition.SCHOOL)
    elif isinstance(detail, JpDetail):
        if detail.ground is JpGround.MENINGGAL:
            conditions.add(Condition.DEATH)
            if detail.pension_kind is JpKind.JANDA_DUDA:
                conditions.add(Condition.SPOUSE)
        elif detail.ground is JpGround.CACAT_TOTAL:
            conditions.add(Condition.DISABILITY)
    on = request.submitted_on
    return checklist(kind, on, frozenset(conditions))
