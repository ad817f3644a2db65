"""A person's JHT account: one balance over every KPJ of the person (issue #10).

Design. The account is a ledger (``jht_entry``) of which only what cannot be derived is stored:

- credits are *computed* each time from the paid contribution months of every KPJ of the person,
  on the wage in force in each month (``membership_wage``): a late payment, or a wage corrected
  for a past month, shows at once, and nothing has to be kept in step with the bills;
- yearly returns (hasil pengembangan) are computed from the declared yields
  (:data:`bpjs_desktop.domain.benefits.JHT_YIELD`);
- withdrawals are *stored* when a JHT claim is paid (10 %, 30 % or the whole balance), with the
  claim, so that no rupiah is paid twice: a full claim on one KPJ closes the balance of every KPJ;
- a merge of two KPJ cards of one worker is stored (audited) with the balance it brought, for
  the record; from then on the KPJ's months are the person's and count in the one balance.

The balance a claim reads is credits + returns − withdrawals so far
(:func:`bpjs_desktop.domain.benefits.jht_account`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, case, cast, exists, func, insert, literal, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import (
    Claim,
    ContributionBill,
    JhtEntry,
    JhtEntryKind,
    Membership,
    Person,
    UtcDateTime,
    utcnow,
)
from bpjs_desktop.domain.benefits import (
    ContributionMonth,
    JhtWithdrawal,
    YearOfBalance,
    jht_account,
    jht_credit,
)
from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.periods import Period, today_wib
from bpjs_desktop.domain.programmes import Programme, Segment, parse_programmes
from bpjs_desktop.errors import ConflictError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, scope, wage_history
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.membership_common import membership_of_kpj
from bpjs_desktop.services.work_calendar import reference_date

JHT_CLAIMS = (ClaimType.JHT_PENUH, ClaimType.JHT_10, ClaimType.JHT_30)


# --- contribution months -------------------------------------------------------------------------


def _unpaid_periods(session: Session, membership: Membership, on: date) -> set[str]:
    """Months whose bill is recorded, due before *on* and not paid in full: they do not accrue."""
    if membership.employer_id is not None:
        payer = ContributionBill.employer_id == membership.employer_id
    elif membership.segment is Segment.BPU:
        payer = ContributionBill.membership_id == membership.id
    else:
        return set()
    return set(
        session.scalars(
            select(ContributionBill.period).where(
                payer,
                ContributionBill.paid < ContributionBill.amount,
                ContributionBill.due_date < on,
            )
        )
    )


def memberships_of(session: Session, person_id: int) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.person_id == person_id)
            .order_by(Membership.start_date, Membership.id)
        )
    )


def contribution_months(
    session: Session, memberships: Sequence[Membership], on: date
) -> tuple[
    dict[Programme, list[ContributionMonth]], list[tuple[str, ContributionMonth]], date | None
]:
    """The months *memberships* contributed up to *on*, each on the wage in force in it.

    Returns the months per programme, the JHT months with their KPJ (for the account view), and
    the first day of JHT membership.
    """
    wages = wage_history.schedules(session, memberships)
    months: dict[Programme, list[ContributionMonth]] = {}
    jht: list[tuple[str, ContributionMonth]] = []
    jht_since: date | None = None
    for m in memberships:
        programmes = parse_programmes(m.programmes)
        if Programme.JHT in programmes and (jht_since is None or m.start_date < jht_since):
            jht_since = m.start_date
        first = Period.of(m.start_date)
        # A running membership has contributed up to the month before *on*; an ended one up to
        # and including its last month (wages are not prorated, Perdir 22/2022 [S52]).
        last = Period.of(m.end_date) if m.end_date is not None else Period.of(on).previous()
        if m.end_date is not None and m.end_date > on:
            last = Period.of(on).previous()
        if last < first:
            continue
        unpaid = _unpaid_periods(session, m, on)
        schedule = wages[m.id]
        periods = [first.shift(i) for i in range(first.months_until(last) + 1)]
        entries = [
            ContributionMonth(p, schedule.at(p), m.segment) for p in periods if str(p) not in unpaid
        ]
        for programme in programmes:
            months.setdefault(programme, []).extend(entries)
        if Programme.JHT in programmes:
            jht.extend((m.kpj, e) for e in entries)
    return months, jht, jht_since


# --- withdrawals ---------------------------------------------------------------------------------


def withdrawals_of(
    session: Session, person_id: int, exclude_claim: str | None = None
) -> tuple[JhtWithdrawal, ...]:
    """What was paid out of the person's JHT account, oldest first (a claim may be left out)."""
    rows = session.execute(
        select(JhtEntry, Claim.claim_no, Claim.claim_type)
        .outerjoin(Claim, Claim.id == JhtEntry.claim_id)
        .where(JhtEntry.person_id == person_id, JhtEntry.kind == JhtEntryKind.WITHDRAWAL)
        .order_by(JhtEntry.period, JhtEntry.id)
    ).all()
    return tuple(
        JhtWithdrawal(
            Period.parse(entry.period),
            -entry.amount,
            full=claim_type is ClaimType.JHT_PENUH,
            covers_until=Period.parse(entry.covers_until) if entry.covers_until else None,
            claim_no=claim_no or "",
        )
        for entry, claim_no, claim_type in rows
        if exclude_claim is None or claim_no != exclude_claim
    )


def post_withdrawal(
    session: Session,
    actor: Actor,
    claim: Claim,
    membership: Membership,
    paid_on: date,
    covers_until: Period | None,
) -> JhtEntry:
    """Post a paid JHT claim as a withdrawal of the person's account (inside the payment's
    transaction; the claim's own audit event records the payment).

    *covers_until*: for a full claim, the last contribution month its amount paid out.
    """
    if claim.claim_type not in JHT_CLAIMS or claim.amount is None:
        raise ValueError("only a decided JHT claim is a withdrawal")
    entry = JhtEntry(
        person_id=membership.person_id,
        membership_id=membership.id,
        period=str(Period.of(paid_on)),
        kind=JhtEntryKind.WITHDRAWAL,
        amount=-claim.amount,
        claim_id=claim.id,
        covers_until=(
            str(covers_until or Period.of(paid_on))
            if claim.claim_type is ClaimType.JHT_PENUH
            else None
        ),
        note=claim.claim_no,
        created_by=actor.user_id,
        created_at=utcnow(),
    )
    session.add(entry)
    session.flush()
    return entry


def post_paid_claims(session: Session, at: datetime | None = None) -> int:
    """Post every paid JHT claim that has no withdrawal yet (claims written in bulk, such as the
    demo's), as revision 0007 did for the claims paid before it, stamped *at* (now by default;
    the demo passes its own clock, so that a seed always gives the same rows). Returns how many."""
    month_paid = func.substr(cast(Claim.paid_on, String), 1, 7)
    month_decided = func.substr(cast(Claim.decided_on, String), 1, 7)
    source = (
        select(
            Membership.person_id, Claim.membership_id, month_paid,
            literal(JhtEntryKind.WITHDRAWAL.value), -Claim.amount, Claim.id,
            case((Claim.claim_type == ClaimType.JHT_PENUH, month_decided), else_=None),
            Claim.claim_no, literal(at or utcnow(), UtcDateTime()),
        )
        .join(Membership, Membership.id == Claim.membership_id)
        .where(
            Claim.claim_type.in_(JHT_CLAIMS),
            Claim.state == ClaimState.DIBAYAR,
            Claim.amount.is_not(None),
            Claim.paid_on.is_not(None),
            ~exists().where(JhtEntry.claim_id == Claim.id),
        )
    )  # fmt: skip
    columns = ["person_id", "membership_id", "period", "kind", "amount", "claim_id",
               "covers_until", "note", "created_at"]  # fmt: skip
    result = session.execute(insert(JhtEntry).from_select(columns, source))
    assert isinstance(result, CursorResult)
    return result.rowcount


# --- the account ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CreditRow:
    period: Period
    kpj: str
    basis: int  # the wage (or declared income) of that month
    credit: int  # 5,7 % of the wage (PU), 2 % of the income band (BPU)
    counted: bool  # False: already paid out by a full claim


@dataclass(frozen=True, slots=True)
class WithdrawalRow:
    period: Period
    claim_no: str
    claim_type: ClaimType | None
    kpj: str
    amount: int  # paid out, positive
    covers_until: Period | None


@dataclass(frozen=True, slots=True)
class MergeRow:
    period: Period
    kpj: str  # the KPJ joined to the account
    amount: int  # its JHT balance when it was joined (for the record)
    note: str
    at: datetime


@dataclass(frozen=True, slots=True)
class JhtAccountView:
    """A person's JHT account on a day: what the member page shows and a JHT claim reads."""

    person_id: int
    name: str
    on: date
    kpjs: tuple[str, ...]
    credits: tuple[CreditRow, ...]
    years: tuple[YearOfBalance, ...]  # the yearly returns of the balance that counts
    withdrawals: tuple[WithdrawalRow, ...]
    merges: tuple[MergeRow, ...]
    credited: int  # contributions that count (after the last full withdrawal)
    returns: int  # their yield, net of the yield lost with partial withdrawals
    withdrawn: int  # partial withdrawals taken from that balance
    lost_yield: int
    balance: int  # credited + returns − withdrawn
    closed_until: Period | None  # months up to this one were paid out by a full claim


def _person(session: Session, kpj: str) -> tuple[Person, Membership]:
    membership = membership_of_kpj(session, kpj)
    person = session.get(Person, membership.person_id)
    assert person is not None
    return person, membership


def _view(session: Session, person: Person, on: date) -> JhtAccountView:
    memberships = memberships_of(session, person.id)
    kpj_by_id = {m.id: m.kpj for m in memberships}
    months, jht, _since = contribution_months(session, memberships, on)
    withdrawals = withdrawals_of(session, person.id)
    account = jht_account(months.get(Programme.JHT, []), on, withdrawals)
    closed = account.closed_until
    credits = tuple(
        CreditRow(m.period, kpj, m.basis, jht_credit(m), closed is None or m.period > closed)
        for kpj, m in sorted(jht, key=lambda item: (item[1].period, item[0]))
    )
    rows = session.execute(
        select(JhtEntry, Claim.claim_no, Claim.claim_type)
        .outerjoin(Claim, Claim.id == JhtEntry.claim_id)
        .where(JhtEntry.person_id == person.id)
        .order_by(JhtEntry.period, JhtEntry.id)
    ).all()
    withdrawal_rows = tuple(
        WithdrawalRow(
            Period.parse(e.period), claim_no or "", claim_type,
            kpj_by_id.get(e.membership_id or 0, ""), -e.amount,
            Period.parse(e.covers_until) if e.covers_until else None,
        )
        for e, claim_no, claim_type in rows
        if e.kind is JhtEntryKind.WITHDRAWAL
    )  # fmt: skip
    merges = tuple(
        MergeRow(
            Period.parse(e.period), kpj_by_id.get(e.membership_id or 0, ""), e.amount, e.note,
            e.created_at,
        )
        for e, _no, _type in rows
        if e.kind is JhtEntryKind.MERGE
    )  # fmt: skip
    return JhtAccountView(
        person.id, person.name, on, tuple(m.kpj for m in memberships), credits, account.years,
        withdrawal_rows, merges, account.credits, account.returns, account.withdrawn,
        account.lost_yield, account.balance, closed,
    )  # fmt: skip


@scope.guarded
def account(
    db: Database, kpj: str, on: date | None = None, *, actor: Actor | None = None
) -> JhtAccountView:
    """The JHT account of the person holding *kpj* (any of their KPJs), on *on* (the office's today)."""
    scope.check(db, actor, "membership", kpj)
    with db.read() as session:
        person, _membership = _person(session, kpj)
        return _view(session, person, on or reference_date(session))


@scope.guarded
def account_of_person(
    db: Database, person_id: int, on: date | None = None, *, actor: Actor | None = None
) -> JhtAccountView:
    """The JHT account of the person *person_id* (seen if any of their KPJs is in *actor*'s
    scope), on *on* (the office's today)."""
    missing = _("Orang dengan id {id} tidak ada").format(id=person_id)
    with db.read() as session:
        person = scope.person_found_in_scope(session, actor, person_id, missing)
        return _view(session, person, on or reference_date(session))


# --- merging two KPJ cards -----------------------------------------------------------------------


def _check_mergeable(session: Session, kept_person: Person, kept: Membership,
                     joined_person: Person, joined: Membership) -> None:  # fmt: skip
    """Two cards of two persons born the same day, neither account closed by a full JHT."""
    if kept.id == joined.id:
        raise ValidationError.single("kpj", _("Kedua nomor KPJ sama"))
    if kept_person.id == joined_person.id:
        raise ConflictError(
            _(
                "KPJ {a} dan {b} sudah tercatat atas orang yang sama: saldo JHT-nya sudah satu"
            ).format(a=kept.kpj, b=joined.kpj)
        )
    if kept_person.birth_date != joined_person.birth_date:
        raise ValidationError.single(
            "kpj",
            _(
                "Tanggal lahir pemegang KPJ {a} dan KPJ {b} berbeda: periksa KTP sebelum "
                "menggabungkan"
            ).format(a=kept.kpj, b=joined.kpj),
        )
    # A full withdrawal closes every month of its person's account up to the month it paid;
    # joined to the other person's months it would close months never paid. Such a merge
    # (rare: a full JHT paid under one of the two records) is left to a correction at the
    # head office [unverified procedure].
    for holder, card in ((kept_person, kept), (joined_person, joined)):
        closed = [w for w in withdrawals_of(session, holder.id) if w.full]
        if closed:
            raise ValidationError.single(
                "kpj",
                _(
                    "Saldo JHT pemegang KPJ {kpj} sudah dibayar penuh pada klaim {no}: "
                    "penggabungan dengan saldo yang sudah ditutup perlu koreksi kantor pusat"
                ).format(kpj=card.kpj, no=closed[-1].claim_no),
            )


@scope.guarded
def merge_kpj(
    db: Database, actor: Actor, kept_kpj: str, joined_kpj: str, reason: str, on: date | None = None
) -> JhtAccountView:
    """Join the KPJ card *joined_kpj* to the JHT account of the person holding *kept_kpj*.

    A worker who shows two KPJ cards recorded under two persons (a NIK typed wrong at one
    registration) has one JHT account: the membership of *joined_kpj*, its claims and its
    withdrawals move to the person of *kept_kpj*, and a MERGE entry records the balance it brought.
    The two persons must share the birth date (the officer checks the cards against the KTP);
    *reason* is required; neither may have had a full JHT paid (see below). One audit event.
    """
    require(actor, "jht.merge")
    scope.check(db, actor, "membership", kept_kpj)
    scope.check(db, actor, "membership", joined_kpj)
    on = on or today_wib()
    note = " ".join(reason.split())
    if not note:
        raise ValidationError.single(
            "reason", _("Tuliskan dasar penggabungan (misalnya kartu KPJ dan KTP yang diperiksa)")
        )
    with db.write() as session:
        kept_person, kept = _person(session, kept_kpj)
        joined_person, joined = _person(session, joined_kpj)
        _check_mergeable(session, kept_person, kept, joined_person, joined)
        months, _jht, _since = contribution_months(session, [joined], on)
        brought = jht_account(
            months.get(Programme.JHT, []), on, withdrawals_of(session, joined_person.id)
        ).balance
        joined.person_id = kept_person.id
        moved = session.scalars(
            select(JhtEntry).where(
                JhtEntry.person_id == joined_person.id, JhtEntry.membership_id == joined.id
            )
        ).all()
        for entry in moved:
            entry.person_id = kept_person.id
        session.add(
            JhtEntry(
                person_id=kept_person.id,
                membership_id=joined.id,
                period=str(Period.of(on)),
                kind=JhtEntryKind.MERGE,
                amount=brought,
                note=note[:300],
                created_by=actor.user_id,
                created_at=utcnow(),
            )
        )
        session.flush()
        audit.record(
            session, actor, "jht.merge", "person", kept_person.id,
            {"kpj": kept.kpj, "joined_kpj": joined.kpj, "from_person_id": joined_person.id,
             "balance": brought, "entries_moved": len(moved), "reason": note, "on": on},
        )  # fmt: skip
        return _view(session, kept_person, on)
