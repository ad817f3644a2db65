"""Users, passwords, sign-in and what each role may do."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from bpjs_desktop.db.models import Kpi, Role, User
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import Period
from bpjs_desktop.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from bpjs_desktop.services import auth, claims, contributions, targets
from bpjs_desktop.services.auth import AuthenticationError
from bpjs_desktop.services.claims import ClaimInput
from bpjs_desktop.services.context import PERMISSIONS, require
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
    """The stored password is a salted scrypt hash, different for two users with one password."""
    add(db, admin, username="budi")
    add(db, admin, username="siti")
    with db.read() as session:
        hashes = list(session.scalars(select(User.password_hash)))
    assert all(h.startswith("scrypt$") and PASSWORD not in h for h in hashes)
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


def test_permission_error_names_the_action(db, make_user):
    """The refusal tells the user which action their role lacks."""
    officer = make_user(Role.PELAYANAN, "GRS")
    with pytest.raises(PermissionDeniedError) as exc:
        require(officer, "target.set")
    assert "target.set" in str(exc.value)


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
def test_administrator_may_do_everything(admin, action):
    """The ADMIN role passes every permission check."""
    require(admin, action)


def test_user_management_is_for_administrators_only():
    """No other role is listed for user.manage."""
    assert PERMISSIONS["user.manage"] == frozenset()
