"""The worker-list import dialog, driven from the keyboard as an officer would, on the demo."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressDialog, QPushButton
from sqlalchemy import func, select, text

from bpjs_desktop.db.models import Employer, Membership
from bpjs_desktop.services import imports
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.membership.import_dialog import ImportWorkersDialog, RowErrorTableModel
from tests.conftest import fresh_nik
from tests.helpers import HEADERS, write_list
from tests.helpers import list_row as row
from tests.ui.conftest import table_texts
from tests.ui.keyboard import shown

TIMEOUT_MS = 20_000


def plain(text: str) -> str:
    """A button's text as shown: without its mnemonic's ampersand."""
    return text.replace("&", "")


def employer_members(session: SignedIn, npp: str) -> int:
    with session.db.read() as s:
        return s.scalar(
            select(func.count())
            .select_from(Membership)
            .join(Employer, Employer.id == Membership.employer_id)
            .where(Employer.npp == npp)
        )


@pytest.fixture
def npp(session: SignedIn) -> str:
    """An employer of the demo that was active through early 2018."""
    with session.db.read() as s:
        found = s.scalar(
            select(Employer.npp)
            .where(Employer.na_date.is_(None), Employer.registered_on < date(2017, 12, 1))
            .order_by(Employer.id)
            .limit(1)
        )
    assert found is not None
    return found


@pytest.fixture
def dialog(qtbot, session: SignedIn, npp: str) -> ImportWorkersDialog:
    return shown(qtbot, ImportWorkersDialog(session, npp=npp), (1000, 620), active=False)


@pytest.fixture
def mixed_list(tmp_path: Path) -> Path:
    """Three good rows and three bad ones, each bad in a way spreadsheets produce."""
    twice = fresh_nik()
    return write_list(
        tmp_path / "daftar-pt.xlsx",
        [
            row(),
            row(nik="3.57801E+15"),
            row(nik=twice),
            row(birth_date="15/05/90"),
            row(nik=twice, name="Budi S."),
            row(wage="1.000.000"),  # below the UMK: a warning, still valid
        ],
    )


def check_with_enter(qtbot, dialog: ImportWorkersDialog, path: Path) -> imports.ImportReport:
    """Type the file name and press Enter (the default button is Periksa); wait for the result."""
    dialog.file_edit.setFocus()
    qtbot.keyClicks(dialog.file_edit, str(path))
    with qtbot.waitSignal(dialog.list_checked, timeout=TIMEOUT_MS) as blocker:
        qtbot.keyClick(dialog.file_edit, Qt.Key.Key_Return)
    return blocker.args[0]


def test_dry_run_shows_counts_and_every_bad_row(
    qtbot, dialog: ImportWorkersDialog, mixed_list: Path, session: SignedIn, npp: str, screenshot
) -> None:
    """Enter runs the check: the counts, each bad row with column/value/reason, nothing saved."""
    before = employer_members(session, npp)

    report = check_with_enter(qtbot, dialog, mixed_list)

    assert (report.rows_valid, report.rows_bad) == (2, 4)
    assert dialog.summary_label.text().startswith(
        f"{report.employer_name}: 2 baris valid, 4 baris bermasalah (1 peringatan)"
    )
    table = table_texts(dialog.model)
    assert [t[:3] for t in table] == [
        ["3", "Kesalahan", "NIK"],
        ["4", "Kesalahan", "NIK"],
        ["5", "Kesalahan", "Tanggal lahir"],
        ["6", "Kesalahan", "NIK"],
        ["7", "Peringatan", "Upah sebulan"],
    ]
    assert table[0][3] == "3.57801E+15"
    assert table[0][4].startswith("NIK tertulis dalam notasi ilmiah")
    assert table[1][4] == "NIK yang sama juga ada di baris 6 file ini"
    assert dialog.detail_label.text() == (  # the first problem in full, wrapped below the table
        "Baris 3, kolom NIK (kesalahan): " + table[0][4]
    )
    assert dialog.import_button.text() == "&Impor 2 baris valid"
    assert dialog.import_button.isEnabled() and dialog.export_button.isEnabled()
    assert employer_members(session, npp) == before
    screenshot(dialog, "import_dry_run_with_errors")


def test_problem_model_passes_the_model_tester(
    qtbot, qtmodeltester, dialog: ImportWorkersDialog, mixed_list: Path
) -> None:
    """The table model of bad rows is a well-behaved Qt model (style rule 8)."""
    check_with_enter(qtbot, dialog, mixed_list)

    qtmodeltester.check(dialog.model)
    assert dialog.model.index(4, 0).data(RowErrorTableModel.IsWarningRole) is True


def test_export_then_import_the_valid_rows(
    qtbot,
    dialog: ImportWorkersDialog,
    mixed_list: Path,
    session: SignedIn,
    npp: str,
    tmp_path: Path,
) -> None:
    """The error list goes to .xlsx; Alt+I imports the 2 valid rows, the KPJs are shown."""
    check_with_enter(qtbot, dialog, mixed_list)
    out = tmp_path / "kesalahan.xlsx"
    dialog.export_problems(out, "perbaikan daftar oleh PK")
    qtbot.waitUntil(
        lambda: "Daftar kesalahan disimpan" in dialog.summary_label.text(), timeout=TIMEOUT_MS
    )
    workbook = openpyxl.load_workbook(out)
    exported = list(workbook["Kesalahan"].iter_rows(values_only=True))
    assert len(exported) == 1 + 4
    # Personal data (issue #11): marked confidential, and the export on the audit trail.
    assert workbook.properties.category == "Rahasia"
    assert "UU 27/2022" in (workbook.properties.description or "")
    with session.db.read() as s:
        action, detail = s.execute(
            text("SELECT action, detail FROM audit_event ORDER BY id DESC LIMIT 1")
        ).one()
    assert action == "personal.export" and "perbaikan daftar oleh PK" in detail
    before = employer_members(session, npp)

    with qtbot.waitActive(dialog, timeout=TIMEOUT_MS):
        dialog.activateWindow()
    with qtbot.waitSignal(dialog.workers_imported, timeout=TIMEOUT_MS) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)

    report = blocker.args[0]
    assert (report.committed, report.imported) == (True, 2)
    assert employer_members(session, npp) == before + 2
    assert dialog.summary_label.text() == (
        f"2 tenaga kerja diimpor ke {report.employer_name}, KPJ {report.first_kpj} s.d. "
        f"{report.last_kpj}."
    )
    assert not dialog.import_button.isEnabled()  # the same list cannot be imported twice


def test_cancel_during_the_import_saves_nothing(
    qtbot, dialog: ImportWorkersDialog, mixed_list: Path, session: SignedIn, npp: str, monkeypatch
) -> None:
    """Cancel on the progress dialog while the import runs: rolled back, and the user is told."""
    check_with_enter(qtbot, dialog, mixed_list)
    before = employer_members(session, npp)
    gate = threading.Event()
    real_commit = imports.commit

    def held_commit(*args, progress=None, **kwargs):
        def gated(percent: int, message: str) -> None:
            gate.wait(10)  # hold the worker until the test has pressed Cancel
            progress(percent, message)

        return real_commit(*args, progress=gated, **kwargs)

    monkeypatch.setattr(imports, "commit", held_commit)

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    [progress] = [
        p for p in dialog.findChildren(QProgressDialog, "progress_dialog") if p.isVisible()
    ]
    cancel_button = progress.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Batal"
    qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    gate.set()

    qtbot.waitUntil(lambda: "dibatalkan" in dialog.summary_label.text(), timeout=TIMEOUT_MS)
    assert dialog.summary_label.text() == "Impor dibatalkan; tidak ada yang disimpan"
    assert employer_members(session, npp) == before


def test_changing_the_file_after_a_check_requires_a_new_check(
    qtbot, dialog: ImportWorkersDialog, mixed_list: Path
) -> None:
    """The report belongs to the file checked: editing the file name disables Import."""
    check_with_enter(qtbot, dialog, mixed_list)
    assert dialog.import_button.isEnabled()

    qtbot.keyClicks(dialog.file_edit, "x")

    assert not dialog.import_button.isEnabled()


def test_file_problems_are_shown_in_the_dialog(
    qtbot, dialog: ImportWorkersDialog, tmp_path: Path
) -> None:
    """A list without the required columns: the reason appears in red, nothing crashes, and it
    says what to do in this window (its template button), not a command to type (issue #13)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Nama", "Alamat"])
    path = tmp_path / "salah.xlsx"
    workbook.save(path)
    dialog.file_edit.setText(str(path))

    dialog.check()

    qtbot.waitUntil(lambda: "Kolom wajib" in dialog.summary_label.text(), timeout=TIMEOUT_MS)
    said = dialog.summary_label.text()
    assert "NIK" in said
    assert f"Tekan {plain(dialog.template_button.text())}, salin data ke templat itu" in said
    assert "bpjs-desktop" not in said and "import template" not in said
    assert "#b00020" in dialog.summary_label.styleSheet()
    assert not dialog.import_button.isEnabled()


def test_template_is_saved_where_asked(dialog: ImportWorkersDialog, tmp_path: Path) -> None:
    """ "Unduh templat…" writes the template; the dialog says where."""
    out = tmp_path / "templat.xlsx"

    dialog.save_template(out)

    assert [c.value for c in openpyxl.load_workbook(out)["Daftar TK"][1]] == HEADERS
    assert dialog.summary_label.text() == f"Templat disimpan di {out}"


def test_employer_is_named_beside_its_npp_and_an_unknown_one_is_flagged(
    qtbot, dialog: ImportWorkersDialog, npp: str, session: SignedIn
) -> None:
    """The NPP field names the employer it finds, or says that it does not exist."""
    with session.db.read() as s:
        name = s.scalar(select(Employer.name).where(Employer.npp == npp))
    assert dialog.employer_label.text().startswith(f"{name} · kantor ")

    dialog.npp_edit.setFocus()
    dialog.npp_edit.selectAll()
    qtbot.keyClicks(dialog.npp_edit, "99999999")
    qtbot.keyClick(dialog.npp_edit, Qt.Key.Key_Tab)

    assert dialog.employer_label.text() == "Pemberi kerja dengan NPP 99999999 tidak ada"


def test_every_field_has_a_mnemonic_label_and_esc_closes(
    qtbot, dialog: ImportWorkersDialog
) -> None:
    """Keyboard first: each input is reachable by Alt+letter, and Esc closes the dialog."""
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert {dialog.npp_edit, dialog.file_edit, dialog.table} <= buddies
    for button in (dialog.browse_button, dialog.template_button, dialog.check_button,
                   dialog.export_button, dialog.import_button, dialog.close_button):  # fmt: skip
        assert "&" in button.text(), button.objectName()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert not dialog.isVisible()
