"""Users, roles and passwords (scrypt, from the standard library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Office, Role, User
from bpjs_desktop.errors import ConflictError, KnownError, NotFoundError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit
from bpjs_desktop.services.context import ROLE_LABELS, Actor, require

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD = 8
_USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
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


class AuthenticationError(KnownError):
    """Wrong username or password, or a disabled account."""


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: Role
    office_code: str | None
    active: bool

    @property
    def role_label(self) -> str:
        return _(ROLE_LABELS[self.role])


def _validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError.single(
            "password", _("Kata sandi paling sedikit {n} karakter").format(n=MIN_PASSWORD)
        )


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
    if not _USERNAME_RE.match(username):
        raise ValidationError.single(
            "username",
            _(
                "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf"
            ),
        )
    if not full_name.strip():
        raise ValidationError.single("full_name", _("Nama lengkap wajib diisi"))
    _validate_password(password)
    with db.write() as session:
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise ConflictError(
                _("Nama pengguna {username} sudah dipakai").format(username=username)
            )
        office_id = None
        if office_code:
            office_id = session.scalar(select(Office.id).where(Office.code == office_code.upper()))
            if office_id is None:
                raise ValidationError.single(
                    "office", _("Kantor dengan kode {code} tidak ada").format(code=office_code)
                )
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
    require(actor, "user.manage")
    with db.write() as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFoundError(_("Pengguna {username} tidak ada").format(username=username))
        user.active = active
        audit.record(
            session, actor, "user.enable" if active else "user.disable", "user", user.id,
            {"username": user.username},
        )  # fmt: skip


def authenticate(db: Database, username: str, password: str) -> Actor:
    """The actor for a correct username and password of an active account."""
    with db.read() as session:
        row = session.execute(
            select(User, Office.code)
            .outerjoin(Office, Office.id == User.office_id)
            .where(User.username == username.strip().lower())
        ).first()
    if row is None or not check_password(password, row[0].password_hash):
        raise AuthenticationError(_("Nama pengguna atau kata sandi salah"))
    user = row[0]
    if not user.active:
        raise AuthenticationError(_("Akun {username} dinonaktifkan").format(username=user.username))
    return Actor(user.id, user.username, user.full_name, user.role, user.office_id)


def list_users(db: Database) -> list[UserRow]:
    with db.read() as session:
        rows = session.execute(
            select(User, Office.code)
            .outerjoin(Office, Office.id == User.office_id)
            .order_by(User.username)
        ).all()
    return [UserRow(u.id, u.username, u.full_name, u.role, code, u.active) for u, code in rows]


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
