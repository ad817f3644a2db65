"""Qt's own words (standard buttons, the file and print dialogs, context menus) in Indonesian.

Qt writes some texts itself: the buttons of every ``QMessageBox`` and ``QDialogButtonBox``
("Yes", "Cancel", "Discard"), the widget file dialog ("Look in:", "File name:"), "Show Details...",
the Undo/Copy/Paste menu of every text field, the print dialog. They come from Qt's translation
catalogues, and PySide6 ships none for Indonesian (``PySide6/Qt/translations`` has no ``*_id.qm``),
so without this module an Indonesian window asks its questions with English buttons.

:class:`QtTexts` is a ``QTranslator`` that answers from :data:`QT_ID` while the interface language
(:func:`bpjs_desktop.i18n.current_language`) is Indonesian and answers nothing in English, so Qt's
own English stays. It is installed once on the application (:func:`install`, from
``app.make_application``) and reads the language at each lookup: Qt asks its translators each time
it builds a widget's text, and the main window is rebuilt on a language switch
(``MainWindow.switch_language``), so the switch reaches Qt's texts with no re-installing.

The keys are Qt 6's exact source texts (context, text), taken from ``qtbase_en.qm``/``qtbase_de.qm``
and from logging what Qt 6.11 asks for when it builds these widgets. Deliberately absent:
``QShortcut`` key names and ``QFileDialog``'s "Alt+Left" (shortcut strings that Qt parses back)
and ``QT_LAYOUT_DIRECTION``.

The words follow what Indonesian users see in Windows and GNOME (Batal, Simpan, Buang, Terapkan)
and the app's own vocabulary (``Batal`` is the app's Cancel already).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from bpjs_desktop.i18n import current_language

_BUTTONS = {
    # QPlatformTheme::defaultStandardButtonText (Qt 6): QMessageBox and QDialogButtonBox buttons.
    "OK": "OK",
    "&OK": "&OK",
    "Save": "Simpan",
    "&Save": "&Simpan",
    "Save All": "Simpan Semua",
    "Open": "Buka",
    "&Yes": "&Ya",
    "Yes to &All": "Ya untuk &Semua",
    "&No": "&Tidak",
    "N&o to All": "T&idak untuk Semua",
    "Abort": "Hentikan",
    "Retry": "Coba Lagi",
    "Ignore": "Abaikan",
    "Close": "Tutup",
    "&Close": "&Tutup",
    "Cancel": "Batal",
    "&Cancel": "&Batal",
    "Discard": "Buang",
    "Don't Save": "Jangan Simpan",
    "Help": "Bantuan",
    "Apply": "Terapkan",
    "Reset": "Atur Ulang",
    "Restore Defaults": "Kembalikan Bawaan",
}

_FILE_DIALOG = {
    "&Look in:": "&Cari di:",
    "Look in:": "Cari di:",
    "File &name:": "&Nama berkas:",
    "Files of &type:": "&Jenis berkas:",
    "Files of type:": "Jenis berkas:",
    "&Open": "&Buka",
    "&Save": "&Simpan",
    "&Choose": "&Pilih",
    "Open": "Buka",
    "Save As": "Simpan Sebagai",
    "Find Directory": "Cari Folder",
    "Cancel": "Batal",
    "Back": "Kembali",
    "Forward": "Maju",
    "Go back": "Kembali",
    "Go forward": "Maju",
    "Parent Directory": "Folder Induk",
    "Go to the parent directory": "Ke folder induk",
    "Create New Folder": "Buat Folder Baru",
    "Create a New Folder": "Buat folder baru",
    "New Folder": "Folder Baru",
    "&New Folder": "Folder &Baru",
    "List View": "Tampilan Daftar",
    "Change to list view mode": "Tampilkan sebagai daftar",
    "Detail View": "Tampilan Rinci",
    "Change to detail view mode": "Tampilkan dengan rincian",
    "Sidebar": "Bilah samping",
    "List of places and bookmarks": "Daftar tempat dan penanda",
    "Files": "Berkas",
    "Directories": "Folder",
    "Directory:": "Folder:",
    "All Files (*)": "Semua Berkas (*)",
    "All files (*)": "Semua berkas (*)",
    "&Rename": "&Ganti Nama",
    "&Delete": "&Hapus",
    "Delete": "Hapus",
    "Remove": "Hapus",
    "Show &hidden files": "Tampilkan berkas &tersembunyi",
    "Show ": "Tampilkan ",
    "Recent Places": "Tempat Terakhir",
    "%1 already exists.\nDo you want to replace it?": "%1 sudah ada.\nGanti dengan yang baru?",
    "%1\nFile not found.\nPlease verify the correct file name was given.": (
        "%1\nBerkas tidak ditemukan.\nPeriksa apakah nama berkasnya benar."
    ),
    "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
        "%1\nFolder tidak ditemukan.\nPeriksa apakah nama foldernya benar."
    ),
    "Are you sure you want to delete '%1'?": "Yakin ingin menghapus '%1'?",
    "'%1' is write protected.\nDo you want to delete it anyway?": (
        "'%1' dilindungi dari penulisan.\nTetap hapus?"
    ),
    "Could not delete directory.": "Folder tidak dapat dihapus.",
}

_FILE_MODEL = {
    "Name": "Nama",
    "Size": "Ukuran",
    "Type": "Jenis",
    "Kind": "Jenis",
    "Date Modified": "Tanggal Diubah",
    "Computer": "Komputer",
    "My Computer": "Komputer Saya",
}

_FILE_ICONS = {
    "Drive": "Drive",
    "Folder": "Folder",
    "File Folder": "Folder",
    "File": "Berkas",
    "Shortcut": "Pintasan",
    "Alias": "Alias",
    "Unknown": "Tidak dikenal",
}

_EDIT_MENU = {
    # The context menu of QLineEdit and of QTextEdit/QPlainTextEdit (QWidgetTextControl).
    "&Undo": "&Urungkan",
    "&Redo": "U&lang",
    "Cu&t": "&Potong",
    "&Copy": "&Salin",
    "&Paste": "&Tempel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
    "Copy &Link Location": "Salin &Alamat Tautan",
}

_PRINT_DIALOG = {
    "Print": "Cetak",
    "&Print": "&Cetak",
    "&Options >>": "&Opsi >>",
    "&Options <<": "&Opsi <<",
    "All Pages": "Semua Halaman",
    "Odd Pages": "Halaman Ganjil",
    "Even Pages": "Halaman Genap",
    "Local file": "Berkas lokal",
    "Print to File (PDF)": "Cetak ke Berkas (PDF)",
    "Write PDF file": "Tulis berkas PDF",
    "%1 already exists.\nDo you want to overwrite it?": "%1 sudah ada.\nTimpa?",
    "%1 is a directory.\nPlease choose a different file name.": (
        "%1 adalah folder.\nPilih nama berkas lain."
    ),
    "File %1 is not writable.\nPlease choose a different file name.": (
        "Berkas %1 tidak dapat ditulisi.\nPilih nama berkas lain."
    ),
    "The 'From' value cannot be greater than the 'To' value.": (
        "Halaman 'Dari' tidak boleh lebih besar daripada halaman 'Sampai'."
    ),
}

_PRINT_WIDGET = {
    "Printer": "Pencetak",
    "&Name:": "&Nama:",
    "P&roperties": "P&roperti",
    "Location:": "Lokasi:",
    "Preview": "Pratinjau",
    "Type:": "Jenis:",
    "Output &file:": "&Berkas keluaran:",
}

_PRINT_OUTPUT = {
    "Copies": "Salinan",
    "Copies:": "Jumlah salinan:",
    "Collate": "Susun",
    "Reverse": "Urutan terbalik",
    "Options": "Opsi",
    "Output Settings": "Pengaturan Keluaran",
    "Print range": "Rentang cetak",
    "Print all": "Cetak semua",
    "Pages from": "Halaman dari",
    "to": "sampai",
    "Pages": "Halaman",
    "Current Page": "Halaman ini",
    "Selection": "Pilihan",
    "Page &Set:": "&Kumpulan halaman:",
    "Color Mode": "Mode Warna",
    "Color": "Berwarna",
    "Grayscale": "Skala abu-abu",
    "Double Sided Printing": "Cetak Bolak-balik",
    "Off": "Mati",
    "Long side binding": "Jilid sisi panjang",
    "Short side binding": "Jilid sisi pendek",
    "Specify pages or ranges separated by commas. Ranges are specified by two numbers separated "
    "by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.": (
        "Tulis halaman atau rentang, dipisah koma. Rentang ditulis dua angka dengan tanda hubung. "
        "Contoh: 3,5-7,9 mencetak halaman 3, 5, 6, 7 dan 9."
    ),
}

_WIZARD = {
    "< &Back": "< &Kembali",
    "&Next >": "&Lanjut >",
    "&Next": "&Lanjut",
    "&Finish": "&Selesai",
    "&Help": "&Bantuan",
    "Cancel": "Batal",
    "Help": "Bantuan",
    "Go Back": "Kembali",
    "Continue": "Lanjut",
    "Commit": "Terapkan",
    "Done": "Selesai",
}

QT_ID: dict[tuple[str, str], str] = {
    **{("QPlatformTheme", k): v for k, v in _BUTTONS.items()},
    # Qt 5 and some styles still ask under QDialogButtonBox's own context.
    **{("QDialogButtonBox", k): v for k, v in _BUTTONS.items()},
    **{("QFileDialog", k): v for k, v in _FILE_DIALOG.items()},
    **{("QFileSystemModel", k): v for k, v in _FILE_MODEL.items()},
    **{("QAbstractFileIconProvider", k): v for k, v in _FILE_ICONS.items()},
    **{("QLineEdit", k): v for k, v in _EDIT_MENU.items()},
    **{("QWidgetTextControl", k): v for k, v in _EDIT_MENU.items()},
    ("QMessageBox", "Show Details..."): "Tampilkan Rincian...",
    ("QMessageBox", "Hide Details..."): "Sembunyikan Rincian...",
    ("QMessageBox", "OK"): "OK",
    ("QProgressDialog", "Cancel"): "Batal",
    ("QInputDialog", "Enter a value:"): "Masukkan nilai:",
    ("QErrorMessage", "&OK"): "&OK",
    ("QErrorMessage", "&Show this message again"): "&Tampilkan pesan ini lagi",
    **{("QPrintDialog", k): v for k, v in _PRINT_DIALOG.items()},
    **{("QPrintWidget", k): v for k, v in _PRINT_WIDGET.items()},
    **{("QPrintSettingsOutput", k): v for k, v in _PRINT_OUTPUT.items()},
    **{("QWizard", k): v for k, v in _WIZARD.items()},
    ("QTabBar", "Scroll Left"): "Geser ke kiri",
    ("QTabBar", "Scroll Right"): "Geser ke kanan",
}


class QtTexts(QTranslator):
    """Qt's own texts from :data:`QT_ID` while the interface is Indonesian; nothing otherwise."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None is a null QString: Qt then asks the next translator or keeps its own text.
        # The disambiguation is ignored: Qt uses it only to tell platforms apart ("Folder",
        # "Type" come with "All other platforms"), never for two meanings in one context.
        if current_language() != "id":
            return None
        return QT_ID.get((context, source_text))

    def isEmpty(self) -> bool:
        return False


_installed: QtTexts | None = None


def install(app: QCoreApplication | None = None) -> QtTexts:
    """Install the translator on *app* (the running application by default), once."""
    global _installed
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install() needs a QApplication")
    if _installed is None:
        _installed = QtTexts(app)
    QCoreApplication.installTranslator(_installed)  # a second install only moves it first
    return _installed


def uninstall() -> None:
    """Take the translator off the application again (tests that must leave Qt as they found it)."""
    global _installed
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None
