"""Worker-list import (dry run and commit) on real databases: SQLite, and PostgreSQL when present."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, text, update

from bpjs_desktop.db.engine import Database
from bpjs_desktop.db.models import AuditEvent, Counter, Membership, Person, Role
from bpjs_desktop.domain.identifiers import Sex, make_kpj
from bpjs_desktop.domain.periods import Period, today_wib
from bpjs_desktop.domain.programmes import Programme, Segment, SizeClass
from bpjs_desktop.errors import (
    ConflictError,
    KnownError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from bpjs_desktop.services import imports, membership_common, reports, wage_history, worker_registry
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.imports import ImportCancelled, ImportHasErrors
from tests.conftest import fresh_nik
from tests.helpers import HEADERS, counts, list_row

BORN = date(1990, 5, 15)


def row(birth: date = BORN, nik_sex: Sex = Sex.L, **overrides: object) -> list[object]:
    """A valid row (tests.helpers.list_row) of someone born `birth` whose NIK says `nik_sex`."""
    values = {"nik": fresh_nik(birth, nik_sex), "birth_date": birth.strftime("%d/%m/%Y")}
    return list_row(**(values | {"sex": nik_sex.value} | overrides))


def problems(report: imports.ImportReport) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in report.errors]


# --- dry run -----------------------------------------------------------------------------------


def test_dry_run_names_every_bad_row_with_column_and_reason_and_saves_nothing(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """Each rule of a PU registration refuses its row, naming the column; good rows pass."""
    employer = make_employer()
    path = write_list(
        [
            row(),  # 2: good
            row(nik=fresh_nik(BORN, Sex.L), birth_date="16/05/1990"),  # 3: birth date ≠ NIK
            row(nik=fresh_nik(BORN, Sex.P), sex="L"),  # 4: sex ≠ NIK
            row(birth=date(2004, 6, 1), start_date="02/01/2018"),  # 5: 13 years old
            row(start_date="01/01/2099"),  # 6: in the future
            row(start_date="02/01/2016"),  # 7: before the employer registered (2017)
            row(wage="0"),  # 8: no wage
            row(programmes="JKK,JKM"),  # 9: a medium employer must give JHT and JP
            row(nik="3525011532900001"),  # 10: month 32 in the NIK
            row(name="Budi 2"),  # 11: digits in a name
            row(),  # 12: good
        ]
    )
    before = counts(db)

    report = imports.dry_run(db, admin, employer.npp, path)

    assert problems(report) == [
        (3, "Tanggal lahir"), (4, "Jenis kelamin"), (5, "Tanggal lahir"), (6, "Tanggal mulai"),
        (7, "Tanggal mulai"), (8, "Upah sebulan"), (9, "Program"), (10, "NIK"), (11, "Nama"),
    ]  # fmt: skip
    reasons = {e.row: e.message for e in report.errors}
    assert reasons[3] == "Tanggal lahir 16/05/1990 tidak sesuai dengan NIK (15/05/1990)"
    assert reasons[4] == "Jenis kelamin Laki-laki tidak sesuai dengan NIK (Perempuan)"
    assert reasons[5] == "Peserta harus berusia paling sedikit 15 tahun pada tanggal mulai"
    assert reasons[6] == "Tanggal mulai tidak boleh sesudah hari ini"
    assert reasons[7] == f"Pemberi kerja {employer.name} tidak aktif pada tanggal mulai"
    assert reasons[8] == "Upah sebulan wajib diisi dan lebih dari Rp0"
    assert reasons[9] == "Program wajib belum dipilih: JHT,JP"
    assert reasons[10].startswith("Bulan lahir pada NIK")
    assert (report.rows_total, report.rows_valid, report.rows_bad) == (11, 2, 9)
    assert report.summary == "2 baris valid, 9 baris bermasalah"
    assert (report.npp, report.employer_name, report.committed) == (
        employer.npp, employer.name, False,
    )  # fmt: skip
    assert counts(db) == before  # a dry run writes nothing, not even an audit event


def test_wage_below_the_regency_minimum_is_a_warning_not_an_error(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """Rp1.000.000 in Gresik in 2018 (UMK Rp3.580.370) warns; the row stays valid."""
    employer = make_employer()
    path = write_list([row(wage="1.000.000"), row()])

    report = imports.dry_run(db, admin, employer.npp, path)

    assert report.errors == ()
    [warning] = report.warnings
    assert (warning.row, warning.column, warning.value) == (2, "Upah sebulan", "1.000.000")
    assert "di bawah UMK Kab. Gresik (Rp3.580.370)" in warning.message


def test_the_same_nik_twice_in_the_file_refuses_both_rows(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """Which of two rows with one NIK is the worker? Both are named, each pointing at the other."""
    employer = make_employer()
    nik = fresh_nik()
    path = write_list([row(nik=nik), row(), row(nik=nik, name="Budi S")])

    report = imports.dry_run(db, admin, employer.npp, path)

    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "NIK", "NIK yang sama juga ada di baris 4 file ini"),
        (4, "NIK", "NIK yang sama juga ada di baris 2 file ini"),
    ]
    assert report.rows_valid == 1


def test_a_nik_already_registered_names_the_existing_member(
    db: Database, admin: Actor, make_employer, make_worker, write_list
) -> None:
    """A NIK in the database is refused with who holds it: name, KPJ, employer, status."""
    employer = make_employer()
    existing = make_worker(employer_npp=employer.npp, name="Siti Aminah")
    path = write_list([row(), row(nik=existing.nik, name="Siti Aminah")])

    report = imports.dry_run(db, admin, employer.npp, path)

    [error] = report.errors
    assert (error.row, error.column, error.value) == (3, "NIK", existing.nik)
    assert error.message.startswith(
        f"NIK {existing.nik} sudah terdaftar: SITI AMINAH, KPJ {existing.kpj}"
    )
    assert f"NPP {employer.npp}" in error.message


def test_cell_problems_and_rule_problems_are_listed_together(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """A row with a numeric NIK and a two-digit year lists both, with their columns."""
    employer = make_employer()
    path = write_list([row(nik=3525011505900010, birth_date="15/05/90")])

    report = imports.dry_run(db, admin, employer.npp, path)

    assert problems(report) == [(2, "NIK"), (2, "Tanggal lahir")]
    assert "format kolom NIK sebagai Teks" in report.errors[0].message


def test_unknown_employer_and_file_problems_are_one_known_error(
    db: Database, admin: Actor, make_employer, write_list, tmp_path: Path
) -> None:
    """An NPP that does not exist, a missing file, an empty list: each is one clear message."""
    employer = make_employer()
    path = write_list([row()])
    with pytest.raises(NotFoundError, match="NPP 99999999 tidak ada"):
        imports.dry_run(db, admin, "99999999", path)
    with pytest.raises(KnownError, match="tidak ada"):
        imports.dry_run(db, admin, employer.npp, tmp_path / "hilang.xlsx")
    with pytest.raises(KnownError, match="tidak berisi baris data"):
        imports.dry_run(db, admin, employer.npp, write_list([], name="kosong.xlsx"))
    with pytest.raises(ValidationError, match="NPP harus 8 karakter"):
        imports.dry_run(db, admin, "12", path)


def test_front_office_staff_may_not_import(
    db: Database, make_user, make_employer, write_list
) -> None:
    """Importing is for the head of office and the administrator (design.md: admin's work)."""
    employer = make_employer()
    path = write_list([row()])
    clerk = make_user(Role.PELAYANAN)
    head = make_user(Role.KEPALA)

    with pytest.raises(PermissionDeniedError):
        imports.dry_run(db, clerk, employer.npp, path)
    with pytest.raises(PermissionDeniedError):
        imports.commit(db, clerk, employer.npp, path)
    assert imports.dry_run(db, head, employer.npp, path).rows_valid == 1


# --- commit ------------------------------------------------------------------------------------------


def test_commit_writes_exactly_the_good_rows_with_unique_kpjs_and_one_audit_event(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """only_valid: the 3 good rows are saved as given, KPJs are 11 digits and distinct, one event."""
    employer = make_employer()
    good_niks = [fresh_nik(), fresh_nik(date(1985, 1, 31), Sex.P), fresh_nik()]
    path = write_list(
        [
            row(nik=good_niks[0], name="budi  santoso", wage="Rp 5.000.000"),
            row(wage="abc"),  # bad
            row(nik=good_niks[1], birth=date(1985, 1, 31), nik_sex=Sex.P, name="Siti Aminah"),
            row(nik=good_niks[2], programmes="JKK,JKM,JHT,JP"),
        ]
    )
    people, members, events = counts(db)

    report = imports.commit(db, admin, employer.npp, path, only_valid=True)

    assert (report.committed, report.imported, report.rows_bad) == (True, 3, 1)
    assert counts(db) == (people + 3, members + 3, events + 1)
    with db.read() as session:
        saved = session.execute(
            select(Person.nik, Person.name, Person.sex, Person.regency_code, Membership.kpj,
                   Membership.wage, Membership.programmes, Membership.segment,
                   Membership.start_date, Membership.employer_id)
            .join(Membership, Membership.person_id == Person.id)
            .where(Person.nik.in_(good_niks))
            .order_by(Membership.kpj)
        ).all()  # fmt: skip
        [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "worker.import"))
    assert [(s.nik, s.name, s.sex, s.wage) for s in saved] == [
        (good_niks[0], "BUDI SANTOSO", "L", 5_000_000),
        (good_niks[1], "SITI AMINAH", "P", 4_500_000),
        (good_niks[2], "BUDI SANTOSO", "L", 4_500_000),
    ]
    assert {s.programmes for s in saved} == {"JKK,JKM,JHT,JP"}  # the employer's (no JKP in 2018)
    for s in saved:  # each wage is dated from the month the worker starts (issue #10)
        assert [(str(h.valid_from), h.wage) for h in wage_history.wage_history(db, s.kpj)] == [
            ("2018-01", s.wage)
        ]
    assert {(s.segment, s.start_date, s.employer_id, s.regency_code) for s in saved} == {
        (Segment.PU, date(2018, 1, 2), employer.id, "3525")
    }
    kpjs = [s.kpj for s in saved]
    assert len(set(kpjs)) == 3 and all(len(k) == 11 and k.isdigit() for k in kpjs)
    assert (report.first_kpj, report.last_kpj) == (kpjs[0], kpjs[-1])
    detail = json.loads(event.detail)
    assert detail == {
        "npp": employer.npp, "file": "daftar.xlsx", "sha256": report.sha256, "rows_total": 4,
        "rows_imported": 3, "rows_bad": 1, "first_kpj": kpjs[0], "last_kpj": kpjs[-1],
    }  # fmt: skip
    assert (event.entity, event.entity_id, event.username) == (
        "employer", str(employer.id), admin.username,
    )  # fmt: skip


def test_jkp_is_added_for_an_eligible_worker_as_register_worker_does(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """From 2021 a worker under 54 of a medium employer with the full set also gets JKP."""
    employer = make_employer()
    nik = fresh_nik()
    path = write_list([row(nik=nik, start_date="01/03/2022")])

    imports.commit(db, admin, employer.npp, path)

    with db.read() as session:
        programmes = session.scalar(
            select(Membership.programmes)
            .join(Person, Person.id == Membership.person_id)
            .where(Person.nik == nik)
        )
    assert programmes == "JKK,JKM,JHT,JP,JKP"


def test_commit_refuses_a_file_with_bad_rows_unless_told_to_import_only_the_good_ones(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """Without only_valid nothing is saved and the report of every bad row comes with the error."""
    employer = make_employer()
    path = write_list([row(), row(sex="X")])
    before = counts(db)

    with pytest.raises(ImportHasErrors) as raised:
        imports.commit(db, admin, employer.npp, path)

    assert counts(db) == before
    assert problems(raised.value.report) == [(3, "Jenis kelamin")]
    assert "tidak ada yang diimpor" in raised.value.message


def test_a_file_with_no_good_row_imports_nothing_even_with_only_valid(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """All rows bad: there is nothing to import and no audit event for an empty import."""
    employer = make_employer()
    path = write_list([row(sex="X")])
    before = counts(db)

    with pytest.raises(ImportHasErrors, match="tidak ada baris valid"):
        imports.commit(db, admin, employer.npp, path, only_valid=True)

    assert counts(db) == before


def test_a_row_failing_at_write_time_saves_nothing_at_all(
    db: Database, admin: Actor, make_employer, make_worker, write_list, monkeypatch
) -> None:
    """All or nothing: a NIK registered behind the check's back fails the 3rd chunk; the first
    two chunks, the KPJ block and the audit event are all rolled back."""
    employer = make_employer()
    taken = make_worker(employer_npp=employer.npp)
    monkeypatch.setattr(imports, "CHUNK", 2)
    monkeypatch.setattr(imports, "_check_registered", lambda *args: None)  # the race
    path = write_list([row(), row(), row(), row(), row(nik=taken.nik), row()])
    before = counts(db)
    with db.read() as session:
        counter_before = session.scalar(select(Counter.value).where(Counter.name.like("kpj:%")))

    with pytest.raises(ConflictError, match="tidak ada yang disimpan"):
        imports.commit(db, admin, employer.npp, path)

    assert counts(db) == before
    with db.read() as session:
        assert session.scalar(select(Counter.value).where(Counter.name.like("kpj:%"))) == (
            counter_before
        )


def test_cancel_between_chunks_rolls_everything_back(
    db: Database, admin: Actor, make_employer, write_list, monkeypatch
) -> None:
    """Cancel pressed while the second chunk is being written: nothing of the first one stays."""
    employer = make_employer()
    monkeypatch.setattr(imports, "CHUNK", 2)
    path = write_list([row() for _ in range(5)])
    before = counts(db)
    progress: list[tuple[int, str]] = []

    def cancelled() -> bool:
        return any(message.startswith("Menyimpan 2 dari") for _p, message in progress)

    with pytest.raises(ImportCancelled, match="tidak ada yang disimpan"):
        imports.commit(
            db, admin, employer.npp, path,
            progress=lambda p, m: progress.append((p, m)), cancelled=cancelled,
        )  # fmt: skip

    assert any(m.startswith("Menyimpan 0 dari 5") for _p, m in progress)  # chunk 1 was written
    assert counts(db) == before


def test_commit_refuses_a_file_changed_since_its_dry_run(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """The user checked one file; if it was edited before Import, it must be checked again."""
    employer = make_employer()
    path = write_list([row()])
    checked = imports.dry_run(db, admin, employer.npp, path)
    write_list([row(), row()])
    before = counts(db)

    with pytest.raises(ConflictError, match="berubah sejak diperiksa"):
        imports.commit(db, admin, employer.npp, path, expected_sha256=checked.sha256)

    assert counts(db) == before


def test_a_kpj_already_taken_in_the_reserved_block_is_skipped(
    db: Database, admin: Actor, make_employer, make_worker, write_list
) -> None:
    """A block that overlaps an existing KPJ (e.g. a legacy record) skips it; KPJs stay unique."""
    employer = make_employer()
    existing = make_worker(employer_npp=employer.npp)
    name = f"kpj:{today_wib().year % 100:02d}"
    with db.write() as session:  # the counter is behind: its next number is the existing KPJ
        session.execute(update(Counter).where(Counter.name == name).values(value=0))
    assert existing.kpj == make_kpj(today_wib().year, 1)
    path = write_list([row(), row(), row()])

    report = imports.commit(db, admin, employer.npp, path)

    with db.read() as session:
        kpjs = session.scalars(select(Membership.kpj).order_by(Membership.kpj)).all()
    assert len(kpjs) == len(set(kpjs)) == 4
    assert report.first_kpj == make_kpj(today_wib().year, 2)
    assert report.last_kpj == make_kpj(today_wib().year, 4)


def test_imported_workers_count_in_the_monthly_summary(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """The report of January 2018 counts the imported wage earners at the employer's office."""
    employer = make_employer()
    january = Period(2018, 1)
    before = reports.monthly_summary(db, january, "GRS").total
    path = write_list([row() for _ in range(4)])

    imports.commit(db, admin, employer.npp, path)

    after = reports.monthly_summary(db, january, "GRS").total
    assert after.workers_pu == before.workers_pu + 4
    assert after.workers_new == before.workers_new + 4


# --- the same rules as the registration form ----------------------------------------------------------


CASES = [
    ({"birth_date": date(1990, 5, 16)}, {"birth_date": "16/05/1990"}, "Tanggal lahir"),
    ({"sex": Sex.P}, {"sex": "P"}, "Jenis kelamin"),
    ({"name": "B"}, {"name": "B"}, "Nama"),
    ({"start_date": date(2099, 1, 1)}, {"start_date": "01/01/2099"}, "Tanggal mulai"),
    ({"start_date": date(2016, 1, 4)}, {"start_date": "04/01/2016"}, "Tanggal mulai"),
    ({"wage": 0}, {"wage": "0"}, "Upah sebulan"),
    (
        {"programmes": frozenset({Programme.JKK, Programme.JKM, Programme.JHT})},
        {"programmes": "JKK,JKM,JHT"},
        "Program",
    ),
]


@pytest.mark.parametrize(("form", "cells", "column"), CASES)
def test_import_refuses_what_register_worker_refuses(
    db: Database, admin: Actor, make_employer, write_list, form, cells, column
) -> None:
    """Parity with worker_registry.register_worker: the same input is refused by both, on the same
    field. (The rules are written twice until membership exposes one PU check for both.)"""
    employer = make_employer(size_class=SizeClass.MENENGAH)
    nik = fresh_nik()
    data = {
        "nik": nik, "name": "Budi Santoso", "birth_date": BORN, "sex": Sex.L,
        "segment": Segment.PU, "start_date": date(2018, 1, 2), "wage": 4_500_000,
        "employer_npp": employer.npp,
    }  # fmt: skip
    data.update(form)
    with pytest.raises(ValidationError):
        worker_registry.register_worker(db, admin, membership_common.WorkerInput(**data))

    report = imports.dry_run(db, admin, employer.npp, write_list([row(nik=nik, **cells)]))

    assert column in {e.column for e in report.errors}


def test_a_many_chunk_import_gives_every_row_its_person_and_kpj(
    db: Database, admin: Actor, make_employer, write_list, monkeypatch
) -> None:
    """Many chunks and lookups (small chunk sizes) give every row its person and KPJ."""
    employer = make_employer()
    monkeypatch.setattr(imports, "CHUNK", 7)
    monkeypatch.setattr(imports, "LOOKUP_CHUNK", 3)
    births = [date(1980, 1, 1) + timedelta(days=i) for i in range(30)]
    niks = [fresh_nik(birth) for birth in births]
    path = write_list([row(nik=n, birth=b) for n, b in zip(niks, births, strict=True)])

    report = imports.commit(db, admin, employer.npp, path)

    assert report.imported == 30
    with db.read() as session:
        pairs = session.execute(
            text(
                "SELECT p.nik, p.birth_date FROM person p JOIN membership m ON m.person_id = p.id"
                " WHERE m.employer_id = :e"
            ),
            {"e": employer.id},
        ).all()
    assert len(pairs) == 30
    assert {p[0] for p in pairs} == set(niks)


def test_past_the_first_thousand_duplicates_are_named_briefly(
    db: Database, admin: Actor, make_employer, make_worker, write_list, monkeypatch
) -> None:
    """Re-checking a list imported already stays fast: beyond MAX_DESCRIBED the holder is named
    by name only (no per-member queries), the first ones in full."""
    employer = make_employer()
    first = make_worker(employer_npp=employer.npp, name="Siti Aminah")
    second = make_worker(employer_npp=employer.npp, name="Budi Utomo")
    monkeypatch.setattr(imports, "MAX_DESCRIBED", 1)
    path = write_list([row(nik=first.nik), row(nik=second.nik)])

    report = imports.dry_run(db, admin, employer.npp, path)

    messages = sorted(e.message for e in report.errors)
    assert len(messages) == 2
    assert sum(f"KPJ {w.kpj}" in m for m in messages for w in (first, second)) == 1
    assert sum(m.endswith(("atas nama SITI AMINAH", "atas nama BUDI UTOMO")) for m in messages) == 1


# --- the files around an import ----------------------------------------------------------------


def test_the_template_has_the_columns_a_dry_run_reads(tmp_path: Path) -> None:
    """The empty list an employer fills in starts with exactly the columns the import reads."""
    path = imports.write_template(tmp_path / "templat.xlsx")

    # A read-only workbook keeps its file open until closed.
    with closing(openpyxl.load_workbook(path, read_only=True)) as workbook:
        header = next(workbook.worksheets[0].iter_rows(max_row=1))
        assert [cell.value for cell in header] == HEADERS


def test_the_problem_report_lists_the_bad_rows_with_the_nik_masked(
    db: Database, admin: Actor, make_employer, write_list, tmp_path: Path
) -> None:
    """Written from a dry run's report: row, column, value and reason of each bad row; a NIK
    in it is masked (it is personal data leaving the application)."""
    employer = make_employer()
    bad_nik = "3525011532900001"  # month 32: refused in the NIK column
    report = imports.dry_run(
        db, admin, employer.npp, write_list([row(), row(wage="0"), row(nik=bad_nik)])
    )

    path = imports.write_problems(tmp_path / "kesalahan.xlsx", report)

    with closing(openpyxl.load_workbook(path, read_only=True)) as workbook:
        rows = [[cell.value for cell in r] for r in workbook.worksheets[0].iter_rows(min_row=2)]
    assert [(r[0], r[1]) for r in rows] == [(3, "Upah sebulan"), (4, "NIK")]
    assert rows[0][3] == "Upah sebulan wajib diisi dan lebih dari Rp0"
    assert bad_nik not in str(rows[1][2])
