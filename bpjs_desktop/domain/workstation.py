"""What one computer remembers for the person at it (*Pengaturan komputer ini*, issue #15).

The office's settings (letterhead, service levels, holidays, the idle-lock limit) live in the
database and travel with it; these live on the workstation (Qt's QSettings: the registry on
Windows, an INI file elsewhere): which database this computer opens, its language, where its
backups go and how often, its own idle-lock minutes, its printer and paper.

The office's idle-lock minutes are a ceiling (issue #11: the screen of a counter must lock): a
workstation may lock sooner, never later. 0 means "as the office says".
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bpjs_desktop.errors import FieldError, ValidationError
from bpjs_desktop.i18n import N_, _

LANGUAGES = ("id", "en")
# Minutes between backups while the data changed (issue #12 took 30); 0 turns the timer off
# (the backups on closing and before an import or a month close still happen).
BACKUP_EVERY_CHOICES = (0, 15, 30, 60, 120)
DEFAULT_BACKUP_EVERY = 30
IDLE_LOCK_MAX = 120
# Paper of Indonesian offices: A4, and F4 (folio, 215 × 330 mm) for many government letters.
PAPER_SIZES: dict[str, str] = {
    "A4": N_("A4 (210 × 297 mm)"),
    "F4": N_("F4/Folio (215 × 330 mm)"),
    "Letter": N_("Letter (216 × 279 mm)"),
    "Legal": N_("Legal (216 × 356 mm)"),
}
# The paper sizes in millimetres, for the printer (width, height).
PAPER_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "F4": (215.0, 330.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}


@dataclass(frozen=True)
class WorkstationSettings:
    """The workstation's choices; an empty text means "the default"."""

    database: str = ""  # a SQLite file path or a server URL; "" = the per-user default file
    language: str = "id"
    backup_folder: str = ""  # "" = the per-user default folder (platformdirs)
    backup_every_minutes: int = DEFAULT_BACKUP_EVERY
    idle_lock_minutes: int = 0  # 0 = the office's minutes
    printer: str = ""  # "" = the system's default printer
    paper_size: str = "A4"

    def with_changes(self, **changes: object) -> WorkstationSettings:
        return replace(self, **changes)  # type: ignore[arg-type]


def idle_minutes(workstation: int, office: int) -> int:
    """The minutes this screen stays unlocked: the workstation's, at most the office's."""
    return office if workstation <= 0 else min(workstation, office)


def backup_every_label(minutes: int) -> str:
    if minutes == 0:
        return _("Tidak berkala (hanya saat menutup, sebelum impor dan tutup bulan)")
    if minutes % 60 == 0:
        return _("Setiap {hours} jam bila data berubah").format(hours=minutes // 60)
    return _("Setiap {minutes} menit bila data berubah").format(minutes=minutes)


def validate(settings: WorkstationSettings, *, office_idle_minutes: int) -> None:
    """Refuse choices that cannot work, naming each field (all at once)."""
    errors: list[FieldError] = []
    if settings.language not in LANGUAGES:
        errors.append(FieldError("language", _("Pilih Bahasa Indonesia atau English")))
    if settings.backup_every_minutes not in BACKUP_EVERY_CHOICES:
        errors.append(FieldError("backup_every", _("Pilih salah satu jadwal cadangan")))
    if not 0 <= settings.idle_lock_minutes <= IDLE_LOCK_MAX:
        errors.append(
            FieldError(
                "idle_lock",
                _("Kunci layar antara 0 dan {most} menit (0 = ikut pengaturan kantor)").format(
                    most=IDLE_LOCK_MAX
                ),
            )
        )
    elif settings.idle_lock_minutes > office_idle_minutes:
        errors.append(
            FieldError(
                "idle_lock",
                _(
                    "Kantor mengunci layar setelah {office} menit; komputer ini boleh lebih "
                    "cepat, tidak lebih lambat"
                ).format(office=office_idle_minutes),
            )
        )
    if settings.paper_size not in PAPER_SIZES:
        errors.append(FieldError("paper_size", _("Pilih ukuran kertas dari daftar")))
    if errors:
        raise ValidationError(errors)
