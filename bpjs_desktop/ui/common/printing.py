"""Documents to PDF and to the printer, from the HTML the services build (services/papers.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from bpjs_desktop.domain.workstation import PAPER_MM
from bpjs_desktop.i18n import _
from bpjs_desktop.services.papers import pdf_file
from bpjs_desktop.ui.common import workstation_store


def paper() -> QPageSize:
    """The workstation's paper (Pengaturan komputer ini): A4 unless it chose F4, Letter, Legal."""
    code = workstation_store.load().paper_size
    if code == "A4":
        return QPageSize(QPageSize.PageSizeId.A4)
    width, height = PAPER_MM[code]
    return QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter, code)


def _document(html_text: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html_text)
    return document


def write_pdf(html_text: str, path: Path) -> Path:
    """Write *html_text* as a PDF on the workstation's paper to *path* (a temporary file renamed
    into place)."""
    path = Path(path)
    with pdf_file(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setPageSize(paper())
        writer.setPageMargins(QMarginsF(18, 15, 18, 15), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        writer.setTitle(path.stem)
        writer.setCreator("bpjs-desktop")
        document = _document(html_text)
        layout = writer.pageLayout().paintRectPixels(writer.resolution())
        document.setPageSize(QSizeF(layout.width(), layout.height()))
        document.print_(writer)
        del writer  # finishes the file
    return path


def print_html(html_text: str, parent: QWidget | None = None) -> bool:
    """Ask which printer, then print; False if the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    chosen = workstation_store.load().printer
    if chosen:  # the workstation's printer, when it is installed; else the system's default
        printer.setPrinterName(chosen)
    printer.setPageSize(paper())
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Cetak"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(html_text).print_(printer)
    return True
