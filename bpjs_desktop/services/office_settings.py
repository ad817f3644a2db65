"""Office settings: the letterhead of the papers, the claims' service-level limits, the holidays.

The letterhead is the office's address and phone (columns of ``office``) under a region line, and
a footer on the claim papers (``setting`` rows ``letterhead.region`` and ``letterhead.footer``,
one for the whole database); :func:`office_letterhead` builds it for every paper, claims and
arrears alike. The service-level limits are the rule's working days per claim type
(``domain.service_level.SLA_DAYS``) unless the office set its own (``setting`` ``sla_days``, JSON,
read by the claim desk and the reports). The public holidays are the ``holiday`` table that the
working-day clocks read (``services.work_calendar``).

Every write needs ``office.settings`` (the head of office; the administrator), checks its input
before anything is written, and is one transaction with its audit event.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Holiday, Office, Setting
from bpjs_desktop.domain.calendar import HOLIDAY_NAMES
from bpjs_desktop.domain.claims import ClaimType
from bpjs_desktop.domain.periods import format_date
from bpjs_desktop.domain.service_level import SLA_DAYS
from bpjs_desktop.errors import FieldError, NotFoundError, PermissionDeniedError, ValidationError
from bpjs_desktop.exchange.documents import Letterhead
from bpjs_desktop.exchange.documents import region_above as region_above  # the ui's preview
from bpjs_desktop.i18n import N_, _, pgettext
from bpjs_desktop.services import audit, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.reports import SLA_SETTING, OfficeRow, list_offices, sla_overrides
from bpjs_desktop.services.work_calendar import reference_date

LETTERHEAD_REGION = "letterhead.region"
LETTERHEAD_FOOTER = "letterhead.footer"
# Printed as is: the papers are Indonesian whatever the language of the window (documents.py).
DEFAULT_FOOTER = N_("Layanan masyarakat BPJS Ketenagakerjaan: 175")
DEFAULT_REGION = "Kantor Wilayah Jawa Timur"

# The lengths the columns hold (db/models.py ``Office``); the setting lines are kept to what fits
# one printed line of the letterhead.
ADDRESS_MAX = 200
PHONE_MAX = 40
REGION_MAX = 120
FOOTER_MAX = 300
PHONE_MIN_DIGITS = 5  # "175", the public line, is the footer's; an office number has more
_PHONE = re.compile(r"[0-9+()\-./ ]*")

SLA_MIN, SLA_MAX = 1, 60  # working days an office may promise for one claim
HOLIDAY_YEARS = (2000, 2100)
HOLIDAY_NAME_MAX = 120  # db/models.py ``Holiday.name``

DAY_NAMES = (
    N_("Senin"),
    N_("Selasa"),
    N_("Rabu"),
    N_("Kamis"),
    N_("Jumat"),
    N_("Sabtu"),
    N_("Minggu"),
)


# --- the letterhead of every paper ------------------------------------------------------------------


def _setting(session: Session, key: str) -> str | None:
    return session.scalar(select(Setting.value).where(Setting.key == key))


def _default_region(session: Session, office: Office) -> str:
    parent = session.get(Office, office.parent_id) if office.parent_id else None
    return parent.name if parent is not None else DEFAULT_REGION


def office_letterhead(session: Session, office: Office) -> Letterhead:
    """The letterhead of *office*'s papers (claim receipts and letters, arrears letters): the
    region line set for the database, or the office's parent by default; address and phone."""
    region = _setting(session, LETTERHEAD_REGION) or _default_region(session, office)
    return Letterhead(office.name, office.address, office.phone, region)


def paper_footer(session: Session) -> str:
    """The line under the claim papers: the one set for the database, or the public line."""
    return _setting(session, LETTERHEAD_FOOTER) or DEFAULT_FOOTER


# --- who may change what ---------------------------------------------------------------------------


def _regional_actor(session: Session, actor: Actor) -> bool:
    """The administrator, or a head of the regional office (users without an office work for the
    regional office, as ``auth.office_name`` says)."""
    return scope.offices_in_scope(session, actor) is None


def _require_office(session: Session, actor: Actor, office: Office) -> None:
    if office.id == actor.office_id or _regional_actor(session, actor):
        return
    raise PermissionDeniedError(
        _(
            "Kepala kantor cabang hanya dapat mengubah alamat dan telepon kantornya sendiri, "
            "bukan {office}"
        ).format(office=office.name)
    )


def letterhead_offices(db: Database, actor: Actor) -> list[OfficeRow]:
    """The offices whose letterhead *actor* may change: every office for the administrator and
    the regional head, the own office for a branch head (the regional office first)."""
    offices = list_offices(db)
    with db.read() as session:
        if _regional_actor(session, actor):
            return offices
        code = session.scalar(select(Office.code).where(Office.id == actor.office_id))
    return [o for o in offices if o.code == code]


# --- letterhead ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LetterheadInput:
    """What the letterhead tab saves: one office's address and phone, the database's lines."""

    office_code: str
    address: str = ""
    phone: str = ""
    region: str = ""  # empty: the office's parent (the regional office)
    footer: str = ""  # empty: :data:`DEFAULT_FOOTER`


@dataclass(frozen=True, slots=True)
class LetterheadSettings:
    """An office's letterhead as stored, with what an empty line prints instead."""

    office_code: str
    office_name: str
    address: str
    phone: str
    region: str  # "" when the default applies
    footer: str  # "" when the default applies
    default_region: str
    default_footer: str


def _office(session: Session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == code.strip().upper()))
    if office is None:
        raise ValidationError.single(
            "office", _("Kantor: kode {code} tidak ada").format(code=code.strip())
        )
    return office


def _letterhead_settings(session: Session, office: Office) -> LetterheadSettings:
    return LetterheadSettings(
        office.code,
        office.name,
        office.address,
        office.phone,
        _setting(session, LETTERHEAD_REGION) or "",
        _setting(session, LETTERHEAD_FOOTER) or "",
        _default_region(session, office),
        DEFAULT_FOOTER,
    )


def letterhead(db: Database, office_code: str) -> LetterheadSettings:
    """The letterhead of the office with *office_code* as stored."""
    with db.read() as session:
        return _letterhead_settings(session, _office(session, office_code))


def _too_long(field: str, label: str, text: str, limit: int) -> FieldError | None:
    if len(text) <= limit:
        return None
    return FieldError(
        field,
        _("{label} terlalu panjang: {n} karakter, paling banyak {limit}").format(
            label=label, n=len(text), limit=limit
        ),
    )


def _check_letterhead(data: LetterheadInput) -> list[FieldError]:
    errors = [
        _too_long("address", _("Alamat"), data.address, ADDRESS_MAX),
        _too_long("phone", pgettext("nomor", "Telepon"), data.phone, PHONE_MAX),
        _too_long("region", _("Baris wilayah"), data.region, REGION_MAX),
        _too_long("footer", _("Kaki surat"), data.footer, FOOTER_MAX),
    ]
    found = [e for e in errors if e is not None]
    if data.phone and not any(e.field == "phone" for e in found):
        digits = sum(c.isdigit() for c in data.phone)
        if not _PHONE.fullmatch(data.phone):
            found.append(
                FieldError(
                    "phone",
                    _(
                        "Telepon hanya boleh berisi angka, spasi dan tanda + - ( ) . /, "
                        "misalnya (031) 3981234; bukan {text!r}"
                    ).format(text=data.phone),
                )
            )
        elif digits < PHONE_MIN_DIGITS:
            found.append(
                FieldError(
                    "phone",
                    _("Telepon terlalu pendek: {n} angka, paling sedikit {least}").format(
                        n=digits, least=PHONE_MIN_DIGITS
                    ),
                )
            )
    order = ("address", "phone", "region", "footer")
    return sorted(found, key=lambda e: order.index(e.field))


def _store_setting(session: Session, key: str, value: str) -> None:
    """Keep *value* under *key*; an empty value removes the row (the default applies again)."""
    setting = session.get(Setting, key)
    if not value:
        if setting is not None:
            session.delete(setting)
    elif setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value


def set_letterhead(db: Database, actor: Actor, data: LetterheadInput) -> LetterheadSettings:
    """Store an office's address and phone and the database's region line and footer.

    A branch head may change the own office only; the administrator and the regional head any.
    Nothing is written (and no event recorded) when nothing changed.

    Raises:
        PermissionDeniedError: the role may not, or the office is another branch.
        ValidationError: a line too long, a phone that is not a phone number, an unknown office.
    """
    require(actor, "office.settings")
    data = LetterheadInput(
        data.office_code.strip().upper(),
        " ".join(data.address.split()),
        " ".join(data.phone.split()),
        " ".join(data.region.split()),
        " ".join(data.footer.split()),
    )
    errors = _check_letterhead(data)
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        office = _office(session, data.office_code)
        _require_office(session, actor, office)
        stored = _letterhead_settings(session, office)
        before = {
            "address": stored.address,
            "phone": stored.phone,
            "region": stored.region,
            "footer": stored.footer,
        }
        after = {
            "address": data.address,
            "phone": data.phone,
            "region": data.region,
            "footer": data.footer,
        }
        if before == after:
            return stored
        office.address, office.phone = data.address, data.phone
        _store_setting(session, LETTERHEAD_REGION, data.region)
        _store_setting(session, LETTERHEAD_FOOTER, data.footer)
        audit.record(
            session, actor, "office.letterhead", "office", office.code,
            {"before": before, "after": after},
        )  # fmt: skip
        session.flush()
        return _letterhead_settings(session, office)


# --- service-level limits --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlaRow:
    """One claim type's limit in working days: the rule's, and the office's own if set."""

    claim_type: ClaimType
    label: str
    rule_days: int
    office_days: int | None

    @property
    def days(self) -> int:
        """The limit the claims are held to."""
        return self.rule_days if self.office_days is None else self.office_days


def _sla_rows(session: Session) -> list[SlaRow]:
    rule = SLA_DAYS.at(reference_date(session))
    own = sla_overrides(session)
    return [SlaRow(t, t.label, rule[t], own.get(t.value)) for t in ClaimType]


def sla_settings(db: Database) -> list[SlaRow]:
    """Every claim type's limit, in the order of :class:`ClaimType`."""
    with db.read() as session:
        return _sla_rows(session)


def sla_field(claim_type: ClaimType) -> str:
    """The field name a limit's error carries (``sla_JKK``), for the form to place it."""
    return f"sla_{claim_type.value}"


def _parse_sla(claim_type: ClaimType, value: int | str | None) -> int | None:
    """A typed limit: empty means "follow the rule"; otherwise a whole number 1..60."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise ValidationError.single(
                sla_field(claim_type),
                _(
                    "Batas {type} harus bilangan bulat hari kerja ({least}–{most}), "
                    "bukan {text!r}; kosongkan untuk mengikuti aturan"
                ).format(type=claim_type.label, least=SLA_MIN, most=SLA_MAX, text=text),
            )
        value = int(text)
    if not SLA_MIN <= value <= SLA_MAX:
        raise ValidationError.single(
            sla_field(claim_type),
            _("Batas {type} harus antara {least} dan {most} hari kerja, bukan {n}").format(
                type=claim_type.label, least=SLA_MIN, most=SLA_MAX, n=value
            ),
        )
    return value


def set_sla_days(
    db: Database, actor: Actor, days: Mapping[ClaimType, int | str | None]
) -> list[SlaRow]:
    """Store the office's own limits: *days* holds every type the office sets (a number, or the
    text typed); a type left out, empty or None follows the rule again.

    Raises:
        ValidationError: naming every limit that is not a whole number from 1 to 60.
    """
    require(actor, "office.settings")
    errors: list[FieldError] = []
    own: dict[str, int] = {}
    for claim_type in ClaimType:
        try:
            value = _parse_sla(claim_type, days.get(claim_type))
        except ValidationError as exc:
            errors.extend(exc.errors)
            continue
        if value is not None:
            own[claim_type.value] = value
    if errors:
        raise ValidationError(errors)
    with db.write() as session:
        before = sla_overrides(session)
        if before != own:
            _store_setting(session, SLA_SETTING, json.dumps(own, sort_keys=True) if own else "")
            audit.record(
                session, actor, "office.sla_days", "setting", SLA_SETTING,
                {"before": before, "after": own},
            )  # fmt: skip
            session.flush()
        return _sla_rows(session)


# --- public holidays -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HolidayRow:
    day: date
    name: str

    @property
    def weekend(self) -> bool:
        """On a Saturday or Sunday: no working day is lost."""
        return self.day.weekday() >= 5


def day_name(day: date) -> str:
    """``Senin`` … ``Minggu``, in the language of the window."""
    return _(DAY_NAMES[day.weekday()])


def holiday_year(db: Database) -> int:
    """The year to show first: that of the day the clocks are read on (a demo's *as of*)."""
    with db.read() as session:
        return reference_date(session).year


def _holiday_name(holiday: Holiday) -> str:
    """The stored name; a day seeded (revision 0004) before the SKB lists carried names has none
    stored, and is named from the list (domain/calendar.py ``HOLIDAY_NAMES``)."""
    return holiday.name or HOLIDAY_NAMES.get(holiday.day, "")


def holidays(db: Database, year: int) -> list[HolidayRow]:
    """The holidays of *year*, by date, each with its own name."""
    with db.read() as session:
        return [
            HolidayRow(h.day, _holiday_name(h))
            for h in session.scalars(
                select(Holiday)
                .where(Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
                .order_by(Holiday.day)
            )
        ]


def _duplicate(day: date, name: str) -> ValidationError:
    if name:
        message = _("Tanggal {day} sudah menjadi hari libur: {name}")
    else:
        message = _("Tanggal {day} sudah menjadi hari libur")
    return ValidationError.single("day", message.format(day=format_date(day), name=name))


def add_holiday(db: Database, actor: Actor, day: date | None, name: str) -> HolidayRow:
    """Add a public holiday: from then on it is no working day for the clocks and due dates.

    Raises:
        ValidationError: no date, a date outside 2000–2100 or already a holiday; no name, or a
            name too long (every problem at once).
    """
    require(actor, "office.settings")
    name = " ".join(name.split())
    errors: list[FieldError] = []
    if day is None:
        errors.append(FieldError("day", _("Tanggal hari libur wajib diisi (HH/BB/TTTT)")))
    elif not HOLIDAY_YEARS[0] <= day.year <= HOLIDAY_YEARS[1]:
        errors.append(
            FieldError(
                "day",
                _("Tanggal hari libur harus di tahun {first}–{last}, bukan {year}").format(
                    first=HOLIDAY_YEARS[0], last=HOLIDAY_YEARS[1], year=day.year
                ),
            )
        )
    if not name:
        errors.append(FieldError("name", _("Nama hari libur wajib diisi")))
    elif (long := _too_long("name", _("Nama hari libur"), name, HOLIDAY_NAME_MAX)) is not None:
        errors.append(long)
    if errors:
        raise ValidationError(errors)
    assert day is not None
    try:
        with db.write() as session:
            existing = session.get(Holiday, day)
            if existing is not None:
                raise _duplicate(day, _holiday_name(existing))
            session.add(Holiday(day=day, name=name))
            audit.record(
                session, actor, "holiday.add", "holiday", day.isoformat(),
                {"before": None, "after": {"day": day, "name": name}},
            )  # fmt: skip
    except sa_exc.IntegrityError:
        # Another workstation added the same day between our check and our insert (PostgreSQL;
        # SQLite's write transactions do not overlap).
        raise _duplicate(day, "") from None
    return HolidayRow(day, name)


def remove_holiday(db: Database, actor: Actor, day: date) -> HolidayRow:
    """Remove a public holiday: the day is a working day again (if it is a weekday).

    Raises:
        NotFoundError: the day is no holiday (any more).
    """
    require(actor, "office.settings")
    with db.write() as session:
        holiday = session.get(Holiday, day)
        if holiday is None:
            raise NotFoundError(
                _("{day} bukan hari libur (mungkin sudah dihapus)").format(day=format_date(day))
            )
        row = HolidayRow(holiday.day, _holiday_name(holiday))
        session.delete(holiday)
        audit.record(
            session, actor, "holiday.remove", "holiday", day.isoformat(),
            {"before": {"day": day, "name": row.name}, "after": None},
        )  # fmt: skip
    return row


# --- the idle lock ---------------------------------------------------------------------------------

IDLE_LOCK_KEY = "idle_lock_minutes"
IDLE_LOCK_DEFAULT = 10  # minutes without a key or a mouse click before the screen locks (#11)
IDLE_LOCK_MIN, IDLE_LOCK_MAX = 1, 120


def idle_lock_minutes(db: Database) -> int:
    """Minutes of no input after which every workstation's screen locks (one value for the
    whole database; the default when none is stored or the stored one is unreadable)."""
    with db.read() as session:
        stored = _setting(session, IDLE_LOCK_KEY)
    if stored is not None and stored.isdigit() and IDLE_LOCK_MIN <= int(stored) <= IDLE_LOCK_MAX:
        return int(stored)
    return IDLE_LOCK_DEFAULT


def set_idle_lock_minutes(db: Database, actor: Actor, typed: str) -> int:
    """Store the idle lock's minutes (*typed* as the user typed it); the value now in force.

    Raises:
        PermissionDeniedError: the role may not (a branch head: the setting is the region's).
        ValidationError: not a whole number of minutes within the limits.
    """
    require(actor, "office.settings")
    require(actor, "idle_lock.set")
    text = typed.strip()
    if not text.isdigit() or not IDLE_LOCK_MIN <= int(text) <= IDLE_LOCK_MAX:
        raise ValidationError.single(
            "idle_minutes",
            _("Kunci layar: isi {least}–{most} menit, bukan {text!r}").format(
                least=IDLE_LOCK_MIN, most=IDLE_LOCK_MAX, text=text
            ),
        )
    minutes = int(text)
    before = idle_lock_minutes(db)
    if minutes == before:
        return minutes
    with db.write() as session:
        _store_setting(session, IDLE_LOCK_KEY, str(minutes))
        audit.record(
            session, actor, "setting.idle_lock", "setting", IDLE_LOCK_KEY,
            {"before": before, "after": minutes},
        )  # fmt: skip
    return minutes
