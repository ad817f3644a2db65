"""Cadangan & Pemulihan: the window, the start-up guards and the checks around them (issue #12)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from bpjs_desktop.db.engine import sqlite_url
from bpjs_desktop.domain.programmes import SizeClass
from bpjs_desktop.services import backup, db_lock, employer_registry, membership_common
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui import login
from bpjs_desktop.ui.admin.backups_dialog import BackupsDialog
from bpjs_desktop.ui.common.tasks import Task


@pytest.fixture
def own_backups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "app-data"
    monkeypatch.setenv("BPJS_DATA_DIR", str(folder))
    return folder / "backups"


def test_backups_window_lists_backs_up_now_and_asks_before_restoring(
    qtbot, session: SignedIn, own_backups: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The administrator opens Cadangan & Pemulihan from the Berkas menu: one backup listed
    (time, reason, size, check, people, audit head); Cadangkan sekarang adds a second, checked;
    Pulihkan… asks first, and on Yes hands the chosen file to the main window."""
    monkeypatch.setattr(Task, "synchronous", True)
    backup.take_backup(session.db, "schedule")
    dialog = BackupsDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(6)]
    assert cells[1] == "terjadwal" and cells[3] == "baik" and cells[2].endswith("MB")
    assert cells[4] != "0" and cells[5].startswith("#")

    dialog.backup_button.click()
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 1).text() == "manual"
    newest = dialog.infos[0]

    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    with qtbot.waitSignal(dialog.restore_requested) as requested:
        dialog.restore_button.click()
    assert requested.args == [newest.path]
    assert "harus dimasukkan lagi" in asked[0]


def test_only_administrators_and_heads_of_office_see_the_backups_window(
    session_for: Callable[[str], SignedIn], make_window
) -> None:
    admin = make_window(session_for("admin"))
    assert admin.backups_action.isEnabled()
    front_office = make_window(session_for("pelayanan.grs"))
    assert not front_office.backups_action.isEnabled()
    assert not BackupsDialog.allowed(front_office.session)


def test_head_of_office_may_manage_backups(session_for: Callable[[str], SignedIn]) -> None:
    assert BackupsDialog.allowed(session_for("kepala.sdr"))


def test_a_second_copy_is_told_who_holds_the_database_and_may_view_it_read_only(
    qtbot, session: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another computer holds the database: the start says who and since when, and offers
    viewing; the database then opens read-only (a write is refused by the file itself)."""
    path = session.db.path
    assert path is not None
    db_lock.lock_path(path).write_text(
        json.dumps({"user": "siti", "computer": "PC-LOKET-2", "pid": 4242,
                    "since": "2026-12-07T01:30:00+00:00"}), encoding="utf-8",
    )  # fmt: skip
    shown: list[str] = []

    def choose_view(box: QMessageBox) -> int:
        shown.append(box.text())
        view = next(b for b in box.buttons() if "hanya baca" in b.text())
        view.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_view)
    opened = login.open_guarded(sqlite_url(path))
    assert opened is not None
    try:
        assert "siti di komputer PC-LOKET-2 sejak 07/12/2026 08:30 WIB" in shown[0]
        assert opened.db.read_only and opened.lock is None
    finally:
        opened.db.dispose()


def test_a_first_copy_takes_the_lock_and_closing_lets_go(
    qtbot, session: SignedIn, own_backups: Path
) -> None:
    path = session.db.path
    assert path is not None
    session.db.dispose()
    opened = login.open_guarded(sqlite_url(path))
    assert opened is not None and opened.lock is not None
    assert db_lock.read_holder(path) == opened.lock.holder
    SignedIn(opened.db, session.actor, session.office_name, opened.lock).close()
    assert not db_lock.lock_path(path).exists()


def test_a_database_in_a_synced_folder_is_refused_with_the_reason(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        login, "show_error", lambda _parent, error, _title=None: shown.append(str(error))
    )
    folder = tmp_path / "OneDrive"
    folder.mkdir()
    assert login.open_guarded(sqlite_url(folder / "kantor.sqlite")) is None
    assert "OneDrive" in shown[0] and "disinkronkan" in shown[0]
    assert not list(folder.iterdir())  # nothing created there


def test_window_backs_up_on_exit_only_when_data_changed(
    qtbot, session: SignedIn, make_window, own_backups: Path, make_employer_in
) -> None:
    """The real app's window (start_working) backs up when closed if anything was recorded
    since the newest backup; a second window closed with nothing new adds none."""
    window = make_window(session)
    window.start_working()
    qtbot.waitUntil(Task.idle, timeout=20_000)
    make_employer_in(session)
    window.close()
    taken = backup.list_backups(session.db.path)
    assert [b.reason for b in taken] == ["exit"] and taken[0].ok
    again = make_window(session)
    again.start_working()
    qtbot.waitUntil(Task.idle, timeout=20_000)
    again.close()
    assert len(backup.list_backups(session.db.path)) == 1


def test_a_damaged_file_is_reported_with_what_to_re_enter(
    qtbot, session: SignedIn, make_window, own_backups: Path, make_employer_in, monkeypatch
) -> None:
    """The check after opening finds damage: the message names the newest verified backup and
    lists the events recorded after it, which must be entered again."""
    backup.take_backup(session.db, "schedule")
    make_employer_in(session)
    window = make_window(session)
    shown: list[str] = []

    def later(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if "Nanti" in b.text()).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", later)
    window.file_damaged("*** in database main *** Page 12: btreeInitPage() returns error code 11")
    assert "kerusakan" in shown[0] and "Page 12" in shown[0]
    assert "harus dimasukkan lagi" in shown[0] and "employer.register" in shown[0]


@pytest.fixture
def make_employer_in() -> Callable[[SignedIn], None]:
    """An employer registered through the service as the session's user (one audit event)."""

    def make(session: SignedIn) -> None:
        employer_registry.register_employer(
            session.db, session.actor,
            membership_common.EmployerInput(
                name="PT Cadangan Uji", kbli="10710", size_class=SizeClass.MENENGAH,
                office_code="GRS", regency_code="3525", registered_on=date(2017, 1, 2),
            ),
        )  # fmt: skip

    return make


def test_restoring_reopens_the_window_on_the_restored_file(
    qtbot, session: SignedIn, make_window, own_backups: Path, make_employer_in, monkeypatch
) -> None:
    """Pulihkan: the database is closed, replaced by the backup (the replaced file kept aside,
    said in a message), and a new window opens on it after signing in again."""
    from sqlalchemy import func, select

    from bpjs_desktop.db.models import Employer
    from bpjs_desktop.ui import main_window

    taken = backup.take_backup(session.db, "manual")
    make_employer_in(session)
    window = make_window(session)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text) or 0)
    monkeypatch.setattr(
        main_window, "sign_in", lambda db, _parent, lock: SignedIn(db, session.actor, "x", lock)
    )
    window.restore_from(taken.path)
    assert "sebelum-pemulihan" in told[0]
    (restored,) = [w for w in main_window.MainWindow.open_windows if w is not window]
    assert restored.session is not None
    with restored.session.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Employer)) == taken.rows["employer"]
    qtbot.waitUntil(Task.idle, timeout=20_000)
