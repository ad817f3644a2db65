"""Survivors and second KPJs (issue #10): JKM families, widows' pensions, re-registered members.

Written after the bulk rows, like the partial JHT claims: every claim added here is decided and
paid before 2018, so the April 2018 figures stay the same; pension months and scholarship years
are not claims."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import islice
from typing import TypeVar

from sqlalchemy import ColumnElement, func, insert, select, text
from sqlalchemy.orm import Session

from bpjs_desktop.db.models import (
    Claim,
    ClaimDocument,
    ClaimEvent,
    Counter,
    Employer,
    EndReason,
    Heir,
    HeirRelationKind,
    Membership,
    Office,
    OfficeKind,
    PensionPayment,
    Person,
    ScholarshipEntitlement,
)
from bpjs_desktop.domain.benefits import (
    JKM_RULES,
    BenefitAmount,
    ContributionMonth,
    jht_amount,
    jkm_amount,
    jkm_benefit,
)
from bpjs_desktop.domain.calendar import DEFAULT_CALENDAR
from bpjs_desktop.domain.claim_details import Heir as DeclaredHeir
from bpjs_desktop.domain.claim_details import (
    HeirRelation,
    JkmDetail,
    JpDetail,
    JpGround,
    JpKind,
    detail_to_json,
)
from bpjs_desktop.domain.claim_documents import CHECKLISTS, NPWP_THRESHOLD, Condition, checklist
from bpjs_desktop.domain.claims import ClaimState, ClaimType, claim_number
from bpjs_desktop.domain.identifiers import Sex, make_kpj, make_nik
from bpjs_desktop.domain.pension import jp_pension, jp_schedule
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.domain.programmes import (
    Segment,
)
from bpjs_desktop.domain.regions import JATIM_REGENCIES
from bpjs_desktop.domain.scholarships import SchoolLevel
from bpjs_desktop.services import demo_data
from bpjs_desktop.services.demo.claims import _REASON_JKM
from bpjs_desktop.services.demo.plan import _at
from bpjs_desktop.services.heirs import RANKS as heir_ranks

# --- survivors and second KPJs (issue #10) -------------------------------------------------------
#
# Written after the bulk rows, like the partial JHT claims: every claim added here is decided and
# paid before 2018, so the April 2018 figures stay the same; pension months and scholarship years
# are not claims.

_T = TypeVar("_T")
_SCHOOL_AGE = {SchoolLevel.SD: 8, SchoolLevel.SMP: 13, SchoolLevel.SMA: 16}
_IN_SCHOOL = (SchoolLevel.SD, SchoolLevel.SMP, SchoolLevel.SMA)
_REASON_JP_WIDOW = "Meninggal dunia; pensiun janda"
_REASON_REREGISTERED_JHT = "Berhenti bekerja (mengundurkan diri); terdaftar lagi dengan KPJ baru"
# A district number the generator never reaches (it counts districts from 1 per regency), so the
# NIKs of the members added here never collide with a generated one.
_ADDED_DISTRICT = 96
# A widow and two children at school: the marriage book and the school's letter.
_JKM_FAMILY = frozenset((Condition.SPOUSE, Condition.SCHOOL))


def _pick(items: Sequence[_T], key: int) -> _T:
    return items[key % len(items)]


def _heir_name(key: int, sex: str) -> str:
    first = _pick(demo_data.MALE_NAMES if sex == Sex.L.value else demo_data.FEMALE_NAMES, key)
    return f"{first} {_pick(demo_data.FAMILY_NAMES, key // 7)}".upper()


def _child_birth(event: date, parent_birth: date, age: int, key: int) -> date:
    """A child *age* years old at *event*, born when the parent was at least 17."""
    age = max(1, min(age, (event - parent_birth).days // 365 - 17))
    return date(event.year - age, 1 + key % 12, 1 + key * 7 % 28)


def _heir(person_id: int, name: str, relation: HeirRelation, birth: date | None,
          level: SchoolLevel | None, day: date) -> Heir:  # fmt: skip
    return Heir(
        person_id=person_id, name=name, nik="", relation=HeirRelationKind(relation.value),
        birth_date=birth, school_level=None if level is None else level.value,
        rank=heir_ranks[relation], documents_note="", statement_received=True, id_received=True,
        created_at=_at(day),
    )  # fmt: skip


def _declared(heir: Heir) -> DeclaredHeir:
    level = None if heir.school_level is None else SchoolLevel(heir.school_level)
    return DeclaredHeir(heir.name, HeirRelation(heir.relation.value), birth_date=heir.birth_date,
                        school_level=level)  # fmt: skip


_SET_COUNTER = text(
    "INSERT INTO counter (name, value) VALUES (:name, :value) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value"
)


class _Book:
    """The numbers and the documents of the records added after the bulk rows.

    Claim (and membership) ids and the claim and KPJ numbers are handed out here, the counters
    read once and written back once at the end (:meth:`close`), so that thousands of claims
    need no query, nor a flush, each; their documents are written in one statement.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.office_codes: dict[int, str] = {
            i: c for i, c in session.execute(select(Office.id, Office.code))
        }
        self.claim_id = session.scalar(select(func.max(Claim.id))) or 0
        self.membership_id: int | None = None
        self.counters: dict[str, tuple[int, int]] = {}  # name: (value before, value now)
        self.documents: list[dict[str, object]] = []
        self.claims = 0

    def next(self, name: str) -> int:
        """The next number of the counter *name*."""
        if name not in self.counters:
            with self.session.no_autoflush:
                value = self.session.scalar(select(Counter.value).where(Counter.name == name)) or 0
            self.counters[name] = (value, value)
        before, now = self.counters[name]
        self.counters[name] = (before, now + 1)
        return now + 1

    def next_membership_id(self) -> int:
        if self.membership_id is None:
            self.session.flush()
            self.membership_id = self.session.scalar(select(func.max(Membership.id))) or 0
        self.membership_id += 1
        return self.membership_id

    def close(self) -> None:
        """Write the claims, their documents and the counters."""
        self.session.flush()
        if self.documents:
            self.session.execute(insert(ClaimDocument), self.documents)
        # One statement for all the counters (next_value's ORM update, once per counter, would
        # look through every claim the session holds each time).
        used = [
            {"name": n, "value": now} for n, (before, now) in self.counters.items() if now > before
        ]
        if used:
            self.session.execute(_SET_COUNTER, used)


def _paid_claim(book: _Book, membership: Membership, ctype: ClaimType, reason: str,
                event: date, submitted: date, decided: date, paid: date, amount: int, basis: str,
                detail: str = "", conditions: frozenset[Condition] = frozenset()) -> Claim:  # fmt: skip
    """A claim decided and paid by rule, with its four steps (as the partial JHT claims) and
    every document of its checklist (for the facts *conditions*) received the day it was lodged."""
    code = book.office_codes[membership.office_id]
    period = Period.of(submitted)
    book.claim_id += 1
    book.claims += 1
    claim = Claim(
        id=book.claim_id, claim_no=claim_number(code, period, book.next(f"claim:{code}:{period}")),
        membership_id=membership.id, office_id=membership.office_id, claim_type=ctype,
        programme=ctype.programme.value, state=ClaimState.DIBAYAR, reason=reason, event_date=event,
        submitted_on=submitted, decided_on=decided, paid_on=paid, amount=amount, amount_basis=basis,
        detail=detail, docs_complete_on=submitted, created_at=_at(submitted),
    )  # fmt: skip
    book.session.add(claim)
    steps = (
        (None, ClaimState.DIAJUKAN, submitted),
        (ClaimState.DIAJUKAN, ClaimState.VERIFIKASI, submitted),
        (ClaimState.VERIFIKASI, ClaimState.DITETAPKAN, decided),
        (ClaimState.DITETAPKAN, ClaimState.DIBAYAR, paid),
    )
    book.session.add_all(
        ClaimEvent(claim_id=claim.id, from_state=a, to_state=b, on_date=day, at=_at(day))
        for a, b, day in steps
    )
    if CHECKLISTS.in_force(submitted):  # before 2014 no checklist is on record
        book.documents.extend(
            {"claim_id": claim.id, "code": code, "received_on": submitted, "note": "",
             "recorded_by": None, "recorded_at": _at(submitted)}
            for code in checklist(ctype, submitted, conditions)
        )  # fmt: skip
    return claim


def _jht_conditions(ctype: ClaimType, benefit: BenefitAmount) -> frozenset[Condition]:
    """The facts of a JHT claim that add documents: the NPWP above Rp50 juta of balance (the
    balance the amount was paid from), a resignation (full claim), housing (30 %)."""
    balance = (
        benefit.lines[-2].amount if ctype is ClaimType.JHT_30 else benefit.total
    )  # "Saldo JHT"
    conditions = {Condition.HOUSING if ctype is ClaimType.JHT_30 else Condition.RESIGN}
    if balance > NPWP_THRESHOLD:
        conditions.add(Condition.NPWP)
    return frozenset(conditions)


def _jkm_families(session: Session) -> tuple[int, int]:
    """The heirs of every generated JKM claim (the spouse, one to three children), and the
    scholarship its amount includes as the school year of the eldest child, paid with the claim
    (before PP 82/2019: one child, one sum, domain.md §5.1a). Returns (heirs, scholarship years)."""
    rows = session.execute(
        select(Claim, Person)
        .join(Membership, Membership.id == Claim.membership_id)
        .join(Person, Person.id == Membership.person_id)
        .where(Claim.claim_type == ClaimType.JKM)
        .order_by(Claim.id)
    ).all()
    heirs = years = 0
    for claim, person in rows:
        event, key = claim.event_date, claim.id
        rule = JKM_RULES.at(event)
        cash = rule.lump_sum + rule.periodic_months * rule.periodic_monthly + rule.funeral
        scholarship = (claim.amount or 0) - cash if claim.state is ClaimState.DIBAYAR else 0
        spouse_sex = Sex.P.value if person.sex == Sex.L.value else Sex.L.value
        family = [
            _heir(person.id, _heir_name(key, spouse_sex), HeirRelation.PASANGAN,
                  person.birth_date + timedelta(days=365 * (key % 5) - 730), None,
                  claim.submitted_on),
        ]  # fmt: skip
        for i in range(1 + key % 3):
            level = _pick(_IN_SCHOOL, key) if i == 0 and scholarship > 0 else None
            age = _SCHOOL_AGE[level] if level is not None else 5 - 2 * i
            family.append(
                _heir(person.id, _heir_name(key * 3 + i, _pick((Sex.L.value, Sex.P.value), key + i)),
                      HeirRelation.ANAK, _child_birth(event, person.birth_date, age, key + i),
                      level, claim.submitted_on)
            )  # fmt: skip
        if not claim.detail:  # the heirs as declared on the claim form
            claim.detail = json.dumps(detail_to_json(JkmDetail(tuple(map(_declared, family)))))
        session.add_all(family)
        heirs += len(family)
        if scholarship > 0:
            session.flush()
            child = family[1]
            assert child.school_level is not None
            session.add(
                ScholarshipEntitlement(
                    claim_id=claim.id, heir_id=child.id, school_year=event.year,
                    level=child.school_level, amount=scholarship, applied_on=claim.submitted_on,
                    paid_on=claim.paid_on, created_at=_at(claim.submitted_on),
                )
            )  # fmt: skip
            years += 1
    session.flush()
    return heirs, years


def _deceased(book: _Book, n: int, employer: Employer, regency: str, birth: date, wage: int,
              start: date, death: date) -> tuple[Person, Membership]:  # fmt: skip
    """The *n*-th deceased wage earner of the widows' records and his membership, ended by death."""
    session = book.session
    person = Person(
        nik=make_nik(regency, _ADDED_DISTRICT, birth, Sex.L, n + 1), name=_heir_name(n, "L"),
        birth_place=JATIM_REGENCIES[regency].split(" ", 1)[1].upper(), birth_date=birth,
        sex=Sex.L.value, mother_name=_heir_name(n + 5, "P"), regency_code=regency,
        phone="", created_at=_at(start),
    )  # fmt: skip
    session.add(person)
    session.flush()
    membership = Membership(
        kpj=make_kpj(start.year, book.next(f"kpj:{start.year % 100:02d}")),
        person_id=person.id, segment=Segment.PU, office_id=employer.office_id, employer_id=employer.id,
        programmes=employer.programmes, wage=wage, job_title=demo_data.JOBS_PU[n % 10],
        start_date=start, end_date=death, end_reason=EndReason.MENINGGAL,
        created_at=_at(start),
    )  # fmt: skip
    session.add(membership)
    session.flush()
    return person, membership


def _widows(book: _Book, as_of: date) -> dict[str, int]:
    """In each branch, a member of a JP employer since 2012 who died in March 2017: the JKM paid
    to the family (Rp24 juta and the eldest child's Rp12 juta scholarship, PP 44/2015), and the
    widow's pension (PP 45/2015 Pasal 16; computed on 15 years, Permenaker 29/2015 Pasal 26)
    decided and paid in 2017: its first two years recorded (the second indexed), the months up
    to the one before the as-of month paid on the 25th."""
    session = book.session
    offices = session.execute(
        select(Office.id, Office.regencies)
        .where(Office.kind != OfficeKind.KANWIL, Office.regencies != "")
        .order_by(Office.id)
    ).all()
    joined = date(2012, 1, 2)
    counts = {"person": 0, "membership": 0, "claim": 0, "heir": 0, "pension_payment": 0,
              "scholarship_entitlement": 0}  # fmt: skip
    for n, (office_id, regencies) in enumerate(offices):
        employer = session.scalar(
            select(Employer)
            .where(
                Employer.office_id == office_id,
                Employer.programmes.contains("JP"),
                Employer.registered_on <= joined,
            )
            .order_by(Employer.id)
            .limit(1)
        )
        if employer is None:
            continue
        start, death = joined + timedelta(days=n % 3), date(2017, 3, 6) + timedelta(days=n % 10)
        birth = date(1976 + n % 8, 1 + n % 12, 1 + 3 * n % 28)
        regency = regencies.split(",")[0]
        wage = 4_000_000 + 250_000 * (n % 8)
        person, membership = _deceased(book, n, employer, regency, birth, wage, start, death)
        widow = _heir(person.id, _heir_name(n + 11, "P"), HeirRelation.PASANGAN,
                      birth + timedelta(days=700), None, death)  # fmt: skip
        older = _heir(person.id, _heir_name(3 * n + 1, "L"), HeirRelation.ANAK,
                      _child_birth(death, birth, 16, n), SchoolLevel.SMA, death)  # fmt: skip
        younger = _heir(person.id, _heir_name(3 * n + 2, "P"), HeirRelation.ANAK,
                        _child_birth(death, birth, 8, n + 1), SchoolLevel.SD, death)  # fmt: skip
        session.add_all((widow, older, younger))
        session.flush()
        declared = tuple(map(_declared, (widow, older, younger)))
        first, last = Period.of(start), Period.of(death)
        months = [
            ContributionMonth(first.shift(i), wage, Segment.PU)
            for i in range(first.months_until(last) + 1)
        ]
        children = [SchoolLevel.SMA, SchoolLevel.SD]
        jkm = jkm_benefit(death, first.months_until(last), children=children)
        submitted = DEFAULT_CALENDAR.roll_forward(death + timedelta(days=7))
        jkm_claim = _paid_claim(
            book, membership, ClaimType.JKM, _REASON_JKM, death, submitted,
            DEFAULT_CALENDAR.add_working_days(submitted, 2),
            DEFAULT_CALENDAR.add_working_days(submitted, 4), jkm.total,
            jkm_amount(death, first.months_until(last), 0, children).basis_text(),
            json.dumps(detail_to_json(JkmDetail(declared))), _JKM_FAMILY,
        )  # fmt: skip
        for entitlement in jkm.scholarships:
            session.add(
                ScholarshipEntitlement(
                    claim_id=jkm_claim.id, heir_id=older.id, school_year=entitlement.year,
                    level=SchoolLevel.SMA.value, amount=entitlement.amount,
                    applied_on=submitted, paid_on=jkm_claim.paid_on, created_at=_at(submitted),
                )
            )  # fmt: skip
        paid_months = _widow_pension(book, membership, widow.id, months, death, submitted, as_of)
        for table, added in (("person", 1), ("membership", 1), ("claim", 2), ("heir", 3),
                             ("pension_payment", paid_months),
                             ("scholarship_entitlement", len(jkm.scholarships))):  # fmt: skip
            counts[table] += added
    session.flush()
    return counts


def _widow_pension(book: _Book, membership: Membership, widow_id: int,
                   months: list[ContributionMonth], death: date, submitted: date, as_of: date) -> int:  # fmt: skip
    """The widow's pension claim of a deceased member, decided a week after the claim was
    lodged, and its first two years of monthly payments; the number of payments."""
    pension = jp_pension(JpKind.JANDA_DUDA, months, death, joined=membership.start_date)
    decided = DEFAULT_CALENDAR.add_working_days(submitted, 5)
    jp_claim = _paid_claim(
        book, membership, ClaimType.JP_BERKALA, _REASON_JP_WIDOW, death, submitted,
        decided, DEFAULT_CALENDAR.add_working_days(decided, 2), pension.total, pension.basis_text(),
        json.dumps(detail_to_json(JpDetail(JpGround.MENINGGAL, JpKind.JANDA_DUDA))),
        frozenset((Condition.DEATH, Condition.SPOUSE)),  # a widow's pension: to an heir, a spouse
    )  # fmt: skip
    schedule = jp_schedule(Period.of(death).next(), pension.total, 24)
    for i, (period, amount) in enumerate(schedule):
        paid_on = (
            jp_claim.paid_on
            if i == 0
            else DEFAULT_CALENDAR.roll_forward(period.first_day.replace(day=25))
        )
        book.session.add(
            PensionPayment(
                claim_id=jp_claim.id, heir_id=widow_id, period=str(period), amount=amount,
                paid_on=paid_on if period < Period.of(as_of) else None,
                created_at=_at(decided),
            )
        )  # fmt: skip
    return len(schedule)


def _wage_earners_with_jht(
    session: Session, every: int, remainder: int, *conditions: ColumnElement[bool]
) -> Sequence[Membership]:
    """Active wage earners enrolled in JHT, one in *every* (by id), that meet *conditions*."""
    return session.scalars(
        select(Membership)
        .where(
            Membership.segment == Segment.PU,
            Membership.end_date.is_(None),
            Membership.programmes.contains("JHT"),
            Membership.id % every == remainder,
            *conditions,
        )
        .order_by(Membership.id)
    ).all()


def _second_kpjs(book: _Book) -> dict[str, int]:
    """One active wage earner in five hundred who joined in 2014–mid 2017 had worked before at
    another employer of the branch under a first KPJ: resigned, their JHT claimed after the
    month's wait (PP 60/2015) and paid by rule, then registered again under a new KPJ. Their
    one JHT account holds both cards; the full withdrawal closed the first card's months."""
    session = book.session
    members = _wage_earners_with_jht(
        session, 500, 11,
        Membership.employer_id.is_not(None),
        Membership.start_date.between(date(2014, 1, 1), date(2017, 6, 30)),
    )  # fmt: skip
    # The branches' JHT employers, by id: read once, not queried again for every member.
    jht_employers: dict[int, list[tuple[int, date, str]]] = {}
    for employer_id, office_id, registered_on, programmes in session.execute(
        select(Employer.id, Employer.office_id, Employer.registered_on, Employer.programmes)
        .where(Employer.programmes.contains("JHT"))
        .order_by(Employer.id)
    ):
        jht_employers.setdefault(office_id, []).append((employer_id, registered_on, programmes))
    firsts: list[tuple[Membership, date, date, int]] = []
    for m in members:
        left = m.start_date - timedelta(days=75 + m.id % 45)
        began = date(left.year - 2 - m.id % 4, 1 + m.id % 12, 1 + m.id % 27)
        # Another JHT employer of the branch registered by then: the (id % 7)-th by id.
        others = (
            (employer_id, programmes)
            for employer_id, registered_on, programmes in jht_employers.get(m.office_id, ())
            if employer_id != m.employer_id and registered_on <= began
        )
        other = next(islice(others, m.id % 7, None), None)
        if other is None:
            continue
        other_id, other_programmes = other
        assert m.wage is not None
        wage = m.wage * 9 // 10 // 1000 * 1000
        first = Membership(
            id=book.next_membership_id(),
            kpj=make_kpj(began.year, book.next(f"kpj:{began.year % 100:02d}")),
            person_id=m.person_id, segment=Segment.PU, office_id=m.office_id,
            employer_id=other_id, programmes=other_programmes, wage=wage,
            job_title=m.job_title, start_date=began, end_date=left,
            end_reason=EndReason.MENGUNDURKAN_DIRI, created_at=_at(began),
        )  # fmt: skip
        session.add(first)
        firsts.append((first, began, left, wage))
    session.flush()  # the first cards before their claims (no ORM relationship orders them)
    for first, began, left, wage in firsts:
        start, end = Period.of(began), Period.of(left)
        months = [
            ContributionMonth(start.shift(i), wage, Segment.PU)
            for i in range(start.months_until(end) + 1)
        ]
        submitted = DEFAULT_CALENDAR.roll_forward(left + timedelta(days=33))
        decided = DEFAULT_CALENDAR.add_working_days(submitted, 2)
        benefit = jht_amount(ClaimType.JHT_PENUH.value, months, decided)
        _paid_claim(
            book, first, ClaimType.JHT_PENUH, _REASON_REREGISTERED_JHT, left, submitted,
            decided, DEFAULT_CALENDAR.add_working_days(decided, 2), benefit.total,
            benefit.basis_text(), conditions=_jht_conditions(ClaimType.JHT_PENUH, benefit),
        )  # fmt: skip
    return {"membership": len(firsts), "claim": len(firsts)}
