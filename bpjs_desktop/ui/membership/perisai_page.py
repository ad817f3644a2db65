"""Perisai agents: the list with a month's fee and status, one agent's months and recruits, and
the agent forms (register, end the agency, rejoin)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.identifiers import IdentifierError, parse_nik
from bpjs_desktop.domain.masking import mask_nik
from bpjs_desktop.domain.money import format_rupiah, group_thousands
from bpjs_desktop.domain.periods import Period, format_date, today_wib
from bpjs_desktop.domain.perisai import PERISAI_RULES, AgentState, AgentStatus
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import clock, perisai, reports
from bpjs_desktop.services.context import allowed
from bpjs_desktop.services.perisai import (
    AgentDetail,
    AgentInput,
    AgentMonthRow,
    AgentSummaryRow,
    RecruitRow,
)
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import DataKind, reload_on
from bpjs_desktop.ui.common.forms import (
    ERROR_STYLE,
    DateEdit,
    FieldReader,
    FormDialog,
    set_readout,
)
from bpjs_desktop.ui.common.layout_memory import (
    layout_remembered,
    remember_header,
    remember_splitter,
)
from bpjs_desktop.ui.common.loader import Loader
from bpjs_desktop.ui.common.month_office import OfficeCombo, office_combo, own_office_code
from bpjs_desktop.ui.common.session_page import SessionPage
from bpjs_desktop.ui.common.tables import AnyIndex, Column, Format, RowsModel
from bpjs_desktop.ui.common.widgets import (
    KpiTile,
    choose,
    combo_box,
    named_label,
    page_title,
    push_button,
    show_error,
)

ENDED_COLOUR = QColor("#b00020")
WARNING_COLOUR = QColor("#8a5300")
MUTED_COLOUR = QColor("#6b6b6b")


def status_text(status: AgentStatus, recorded_end: date | None = None) -> str:
    """An agent's status in a few words, with the dates that matter."""
    if status.state is AgentState.AKTIF:
        if status.idle_months:
            return _("Aktif · {n} bln tanpa aktivitas").format(n=status.idle_months)
        return _("Aktif")
    assert status.ended_on is not None and status.rejoin_from is not None
    ended = format_date(status.ended_on)
    if status.state is AgentState.BOLEH_GABUNG:
        return _("Berakhir {day}; boleh bergabung kembali").format(day=ended)
    if status.by_rule and recorded_end is None:
        return _("Berakhir {day} (aturan 3 bulan, belum dicatat)").format(day=ended)
    return _("Berakhir {day}").format(day=ended)


def status_colour(status: AgentStatus) -> QColor | None:
    if status.state is AgentState.BERAKHIR:
        return ENDED_COLOUR
    if status.state is AgentState.BOLEH_GABUNG:
        return MUTED_COLOUR
    if status.idle_months >= 2:
        return WARNING_COLOUR  # one more idle month ends the agency
    return None


# --- item models ------------------------------------------------------------------------------------


def _status_colour(row: Any) -> QColor | None:
    return status_colour(row.status)


class AgentTableModel(RowsModel[AgentSummaryRow]):
    """The agents of the scope, with the chosen month's activity, fee and status."""

    COL_NAME = 0
    COL_NIK = 1
    COL_OFFICE = 2
    COL_JOINED = 3
    COL_RECRUITS = 4
    COL_NEW = 5
    COL_PAID = 6
    COL_FEE = 7
    COL_INCENTIVE = 8
    COL_STATUS = 9
    NikRole = Qt.ItemDataRole.UserRole + 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("Nama agen"), lambda r: r.name, tooltip=lambda r: r.end_reason or None),
                # Masked as in every list (issue #11); sorted by the full NIK.
                Column(_("NIK"), lambda r: r.nik, display=lambda r: mask_nik(r.nik)),
                Column(
                    _("Kantor"),
                    lambda r: r.office_name,
                    sort_value=lambda r: (r.office_name, r.name),
                ),
                Column(_("Bergabung"), lambda r: r.joined_on, fmt=Format.DATE),
                Column(_("Total\nrekrutan"), lambda r: r.recruits, fmt=Format.COUNT),
                Column(_("Rekrutan\nbaru"), lambda r: r.new_recruits, fmt=Format.COUNT),
                Column(_("Iuran\ndibayar"), lambda r: r.paid, fmt=Format.MONEY),
                Column(_("Fee\n7,5%"), lambda r: r.fee, fmt=Format.MONEY),
                Column(_("Insentif"), lambda r: r.incentive, fmt=Format.MONEY),
                Column(
                    _("Status"),
                    lambda r: (r.status.state.value, r.status.ended_on or date.min),
                    display=lambda r: status_text(r.status, r.ended_on),
                    foreground=_status_colour,
                    tooltip=_rejoin_tooltip,
                ),
            ],
            parent,
        )

    def row_at(self, row: int) -> AgentSummaryRow | None:
        return self.row_object(row)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.NikRole and index.isValid():
            row = self.row_object(index.row())
            return row.nik if row is not None else None
        return super().data(index, role)

    def row_of(self, nik: str) -> int:
        for number, row in enumerate(self._rows):
            if row.nik == nik:
                return number
        return -1


def _rejoin_tooltip(row: AgentSummaryRow) -> str | None:
    if row.status.rejoin_from is not None:
        return _("Boleh bergabung kembali mulai {day}").format(
            day=format_date(row.status.rejoin_from)
        )
    return None


class AgentMonthTableModel(RowsModel[AgentMonthRow]):
    """One agent's months: new recruits, contributions paid by recruits, fee, incentive, status."""

    COL_MONTH = 0
    COL_NEW = 1
    COL_PAID = 2
    COL_FEE = 3
    COL_INCENTIVE = 4
    COL_TOTAL = 5
    COL_STATUS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(
                    _("Bulan"),
                    lambda r: (r.period.year, r.period.month),
                    display=lambda r: r.period.label(current_language()),
                ),
                Column(_("Rekrutan\nbaru"), lambda r: r.new_recruits, fmt=Format.COUNT),
                Column(_("Iuran dibayar\nrekrutan"), lambda r: r.paid, fmt=Format.MONEY),
                Column(_("Fee\n7,5%"), lambda r: r.fee, fmt=Format.MONEY),
                Column(_("Insentif"), lambda r: r.incentive, fmt=Format.MONEY),
                Column(_("Jumlah\nditerima"), lambda r: r.total, fmt=Format.MONEY),
                Column(
                    _("Status akhir bulan"),
                    lambda r: (r.status.state.value, r.status.idle_months),
                    display=lambda r: status_text(r.status),
                    foreground=_status_colour,
                ),
            ],
            parent,
        )


class RecruitTableModel(RowsModel[RecruitRow]):
    """The members an agent recruited."""

    COL_KPJ = 0
    COL_NAME = 1
    COL_START = 2
    COL_PROGRAMMES = 3
    COL_INCOME = 4
    COL_PAID_THROUGH = 5
    COL_STATUS = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column(_("KPJ"), lambda r: r.kpj),
                Column(_("Nama peserta"), lambda r: r.name),
                Column(_("Mulai"), lambda r: r.start_date, fmt=Format.DATE),
                Column(
                    _("Program"),
                    lambda r: r.programmes,
                    display=lambda r: r.programmes.replace(",", ", "),
                ),
                Column(_("Penghasilan"), lambda r: r.declared_income or 0, fmt=Format.MONEY),
                Column(
                    _("Lunas s.d."),
                    lambda r: r.paid_through or "",
                    display=_paid_through,
                    foreground=lambda r: None if r.paid_through else WARNING_COLOUR,
                ),
                Column(
                    _("Status"),
                    lambda r: (r.active, r.end_date or date.min),
                    display=_recruit_status,
                    foreground=lambda r: None if r.active else ENDED_COLOUR,
                ),
            ],
            parent,
        )


def _paid_through(row: RecruitRow) -> str:
    if row.paid_through:
        return Period.parse(row.paid_through).label(current_language())
    return _("belum membayar")


def _recruit_status(row: RecruitRow) -> str:
    if row.active:
        return _("Aktif")
    return _("Berakhir {day}").format(day=format_date(row.end_date or date.min))


# --- forms -------------------------------------------------------------------------------------------


def _office_choice(session: SignedIn, chosen: str | None) -> QComboBox:
    """The branch (or KCP) an agent is registered in; *chosen* first, else the user's own."""
    combo = office_combo(session, chosen=chosen, every=False)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)  # as the edits
    return combo


class _AgentDialog(FormDialog):
    """A form dialog that grows to show the errors placed beside its fields.

    WORKAROUND: a word-wrapped error label gets its height from heightForWidth, which a shown
    top-level dialog does not follow; without a new size a two-line error overlaps the rows
    around it.
    """

    CHANGES = (DataKind.PERISAI,)

    def save(self) -> None:
        super().save()
        layout = self.layout()
        if self.isVisible() and layout is not None:
            layout.activate()
            width = self.width()
            height = (
                layout.totalHeightForWidth(width)
                if layout.hasHeightForWidth()
                else layout.totalSizeHint().height()
            )
            self.resize(width, max(height, layout.totalMinimumSize().height()))


class AgentFormDialog(_AgentDialog):
    """Register a Perisai agent: NIK (decoded as it is typed), name, office, join date."""

    def __init__(
        self, session: SignedIn, office_code: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Daftarkan agen Perisai"), parent, _("&Simpan agen"))
        self.setObjectName("agent_form")
        self.session = session
        self.nik_edit = QLineEdit()
        self.nik_edit.setObjectName("nik_edit")
        self.nik_edit.setMaxLength(24)
        self.nik_edit.setPlaceholderText(_("16 digit sesuai KTP"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name_edit")
        self.name_edit.setMaxLength(120)
        self.office_combo = _office_choice(session, office_code)
        self.joined_edit = DateEdit()
        self.joined_edit.setObjectName("joined_on_edit")
        self.joined_edit.set_value(clock.office_today(session.db))
        launch = format_date(PERISAI_RULES.entries[0].valid_from)
        self.form.add("nik", _("&NIK"), self.nik_edit, _("Ketik NIK; isinya dibaca saat diketik"))
        self.form.add("name", _("Na&ma sesuai KTP"), self.name_edit)
        self.form.add("office", _("&Kantor cabang"), self.office_combo)
        self.form.add(
            "joined_on",
            _("&Tanggal bergabung"),
            self.joined_edit,
            _("HH/BB/TTTT; Perisai berlaku sejak {day}").format(day=launch),
        )
        self.nik_hint = self.form.findChild(QLabel, "nik_hint")
        assert self.nik_hint is not None
        self.nik_edit.textChanged.connect(self._on_nik_changed)
        self.setMinimumWidth(520)
        self.watch_changes()

    def _on_nik_changed(self, text: str) -> None:
        assert self.nik_hint is not None
        if not text.strip():
            set_readout(self.nik_hint, _("Ketik NIK; isinya dibaca saat diketik"))
            return
        try:
            info = parse_nik(text, today=today_wib())
        except IdentifierError as exc:
            set_readout(self.nik_hint, exc.message, ERROR_STYLE)
            return
        region = info.regency or _("kab./kota {code}").format(code=info.regency_code)
        set_readout(
            self.nik_hint,
            _("{sex}, lahir {day}, {region}, {province}").format(
                sex=info.sex.label,
                day=format_date(info.birth_date),
                region=region,
                province=info.province,
            ),
        )

    def submit(self) -> AgentSummaryRow:
        read = FieldReader()
        joined = read("joined_on", self.joined_edit.value)
        data = AgentInput(
            nik=self.nik_edit.text(),
            name=self.name_edit.text(),
            office_code=str(self.office_combo.currentData() or ""),
            joined_on=joined,
        )
        return read.submit(
            lambda: perisai.register_agent(self.session.db, self.session.actor, data)
        )


class EndAgentDialog(_AgentDialog):
    """Record the end of an agency: its last day and the reason."""

    def __init__(
        self, session: SignedIn, agent: AgentSummaryRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Akhiri keagenan {name}").format(name=agent.name), parent, _("&Akhiri keagenan")
        )
        self.setObjectName("end_agent_form")
        self.session = session
        self.agent = agent
        self.ended_edit = DateEdit()
        self.ended_edit.setObjectName("ended_on_edit")
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setMaxLength(200)
        if agent.status.by_rule and agent.status.ended_on is not None:
            self.ended_edit.set_value(agent.status.ended_on)
            self.reason_edit.setText(perisai.IDLE_END_REASON)
        else:
            self.ended_edit.set_value(min(agent.as_of, today_wib()))
        self.form.add(
            "ended_on",
            _("Tanggal &berakhir"),
            self.ended_edit,
            _("Hari terakhir keagenan; bergabung {day}").format(day=format_date(agent.joined_on)),
        )
        self.form.add("reason", _("&Alasan"), self.reason_edit)
        self.setMinimumWidth(520)
        self.watch_changes()

    def submit(self) -> AgentSummaryRow:
        read = FieldReader()
        ended = read("ended_on", self.ended_edit.value)
        return read.submit(
            lambda: perisai.end_agent(
                self.session.db, self.session.actor, self.agent.nik, ended, self.reason_edit.text()
            ),
        )


class RejoinAgentDialog(_AgentDialog):
    """Start a new agency for a person whose agency ended (not before the waiting time)."""

    def __init__(
        self, session: SignedIn, agent: AgentSummaryRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Gabung kembali: {name}").format(name=agent.name), parent, _("&Gabung kembali")
        )
        self.setObjectName("rejoin_agent_form")
        self.session = session
        self.agent = agent
        self.rejoined_edit = DateEdit()
        self.rejoined_edit.setObjectName("rejoined_on_edit")
        rejoin_from = agent.status.rejoin_from
        today = clock.office_today(session.db)
        self.rejoined_edit.set_value(min(rejoin_from, today) if rejoin_from else today)
        self.office_combo = _office_choice(session, agent.office_code)
        hint = (
            _("Boleh bergabung kembali mulai {day}").format(day=format_date(rejoin_from))
            if rejoin_from
            else None
        )
        self.form.add("rejoined_on", _("Tanggal &bergabung kembali"), self.rejoined_edit, hint)
        self.form.add("office", _("&Kantor cabang"), self.office_combo)
        self.setMinimumWidth(520)
        self.watch_changes()

    def changed_office(self, result: Any) -> str | None:
        """The agent's office; None when they rejoin at another one (both offices' lists change)."""
        office = super().changed_office(result)
        return office if office == self.agent.office_code else None

    def submit(self) -> AgentSummaryRow:
        read = FieldReader()
        day = read("rejoined_on", self.rejoined_edit.value)
        office = str(self.office_combo.currentData() or "") or None
        return read.submit(
            lambda: perisai.rejoin_agent(
                self.session.db, self.session.actor, self.agent.nik, day, office
            ),
        )


# --- the page ----------------------------------------------------------------------------------------

STATUS_FILTERS: tuple[tuple[str, str | None], ...] = (
    ("all", None),
    ("active", AgentState.AKTIF.value),
    ("ended", AgentState.BERAKHIR.value),
    ("rejoin", AgentState.BOLEH_GABUNG.value),
)


def _table_view(name: str, model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    # The stretched last column never gets narrower than it was when stretching began (the
    # default 100 px): start it small, since every column is sized to its text anyway.
    header.setDefaultSectionSize(48)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setMinimumHeight(44)  # two-line headers
    remember_header(view, f"perisai/{name}")
    return view


class PerisaiPage(SessionPage):
    """Perisai agents of an office in a month: fee, incentive and status by the rules; the
    selected agent's month-by-month table and recruits; register, end and rejoin.

    Signals:
        agents_loaded(object): the list of :class:`AgentSummaryRow` of the scope and month.
        detail_loaded(object): the :class:`AgentDetail` now shown.
        agent_registered(object): the :class:`AgentSummaryRow` of an agent just registered.
        agent_ended(object): the agent whose agency was just ended.
        agent_rejoined(object): the agent who just joined again.
    """

    agents_loaded = Signal(object)
    detail_loaded = Signal(object)
    agent_registered = Signal(object)
    agent_ended = Signal(object)
    agent_rejoined = Signal(object)

    def __init__(self, session: SignedIn, parent: QWidget | None = None) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__(session, "perisai_page", parent)
        self.agents: list[AgentSummaryRow] = []
        self.detail: AgentDetail | None = None
        self.dialog: FormDialog | None = None
        self.list_loader = Loader(self)
        self.detail_loader = Loader(self)
        self._select_after_load: str | None = None
        self._loaded_once = False

        title = page_title(_("Agen Perisai"))

        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        self.office_combo = OfficeCombo()
        self.office_combo.setObjectName("office_combo")
        self.status_combo = combo_box(
            (
                (text, key)
                for key, text in (
                    ("all", _("Semua status")),
                    ("active", _("Aktif")),
                    ("ended", _("Berakhir")),
                    ("rejoin", _("Boleh bergabung kembali")),
                )
            ),
            "status_combo",
        )
        self.refresh_button = push_button("refresh_button", _("&Muat ulang"))
        self.register_button = push_button("register_button", _("&Daftarkan agen…"))
        self.register_button.setEnabled(allowed(session.actor, "agent.register"))

        controls = QHBoxLayout()
        for text, widget, stretch in (
            (_("&Bulan"), self.month_combo, 0),
            (_("&Kantor"), self.office_combo, 1),
            (_("S&tatus"), self.status_combo, 0),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget, stretch)
            controls.addSpacing(12)
        controls.addWidget(self.refresh_button)
        controls.addWidget(self.register_button)

        self.agents_tile = KpiTile(_("Agen aktif"), "agents_tile")
        self.recruits_tile = KpiTile(_("Rekrutan baru bulan ini"), "recruits_tile")
        self.fee_tile = KpiTile(_("Fee dan insentif bulan ini"), "fee_tile")
        tiles = QGridLayout()
        for column, tile in enumerate((self.agents_tile, self.recruits_tile, self.fee_tile)):
            tile.detail.setMinimumHeight(tile.detail.fontMetrics().lineSpacing() + 2)
            tiles.addWidget(tile, 0, column)
            tiles.setColumnStretch(column, 1)

        self.model = AgentTableModel(self)
        self.table = _table_view("agent_table", self.model)
        self.table.sortByColumn(AgentTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)

        self.agent_label = named_label(
            "agent_label", _("Pilih agen untuk melihat rinciannya."), wrap=True
        )
        self.agent_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.end_button = push_button("end_button", _("&Akhiri keagenan…"))
        self.rejoin_button = push_button("rejoin_button", _("&Gabung kembali…"))
        agent_bar = QHBoxLayout()
        agent_bar.addWidget(self.agent_label, 1)
        agent_bar.addWidget(self.end_button)
        agent_bar.addWidget(self.rejoin_button)

        self.month_model = AgentMonthTableModel(self)
        self.month_table = _table_view("month_table", self.month_model)
        self.recruit_model = RecruitTableModel(self)
        self.recruit_table = _table_view("recruit_table", self.recruit_model)
        self.recruit_table.sortByColumn(RecruitTableModel.COL_START, Qt.SortOrder.DescendingOrder)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detail_tabs")
        self.tabs.addTab(self.month_table, _("Fee per bulan"))
        self.tabs.addTab(self.recruit_table, _("Rekrutan"))

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        detail_layout.addLayout(agent_bar)
        detail_layout.addWidget(self.tabs, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("perisai_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)  # the list of agents gets the larger share
        self.splitter.setStretchFactor(1, 2)
        remember_splitter(self.splitter, "perisai/perisai_splitter")

        self.status_label = named_label("status_label", style="color: palette(dark);")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(controls)
        layout.addLayout(tiles)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status_label)

        self._viewports = [v.viewport() for v in (self.table, self.month_table, self.recruit_table)]
        for viewport in self._viewports:
            viewport.installEventFilter(self)
        self._fill_choices()
        self._update_buttons()
        self.month_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.office_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.status_combo.currentIndexChanged.connect(self._on_status_filter_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.list_loader.busy_changed.connect(self.refresh_button.setDisabled)
        # An agent of another office is not in the list of the office chosen.
        concerns = self.office_combo.concerns
        reload_on(self, (DataKind.PERISAI,), self.refresh, concerns=concerns)
        self.register_button.clicked.connect(self.open_register_dialog)
        self.end_button.clicked.connect(self.open_end_dialog)
        self.rejoin_button.clicked.connect(self.open_rejoin_dialog)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(self._on_table_activated)

    def showEvent(self, event: QShowEvent) -> None:
        """The first time the page is shown it loads its list (later: Muat ulang, or a choice)."""
        super().showEvent(event)
        if not self._loaded_once:
            self._loaded_once = True
            self.refresh()

    # --- choices -------------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        latest = reports.latest_period(self.session.db)
        launch = Period.of(PERISAI_RULES.entries[0].valid_from)
        for offset in range(max(1, launch.months_until(latest) + 1)):
            period = latest.shift(-offset)
            self.month_combo.addItem(period.label(current_language()), str(period))
        # Branch staff see their own office first; the regional office sees every agent.
        offices = reports.list_offices(self.session.db, actor=self.session.actor)
        own = own_office_code(self.session, offices)
        self.office_combo.fill(offices, chosen=own, every=False, region=True)

    @property
    def period(self) -> Period:
        return Period.parse(str(self.month_combo.currentData()))

    @property
    def office_code(self) -> str | None:
        data = self.office_combo.currentData()
        return str(data) if data else None

    def select(
        self,
        period: Period | None = None,
        office_code: str | None = None,
        status: str | None = None,
    ) -> None:
        """Choose a month, an office and/or a status filter, as the user would."""
        if period is not None:
            choose(self.month_combo, str(period))
        if office_code is not None:
            choose(self.office_combo, office_code)
        if status is not None:
            choose(self.status_combo, status)

    def _on_choice_changed(self, _index: int) -> None:
        self.refresh()

    def _on_status_filter_changed(self, _index: int) -> None:
        self._show_agents(self.agents)

    # --- the list --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the agents of the chosen office and month in the background."""
        self._loaded_once = True
        self.status_label.setText(_("Memuat agen Perisai…"))
        self.list_loader.request(
            perisai.list_agents,
            self.session.db,
            office_code=self.office_code,
            period=self.period,
            actor=self.session.actor,
            on_done=self._on_agents_read,
            on_error=self._on_agents_failed,
        )

    def _on_agents_read(self, rows: list[AgentSummaryRow]) -> None:
        self.agents = rows
        self._show_agents(rows)
        self.agents_loaded.emit(rows)

    def _on_agents_failed(self, error: BaseException) -> None:
        self.status_label.setText(_("Daftar agen tidak dapat dimuat."))
        show_error(self, error)

    def _filtered(self, rows: Sequence[AgentSummaryRow]) -> list[AgentSummaryRow]:
        wanted = dict(STATUS_FILTERS)[str(self.status_combo.currentData())]
        return [r for r in rows if wanted is None or r.status.state.value == wanted]

    def _show_agents(self, rows: Sequence[AgentSummaryRow]) -> None:
        selected = self._select_after_load or self.selected_nik()
        self._select_after_load = None
        shown = self._filtered(rows)
        self.model.set_rows(shown)
        self._fit_columns(
            self.table, self.model, (AgentTableModel.COL_NAME, AgentTableModel.COL_OFFICE)
        )
        month = self.period.label(current_language())
        active = [r for r in rows if r.status.active]
        self.agents_tile.set_figures(
            group_thousands(len(active)),
            _("dari {n} agen; {ended} berakhir").format(
                n=group_thousands(len(rows)), ended=group_thousands(len(rows) - len(active))
            ),
        )
        self.recruits_tile.set_figures(
            group_thousands(sum(r.new_recruits for r in rows)),
            _("{n} rekrutan sampai {month}").format(
                n=group_thousands(sum(r.recruits for r in rows)), month=month
            ),
        )
        fee, incentive = sum(r.fee for r in rows), sum(r.incentive for r in rows)
        self.fee_tile.set_figures(
            format_rupiah(fee + incentive),
            _("fee {fee} + insentif {incentive}").format(
                fee=format_rupiah(fee), incentive=format_rupiah(incentive)
            ),
        )
        if rows:
            self.status_label.setText(
                _("{shown} dari {n} agen, {month} (status per {day})").format(
                    shown=len(shown), n=len(rows), month=month, day=format_date(rows[0].as_of)
                )
            )
        else:
            self.status_label.setText(
                _("Tidak ada agen Perisai di kantor ini pada {month}.").format(month=month)
            )
        row = self.model.row_of(selected) if selected else -1
        if row < 0 and shown:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self._show_detail(None)

    @staticmethod
    def _fit_columns(
        view: QTableView, model: QAbstractTableModel, elastic: Sequence[int] = ()
    ) -> None:
        """Each column as wide as its widest text (of the first 500 rows), the last one
        stretching. When that is wider than the table, the *elastic* columns (long names)
        give up width, down to 90 pixels, and elide. (ResizeToContents would reserve room for
        a sort arrow in every header, and ten columns then overflow.) Not when the user's own
        widths were restored (ui/common/layout_memory.py)."""
        if layout_remembered(view):
            return
        metrics = view.fontMetrics()
        widths: list[int] = []
        for column in range(model.columnCount()):
            header = str(model.headerData(column, Qt.Orientation.Horizontal))
            widest = max(metrics.horizontalAdvance(line) for line in header.splitlines())
            for row in range(min(model.rowCount(), 500)):
                text = str(model.data(model.index(row, column)) or "")
                widest = max(widest, metrics.horizontalAdvance(text))
            widths.append(widest + 24)  # room for the sort arrow
        available = view.viewport().width() - 2

        excess = sum(widths) - available
        shrinkable = {c: max(0, widths[c] - 90) for c in elastic}
        if excess > 0 and available > 0 and sum(shrinkable.values()) > 0:
            total = sum(shrinkable.values())
            for column, room in shrinkable.items():
                widths[column] -= min(room, excess * room // total + 1)
        for column, width in enumerate(widths[:-1]):
            view.setColumnWidth(column, width)

    def _fit_all(self) -> None:
        self._fit_columns(
            self.table, self.model, (AgentTableModel.COL_NAME, AgentTableModel.COL_OFFICE)
        )
        self._fit_columns(self.month_table, self.month_model)
        self._fit_columns(self.recruit_table, self.recruit_model, (RecruitTableModel.COL_NAME,))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A table's viewport changed size (shown, window or splitter resized): refit."""
        if event.type() == QEvent.Type.Resize and watched in self._viewports:
            self._fit_all()
        return super().eventFilter(watched, event)

    def selected_nik(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row_at(rows[0].row())
        return row.nik if row is not None else None

    def selected_agent(self) -> AgentSummaryRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_agent(self, nik: str) -> bool:
        row = self.model.row_of(nik)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _on_table_selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        nik = self.selected_nik()
        self._update_buttons()
        if nik is None:
            self._show_detail(None)
        else:
            self.load_detail(nik)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        """Enter on an agent: on to its month table (or recruits), from the keyboard."""
        current = self.tabs.currentWidget()
        if current is not None:
            current.setFocus()

    # --- the detail ----------------------------------------------------------------------------------
    def load_detail(self, nik: str) -> None:
        """Load one agent's months and recruits in the background (the newest choice wins)."""
        self.detail_loader.request(
            perisai.agent_detail,
            self.session.db,
            nik,
            period=self.period,
            actor=self.session.actor,
            on_done=self._on_detail_read,
            on_error=self._on_detail_failed,
        )

    def _on_detail_read(self, detail: AgentDetail) -> None:
        if detail.agent.nik != self.selected_nik():
            return
        self._show_detail(detail)
        self.detail_loaded.emit(detail)

    def _on_detail_failed(self, error: BaseException) -> None:
        self.agent_label.setText(_("Rincian agen tidak dapat dimuat."))
        show_error(self, error)

    def _show_detail(self, detail: AgentDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.detail_loader.cancel()
            self.agent_label.setText(_("Pilih agen untuk melihat rinciannya."))
            self.month_model.set_rows([])
            self.recruit_model.set_rows([])
            self.tabs.setTabText(1, _("Rekrutan"))
            self._update_buttons()
            return
        agent = detail.agent
        status = status_text(agent.status, agent.ended_on)
        extra = ""
        if agent.status.rejoin_from is not None and agent.status.state is AgentState.BERAKHIR:
            extra = " · " + _("boleh bergabung kembali mulai {day}").format(
                day=format_date(agent.status.rejoin_from)
            )
        self.agent_label.setText(
            "<b>{name}</b> · NIK {nik} · {office} · {joined}<br>{status}{extra}".format(
                name=agent.name,
                nik=agent.nik,
                office=agent.office_name,
                joined=_("bergabung {day}").format(day=format_date(agent.joined_on)),
                status=status,
                extra=extra,
            )
        )
        self.month_model.set_rows(detail.months)
        self.month_table.sortByColumn(AgentMonthTableModel.COL_MONTH, Qt.SortOrder.DescendingOrder)
        self._fit_columns(self.month_table, self.month_model)
        self.recruit_model.set_rows(detail.recruits)
        self._fit_columns(self.recruit_table, self.recruit_model, (RecruitTableModel.COL_NAME,))
        self.tabs.setTabText(1, _("Rekrutan ({n})").format(n=group_thousands(len(detail.recruits))))
        self._update_buttons()

    def _update_buttons(self) -> None:
        agent = self.selected_agent()
        actor = self.session.actor
        self.end_button.setEnabled(
            agent is not None and agent.ended_on is None and allowed(actor, "agent.end")
        )
        self.rejoin_button.setEnabled(
            agent is not None and not agent.status.active and allowed(actor, "agent.rejoin")
        )

    # --- actions ---------------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, signal: Any) -> FormDialog:
        def saved(row: AgentSummaryRow) -> None:
            self._select_after_load = row.nik
            signal.emit(row)  # the list reloads on the dialog's "perisai" event

        def finished(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.saved.connect(saved)
        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_register_dialog(self) -> FormDialog:
        """The agent form, for the chosen office (window-modal; Enter saves, Esc cancels)."""
        return self._open(
            AgentFormDialog(self.session, self.office_code, self), self.agent_registered
        )

    def open_end_dialog(self) -> FormDialog | None:
        agent = self.selected_agent()
        if agent is None:
            return None
        return self._open(EndAgentDialog(self.session, agent, self), self.agent_ended)

    def open_rejoin_dialog(self) -> FormDialog | None:
        agent = self.selected_agent()
        if agent is None:
            return None
        return self._open(RejoinAgentDialog(self.session, agent, self), self.agent_rejoined)
