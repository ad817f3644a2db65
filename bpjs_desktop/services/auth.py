"""Users, roles, passwords (Argon2id) and a sign-in that resists guessing.

Passwords are hashed with Argon2id at the parameters OWASP's Password Storage Cheat Sheet gives
as its minimum (m = 19 MiB, t = 2, p = 1): about 40 ms per hash here, what scrypt cost before, so
tests need no cheaper set. Hashes stored by earlier versions (scrypt) still verify and are
replaced by an Argon2id hash at the next successful sign-in.

Guessing is slowed per account: after the second failure in a row the next attempt must wait
2, 4, 8 seconds (attempts during the wait are refused without looking at the password), and the
fifth failure locks the account for 15 minutes, or until an administrator runs
``bpjs-desktop user unlock NAME``. Each failure and each lock-out is an audit event (``user.``
actions, which the monthly facts treat as inert); the password typed never is, nor the name typed
for an unknown account (it is often a password typed into the wrong field).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Office, Role, User
from bpjs_desktop.errors import (
    ConflictError,
    FieldError,
    KnownError,
    NotFoundError,
    ValidationError,
)
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import ROLE_LABELS, Actor, require

# OWASP Password Storage Cheat Sheet, Argon2id: "a minimum configuration of 19 MiB of memory, an
# iteration count of 2, and 1 degree of parallelism".
_ARGON2 = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_PASSWORD = 8
MAX_FAILURES = 5  # the fifth failure in a row locks the account
LOCKOUT = timedelta(minutes=15)
_USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")
# Nobody has signed in when a sign-in fails: the audit events of failures are by "anonim".
_ANONYMOUS = Actor(None, "anonim", "Anonim", Role.PELAYANAN, None)
_dummy_hash: str | None = None


def hash_password(password: str) -> str:
    return _ARGON2.hash(password)


def check_password(password: str, stored: str) -> bool:
    """Whether *password* matches *stored*, an Argon2id hash or an older scrypt one."""
    if stored.startswith("$argon2"):
        try:
            return _ARGON2.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
    )
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def needs_rehash(stored: str) -> bool:
    """A stored hash that is not Argon2id at today's parameters (replaced at the next sign-in)."""
    if not stored.startswith("$argon2id$"):
        return True
    try:
        return _ARGON2.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def retry_delay(failures: int) -> timedelta:
    """How long the next attempt waits after *failures* failures in a row: none after the first
    (a typo), then 2, 4, 8 seconds."""
    return timedelta(seconds=0 if failures < 2 else 2 ** (failures - 1))


class AuthenticationError(KnownError):
    """Wrong username or password, a disabled or locked account, or an attempt made too soon.

    ``retry_after`` is how many seconds the next attempt on this account must wait (0: at once).
    """

    def __init__(self, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AccountLockedError(AuthenticationError):
    """Too many failures in a row: the account is locked until ``until`` (UTC)."""

    def __init__(self, username: str, until: datetime) -> None:
        local = until.astimezone().strftime("%H:%M")
        super().__init__(
            _(
                "Akun {username} dikunci sampai pukul {time} karena {n} kali gagal masuk "
                "berturut-turut. Coba lagi setelah itu, atau minta administrator membukanya."
            ).format(username=username, time=local, n=MAX_FAILURES)
        )
        self.until = until


def _wait_message(seconds: int) -> str:
    return _("Terlalu banyak percobaan yang gagal. Tunggu {n} detik sebelum mencoba lagi.").format(
        n=seconds
    )


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: Role
    office_code: str | None
    active: bool
    locked_until: datetime | None = None  # set while the account is locked after failures

    @property
    def role_label(self) -> str:
        return _(ROLE_LABELS[self.role])


def _validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError.single(
            "password", _("Kata sandi paling sedikit {n} karakter").format(n=MIN_PASSWORD)
        )


def check_new_user(username: str, full_name: str, password: str) -> list[FieldError]:
    """Every rule a new account's fields break (all at once, for a form to show beside them)."""
    errors: list[FieldError] = []
    if not _USERNAME_RE.match(username.strip().lower()):
        errors.append(
            FieldError(
                "username",
                _(
                    "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf"
                ),
            )
        )
    if not full_name.strip():
        errors.append(FieldError("full_name", _("Nama lengkap wajib diisi")))
    if len(password) < MIN_PASSWORD:
        errors.append(
            FieldError(
                "password", _("Kata sandi paling sedikit {n} karakter").format(n=MIN_PASSWORD)
            )
        )
    return errors


def add_user(
    db: Database,
    actor: Actor,
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str,
    office_code: str | None = None,
) -> UserRow:
    require(actor, "user.manage")
    username = username.strip().lower()
    errors = check_new_user(username, full_name, password)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise ConflictError(
                _("Nama pengguna {username} sudah dipakai").format(username=username)
            )
        office_id = _office_id(session, office_code)
        user = User(
            username=username,
            full_name=full_name.strip(),
            role=role,
            office_id=office_id,
            password_hash=hash_password(password),
            active=True,
        )
        session.add(user)
        session.flush()
        audit.record(
            session, actor, "user.add", "user", user.id, {"username": username, "role": role}
        )
        return UserRow(
            user.id, username, user.full_name, role, office_code and office_code.upper(), True
        )


def set_password(db: Database, actor: Actor, username: str, password: str) -> None:
    require(actor, "user.manage")
    _validate_password(password)
    with db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFoundError(_("Pengguna {username} tidak ada").format(username=username))
        user.password_hash = hash_password(password)
        audit.record(session, actor, "user.passwd", "user", user.id, {"username": user.username})


def set_active(db: Database, actor: Actor, username: str, active: bool) -> None:
    """Enable or disable an account; the administrator cannot disable their own account, nor
    the last active administrator (nobody could then manage users from the window)."""
    require(actor, "user.manage")
    with db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFoundError(_("Pengguna {username} tidak ada").format(username=username))
        if not active:
            _refuse_removing_admin(session, actor, user)
        user.active = active
        audit.record(
            session, actor, "user.enable" if active else "user.disable", "user", user.id,
            {"username": user.username},
        )  # fmt: skip


def set_role(
    db: Database, actor: Actor, username: str, *, role: Role, office_code: str | None
) -> UserRow:
    """Give *username* another role or office (audited as ``user.role``)."""
    require(actor, "user.manage")
    with db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFoundError(_("Pengguna {username} tidak ada").format(username=username))
        if role is not Role.ADMIN:
            _refuse_removing_admin(session, actor, user)
        office_id = _office_id(session, office_code)
        before = {"role": user.role, "office_id": user.office_id}
        user.role, user.office_id = role, office_id
        audit.record(
            session, actor, "user.role", "user", user.id,
            {"username": user.username, "before": before, "role": role, "office_id": office_id},
        )  # fmt: skip
        return UserRow(
            user.id, user.username, user.full_name, role,
            office_code.upper() if office_code else None, user.active,
        )  # fmt: skip


def _office_id(session: Session, office_code: str | None) -> int | None:
    if not office_code:
        return None
    office_id = session.scalar(select(Office.id).where(Office.code == office_code.upper()))
    if office_id is None:
        raise ValidationError.single(
            "office", _("Kantor dengan kode {code} tidak ada").format(code=office_code)
        )
    return int(office_id)


def _refuse_removing_admin(session: Session, actor: Actor, user: User) -> None:
    """Refuse to take away the signed-in administrator's own access or the last administrator's."""
    if user.role is not Role.ADMIN or not user.active:
        return
    if actor.user_id is not None and user.id == actor.user_id:
        raise ConflictError(
            _("Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri")
        )
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise ConflictError(
            _(
                "{username} adalah satu-satunya administrator aktif; tambahkan administrator lain dulu"
            ).format(username=user.username)
        )


def authenticate(
    db: Database, username: str, password: str, *, now: datetime | None = None
) -> Actor:
    """The actor for a correct username and password of an active, unlocked account.

    A failure is recorded (on the account and in the audit trail) before the error is raised;
    *now* is for tests (default: the current time).

    Raises:
        AuthenticationError: wrong name or password (``retry_after`` says how long the next
            attempt waits), an attempt during that wait, or a disabled account.
        AccountLockedError: the account is locked after too many failures.
    """
    now = now or datetime.now(UTC)
    failure: AuthenticationError | None = None
    with db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            check_password(password, _dummy())  # as slow as a real check: no hint by timing
            audit.record(
                session, _ANONYMOUS, "user.login_failed", "user", "", {"reason": "unknown_user"}
            )
            failure = AuthenticationError(_("Nama pengguna atau kata sandi salah"))
        else:
            if user.locked_until is not None:
                if now < user.locked_until:
                    raise AccountLockedError(user.username, user.locked_until)
                user.failed_logins, user.locked_until = 0, None  # the lock has run out
            wait = _remaining(user, now)
            if wait:
                raise AuthenticationError(_wait_message(wait), retry_after=wait)
            if check_password(password, user.password_hash):
                return _signed_in(session, user, password)
            failure = _failed(session, user, now)
    raise failure


def claimed_actor(db: Database, username: str, *, now: datetime | None = None) -> Actor | None:
    """Who *username* would sign in as, before any password is checked; None for an unknown,
    disabled, locked or waiting account (its sign-in is refused, or may be).

    It grants nothing and writes nothing: the sign-in dialog builds that account's window with
    it while authenticate() checks the password on a worker, and shows the window only when
    authenticate() returns this same actor (services/workstation.claim).
    """
    now = now or datetime.now(UTC)
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None or not user.active or user.locked_until is not None:
            return None
        if _remaining(user, now):
            return None
        return Actor(user.id, user.username, user.full_name, user.role, user.office_id)


# Wrong passwords given for read-only viewing, per username, in this process (nothing can be
# written to a database opened read-only, so the account's own counter cannot record them).
_read_only_failures: dict[str, int] = {}


def authenticate_read_only(
    db: Database, username: str, password: str, *, now: datetime | None = None
) -> Actor:
    """Sign-in for viewing a database another copy of the app holds: checks, writes nothing.

    The database is open read-only, so neither the sign-in nor a failure can go to the audit
    trail or the account's failure counter. The account's recorded lock and wait are honoured;
    failures here count in this process only and make the next try wait as the counter would
    (the sign-in dialog keeps its button off for ``retry_after`` seconds). The actor
    can read everything their role may; any write is refused by the database itself.

    Raises:
        AuthenticationError, AccountLockedError: as authenticate().
    """
    now = now or datetime.now(UTC)
    name = username.strip().lower()
    with db.read() as session:
        user = session.scalar(select(User).where(User.username == name))
        if user is not None:
            if user.locked_until is not None and now < user.locked_until:
                raise AccountLockedError(user.username, user.locked_until)
            wait = _remaining(user, now) if user.locked_until is None else 0
            if wait:
                raise AuthenticationError(_wait_message(wait), retry_after=wait)
        if user is None:
            check_password(password, _dummy())
        elif check_password(password, user.password_hash):
            if not user.active:
                raise AuthenticationError(
                    _("Akun {username} dinonaktifkan").format(username=user.username)
                )
            _read_only_failures.pop(name, None)
            return Actor(user.id, user.username, user.full_name, user.role, user.office_id)
    failures = _read_only_failures[name] = _read_only_failures.get(name, 0) + 1
    wait = int(retry_delay(failures).total_seconds())
    raise AuthenticationError(_("Nama pengguna atau kata sandi salah"), retry_after=wait)


# What the idle lock records: the screen locked, unlocked by the same user's password, or left
# by signing out ("Ganti pengguna").
SESSION_EVENTS = frozenset({"session.locked", "session.unlocked", "session.signed_out"})


def record_session_event(db: Database, actor: Actor, action: str) -> None:
    """Put the idle lock's *action* (one of :data:`SESSION_EVENTS`) on the audit trail; nothing
    on a database only being viewed (it cannot be written)."""
    if action not in SESSION_EVENTS:
        raise ValueError(f"not a session event: {action}")
    if db.read_only:
        return
    with db.write() as session:
        audit.record(session, actor, action, "user", actor.user_id or "", {})


def _remaining(user: User, now: datetime) -> int:
    """Whole seconds the next attempt on *user* must still wait (0: none)."""
    if not user.failed_logins or user.last_failed_at is None:
        return 0
    left = (user.last_failed_at + retry_delay(user.failed_logins) - now).total_seconds()
    return max(0, math.ceil(left))


def _signed_in(session: Session, user: User, password: str) -> Actor:
    if not user.active:
        raise AuthenticationError(_("Akun {username} dinonaktifkan").format(username=user.username))
    actor = Actor(user.id, user.username, user.full_name, user.role, user.office_id)
    user.failed_logins, user.last_failed_at, user.locked_until = 0, None, None
    if needs_rehash(user.password_hash):
        stored = user.password_hash
        scheme = (stored.split("$")[1] if stored.startswith("$") else stored.split("$")[0]) or "?"
        user.password_hash = hash_password(password)
        audit.record(
            session, actor, "user.rehash", "user", user.id,
            {"username": user.username, "from": scheme, "to": "argon2id"},
        )  # fmt: skip
    return actor


def _failed(session: Session, user: User, now: datetime) -> AuthenticationError:
    """Count a wrong password on *user*; lock the account at the fifth in a row."""
    user.failed_logins += 1
    user.last_failed_at = now
    audit.record(
        session, _ANONYMOUS, "user.login_failed", "user", user.id,
        {"username": user.username, "failures": user.failed_logins},
    )  # fmt: skip
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until = now + LOCKOUT
        audit.record(
            session, _ANONYMOUS, "user.lockout", "user", user.id,
            {"username": user.username, "failures": user.failed_logins, "until": user.locked_until},
        )  # fmt: skip
        return AccountLockedError(user.username, user.locked_until)
    wait = int(retry_delay(user.failed_logins).total_seconds())
    message = _("Nama pengguna atau kata sandi salah")
    if wait:
        message = _(
            "Nama pengguna atau kata sandi salah. Tunggu {n} detik sebelum mencoba lagi."
        ).format(n=wait)
    return AuthenticationError(message, retry_after=wait)


def _dummy() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("bukan-kata-sandi-siapa-pun")
    return _dummy_hash


def unlock(db: Database, actor: Actor, username: str) -> bool:
    """Lift a lock-out and forget the failures of *username*; True if it was locked."""
    require(actor, "user.manage")
    with db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFoundError(_("Pengguna {username} tidak ada").format(username=username))
        was_locked = user.locked_until is not None and user.locked_until > datetime.now(UTC)
        user.failed_logins, user.last_failed_at, user.locked_until = 0, None, None
        audit.record(
            session, actor, "user.unlock", "user", user.id,
            {"username": user.username, "was_locked": was_locked},
        )  # fmt: skip
        return was_locked


def list_users(db: Database) -> list[UserRow]:
    with db.read() as session:
        rows = session.execute(
            select(User, Office.code)
            .outerjoin(Office, Office.id == User.office_id)
            .order_by(User.username)
        ).all()
    now = datetime.now(UTC)
    return [
        UserRow(
            u.id, u.username, u.full_name, u.role, code, u.active,
            u.locked_until if u.locked_until is not None and u.locked_until > now else None,
        )
        for u, code in rows
    ]  # fmt: skip


def users_for(db: Database, actor: Actor) -> list[UserRow]:
    """Every user, for the administrator's window (the list names roles and lock-outs)."""
    require(actor, "user.manage")
    return list_users(db)


def user_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


SETUP_ACTOR = Actor(None, "setup", "Penyiapan pertama", Role.ADMIN, None)


def create_first_admin(db: Database, *, username: str, full_name: str, password: str) -> UserRow:
    """The first administrator of a new database; refused once any user exists."""
    if user_count(db) > 0:
        raise ConflictError(_("Database ini sudah mempunyai pengguna; masuk dengan akun yang ada"))
    return add_user(
        db, SETUP_ACTOR, username=username, full_name=full_name, role=Role.ADMIN, password=password
    )


def demo_password(db: Database) -> str | None:
    """The shared password of a demo database (shown on its sign-in screen), else None."""
    import json

    from bpjs_desktop.db.models import Setting

    with db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == "demo"))
    if value is None:
        return None
    password = json.loads(value).get("password")
    return str(password) if password else None


def office_name(db: Database, actor: Actor) -> str:
    """The office the actor works for; users without one work for the regional office."""
    from bpjs_desktop.db.models import OfficeKind

    with db.read() as session:
        if actor.office_id is not None:
            name = session.scalar(select(Office.name).where(Office.id == actor.office_id))
        else:
            name = session.scalar(
                select(Office.name).where(Office.kind == OfficeKind.KANWIL).limit(1)
            )
    return name or _("(belum ada kantor)")
