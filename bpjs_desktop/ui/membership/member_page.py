"""One person's record: identity, every membership, and in tabs every claim, the one JHT account
over all their KPJs, and their heirs."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.claims import ClaimState, ClaimType
from bpjs_desktop.domain.identifiers import Sex
from bpjs_desktop.domain.masking import mask_nik
from bpjs_desktop.domain.money import format_rupiah
from bpjs_desktop.domain.periods import age_on, format_date, today_wib
from bpjs_desktop.domain.programmes import Segment
from bpjs_desktop.domain.regions import regency_name
from bpjs_desktop.i18n import N_, _, pgettext
from bpjs_desktop.services import clock, directory
from bpjs_desktop.services.context import allowed, refusal
from bpjs_desktop.services.directory import MembershipRow, PersonRecord
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.widgets import page_title, push_button, value_rows
from bpjs_desktop.ui.membership.member_heirs import HeirsPanel
from bpjs_desktop.ui.membership.member_jht import JhtAccountPanel, table

END_REASON_LABELS = {
    "MENGUNDURKAN_DIRI": N_("mengundurkan diri"),
    "PHK": N_("PHK"),
    "MENINGGAL": N_("meninggal dunia"),
    "KONTRAK_BERAKHIR": N_("kontrak berakhir"),
    "BERHENTI_MEMBAYAR": N_("berhenti membayar"),
    "PENSIUN": N_("pensiun"),
    "PINDAH": N_("pindah pemberi kerja"),
}


def _item(text: str, right: bool = False, tip: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(text)
    horizontal = Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft
    item.setTextAlignment(horizontal | Qt.AlignmentFlag.AlignVCenter)
    return item


def membership_status(row: MembershipRow) -> str:
    if row.end_date is None or row.end_date >= today_wib():
        return _("Aktif")
    reason = _(END_REASON_LABELS.get(row.end_reason or "", row.end_reason or ""))
    return _("Berakhir {day} ({reason})").format(day=format_date(row.end_date), reason=reason)


# The permission each record action's service requires (services/member_changes.py: edit, move,
# reactivate; services/worker_registry.py: end).
ACTION_PERMISSIONS = {
    "edit": "member.update",
    "end": "membership.end",
    "move": "membership.move",
    "reactivate": "membership.reactivate",
}


class MemberPage(SessionPage):
    """Signals:
    employer_activated(str): the NPP of a membership's employer the user opened.
    claim_activated(str): the number of a claim the user opened.
    changed(int): the person's record was changed through one of the page's actions.
    """

    employer_activated = Signal(str)
    claim_activated = Signal(str)
    changed = Signal(int)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "member_page", parent)
        self.record: PersonRecord | None = None
        self.title = page_title("", selectable=True)

        identity = QGroupBox(_("Identitas"))
        self.identity_form = QFormLayout(identity)
        self.fields = value_rows(
            self.identity_form,
            (
                ("nik", _("NIK")),
                ("birth", _("Tempat, tanggal lahir")),
                ("sex", _("Jenis kelamin")),
                ("mother", _("Nama ibu kandung")),
                ("regency", _("Domisili (dari NIK)")),
                ("phone", _("No. HP")),
            ),
        )

        self.memberships = table(
            "memberships_table",
            [
                _("KPJ"),
                _("Segmen"),
                _("Pemberi kerja / kantor"),
                _("Program"),
                _("Upah / penghasilan"),
                _("Mulai"),
                _("Status"),
            ],
        )
        # The employer's name takes what room is left (elided, whole in its tooltip): the table
        # shares the width with the identity box, and the status must stay in view.
        header = self.memberships.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.memberships.cellActivated.connect(self._on_membership_activated)
        self.memberships.itemSelectionChanged.connect(self._update_actions)
        self.actions_row = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("edit", _("&Ubah data…")),
            ("end", _("&Akhiri kepesertaan…")),
            ("move", _("Pi&ndahkan ke pemberi kerja lain…")),
            ("reactivate", _("Aktifkan &kembali…")),
        ):
            button = push_button(f"{key}_button", text, partial(self.run_action, key))
            self.action_buttons[key] = button
            self.actions_row.addWidget(button)
        self.actions_row.addStretch(1)
        self.claims = table(
            "claims_table",
            [
                _("No. klaim"),
                _("KPJ"),
                _("Jenis"),
                _("Status"),
                _("Diajukan"),
                _("Dibayar"),
                pgettext("uang", "Jumlah"),
            ],
        )
        self.claims.cellActivated.connect(self._on_claim_activated)
        # The person's one JHT account over all their KPJs, and their heirs (issue #10).
        self.jht_panel = JhtAccountPanel(session)
        self.jht_panel.merged.connect(self._reload)
        self.jht_balance = self.jht_panel.balance_label
        self.heirs_panel = HeirsPanel(session)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("member_tabs")
        self.tabs.addTab(self.claims, _("Kla&im"))
        self.tabs.addTab(self.jht_panel, _("Akun J&HT"))
        self.tabs.addTab(self.heirs_panel, _("Ahli wa&ris"))
        memberships_box = QWidget()
        memberships_layout = QVBoxLayout(memberships_box)
        memberships_layout.setContentsMargins(0, 0, 0, 0)
        memberships_layout.addWidget(QLabel(_("<b>Kepesertaan</b>")))
        memberships_layout.addWidget(self.memberships, 1)
        memberships_layout.addLayout(self.actions_row)
        top = QHBoxLayout()
        top.addWidget(identity, 0)
        top.addWidget(memberships_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top, 2)
        layout.addWidget(self.tabs, 5)

    def show_tab(self, key: str) -> None:
        """Bring forward the tab *key*: ``claims``, ``jht`` or ``heirs``."""
        widget = {"claims": self.claims, "jht": self.jht_panel, "heirs": self.heirs_panel}[key]
        self.tabs.setCurrentWidget(widget)

    def _reload(self, person_id: int) -> None:
        self.show_person(person_id)
        self.changed.emit(person_id)

    def show_person(self, person_id: int) -> PersonRecord:
        record = directory.person_record(self.session.db, person_id, actor=self.session.actor)
        self.record = record
        self.title.setText(record.name)
        today = clock.office_today(self.session.db)
        # Opening one person's page (a search, then Enter) is itself the deliberate act the
        # lists ask a reason for: the roles that may see personal data see the full NIK here
        # (services/personal.py); the others see it masked, as in the lists.
        self.fields["nik"].setText(
            record.nik if allowed(self.session.actor, "personal.view") else mask_nik(record.nik)
        )
        self.fields["birth"].setText(
            _("{place}, {day} ({age} tahun)").format(
                place=record.birth_place or "–",
                day=format_date(record.birth_date),
                age=age_on(record.birth_date, today),
            )
        )
        self.fields["sex"].setText(Sex(record.sex).label)
        self.fields["mother"].setText(record.mother_name or "–")
        self.fields["regency"].setText(
            f"{record.regency_code} · {regency_name(record.regency_code) or '–'}"
        )
        self.fields["phone"].setText(record.phone or "–")
        self.memberships.setRowCount(len(record.memberships))
        for r, m in enumerate(record.memberships):
            where = (
                f"{m.employer_name} (NPP {m.employer_npp})" if m.employer_name else m.office_code
            )
            if m.agent_name:
                where += " · " + _("agen {name}").format(name=m.agent_name)
            money = m.wage if m.wage is not None else m.declared_income
            cells = [
                _item(m.kpj), _item(m.segment.value), _item(where, tip=True), _item(m.programmes),
                _item(format_rupiah(money) if money else "–", right=True), _item(format_date(m.start_date)),
                _item(membership_status(m)),
            ]  # fmt: skip
            for c, cell in enumerate(cells):
                self.memberships.setItem(r, c, cell)
        if record.memberships:
            self.memberships.selectRow(0)
        self._update_actions()
        self.claims.setRowCount(len(record.claims))
        for r, claim in enumerate(record.claims):
            cells = [
                _item(claim.claim_no), _item(claim.kpj), _item(ClaimType(claim.claim_type).label),
                _item(ClaimState(claim.state).label), _item(format_date(claim.submitted_on)),
                _item(format_date(claim.paid_on) if claim.paid_on else "–"),
                _item(format_rupiah(claim.amount) if claim.amount else "–", right=True),
            ]  # fmt: skip
            for c, cell in enumerate(cells):
                self.claims.setItem(r, c, cell)
        self.jht_panel.show_person(person_id, today)
        self.heirs_panel.show_person(person_id)
        return record

    def selected_membership(self) -> MembershipRow | None:
        if self.record is None:
            return None
        rows = self.memberships.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        return self.record.memberships[row] if 0 <= row < len(self.record.memberships) else None

    def _update_actions(self) -> None:
        membership = self.selected_membership()
        active = membership is not None and (
            membership.end_date is None
            or membership.end_date >= clock.office_today(self.session.db)
        )
        fits = {
            "edit": membership is not None,
            "end": active,
            "move": active and membership is not None and membership.segment is Segment.PU,
            "reactivate": membership is not None and not active,
        }
        # Each action asks the permission question its service asks (an inspector reads only):
        # greyed, saying why, as a menu entry is (main_window ``_action``).
        actor = self.session.actor
        for key, button in self.action_buttons.items():
            may = allowed(actor, ACTION_PERMISSIONS[key])
            button.setEnabled(may and fits[key])
            button.setToolTip("" if may else refusal(actor, ACTION_PERMISSIONS[key]))

    def run_action(self, key: str) -> None:
        """Open the dialog of an action on the selected membership; reload the record after."""
        from bpjs_desktop.ui.membership.member_actions import (
            EditWorkerDialog,
            EndMembershipDialog,
            MoveWorkerDialog,
            ReactivateDialog,
        )

        membership = self.selected_membership()
        if membership is None or self.record is None:
            return
        dialogs = {
            "edit": EditWorkerDialog,
            "end": EndMembershipDialog,
            "move": MoveWorkerDialog,
            "reactivate": ReactivateDialog,
        }
        dialog = dialogs[key](self.session, membership.kpj, self)
        person_id = self.record.person_id

        dialog.saved.connect(lambda _result: self._reload(person_id))
        dialog.open()

    def _on_claim_activated(self, row: int, _column: int) -> None:
        if self.record is not None and 0 <= row < len(self.record.claims):
            self.claim_activated.emit(self.record.claims[row].claim_no)

    def _on_membership_activated(self, row: int, _column: int) -> None:
        if self.record is None:
            return
        npp = self.record.memberships[row].employer_npp
        if npp:
            self.employer_activated.emit(npp)
