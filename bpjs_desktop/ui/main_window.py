"""The main window: menu, navigation, pages, and a status bar naming database, office and user."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QByteArray, QEventLoop, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop import APP_NAME, paths
from bpjs_desktop.domain.periods import format_datetime_wib
from bpjs_desktop.domain.workstation import WorkstationSettings, idle_minutes
from bpjs_desktop.errors import KnownError
from bpjs_desktop.i18n import _, current_language, set_language
from bpjs_desktop.services import auth, backup, office_settings, workstation
from bpjs_desktop.services.context import ROLE_LABELS, allowed, refusal
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.admin.backups_dialog import BackupsDialog, restore_into, warn_unverified
from bpjs_desktop.ui.common import workstation_store
from bpjs_desktop.ui.common.layout_memory import remember_splitter, save_now
from bpjs_desktop.ui.common.search_box import SearchBox
from bpjs_desktop.ui.common.tasks import Task, TaskContext
from bpjs_desktop.ui.common.widgets import ask_open_path, run_with_progress, show_error
from bpjs_desktop.ui.dashboard.overview_page import OverviewPage
from bpjs_desktop.ui.idle_lock import IdleWatcher, LockDialog
from bpjs_desktop.ui.login import ok_cancel_buttons, open_database_waiting, open_guarded, sign_in

# What the menus open (the forms, the import, the administration dialogs) is imported when first
# opened, as the pages are (_Page): start-up imports what the first window shows (issue #14).
if TYPE_CHECKING:
    from bpjs_desktop.services.directory import SearchHit
    from bpjs_desktop.ui.arrears.arrears_case import ArrearsCasePage
    from bpjs_desktop.ui.arrears.arrears_page import ArrearsTargetsPage, ArrearsWorklistPage
    from bpjs_desktop.ui.claims.benefit_calculator import BenefitCalculatorPage
    from bpjs_desktop.ui.claims.claim_detail import ClaimDetailPage
    from bpjs_desktop.ui.claims.claims_page import ClaimsPage
    from bpjs_desktop.ui.dashboard.dashboard_page import DashboardPage
    from bpjs_desktop.ui.dashboard.targets_page import TargetsPage
    from bpjs_desktop.ui.membership.employer_page import EmployerPage
    from bpjs_desktop.ui.membership.list_pages import EmployersPage, WorkersPage
    from bpjs_desktop.ui.membership.member_page import MemberPage
    from bpjs_desktop.ui.membership.pds_page import PdsPage
    from bpjs_desktop.ui.membership.perisai_page import PerisaiPage
    from bpjs_desktop.ui.membership.tools_pages import ContributionCalculatorPage, NikCheckPage

BACKUP_INTERVAL_MS = 30 * 60 * 1000  # a backup every 30 minutes while data changed (issue #12)
CHECK_AT_LATEST_MS = 10_000  # the integrity check after opening, should the overview not load


class DemoDialog(QDialog):
    """Where to create a demo database, and at what scale."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demo_dialog")
        self.setWindowTitle(_("Buat database demo"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Database demo berisi Kanwil Jawa Timur rekaan per 30/04/2018. Pada skala 1 "
                "(2,65 juta tenaga kerja) pembuatannya sekitar dua menit; skala 0,1 beberapa detik."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.path_edit = QLineEdit(str(Path.home() / "demo-jatim.sqlite"))
        self.path_edit.setObjectName("path_edit")
        browse = QPushButton(_("&Pilih…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.scale_spin = QDoubleSpinBox()
        self.scale_spin.setObjectName("scale_spin")
        self.scale_spin.setDecimals(3)
        self.scale_spin.setRange(0.001, 1.0)
        self.scale_spin.setSingleStep(0.05)
        self.scale_spin.setValue(0.1)
        file_label = QLabel(_("&File baru"))
        file_label.setBuddy(self.path_edit)
        scale_label = QLabel(_("&Skala"))
        scale_label.setBuddy(self.scale_spin)
        form.addRow(file_label, row)
        form.addRow(scale_label, self.scale_spin)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self, _("Buat")))

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("File database demo"), self.path_edit.text(), _("Database SQLite (*.sqlite)")
        )
        if path:
            self.path_edit.setText(path)


PageT = TypeVar("PageT", bound=QWidget)


class _Page(Generic[PageT]):
    """A page of the window, built (module imported, widgets made, signals wired) the first time
    it is asked for: start-up builds only the overview, the page that shows first."""

    def __init__(self, make: Callable[[MainWindow], PageT]) -> None:
        self.make = make
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, window: MainWindow | None, owner: type | None = None) -> PageT:
        if window is None:
            return self  # type: ignore[return-value]
        return window.page(self.name)  # type: ignore[return-value]


def _session(window: MainWindow) -> SignedIn:
    assert window.session is not None
    return window.session


def _make_dashboard(window: MainWindow) -> DashboardPage:
    from bpjs_desktop.ui.dashboard.dashboard_page import DashboardPage

    page = DashboardPage(_session(window))
    page.worker_activated.connect(window.open_worker)
    page.employer_activated.connect(window.open_employer)
    return page


def _make_targets(window: MainWindow) -> TargetsPage:
    from bpjs_desktop.ui.dashboard.targets_page import TargetsPage

    return TargetsPage(_session(window))  # the dashboard reloads on its event


def _make_workers(window: MainWindow) -> WorkersPage:
    from bpjs_desktop.ui.membership.list_pages import WorkersPage

    page = WorkersPage(_session(window))
    page.worker_activated.connect(window.open_worker)
    return page


def _make_employers(window: MainWindow) -> EmployersPage:
    from bpjs_desktop.ui.membership.list_pages import EmployersPage

    page = EmployersPage(_session(window))
    page.employer_activated.connect(window.open_employer)
    return page


def _make_perisai(window: MainWindow) -> PerisaiPage:
    from bpjs_desktop.ui.membership.perisai_page import PerisaiPage

    return PerisaiPage(_session(window))


def _make_claims(window: MainWindow) -> ClaimsPage:
    from bpjs_desktop.ui.claims.claims_page import ClaimsPage

    page = ClaimsPage(_session(window))
    page.claim_activated.connect(window.open_claim)
    page.claim_logged.connect(window.open_claim)
    return page


def _make_arrears(window: MainWindow) -> ArrearsWorklistPage:
    from bpjs_desktop.ui.arrears.arrears_page import ArrearsWorklistPage

    page = ArrearsWorklistPage(_session(window))
    page.case_activated.connect(window.open_case)
    return page


def _make_arrears_targets(window: MainWindow) -> ArrearsTargetsPage:
    from bpjs_desktop.ui.arrears.arrears_page import ArrearsTargetsPage

    return ArrearsTargetsPage(_session(window))


def _make_pds(window: MainWindow) -> PdsPage:
    from bpjs_desktop.ui.membership.pds_page import PdsPage

    page = PdsPage(_session(window))
    page.employer_activated.connect(window.open_employer)
    return page


def _make_nik(_window: MainWindow) -> NikCheckPage:
    from bpjs_desktop.ui.membership.tools_pages import NikCheckPage

    return NikCheckPage()


def _make_iuran(window: MainWindow) -> ContributionCalculatorPage:
    from bpjs_desktop.ui.membership.tools_pages import ContributionCalculatorPage

    return ContributionCalculatorPage(_session(window))


def _make_manfaat(window: MainWindow) -> BenefitCalculatorPage:
    from bpjs_desktop.ui.claims.benefit_calculator import BenefitCalculatorPage

    return BenefitCalculatorPage(_session(window))


def _make_member(window: MainWindow) -> MemberPage:
    from bpjs_desktop.ui.membership.member_page import MemberPage

    page = MemberPage(_session(window))
    page.employer_activated.connect(window.open_employer)
    page.claim_activated.connect(window.open_claim)
    return page


def _make_claim(window: MainWindow) -> ClaimDetailPage:
    from bpjs_desktop.ui.claims.claim_detail import ClaimDetailPage

    return ClaimDetailPage(_session(window))  # the claims list reloads on its event


def _make_case(window: MainWindow) -> ArrearsCasePage:
    from bpjs_desktop.ui.arrears.arrears_case import ArrearsCasePage

    page = ArrearsCasePage(_session(window))  # the worklist reloads on its event
    page.employer_activated.connect(window.open_employer)
    return page


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen page on the right."""

    open_windows: ClassVar[set[MainWindow]] = set()  # Python owns top-level windows: keep them

    dashboard_page = _Page(_make_dashboard)
    targets_page = _Page(_make_targets)
    workers_page = _Page(_make_workers)
    employers_page = _Page(_make_employers)
    perisai_page = _Page(_make_perisai)
    claims_page = _Page(_make_claims)
    arrears_page = _Page(_make_arrears)
    arrears_targets_page = _Page(_make_arrears_targets)
    pds_page = _Page(_make_pds)
    nik_page = _Page(_make_nik)
    iuran_page = _Page(_make_iuran)
    manfaat_page = _Page(_make_manfaat)
    # Records open outside the navigation: a person, a claim, an arrears case.
    member_page = _Page(_make_member)
    claim_page = _Page(_make_claim)
    case_page = _Page(_make_case)

    def __init__(self, session: SignedIn) -> None:
        """Long because it lays the widgets out top to bottom, in the order they appear on screen."""
        super().__init__()
        MainWindow.open_windows.add(self)
        self.session: SignedIn | None = session
        self.setObjectName("main_window")
        title = f"{APP_NAME} — {session.office_name}"
        if session.db.read_only:
            title = _("{title} (hanya baca)").format(title=title)
        self.setWindowTitle(title)
        # Set by the start-up path of the real app (not by tests that build a window): the
        # half-hourly backups, the integrity check after opening, the backup on exit.
        self.backup_on_exit = False
        self.backup_timer = QTimer(self)
        self.backup_timer.setObjectName("backup_timer")
        # The workstation's choices (Berkas → Pengaturan komputer ini…, issue #15).
        self.workstation = workstation_store.load()
        self.backup_timer.setInterval(
            (self.workstation.backup_every_minutes or BACKUP_INTERVAL_MS // 60_000) * 60_000
        )
        self.backup_timer.timeout.connect(self.scheduled_backup)
        self.resize(1280, 800)

        self.overview_page = OverviewPage(session)
        # Every other page is built on its first visit (see _Page); these are the ones built.
        self.built_pages: dict[str, QWidget] = {}
        self.employer_page: EmployerPage | None = None  # made on first use: it needs an NPP
        # The permission a page needs to be offered in the navigation (and the Tampilan menu): a
        # role without it does not see the entry at all, rather than a refusal and an empty list.
        self.page_permissions: dict[str, str] = {"arrears_page": "arrears.view"}
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setStyleSheet("QListWidget::item { padding: 6px 6px; }")
        # Sections of (navigation text, menu text with mnemonic, page, shortcut).
        sections: list[tuple[str, list[tuple[str, str, str, str | None]]]] = [
            (
                _("Ikhtisar"),
                [
                    (_("Ringkasan bulanan"), _("&Ringkasan bulanan"), "overview_page", "Ctrl+1"),
                    (
                        _("Target dan realisasi"),
                        _("Target dan re&alisasi"),
                        "dashboard_page",
                        "Ctrl+0",
                    ),
                    (_("Target kantor"), _("Tar&get kantor"), "targets_page", None),
                ],
            ),
            (
                _("Kepesertaan"),
                [
                    (_("Peserta"), _("&Peserta"), "workers_page", "Ctrl+2"),
                    (_("Pemberi kerja"), _("Pemberi &kerja"), "employers_page", "Ctrl+3"),
                    (_("Agen Perisai"), _("Agen Peri&sai"), "perisai_page", "Ctrl+4"),
                ],
            ),
            (
                _("Klaim"),
                [(_("Daftar kerja klaim"), _("Daftar kerja k&laim"), "claims_page", "Ctrl+5")],
            ),
            (
                _("Piutang iuran"),
                [
                    (
                        _("Daftar kerja piutang"),
                        _("Daftar kerja pi&utang"),
                        "arrears_page",
                        "Ctrl+6",
                    ),
                    (
                        _("Target piutang"),
                        _("&Target piutang"),
                        "arrears_targets_page",
                        "Ctrl+7",
                    ),
                    (_("Cek PDS"), _("Cek P&DS"), "pds_page", None),
                ],
            ),
            (
                _("Alat"),
                [
                    (_("Cek NIK"), _("Cek &NIK"), "nik_page", "Ctrl+8"),
                    (_("Kalkulator iuran"), _("Kalkulator &iuran"), "iuran_page", "Ctrl+9"),
                    (
                        _("Kalkulator manfaat"),
                        _("Kalkulator &manfaat"),
                        "manfaat_page",
                        "Ctrl+Shift+9",
                    ),
                ],
            ),
        ]
        # The navigation's entries and rows, by page name (the pages themselves are built when
        # first shown: the ``nav_pages`` and ``nav_rows`` properties build them all).
        self.nav_entries: list[tuple[str, str, str, str | None]] = []
        self.nav_names: dict[int, str] = {}
        heading_font = self.navigation.font()
        heading_font.setBold(True)
        self.pages.addWidget(self.overview_page)
        for heading, entries in sections:
            offered = [entry for entry in entries if self.page_allowed(entry[2])]
            if not offered:
                continue
            header = QListWidgetItem(heading.upper())
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(heading_font)
            self.navigation.addItem(header)
            for text, menu_text, name, shortcut in offered:
                self.nav_names[self.navigation.count()] = name
                self.navigation.addItem(QListWidgetItem("  " + text))
                self.nav_entries.append((text, menu_text, name, shortcut))
        # As wide as its longest entry in the language in use (English headings are longer).
        # The scroll bar's width from the bar itself: the style's metric would make PySide create
        # QStyle's Python enums (some 20 of them) on the way to the first window.
        nav_width = (
            self.navigation.sizeHintForColumn(0)
            + 2 * self.navigation.frameWidth()
            + self.navigation.verticalScrollBar().sizeHint().width()
        )
        self.navigation.setMinimumWidth(max(160, nav_width))
        self.navigation.setMaximumWidth(max(210, nav_width + 40))
        self.history: list[QWidget] = []
        self.navigation.currentRowChanged.connect(self._on_navigation_changed)
        self.navigation.setCurrentRow(1)
        self.search_box = SearchBox(session)
        self.search_box.worker_chosen.connect(self._on_worker_chosen)
        self.search_box.employer_chosen.connect(self._on_employer_chosen)
        toolbar = QToolBar(_("Pencarian"))
        toolbar.setObjectName("search_toolbar")
        toolbar.setMovable(False)
        search_label = QLabel(_("&Cari "))
        search_label.setBuddy(self.search_box)
        toolbar.addWidget(search_label)
        toolbar.addWidget(self.search_box)
        self.back_button = QPushButton(_("← Kembali"))
        self.back_button.setObjectName("back_button")
        self.back_button.setToolTip(_("Kembali ke halaman sebelumnya (Alt+←)"))
        self.back_button.clicked.connect(self.go_back)
        self.back_button.setEnabled(False)
        toolbar.addSeparator()
        toolbar.addWidget(self.back_button)
        self.addToolBar(toolbar)
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([self.navigation.minimumWidth(), 1110])
        splitter.setObjectName("main_splitter")
        remember_splitter(splitter, "main_window/splitter")
        self.main_splitter = splitter
        self.setCentralWidget(splitter)

        self._build_menus()
        self._build_status_bar()
        self.overview_page.exported.connect(self._on_overview_exported)
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.overview_page.refresh()
        # The idle lock (issue #11): the office's minutes without input lock the screen.
        self.lock_dialog: LockDialog | None = None
        self.office_idle_minutes = office_settings.idle_lock_minutes(session.db)
        self.idle_watcher = IdleWatcher(
            idle_minutes(self.workstation.idle_lock_minutes, self.office_idle_minutes), self
        )
        self.idle_watcher.idle.connect(self.lock_screen)
        self.idle_watcher.start()

    # --- menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """Long because it lists the menus and their actions in the order the menu bar shows them."""
        menu = self.menuBar()
        file_menu = menu.addMenu(_("&Berkas"))
        self.open_action = self._action(
            _("&Buka database…"), QKeySequence.StandardKey.Open, self._on_open_triggered
        )
        self.demo_action = self._action(_("Buat database &demo…"), None, self._on_demo_triggered)
        self.export_action = self._action(
            _("&Ekspor ringkasan bulanan…"),
            "Ctrl+E",
            self.overview_page.export,
            needs="report.export",
        )
        self.backup_action = self._action(
            _("&Cadangkan database…"), None, self._on_backup_triggered, needs="backup.run"
        )
        if self.backup_action.isEnabled() and not (
            self.session is not None and self.session.db.is_sqlite
        ):
            self.backup_action.setEnabled(False)
            self.backup_action.setToolTip(
                _("Cadangan dari aplikasi hanya untuk database SQLite; PostgreSQL memakai pg_dump.")
            )
        self.backups_action = self._action(
            _("Cadangan && &Pemulihan…"), None, self.open_backups, needs="backup.run"
        )
        self.backups_action.setObjectName("backups_action")
        if self.backups_action.isEnabled() and not (
            self.session is not None and BackupsDialog.allowed(self.session)
        ):
            self.backups_action.setEnabled(False)
            self.backups_action.setToolTip(
                _("Cadangan & Pemulihan hanya untuk database SQLite yang dibuka untuk ditulis.")
            )
        self.quit_action = self._action(_("&Keluar"), QKeySequence.StandardKey.Quit, self.close)
        self.close_month_action = self._action(
            _("&Tutup bulan…"), None, self.close_month, needs="month.close"
        )
        self.close_month_action.setObjectName("close_month_action")
        self.settings_action = self._action(
            _("Pen&gaturan kantor…"), None, self.open_settings, needs="office.settings"
        )
        self.settings_action.setObjectName("settings_action")
        self.workstation_action = self._action(
            _("Pengaturan &komputer ini…"), None, self.open_workstation_settings
        )
        self.workstation_action.setObjectName("workstation_action")
        self.users_action = self._action(
            _("Pen&gguna…"), None, self.open_users, needs="user.manage"
        )
        self.users_action.setObjectName("users_action")
        self.audit_action = self._action(
            _("&Jejak audit…"), None, self.open_audit, needs="audit.view"
        )
        self.audit_action.setObjectName("audit_action")
        for action in (
            self.open_action,
            self.demo_action,
            None,
            self.export_action,
            self.close_month_action,
            self.settings_action,
            self.workstation_action,
            self.users_action,
            self.audit_action,
            self.backup_action,
            self.backups_action,
            None,
            self.quit_action,
        ):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)

        file_menu.setToolTipsVisible(True)  # a greyed entry says why
        desk_menu = menu.addMenu(_("&Layanan"))
        desk_menu.setToolTipsVisible(True)
        self.register_employer_action = self._action(
            _("Daftarkan &pemberi kerja…"),
            "Ctrl+Shift+B",
            self.register_employer,
            needs="employer.register",
        )
        self.register_worker_action = self._action(
            _("Daftarkan pe&kerja…"),
            "Ctrl+Shift+T",
            lambda _checked=False: self.register_worker(),
            needs="worker.register",
        )
        self.import_action = self._action(
            _("&Impor daftar pekerja…"), "Ctrl+Shift+I", self.import_workers, needs="import.workers"
        )
        self.new_claim_action = self._action(
            _("Klaim &baru…"),
            "Ctrl+Shift+K",
            lambda _checked=False: self.claims_page.new_claim(),
            needs="claim.log",
        )
        for action in (
            self.register_employer_action,
            self.register_worker_action,
            self.import_action,
            self.new_claim_action,
        ):
            desk_menu.addAction(action)

        view_menu = menu.addMenu(_("&Tampilan"))
        for _text, menu_text, name, shortcut in self.nav_entries:
            view_menu.addAction(
                self._action(
                    menu_text, shortcut, lambda _checked=False, n=name: self.show_page(self.page(n))
                )
            )
        view_menu.addSeparator()
        self.search_action = self._action(
            _("&Cari…"), QKeySequence.StandardKey.Find, self.focus_search
        )
        self.search_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Find), QKeySequence("F3")]
        )
        view_menu.addAction(self.search_action)
        self.back_action = self._action(_("&Kembali"), "Alt+Left", self.go_back)
        view_menu.addAction(self.back_action)

        language_menu = menu.addMenu(_("B&ahasa"))
        group = QActionGroup(self)
        for code, text in (("id", "Bahasa Indonesia"), ("en", "English")):
            action = QAction(text, self, checkable=True)
            action.setObjectName(f"language_{code}_action")
            action.setChecked(current_language() == code)
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            group.addAction(action)
            language_menu.addAction(action)

        help_menu = menu.addMenu(_("Ban&tuan"))
        self.log_action = self._action(_("Buka file &log"), None, self.open_log_file)
        self.log_action.setObjectName("log_action")
        help_menu.addAction(self.log_action)
        help_menu.addAction(
            self._action(_("&Tentang bpjs-desktop"), None, self._on_about_triggered)
        )

    def _action(
        self,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: object,
        *,
        needs: str | None = None,
    ) -> QAction:
        """A menu action; one that *needs* a permission the role lacks is greyed, and its
        tooltip says in words what the role may not do (the service refuses it anyway)."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if needs is not None:
            action.setData(needs)
            session = self.session
            if session is None or not allowed(session.actor, needs):
                action.setEnabled(False)
                if session is not None:
                    action.setToolTip(refusal(session.actor, needs))
        return action

    def _build_status_bar(self) -> None:
        session = self.session
        assert session is not None
        bar = self.statusBar()
        self.database_label = QLabel(_("Database: {db}").format(db=session.db.describe()))
        self.database_label.setObjectName("database_label")
        self.office_label = QLabel(_("Kantor: {office}").format(office=session.office_name))
        self.office_label.setObjectName("office_label")
        self.user_label = QLabel(
            _("Pengguna: {name} ({role})").format(
                name=session.actor.full_name, role=_(ROLE_LABELS[session.actor.role])
            )
        )
        self.user_label.setObjectName("user_label")
        for label in (self.database_label, self.office_label, self.user_label):
            bar.addPermanentWidget(label)

    # --- navigation ----------------------------------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The page called *name* (an attribute of the window), built on first use."""
        if name == "overview_page":
            return self.overview_page
        page = self.built_pages.get(name)
        if page is None:
            descriptor = type(self).__dict__[name]
            assert isinstance(descriptor, _Page)
            page = descriptor.make(self)
            self.built_pages[name] = page
            self.pages.addWidget(page)
        return page

    def when_built(self, name: str, action: Callable[[Any], object]) -> None:
        """Run *action* on the page *name* if it was built (one never shown has nothing stale)."""
        page = self.built_pages.get(name)
        if page is not None:
            action(page)

    def _name_of(self, page: QWidget) -> str | None:
        if page is self.overview_page:
            return "overview_page"
        return next((n for n, p in self.built_pages.items() if p is page), None)

    @property
    def nav_pages(self) -> list[tuple[str, str, QWidget, str | None]]:
        """(text, menu text, page, shortcut) of every navigation entry (builds every page)."""
        return [(t, m, self.page(n), k) for t, m, n, k in self.nav_entries]

    @property
    def nav_rows(self) -> dict[int, QWidget]:
        """The page of each navigation row (builds every page)."""
        return {row: self.page(name) for row, name in self.nav_names.items()}

    def page_allowed(self, page: QWidget | str) -> bool:
        """Whether the signed-in role is offered *page* (a page or its name) in the navigation."""
        name = page if isinstance(page, str) else self._name_of(page)
        permission = self.page_permissions.get(name or "")
        session = self.session
        return permission is None or (session is not None and allowed(session.actor, permission))

    def _on_navigation_changed(self, row: int) -> None:
        name = self.nav_names.get(row)
        if name is not None:
            self.show_page(self.page(name))

    def show_page(self, page: QWidget, *, remember: bool = True) -> None:
        """Show *page*; the page left behind is where "Kembali" returns."""
        current = self.pages.currentWidget()
        if current is page:
            return
        if remember and current is not None:
            self.history.append(current)
            del self.history[:-20]
        self.pages.setCurrentWidget(page)
        name = self._name_of(page)
        rows = [row for row, shown in self.nav_names.items() if shown == name]
        self.navigation.blockSignals(True)
        if rows:
            self.navigation.setCurrentRow(rows[0])
        else:
            self.navigation.clearSelection()
            self.navigation.setCurrentRow(-1)
        self.navigation.blockSignals(False)
        if name == "workers_page" and self.workers_page.model.rowCount() == 0:
            self.workers_page.apply_filters()
        if name == "employers_page" and self.employers_page.model.rowCount() == 0:
            self.employers_page.apply_filters()
        if name == "arrears_page" and self.arrears_page.query is None:
            self.arrears_page.apply_filters()
        if name == "arrears_targets_page" and self.arrears_targets_page.progress is None:
            self.arrears_targets_page.refresh()
        self.back_button.setEnabled(bool(self.history))

    def go_back(self) -> None:
        if self.history:
            self.show_page(self.history.pop(), remember=False)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_worker_chosen(self, hit: SearchHit) -> None:
        if hit.person_id is not None:
            self.open_person(hit.person_id)

    def _on_employer_chosen(self, hit: SearchHit) -> None:
        self.open_employer(hit.key)

    def open_worker(self, kpj: str) -> None:
        from bpjs_desktop.services.directory import person_of_kpj

        person_id = (
            person_of_kpj(self.session.db, kpj, actor=self.session.actor) if self.session else None
        )
        if person_id is not None:
            self.open_person(person_id)

    def open_person(self, person_id: int) -> None:
        try:
            self.member_page.show_person(person_id)
        except KnownError as exc:
            show_error(self, exc)
            return
        self.show_page(self.member_page)

    def open_employer(self, npp: str) -> None:
        if self.session is None:
            return
        if self.employer_page is None:
            from bpjs_desktop.ui.membership.employer_page import EmployerPage

            self.employer_page = EmployerPage(self.session, npp)
            self.employer_page.worker_activated.connect(self.open_worker)
            self.employer_page.claim_activated.connect(self.open_claim)
            self.employer_page.load_failed.connect(lambda error: show_error(self, error))
            self.pages.addWidget(self.employer_page)
        else:
            self.employer_page.show_employer(npp)
        self.show_page(self.employer_page)

    def open_claim(self, claim_no: str) -> None:
        try:
            self.claim_page.show_claim(claim_no)
        except KnownError as exc:
            show_error(self, exc)
            return
        self.show_page(self.claim_page)

    def open_case(self, case_id: int) -> None:
        try:
            self.case_page.show_case(case_id)
        except KnownError as exc:
            show_error(self, exc)
            return
        self.show_page(self.case_page)

    def close_month(self) -> None:
        """A head of office freezes a month's report (issue #6)."""
        if self.session is None:
            return
        from bpjs_desktop.ui.admin.month_close_dialog import MonthCloseDialog

        dialog = MonthCloseDialog(self.session, self)
        dialog.open()  # the overview and the dashboard reload on its event (ui/common/events.py)

    def open_users(self) -> None:
        """The user administration window (the administrator only)."""
        if self.session is None:
            return
        from bpjs_desktop.ui.admin.users_dialog import UsersDialog

        dialog = UsersDialog(self.session, self)
        dialog.open()

    def open_audit(self) -> None:
        """Jejak audit: the trail's events (heads of office, the administrator)."""
        if self.session is None:
            return
        from bpjs_desktop.ui.admin.audit_dialog import AuditDialog

        AuditDialog(self.session, self).open()

    def open_settings(self) -> None:
        """The letterhead, the claims' service-level limits and the holidays (KEPALA, ADMIN)."""
        if self.session is None:
            return
        from bpjs_desktop.ui.admin.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session, self)
        dialog.idle_lock_saved.connect(self._office_idle_minutes_saved)
        dialog.open()

    def _office_idle_minutes_saved(self, minutes: int) -> None:
        self.office_idle_minutes = minutes
        chosen = idle_minutes(self.workstation.idle_lock_minutes, minutes)
        self.idle_watcher.set_interval_ms(chosen * 60_000)

    def open_workstation_settings(self) -> None:
        """Pengaturan komputer ini: this computer's database, language, backups, lock, printer."""
        from bpjs_desktop.ui.admin.workstation_dialog import WorkstationDialog

        dialog = WorkstationDialog(
            self.workstation,
            office_idle_minutes=self.office_idle_minutes,
            current_database=self.session.db.describe() if self.session is not None else "",
            parent=self,
        )
        dialog.saved.connect(self.apply_workstation_settings)
        dialog.open()

    def apply_workstation_settings(self, chosen: WorkstationSettings) -> None:
        """Put the saved choices in force now (the database: when the app next opens)."""
        previous, self.workstation = self.workstation, chosen
        paths.use_backup_folder(Path(chosen.backup_folder) if chosen.backup_folder else None)
        if chosen.backup_every_minutes:
            self.backup_timer.setInterval(chosen.backup_every_minutes * 60_000)
        else:
            self.backup_timer.stop()
        self.idle_watcher.set_interval_ms(
            idle_minutes(chosen.idle_lock_minutes, self.office_idle_minutes) * 60_000
        )
        message = _("Pengaturan komputer ini disimpan.")
        if chosen.database != previous.database:
            message = _(
                "Pengaturan komputer ini disimpan; database yang dipilih dibuka saat aplikasi "
                "dibuka lagi."
            )
        self.statusBar().showMessage(message, 10_000)
        if chosen.language != current_language():
            self.switch_language(chosen.language)

    def open_log_file(self) -> None:
        """Bantuan → Buka file log: the log in the system's text viewer (for the IT officer)."""
        log_file = paths.log_file()
        if not log_file.exists():
            QMessageBox.information(
                self,
                _("File log"),
                _("Belum ada file log di {path}.").format(path=log_file),
            )
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file))):
            QMessageBox.information(
                self,
                _("File log"),
                _("File log ada di {path}; buka dengan penyunting teks.").format(path=log_file),
            )

    # --- the idle lock ---------------------------------------------------------------------------
    def lock_screen(self) -> None:
        """Cover everything with the lock; what is open underneath stays as it is."""
        session = self.session
        if session is None or self.lock_dialog is not None:
            return
        # The lock matters more than its record (a busy database, say).
        with contextlib.suppress(KnownError):
            auth.record_session_event(session.db, session.actor, "session.locked")
        dialog = LockDialog(session, self)
        self.lock_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_lock_finished(dialog))
        dialog.show()  # application-modal (open() would make it modal to this window only)
        dialog.raise_()
        dialog.activateWindow()

    def _on_lock_finished(self, dialog: LockDialog) -> None:
        self.lock_dialog = None
        dialog.deleteLater()
        session = self.session
        if session is None:
            return
        if not dialog.signed_out:
            auth.record_session_event(session.db, session.actor, "session.unlocked")
            self.idle_watcher.resume()
            return
        auth.record_session_event(session.db, session.actor, "session.signed_out")
        self.sign_out()

    def sign_out(self) -> None:
        """Close what is open (the user agreed) and sign in again on the same database; the
        window closes if nobody signs in."""
        session = self.session
        if session is None:
            return
        self.idle_watcher.stop()
        for dialog in self.findChildren(QDialog):
            dialog.hide()
            dialog.deleteLater()
        self.hide()
        new_session = sign_in(session.db, None, session.lock)
        if new_session is None:
            self.close()
            return
        session.lock = None  # the lock goes on with the new window
        window = MainWindow(new_session)
        self._replace_with(window)
        window.start_working()

    # --- registering --------------------------------------------------------------------------
    def register_employer(self) -> None:
        if self.session is None:
            return
        from bpjs_desktop.ui.membership.employer_form import EmployerFormDialog

        dialog = EmployerFormDialog(self.session, parent=self)
        dialog.open()  # the employer list reloads on the form's event (ui/common/events.py)

    def register_worker(
        self, employer_npp: str | None = None, carried: dict[str, str] | None = None
    ) -> None:
        if self.session is None:
            return
        from bpjs_desktop.ui.membership.worker_form import WorkerFormDialog

        dialog = WorkerFormDialog(
            self.session, employer_npp=employer_npp, parent=self, carried=carried
        )
        dialog.saved.connect(lambda row: self.open_worker(row.kpj))
        # "Daftarkan berikutnya": the next worker of the batch, in a fresh form.
        dialog.next_requested.connect(lambda shared: self.register_worker(carried=shared))
        dialog.open()

    def import_workers(self) -> None:
        if self.session is None:
            return
        from bpjs_desktop.ui.membership.import_dialog import ImportWorkersDialog

        dialog = ImportWorkersDialog(self.session, parent=self)
        dialog.open()  # the workers list reloads on its event (ui/common/events.py)

    # --- actions -------------------------------------------------------------------------------
    def _on_overview_exported(self, path: Path) -> None:
        self.statusBar().showMessage(_("Ringkasan disimpan di {path}").format(path=path), 10_000)

    def _on_open_triggered(self) -> None:
        path = ask_open_path(
            self, _("Buka database"), _("Database SQLite (*.sqlite *.db);;Semua file (*)")
        )
        if path:
            self.switch_database(workstation.database_url(path))

    def switch_database(self, url: str) -> None:
        """Open another database and sign in to it; the current one stays open if that fails."""
        opened = open_guarded(url, self)
        if opened is None:
            return
        session = sign_in(opened, self, opened.lock)
        if session is None:
            if opened.lock is getattr(self.session, "lock", None):
                opened.lock = None  # the same file: the lock stays with this window
            opened.close()
            return
        old = self.session
        window = MainWindow(session)
        self._replace_with(window)
        window.start_working()
        if old is not None and old.lock is session.lock:
            old.lock = None  # the same file again: the lock goes on with the new window
        if old is not None:
            old.close()

    def _replace_with(self, window: MainWindow) -> None:
        window.show()
        self.session = None
        self.close()

    # --- backups and start-up checks (issue #12) -------------------------------------------------
    def abandon(self) -> None:
        """Forget a window built ahead for a sign-in that did not go through (ui/login.Ahead):
        it was never shown, and its session is not its own to close."""
        self.idle_watcher.stop()
        self.session = None
        MainWindow.open_windows.discard(self)
        self.deleteLater()

    def start_working(self) -> None:
        """What the real app does once the window shows: the half-hourly backups, the backup on
        exit, and the integrity check of the file in the background (seconds on a large file)."""
        session = self.session
        if session is None or session.db.path is None or session.db.read_only:
            return
        self.backup_on_exit = True
        self.backup_timer.start()
        path = session.db.path
        task = Task(lambda _context: backup.quick_check(path), self)
        task.finished.connect(lambda result: None if result[0] else self.file_damaged(result[1]))
        task.failed.connect(lambda error: self.file_damaged(str(error)))
        # The check reads the whole file: it starts once the overview's first figures are on
        # screen, rather than competing with them for the disk and the processor (issue #14),
        # or after CHECK_AT_LATEST_MS should the overview not load.
        started: list[bool] = []

        def start_check(*_args: object) -> None:
            if not started:
                started.append(True)
                task.start()

        if self.overview_page.summary is not None:
            start_check()
        else:
            self.overview_page.summary_loaded.connect(start_check)
            QTimer.singleShot(CHECK_AT_LATEST_MS, self, start_check)

    def scheduled_backup(self) -> None:
        """Every 30 minutes: a verified backup if the data changed since the newest one."""
        session = self.session
        if session is None or session.db.path is None or session.db.read_only:
            return
        db = session.db

        def work(_context: TaskContext) -> backup.BackupInfo | None:
            if not backup.changed_since_last_backup(db):
                return None
            return backup.take_backup(db, "schedule")

        task = Task(work, self)
        task.finished.connect(self._scheduled_backup_done)
        task.failed.connect(
            lambda error: self.statusBar().showMessage(
                _("Cadangan terjadwal gagal: {reason}").format(reason=error), 30_000
            )
        )
        task.start()

    def _scheduled_backup_done(self, info: backup.BackupInfo | None) -> None:
        if info is None:
            return
        if info.ok:
            self.statusBar().showMessage(
                _("Cadangan terjadwal tersimpan dan terperiksa: {path}").format(path=info.path),
                10_000,
            )
        else:
            warn_unverified(self, info)

    def open_backups(self) -> None:
        if self.session is None or not BackupsDialog.allowed(self.session):
            return
        dialog = BackupsDialog(self.session, self)
        dialog.restore_requested.connect(self.restore_from)
        dialog.open()

    def file_damaged(self, problem: str) -> None:
        """The integrity check failed: say so plainly, offer the newest verified backup, and say
        what was recorded after it (from the damaged file's audit trail, as far as it reads)."""
        session = self.session
        if session is None or session.db.path is None:
            return
        path = session.db.path
        newest = backup.newest_verified(path)
        text = _(
            "Pemeriksaan keutuhan menemukan kerusakan pada file database {path} ({problem}). "
            "Data yang rusak dapat hilang atau salah bila pekerjaan diteruskan."
        ).format(path=path, problem=problem)
        if newest is None:
            QMessageBox.critical(
                self,
                _("File database rusak"),
                text
                + "\n\n"
                + _(
                    "Tidak ada cadangan terperiksa untuk database ini. Hentikan pekerjaan dan "
                    "hubungi administrator; jalankan bpjs-desktop check untuk rinciannya."
                ),
            )
            return
        lost, readable = backup.events_after(path, newest.audit_head_id)
        when = format_datetime_wib(newest.taken_at)
        details = _(
            "Cadangan terperiksa terbaru: {when} (jejak audit sampai kejadian #{id})."
        ).format(when=when, id=newest.audit_head_id)
        if lost:
            lines = [
                f"#{e.id}  {e.at[:16]}  {e.username}  {e.action}  {e.entity} {e.entity_id}"
                for e in lost[:15]
            ]
            details += (
                "\n\n"
                + _(
                    "Sesudah cadangan itu tercatat {n} kejadian yang harus dimasukkan lagi setelah "
                    "pemulihan (rincian di bawah):"
                ).format(n=len(lost))
                + "\n"
                + "\n".join(lines)
            )
        elif readable:
            details += "\n\n" + _("Tidak ada yang tercatat sesudah cadangan itu.")
        else:
            details += "\n\n" + _(
                "Bagian file yang rusak tidak dapat menunjukkan apa saja yang dicatat sesudah "
                "cadangan itu: periksa semua pekerjaan sejak {when}."
            ).format(when=when)
        box = QMessageBox(self)
        box.setObjectName("damaged_dialog")
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(_("File database rusak"))
        box.setText(text + "\n\n" + details)
        restore = box.addButton(_("&Pulihkan dari cadangan ini"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("&Nanti"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is restore:
            self.restore_from(newest.path)

    def restore_from(self, backup_file: Path) -> None:
        """Close the database, restore *backup_file* over it (the replaced file is kept aside),
        and open the restored one in a new window (signing in again)."""
        session = self.session
        if session is None:
            return
        url = session.db.url
        # Work still reading or writing the file (a page loading, the monthly facts brought up
        # to date behind the overview) would hold it open, and the restore refuses a file in use.
        Task.stop_all()
        session.db.dispose()
        try:
            restore_into(self, url, backup_file)
        except KnownError as exc:
            show_error(self, exc, _("Pemulihan gagal"))
            return
        db = open_database_waiting(url, self)
        new_session = sign_in(db, self, session.lock) if db is not None else None
        if new_session is None:
            if db is not None:
                db.dispose()
            QMessageBox.information(
                self,
                _("Database dipulihkan"),
                _("Database telah dipulihkan. Mulai ulang aplikasi untuk bekerja dengannya."),
            )
            self.backup_on_exit = False
            self.close()
            return
        session.lock = None  # the new window's now
        window = MainWindow(new_session)
        self._replace_with(window)
        window.start_working()

    def _back_up_on_exit(self) -> None:
        """On closing the window: a verified backup if the data changed since the newest one.
        Waits (a few seconds on a large file) behind a progress note; a failure is logged."""
        session = self.session
        if session is None or session.db.path is None or session.db.read_only:
            return
        db = session.db
        loop = QEventLoop()

        def work(_context: TaskContext) -> backup.BackupInfo | None:
            if not backup.changed_since_last_backup(db):
                return None
            return backup.take_backup(db, "exit")

        done: list[object] = []

        def finish(outcome: object) -> None:
            done.append(outcome)
            loop.quit()

        task = Task(work)
        task.finished.connect(finish)
        task.failed.connect(finish)
        note = QProgressDialog(_("Mencadangkan database sebelum keluar…"), "", 0, 0, self)
        note.setObjectName("exit_backup_dialog")
        note.setCancelButton(None)
        note.setMinimumDuration(500)
        task.start()
        if not done:
            loop.exec()
        note.close()

    def switch_language(self, code: str) -> None:
        """Rebuild the window in the other language, on the same database and user."""
        if code == current_language() or self.session is None:
            return
        set_language(code)
        QSettings().setValue("language", code)
        session = self.session
        self.session = None
        window = MainWindow(session)
        window.restoreGeometry(self.saveGeometry())
        window.backup_on_exit = self.backup_on_exit
        if self.backup_timer.isActive():
            window.backup_timer.start()
        window.show()
        self.close()

    def _on_demo_triggered(self) -> None:
        dialog = DemoDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        path = Path(dialog.path_edit.text()).expanduser()
        scale = dialog.scale_spin.value()
        from bpjs_desktop.services.demo.run import generate_demo

        def work(context: TaskContext) -> Path:
            generate_demo(path, scale=scale, progress=context.progress, cancelled=context.cancelled)
            return path

        def done(created: Path) -> None:
            answer = QMessageBox.question(
                self,
                _("Database demo dibuat"),
                _("Database demo dibuat di {path}. Buka sekarang?").format(path=created),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.switch_database(workstation.database_url(created))

        run_with_progress(self, _("Membuat database demo"), work, done)

    def _on_backup_triggered(self) -> None:
        session = self.session
        if session is None or session.db.path is None:
            return
        default = Path.home() / f"{session.db.path.stem}-cadangan.sqlite"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Simpan cadangan"), str(default), _("Database SQLite (*.sqlite)")
        )
        if not path:
            return
        db = session.db

        def work(context: TaskContext) -> Path:
            context.progress(10, _("Menyalin database…"))
            return backup.backup(db, Path(path))

        run_with_progress(
            self,
            _("Mencadangkan database"),
            work,
            lambda target: self.statusBar().showMessage(
                _("Cadangan disimpan di {path}").format(path=target), 10_000
            ),
        )

    def _on_about_triggered(self) -> None:
        from bpjs_desktop.services import about
        from bpjs_desktop.ui.admin.about_dialog import AboutDialog

        db = self.session.db if self.session is not None else None
        AboutDialog(about.facts(db), str(paths.log_file()), self).open()

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        # Column widths and splitter sizes changed in the last moment (layout_memory's delay).
        save_now(self)
        self.backup_timer.stop()
        self.idle_watcher.stop()
        if self.backup_on_exit and self.session is not None:
            self._back_up_on_exit()
            if self.session.lock is not None:
                self.session.lock.release()
                self.session.lock = None
        super().closeEvent(event)
        MainWindow.open_windows.discard(self)
