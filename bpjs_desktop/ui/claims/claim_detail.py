"""One claim: its member and facts, the document checklist (tick, attach, open), the state buttons
the rules allow, the history, how the amount is reached, and the receipt and decision letter."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.claim_details import (
    ClaimDetail,
    JhtDetail,
    JhtPartialDetail,
    JkkDetail,
    JkkOutcome,
    JkmDetail,
    JkpDetail,
    JpDetail,
)
from bpjs_desktop.domain.claims import ClaimState
from bpjs_desktop.domain.masking import mask_nik
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import format_date, format_datetime_wib
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _
from bpjs_desktop.services import claims, clock
from bpjs_desktop.services.claims import (
    AttachmentRow,
    ClaimEventRow,
    ClaimView,
    DocumentRow,
    event_label,
)
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.claims.claim_schedule import ClaimViewDialog, SchedulePanel
from bpjs_desktop.ui.claims.claims_page import SLA_COLOURS
from bpjs_desktop.ui.common.events import DataKind, data_changed
from bpjs_desktop.ui.common.forms import DateEdit, MoneyEdit, field_value
from bpjs_desktop.ui.common.layout_memory import remember_splitter
from bpjs_desktop.ui.common.printing import print_html, write_pdf
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import AnyIndex, Column, Format, RowsModel
from bpjs_desktop.ui.common.widgets import (
    ask_open_path,
    ask_save_path,
    named_label,
    page_title,
    push_button,
    row_table,
    show_error,
    value_rows,
)


class DocumentsTableModel(RowsModel[DocumentRow]):
    COL_DOCUMENT, COL_RECEIVED, COL_SCANS = range(3)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_("Dokumen"), lambda r: r.label),
                Column(
                    _("Diterima"),
                    lambda r: r.received_on,
                    fmt=Format.DATE,
                    display=lambda r: format_date(r.received_on) if r.received_on else _("belum"),
                ),
                Column(_("Lampiran"), lambda r: r.attachments or None, align_right=False),
            ],
            parent,
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid():
            row = self.row_object(index.row())
            if index.column() == self.COL_DOCUMENT and row is not None:
                received = row.received_on is not None
                return Qt.CheckState.Checked if received else Qt.CheckState.Unchecked
            return None
        return super().data(index, role)


def _document_label(row: AttachmentRow) -> str:
    from bpjs_desktop.domain.claim_documents import document_label

    return document_label(row.document_code) if row.document_code else "–"


class AttachmentsTableModel(RowsModel[AttachmentRow]):
    COL_FILE, COL_DOCUMENT, COL_SIZE, COL_ADDED = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_("Berkas"), lambda r: r.file_name),
                Column(_("Untuk dokumen"), _document_label),
                Column(
                    _("Ukuran"),
                    lambda r: r.size,
                    display=lambda r: _("{n} KB").format(n=max(1, round(r.size / 1024))),
                ),
                Column(
                    _("Ditambahkan"),
                    lambda r: r.added_at,
                    display=lambda r: f"{format_datetime_wib(r.added_at)} · {r.added_by or '–'}",
                ),
            ],
            parent,
        )


class HistoryTableModel(RowsModel[ClaimEventRow]):
    COL_DATE, COL_FROM, COL_TO, COL_USER, COL_NOTE = range(5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column(_("Tanggal"), lambda r: r.on_date, fmt=Format.DATE),
                Column(_("Dari"), lambda r: r.from_state.label if r.from_state else "–"),
                Column(_("Menjadi"), lambda r: r.to_state.label),
                Column(_("Petugas"), lambda r: r.username or "–"),
                Column(_("Catatan"), lambda r: r.note),
            ],
            parent,
        )


def _table(name: str, model: QAbstractTableModel) -> QTableView:
    return row_table(model, name, f"claim_detail/{name}")


def detail_text(detail: ClaimDetail) -> str:
    """The facts of the claim's type in one or two lines."""
    if isinstance(detail, JhtDetail | JpDetail):
        return detail.ground.label
    if isinstance(detail, JhtPartialDetail):
        return detail.purpose or "–"
    if isinstance(detail, JkkDetail):
        parts = [detail.kind.label, detail.outcome.label]
        if detail.outcome is JkkOutcome.CACAT_SEBAGIAN:
            parts.append(f"{detail.disability_percent}%")
        if detail.place:
            parts.append(detail.place)
        if detail.road_accident:
            parts.append(_("lalu lintas"))
        if detail.stmb:
            days = sum(p.days for p in detail.stmb)
            parts.append(_("STMB {n} hari").format(n=days))
        if detail.medical_costs:
            parts.append(_("biaya {amount}").format(amount=format_rupiah(detail.medical_costs)))
        return " · ".join(parts)
    if isinstance(detail, JkmDetail):
        heirs = []
        for h in detail.heirs:
            school = ""
            if h.school_level is not None:
                school = ", " + h.school_level.label
            elif h.in_school:
                school = ", " + _("sekolah")
            heirs.append(f"{h.name} ({h.relation.label.lower()}{school})")
        return _("Ahli waris: {heirs}").format(heirs=", ".join(heirs) or "–")
    assert isinstance(detail, JkpDetail)
    return detail.note or "–"


# (label with mnemonic, needs a reason) per target state
MOVE_BUTTONS = {
    ClaimState.VERIFIKASI: (_("&Verifikasi"), "verify_button"),
    ClaimState.DIKEMBALIKAN: (_("&Kembalikan…"), "return_button"),
    ClaimState.DIAJUKAN: (_("A&jukan ulang"), "resubmit_button"),
    ClaimState.DITETAPKAN: (_("Tet&apkan…"), "decide_button"),
    ClaimState.DIBAYAR: (_("Ba&yar…"), "pay_button"),
    ClaimState.DITOLAK: (_("T&olak…"), "reject_button"),
}


class MoveDialog(ClaimViewDialog):
    """A step of the claim: the date, a note (the reason, when the step needs one) and, to decide,
    the amount by rule with its breakdown; another amount needs a reason."""

    def __init__(
        self, session: SignedIn, view: ClaimView, target: ClaimState, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Klaim {no}: {state}").format(no=view.row.claim_no, state=target.label),
            "move_dialog",
            _("&Simpan"),
            session,
            view,
            parent,
        )
        self.target = target
        self.date_edit = DateEdit()
        self.date_edit.set_value(max(clock.office_today(session.db), view.row.submitted_on))
        self.form.add("on_date", _("&Tanggal"), self.date_edit)
        self.amount_edit: MoneyEdit | None = None
        self.reason_edit: QLineEdit | None = None
        if target is ClaimState.DITETAPKAN:
            basis = QPlainTextEdit()
            basis.setObjectName("basis_text")
            basis.setReadOnly(True)
            basis.setMinimumHeight(140)
            if view.rule_amount is not None:
                basis.setPlainText(view.rule_amount.basis_text())
            else:
                basis.setPlainText(view.rule_error or "")
            self.form.add("basis", _("Perhitungan aturan"), basis)
            self.amount_edit = MoneyEdit()
            if view.rule_amount is not None:
                self.amount_edit.set_value(view.rule_amount.total)
            self.form.add("amount", _("&Jumlah ditetapkan"), self.amount_edit)
            self.reason_edit = QLineEdit()
            self.form.add(
                "amount_reason",
                _("&Alasan jumlah lain"),
                self.reason_edit,
                _("Wajib bila jumlah berbeda dari perhitungan aturan"),
            )
        self.note_edit = QLineEdit()
        hint = {
            ClaimState.DIKEMBALIKAN: _("Sebutkan dokumen yang kurang atau tidak sah"),
            ClaimState.DITOLAK: _("Alasan penolakan (dicetak pada surat penolakan)"),
        }.get(target)
        self.form.add("note", _("&Catatan"), self.note_edit, hint)
        self.setMinimumWidth(720)

    def submit(self) -> Any:
        on = field_value("on_date", self.date_edit.value)
        amount = None
        reason = ""
        if self.amount_edit is not None:
            amount = field_value("amount", self.amount_edit.value)
            assert self.reason_edit is not None
            reason = self.reason_edit.text()
        return claims.move_claim(
            self.session.db,
            self.session.actor,
            self.view.row.claim_no,
            self.target,
            on_date=on,
            amount=amount,
            amount_reason=reason,
            note=self.note_edit.text(),
        )


class ClaimDetailPage(SessionPage):
    """One claim.

    Signals:
        claim_changed(str): the claim's state, documents or scans changed (lists may refresh).
    """

    claim_changed = Signal(str)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "claim_detail_page", parent)
        self.view: ClaimView | None = None
        self.open_url: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(path))
        )
        self.title = page_title("", selectable=True)
        self.sla_label = named_label("sla_label")
        self.sla_label.setMargin(4)

        facts = QGroupBox(_("Klaim"))
        self.facts_form = QFormLayout(facts)
        self.fields = value_rows(
            self.facts_form,
            (
                ("member", _("Peserta")),
                ("employer", _("Pemberi kerja / segmen")),
                ("membership", _("Kepesertaan")),
                ("wage", _("Upah / penghasilan")),
                ("event", _("Tanggal kejadian")),
                ("submitted", _("Diajukan")),
                ("detail", _("Rincian")),
                ("reason", _("Keterangan")),
                ("bank", _("Rekening")),
                ("officers", _("Petugas")),
                ("amount", _("Jumlah ditetapkan")),
            ),
            wrap=True,
        )
        self.event_caption = self.facts_form.labelForField(self.fields["event"])

        self.documents = DocumentsTableModel(self)
        self.documents_table = _table("documents_table", self.documents)
        self.documents_table.activated.connect(self._on_document_activated)
        self.receive_button = push_button(
            "receive_button", _("&Terima dokumen"), self.receive_selected
        )
        self.unreceive_button = push_button(
            "unreceive_button", _("&Batalkan terima"), self.unreceive_selected
        )
        self.attach_button = push_button(
            "attach_button", _("&Lampirkan berkas…"), self._on_attach_clicked
        )
        self.attachments = AttachmentsTableModel(self)
        self.attachments_table = _table("attachments_table", self.attachments)
        self.attachments_table.activated.connect(self._on_attachment_activated)
        self.open_button = push_button(
            "open_button", _("B&uka lampiran"), self.open_selected_attachment
        )
        documents_box = QGroupBox(_("Dokumen"))
        documents_layout = QVBoxLayout(documents_box)
        documents_layout.addWidget(self.documents_table, 3)
        doc_buttons = QHBoxLayout()
        for button in (self.receive_button, self.unreceive_button, self.attach_button):
            doc_buttons.addWidget(button)
        doc_buttons.addStretch(1)
        documents_layout.addLayout(doc_buttons)
        documents_layout.addWidget(self.attachments_table, 2)
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_button)
        open_row.addStretch(1)
        documents_layout.addLayout(open_row)

        self.move_buttons: dict[ClaimState, QPushButton] = {}
        moves = QHBoxLayout()
        for state, (text, name) in MOVE_BUTTONS.items():
            button = push_button(name, text, partial(self.move_to, state))
            self.move_buttons[state] = button
            moves.addWidget(button)
        moves.addStretch(1)
        self.receipt_print = push_button(
            "receipt_print_button",
            _("&Cetak tanda terima"),
            lambda: self._print(claims.receipt_html),
        )
        self.receipt_pdf = push_button(
            "receipt_pdf_button",
            _("&PDF tanda terima…"),
            lambda: self._ask_pdf(self.save_receipt_pdf, "tanda-terima"),
        )
        self.letter_print = push_button(
            "letter_print_button",
            _("Cetak &surat penetapan"),
            lambda: self._print(claims.decision_letter_html),
        )
        self.letter_pdf = push_button(
            "letter_pdf_button",
            _("PDF surat pe&netapan…"),
            lambda: self._ask_pdf(self.save_letter_pdf, "surat-penetapan"),
        )
        papers = QHBoxLayout()
        for button in (self.receipt_print, self.receipt_pdf, self.letter_print, self.letter_pdf):
            papers.addWidget(button)
        papers.addStretch(1)

        self.history = HistoryTableModel(self)
        self.history_table = _table("history_table", self.history)
        self.basis_text = QPlainTextEdit()
        self.basis_text.setObjectName("basis_text")
        self.basis_text.setReadOnly(True)
        self.basis_caption = QLabel(_("<b>Perhitungan manfaat</b>"))
        history_box = QGroupBox(_("Riwayat"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history_table)
        amount_box = QWidget()
        amount_layout = QVBoxLayout(amount_box)
        amount_layout.setContentsMargins(0, 0, 0, 0)
        amount_layout.addWidget(self.basis_caption)
        amount_layout.addWidget(self.basis_text)

        # The amount, and what a decided claim pays over time (issue #10): the monthly pension
        # or the children's scholarship years, in a second tab shown only where there are some.
        self.schedule = SchedulePanel(session)
        self.amount_tabs = QTabWidget()
        self.amount_tabs.setObjectName("amount_tabs")
        self.amount_tabs.addTab(amount_box, _("Perhitungan &manfaat"))
        self.amount_tabs.addTab(self.schedule, _("Jadwal pens&iun"))
        self.amount_tabs.setTabVisible(1, False)
        left = QVBoxLayout()
        left.addWidget(facts)
        left.addWidget(self.amount_tabs, 1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(documents_box)
        right.addWidget(history_box)
        right.setSizes([420, 220])
        right.setObjectName("documents_splitter")
        remember_splitter(right, "claim_detail/documents_splitter")
        body = QSplitter()
        body.setObjectName("body_splitter")
        body.addWidget(left_widget)
        body.addWidget(right)
        body.setSizes([520, 640])
        remember_splitter(body, "claim_detail/body_splitter")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.sla_label)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(moves)
        layout.addWidget(body, 1)
        layout.addLayout(papers)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.activated.connect(self.reload)

    # --- showing ---------------------------------------------------------------------------------
    def show_claim(self, claim_no: str) -> ClaimView:
        view = claims.claim_view(self.session.db, claim_no, actor=self.session.actor)
        self.view = view
        row = view.row
        self.title.setText(
            _("Klaim {no} · {kind} · {state}").format(
                no=row.claim_no, kind=row.claim_type.label, state=row.state.label
            )
        )
        clock = view.clock
        colour = SLA_COLOURS.get(clock.colour) if clock.colour else None
        self.sla_label.setText(clock.text)
        self.sla_label.setStyleSheet(
            f"background: {colour.name()}; color: black; border-radius: 4px;" if colour else ""
        )
        # One opened record, as the member page: full NIK for the roles with personal.view.
        nik = view.nik if allowed(self.session.actor, "personal.view") else mask_nik(view.nik)
        self.fields["member"].setText(f"{row.member_name} · KPJ {row.kpj} · NIK {nik}")
        self.fields["employer"].setText(view.employer_name or view.segment.label)
        end = format_date(view.membership_end) if view.membership_end else _("masih aktif")
        self.fields["membership"].setText(f"{format_date(view.membership_start)} – {end}")
        self.fields["wage"].setText(format_rupiah(view.wage) if view.wage else "–")
        if isinstance(self.event_caption, QLabel):
            self.event_caption.setText(event_label(row.claim_type))
        self.fields["event"].setText(format_date(row.event_date))
        self.fields["submitted"].setText(format_date(row.submitted_on))
        self.fields["detail"].setText(detail_text(view.detail))
        self.fields["reason"].setText(row.reason or "–")
        self.fields["bank"].setText(f"{view.bank_name} {view.bank_account}".strip() or "–")
        officers = _("dicatat {who}").format(who=view.logged_by or "–")
        if view.decided_by:
            officers += " · " + _("diputuskan {who}").format(who=view.decided_by)
        self.fields["officers"].setText(officers)
        if row.amount is not None:
            self.fields["amount"].setText(format_rupiah(row.amount))
        elif row.rejection_reason:
            self.fields["amount"].setText(_("Ditolak: {why}").format(why=row.rejection_reason))
        else:
            self.fields["amount"].setText("–")
        if view.amount_basis:
            self.basis_caption.setText(_("<b>Perhitungan manfaat (ditetapkan)</b>"))
            self.basis_text.setPlainText(view.amount_basis)
        elif view.rule_amount is not None:
            self.basis_caption.setText(_("<b>Perhitungan manfaat menurut aturan (perkiraan)</b>"))
            self.basis_text.setPlainText(view.rule_amount.basis_text())
        else:
            self.basis_caption.setText(_("<b>Perhitungan manfaat</b>"))
            self.basis_text.setPlainText(view.rule_error or "–")
        schedule = self.schedule.show_claim(view)
        self.amount_tabs.setTabText(
            1, _("Beasis&wa") if schedule == "scholarship" else _("Jadwal pens&iun")
        )
        self.amount_tabs.setTabVisible(1, schedule is not None)
        if schedule is None:
            self.amount_tabs.setCurrentIndex(0)
        self.documents.set_rows(view.documents)
        self.attachments.set_rows(view.attachments)
        self.history.set_rows(view.history)
        if view.documents:
            first_missing = next(
                (i for i, d in enumerate(view.documents) if d.received_on is None), 0
            )
            self.documents_table.selectRow(first_missing)
        self._update_buttons()
        return view

    def reload(self) -> None:
        if self.view is not None:
            self.show_claim(self.view.row.claim_no)

    def _update_buttons(self) -> None:
        view = self.view
        assert view is not None
        state = view.row.state
        open_documents = state not in (
            ClaimState.DITETAPKAN,
            ClaimState.DIBAYAR,
            ClaimState.DITOLAK,
        )
        may_document = allowed(self.session.actor, "claim.document")
        for button in (self.receive_button, self.unreceive_button):
            button.setEnabled(open_documents and may_document and bool(view.documents))
        self.attach_button.setEnabled(may_document)
        self.open_button.setEnabled(bool(view.attachments))
        for target, button in self.move_buttons.items():
            offered = target in view.next_states
            action = (
                "claim.decide"
                if target in (ClaimState.DITETAPKAN, ClaimState.DITOLAK)
                else "claim.move"
            )
            tip = ""
            if offered and not allowed(self.session.actor, action):
                offered, tip = False, _("Peran Anda tidak berwenang untuk langkah ini")
            if offered and target is ClaimState.DITETAPKAN:
                if view.logged_by_id == self.session.actor.user_id:
                    offered = False
                    tip = _("Petugas yang mencatat klaim tidak boleh juga menetapkannya")
                elif view.missing:
                    offered = False
                    tip = _("Dokumen belum lengkap: {n} belum diterima").format(n=len(view.missing))
            button.setVisible(target in view.next_states)
            button.setEnabled(offered)
            button.setToolTip(tip)
        decided = state in (ClaimState.DITETAPKAN, ClaimState.DIBAYAR, ClaimState.DITOLAK)
        self.letter_print.setEnabled(decided)
        self.letter_pdf.setEnabled(decided)

    # --- documents -------------------------------------------------------------------------------
    def _selected_document(self) -> DocumentRow | None:
        index = self.documents_table.currentIndex()
        if not index.isValid():
            return None
        return self.documents.rows[index.row()]

    def _after_change(self) -> None:
        assert self.view is not None
        claim_no = self.view.row.claim_no
        row = self.documents_table.currentIndex().row()
        self.show_claim(claim_no)
        if 0 <= row < self.documents.rowCount() and self.view.missing == ():
            self.documents_table.selectRow(row)
        self.claim_changed.emit(claim_no)
        data_changed(DataKind.CLAIM, self.view.row.office_code)

    def _change(self, call: Callable[[], object]) -> bool:
        """Make a change to the claim through *call* (a service); a refusal or failure is shown
        (False), a change shows the claim again with the same document selected (True)."""
        try:
            call()
        except KnownError as exc:
            show_error(self, exc)
            return False
        self._after_change()
        return True

    def receive_selected(self, on: date | None = None) -> bool:
        """Tick the selected document as received today (or *on*), never before the claim was lodged."""
        document = self._selected_document()
        view = self.view
        if view is None or document is None:
            return False
        return self._change(
            lambda: claims.receive_document(
                self.session.db,
                self.session.actor,
                view.row.claim_no,
                document.code,
                received_on=on or max(clock.office_today(self.session.db), view.row.submitted_on),
            )
        )

    def unreceive_selected(self) -> bool:
        document = self._selected_document()
        view = self.view
        if view is None or document is None:
            return False
        return self._change(
            lambda: claims.unreceive_document(
                self.session.db, self.session.actor, view.row.claim_no, document.code
            )
        )

    def _on_document_activated(self, index: QModelIndex) -> None:
        document = self.documents.rows[index.row()]
        if document.received_on is None and self.receive_button.isEnabled():
            self.receive_selected()

    def attach(self, path: Path) -> bool:
        """Attach the file at *path* to the claim, for the selected document."""
        if self.view is None:
            return False
        document = self._selected_document()
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            show_error(
                self, KnownError(_("Berkas tidak dapat dibaca: {why}").format(why=exc.strerror))
            )
            return False
        view = self.view
        return self._change(
            lambda: claims.attach_file(
                self.session.db,
                self.session.actor,
                view.row.claim_no,
                file_name=Path(path).name,
                content=content,
                document_code=document.code if document is not None else None,
            )
        )

    def _on_attach_clicked(self) -> None:
        path = ask_open_path(
            self,
            _("Lampirkan berkas pindaian"),
            _("Pindaian (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Semua file (*)"),
        )
        if path:
            self.attach(path)

    def open_attachment(self, attachment_id: int) -> Path | None:
        """Write the stored scan to a private temporary folder and open it with the system viewer."""
        try:
            row, content = claims.attachment_content(
                self.session.db, attachment_id, actor=self.session.actor
            )
        except KnownError as exc:
            show_error(self, exc)
            return None
        folder = Path(tempfile.mkdtemp(prefix="bpjs-lampiran-"))
        path = folder / row.file_name
        path.write_bytes(content)
        self.open_url(path)
        return path

    def open_selected_attachment(self) -> Path | None:
        index = self.attachments_table.currentIndex()
        if not index.isValid() and self.attachments.rows:
            index = self.attachments.index(0, 0)
        if not index.isValid():
            return None
        return self.open_attachment(self.attachments.rows[index.row()].id)

    def _on_attachment_activated(self, index: QModelIndex) -> None:
        self.open_attachment(self.attachments.rows[index.row()].id)

    # --- states ----------------------------------------------------------------------------------
    def move_dialog(self, target: ClaimState) -> MoveDialog:
        assert self.view is not None
        dialog = MoveDialog(self.session, self.view, target, self)
        dialog.saved.connect(self._on_moved)
        return dialog

    def move_to(self, target: ClaimState) -> None:
        self.move_dialog(target).open()

    def _on_moved(self, _row: object) -> None:
        self._after_change()

    # --- paper -----------------------------------------------------------------------------------
    def _html(self, build: Callable[[Any, str], str]) -> str | None:
        if self.view is None:
            return None
        try:
            return build(self.session.db, self.view.row.claim_no)
        except KnownError as exc:
            show_error(self, exc)
            return None

    def save_receipt_pdf(self, path: Path) -> Path | None:
        html = self._html(claims.receipt_html)
        return None if html is None else write_pdf(html, path)

    def save_letter_pdf(self, path: Path) -> Path | None:
        html = self._html(claims.decision_letter_html)
        return None if html is None else write_pdf(html, path)

    def _ask_pdf(self, save: Callable[[Path], Path | None], suffix: str) -> None:
        if self.view is None:
            return
        default = Path.home() / f"{self.view.row.claim_no}-{suffix}.pdf"
        path = ask_save_path(self, _("Simpan PDF"), default, _("PDF (*.pdf)"))
        if not path:
            return
        try:
            save(path)
        except KnownError as exc:
            show_error(self, exc)

    def _print(self, build: Callable[[Any, str], str]) -> None:
        html = self._html(build)
        if html is not None:
            print_html(html, self)
