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
    Role.KEPALA_KANWIL: N_("Kepala kantor wilayah"),
    Role.STAF_KANWIL: N_("Staf kantor wilayah"),
}

# What each action needs. ADMIN may do everything.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "employer.register": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "worker.register": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    # Bulk import of an employer's worker list: design.md lists it under the administrator's
    # work; the head of office may do it too.
    "import.workers": frozenset({Role.KEPALA}),
    "membership.end": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "member.update": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "membership.move": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "membership.reactivate": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "agent.register": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "agent.end": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "agent.rejoin": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "project.register": frozenset({Role.KEPALA, Role.PELAYANAN, Role.AR}),
    "claim.log": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "claim.move": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "claim.decide": frozenset({Role.KEPALA, Role.PELAYANAN}),
    # Ticking a claim's documents and attaching their scans.
    "claim.document": frozenset({Role.KEPALA, Role.PELAYANAN}),
    # Joining a worker's second KPJ card to their one JHT account, and keeping their heirs.
    "jht.merge": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "heir.update": frozenset({Role.KEPALA, Role.PELAYANAN}),
    # The monthly pension payments and the scholarship years of a decided claim.
    "benefit.schedule": frozenset({Role.KEPALA, Role.PELAYANAN}),
    "bill.create": frozenset({Role.KEPALA, Role.AR}),
    "payment.record": frozenset({Role.KEPALA, Role.AR}),
    # An informal member pays at the counter (or through the agent who collects it).
    "bpu_payment.record": frozenset({Role.KEPALA, Role.AR, Role.PELAYANAN}),
    "arrears.open": frozenset({Role.KEPALA, Role.AR, Role.PEMERIKSA}),
    "arrears.follow_up": frozenset({Role.KEPALA, Role.AR, Role.PEMERIKSA}),
    # The worklist: officers see their own cases, the head of office every officer's.
    "arrears.view": frozenset(
        {Role.KEPALA, Role.AR, Role.PEMERIKSA, Role.KEPALA_KANWIL, Role.STAF_KANWIL}
    ),
    "arrears.view_all": frozenset({Role.KEPALA, Role.KEPALA_KANWIL, Role.STAF_KANWIL}),
    # An inspection is the inspector's (wasrik) work; the SKK and the KPKNL hand-over are
    # signed by the head of office (domain.md §2.2, §6.2).
    "arrears.inspect": frozenset({Role.KEPALA, Role.PEMERIKSA}),
    "arrears.skk": frozenset({Role.KEPALA}),
    "arrears.assign": frozenset({Role.KEPALA}),
    "arrears.settings": frozenset({Role.KEPALA}),
    # The head of the region sets the targets of any office (services/targets.py), a branch head
    # those of the own office.
    "target.set": frozenset({Role.KEPALA, Role.KEPALA_KANWIL}),
    # Closing a month freezes its report; only the head of the office (or of the region).
    "month.close": frozenset({Role.KEPALA, Role.KEPALA_KANWIL}),
    # The letterhead, the claims' service-level limits and the holidays (a branch head changes
    # only the own office's address and phone: services/office_settings.py).
    "office.settings": frozenset({Role.KEPALA, Role.KEPALA_KANWIL}),
    # The idle lock's minutes hold for every office (services/office_settings.py): the regional
    # head, not a branch head, sets them (with "office.settings" to open the dialog at all).
    "idle_lock.set": frozenset({Role.KEPALA_KANWIL}),
    "report.export": frozenset(
        {
            Role.KEPALA,
            Role.AR,
            Role.PELAYANAN,
            Role.PEMERIKSA,
            Role.KEPALA_KANWIL,
            Role.STAF_KANWIL,
        }
    ),
    "user.manage": frozenset(),
    # Seeing a full NIK, KPJ, wage or bank account in a list, or exporting them unmasked
    # (domain.md §9: wages and bank accounts are specific personal data under UU 27/2022, to be
    # masked by role). The heads of office answer for their office's data and decide on
    # corrections; the front office (pelayanan) compares the NIK with the member's KTP at the
    # counter and pays claims to an account. Both only within their own offices (services/
    # scope.py). The AR and the inspector work on employers, whose lists need no full NIK; the
    # regional staff read figures, not people.
    "personal.view": frozenset({Role.KEPALA, Role.PELAYANAN, Role.KEPALA_KANWIL}),
    # The audit viewer (Jejak audit): heads of office see their offices' users' events, the
    # regional head all (services/audit.py ``EventQuery``).
    "audit.view": frozenset({Role.KEPALA, Role.KEPALA_KANWIL}),
    "backup.run": frozenset({Role.KEPALA}),
}


# What each action is, in words a user reads: the refusal and the tooltip of a greyed menu entry
# say what may not be done, never the internal code.
ACTION_LABELS: dict[str, str] = {
    "employer.register": N_("mendaftarkan pemberi kerja"),
    "worker.register": N_("mendaftarkan tenaga kerja"),
    "import.workers": N_("mengimpor daftar pekerja"),
    "membership.end": N_("mengakhiri kepesertaan"),
    "member.update": N_("mengubah data peserta"),
    "membership.move": N_("memindahkan kepesertaan"),
    "membership.reactivate": N_("mengaktifkan kembali kepesertaan"),
    "agent.register": N_("mendaftarkan agen Perisai"),
    "agent.end": N_("mengakhiri agen Perisai"),
    "agent.rejoin": N_("mengaktifkan kembali agen Perisai"),
    "project.register": N_("mendaftarkan proyek jasa konstruksi"),
    "claim.log": N_("mencatat klaim baru"),
    "claim.move": N_("memindahkan tahap klaim"),
    "claim.decide": N_("menetapkan klaim"),
    "claim.document": N_("mencatat dokumen klaim"),
    "jht.merge": N_("menggabungkan saldo JHT"),
    "heir.update": N_("mengubah data ahli waris"),
    "benefit.schedule": N_("mengelola jadwal pembayaran manfaat"),
    "bill.create": N_("membuat tagihan iuran"),
    "payment.record": N_("mencatat pembayaran iuran"),
    "bpu_payment.record": N_("mencatat pembayaran iuran peserta BPU"),
    "arrears.open": N_("membuka kasus piutang"),
    "arrears.follow_up": N_("mencatat tindak lanjut piutang"),
    "arrears.view": N_("melihat daftar kerja piutang"),
    "arrears.view_all": N_("melihat kasus piutang semua petugas"),
    "arrears.inspect": N_("mencatat pemeriksaan"),
    "arrears.skk": N_("menerbitkan SKK"),
    "arrears.assign": N_("menugaskan kasus piutang"),
    "arrears.settings": N_("mengubah pengaturan piutang"),
    "target.set": N_("menetapkan target kantor"),
    "month.close": N_("menutup bulan laporan"),
    "office.settings": N_("mengubah pengaturan kantor"),
    "idle_lock.set": N_("mengubah waktu kunci layar semua kantor"),
    "report.export": N_("mengekspor laporan"),
    "user.manage": N_("mengelola pengguna"),
    "personal.view": N_("melihat data pribadi lengkap"),
    "audit.view": N_("melihat jejak audit"),
    "backup.run": N_("mencadangkan database"),
}


def allowed(actor: Actor, action: str) -> bool:
    """Whether *actor*'s role allows *action*: the one question every menu entry, navigation
    entry and button asks before it is offered (the service asks it again through :func:`require`).
    """
    return actor.role is Role.ADMIN or actor.role in PERMISSIONS[action]


def refusal(actor: Actor, action: str) -> str:
    """Why *actor* may not do *action*, in words (the tooltip of a greyed entry, the error)."""
    return _("Peran {role} tidak berwenang {action}.").format(
        role=_(ROLE_LABELS[actor.role]), action=_(ACTION_LABELS[action])
    )


def require(actor: Actor, action: str) -> None:
    """Raise :class:`PermissionDeniedError` unless *actor*'s role allows *action*."""
    if not allowed(actor, action):
        raise PermissionDeniedError(refusal(actor, action))
