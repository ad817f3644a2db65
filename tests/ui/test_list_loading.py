"""Every paged list counts a new filter and reads its first page (and the arrears totals) off the
GUI thread (ui/common/tables.py ``PagedModel.load``): the window stays live while a COUNT over
2.8 million memberships runs, the rows shown so far stay until the new ones are there, and a
filter chosen while another is still being read wins."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.admin.audit_dialog import AuditDialog
from bpjs_desktop.ui.arrears.arrears_page import ArrearsWorklistPage
from bpjs_desktop.ui.claims.claims_page import ClaimsPage
from bpjs_desktop.ui.common.tables import PagedModel
from bpjs_desktop.ui.common.widgets import choose
from bpjs_desktop.ui.membership.list_pages import EmployersPage, WorkersPage
from tests.ui.conftest import LOAD_TIMEOUT_MS


def _workers(session: SignedIn) -> QWidget:
    page = WorkersPage(session)
    page.status_combo.blockSignals(True)
    choose(page.status_combo, None)  # every membership: more than a page, so it is counted
    page.status_combo.blockSignals(False)
    return page


def _employers(session: SignedIn) -> QWidget:
    return EmployersPage(session)


def _arrears(session: SignedIn) -> QWidget:
    return ArrearsWorklistPage(session)


def _claims(session: SignedIn) -> QWidget:
    return ClaimsPage(session)


def _audit(session: SignedIn) -> QWidget:
    return AuditDialog(session)  # filters at once, as it opens


PAGES: dict[str, Callable[[SignedIn], QWidget]] = {
    "workers": _workers,
    "employers": _employers,
    "arrears": _arrears,
    "claims": _claims,
    "audit": _audit,
}


@pytest.fixture
def reads(session: SignedIn, monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """The thread of every database read of the session from now on."""
    threads: list[threading.Thread] = []
    original = session.db.read

    @contextmanager
    def spied() -> Iterator[Session]:
        threads.append(threading.current_thread())
        with original() as s:
            yield s

    monkeypatch.setattr(session.db, "read", spied)
    return threads


def _open(qtbot, session: SignedIn, name: str) -> Any:
    widget = PAGES[name](session)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: not widget.model.loading, timeout=LOAD_TIMEOUT_MS)  # the audit trail
    return widget


@pytest.mark.parametrize("name", list(PAGES))
def test_a_filtered_list_is_read_off_the_gui_thread(
    qtbot, session: SignedIn, reads: list[threading.Thread], name: str
) -> None:
    """From the click on *Terapkan* to the rows and their count on screen, no database read
    runs on the GUI thread: the query is counted, its first page (and for the arrears worklist
    its totals) read by a worker, and the label says "Memuat…" meanwhile."""
    widget = _open(qtbot, session, name)
    model: PagedModel = widget.model
    reads.clear()
    with qtbot.waitSignal(model.source_loaded, timeout=LOAD_TIMEOUT_MS) as loaded:
        widget.apply_filters()
        label = widget.summary_label if name == "arrears" else widget.count_label
        assert label.text() == "Memuat…"
        assert threading.main_thread() not in reads  # nothing read yet on the GUI thread
    assert loaded.args[0].count == model.rowCount() > 0
    assert model.row_object(0) is not None  # the first page came with the count
    assert reads and threading.main_thread() not in reads
    assert "Memuat" not in label.text()


def test_the_second_filter_typed_while_the_first_is_read_wins(
    qtbot, session: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker list: an NPP typed and Enter while "every status" is still being counted. The
    first count, arriving later, is dropped: the list and its count are the employer's."""
    page = _open(qtbot, session, "workers")
    from bpjs_desktop.services.directory import WorkerQuery

    release = threading.Event()
    original = WorkerQuery.count

    def slow_count(query: WorkerQuery) -> int:
        if query.filter.employer_npp is None:  # the first filter: every membership
            assert release.wait(LOAD_TIMEOUT_MS / 1000)
        return original(query)

    monkeypatch.setattr(WorkerQuery, "count", slow_count)
    shown: list[Any] = []
    page.model.source_loaded.connect(lambda loaded: shown.append(loaded))
    page.apply_filters()
    assert page.model.loading and page.model.rowCount() == 0  # still counting every membership
    with qtbot.waitSignal(page.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        page.npp_edit.setText(_busiest_npp(session))
        page.apply_filters()
    release.set()  # the first filter's count comes back now
    qtbot.waitUntil(lambda: page.model._loader.dropped == 1, timeout=LOAD_TIMEOUT_MS)
    assert len(shown) == 1 and shown[0].source.filter.employer_npp == page.npp_edit.text()
    rows = {page.model.row_object(r).employer_npp for r in range(min(20, page.model.rowCount()))}
    assert rows == {page.npp_edit.text()}
    assert page.count_label.text().endswith(" baris") and not page.model.loading


def _busiest_npp(session: SignedIn) -> str:
    from tests.helpers import one_row

    return str(
        one_row(
            session.db,
            "SELECT e.npp FROM membership m JOIN employer e ON e.id = m.employer_id "
            "GROUP BY e.npp ORDER BY count(*) DESC, e.npp LIMIT 1",
        )[0]
    )


@pytest.mark.parametrize("name", ["workers", "arrears", "claims"])
def test_a_list_that_cannot_be_read_says_so_and_keeps_its_rows(
    qtbot, session: SignedIn, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A read that fails (a busy or damaged file) leaves the rows shown before on screen, says
    "Data tidak dapat dibaca." under them and shows the error's message in a box."""
    from bpjs_desktop.errors import KnownError
    from bpjs_desktop.ui.common import widgets

    widget = _open(qtbot, session, name)
    with qtbot.waitSignal(widget.model.source_loaded, timeout=LOAD_TIMEOUT_MS):
        widget.apply_filters()
    before = widget.model.rowCount()
    assert before > 0

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise KnownError("Database sedang dipakai.")

    shown: list[str] = []
    monkeypatch.setattr(session.db, "read", broken)
    monkeypatch.setattr(widgets, "show_error", lambda _parent, error: shown.append(str(error)))
    with qtbot.waitSignal(widget.model.source_failed, timeout=LOAD_TIMEOUT_MS):
        widget.apply_filters()
    label = widget.summary_label if name == "arrears" else widget.count_label
    assert label.text() == "Data tidak dapat dibaca."
    assert shown == ["Database sedang dipakai."]
    assert widget.model.rowCount() == before
