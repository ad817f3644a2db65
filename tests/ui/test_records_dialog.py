"""The records behind a chart's figure (ui/dashboard/records_dialog.py): counted in the
background, shown a page at a time, money in Rupiah on the right, Enter opens a record and
leaves the list open."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from bpjs_desktop.services.drilldown import RecordFilter
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.dashboard.records_dialog import RecordsDialog

LOAD_MS = 20_000
APRIL = (date(2018, 4, 1), date(2018, 4, 30))
RUPIAH = re.compile(r"^Rp\d{1,3}(\.\d{3})*$")


def open_dialog(qtbot, session: SignedIn, record_filter: RecordFilter, expected=None):
    dialog = RecordsDialog(session.db, record_filter, expected, actor=session.actor)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.loaded, timeout=LOAD_MS) as loaded:
        dialog.load()
    return dialog, loaded.args[0]


def test_payments_of_a_month_are_counted_and_shown_in_rupiah(
    qtbot, session: SignedIn, qtmodeltester
):
    with session.db.read() as s:
        expected = s.execute(
            text(
                "SELECT count(*) FROM payment p JOIN office o ON o.id = p.office_id "
                "WHERE o.code = 'GRS' AND p.paid_on BETWEEN :a AND :b"
            ),
            {"a": APRIL[0], "b": APRIL[1]},
        ).scalar_one()
    assert expected > 0
    record_filter = RecordFilter("payments", "Iuran diterima April 2018", ("GRS",), None, *APRIL)
    dialog, count = open_dialog(qtbot, session, record_filter, expected="Rp1,2 miliar")
    assert count == expected
    thousands = f"{count:,}".replace(",", ".")
    assert dialog.count_label.text() == f"{thousands} baris · angka pada grafik: Rp1,2 miliar"
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Tanggal bayar", "Pembayar", "NPP / KPJ", "Kantor", "Jumlah", "Referensi"]
    amount = model.data(model.index(0, 4))
    assert RUPIAH.match(amount), amount
    alignment = model.data(model.index(0, 4), Qt.ItemDataRole.TextAlignmentRole)
    assert int(alignment) & int(Qt.AlignmentFlag.AlignRight)
    assert re.match(r"^\d\d/04/2018$", model.data(model.index(0, 0)))
    assert model.data(model.index(0, 3)) == "GRS"
    assert dialog.table.currentIndex().row() == 0  # the first row chosen, ready for Enter
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("kind", "signal", "key_column"),
    [("workers", "worker_activated", 0), ("employers", "employer_activated", 0)],
)
def test_enter_on_a_row_opens_that_record_and_keeps_the_list(
    qtbot, session: SignedIn, kind, signal, key_column
):
    record_filter = RecordFilter(kind, "Aktif 30/04/2018", ("GRS",), date(2018, 4, 30))
    dialog, count = open_dialog(qtbot, session, record_filter)
    assert count > 1
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    row = dialog.table.currentIndex().row()
    assert row == 1
    wanted = dialog.model.data(dialog.model.index(row, key_column))
    with qtbot.waitSignal(getattr(dialog, signal), timeout=LOAD_MS) as opened:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert opened.args == [wanted]
    QApplication.processEvents()
    assert dialog.isVisible()  # Enter opened the record; it did not close the list


def test_an_empty_list_says_zero_rows_and_chooses_nothing(qtbot, session: SignedIn):
    record_filter = RecordFilter(
        "claims", "Klaim 1990", ("GRS",), None, date(1990, 1, 1), date(1990, 1, 31)
    )
    dialog, count = open_dialog(qtbot, session, record_filter)
    assert count == 0
    assert dialog.count_label.text() == "0 baris"
    assert dialog.model.rowCount() == 0
    assert not dialog.table.currentIndex().isValid()
    with qtbot.assertNotEmitted(dialog.claim_activated):
        dialog.table.setFocus()
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
