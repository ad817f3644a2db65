"""Fixtures for the widget tests: a signed-in session on the demo, private settings, screenshots.

The widgets run with the real background task runner (``Task.synchronous`` stays False): the
tests wait for the signals a user would see, with ``qtbot.waitSignal``, which raises on timeout.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QAbstractItemModel, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from bpjs_desktop.db.engine import Database
from bpjs_desktop.services import auth
from bpjs_desktop.services.demo.plan import DEMO_PASSWORD
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.events import reset_data_events
from bpjs_desktop.ui.common.tasks import Task
from bpjs_desktop.ui.main_window import MainWindow
from tests.ui.keyboard import activate, discard_without_asking

LOAD_TIMEOUT_MS = 20_000
SCREEN = (1366, 768)  # a branch office's laptop


@pytest.fixture(autouse=True, scope="session")
def _gc_on_gui_thread(qapp: object) -> Iterator[None]:
    """The application's own guard: cyclic GC runs on the GUI thread only (ui/common/gc_guard.py)."""
    from bpjs_desktop.ui.common import gc_guard

    collector = gc_guard.install(qapp)  # type: ignore[arg-type]
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _private_settings(qapp: object, tmp_path: Path) -> Iterator[Path]:
    """QSettings (window geometry, language, export folder) go to this test's folder only."""
    folder = tmp_path / "settings"
    previous = QSettings.defaultFormat()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings.setDefaultFormat(previous)


@pytest.fixture(autouse=True)
def _fresh_data_events(qapp: object) -> None:
    """Each test's pages hear only the saves of that test (ui/common/events.py)."""
    reset_data_events()


@pytest.fixture(autouse=True)
def _settle_qt_objects(qtbot) -> Iterator[None]:
    """After each test: no task running, closed widgets really deleted, garbage collected.

    WORKAROUND: PySide6 6.12 can segfault when Python's cyclic GC runs in a worker thread (a
    Task allocating SQLAlchemy objects) while the GUI thread destroys a widget tree in C++:
    shiboken's tp_traverse reads the children being torn down (gdb: ``visit_decref`` under
    libshiboken6 in "Thread (pooled)", main thread in ``QWidget::~QWidget`` →
    ``Shiboken::Object::destroy``). pytest-qt only ``deleteLater()``s a test's widgets, so they
    would be destroyed during the *next* test's ``waitSignal`` loop, while its summary is being
    computed. Delete them here, with no worker running, and collect on the GUI thread.
    """
    yield
    qtbot.waitUntil(Task.idle, timeout=LOAD_TIMEOUT_MS)
    qtbot.wait(1)  # a short event loop runs the pending deleteLater()s
    gc.collect()


@pytest.fixture
def session_for(demo_db: Database) -> Callable[[str], SignedIn]:
    """The session the login dialog would produce for a demo user (on a private demo copy)."""

    def sign_in_as(username: str) -> SignedIn:
        actor = auth.authenticate(demo_db, username, DEMO_PASSWORD)
        return SignedIn(demo_db, actor, auth.office_name(demo_db, actor))

    return sign_in_as


@pytest.fixture
def session(session_for: Callable[[str], SignedIn]) -> SignedIn:
    """The demo's administrator, signed in to a private copy of the demo database."""
    return session_for("admin")


@pytest.fixture
def officer(session_for: Callable[[str], SignedIn]) -> SignedIn:
    """Front-office staff of KC Gresik (pelayanan.grs), signed in to a private demo copy."""
    return session_for("pelayanan.grs")


@pytest.fixture
def no_blocking_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A form with typed changes closes without its modal "discard?" box, which would wait for an
    answer nobody gives: for the modules that close forms mid-test, with
    ``pytestmark = pytest.mark.usefixtures("no_blocking_questions")``."""
    discard_without_asking(monkeypatch)


@pytest.fixture
def wait_for_tasks(qtbot) -> Callable[[], None]:
    """Wait until no background task is running (before a database is disposed)."""

    def wait() -> None:
        qtbot.waitUntil(Task.idle, timeout=LOAD_TIMEOUT_MS)

    return wait


@pytest.fixture
def make_window(qtbot, wait_for_tasks) -> Iterator[Callable[[SignedIn], MainWindow]]:
    """Build a shown main window whose monthly summary has loaded; every window is closed after."""

    def make(session: SignedIn) -> MainWindow:
        window = MainWindow(session)
        # waitExposed only waits as a context manager (pytest-qt 4), around the show().
        with (
            qtbot.waitExposed(window),
            qtbot.waitSignal(window.overview_page.summary_loaded, timeout=LOAD_TIMEOUT_MS),
        ):
            window.show()
        return window

    yield make
    wait_for_tasks()
    for window in list(MainWindow.open_windows):
        window.close()
        window.deleteLater()
    MainWindow.open_windows.clear()


@pytest.fixture
def window(qtbot, make_window, session: SignedIn) -> MainWindow:
    """The administrator's main window at the size of a branch office's laptop screen, active
    (its mnemonics and Enter answer only then)."""
    main = make_window(session)
    main.resize(*SCREEN)
    activate(qtbot, main)
    return main


def table_texts(model: QAbstractItemModel) -> list[list[Any]]:
    """Every cell's shown text, row by row, as an officer reads the table."""
    columns = range(model.columnCount())
    return [[model.index(r, c).data() for c in columns] for r in range(model.rowCount())]


def distinct_colours(image: QImage) -> int:
    """How many different colours the image holds."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.sizeInBytes() // 4)
    return len(np.unique(data))


@pytest.fixture
def screenshot(qtbot, tmp_path: Path) -> Callable[[QWidget, str], QImage]:
    """``screenshot(widget, "name")``: save ``name.png`` in the test's folder; assert not blank.

    A short event loop runs first, so that pending layout requests settle as on a user's screen.
    """

    def take(widget: QWidget, name: str) -> QImage:
        qtbot.wait(20)
        return assert_renders(widget, tmp_path / f"{name}.png")

    return take


@pytest.fixture
def shot(qtbot, screenshot) -> Callable[[QWidget, str], QImage]:
    """``shot(widget, "name")``: a screenshot after pending layout updates, as a user would see it;
    also kept in the folder ``$BPJS_SHOTS`` names, when set, for looking at it."""

    def take(widget: QWidget, name: str) -> QImage:
        qtbot.wait(30)
        image = screenshot(widget, name)
        folder = os.environ.get("BPJS_SHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            image.save(str(Path(folder) / f"{name}.png"))
        return image

    return take


def assert_renders(widget: QWidget, path: Path, min_colours: int = 8) -> QImage:
    """Save a screenshot of *widget* to *path* and check that it is not a blank rectangle."""
    assert widget.grab().save(str(path)), f"could not save a screenshot to {path}"
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() >= 200 and image.height() >= 100
    colours = distinct_colours(image)
    assert colours > min_colours, f"{path.name} looks blank ({colours} colours)"
    return image
