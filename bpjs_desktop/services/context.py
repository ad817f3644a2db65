"""Who is acting, and what their role allows."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from bpjs_desktop.db.models import Role
from bpjs_desktop.errors import PermissionDeniedError
from bpjs_desktop.i18n import N_, _


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in user (or the command line) on whose behalf a service acts."""

    user_id: int | None
    username: str
    full_name: str
    role: Role
    office_id: int | None

    @classmethod
    def command_line(cls) -> Actor:
        """The operator of a command-line call: whoever may run the app on the database file."""
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return cls(None, f"cli:{who}", f"CLI ({who})", Role.ADMIN, None)


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.KEPALA: N_("Kepala kantor"),
    Role.PELAYANAN: N_("Petugas pelayanan"),
    Role.AR: N_("Account representative"),
    Role.PEMERIKSA: N_("Petugas pemeriksa"),
}

# What each action needs. ADMIN may do everything.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "employer.register": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "worker.register": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "membership.end": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "agent.register": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "project.register": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "claim.log": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "claim.move": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "claim.decide": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "bill.create": frozenset({Role.KEPALA, Role.AR}),
    "payment.record": frozenset({Role.KEPALA, Role.AR}),
    "arrears.open": frozenset({Role.KEPALA, Role.AR, Role.PEMERIKSA}),
    "arrears.follow_up": frozenset({Role.KEPALA, Role.AR, Role.PEMERIKSA}),
    "target.set": frozenset({Role.KEPALA}),
    "report.export": frozenset({Role.KEPALA, Role.AR, Role.PELAYANAN, Role.PEMERIKSA}),
    "user.manage": frozenset(),
    "backup.run": frozenset({Role.KEPALA}),
}


def require(actor: Actor, action: str) -> None:
    """Raise :class:`PermissionDeniedError` unless *actor*'s role allows *action*."""
    allowed = PERMISSIONS[action]
    if actor.role is Role.ADMIN or actor.role in allowed:
        return
    raise PermissionDeniedError(
        _("Peran {role} tidak berwenang untuk tindakan ini ({action})").format(
            role=_(ROLE_LABELS[actor.role]), action=action
        )
    )
