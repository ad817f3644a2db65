"""``import workers``: a 100,000-row worker list, dry run then commit, on a copy of the scale-0.01
demo, each phase beside its floor measured in the same run.

The list is a real .xlsx (written with XlsxWriter, NIK as text) of valid Jawa Timur workers: NIKs
whose birth date and sex agree with the other columns, wages above the 2018 minimum, start dates in
early 2018 under an employer of the demo that was active then. Each phase runs the installed
``bpjs-desktop`` entry point in its own process, end to end, as a user or a scheduled task would.

Baselines, measured after the two phases:

- reading the file: a process of its own (interpreter start, ``import openpyxl``) reading every
  row of the same file with openpyxl alone, read-only, values only, as the import reads it;
- writing the rows: a bare ``executemany`` of the very rows the commit added (every table whose
  rows grew, read back untimed, same ids, every column) into a copy of the file as it was before
  the commit, in one transaction, into the same tables with their indexes and triggers (the
  name-search index is filled by the person table's trigger, as in the app). Rows the import
  updated rather than added (its KPJ counter) are not in it.

The dry run is set against one read of the file; the commit against one read plus the bare
insert; both phases together against two reads plus the bare insert.

Goal (issue #3 item 8: both phases together under 60 seconds on the 2-core machine, restated on
the ratio): both phases within ``TOTAL_GOAL`` × their floor. The floor measured here was 30 s on
the quietest run (a read 10 s, the insert 10 s) and 39–47 s on busier ones: 2 × is the old 60 s
at the quiet machine's 30 s, a restatement, not a new judgement. Measured in December 2026:
1.64 ×, 1.84 ×, 2.00 × and 2.15 × (60–76 s), i.e. at the limit, missed on some runs, as the old
60 s was (met by 0.2 s on the run before this change, missed at 70–76 s). What is above the
floor is the rows' validation (the dry run is 1.8–2.4 × a bare read) and the app's insert (the
commit is 1.6–2.0 × read + insert).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

from bench.common import BIN, DATA, absolute, figure, missed, run_measured, save

ROWS = 100_000
TOTAL_GOAL = 2
SMALL_DB = DATA / "jatim-scale-0.01.sqlite"
HEADERS = (
    "NIK", "Nama (sesuai KTP)", "Tempat lahir", "Tanggal lahir (HH/BB/TTTT)",
    "Jenis kelamin (L/P)", "Nama ibu kandung", "Tanggal mulai (HH/BB/TTTT)", "Upah sebulan (Rp)",
    "Jabatan", "Program (opsional, mis. JKK,JKM,JHT,JP)", "No. HP",
)  # fmt: skip


def ensure_small_demo() -> Path:
    """The scale-0.01 demo, generated once (a few seconds) and copied for every run."""
    if not SMALL_DB.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(BIN / "bpjs-desktop"), "demo", "--db", str(SMALL_DB), "--scale", "0.01"],
            check=True,
        )
    return SMALL_DB


def pick_employer(db: Path) -> tuple[str, date]:
    """An employer of the demo active through early 2018 (registered before 2018, never NA)."""
    with closing(sqlite3.connect(db)) as connection:
        row = connection.execute(
            "SELECT npp, registered_on FROM employer WHERE na_date IS NULL"
            " AND registered_on < '2017-12-01' AND size_class = 'BESAR' ORDER BY id LIMIT 1"
        ).fetchone()
    return str(row[0]), date.fromisoformat(row[1])


def write_list(path: Path, rows: int, seed: int = 11) -> float:
    """A valid worker list of *rows* Jawa Timur workers; return the seconds it took."""
    import xlsxwriter

    from bpjs_desktop.domain.identifiers import Sex, make_nik
    from bpjs_desktop.domain.regions import JATIM_REGENCIES
    from bpjs_desktop.services.demo_data import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES

    started = time.perf_counter()
    rng = random.Random(seed)
    regencies = sorted(JATIM_REGENCIES)
    # Shared strings, as Excel itself saves a workbook (constant_memory would write inline
    # strings, which openpyxl reads about 40 % slower).
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = workbook.add_worksheet("Daftar TK")
    sheet.write_row(0, 0, HEADERS)
    seen: set[str] = set()
    row = 0
    while row < rows:
        sex = rng.choice((Sex.L, Sex.P))
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(35 * 365))
        # Districts 80–99: the demo numbers its people from district 01 up, so no clash.
        nik = make_nik(rng.choice(regencies), rng.randint(80, 99), birth, sex, rng.randint(1, 9999))
        if nik in seen:
            continue
        seen.add(nik)
        row += 1
        first = rng.choice(MALE_NAMES if sex is Sex.L else FEMALE_NAMES)
        start = date(2018, 1, 2) + timedelta(days=rng.randrange(100))
        sheet.write_row(
            row,
            0,
            (
                nik,
                f"{first} {rng.choice(FAMILY_NAMES)}",
                "SURABAYA",
                birth.strftime("%d/%m/%Y"),
                sex.value,
                rng.choice(FEMALE_NAMES),
                start.strftime("%d/%m/%Y"),
                rng.randrange(4_000_000, 12_000_000, 1000),
                "STAF",
                "",
                f"08{rng.randrange(10**9, 10**10)}",
            ),
        )
    workbook.close()
    return time.perf_counter() - started


def count_memberships(db: Path, npp: str) -> int:
    with closing(sqlite3.connect(db)) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM membership m JOIN employer e ON e.id = m.employer_id"
                " WHERE e.npp = ?",
                (npp,),
            ).fetchone()[0]
        )


def _tables(connection: sqlite3.Connection) -> list[str]:
    """The ordinary tables (not SQLite's own, not the name-search index and its shadow tables,
    which the person table's triggers fill)."""
    return [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'person_fts%' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]


def last_rowids(db: Path) -> dict[str, int]:
    """The largest rowid of every ordinary table: what an import adds comes after it."""
    with closing(sqlite3.connect(db)) as connection:
        return {
            table: int(connection.execute(f'SELECT coalesce(max(rowid), 0) FROM "{table}"')
                       .fetchone()[0])
            for table in _tables(connection)
        }  # fmt: skip


def bare_insert_seconds(imported: Path, before: dict[str, int], target: Path) -> tuple[float, int]:
    """(seconds, rows) of a bare ``executemany`` of the rows the import added to *imported* (every
    table's rows after *before*, read back untimed) into *target*, a copy of the file as it was
    before the import, in one transaction: every column, the same ids, the same tables with
    their indexes and triggers (the name-search index is filled by the person table's trigger,
    as in the app)."""
    with closing(sqlite3.connect(imported)) as connection:
        added = []
        for table, last in before.items():
            cursor = connection.execute(f'SELECT * FROM "{table}" WHERE rowid > ?', (last,))
            rows = cursor.fetchall()
            if rows:
                added.append((table, [d[0] for d in cursor.description], rows))
    with closing(sqlite3.connect(target)) as connection:
        started = time.perf_counter()
        for table, columns, rows in added:
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            connection.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        connection.commit()
        seconds = time.perf_counter() - started
    return seconds, sum(len(rows) for _t, _c, rows in added)


READ_ALONE = """
import sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
book.close()
print(rows)
"""


def main() -> int:
    demo = ensure_small_demo()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "office.sqlite"
        shutil.copyfile(demo, db)
        npp, registered_on = pick_employer(db)
        workbook = Path(tmp) / "daftar-tk.xlsx"
        generate_seconds = write_list(workbook, ROWS)
        before = count_memberships(db, npp)
        command = [str(BIN / "bpjs-desktop"), "import", "workers", str(workbook), "--employer", npp]
        dry_seconds, dry_mb, dry = run_measured([*command, "--dry-run", "--db", str(db)])
        # The file as the import found it (the dry run may have upgraded its schema): the copy
        # the baseline inserts into.
        pristine = Path(tmp) / "pristine.sqlite"
        shutil.copyfile(db, pristine)
        rowids = last_rowids(db)
        commit_seconds, commit_mb, done = run_measured([*command, "--db", str(db)])
        imported = count_memberships(db, npp) - before
        read_seconds, _read_mb, _rows = run_measured([str(BIN / "python"), "-c", READ_ALONE,
                                                      str(workbook)])  # fmt: skip
        insert_seconds, inserted = bare_insert_seconds(db, rowids, pristine)
        file_mb = workbook.stat().st_size / 2**20
    total = dry_seconds + commit_seconds
    read = "a process reading the same file with openpyxl alone"
    insert = f"a bare executemany of the same {inserted} rows into a copy"
    report = {
        "both_phases": figure(
            total, 2 * read_seconds + insert_seconds, f"twice {read}, + {insert}", TOTAL_GOAL
        ),
        "dry_run": figure(dry_seconds, read_seconds, read),
        "commit": figure(commit_seconds, read_seconds + insert_seconds, f"{read}, + {insert}"),
        "rows": ROWS,
        "imported": imported,
        "rows_inserted_by_commit": inserted,
        "file_mb": round(file_mb, 1),
        "employer": {"npp": npp, "registered_on": registered_on.isoformat()},
        "generate_file_seconds": round(generate_seconds, 2),
        "read_alone_seconds": round(read_seconds, 2),
        "bare_insert_seconds": round(insert_seconds, 2),
        "dry_run_peak_rss": absolute(dry_mb, "MB", "a peak RSS has no bare counterpart"),
        "commit_peak_rss": absolute(commit_mb, "MB", "a peak RSS has no bare counterpart"),
        "dry_run_summary": dry.stdout.strip().splitlines()[:2],
        "commit_summary": done.stdout.strip().splitlines()[:2],
    }
    print(save("import", report))
    return 0 if not missed(report) and imported == ROWS else 1


if __name__ == "__main__":
    sys.exit(main())
