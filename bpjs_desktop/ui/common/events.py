"""One app-wide "data changed" signal, so that pages never refresh each other.

A form or dialog that saved something says what changed (:class:`DataKind`) and in which
office (the saved record's office code; ``None`` only for a change of no single office: a
regional setting, a person seen in several offices); every page that shows such data listens
and decides itself whether the change concerns it: a page about one office skips another
office's change (``reload_on(..., concerns=...)``), a page about the whole region takes all. The saving side does not know who shows what:
a new page subscribes without the main window growing another ``lambda: page.reload()``.

Pages usually subscribe through :func:`reload_on`, which reloads a visible page at once and a
hidden one the next time it is shown (nobody waits for a list they are not looking at).

There is one hub per application (:func:`data_events`); tests may give themselves a fresh one
with :func:`reset_data_events`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget


class DataKind(StrEnum):
    """What was changed (the records a page may show)."""

    EMPLOYER = "employer"
    WORKER = "worker"
    CLAIM = "claim"
    ARREARS = "arrears"
    TARGETS = "targets"
    MONTH_CLOSE = "month_close"  # a month's report was frozen (issue #6)
    PERISAI = "perisai"
    SETTINGS = "settings"  # office settings: service-level days, holidays


class DataEvents(QObject):
    """The hub. ``changed(kind, office_code)``: *kind* is a :class:`DataKind` value, the office
    code is a str or None (all offices, or not known)."""

    changed = Signal(str, object)

    def emit_changed(self, kind: DataKind, office_code: str | None = None) -> None:
        self.changed.emit(str(kind), office_code)


_hub: DataEvents | None = None


def data_events() -> DataEvents:
    """The application's hub (made on first use, on the GUI thread)."""
    global _hub
    if _hub is None:
        _hub = DataEvents()
    return _hub


def reset_data_events() -> DataEvents:
    """A fresh hub: the pages made from now on listen to it only (for tests)."""
    global _hub
    _hub = DataEvents()
    return _hub


def data_changed(kind: DataKind, office_code: str | None = None) -> None:
    """Tell every page that *kind* data of *office_code* (None: any office) was saved."""
    data_events().emit_changed(kind, office_code)


class ReloadOnChange(QObject):
    """Calls a page's reload when a change it cares about is announced: now if the page is
    visible, else at its next Show event. A page that has just read everything anew (another
    record) sets :attr:`stale` to False, so that the Show event does not read it again."""

    def __init__(
        self,
        page: QWidget,
        kinds: frozenset[str],
        reload: Callable[[], Any],
        concerns: Callable[[str], bool] | None,
        any_office: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(page)
        self.page = page
        self.kinds = kinds | any_office
        self.reload = reload
        self.concerns = concerns
        self.any_office = any_office
        self.stale = False
        page.installEventFilter(self)
        data_events().changed.connect(self.on_changed)

    def on_changed(self, kind: str, office_code: object) -> None:
        if kind not in self.kinds:
            return
        office = office_code if isinstance(office_code, str) and office_code else None
        if (
            office is not None
            and self.concerns is not None
            and kind not in self.any_office
            and not self.concerns(office)
        ):
            return  # another office's record: what the page shows is unchanged
        if self.page.isVisible():
            self.stale = False
            self.reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: when a cyclic collection frees a page and this watcher together, it clears
        # this object's attributes first, and the page's C++ destructor still sends its last
        # events through the filter.
        stale = getattr(self, "stale", False)
        if stale and event.type() == QEvent.Type.Show and watched is self.page:
            self.stale = False
            self.reload()
        return False


def reload_on(
    page: QWidget,
    kinds: Iterable[DataKind],
    reload: Callable[[], Any],
    *,
    concerns: Callable[[str], bool] | Iterable[str] | None = None,
    any_office: Iterable[DataKind] = (),
) -> ReloadOnChange:
    """Reload *page* (with *reload*) whenever data of one of *kinds* changes.

    *concerns*: the offices whose changes affect what the page shows, as office codes or as a
    function asked with the changed office's code (what the page shows may change with a
    choice: :func:`~bpjs_desktop.ui.common.month_office.shows_office`). A change in another
    office is ignored; a change of no particular office (None: the whole region, or several
    offices) always reloads, and so does every change when *concerns* is None (a page that
    shows every office). *any_office*: kinds the page shows from every office although it is
    about one (an employer's workers' claims are logged at any branch); also reloaded.
    A hidden page is only marked stale and reloads when it is shown again.
    """
    if concerns is not None and not callable(concerns):
        codes = frozenset(concerns)
        concerns = codes.__contains__
    return ReloadOnChange(
        page,
        frozenset(str(kind) for kind in kinds),
        reload,
        concerns,
        frozenset(str(kind) for kind in any_office),
    )
