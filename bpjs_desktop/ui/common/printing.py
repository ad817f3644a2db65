"""Documents to PDF and to the printer, from the HTML the services build (services/papers.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from bpjs_desktop.i18n import _
from bpjs_desktop.services.papers import pdf_file


def _document(html_text: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html_text)
    return document


def write_pdf(html_text: str, path: Path) -> Path:
    """Write *html_text* as an A4 PDF to *path* (a temporary file renamed into place)."""
    path = Path(path)
    with pdf_file(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
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
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Cetak"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(html_text).print_(printer)
    return True
