"""Bulk import of an employer's worker list: a dry run that names every bad row, then one commit.

Each row is held to the rules :func:`services.worker_registry.register_worker` applies to a wage
earner (PU) under the employer: a valid NIK that agrees with the birth date and sex, a name,
age 15 or more on the start date, a start date neither in the future nor outside the employer's
active period, a wage above zero, and a programme set that passes ``check_programmes`` (the
employer's programmes, plus JKP when the worker is eligible, unless the row names its own). A
wage below the regency's minimum is a warning, not an error. A NIK that appears twice in the file
is refused on both rows; a NIK already registered is refused with the member named.

``commit`` writes the good rows in one transaction, with Core bulk inserts (not one ORM object
per row), KPJ numbers reserved as one block, and one audit event for the whole import. If any
row fails at write time, or the user cancels, nothing is saved.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, String, cast, func, insert, literal, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import Employer, Membership, Person, UtcDateTime
from bpjs_desktop.domain import inputs
from bpjs_desktop.domain.identifiers import (
    IdentifierError,
    NikInfo,
    make_kpj,
    nik_discrepancies,
    parse_nik,
    validate_npp,
)
from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import age_on, today_wib
from bpjs_desktop.domain.programmes import (
    Programme,
    Segment,
    SizeClass,
    check_programmes,
    jkp_eligible,
    parse_programmes,
    programmes_text,
)
from bpjs_desktop.domain.regions import regency_name
from bpjs_desktop.domain.wages import minimum_wage
from bpjs_desktop.errors import ConflictError, KnownError, NotFoundError, ValidationError
from bpjs_desktop.exchange.worker_list import (
    COLUMN_BY_KEY,
    COLUMNS,
    ParsedList,
    WorkerListRow,
    read_file,
    read_worker_list,
    write_error_report,
)
from bpjs_desktop.exchange.worker_list import (  # for the ui: the report's rows, a file's columns
    MissingColumnsError as MissingColumnsError,
)
from bpjs_desktop.exchange.worker_list import RowError as RowError
from bpjs_desktop.exchange.worker_list import write_template as _write_template
from bpjs_desktop.i18n import _
from bpjs_desktop.services import audit, backup, scope
from bpjs_desktop.services.context import Actor, require
from bpjs_desktop.services.counters import next_value
from bpjs_desktop.services.membership_common import member_description

CHUNK = 5_000  # rows per bulk INSERT; cancel is checked between chunks
LOOKUP_CHUNK = 500  # NIKs per "already registered?" query
MIN_AGE = 15
# Duplicates named in full (member_description costs a query or two each): re-checking a list
# that was imported already would otherwise spend a minute describing 100,000 members.
MAX_DESCRIBED = 1_000

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]


class ImportCancelled(KnownError):
    """The user cancelled; the transaction was rolled back."""


class ImportHasErrors(KnownError):
    """The file has bad rows and the caller did not ask to import only the good ones (or there
    are no good rows at all). Nothing was saved; :attr:`report` lists every bad row."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What a dry run found, or what a commit wrote."""

    file_name: str
    sha256: str
    npp: str
    employer_name: str
    rows_total: int
    rows_valid: int
    rows_bad: int
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]
    committed: bool = False
    imported: int = 0
    first_kpj: str | None = None
    last_kpj: str | None = None

    @property
    def summary(self) -> str:
        """``"98 baris valid, 2 baris bermasalah"``."""
        return _("{valid} baris valid, {bad} baris bermasalah").format(
            valid=group_thousands(self.rows_valid), bad=group_thousands(self.rows_bad)
        )


# --- progress -------------------------------------------------------------------------------------


class _Steps:
    """Progress in percent and the cancel check, for one import."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled(_("Impor dibatalkan; tidak ada yang disimpan"))

    def report(self, percent: int, message: str) -> None:
        self.check()
        if self._progress is not None:
            self._progress(percent, message)

    def reading(self, start: int, end: int) -> Callable[[float], None]:
        """A progress callback for the file reader, mapped into [start, end] percent."""

        def on_fraction(fraction: float) -> None:
            self.report(start + int((end - start) * fraction), _("Membaca file…"))

        return on_fraction


# --- the employer and the checks --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _EmployerFacts:
    """What the rules need to know of the employer (compared again inside the write)."""

    id: int
    npp: str
    name: str
    office_id: int
    registered_on: date
    na_date: date | None
    size_class: SizeClass
    programmes: frozenset[Programme]
    regency_code: str


def _employer_facts(session: Session, npp: str) -> _EmployerFacts:
    employer = session.scalar(select(Employer).where(Employer.npp == npp))
    if employer is None:
        raise NotFoundError(_("Pemberi kerja dengan NPP {npp} tidak ada").format(npp=npp))
    return _EmployerFacts(
        employer.id,
        employer.npp,
        employer.name,
        employer.office_id,
        employer.registered_on,
        employer.na_date,
        employer.size_class,
        parse_programmes(employer.programmes),
        employer.regency_code,
    )


@dataclass(frozen=True, slots=True)
class _GoodRow:
    """A row that passed the per-row rules, in the form it is stored."""

    row: int
    nik: str
    name: str
    birth_place: str
    birth_date: date
    sex: str
    mother_name: str
    regency_code: str
    phone: str
    start_date: date
    wage: int
    programmes: str
    job_title: str


@dataclass
class _Checked:
    errors: list[RowError]
    warnings: list[RowError]
    good: dict[int, _GoodRow]  # by spreadsheet row; a row with any error is not here
    niks: dict[int, str]  # every row whose NIK is valid, good or not (for duplicate checks)


def _label(key: str) -> str:
    return COLUMN_BY_KEY[key].label


def _check_row(
    row: WorkerListRow, employer: _EmployerFacts, today: date, checked: _Checked
) -> None:
    """The per-row rules of ``register_worker`` for a PU worker (worker_registry._new_membership)."""
    problems: list[RowError] = []

    def problem(key: str, value: str, message: str) -> None:
        problems.append(RowError(row.row, _label(key), value, message))

    nik_info = _checked_nik(row, today, problem)
    if nik_info is not None:
        checked.niks[row.row] = nik_info.nik
    name = None
    if row.name is not None:
        name = " ".join(row.name.split()).upper()
        if len(name) < 2 or any(ch.isdigit() for ch in name):
            problem("name", row.name, _("Nama sesuai KTP wajib diisi, tanpa angka"))
    start = row.start_date
    if start is not None:
        _check_start(start, employer, today, problem)
    age = None
    if row.birth_date is not None and start is not None:
        age = age_on(row.birth_date, start)
        if age < MIN_AGE:
            problem(
                "birth_date",
                row.birth_date.strftime("%d/%m/%Y"),
                _("Peserta harus berusia paling sedikit 15 tahun pada tanggal mulai"),
            )
    if row.wage is not None and row.wage <= 0:
        problem("wage", group_thousands(row.wage), _("Upah sebulan wajib diisi dan lebih dari Rp0"))
    elif row.wage is not None and row.wage > inputs.MAX_MONTHLY_AMOUNT:
        # Also refused by the reader; checked here too so that the dry run and the commit can
        # never disagree on a wage the database cannot hold (issue #12: 10^20 crashed the commit).
        problem("wage", inputs.shorten(group_thousands(row.wage)),
                inputs.too_much_message(_("Upah sebulan")))  # fmt: skip
    programmes = row.programmes
    if start is not None and age is not None:
        programmes = _checked_programmes(programmes, employer, age, start, problem)
    if row.wage is not None and row.wage > 0 and start is not None:
        warning = _minimum_wage_warning(row.row, row.wage, employer, start)
        if warning is not None:
            checked.warnings.append(warning)
    checked.errors.extend(problems)
    if problems or nik_info is None or name is None or programmes is None:
        return
    if row.birth_date is None or row.sex is None or start is None or row.wage is None:
        return
    checked.good[row.row] = _GoodRow(
        row=row.row,
        nik=nik_info.nik,
        name=name,
        birth_place=row.birth_place.upper(),
        birth_date=row.birth_date,
        sex=row.sex.value,
        mother_name=" ".join(row.mother_name.split()).upper(),
        regency_code=nik_info.regency_code,
        phone=row.phone,
        start_date=start,
        wage=row.wage,
        programmes=programmes_text(programmes),
        job_title=row.job_title,
    )


_Problem = Callable[[str, str, str], None]  # (column key, value shown, message)


def _checked_nik(row: WorkerListRow, today: date, problem: _Problem) -> NikInfo | None:
    """The row's NIK, parsed, and its agreement with the birth date and sex."""
    if row.nik is None:
        return None
    try:
        nik_info = parse_nik(row.nik, today=today)
    except IdentifierError as exc:
        problem("nik", row.nik, exc.message)
        return None
    for discrepancy in nik_discrepancies(nik_info, birth_date=row.birth_date, sex=row.sex):
        key = "birth_date" if discrepancy.field == "birth_date" else "sex"
        shown = row.sex.value if key == "sex" and row.sex else ""
        if key == "birth_date" and row.birth_date is not None:
            shown = row.birth_date.strftime("%d/%m/%Y")
        problem(key, shown, discrepancy.message)
    return nik_info


def _check_start(start: date, employer: _EmployerFacts, today: date, problem: _Problem) -> None:
    """A start date not after today, in the employer's active period, not before 1977."""
    shown_start = start.strftime("%d/%m/%Y")
    if start > today:
        problem(
            "start_date",
            shown_start,
            _("{label} tidak boleh sesudah hari ini").format(label=_("Tanggal mulai")),
        )
    if employer.registered_on > start or (
        employer.na_date is not None and employer.na_date <= start
    ):
        problem(
            "start_date",
            shown_start,
            _("Pemberi kerja {name} tidak aktif pada tanggal mulai").format(name=employer.name),
        )
    if start < inputs.PROGRAMME_START:
        problem(
            "start_date",
            shown_start,
            _("{label} tidak boleh sebelum {earliest}").format(
                label=_("Tanggal mulai"), earliest="01/01/1977"
            ),
        )


def _checked_programmes(
    programmes: frozenset[Programme] | None,
    employer: _EmployerFacts,
    age: int,
    start: date,
    problem: _Problem,
) -> frozenset[Programme]:
    """The row's programmes (else the employer's, plus JKP when eligible), checked for a PU
    worker of the employer's size."""
    if programmes is None:
        programmes = employer.programmes
        if jkp_eligible(programmes, employer.size_class, age, start):
            programmes = programmes | {Programme.JKP}
    try:
        check_programmes(
            Segment.PU, programmes, on=start, size=employer.size_class, age_at_registration=age
        )
    except ValidationError as exc:
        for error in exc.errors:
            problem("programmes", programmes_text(programmes), error.message)
    return programmes


def _minimum_wage_warning(
    row: int, wage: int, employer: _EmployerFacts, start: date
) -> RowError | None:
    """A warning (not an error) for a wage below the regency's minimum on the start date."""
    minimum = minimum_wage(employer.regency_code, start)
    if minimum is None or wage >= minimum.amount:
        return None
    return RowError(
        row,
        _label("wage"),
        group_thousands(wage),
        _("Upah di bawah {kind} {regency} ({minimum}) pada tanggal mulai").format(
            kind=minimum.kind,
            regency=regency_name(employer.regency_code) or employer.regency_code,
            minimum=format_rupiah(minimum.amount),
        ),
    )


def _check_rows(parsed: ParsedList, employer: _EmployerFacts, today: date) -> _Checked:
    """Every rule that needs only the file, the employer and today; then duplicates in the file."""
    checked = _Checked(list(parsed.errors), list(parsed.warnings), {}, {})
    bad_cells = {e.row for e in parsed.errors}
    for row in parsed.rows:
        _check_row(row, employer, today, checked)
        if row.row in bad_cells:
            checked.good.pop(row.row, None)
    rows_by_nik: dict[str, list[int]] = defaultdict(list)
    for number, nik in checked.niks.items():
        rows_by_nik[nik].append(number)
    for nik, numbers in rows_by_nik.items():
        if len(numbers) < 2:
            continue
        for number in numbers:
            others = ", ".join(str(n) for n in numbers if n != number)
            checked.errors.append(
                RowError(
                    number,
                    _label("nik"),
                    nik,
                    _("NIK yang sama juga ada di baris {rows} file ini").format(rows=others),
                )
            )
            checked.good.pop(number, None)
    return checked


def _check_registered(session: Session, checked: _Checked, steps: _Steps, span: range) -> None:
    """Refuse every row whose NIK already belongs to a person in the database (named)."""
    rows_by_nik: dict[str, list[int]] = defaultdict(list)
    for number, nik in checked.niks.items():
        rows_by_nik[nik].append(number)
    niks = sorted(rows_by_nik)
    described = 0
    for start in range(0, len(niks), LOOKUP_CHUNK):
        if start % (LOOKUP_CHUNK * 20) == 0:
            done = start / max(1, len(niks))
            steps.report(
                span.start + int((span.stop - span.start) * done),
                _("Mencocokkan NIK dengan database…"),
            )
        chunk = niks[start : start + LOOKUP_CHUNK]
        for person in session.scalars(select(Person).where(Person.nik.in_(chunk))):
            described += 1
            if described <= MAX_DESCRIBED:
                message = _("NIK {nik} sudah terdaftar: {member}").format(
                    nik=person.nik, member=member_description(session, person)
                )
            else:
                message = _("NIK {nik} sudah terdaftar atas nama {name}").format(
                    nik=person.nik, name=person.name
                )
            for number in rows_by_nik[person.nik]:
                checked.errors.append(RowError(number, _label("nik"), person.nik, message))
                checked.good.pop(number, None)


_COLUMN_ORDER = {c.label: position for position, c in enumerate(COLUMNS)}


def _report(
    file_name: str,
    sha256: str,
    employer: _EmployerFacts,
    rows_total: int,
    checked: _Checked,
) -> ImportReport:
    def order(error: RowError) -> tuple[int, int]:
        return error.row, _COLUMN_ORDER.get(error.column, len(_COLUMN_ORDER))

    errors = tuple(sorted(dict.fromkeys(checked.errors), key=order))
    bad = len({e.row for e in errors})
    return ImportReport(
        file_name=file_name,
        sha256=sha256,
        npp=employer.npp,
        employer_name=employer.name,
        rows_total=rows_total,
        rows_valid=rows_total - bad,
        rows_bad=bad,
        errors=errors,
        warnings=tuple(sorted(checked.warnings, key=order)),
    )


# --- reading the file -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Source:
    name: str
    sha256: str
    parsed: ParsedList


def _read(path: Path | str, steps: _Steps, span: range) -> _Source:
    path = Path(path)
    steps.report(span.start, _("Membaca file…"))
    data = read_file(path)
    parsed = read_worker_list(path, data=data, progress=steps.reading(span.start, span.stop))
    if not parsed.rows:
        raise KnownError(_("File {name} tidak berisi baris data").format(name=path.name))
    return _Source(path.name, hashlib.sha256(data).hexdigest(), parsed)


# --- the two calls ---------------------------------------------------------------------------------


@scope.guarded
def dry_run(
    db: Database,
    actor: Actor,
    npp: str,
    path: Path | str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Check a worker list for *npp* without saving anything; list every bad row."""
    require(actor, "import.workers")
    scope.check(db, actor, "employer", npp)
    npp = validate_npp(npp)
    steps = _Steps(progress, cancelled)
    source = _read(path, steps, range(0, 70))
    with db.read() as session:
        employer = _employer_facts(session, npp)
        steps.report(70, _("Memeriksa baris…"))
        checked = _check_rows(source.parsed, employer, today_wib())
        _check_registered(session, checked, steps, range(80, 99))
    steps.report(100, _("Selesai"))
    return _report(source.name, source.sha256, employer, len(source.parsed.rows), checked)


@scope.guarded
def commit(
    db: Database,
    actor: Actor,
    npp: str,
    path: Path | str,
    *,
    only_valid: bool = False,
    expected_sha256: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import the rows of a worker list for *npp* in one transaction.

    Args:
        only_valid: import the good rows even though others are bad (they are reported).
        expected_sha256: the hash of the file as it was dry-run; refuse if it has changed since.

    Raises:
        ImportHasErrors: bad rows and not *only_valid*, or no good row at all; nothing saved.
        ImportCancelled: *cancelled* returned True; nothing saved.
        ConflictError: the file changed since the dry run, or a NIK was registered elsewhere
            while the import was being written; nothing saved.
    """
    require(actor, "import.workers")
    scope.check(db, actor, "employer", npp)
    npp = validate_npp(npp)
    steps = _Steps(progress, cancelled)
    source = _read(path, steps, range(0, 45))
    if expected_sha256 is not None and expected_sha256 != source.sha256:
        raise ConflictError(
            _("File {name} berubah sejak diperiksa; periksa ulang sebelum mengimpor").format(
                name=source.name
            )
        )
    today = today_wib()
    with db.read() as session:
        employer = _employer_facts(session, npp)
    steps.report(45, _("Memeriksa baris…"))
    checked = _check_rows(source.parsed, employer, today)
    if checked.good and (only_valid or not checked.errors):
        # A verified copy first, taken by the service so the command line gets it too: an
        # import adds thousands of people at once, and this is the way back (issue #12).
        steps.report(47, _("Mencadangkan database sebelum impor…"))
        backup.backup_before(db, "import")
    try:
        with db.write() as session:
            current = _employer_facts(session, npp)
            if current != employer:  # changed meanwhile: check against what is there now
                employer = current
                checked = _check_rows(source.parsed, employer, today)
            _check_registered(session, checked, steps, range(50, 60))
            report = _report(source.name, source.sha256, employer, len(source.parsed.rows), checked)
            _refuse_bad_rows(report, only_valid, bool(checked.good))
            good = [checked.good[number] for number in sorted(checked.good)]
            kpjs = _insert(session, employer, good, today, steps, actor.user_id)
            audit.record(
                session, actor, "worker.import", "employer", employer.id,
                {"npp": employer.npp, "file": source.name, "sha256": source.sha256,
                 "rows_total": report.rows_total, "rows_imported": len(good),
                 "rows_bad": report.rows_bad, "first_kpj": kpjs[0], "last_kpj": kpjs[-1]},
            )  # fmt: skip
            steps.report(99, _("Menyimpan…"))  # the last chance to cancel: before COMMIT
    except sa_exc.IntegrityError as exc:
        raise ConflictError(
            _(
                "Sebagian NIK baru saja didaftarkan dari tempat lain saat impor berjalan; "
                "tidak ada yang disimpan. Periksa ulang file lalu impor lagi."
            )
        ) from exc
    if progress is not None:
        progress(100, _("Selesai"))
    return replace(report, committed=True, imported=len(good), first_kpj=kpjs[0], last_kpj=kpjs[-1])


def _refuse_bad_rows(report: ImportReport, only_valid: bool, any_good: bool) -> None:
    """Refuse (nothing saved) a file with bad rows unless *only_valid*, or with no good row."""
    if report.rows_bad and not only_valid:
        raise ImportHasErrors(
            _(
                "{summary}; tidak ada yang diimpor. Perbaiki baris yang bermasalah, atau "
                "impor hanya baris yang valid."
            ).format(summary=report.summary),
            report,
        )
    if not any_good:
        raise ImportHasErrors(
            _("{summary}; tidak ada baris valid untuk diimpor.").format(summary=report.summary),
            report,
        )


def _reserve_kpjs(session: Session, count: int, today: date) -> list[str]:
    """*count* KPJ numbers of this year's sequence, reserved as one block (a number already
    taken, e.g. carried over from a legacy record, is skipped and replaced from a new block)."""
    name = f"kpj:{today.year % 100:02d}"
    numbers: list[str] = []
    needed = count
    while needed:
        first = next_value(session, name, needed)
        block = [make_kpj(today.year, first + i) for i in range(needed)]
        taken = set(
            session.scalars(
                select(Membership.kpj).where(
                    Membership.kpj >= block[0], Membership.kpj <= block[-1]
                )
            )
        )
        numbers += [kpj for kpj in block if kpj not in taken]
        needed = count - len(numbers)
    return numbers


def _insert(
    session: Session,
    employer: _EmployerFacts,
    good: Sequence[_GoodRow],
    today: date,
    steps: _Steps,
    reported_by: int | None = None,
) -> list[str]:
    """Bulk-insert the people and their memberships; return the KPJ numbers issued, in order."""
    kpjs = _reserve_kpjs(session, len(good), today)
    now = datetime.now(UTC)
    membership_table = Membership.metadata.tables["membership"]  # the Core table
    total = len(good)
    for start in range(0, total, CHUNK):
        steps.report(
            60 + int(38 * start / total),
            _("Menyimpan {done} dari {total} tenaga kerja…").format(
                done=group_thousands(start), total=group_thousands(total)
            ),
        )
        chunk = good[start : start + CHUNK]
        id_by_nik = _insert_people(session, chunk, now)
        memberships: list[dict[str, Any]] = [
            {
                "kpj": kpjs[start + offset],
                "person_id": id_by_nik[r.nik],
                "segment": Segment.PU,
                "office_id": employer.office_id,
                "employer_id": employer.id,
                "programmes": r.programmes,
                "wage": r.wage,
                "job_title": r.job_title,
                "start_date": r.start_date,
                "created_at": now,
            }
            for offset, r in enumerate(chunk)
        ]
        session.execute(insert(membership_table), memberships)
    _insert_wages(session, employer.id, now, reported_by)
    return kpjs


def _insert_people(session: Session, chunk: Sequence[_GoodRow], now: datetime) -> dict[str, int]:
    """Insert the people of *chunk*; return their new ids by NIK."""
    person_table = Person.metadata.tables["person"]  # the Core table: a plain executemany
    people: list[dict[str, Any]] = [
        {
            "nik": r.nik,
            "name": r.name,
            "birth_place": r.birth_place,
            "birth_date": r.birth_date,
            "sex": r.sex,
            "mother_name": r.mother_name,
            "regency_code": r.regency_code,
            "phone": r.phone,
            "created_at": now,
        }
        for r in chunk
    ]
    # A plain executemany, then the new ids by NIK (unique, and checked free in this very
    # transaction): twice as fast on SQLite as INSERT … RETURNING in sorted order.
    session.execute(insert(person_table), people)
    id_by_nik: dict[str, int] = {}
    for lookup in range(0, len(chunk), LOOKUP_CHUNK):
        niks = [r.nik for r in chunk[lookup : lookup + LOOKUP_CHUNK]]
        found = session.execute(
            select(person_table.c.nik, person_table.c.id).where(person_table.c.nik.in_(niks))
        )
        id_by_nik.update((nik, person_id) for nik, person_id in found)
    return id_by_nik


def _insert_wages(
    session: Session, employer_id: int, now: datetime, reported_by: int | None
) -> None:
    """Each membership just inserted gets its wage, dated from the month it starts (issue #10),
    in one statement."""
    membership_table = Membership.metadata.tables["membership"]
    dated = Membership.metadata.tables["membership_wage"]
    session.execute(
        insert(dated).from_select(
            ["membership_id", "valid_from", "wage", "reported_by", "reported_at"],
            select(
                membership_table.c.id,
                func.substr(cast(membership_table.c.start_date, String), 1, 7),
                membership_table.c.wage,
                literal(reported_by, Integer()),
                literal(now, UtcDateTime()),
            ).where(
                membership_table.c.employer_id == employer_id,
                membership_table.c.created_at == now,
                membership_table.c.wage.is_not(None),
            ),
        )
    )


# --- the files around an import ------------------------------------------------------------------


def write_template(path: Path | str) -> Path:
    """The empty worker list an employer fills in (the columns :func:`dry_run` reads, NIK and date
    columns as text, a help sheet), written whole at *path*."""
    return _write_template(path)


def write_problems(path: Path | str, report: ImportReport) -> Path:
    """The bad rows of *report* (and its warnings, on a second sheet) as a workbook at *path*,
    NIKs and wages masked, marked confidential. It holds rows of a worker list: the caller
    records the export with its purpose first (services/personal.py ``record_export``)."""
    return write_error_report(path, report.errors, report.warnings)
