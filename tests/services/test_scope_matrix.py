"""Role × action × scope (issue #11): in the own offices allowed, elsewhere "not found" and
audited; the regional roles read everything and do no front-office writes.

On the ``db`` fixture: SQLite, and PostgreSQL in CI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Role
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import Segment, SizeClass
from bpjs_desktop.errors import NotFoundError, PermissionDeniedError
from bpjs_desktop.services import (
    contributions,
    directory,
    employer_registry,
    employer_view,
    member_changes,
    membership_common,
    worker_registry,
)
from bpjs_desktop.services.context import Actor
from tests.conftest import fresh_nik
from tests.helpers import refusals

# What each action does with a record (an employer, and one of its workers) of an office.
ACTIONS: dict[
    str,
    Callable[[Database, Actor, membership_common.EmployerRow, membership_common.WorkerRow], Any],
] = {
    "open the employer page": lambda db, a, e, w: employer_view.overview(db, e.npp, actor=a),
    "open the member": lambda db, a, e, w: worker_registry.get_member_detail(db, w.kpj, actor=a),
    "find the member by KPJ": lambda db, a, e, w: (
        directory.search(db, w.kpj, actor=a) or _raise(NotFoundError("tidak ada"))
    ),
    "correct the member's phone": lambda db, a, e, w: member_changes.update_worker(
        db, a, w.kpj, person=membership_common.PersonChanges(phone="081234567890")
    ),
    "record a payment": lambda db, a, e, w: contributions.record_payment(
        db, a, e.npp, 1_000, date(2018, 4, 2)
    ),
}
# Which roles the permission table lets do the writes at all (services/context.py).
WRITERS = {
    "correct the member's phone": {Role.KEPALA, Role.PELAYANAN, Role.AR},
    "record a payment": {Role.KEPALA, Role.AR},
}
BRANCH_ROLES = (Role.KEPALA, Role.PELAYANAN, Role.AR, Role.PEMERIKSA)
REGIONAL_ROLES = (Role.KEPALA_KANWIL, Role.STAF_KANWIL)


def _raise(error: Exception) -> Any:
    raise error


@pytest.fixture
def records(make_employer, make_worker) -> dict[str, tuple[Any, Any]]:
    """An employer and its worker at KC Gresik (own) and at KC Sidoarjo (elsewhere)."""
    found = {}
    for where, code, regency in (("own", "GRS", "3525"), ("elsewhere", "SDA", "3515")):
        employer = make_employer(office_code=code, regency_code=regency)
        worker = make_worker(employer_npp=employer.npp)
        found[where] = (employer, worker)
    return found


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", BRANCH_ROLES)
def test_a_branch_role_acts_in_its_own_offices_only(db, make_user, records, role, action) -> None:
    actor = make_user(role, "GRS")
    do = ACTIONS[action]
    allowed = role in WRITERS.get(action, set(Role))
    own_employer, own_worker = records["own"]
    if allowed:
        do(db, actor, own_employer, own_worker)
    else:
        with pytest.raises(PermissionDeniedError):
            do(db, actor, own_employer, own_worker)
    before = refusals(db)
    other_employer, other_worker = records["elsewhere"]
    if not allowed:
        with pytest.raises(PermissionDeniedError):  # the role first: nothing to refuse by scope
            do(db, actor, other_employer, other_worker)
        return
    with pytest.raises(NotFoundError) as caught:
        do(db, actor, other_employer, other_worker)
    assert "tidak ada" in caught.value.message
    if action != "find the member by KPJ":  # a search that finds nothing is not a refusal
        assert refusals(db) == before + 1


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", REGIONAL_ROLES)
def test_the_regional_office_reads_everything_and_writes_no_front_office_record(
    db, make_user, records, role, action
) -> None:
    actor = make_user(role, "JTM")
    do = ACTIONS[action]
    for employer, worker in records.values():
        if action in WRITERS:
            with pytest.raises(PermissionDeniedError):
                do(db, actor, employer, worker)
        else:
            do(db, actor, employer, worker)
    assert refusals(db) == 0


def test_a_kcp_officer_sees_the_kcp_and_a_branch_head_its_kcps(db, make_user, make_employer):
    """KCP Jombang (JBG) is under KC Mojokerto (MJK): Mojokerto's head opens Jombang's
    employer; Jombang's officer does not open Mojokerto's."""
    jombang = make_employer(office_code="JBG", regency_code="3517")
    mojokerto = make_employer(office_code="MJK", regency_code="3516")
    head = make_user(Role.KEPALA, "MJK")
    officer = make_user(Role.AR, "JBG")
    assert employer_view.overview(db, jombang.npp, actor=head).summary.npp == jombang.npp
    assert employer_view.overview(db, jombang.npp, actor=officer).summary.npp == jombang.npp
    with pytest.raises(NotFoundError):
        employer_view.overview(db, mojokerto.npp, actor=officer)


def test_a_branch_cannot_register_for_another_branch(db, make_user, make_employer) -> None:
    """KC Gresik's head registers an employer or a worker for KC Sidoarjo: the office (and the
    employer) "does not exist" for them, nothing is written, and the attempt is audited."""
    head = make_user(Role.KEPALA, "GRS")
    sidoarjo_employer = make_employer(office_code="SDA", regency_code="3515")
    before = refusals(db)
    with pytest.raises(NotFoundError):
        employer_registry.register_employer(
            db, head,
            membership_common.EmployerInput(
                name="PT Lain Cabang", kbli="10710", size_class=SizeClass.MENENGAH,
                office_code="SDA", regency_code="3515", registered_on=date(2017, 1, 2),
            ),
        )  # fmt: skip
    with pytest.raises(NotFoundError):
        worker_registry.register_worker(
            db, head,
            membership_common.WorkerInput(
                nik=fresh_nik(), name="Budi Santoso", birth_date=date(1990, 5, 15),
                sex=Sex.L, segment=Segment.PU,
                start_date=date(2018, 1, 2), wage=4_000_000, employer_npp=sidoarjo_employer.npp,
            ),
        )  # fmt: skip
    assert refusals(db) == before + 2


def test_a_name_search_finds_the_own_branchs_namesakes_only(
    db, make_user, make_employer, make_worker
) -> None:
    """Two members named ZULKARNAEN WIBISONO, one in Gresik, one in Sidoarjo: Gresik's officer
    typing "zulk wibi" gets the Gresik one (the office condition is in the name query, on both
    databases' full-text index, before its limit); the regional staff both."""
    gresik = make_employer(office_code="GRS", regency_code="3525")
    sidoarjo = make_employer(office_code="SDA", regency_code="3515")
    own = make_worker(employer_npp=gresik.npp, name="Zulkarnaen Wibisono")
    make_worker(employer_npp=sidoarjo.npp, name="Zulkarnaen Wibisono")
    officer = make_user(Role.PELAYANAN, "GRS")
    staff = make_user(Role.STAF_KANWIL, "JTM")
    assert [h.key for h in directory.search(db, "zulk wibi", actor=officer)] == [own.kpj]
    assert len(directory.search(db, "zulk wibi", actor=staff)) == 2
