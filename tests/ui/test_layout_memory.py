"""Layouts remembered between sessions (issue #15 item 5): column widths and splitter sizes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QSplitter, QTableWidget

from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.layout_memory import remember_header, remember_splitter, save_now
from bpjs_desktop.ui.main_window import MainWindow


def test_a_column_width_and_the_navigation_width_come_back_in_a_new_window(
    qtbot, make_window: Callable[[SignedIn], MainWindow], session: SignedIn, screenshot
) -> None:
    """The clerk widens the workers list's name column and the navigation, closes the window;
    the next window opens with the same widths."""
    window = make_window(session)
    window.show_page(window.workers_page)
    header = window.workers_page.table.horizontalHeader()
    header.resizeSection(1, 333)
    nav_width = window.navigation.width()
    sizes = window.main_splitter.sizes()
    window.main_splitter.moveSplitter(sizes[0] + 25, 1)
    moved = window.main_splitter.sizes()
    assert moved[0] != nav_width  # the drag did move the divider
    window.close()
    # The offscreen platform's screen is smaller than the default window: the restored geometry
    # would come back narrower, and a narrower splitter shares out less than the saved sizes.
    QSettings().remove("main_window/geometry")

    again = make_window(session)
    again.show_page(again.workers_page)
    assert again.workers_page.table.horizontalHeader().sectionSize(1) == 333
    assert again.main_splitter.sizes()[0] == moved[0]
    screenshot(again, "workers_list_remembered")


def test_the_sort_order_and_the_column_order_come_back(qtbot) -> None:
    """A column dragged to another place and a sort by another column are kept too."""
    table = QTableWidget(0, 3)
    table.setSortingEnabled(True)
    remember_header(table, "test/ordered")
    qtbot.addWidget(table)
    table.horizontalHeader().moveSection(2, 0)
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    save_now(table)

    again = QTableWidget(0, 3)
    again.setSortingEnabled(True)
    remember_header(again, "test/ordered")
    qtbot.addWidget(again)
    assert again.horizontalHeader().visualIndex(2) == 0
    assert again.horizontalHeader().sortIndicatorSection() == 1
    assert again.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_a_state_saved_for_another_set_of_columns_is_ignored(qtbot) -> None:
    """An older version had four columns; the table now has three: its defaults stay."""
    old = QTableWidget(0, 4)
    remember_header(old, "test/columns")
    qtbot.addWidget(old)
    old.horizontalHeader().resizeSection(0, 250)
    old.horizontalHeader().hideSection(3)
    save_now(old)
    assert QSettings().value("layout/test/columns/count") in (4, "4")

    new = QTableWidget(0, 3)
    default = new.horizontalHeader().sectionSize(0)
    remember_header(new, "test/columns")
    qtbot.addWidget(new)
    assert new.horizontalHeader().sectionSize(0) == default
    assert not any(new.horizontalHeader().isSectionHidden(c) for c in range(3))

    # A state that is not a header state at all (a hand-edited file) is ignored as well.
    QSettings().setValue("layout/test/junk/state", "not a state")
    QSettings().setValue("layout/test/junk/count", 3)
    junk = QTableWidget(0, 3)
    remember_header(junk, "test/junk")
    qtbot.addWidget(junk)
    assert junk.horizontalHeader().sectionSize(0) == default


def test_a_model_set_later_gets_its_columns_restored(qtbot) -> None:
    """A table whose columns appear after ``remember_header`` still gets its widths back."""
    table = QTableWidget(0, 2)
    remember_header(table, "test/later")
    qtbot.addWidget(table)
    table.horizontalHeader().resizeSection(1, 210)
    save_now(table)

    later = QTableWidget()
    remember_header(later, "test/later")
    qtbot.addWidget(later)
    later.setColumnCount(2)
    assert later.horizontalHeader().sectionSize(1) == 210


def test_a_changed_layout_is_saved_after_a_short_delay(qtbot) -> None:
    """No close needed: a moment after the drag, the sizes are in the settings."""
    splitter = QSplitter()
    splitter.addWidget(QTableWidget())
    splitter.addWidget(QTableWidget())
    qtbot.addWidget(splitter)
    splitter.resize(600, 300)
    splitter.show()
    qtbot.waitExposed(splitter)
    remember_splitter(splitter, "test/split")
    splitter.moveSplitter(150, 1)
    qtbot.waitUntil(lambda: QSettings().value("layout/test/split/state") is not None, timeout=3000)

    again = QSplitter()
    again.addWidget(QTableWidget())
    again.addWidget(QTableWidget())
    qtbot.addWidget(again)
    remember_splitter(again, "test/split")
    again.resize(600, 300)
    again.show()
    qtbot.waitExposed(again)
    assert again.sizes()[0] == splitter.sizes()[0]


def test_a_dialog_closed_right_after_a_drag_keeps_the_new_width(qtbot) -> None:
    """Closing within the saving delay still saves: the table is hidden with its dialog."""
    table = QTableWidget(0, 3)
    qtbot.addWidget(table)
    table.show()
    qtbot.waitExposed(table)
    remember_header(table, "test/closed")
    table.horizontalHeader().resizeSection(0, 180)
    table.close()
    assert QSettings().value("layout/test/closed/count") in (3, "3")

    again = QTableWidget(0, 3)
    remember_header(again, "test/closed")
    qtbot.addWidget(again)
    assert again.horizontalHeader().sectionSize(0) == 180
