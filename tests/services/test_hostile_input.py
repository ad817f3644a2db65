"""Hostile input through the services (issue #12, "Hostile input, tried"): every case is refused
with a message naming the field, or stored cleaned; nothing ends in an unexpected error and a
refusal leaves the database as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bpjs_desktop.db.engine import Database
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.services import (
    directory,
    imports,
    member_changes,
    membership_common,
    worker_registry,
)
from bpjs_desktop.services.context import Actor
from bpjs_desktop.services.imports import ImportHasErrors
from tests.conftest import fresh_nik
from tests.helpers import HEADERS, counts, list_row

BORN = date(1990, 5, 15)


def worker(npp: str, **overrides: object) -> membership_common.WorkerInput:
    values: dict[str, object] = {
        "nik": fresh_nik(BORN, Sex.L),
        "name": "Budi Santoso",
        "birth_date": BORN,
        "sex": Sex.L,
        "segment": Segment.PU,
        "start_date": date(2018, 1, 2),
        "wage": 4_000_000,
        "employer_npp": npp,
    }
    values.update(overrides)
    return membership_common.WorkerInput(**values)  # type: ignore[arg-type]


# --- register_worker --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"wage": 10**20}, "wage", "Upah sebulan paling besar Rp10.000.000.000 sebulan"),
        ({"wage": 2**63}, "wage", "Upah sebulan paling besar Rp10.000.000.000 sebulan"),
        ({"name": "BUDI \ud800 SANTOSO"}, "name", "Nama berisi karakter Unicode yang rusak"),
        ({"name": "BUDI\x00SANTOSO"}, "name", "Nama berisi karakter NUL"),
        ({"name": "A" * 10_000}, "name", "Nama paling panjang 120 karakter, bukan 10000"),
        ({"mother_name": "B" * 10_000}, "mother_name", "Nama ibu kandung paling panjang 120"),
        ({"birth_place": "C" * 10_000}, "birth_place", "Tempat lahir paling panjang 80"),
        ({"job_title": "D" * 10_000}, "job_title", "Jabatan paling panjang 80"),
        ({"name": '+HYPERLINK("http://x")'}, "name", "Nama tidak boleh diawali '+'"),
        ({"name": "@SUM(A:A)"}, "name", "Nama tidak boleh diawali '@'"),
        ({"start_date": date(1800, 1, 1)}, "start_date", "tidak boleh sebelum 01/01/1977"),
        ({"birth_date": date(1800, 1, 1)}, "birth_date", "tidak boleh sebelum 01/01/1900"),
        ({"phone": "0812\u00b2\u00b3\u2074\u2460\u24610000"}, "phone", "No. HP harus berisi"),
        ({"nik": "\u2460\u2461" * 8}, "nik", "NIK hanya boleh berisi angka 0–9"),
    ],
)
def test_register_worker_refuses_hostile_values_naming_the_field(
    db: Database, admin: Actor, make_employer, overrides: dict[str, object], field: str,
    message: str,
) -> None:  # fmt: skip
    employer = make_employer()
    before = counts(db)

    with pytest.raises(ValidationError) as raised:
        worker_registry.register_worker(db, admin, worker(employer.npp, **overrides))

    assert raised.value.field == field
    assert message in raised.value.message
    assert len(raised.value.message) < 300  # a 10,000-character name is never echoed
    assert counts(db) == before


def test_a_name_is_stored_in_nfc(db: Database, admin: Actor, make_employer) -> None:
    """ "SITI" typed with a combining accent and precomposed is one name, not two look-alikes."""
    employer = make_employer()
    row = worker_registry.register_worker(db, admin, worker(employer.npp, name="Jose\u0301 Aminah"))
    assert row.name == "JOS\u00c9 AMINAH"


def test_register_employer_refuses_10000_character_address_and_email(
    db: Database, admin: Actor, make_employer
) -> None:
    before = counts(db)
    with pytest.raises(ValidationError) as raised:
        make_employer(address="Jl. " + "x" * 10_000, contact_email="a" * 10_000 + "@x.id")
    assert [e.field for e in raised.value.errors] == ["address", "contact_email"]
    assert "Alamat paling panjang 200 karakter" in raised.value.message
    with pytest.raises(ValidationError, match="tidak boleh sebelum 01/01/1977"):
        make_employer(registered_on=date(1800, 1, 1))
    with pytest.raises(ValidationError, match="NIB harus 13 digit"):
        make_employer(nib="\u2460" * 13)
    assert counts(db) == before


def test_update_membership_refuses_a_wage_past_the_bound(
    db: Database, admin: Actor, make_employer, make_worker
) -> None:
    worker_row = make_worker(employer_npp=make_employer().npp)
    before = counts(db)
    with pytest.raises(ValidationError, match=r"paling besar Rp10\.000\.000\.000") as raised:
        member_changes.update_membership(
            db, admin, worker_row.kpj, membership_common.MembershipChanges(wage=10**20)
        )
    assert raised.value.field == "wage"
    with pytest.raises(ValidationError, match="NUL"):
        member_changes.update_person(
            db, admin, worker_row.person_id, membership_common.PersonChanges(name="BUDI\x00")
        )
    assert counts(db) == before


# --- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["\u00b2\u00b3\u2074", "\u2460\u2461", "123\u00b2456", "siti " * 1_000, "\ud800abc", "a\x00b"],
)
def test_search_answers_hostile_queries_without_error(db: Database, query: str) -> None:
    assert isinstance(directory.search(db, query), list)


def test_search_uses_the_first_words_of_a_long_query(
    db: Database, admin: Actor, make_employer, make_worker
) -> None:
    """~1,000 words made the database's query too large; the first eight are searched."""
    make_worker(name="Siti Aminah", employer_npp=make_employer().npp)
    hits = directory.search(db, "siti aminah " + "x " * 1_000)
    assert hits == []  # x is not in any name: the first eight words must all match
    hits = directory.search(db, "siti aminah " * 500)
    assert [h.title for h in hits] == ["SITI AMINAH"]


# --- import ---------------------------------------------------------------------------------------


def test_import_refuses_wages_past_the_bound_in_the_dry_run_and_commit(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    """10^20 and 2^63 passed the dry run and crashed the commit (OverflowError); a 5,000-digit
    wage said "Exceeds the limit (4300 digits)"."""
    employer = make_employer()
    path = write_list(
        [
            list_row(),  # 2: good
            list_row(wage=10**20),  # 3: a number cell
            list_row(wage=str(2**63)),  # 4: text
            list_row(wage="9" * 5_000),  # 5: 5,000 digits
            list_row(wage=1e20),  # 6: a float cell
        ]
    )
    before = counts(db)

    report = imports.dry_run(db, admin, employer.npp, path)

    assert [(e.row, e.column) for e in report.errors] == [
        (3, "Upah sebulan"), (4, "Upah sebulan"), (5, "Upah sebulan"), (6, "Upah sebulan"),
    ]  # fmt: skip
    messages = [e.message for e in report.errors]
    assert messages[0] == "Upah sebulan paling besar Rp10.000.000.000 sebulan"
    assert messages[1] == "Jumlah terlalu besar (19 digit): 9223372036854775808"
    assert messages[3] == messages[0]
    assert messages[2].startswith("Jumlah terlalu besar (5000 digit)")
    assert all(len(e.message) < 200 and len(e.value) <= 60 for e in report.errors)
    with pytest.raises(ImportHasErrors):
        imports.commit(db, admin, employer.npp, path)
    assert counts(db) == before
    result = imports.commit(db, admin, employer.npp, path, only_valid=True)
    assert result.rows_valid == 1
    assert counts(db)[0] == before[0] + 1


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("BUDI\x00SANTOSO", "Sel berisi karakter NUL"),
        ("=1+1", "Rumus (formula) tidak diterima"),
        ('+HYPERLINK("http://evil.example","klik")', "Sel tidak boleh diawali '+'"),
        ("@SUM(A:A)", "Sel tidak boleh diawali '@'"),
        ("-CMD|' /C CALC'!A0", "Sel tidak boleh diawali '-'"),
        ("\tBUDI", None),  # a leading tab is a space: cleaned away, the name is fine
    ],
)
def test_import_refuses_nul_and_formula_names(
    db: Database, admin: Actor, make_employer, tmp_path: Path, name: str, reason: str | None
) -> None:
    """Written as CSV: openpyxl itself refuses a NUL in an xlsx, a CSV carries it."""
    employer = make_employer()
    path = tmp_path / "daftar.csv"
    lines = [";".join(HEADERS), ";".join(str(v) for v in list_row(name=name))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = counts(db)

    report = imports.dry_run(db, admin, employer.npp, path)

    if reason is None:
        assert report.errors == ()
        return
    assert [(e.row, e.column) for e in report.errors] == [(2, "Nama")]
    assert report.errors[0].message.startswith(reason)
    assert "\x00" not in report.errors[0].value
    assert counts(db) == before


def test_import_refuses_a_start_date_before_the_programme(
    db: Database, admin: Actor, make_employer, write_list
) -> None:
    employer = make_employer(registered_on=date(1977, 1, 3))
    path = write_list([list_row(start_date="01/01/1950", birth_date="15/05/1930",
                                nik=fresh_nik(date(1930, 5, 15), Sex.L))])  # fmt: skip
    report = imports.dry_run(db, admin, employer.npp, path)
    assert "Tanggal mulai tidak boleh sebelum 01/01/1977" in [e.message for e in report.errors]


def test_an_oversized_file_is_refused_before_it_is_read(
    db: Database, admin: Actor, make_employer, tmp_path: Path, monkeypatch
) -> None:
    from bpjs_desktop.exchange import worker_list  # where the import's file limit lives

    monkeypatch.setattr(worker_list, "MAX_FILE_BYTES", 1_000)
    employer = make_employer()
    path = tmp_path / "besar.csv"
    path.write_bytes(b"x" * 1_001)
    with pytest.raises(KnownError, match="lebih besar dari 0 MiB"):
        imports.dry_run(db, admin, employer.npp, path)
