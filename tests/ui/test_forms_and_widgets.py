"""The shared form and widgets (ui/common/forms.py, ui/common/widgets.py), driven from the keyboard:
Enter saves, Esc cancels (asking first when something was typed), each error beside its field."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QSpinBox

from bpjs_desktop.errors import FieldError, KnownError, NotFoundError, ValidationError
from bpjs_desktop.ui.common.forms import (
    DateEdit,
    FormDialog,
    MoneyEdit,
    collect,
    field_value,
)
from bpjs_desktop.ui.common.tables import Column, Format, RowsModel
from bpjs_desktop.ui.common.tasks import TaskContext
from bpjs_desktop.ui.common.widgets import (
    KpiTile,
    choose,
    page_title,
    run_with_progress,
    show_error,
)


class WageForm(FormDialog):
    """A name, a start date, a wage, a segment and a count of dependants; the "service" refuses
    a wage under Rp1.000.000 and a name of one letter, and may be told to fail otherwise."""

    def __init__(self) -> None:
        super().__init__("Upah pekerja")
        self.name = self.form.add("name", "&Nama", QLineEdit())
        self.start = self.form.add("start", "&Mulai", DateEdit())
        self.wage = self.form.add("wage", "&Upah", MoneyEdit(), hint="Rupiah utuh")
        self.segment = QComboBox()
        self.segment.addItem("Penerima upah", "PU")
        self.segment.addItem("Bukan penerima upah", "BPU")
        self.form.add("segment", "&Segmen", self.segment)
        self.children_ = self.form.add("children", "&Anak", QSpinBox())
        self.fail_with: BaseException | None = None

    def submit(self) -> tuple[str, date | None, int | None, str]:
        assert isinstance(self.name, QLineEdit)
        assert isinstance(self.start, DateEdit) and isinstance(self.wage, MoneyEdit)
        values: dict[str, object] = {}

        def name() -> None:
            if len(self.name.text().strip()) < 2:
                raise ValidationError.single("name", "Nama paling sedikit 2 huruf")

        def wage() -> None:
            values["wage"] = field_value("wage", self.wage.value)
            if values["wage"] is not None and values["wage"] < 1_000_000:  # type: ignore[operator]
                raise ValidationError.single("wage", "Upah paling rendah Rp1.000.000")

        # every problem at once, each beside its field
        collect(
            name, lambda: values.setdefault("start", field_value("start", self.start.value)), wage
        )
        if self.fail_with is not None:
            raise self.fail_with
        return self.name.text(), values["start"], values["wage"], self.segment.currentData()  # type: ignore[return-value]


@pytest.fixture
def form(qtbot) -> WageForm:
    dialog = WageForm()
    # closing at teardown must not ask "Buang isian?" (a modal box nobody answers)
    qtbot.addWidget(dialog, before_close_func=lambda d: setattr(d, "_dirty", False))
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # keys go to it
    dialog.watch_changes()
    return dialog


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_enter_in_a_field_saves_and_says_what_was_saved(qtbot, form: WageForm):
    type_into(qtbot, form.name, "Siti Aminah")
    type_into(qtbot, form.start, "02/01/2018")
    type_into(qtbot, form.wage, "4.000.000")
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.keyClick(form.wage, Qt.Key.Key_Return)
    assert saved.args == [("Siti Aminah", date(2018, 1, 2), 4_000_000, "PU")]
    assert form.result() == FormDialog.DialogCode.Accepted
    assert not form.isVisible()


def test_each_error_is_shown_beside_its_field_and_the_first_gets_the_focus(qtbot, form: WageForm):
    type_into(qtbot, form.name, "S")
    type_into(qtbot, form.start, "31/02/2018")
    type_into(qtbot, form.wage, "500000")
    qtbot.keyClick(form.wage, Qt.Key.Key_Return)
    assert form.isVisible()  # nothing saved: the dialog stays with everything typed
    errors = form.form.errors
    assert errors["name"].isVisible() and errors["name"].text() == "Nama paling sedikit 2 huruf"
    assert errors["start"].isVisible() and "31/02/2018" in errors["start"].text()
    assert errors["wage"].text() == "Upah paling rendah Rp1.000.000"
    assert not errors["segment"].isVisible()
    assert not form.general_error.isVisible()
    assert form.name.hasFocus()  # the first field in form order with an error
    assert form.name.selectedText() == "S"  # selected, so typing replaces it
    assert form.wage.text() == "500.000"  # grouped when the field was left, kept as typed
    # fixed and saved again: the old errors go
    type_into(qtbot, form.name, "iti")
    form.start.clear()
    type_into(qtbot, form.start, "28/02/2018")
    form.wage.clear()
    type_into(qtbot, form.wage, "4000000")
    with qtbot.waitSignal(form.saved):
        qtbot.keyClick(form.wage, Qt.Key.Key_Return)
    assert [e.isVisible() for e in errors.values()] == [False] * 5


def test_a_bad_amount_is_reported_beside_the_wage(qtbot, form: WageForm):
    type_into(qtbot, form.name, "Siti")
    type_into(qtbot, form.wage, "4.000.000,50")
    qtbot.keyClick(form.wage, Qt.Key.Key_Return)
    assert form.wage.text() == "4.000.000,50"  # not a whole rupiah: left as typed
    assert "tanpa sen" in form.form.errors["wage"].text()
    assert form.wage.hasFocus()


def test_an_error_no_field_is_named_for_shows_above_the_buttons(qtbot, form: WageForm):
    form.form.set_row_visible("children", False)
    form.fail_with = ValidationError(
        [FieldError("children", "Anak paling banyak 2"), FieldError("npp", "NPP tidak aktif")]
    )
    type_into(qtbot, form.name, "Siti")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert form.isVisible()
    # a hidden field and a field not on the form: both said above the buttons
    assert form.general_error.isVisible()
    assert form.general_error.text() == "Anak paling banyak 2\nNPP tidak aktif"
    assert not form.form.errors["children"].isVisible()


def test_a_known_error_is_said_above_the_buttons_without_a_retry(qtbot, form: WageForm):
    form.fail_with = NotFoundError("Pemberi kerja 17000123 tidak ditemukan")
    type_into(qtbot, form.name, "Siti")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert form.general_error.text() == "Pemberi kerja 17000123 tidak ditemukan"
    assert not form.retry_button.isVisible()
    assert form.isVisible()


def test_esc_on_an_untouched_form_closes_it_without_asking(qtbot, monkeypatch):
    dialog = WageForm()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.watch_changes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert dialog.result() == FormDialog.DialogCode.Rejected
    assert not dialog.isVisible()


@pytest.mark.parametrize(
    ("answer", "closes"),
    [(QMessageBox.StandardButton.Cancel, False), (QMessageBox.StandardButton.Discard, True)],
)
def test_esc_after_typing_asks_before_throwing_the_input_away(
    qtbot, form: WageForm, monkeypatch, answer, closes
):
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClick(form.children_, Qt.Key.Key_Up)  # a spin box counts as typing too
    qtbot.keyClick(form.children_, Qt.Key.Key_Escape)
    assert asked == ["Isian formulir ini belum disimpan. Tutup dan buang isian?"]
    assert form.isVisible() is not closes
    if not closes:
        assert form.children_.value() == 1


def test_labels_carry_mnemonics_to_their_fields(qtbot, form: WageForm):
    """Alt+U jumps to the wage: the label's buddy is its field."""
    assert form.form.labels["wage"].buddy() is form.wage
    assert form.form.labels["wage"].text() == "&Upah"
    assert form.findChild(type(form.form.labels["wage"]), "wage_hint").text() == "Rupiah utuh"
    assert form.wage.objectName() == "wage_edit"
    assert form.save_button.isDefault()


def test_date_and_money_fields_read_and_write_the_indonesian_way(qtbot):
    day, money = DateEdit(), MoneyEdit()
    qtbot.addWidget(day)
    qtbot.addWidget(money)
    day.set_value(date(2026, 11, 28))
    assert day.text() == "28/11/2026" and day.value() == date(2026, 11, 28)
    day.set_value(None)
    assert day.value() is None
    money.set_value(1_258_520)
    assert money.text() == "1.258.520" and money.value() == 1_258_520
    money.setText("Rp 395.600")
    assert money.value() == 395_600
    money.set_value(None)
    assert money.value() is None


# --- widgets ---------------------------------------------------------------------------------------


def test_show_error_lists_every_field_error_and_hides_a_bugs_details(qtbot, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0
    )
    show_error(None, ValidationError([FieldError("a", "Satu"), FieldError("b", "Dua")]))
    show_error(None, KnownError("Berkas terkunci"), "Simpan")
    show_error(None, ZeroDivisionError("division by zero"))
    assert shown == [
        ("Tidak dapat dilanjutkan", "• Satu\n• Dua"),
        ("Simpan", "Berkas terkunci"),
        (
            "Tidak dapat dilanjutkan",
            "Terjadi kesalahan tak terduga; rinciannya tercatat di file log aplikasi.",
        ),
    ]


def test_kpi_tile_page_title_and_choose(qtbot):
    tile = KpiTile("TK aktif", "tk_tile")
    qtbot.addWidget(tile)
    assert tile.value.text() == "–"  # nothing loaded yet
    tile.set_figures("132.456", "naik 1,2% dari bulan lalu")
    # A word stays with the figure after it (a no-break space): the tile never wraps "naik" away.
    assert (tile.value.text(), tile.detail.text()) == ("132.456", "naik\u00a01,2% dari bulan lalu")
    assert tile.findChild(type(tile.value), "tk_tile_value") is tile.value
    title = page_title("Siti Aminah", selectable=True)
    assert title.objectName() == "page_title" and title.font().bold()
    assert title.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    combo = QComboBox()
    qtbot.addWidget(combo)
    combo.addItem("Gresik", "GRS")
    combo.addItem("Sidoarjo", "SDA")
    assert choose(combo, "SDA") and combo.currentText() == "Sidoarjo"
    assert not choose(combo, "MLG") and combo.currentText() == "Sidoarjo"


def amounts_model() -> RowsModel[tuple[str, int]]:
    return RowsModel(
        [
            Column("Uraian", lambda r: r[0]),
            Column("Jumlah", lambda r: r[1], fmt=Format.MONEY),
        ]
    )


def test_rows_table_model_shows_rows_and_aligns_money_right(qtmodeltester):
    model = amounts_model()
    model.set_rows([("Saldo iuran", 12_345_000), ("Pengembangan", 1_234_567)])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Jumlah"
    assert model.headerData(2, Qt.Orientation.Horizontal) is None
    assert model.data(model.index(1, 1)) == "Rp1.234.567"
    assert model.data(model.index(0, 0), model.RowRole) == ("Saldo iuran", 12_345_000)
    right = model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole)
    assert right == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    left = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert left == int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def test_run_with_progress_hands_the_result_over_and_closes_its_dialog(qtbot):
    parent = QLineEdit()
    qtbot.addWidget(parent)
    results: list[object] = []

    def work(context: TaskContext) -> int:
        context.progress(50, "Menghitung…")
        return 42

    run_with_progress(parent, "Menghitung", work, results.append)
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    QApplication.processEvents()
    assert not any(
        w.objectName() == "progress_dialog" and w.isVisible()
        for w in QApplication.topLevelWidgets()
    )


def test_run_with_progress_reports_a_failure_to_the_caller(qtbot):
    parent = QLineEdit()
    qtbot.addWidget(parent)
    failures: list[BaseException] = []

    def work(_context: TaskContext) -> None:
        raise KnownError("Disk penuh")

    run_with_progress(parent, "Menyimpan", work, lambda _r: pytest.fail("done"), failures.append)
    qtbot.waitUntil(lambda: len(failures) == 1, timeout=5000)
    assert str(failures[0]) == "Disk penuh"
