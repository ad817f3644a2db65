"""Qt's own words (standard buttons, the file dialog, context menus) speak the interface language.

PySide6 has no Indonesian catalogue for Qt, so before ``ui/common/qt_texts.py`` every Indonesian
confirmation asked its question with "Yes"/"Cancel" buttons, and the file dialog said "Look in".
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QToolButton,
    QTreeView,
)

from bpjs_desktop.i18n import set_language
from bpjs_desktop.ui.common import qt_texts

SHOTS = Path("/tmp")


@pytest.fixture(autouse=True)
def _qt_texts(qapp: QApplication) -> Iterator[None]:
    """The translator as the application installs it; taken off again for the other tests."""
    from bpjs_desktop.app import make_application

    locale = QLocale()  # make_application sets Indonesian as the default: put it back after
    assert make_application() is qapp  # the real start-up path installs it
    yield
    qt_texts.uninstall()
    QLocale.setDefault(locale)


def _confirmation() -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Hapus pekerja?",
        "Data pekerja ini akan dihapus. Lanjutkan?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
    )
    box.setDetailedText("NIK 3201…")
    return box


def _texts(box: QMessageBox) -> dict[str, str]:
    return {
        "yes": box.button(QMessageBox.StandardButton.Yes).text(),
        "cancel": box.button(QMessageBox.StandardButton.Cancel).text(),
    }


def test_a_confirmation_in_indonesian_answers_ya_or_batal(qtbot) -> None:
    box = _confirmation()
    qtbot.addWidget(box)
    box.show()
    assert _texts(box) == {"yes": "&Ya", "cancel": "Batal"}
    details = box.findChild(QDialogButtonBox).buttons()
    assert "Tampilkan Rincian..." in [b.text() for b in details]
    box.grab().save(str(SHOTS / "qt_confirmation_id.png"))


def test_a_confirmation_in_english_keeps_qts_own_words(qtbot) -> None:
    set_language("en")
    box = _confirmation()
    qtbot.addWidget(box)
    box.show()
    assert _texts(box) == {"yes": "&Yes", "cancel": "Cancel"}
    box.grab().save(str(SHOTS / "qt_confirmation_en.png"))


def test_switching_back_to_indonesian_reaches_the_next_dialog(qtbot) -> None:
    set_language("en")
    set_language("id")
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Discard
        | QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Ok
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Close
    )
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == sorted(
        ["Simpan", "Buang", "Batal", "OK", "&Tidak", "Tutup"]
    )


def test_the_static_question_the_app_calls_has_indonesian_buttons(qtbot) -> None:
    """``QMessageBox.question`` as the pages call it: the box is modal, read it, then answer."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.extend(b.text() for b in box.buttons())
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer)
    reply = QMessageBox.question(None, "Tutup bulan?", "Tutup Agustus 2026?")
    assert reply == QMessageBox.StandardButton.No
    assert sorted(seen) == ["&Tidak", "&Ya"]


def _file_dialog(qtbot, tmp_path: Path) -> QFileDialog:
    dialog = QFileDialog(None, "Simpan laporan", str(tmp_path), "Excel (*.xlsx);;Semua (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _label(dialog: QFileDialog, name: str) -> str:
    widget = dialog.findChild(QLabel, name)
    assert widget is not None, name
    return widget.text()


def _tip(dialog: QFileDialog, name: str) -> str:
    widget = dialog.findChild(QToolButton, name)
    assert widget is not None, name
    return widget.toolTip()


def test_the_file_dialog_speaks_indonesian(qtbot, tmp_path: Path) -> None:
    dialog = _file_dialog(qtbot, tmp_path)
    assert _label(dialog, "lookInLabel") == "&Cari di:"
    assert _label(dialog, "fileNameLabel") == "&Nama berkas:"
    assert _label(dialog, "fileTypeLabel") == "&Jenis berkas:"
    box = dialog.findChild(QDialogButtonBox, "buttonBox")
    assert sorted(b.text() for b in box.buttons()) == ["&Simpan", "Batal"]
    assert _tip(dialog, "backButton") == "Kembali"
    assert _tip(dialog, "forwardButton") == "Maju"
    assert _tip(dialog, "toParentButton") == "Folder Induk"
    assert _tip(dialog, "newFolderButton") == "Buat Folder Baru"
    assert _tip(dialog, "listModeButton") == "Tampilan Daftar"
    assert _tip(dialog, "detailModeButton") == "Tampilan Rinci"
    tree = dialog.findChild(QTreeView, "treeView")
    model = tree.model()
    headers = [model.headerData(i, tree.header().orientation()) for i in range(4)]
    assert headers == ["Nama", "Ukuran", "Jenis", "Tanggal Diubah"]
    dialog.grab().save(str(SHOTS / "qt_file_dialog_id.png"))


def test_the_file_dialog_in_english_keeps_qts_own_words(qtbot, tmp_path: Path) -> None:
    set_language("en")
    dialog = _file_dialog(qtbot, tmp_path)
    assert _label(dialog, "lookInLabel") == "&Look in:"
    assert _label(dialog, "fileNameLabel") == "File &name:"


def test_the_app_gets_qts_widget_file_dialog_here(qtbot, tmp_path: Path) -> None:
    """The pages call ``QFileDialog.getSaveFileName`` with no options: offscreen (and any desktop
    without a native dialog) gets Qt's own widget dialog, the one translated here."""
    seen: list[str] = []

    def read_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        seen.append(_label(dialog, "lookInLabel"))
        dialog.reject()

    QTimer.singleShot(0, read_and_cancel)
    path, _filter = QFileDialog.getSaveFileName(None, "Simpan", str(tmp_path), "Excel (*.xlsx)")
    assert path == ""
    assert seen == ["&Cari di:"]


def test_the_edit_menu_of_text_fields_is_indonesian(qtbot) -> None:
    line = QLineEdit()
    text = QPlainTextEdit()
    qtbot.addWidget(line)
    qtbot.addWidget(text)
    for widget in (line, text):
        menu = widget.createStandardContextMenu()
        words = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
        assert words == [
            "&Urungkan",
            "U&lang",
            "&Potong",
            "&Salin",
            "&Tempel",
            "Hapus",
            "Pilih Semua",
        ]
        menu.deleteLater()


def test_a_progress_dialog_cancels_with_batal(qtbot) -> None:
    dialog = QProgressDialog()
    qtbot.addWidget(dialog)
    dialog.setLabelText("Mengimpor…")
    dialog.show()
    assert [b.text() for b in dialog.findChildren(QPushButton)] == ["Batal"]


def test_shortcut_names_stay_untranslated(qtbot) -> None:
    """Qt parses key names back ("Ctrl+S"): they must never be translated."""
    assert QCoreApplication.translate("QShortcut", "Ctrl") == "Ctrl"
    assert QCoreApplication.translate("QFileDialog", "Alt+Left") == "Alt+Left"


def test_asking_the_translator_keeps_every_reference_to_none(qtbot) -> None:
    """The translator answers None (no text) for most lookups; PySide must not lose the refs
    (a lost reference to None aborts Python 3.11 after some hours, see test_qt_runtime.py)."""
    before = sys.getrefcount(None)
    for _ in range(2000):
        QCoreApplication.translate("QFoo", "nothing")
    set_language("en")
    for _ in range(2000):
        QCoreApplication.translate("QPlatformTheme", "Cancel")
    assert before - sys.getrefcount(None) < 50
