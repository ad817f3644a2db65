"""Pengaturan komputer ini (Berkas → Pengaturan komputer ini…, issue #15).

What this workstation remembers for the person at it: which database it opens (a file, or a
server URL, tested before it is saved), its language, where its backups go and how often, its own
idle-lock minutes (at most the office's), its printer and paper size. Every user may change them:
they are the computer's, not the office's (the office's are in *Pengaturan kantor*).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from bpjs_desktop import paths
from bpjs_desktop.domain.workstation import (
    BACKUP_EVERY_CHOICES,
    IDLE_LOCK_MAX,
    PAPER_SIZES,
    WorkstationSettings,
    backup_every_label,
    validate,
)
from bpjs_desktop.errors import KnownError, ValidationError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import database_probe
from bpjs_desktop.ui.common import workstation_store
from bpjs_desktop.ui.common.forms import ERROR_STYLE, HINT_STYLE, FormDialog
from bpjs_desktop.ui.common.widgets import combo_box, named_label, on_click, push_button

OK_STYLE = "color: #1b5e20;"


class _PathField(QWidget):
    """A line edit with a "Pilih…" button beside it (the line edit takes the focus)."""

    def __init__(self, edit: QLineEdit, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = edit
        self.button = QPushButton(button_text)
        self.button.setAutoDefault(False)
        layout.addWidget(edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(edit)


class WorkstationDialog(FormDialog):
    """The workstation's settings; ``saved`` carries the :class:`WorkstationSettings` stored."""

    tested = Signal(str)  # the summary of a successful database test

    def __init__(
        self,
        current: WorkstationSettings,
        *,
        office_idle_minutes: int,
        current_database: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Long because it lays the fields out top to bottom, in the order they appear."""
        super().__init__(_("Pengaturan komputer ini"), parent)
        self.setObjectName("workstation_dialog")
        self.current = current
        self.office_idle_minutes = office_idle_minutes
        self._tested_location: str | None = None

        self.database_edit = QLineEdit(current.database)
        self.database_edit.setObjectName("database_edit")
        self.database_edit.setPlaceholderText(current_database or str(paths.default_database()))
        self.database_field = _PathField(self.database_edit, _("Pi&lih…"))
        on_click(self.database_field.button.clicked, self._choose_database)
        self.form.add(
            "database",
            _("&Database"),
            self.database_field,
            _(
                "File SQLite di komputer ini, atau URL server bersama (postgresql://…). "
                "Kosong: file bawaan. Berlaku saat aplikasi dibuka lagi."
            ),
        )
        self.test_button = push_button("test_button", _("&Uji koneksi"))
        self.test_button.setAutoDefault(False)
        on_click(self.test_button.clicked, self.test_database)
        self.test_result = named_label("test_result", wrap=True)
        test_row = QWidget()
        test_layout = QHBoxLayout(test_row)
        test_layout.setContentsMargins(0, 0, 0, 0)
        test_layout.addWidget(self.test_button)
        test_layout.addWidget(self.test_result, 1)
        self.form.layout_.addRow("", test_row)  # under the field it tests, not under the labels

        self.language_combo = combo_box(
            ((name, code) for code, name in (("id", "Bahasa Indonesia"), ("en", "English")))
        )
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(current.language)))
        self.form.add("language", _("&Bahasa"), self.language_combo)

        self.backup_edit = QLineEdit(current.backup_folder)
        self.backup_edit.setObjectName("backup_folder_edit")
        self.backup_edit.setPlaceholderText(str(paths.data_dir() / "backups"))
        self.backup_field = _PathField(self.backup_edit, _("Pilih &folder…"))
        on_click(self.backup_field.button.clicked, self._choose_backup_folder)
        self.form.add(
            "backup_folder",
            _("Folder &cadangan"),
            self.backup_field,
            _("Sebaiknya disk lain dari database (flashdisk atau disk kedua). Kosong: bawaan."),
        )
        self.backup_combo = combo_box(
            (backup_every_label(minutes), minutes) for minutes in BACKUP_EVERY_CHOICES
        )
        self.backup_combo.setCurrentIndex(
            max(0, self.backup_combo.findData(current.backup_every_minutes))
        )
        self.form.add("backup_every", _("&Jadwal cadangan"), self.backup_combo)

        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, IDLE_LOCK_MAX)
        self.idle_spin.setSuffix(_(" menit"))
        self.idle_spin.setSpecialValueText(
            _("ikut kantor ({minutes} menit)").format(minutes=office_idle_minutes)
        )
        self.idle_spin.setValue(current.idle_lock_minutes)
        self.form.add(
            "idle_lock",
            _("&Kunci layar"),
            self.idle_spin,
            _("Paling lama {minutes} menit, batas kantor.").format(minutes=office_idle_minutes),
        )
        idle_hint = self.form.findChild(QLabel, "idle_lock_hint")
        if idle_hint is not None:  # one short line beside a narrow spin box: never wrapped
            idle_hint.setWordWrap(False)

        self.printer_combo = combo_box(
            [
                (_("(printer bawaan sistem)"), ""),
                *((name, name) for name in QPrinterInfo.availablePrinterNames()),
            ]
        )
        if current.printer and self.printer_combo.findData(current.printer) < 0:
            self.printer_combo.addItem(
                _("{name} (tidak terpasang)").format(name=current.printer), current.printer
            )
        self.printer_combo.setCurrentIndex(max(0, self.printer_combo.findData(current.printer)))
        self.form.add("printer", _("&Printer"), self.printer_combo)

        self.paper_combo = combo_box(((_(label), code) for code, label in PAPER_SIZES.items()))
        self.paper_combo.setCurrentIndex(max(0, self.paper_combo.findData(current.paper_size)))
        self.form.add("paper_size", _("&Ukuran kertas"), self.paper_combo)

        self.database_edit.textEdited.connect(self._forget_test)
        self.watch_changes()

    # --- reading -------------------------------------------------------------------------------
    def chosen(self) -> WorkstationSettings:
        return WorkstationSettings(
            database=self.database_edit.text().strip(),
            language=str(self.language_combo.currentData()),
            backup_folder=self.backup_edit.text().strip(),
            backup_every_minutes=int(self.backup_combo.currentData()),
            idle_lock_minutes=self.idle_spin.value(),
            printer=str(self.printer_combo.currentData()),
            paper_size=str(self.paper_combo.currentData()),
        )

    # --- the database test -----------------------------------------------------------------------
    def _forget_test(self, *_args: object) -> None:
        self._tested_location = None
        self.test_result.setText("")

    def test_database(self) -> bool:
        """Test the typed location now; show what was found or what is wrong."""
        location = self.database_edit.text().strip()
        if not location:
            self._say(_("Kosong: file bawaan dipakai."), HINT_STYLE)
            return True
        try:
            found = database_probe.probe(location)
        except KnownError as exc:
            self._tested_location = None
            self._say(exc.message, ERROR_STYLE)
            return False
        self._tested_location = location
        text = found.summary + (f"\n{found.warning}" if found.warning else "")
        self._say(text, OK_STYLE)
        self.tested.emit(found.summary)
        return True

    def _say(self, text: str, style: str) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet(style)
        self._grow_to_fit()

    # --- choosing ----------------------------------------------------------------------------------
    def _choose_database(self) -> None:
        start = self.database_edit.text().strip() or str(paths.data_dir())
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Pilih file database"),
            start,
            _("Database SQLite (*.sqlite *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.database_edit.setText(path)
            self._forget_test()
            self.test_database()

    def _choose_backup_folder(self) -> None:
        start = self.backup_edit.text().strip() or str(paths.data_dir())
        folder = QFileDialog.getExistingDirectory(self, _("Pilih folder cadangan"), start)
        if folder:
            self.backup_edit.setText(folder)

    # --- saving ------------------------------------------------------------------------------------
    def submit(self) -> WorkstationSettings:
        chosen = self.chosen()
        validate(chosen, office_idle_minutes=self.office_idle_minutes)
        if chosen.backup_folder:
            folder = Path(chosen.backup_folder).expanduser()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                probe_file = folder / ".bpjs-desktop-write-test"
                probe_file.write_bytes(b"")
                probe_file.unlink()
            except OSError as exc:
                raise ValidationError.single(
                    "backup_folder",
                    _("Folder {folder} tidak dapat ditulisi: {reason}").format(
                        folder=folder, reason=exc.strerror or exc
                    ),
                ) from None
        # A new location is tested before it is saved (an unchanged one was tested then).
        untested = chosen.database not in ("", self._tested_location, self.current.database)
        if untested and not self.test_database():
            raise ValidationError.single("database", self.test_result.text())
        workstation_store.save(chosen)
        return chosen
