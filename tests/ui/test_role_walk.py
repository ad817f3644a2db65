"""Every screen as each role meets it (issue #13): a scripted walk per demo role.

Signed in as the demo's administrator, a head of office, a front-office officer, an arrears
officer and an inspector, the walk visits every navigation entry, the record pages (a person, a claim, an employer,
an arrears case where the role has one) and every enabled menu action's dialog, and fails when:

- an enabled action or a visible entry answers "tidak berwenang" / "not authorised";
- a visible label or button text is cut (wider than the widget, no word wrap);
- a source tag ("[S34]") or "unverified" is on screen;
- a common English word is a label or button of the Indonesian interface (and the reverse).

Message boxes and modal ``exec()`` dialogs never block: ``QMessageBox``/``QDialog.exec`` and the
file pickers are replaced for the walk by stand-ins that look at the box, record it and cancel.

Each role walks twice: at 100 % (a 1366×768 laptop) and at 150 %, the scale Windows proposes for
a 15" full-HD laptop. Qt draws 150 % with a device pixel ratio of 1.5, everything half as large
again on a screen of 1280×720 logical pixels; the walk runs in this process, whose scale is fixed
once its QApplication exists, so it enlarges the application's font by 1.5 in a 1920×1080 window
instead: text takes the room it takes at 150 %, while widths set in pixels stay as they are,
which is stricter than Windows (there they grow too). A label or button cut at 150 % fails.

With ``BPJS_WRITE_SCREENSHOTS=1`` the walk also writes ``docs/screenshots/roles/<role>/<page>.png``
(100 %) and ``<page>-150.png`` (150 %), the pictures the README shows; an ordinary run leaves the
tree untouched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QLocale, Qt
from PySide6.QtGui import QFont, QImage, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabBar,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from bpjs_desktop.db.models import (
    ArrearsCase,
    CaseStatus,
    Claim,
    ClaimState,
    Employer,
    Membership,
    User,
)
from bpjs_desktop.i18n import current_language, set_language
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common import qt_texts
from bpjs_desktop.ui.common.tasks import Task
from bpjs_desktop.ui.main_window import MainWindow

from .conftest import LOAD_TIMEOUT_MS

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots" / "roles"
WRITE_SHOTS = os.environ.get("BPJS_WRITE_SCREENSHOTS") == "1"
# The window at each scale: a 1366×768 laptop at 100 %; at 150 % (font ×1.5) a full-HD one.
SCALES = {100: (1366, 768), 150: (1920, 1080)}
# The pictures written per role (BPJS_WRITE_SCREENSHOTS=1): what that role's day looks like, kept
# few so the repository stays small (a screen of text is some 40 kB in 256 colours).
PICTURES = {
    "admin": {
        "ringkasan-bulanan", "dialog-pengguna", "catatan-klaim", "menu-berkas",
        "dialog-pengaturan-kantor",
    },
    "kepala": {
        "target-dan-realisasi", "dialog-tutup-bulan", "catatan-kasus-piutang",
        "dialog-pengaturan-kantor-hari-libur", "dialog-catatan-kasus-piutang-button-janji-bayar",
    },
    "pelayanan": {"daftar-kerja-klaim", "dialog-klaim-baru", "catatan-peserta", "menu-berkas"},
    "ar": {"daftar-kerja-piutang", "catatan-pemberi-kerja", "menu-layanan"},
    "pemeriksa": {"catatan-peserta"},
}  # fmt: skip
# At 150 %, the main page of each role's day and the forms the issue found cut (fewer, larger).
PICTURES_150 = {
    "admin": {"ringkasan-bulanan", "dialog-pengaturan-kantor"},
    "kepala": {
        "target-dan-realisasi",
        "dialog-pengaturan-kantor-hari-libur",
        "dialog-catatan-kasus-piutang-button-janji-bayar",
    },
    "pelayanan": {"daftar-kerja-klaim", "dialog-klaim-baru"},
    "ar": {"daftar-kerja-piutang"},
    "pemeriksa": {"catatan-peserta"},
}

# The demo's users (services/demo/: "<role prefix>.<office code>"; the administrator "admin").
ROLES = {
    "admin": "admin",
    "kepala": "kepala.sdr",
    "pelayanan": "pelayanan.grs",
    "ar": "ar.mlg",
    "pemeriksa": "pemeriksa.sdr",
}
REFUSED = re.compile(r"tidak berwenang|not allowed|not authori[sz]ed", re.IGNORECASE)
INTERNAL = re.compile(r"\[S\d|unverified|\([a-z_]+\.[a-z_]+\)")  # source tags, action codes
# Whole label or button texts that give away the other language. "OK" is not among them: it is
# the Indonesian button too (Windows and GNOME in Indonesian say OK; ui/common/qt_texts.py keeps it).
ENGLISH_WORDS = {"Cancel", "Save", "Yes", "No", "Open", "Close", "Search", "Name", "Date"}
INDONESIAN_WORDS = {"Batal", "Simpan", "Ya", "Tidak", "Buka", "Tutup", "Cari", "Nama", "Tanggal"}
# Menu actions the walk does not trigger (nor Keluar): they rebuild or leave the window.
SKIPPED_ACTIONS = {"language_id_action", "language_en_action"}


@dataclass
class Findings:
    """What the walk saw wrong, per screen, reported all at once at the end."""

    problems: list[str] = field(default_factory=list)
    scale: int = 100  # percent: 100, or 150 (the font half as large again)
    kpj: str | None = None  # a member the new-claim form looks up, as an officer would
    boxes: list[str] = field(default_factory=list)  # message boxes the walk answered
    pressed: list[str] = field(default_factory=list)  # the "…" buttons the walk pressed

    def add(self, where: str, text: str) -> None:
        problem = f"{where}: {text}"
        if problem not in self.problems:
            self.problems.append(problem)


def plain(text: str) -> str:
    """The text as shown: a mnemonic's single ampersand removed."""
    return re.sub(r"&(.)", r"\1", text)


def bare_word(text: str) -> str:
    return plain(text).strip().rstrip(":…").strip()


def visible_texts(root: QWidget) -> Iterator[tuple[QWidget, str]]:
    """Every (widget, text) a user can read on *root*: labels, buttons, tabs, group titles, and
    the first rows and headers of the lists and tables."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton) and widget.text():
            yield widget, widget.text()
        elif isinstance(widget, QGroupBox) and widget.title():
            yield widget, widget.title()
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield widget, widget.tabText(i)
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root_index = widget.rootIndex()
            listing = isinstance(model, QAbstractListModel)  # its columnCount is private
            for column in range(1 if listing else model.columnCount(root_index)):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                if isinstance(header, str):
                    yield widget, header
                for row in range(min(model.rowCount(root_index), 30)):
                    value = model.index(row, column, root_index).data()
                    if isinstance(value, str):
                        yield widget, value


def rich(widget: QLabel, text: str) -> bool:
    """Whether *widget* shows *text* as rich text (HTML), as QLabel decides it."""
    form = widget.textFormat()
    return form == Qt.TextFormat.RichText or (
        form == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )


def clipped(widget: QWidget, text: str) -> bool:
    """Whether *widget* shows *text* cut: wider than its room with no word wrap to save it, or,
    wrapped, taller than the height its layout gave it (its last lines cut off)."""
    if isinstance(widget, QLabel):
        if widget.width() <= 1:
            return False
        room = widget.contentsRect().width() - 2 * widget.margin()
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            return needed > widget.height() + 1
        if rich(widget, text):
            document = QTextDocument()
            document.setDefaultFont(widget.font())
            document.setDocumentMargin(0)
            document.setHtml(text)
            return document.idealWidth() > room + 1
        shown = plain(text) if widget.buddy() is not None else text
        metrics = widget.fontMetrics()
        return any(metrics.horizontalAdvance(line) > room + 1 for line in shown.splitlines())
    if type(widget).__name__ == "QPushButton":
        metrics = widget.fontMetrics()
        icon = widget.iconSize().width() + 4 if not widget.icon().isNull() else 0  # type: ignore[attr-defined]
        return metrics.horizontalAdvance(plain(text)) + icon > widget.width() - 6
    return False


def inspect(root: QWidget, where: str, findings: Findings, *, enabled_entry: bool) -> None:
    """Look at every readable text of *root* and note what the walk fails on."""
    english = current_language() == "en"
    for widget, text in visible_texts(root):
        if enabled_entry and REFUSED.search(text):
            findings.add(where, f"refusal on screen: {text!r}")
        if INTERNAL.search(text):
            findings.add(where, f"internal text on screen: {text!r}")
        if isinstance(widget, QLabel | QAbstractButton):
            word = bare_word(text)
            if not english and word in ENGLISH_WORDS:
                findings.add(where, f"English word in the Indonesian interface: {text!r}")
            if english and word in INDONESIAN_WORDS:
                findings.add(where, f"Indonesian word in the English interface: {text!r}")
            if clipped(widget, text):
                name = widget.objectName() or type(widget).__name__
                findings.add(where, f"text cut in {name} ({widget.width()} px): {text!r}")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-")


@pytest.fixture(autouse=True)
def _qt_texts(qapp: QApplication) -> Iterator[None]:
    """Qt's own words (standard buttons) in the interface language, as the application starts."""
    from bpjs_desktop.app import make_application

    locale = QLocale()  # make_application sets Indonesian as the default: put it back after
    assert make_application() is qapp
    yield
    qt_texts.uninstall()
    QLocale.setDefault(locale)


@pytest.fixture
def answered_boxes(monkeypatch: pytest.MonkeyPatch) -> Findings:
    """Message boxes, modal dialogs and file pickers that answer themselves (cancel), recorded."""
    findings = Findings()

    def box_exec(box: QMessageBox) -> int:
        findings.boxes.append(f"{box.windowTitle()}: {box.text()}")
        box.show()  # Qt names its standard buttons when the box is shown
        QApplication.processEvents()
        inspect(box, f"message {box.windowTitle()!r}", findings, enabled_entry=False)
        box.hide()
        return int(QMessageBox.StandardButton.Cancel)

    def static_box(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        texts = [a for a in args if isinstance(a, str)]
        findings.boxes.append(": ".join(texts[:2]))
        return QMessageBox.StandardButton.Cancel

    def dialog_exec(dialog: QDialog) -> int:
        dialog.show()
        QApplication.processEvents()
        inspect(dialog, f"dialog {dialog.objectName() or dialog.windowTitle()}", findings,
                enabled_entry=True)  # fmt: skip
        dialog.hide()
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    for name in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(static_box))
    monkeypatch.setattr(QDialog, "exec", dialog_exec)
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(lambda *_a, **_k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: ""))
    return findings


def other_tabs(widget: QWidget, qtbot, *, back_to_first: bool = False) -> Iterator[str]:
    """Switch, in turn, to each enabled tab not shown at first of every visible tab widget in
    *widget*; yield its label as shown, once what it shows has settled (and, with
    ``back_to_first``, show each widget's first tab again when its tabs are done)."""
    for tabs in [t for t in widget.findChildren(QTabWidget) if t.isVisible()]:
        first = tabs.currentIndex()
        for i in range(tabs.count()):
            if i == first or not tabs.isTabEnabled(i):
                continue
            tabs.setCurrentIndex(i)
            settle(qtbot)
            yield plain(tabs.tabText(i))
        if back_to_first:
            tabs.setCurrentIndex(first)


def settle(qtbot) -> None:
    """Until no task runs and what the last one showed is laid out."""
    qtbot.waitUntil(Task.idle, timeout=LOAD_TIMEOUT_MS)
    qtbot.wait(30)
    qtbot.waitUntil(Task.idle, timeout=LOAD_TIMEOUT_MS)
    qtbot.wait(10)  # the layout requests posted by the last results


def shoot(widget: QWidget, role: str | None, name: str, scale: int = 100) -> None:
    """Save *widget* as ``docs/screenshots/roles/<role>/<name>.png`` (``<name>-150.png`` at
    150 %) when asked to.

    A 256-colour palette keeps the pictures small (a screen of text needs few colours), each
    pixel its nearest colour: the default error-diffusion dither speckled the grey of thin
    letters away (the "i" of "Tanggal janji" looked cut, issue #13) and made the files larger."""
    pictures = PICTURES if scale == 100 else PICTURES_150
    if not WRITE_SHOTS or role is None or name not in pictures.get(role, ()):
        return
    folder = SHOTS / role
    folder.mkdir(parents=True, exist_ok=True)
    nearest = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Indexed8, nearest)
    suffix = "" if scale == 100 else f"-{scale}"
    assert image.save(str(folder / f"{name}{suffix}.png"), "PNG", 0)


def records_of(session: SignedIn) -> dict[str, object]:
    """A claim, its person and employer, and an arrears case, in the user's office if it has one."""
    actor = session.actor
    with session.db.read() as db:
        claims = (
            select(Claim.claim_no, Membership.person_id, Employer.npp, Membership.kpj)
            .join(Membership, Membership.id == Claim.membership_id)
            .join(Employer, Employer.id == Membership.employer_id)
        )
        if actor.office_id is not None:
            claims = claims.where(Claim.office_id == actor.office_id)
        rejected = db.execute(
            claims.where(Claim.state == ClaimState.DITOLAK).order_by(Claim.id).limit(1)
        ).first()
        row = rejected or db.execute(claims.order_by(Claim.id).limit(1)).first()
        # An open case: its ladder buttons are live.
        cases = (
            select(ArrearsCase.id)
            .where(ArrearsCase.status == CaseStatus.TERBUKA)
            .order_by(ArrearsCase.id)
            .limit(1)
        )
        if actor.office_id is not None:
            cases = cases.where(ArrearsCase.office_id == actor.office_id)
        if actor.user_id is not None and db.get(User, actor.user_id) is not None:
            own = db.scalar(cases.where(ArrearsCase.officer_id == actor.user_id))
        else:
            own = None
        case = own or db.scalar(cases)
    assert row is not None, "the demo has no claim in this office"
    return {"claim": row[0], "person": row[1], "employer": row[2], "kpj": row[3], "case": case}


def look_at_page(
    window: MainWindow, name: str, role: str | None, qtbot, findings: Findings
) -> None:
    """The current page, each of its tabs, and the dialog behind each of its "…" buttons."""
    page = window.pages.currentWidget()
    inspect(window, f"page {name!r}", findings, enabled_entry=True)
    shoot(window, role, slug(name), findings.scale)
    for tab in other_tabs(page, qtbot, back_to_first=True):
        inspect(window, f"page {name!r}, tab {tab!r}", findings, enabled_entry=True)
        shoot(window, role, f"{slug(name)}-{slug(tab)}", findings.scale)
    buttons = [
        b for b in page.findChildren(QPushButton)
        if b.isVisible() and b.isEnabled() and b.text().endswith("…")
    ]  # fmt: skip
    for button in buttons:
        if not (button.isVisible() and button.isEnabled()):
            continue
        where = f"page {name!r}, button {plain(button.text())!r}"
        opened_by(lambda b=button: b.click(), where, role, qtbot, findings)
        findings.pressed.append(where)
        if window.pages.currentWidget() is not page:
            window.go_back()
            settle(qtbot)


def opened_by(
    act: Callable[[], object], where: str, role: str | None, qtbot, findings: Findings
) -> None:
    """Do *act*; look at the boxes and dialogs it opened and close them without saving."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    boxes = len(findings.boxes)
    act()
    settle(qtbot)
    for text in findings.boxes[boxes:]:
        if REFUSED.search(text):
            findings.add(where, f"refusal: {text!r}")
        if INTERNAL.search(text):
            findings.add(where, f"internal text in a message: {text!r}")
    opened = [
        w for w in QApplication.topLevelWidgets()
        if w.isVisible() and id(w) not in before and isinstance(w, QDialog)
    ]  # fmt: skip
    for dialog in opened:
        name = f"dialog-{slug(where.split(' ', 1)[1])}"
        if dialog.objectName() == "claim_form" and findings.kpj:
            # The member line is what the officer reads first: look one up, as at the counter.
            dialog.member_edit.setText(findings.kpj)  # type: ignore[attr-defined]
            dialog.look_up_member()  # type: ignore[attr-defined]
            settle(qtbot)
        inspect(dialog, f"{where} → {dialog.objectName()}", findings, enabled_entry=True)
        shoot(dialog, role, name, findings.scale)
        # Each tab of a dialog (the office settings: letterhead, limits, holidays, lock).
        for tab in other_tabs(dialog, qtbot):
            inspect(dialog, f"{where} → {dialog.objectName()}, tab {tab!r}", findings,
                    enabled_entry=True)  # fmt: skip
            shoot(dialog, role, f"{name}-{slug(tab)}", findings.scale)
        QDialog.done(dialog, int(QDialog.DialogCode.Rejected))  # past any "discard?" question
        dialog.deleteLater()
    settle(qtbot)


def walk(window: MainWindow, role: str | None, qtbot, findings: Findings) -> list[str]:
    """Visit every entry, record page and enabled menu action of *window*; return what was seen."""
    seen: list[str] = []
    session = window.session
    assert session is not None
    records = records_of(session)
    findings.kpj = str(records["kpj"])
    window.resize(*SCALES[findings.scale])
    if WRITE_SHOTS:  # the pictures name the demo file, not the test's temporary copy
        window.database_label.setText(f"Database: {Path('demo-jatim.sqlite')}")
    settle(qtbot)
    nav = window.navigation
    for row in sorted(window.nav_rows):
        item = nav.item(row)
        name = item.text().strip()
        nav.setCurrentRow(row)
        settle(qtbot)
        page = window.pages.currentWidget()
        assert page is window.nav_rows[row]
        look_at_page(window, name, role, qtbot, findings)
        seen.append(name)

    openers: list[tuple[str, Callable[[], None]]] = [
        ("peserta", lambda: window.open_person(int(records["person"]))),  # type: ignore[call-overload]
        ("klaim", lambda: window.open_claim(str(records["claim"]))),
        ("pemberi-kerja", lambda: window.open_employer(str(records["employer"]))),
    ]
    if records["case"] is not None and window.page_allowed(window.arrears_page):
        openers.append(("kasus-piutang", lambda: window.open_case(int(records["case"]))))  # type: ignore[call-overload]
    for name, opener in openers:
        opener()
        settle(qtbot)
        look_at_page(window, f"catatan-{name}", role, qtbot, findings)
        seen.append(name)

    window.show_page(window.overview_page)
    settle(qtbot)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        if WRITE_SHOTS and f"menu-{slug(menu_action.text())}" in PICTURES.get(role or "", ()):
            menu.popup(
                window.mapToGlobal(window.menuBar().actionGeometry(menu_action).bottomLeft())
            )
            qtbot.wait(50)
            shoot(menu, role, f"menu-{slug(menu_action.text())}", findings.scale)
            menu.hide()
        for action in menu.actions():
            if action.isSeparator() or action is window.quit_action:
                continue
            if action.objectName() in SKIPPED_ACTIONS:
                continue
            if not action.isEnabled():
                # A greyed entry says why, in words (issue #13).
                tip = action.toolTip()
                if action.data() and (
                    not tip or tip == plain(action.text()) or INTERNAL.search(tip)
                ):
                    findings.add(
                        f"menu {plain(action.text())!r}", f"greyed without a reason: {tip!r}"
                    )
                continue
            seen.append(plain(action.text()))
            opened_by(action.trigger, f"menu {plain(action.text())!r}", role, qtbot, findings)
    return seen


@pytest.fixture(params=sorted(SCALES), ids=lambda percent: f"{percent}%")
def scale(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[int]:
    """The display scale of the walk, in percent: at 150 % the application's font is half as
    large again (see the module's docstring), from before the window is built until after."""
    percent: int = request.param
    font = qapp.font()
    if percent != 100:
        larger = QFont(font)
        larger.setPointSizeF(font.pointSizeF() * percent / 100)
        qapp.setFont(larger)
    yield percent
    qapp.setFont(font)


# The offscreen platform cannot give a popped-up menu the keyboard (the menu pictures).
@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_screen_as_the_role_meets_it(
    role: str, scale: int, session_for, make_window, qtbot, answered_boxes: Findings
) -> None:
    """No refusal, no cut text, no internal tag, no word of the other language on any screen,
    at 100 % and at 150 %."""
    answered_boxes.scale = scale
    window = make_window(session_for(ROLES[role]))
    seen = walk(window, role, qtbot, answered_boxes)
    print(role, scale, seen, answered_boxes.pressed, answered_boxes.boxes, sep="\n")  # on failure
    assert len(seen) >= 10
    assert not answered_boxes.problems, "\n".join(answered_boxes.problems)


def test_the_english_interface_as_the_head_of_office(
    session_for, make_window, qtbot, answered_boxes: Findings
) -> None:
    """The same walk in English: no common Indonesian word is a label or a button."""
    previous = current_language()
    set_language("en")
    try:
        window = make_window(session_for(ROLES["kepala"]))
        walk(window, None, qtbot, answered_boxes)  # no pictures of the English walk
    finally:
        set_language(previous)
    assert not answered_boxes.problems, "\n".join(answered_boxes.problems)


def test_a_front_office_officer_is_not_offered_what_the_role_may_not_do(
    session_for, make_window
) -> None:
    """No arrears worklist in the navigation; Tutup bulan greyed, saying why in words."""
    window = make_window(session_for(ROLES["pelayanan"]))
    entries = [window.navigation.item(r).text().strip() for r in window.nav_rows]
    assert "Daftar kerja piutang" not in entries
    assert "Daftar kerja klaim" in entries
    action = window.close_month_action
    assert not action.isEnabled()
    assert action.toolTip() == "Peran Petugas pelayanan tidak berwenang menutup bulan laporan."
    assert not window.users_action.isEnabled()
    assert window.new_claim_action.isEnabled()
    # The office targets are shown, not offered for editing: only the head of office sets them.
    targets = window.targets_page
    assert not targets.copy_button.isEnabled() and not targets.import_button.isEnabled()
    assert "menetapkan target kantor" in targets.import_button.toolTip()
    assert targets.model.read_only


def test_the_walk_sees_cut_text_internal_tags_and_the_other_language(qtbot) -> None:
    """The checks themselves: a cut label, a source tag and an English button are all caught."""
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    cut = QLabel("Tanggal janji pembayaran yang disepakati")
    cut.setObjectName("cut_label")
    cut.setFixedWidth(60)
    layout.addWidget(cut)
    member = QLabel("<b>EKO DANI</b> · KPJ 18000000001 · NIK 3529011906920001")
    member.setObjectName("rich_label")
    member.setFixedWidth(200)  # the new-claim form's member line, cut after "NIK 35…"
    layout.addWidget(member)
    wrapped = QLabel("Kolom wajib tidak ditemukan di lembar Daftar TK: NIK, Nama, Upah sebulan")
    wrapped.setObjectName("short_label")
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)  # wrapped, but one line high: the lines below are cut off
    layout.addWidget(wrapped)
    layout.addWidget(QLabel("Dasar: Pasal 26 [S34] [unverified]"))
    layout.addWidget(QPushButton("Cancel"))
    layout.addWidget(QLabel("Peran X tidak berwenang menutup bulan laporan."))
    root.show()
    qtbot.waitExposed(root)
    findings = Findings()
    inspect(root, "test", findings, enabled_entry=True)
    text = "\n".join(findings.problems)
    assert "text cut in cut_label" in text
    assert "text cut in rich_label" in text
    assert "text cut in short_label" in text
    assert "[S34]" in text
    assert "English word in the Indonesian interface: 'Cancel'" in text
    assert "refusal on screen" in text
