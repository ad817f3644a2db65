"""Users, passwords, sign-in and what each role may do."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bpjs_desktop.db.models import Kpi, Role, User
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from bpjs_desktop.services import audit, auth, claims, contributions, targets
from bpjs_desktop.services.auth import AuthenticationError
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.context import ACTION_LABELS, PERMISSIONS, Actor, allowed, require
from bpjs_desktop.services.targets import TargetRow

PASSWORD = "rahasia-123"


def user_count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(User))


def add(db, admin, username="budi", password=PASSWORD, **kwargs):
    values = {"full_name": "Budi Santoso", "role": Role.PELAYANAN, "office_code": "GRS"}
    values.update(kwargs)
    return auth.add_user(db, admin, username=username, password=password, **values)


# --- adding users ----------------------------------------------------------------------------------


def test_added_user_can_sign_in_with_role_and_office(db, admin):
    """A new user signs in and acts with the role and office given."""
    row = add(db, admin, username="budi", role=Role.AR, office_code="sda")
    assert (row.username, row.role, row.office_code, row.active) == ("budi", Role.AR, "SDA", True)
    actor = auth.authenticate(db, "budi", PASSWORD)
    assert actor.user_id == row.id
    assert actor.role is Role.AR
    assert actor.full_name == "Budi Santoso"
    assert actor.office_id is not None
    assert [u.username for u in auth.list_users(db)] == ["budi"]


def test_username_is_stored_in_lower_case_and_sign_in_ignores_case(db, admin):
    """ "Budi.S" is stored as "budi.s"; signing in as "BUDI.S" works."""
    assert add(db, admin, username="  Budi.S ").username == "budi.s"
    assert auth.authenticate(db, "BUDI.S", PASSWORD).username == "budi.s"


@pytest.mark.parametrize(
    "username",
    ["ab", "1budi", "budi santoso", "budi@kc", "_budi", "", "b" * 41, "búdi"],
)
def test_bad_username_is_refused(db, admin, username):
    """Usernames are 3–40 characters of a–z, digits, . _ -, starting with a letter."""
    with pytest.raises(ValidationError) as exc:
        add(db, admin, username=username)
    assert exc.value.field == "username"
    assert user_count(db) == 0


@pytest.mark.parametrize("username", ["abc", "budi.s", "ar_grs-01", "b" * 40])
def test_good_username_is_accepted(db, admin, username):
    """Boundary and punctuation cases that follow the rules are accepted."""
    assert add(db, admin, username=username).username == username


def test_password_shorter_than_8_is_refused(db, admin):
    """A 7-character password is refused on the password field; 8 characters is enough."""
    with pytest.raises(ValidationError) as exc:
        add(db, admin, password="1234567")
    assert exc.value.field == "password"
    assert user_count(db) == 0
    add(db, admin, password="12345678")
    assert auth.authenticate(db, "budi", "12345678")


def test_full_name_is_required(db, admin):
    """A blank full name is refused on full_name."""
    with pytest.raises(ValidationError) as exc:
        add(db, admin, full_name="   ")
    assert exc.value.field == "full_name"


def test_unknown_office_is_refused(db, admin):
    """An office code that does not exist is refused; no user is created."""
    with pytest.raises(ValidationError) as exc:
        add(db, admin, office_code="XYZ")
    assert exc.value.field == "office"
    assert user_count(db) == 0


def test_user_without_office_works_for_the_region(db, admin):
    """A user with no office (regional staff) is allowed."""
    row = add(db, admin, office_code=None)
    assert row.office_code is None
    assert auth.authenticate(db, "budi", PASSWORD).office_id is None


def test_username_taken_is_refused(db, admin):
    """A second user with the same name (any case) is refused with ConflictError."""
    add(db, admin, username="budi")
    with pytest.raises(ConflictError):
        add(db, admin, username="BUDI", full_name="Budi Lain")
    assert user_count(db) == 1


def test_password_is_not_stored_in_clear(db, admin):
    """The stored password is a salted Argon2id hash at OWASP's parameters (m = 19 MiB = 19456
    KiB, t = 2, p = 1), different for two users with one password."""
    add(db, admin, username="budi")
    add(db, admin, username="siti")
    with db.read() as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert all(h.startswith("$argon2id$v=19$m=19456,t=2,p=1$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)
    assert hashes[0] != hashes[1]


# --- signing in ------------------------------------------------------------------------------------


def test_wrong_password_is_refused(db, admin):
    """A wrong password raises AuthenticationError."""
    add(db, admin)
    with pytest.raises(AuthenticationError):
        auth.authenticate(db, "budi", "rahasia-124")


def test_unknown_user_gets_the_same_message_as_a_wrong_password(db, admin):
    """An unknown username fails exactly like a wrong password (nothing to learn from it)."""
    add(db, admin)
    with pytest.raises(AuthenticationError) as unknown:
        auth.authenticate(db, "tidakada", PASSWORD)
    with pytest.raises(AuthenticationError) as wrong:
        auth.authenticate(db, "budi", "salah-salah")
    assert str(unknown.value) == str(wrong.value)


def test_disabled_account_cannot_sign_in_until_enabled(db, admin):
    """A disabled account is refused with the right password; enabling it lets it in again."""
    add(db, admin)
    auth.set_active(db, admin, "budi", False)
    with pytest.raises(AuthenticationError) as exc:
        auth.authenticate(db, "budi", PASSWORD)
    assert "budi" in str(exc.value)
    assert [u.active for u in auth.list_users(db)] == [False]
    auth.set_active(db, admin, "budi", True)
    assert auth.authenticate(db, "budi", PASSWORD).username == "budi"


def test_disabled_account_with_wrong_password_does_not_reveal_it_is_disabled(db, admin):
    """A wrong password on a disabled account gets the plain wrong-password message."""
    add(db, admin)
    auth.set_active(db, admin, "budi", False)
    with pytest.raises(AuthenticationError) as exc:
        auth.authenticate(db, "budi", "salah-salah")
    assert "budi" not in str(exc.value)


# --- resisting guesses ----------------------------------------------------------------------------

T0 = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


def fail(db, username="budi", at=T0, password="salah-salah"):
    """One failed attempt at *at*; the error it raised."""
    with pytest.raises(AuthenticationError) as exc:
        auth.authenticate(db, username, password, now=at)
    return exc.value


def fail_spaced(db, times: int, username="budi", start=T0) -> datetime:
    """*times* failed attempts, each after the previous one's wait; the moment of the last."""
    at = start
    for n in range(times):
        if n:
            at += auth.retry_delay(n)
        fail(db, username, at)
    return at


def user_events(db, action: str) -> list[audit.AuditRow]:
    return [e for e in audit.recent(db, limit=1000) if e.action == action]


def test_a_stored_scrypt_hash_still_signs_in_and_is_upgraded_to_argon2id(db, admin):
    """A user whose password an earlier version hashed with scrypt signs in; the hash is then
    Argon2id, the password still works, and the upgrade is one audit event."""
    import base64
    import hashlib

    add(db, admin)
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1)
    old = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    with db.write() as session:
        session.scalar(select(User).where(User.username == "budi")).password_hash = old
    fail(db)  # a wrong password against the old hash is still refused, nothing upgraded
    with db.read() as session:
        assert session.scalar(select(User.password_hash)) == old

    assert auth.authenticate(db, "budi", PASSWORD, now=T0 + timedelta(minutes=1)).username == "budi"
    with db.read() as session:
        stored = session.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert auth.authenticate(db, "budi", PASSWORD).username == "budi"
    [event] = user_events(db, "user.rehash")
    assert event.detail == {"username": "budi", "from": "scrypt", "to": "argon2id"}


def test_each_failure_waits_longer_before_the_next_attempt(db, admin):
    """No wait after the first failure (a typo); then 2, 4, 8 seconds. An attempt during the wait
    is refused without trying the password, even the right one, and is not counted."""
    add(db, admin)
    assert fail(db, at=T0).retry_after == 0
    second = fail(db, at=T0 + timedelta(seconds=1))
    assert second.retry_after == 2
    assert "Tunggu 2 detik" in second.message
    early = fail(db, at=T0 + timedelta(seconds=2), password=PASSWORD)
    # Second failure at 1 s, a 2 s wait: free again at 3 s, so at 2 s one second is left.
    assert early.retry_after == 1
    assert (
        early.message == "Terlalu banyak percobaan yang gagal. Tunggu 1 detik sebelum mencoba lagi."
    )
    third = fail(db, at=T0 + timedelta(seconds=3))  # the wait is over; the early try not counted
    assert third.retry_after == 4
    # Third failure at 3 s, a 4 s wait: the right password works at 7 s.
    assert auth.authenticate(db, "budi", PASSWORD, now=T0 + timedelta(seconds=7)).username == "budi"
    # A success forgets the failures: the next failure waits nothing again.
    assert fail(db, at=T0 + timedelta(seconds=8)).retry_after == 0


def test_the_fifth_failure_locks_the_account_for_15_minutes(db, admin):
    """Five failures in a row lock the account: even the right password is refused, with a
    message naming the time; after 15 minutes it signs in again."""
    add(db, admin)
    last = fail_spaced(db, 4)
    locked = fail(db, at=last + timedelta(seconds=8))
    assert isinstance(locked, auth.AccountLockedError)
    assert locked.until == last + timedelta(seconds=8) + timedelta(minutes=15)
    assert "dikunci sampai pukul" in locked.message
    refused = fail(db, at=last + timedelta(minutes=10), password=PASSWORD)
    assert isinstance(refused, auth.AccountLockedError)
    later = locked.until + timedelta(seconds=1)
    assert auth.authenticate(db, "budi", PASSWORD, now=later).username == "budi"


def test_after_a_lock_runs_out_the_count_starts_again(db, admin):
    """A lock that ran out leaves no debt: one more failure is a first failure, not a new lock."""
    add(db, admin)
    last = fail_spaced(db, 5)
    after = last + timedelta(minutes=16)
    error = fail(db, at=after)
    assert not isinstance(error, auth.AccountLockedError)
    assert error.retry_after == 0


def test_an_administrator_unlocks_an_account(db, admin, make_user):
    """'user unlock' lifts the lock at once and is one audit event; only an administrator may."""
    add(db, admin)
    fail_spaced(db, 5, start=datetime.now(UTC) - timedelta(seconds=30))
    with pytest.raises(auth.AccountLockedError):
        auth.authenticate(db, "budi", PASSWORD)
    staff = make_user(Role.PELAYANAN, "GRS", "pelayanan.lain")
    with pytest.raises(PermissionDeniedError):
        auth.unlock(db, staff, "budi")
    assert auth.unlock(db, admin, "budi") is True
    assert auth.authenticate(db, "budi", PASSWORD).username == "budi"
    [event] = user_events(db, "user.unlock")
    assert event.detail == {"username": "budi", "was_locked": True}
    with pytest.raises(NotFoundError):
        auth.unlock(db, admin, "tidakada")


def test_the_claimed_actor_is_the_one_a_right_password_signs_in_and_claiming_writes_nothing(
    db, admin
):
    """What the sign-in dialog builds the window for while the password is checked: the actor
    the right password then signs in, with nothing written (no failure counted, no audit
    event); nobody for an unknown name, a disabled account, one waiting after failures or a
    locked one."""
    add(db, admin, username="budi", role=Role.AR, office_code="sda")
    events = len(audit.recent(db, limit=1000))
    claimed = auth.claimed_actor(db, " BUDI ", now=T0)
    assert len(audit.recent(db, limit=1000)) == events
    assert claimed == auth.authenticate(db, "budi", PASSWORD, now=T0)
    assert auth.claimed_actor(db, "tidakada") is None

    fail(db, at=T0 + timedelta(seconds=1))
    fail(db, at=T0 + timedelta(seconds=2))  # the second failure in a row: a 2 s wait
    assert auth.claimed_actor(db, "budi", now=T0 + timedelta(seconds=3)) is None
    assert auth.claimed_actor(db, "budi", now=T0 + timedelta(seconds=4)) == claimed
    last = fail_spaced(db, 5, start=T0 + timedelta(seconds=10))
    assert auth.claimed_actor(db, "budi", now=last + timedelta(minutes=1)) is None  # locked

    add(db, admin, username="siti")
    auth.set_active(db, admin, "siti", False)
    assert auth.claimed_actor(db, "siti") is None


def test_failures_and_the_lockout_are_audited_without_the_password(db, admin):
    """Each failure is a 'user.login_failed' event and the lock a 'user.lockout' event; no event
    holds a password typed, and an unknown name typed is not kept either."""
    add(db, admin)
    typed = ["tebakan-1", "tebakan-2", "tebakan-3", "tebakan-4", "tebakan-5"]
    at = T0
    for n, guess in enumerate(typed):
        if n:
            at += auth.retry_delay(n)
        fail(db, at=at, password=guess)
    fail(db, "sandi-di-kolom-nama", at=at, password="x")
    failures = user_events(db, "user.login_failed")
    assert [e.detail.get("failures") for e in failures] == [None, 5, 4, 3, 2, 1]
    assert failures[0].detail == {"reason": "unknown_user"}
    assert {e.username for e in failures} == {"anonim"}
    [lockout] = user_events(db, "user.lockout")
    assert lockout.detail["username"] == "budi" and lockout.detail["failures"] == 5
    details = " ".join(str(e.detail) for e in audit.recent(db, limit=1000))
    assert not [t for t in [*typed, "sandi-di-kolom-nama"] if t in details]
    assert audit.verify(db).ok


# --- passwords ----------------------------------------------------------------------------------


def test_set_password_replaces_the_old_one(db, admin):
    """After a password change the new password works and the old one does not."""
    add(db, admin)
    auth.set_password(db, admin, "budi", "sandi-baru-99")
    assert auth.authenticate(db, "budi", "sandi-baru-99").username == "budi"
    with pytest.raises(AuthenticationError):
        auth.authenticate(db, "budi", PASSWORD)


def test_set_password_refuses_a_short_one_and_keeps_the_old(db, admin):
    """A new password under 8 characters is refused; the old one still works."""
    add(db, admin)
    with pytest.raises(ValidationError) as exc:
        auth.set_password(db, admin, "budi", "pendek")
    assert exc.value.field == "password"
    assert auth.authenticate(db, "budi", PASSWORD)


def test_set_password_of_an_unknown_user_is_not_found(db, admin):
    """Changing the password of a user who does not exist reports it."""
    with pytest.raises(NotFoundError):
        auth.set_password(db, admin, "tidakada", "sandi-baru-99")


def test_only_an_administrator_manages_users(db, admin, make_user):
    """A head of office may not add users, change passwords or disable accounts."""
    kepala = make_user(Role.KEPALA, "GRS", "kepala.grs")
    add(db, admin, username="budi")
    with pytest.raises(PermissionDeniedError):
        add(db, kepala, username="siti")
    with pytest.raises(PermissionDeniedError):
        auth.set_password(db, kepala, "budi", "sandi-baru-99")
    with pytest.raises(PermissionDeniedError):
        auth.set_active(db, kepala, "budi", False)
    assert user_count(db) == 2
    assert auth.authenticate(db, "budi", PASSWORD)


# --- first administrator ----------------------------------------------------------------------


def test_first_administrator_of_an_empty_database(db):
    """On an empty database the first administrator is created and can sign in as ADMIN."""
    assert auth.user_count(db) == 0
    row = auth.create_first_admin(db, username="admin", full_name="Admin KC", password=PASSWORD)
    assert row.role is Role.ADMIN
    assert auth.authenticate(db, "admin", PASSWORD).role is Role.ADMIN


def test_first_administrator_is_refused_once_a_user_exists(db):
    """A second "first administrator" is refused: nobody takes over a database that way."""
    auth.create_first_admin(db, username="admin", full_name="Admin KC", password=PASSWORD)
    with pytest.raises(ConflictError):
        auth.create_first_admin(db, username="penyusup", full_name="Penyusup", password=PASSWORD)
    assert auth.user_count(db) == 1


def test_first_administrator_is_refused_when_any_user_exists(db, admin):
    """Even a non-admin user already present blocks the first-administrator path."""
    add(db, admin, role=Role.PELAYANAN)
    with pytest.raises(ConflictError):
        auth.create_first_admin(db, username="admin", full_name="Admin KC", password=PASSWORD)


def test_first_administrator_follows_the_same_rules(db):
    """The first administrator's username and password are checked like any other."""
    with pytest.raises(ValidationError):
        auth.create_first_admin(db, username="admin", full_name="Admin KC", password="pendek")
    assert auth.user_count(db) == 0


# --- permissions -------------------------------------------------------------------------------


def test_front_office_staff_cannot_set_targets(db, make_user):
    """PELAYANAN setting targets gets PermissionDeniedError; nothing is written."""
    officer = make_user(Role.PELAYANAN, "GRS")
    with pytest.raises(PermissionDeniedError):
        targets.set_targets(db, officer, [TargetRow("GRS", Kpi.TK_PU, "2018-01", 100)])
    assert targets.targets_for(db, 2018) == []


def test_account_representative_cannot_log_claims(db, make_user, make_employer, make_worker):
    """An AR may not take in claims."""
    worker = make_worker(employer_npp=make_employer().npp, start_date=date(2018, 1, 2))
    with pytest.raises(PermissionDeniedError):
        claims.log_claim(
            db,
            make_user(Role.AR, "GRS"),
            ClaimInput(
                kpj=worker.kpj,
                claim_type=ClaimType.JHT_PENUH,
                event_date=date(2018, 3, 1),
                submitted_on=date(2018, 3, 2),
            ),
        )


def test_inspector_cannot_bill(db, make_user, make_employer, make_worker):
    """A PEMERIKSA may not create monthly bills."""
    employer = make_employer()
    make_worker(employer_npp=employer.npp)
    with pytest.raises(PermissionDeniedError):
        contributions.bill_month(
            db, make_user(Role.PEMERIKSA, "GRS"), employer.npp, Period(2018, 4)
        )


def test_permission_error_names_the_action_in_words(db, make_user):
    """The refusal says in words what the role may not do, never the internal code (issue #13)."""
    officer = make_user(Role.PELAYANAN, "GRS")
    with pytest.raises(PermissionDeniedError) as exc:
        require(officer, "month.close")
    assert str(exc.value) == "Peran Petugas pelayanan tidak berwenang menutup bulan laporan."
    assert "month.close" not in str(exc.value)


def test_every_action_has_a_label_and_allowed_agrees_with_require(make_user):
    """Each permission has words for its refusal; ``allowed`` answers what ``require`` enforces."""
    assert set(ACTION_LABELS) == set(PERMISSIONS)
    for role in Role:
        actor = Actor(None, "x", "X", role, None)
        for action in PERMISSIONS:
            if allowed(actor, action):
                require(actor, action)
            else:
                with pytest.raises(PermissionDeniedError):
                    require(actor, action)


def test_users_for_lists_users_for_the_administrator_only(db, admin, make_user):
    """The window's list is the administrator's; a head of office is refused."""
    kepala = make_user(Role.KEPALA, "GRS", "kepala.grs")
    assert [u.username for u in auth.users_for(db, admin)] == ["kepala.grs"]
    with pytest.raises(PermissionDeniedError):
        auth.users_for(db, kepala)


def test_set_role_moves_a_user_to_another_role_and_office_audited(db, admin):
    """A new role and office take effect at the next sign-in and are in the audit trail."""
    add(db, admin, username="budi", role=Role.PELAYANAN, office_code="GRS")
    row = auth.set_role(db, admin, "budi", role=Role.AR, office_code="sda")
    assert (row.role, row.office_code) == (Role.AR, "SDA")
    signed_in = auth.authenticate(db, "budi", PASSWORD)
    assert signed_in.role is Role.AR
    assert len(user_events(db, "user.role")) == 1


def test_the_last_active_administrator_cannot_be_disabled_or_demoted(db, admin, make_user):
    """Nobody could manage users from the window any more: refused, nothing changes."""
    admin2 = make_user(Role.ADMIN, None, "admin2")
    with pytest.raises(ConflictError):
        auth.set_active(db, admin, "admin2", False)
    with pytest.raises(ConflictError):
        auth.set_role(db, admin, "admin2", role=Role.KEPALA, office_code=None)
    assert auth.authenticate(db, "admin2", PASSWORD).role is Role.ADMIN
    # With a second administrator, admin2 still cannot disable their own account.
    make_user(Role.ADMIN, None, "admin3")
    with pytest.raises(ConflictError):
        auth.set_active(db, admin2, "admin2", False)
    auth.set_active(db, admin2, "admin3", False)
    assert [u.active for u in auth.list_users(db) if u.username == "admin3"] == [False]


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_administrator_may_do_everything(admin, action):
    """The ADMIN role passes every permission check."""
    require(admin, action)


def test_user_management_is_for_administrators_only():
    """No other role is listed for user.manage."""
    assert PERMISSIONS["user.manage"] == frozenset()
