"""The main window: status bar, navigation between pages, and switching language."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction

from bpjs_desktop.i18n import current_language
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.main_window import MainWindow
from tests.ui.conftest import LOAD_TIMEOUT_MS

INDONESIAN_MENUS = ["&Berkas", "&Layanan", "&Tampilan", "B&ahasa", "Ban&tuan"]


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_status_bar_names_the_database_the_office_and_the_user(
    make_window: Callable[[SignedIn], MainWindow], session: SignedIn, screenshot
) -> None:
    """The status bar says which database file is open, for which office, and who is working."""
    window = make_window(session)

    assert session.db.path is not None
    assert window.database_label.text() == f"Database: {session.db.describe()}"
    assert str(session.db.path) in window.database_label.text()
    assert window.office_label.text() == "Kantor: Kantor Wilayah Jawa Timur"
    assert window.user_label.text() == "Pengguna: ADMINISTRATOR DEMO (Administrator)"
    assert window.windowTitle() == "bpjs-desktop — Kantor Wilayah Jawa Timur"
    assert window.pages.currentWidget() is window.overview_page
    assert menu_titles(window) == INDONESIAN_MENUS
    screenshot(window, "main_window_overview")


def test_status_bar_of_a_branch_head_names_the_branch_and_the_role(
    make_window: Callable[[SignedIn], MainWindow], session_for: Callable[[str], SignedIn]
) -> None:
    """kepala.mjk works for KC Mojokerto, as head of office."""
    window = make_window(session_for("kepala.mjk"))

    assert window.office_label.text() == "Kantor: KC Mojokerto"
    assert window.user_label.text().endswith("(Kepala kantor)")
    assert window.windowTitle().endswith("KC Mojokerto")


def test_keyboard_shortcuts_switch_pages(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn, screenshot
) -> None:
    """Ctrl+2 workers, Ctrl+3 employers, Ctrl+8 the NIK check, Ctrl+9 the contribution calculator,
    Ctrl+Shift+9 the benefit calculator, Ctrl+1 back."""
    window = make_window(session)
    window.activateWindow()
    qtbot.waitActive(window)

    with qtbot.waitSignal(window.workers_page.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.workers_page
    assert window.navigation.currentItem().text().strip() == "Peserta"
    assert (
        window.workers_page.model.rowCount() > 0
    )  # the list fills when first shown (counted in the background)
    screenshot(window, "main_window_workers")

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.employers_page
    screenshot(window, "main_window_employers")

    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.nik_page
    screenshot(window, "main_window_nik")

    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.iuran_page
    assert window.iuran_page.period_edit.text() == "04/2018"  # the demo's month, not today's
    screenshot(window, "main_window_iuran")

    qtbot.keyClick(
        window,
        Qt.Key.Key_9,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.pages.currentWidget() is window.manfaat_page
    assert window.navigation.currentItem().text().strip() == "Kalkulator manfaat"
    assert window.manfaat_page.event_edit.text() == "30/04/2018"  # the demo's today
    screenshot(window, "main_window_manfaat")

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.overview_page


def test_heads_of_office_reach_the_dashboard_and_the_targets_from_the_navigation(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn, screenshot
) -> None:
    """Ctrl+0 opens "Target dan realisasi", which reads its year when first shown; the targets
    grid sits beside it under Ikhtisar."""
    window = make_window(session)
    window.activateWindow()
    qtbot.waitActive(window)

    with qtbot.waitSignal(window.dashboard_page.dashboard_loaded, timeout=20_000):
        qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.dashboard_page
    assert window.navigation.currentItem().text().strip() == "Target dan realisasi"
    screenshot(window, "main_window_dashboard")

    item = window.navigation.findItems("Target kantor", Qt.MatchFlag.MatchContains)[0]
    window.navigation.setCurrentItem(item)
    assert window.pages.currentWidget() is window.targets_page
    screenshot(window, "main_window_targets")


def test_clicking_the_navigation_switches_pages(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    """Clicking "Cek NIK" in the navigation list shows the NIK page."""
    window = make_window(session)
    navigation = window.navigation
    item = navigation.findItems("Cek NIK", Qt.MatchFlag.MatchContains)[0]

    qtbot.mouseClick(
        navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=navigation.visualItemRect(item).center(),
    )

    assert window.pages.currentWidget() is window.nik_page


def test_switching_to_english_rebuilds_the_window_on_the_same_session(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    """Choosing English replaces the window with one in English, same user; the choice is kept."""
    old = make_window(session)

    old.switch_language("en")

    assert current_language() == "en"
    assert old not in MainWindow.open_windows
    assert not old.isVisible()
    [new] = MainWindow.open_windows
    assert new.isVisible()
    assert new.session is session
    assert new.findChild(QAction, "language_en_action").isChecked()
    assert not new.findChild(QAction, "language_id_action").isChecked()
    assert QSettings().value("language") == "en"
    with qtbot.waitSignal(new.overview_page.summary_loaded, timeout=20_000):
        pass


def test_english_window_has_english_menus_and_status_bar(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn, screenshot
) -> None:
    """After switching to English the menus and the status bar read in English."""
    old = make_window(session)
    old.switch_language("en")
    [new] = MainWindow.open_windows
    with qtbot.waitSignal(new.overview_page.summary_loaded, timeout=20_000):
        pass
    screenshot(new, "main_window_english")

    assert menu_titles(new) == ["&File", "&Services", "&View", "&Language", "&Help"]
    assert new.office_label.text().startswith("Office: ")
    assert new.user_label.text().startswith("User: ADMINISTRATOR DEMO (")
    assert not new.navigation.findItems("Cek NIK", Qt.MatchFlag.MatchContains)


def test_the_benefit_calculator_follows_the_contribution_calculator_in_both_languages(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn
) -> None:
    """Issue #10: *Kalkulator manfaat* (Ctrl+Shift+9) right after *Kalkulator iuran*, in the
    navigation and the View menu, with its own Alt letter there; English text in English."""
    window = make_window(session)
    for language, texts in (
        ("id", ("Kalkulator iuran", "Kalkulator manfaat", "Kalkulator &manfaat")),
        ("en", ("Contribution calculator", "Benefit calculator", "Bene&fit calculator")),
    ):
        if language == "en":
            window.switch_language("en")
            [window] = MainWindow.open_windows
            with qtbot.waitSignal(window.overview_page.summary_loaded, timeout=20_000):
                pass
        entries = [text for text, _menu, _page, _key in window.nav_pages]
        index = entries.index(texts[0])
        assert entries[index + 1] == texts[1]
        assert window.nav_pages[index + 1][1:] == (texts[2], window.manfaat_page, "Ctrl+Shift+9")
        view_menu = window.menuBar().actions()[2].menu()
        letters = [
            action.text()[action.text().index("&") + 1].lower()
            for action in view_menu.actions()
            if "&" in action.text()
        ]
        letter = texts[2][texts[2].index("&") + 1].lower()
        assert letters.count(letter) == 1, letters
        shortcuts = [a.shortcut().toString() for a in window.findChildren(QAction)]
        assert shortcuts.count("Ctrl+Shift+9") == 1
