"""Pengaturan komputer ini: the workstation's database, language, backups, idle lock, printer and
paper, kept with QSettings; the About window; the log from the Help menu (issue #15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from bpjs_desktop import paths
from bpjs_desktop.domain.workstation import WorkstationSettings
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.admin.about_dialog import AboutDialog
from bpjs_desktop.ui.admin.workstation_dialog import WorkstationDialog
from bpjs_desktop.ui.common import workstation_store
from bpjs_desktop.ui.main_window import MainWindow


def _dialog(
    qtbot, current: WorkstationSettings | None = None, office: int = 10
) -> WorkstationDialog:
    dialog = WorkstationDialog(current or WorkstationSettings(), office_idle_minutes=office)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_choices_are_kept_and_shown_again(qtbot, tmp_path: Path, screenshot) -> None:
    dialog = _dialog(qtbot)
    dialog.backup_edit.setText(str(tmp_path / "cadangan"))
    dialog.backup_combo.setCurrentIndex(dialog.backup_combo.findData(60))
    dialog.idle_spin.setValue(5)
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("F4"))
    screenshot(dialog, "workstation_settings")
    dialog.save()

    assert dialog.result() == dialog.DialogCode.Accepted
    stored = workstation_store.load()
    assert stored.backup_folder == str(tmp_path / "cadangan")
    assert (tmp_path / "cadangan").is_dir()
    assert (stored.backup_every_minutes, stored.idle_lock_minutes, stored.paper_size) == (
        60,
        5,
        "F4",
    )
    assert QSettings().value("workstation/paper_size") == "F4"

    again = _dialog(qtbot, workstation_store.load())
    assert again.paper_combo.currentText() == "F4/Folio (215 × 330 mm)"
    assert again.idle_spin.value() == 5


def test_a_lock_later_than_the_office_is_refused_beside_its_field(qtbot) -> None:
    dialog = _dialog(qtbot, office=10)
    dialog.idle_spin.setValue(30)
    dialog.save()
    assert dialog.isVisible()
    error = dialog.form.errors["idle_lock"]
    assert error.isVisible() and "10 menit" in error.text()
    assert workstation_store.load() == WorkstationSettings()  # nothing saved
    dialog.idle_spin.setValue(8)  # sooner than the office: allowed
    dialog.save()
    assert not dialog.isVisible()
    assert workstation_store.load().idle_lock_minutes == 8


def test_a_database_location_is_tested_before_it_is_saved(qtbot, tmp_path: Path) -> None:
    not_a_database = tmp_path / "daftar.sqlite"
    not_a_database.write_text("NIK;NAMA\n")
    dialog = _dialog(qtbot)
    dialog.database_edit.setText(str(not_a_database))
    dialog.save()
    assert dialog.isVisible()
    assert "bukan SQLite" in dialog.form.errors["database"].text()
    assert workstation_store.load().database == ""

    fresh = tmp_path / "kc-gresik.sqlite"
    dialog.database_edit.setText(str(fresh))
    dialog.test_button.click()
    assert "dibuat sebagai database baru" in dialog.test_result.text()
    dialog.save()
    assert workstation_store.load().database == str(fresh)


def test_tab_goes_through_the_fields_in_reading_order(qtbot) -> None:
    dialog = _dialog(qtbot)
    dialog.database_edit.setFocus()
    seen = []
    for _step in range(12):
        seen.append(dialog.focusWidget())
        dialog.focusNextChild()
    order = [
        dialog.database_edit,
        dialog.database_field.button,
        dialog.test_button,
        dialog.language_combo,
        dialog.backup_edit,
        dialog.backup_field.button,
        dialog.backup_combo,
        dialog.idle_spin,
        dialog.printer_combo,
        dialog.paper_combo,
    ]
    positions = [seen.index(w) for w in order if w in seen]
    assert len(positions) == len(order), [type(w).__name__ for w in seen]
    assert positions == sorted(positions)


def test_the_window_puts_the_choices_in_force(
    make_window: Callable[[SignedIn], MainWindow], session: SignedIn, tmp_path: Path
) -> None:
    window = make_window(session)
    folder = tmp_path / "flashdisk"
    window.apply_workstation_settings(
        WorkstationSettings(backup_folder=str(folder), backup_every_minutes=15, idle_lock_minutes=3)
    )
    try:
        assert paths.backup_dir() == folder
        assert window.backup_timer.interval() == 15 * 60_000
        assert window.idle_watcher.timer.interval() == min(3, window.office_idle_minutes) * 60_000
    finally:
        paths.use_backup_folder(None)


def test_about_names_version_revision_and_licences(qtbot, session: SignedIn, screenshot) -> None:
    from bpjs_desktop.db.migrate import head_revision
    from bpjs_desktop.services import about

    dialog = AboutDialog(about.facts(session.db), str(paths.log_file()))
    qtbot.addWidget(dialog)
    dialog.show()
    details = dialog.findChild(QLabel, "about_details")
    assert details is not None
    assert f"{head_revision()} (terbaru)" in details.text()
    names = [
        dialog.libraries_table.item(r, 0).text() for r in range(dialog.libraries_table.rowCount())
    ]
    licences = {
        dialog.libraries_table.item(r, 0).text(): dialog.libraries_table.item(r, 2).text()
        for r in range(dialog.libraries_table.rowCount())
    }
    assert "SQLAlchemy" in names and licences["SQLAlchemy"] == "MIT"
    assert "LGPL" in licences[next(n for n in names if n.startswith("PySide6"))]
    screenshot(dialog, "about")


def test_the_help_menu_opens_the_log_and_the_file_menu_the_workstation_settings(
    make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    window = make_window(session)
    assert window.log_action.text() == "Buka file &log" and window.log_action.isEnabled()
    assert window.workstation_action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert texts.index("Pengaturan &komputer ini…") == texts.index("Pen&gaturan kantor…") + 1
