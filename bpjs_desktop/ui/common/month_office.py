"""The office chooser of every page and form, and the month and office pair above a report.

:class:`OfficeCombo` (made by :func:`office_combo`) is the one office chooser. Its offices are
those ``reports.list_offices(actor=…)`` returns (the service scopes them: a branch sees itself
and its KCPs, the region every office), in tree order (each branch followed by its KCPs,
indented). What differs between pages is a parameter: a leading "all offices" entry, the
regional office as its own row, codes in the labels. It also answers whether another office's
change concerns the office chosen (:meth:`OfficeCombo.concerns`, for ``reload_on``).

:class:`MonthOfficeChoice` is the month and office pair of the overview and the dashboard; the
PDS and Perisai pages and the month-close dialog still build their month combo themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services import reports
from bpjs_desktop.services.reports import OfficeRow
from bpjs_desktop.services.workstation import SignedIn
from bpjs_desktop.ui.common.widgets import choose

MONTHS = 24  # the months offered, newest first
REGION = "KANWIL"  # OfficeKind.KANWIL's value, as OfficeRow.kind holds it
INDENT = "    "


def _tree(offices: Iterable[OfficeRow]) -> list[tuple[OfficeRow, int]]:
    """*offices* with their depth: the regional office (0), then each branch (1) followed by its
    KCPs (2), by name; a KCP whose branch is not listed (a KCP's own staff) stands as a branch."""
    rows = sorted(offices, key=lambda o: o.name)
    branches = {o.code for o in rows if o.kind != REGION}
    ordered = [(o, 0) for o in rows if o.kind == REGION]
    for top in rows:
        if top.kind == REGION or top.parent_code in branches:
            continue
        ordered.append((top, 1))
        ordered.extend((o, 2) for o in rows if o.parent_code == top.code and o.kind != REGION)
    return ordered


class OfficeCombo(QComboBox):
    """An office chooser: the item data is the office code (None: the whole scope)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offices: list[OfficeRow] = []
        self._parent: dict[str, str | None] = {}

    def fill(
        self,
        offices: Iterable[OfficeRow],
        *,
        chosen: str | None = None,
        every: bool | str = True,
        region: bool = False,
        codes: bool = False,
    ) -> None:
        """Offer *offices* (without signalling a change).

        *every*: a first entry with no office (data None), "Semua kantor" or the text given: the
        whole scope. *region*: the regional office as a row of its own ("Seluruh …", its code),
        the offices indented under it; otherwise it is left out. *codes*: "GRS · KC Gresik", for
        the forms that register a record in an office. *chosen*: the code of the office chosen
        first (if listed; else the first entry).
        """
        self.offices = list(offices)
        self._parent = {o.code: o.parent_code for o in self.offices}
        self.blockSignals(True)
        if every:
            self.addItem(_("Semua kantor") if every is True else str(every), None)
        for office, depth in _tree(self.offices):
            if office.kind == REGION and not region:
                continue
            name = f"{office.code} · {office.name}" if codes else office.name
            if office.kind == REGION and not codes:
                name = _("Seluruh {name}").format(name=office.name)
            self.addItem(INDENT * (depth - (0 if region else 1)) + name, office.code)
        index = self.findData(chosen) if chosen else -1
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)

    @property
    def office_code(self) -> str | None:
        """The chosen office's code (None: the whole scope, or nothing filled in yet)."""
        return str(self.currentData() or "") or None

    def whole_region(self, code: str) -> bool:
        """Whether *code* is the regional office (which stands for every office)."""
        return any(o.code == code and o.kind == REGION for o in self.offices)

    def concerns(self, changed: str) -> bool:
        """Whether a change in office *changed* may alter what the chosen office shows (for
        ``reload_on(..., concerns=combo.concerns)``). The whole scope or the regional office:
        every office's change does. Otherwise the office itself, its KCPs (a branch's lists and
        figures include them) and its branch (a branch's month close covers its KCPs) do."""
        current = self.office_code
        if current is None or self.whole_region(current):
            return True
        return (
            current in (changed, self._parent.get(changed)) or self._parent.get(current) == changed
        )


def own_office_code(session: SignedIn, offices: Sequence[OfficeRow]) -> str | None:
    """The code of the signed-in user's office among *offices* (None: not listed)."""
    return next((o.code for o in offices if o.name == session.office_name), None)


def office_combo(
    session: SignedIn,
    name: str = "office_combo",
    *,
    chosen: str | None = None,
    every: bool | str = True,
    region: bool = False,
    codes: bool = False,
    every_for_branch: bool = True,
) -> OfficeCombo:
    """A combo box named *name* offering the offices of the user's scope (see
    :meth:`OfficeCombo.fill`); the user's own office is chosen first unless *chosen* names another.
    *every_for_branch* False: a user whose scope is one branch (no regional office in it) gets no
    "every office" entry, only their office and its KCPs (the arrears and PDS pages, whose
    officer lists are the whole region's when no office is chosen)."""
    offices = reports.list_offices(session.db, actor=session.actor)
    if not every_for_branch and not any(o.kind == REGION for o in offices):
        every = False
    combo = OfficeCombo()
    if name:  # a form names its fields itself ("office_edit"): it passes ""
        combo.setObjectName(name)
    chosen = chosen or own_office_code(session, offices)
    combo.fill(offices, chosen=chosen, every=every, region=region, codes=codes)
    return combo


class MonthOfficeChoice:
    """The two combo boxes (object names ``month_combo`` and ``office_combo``) and their labels.

    The month combo's data is the period (``"2018-04"``), the office combo's the office code.
    """

    def __init__(self) -> None:
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        self.office_combo = OfficeCombo()
        self.office_combo.setObjectName("office_combo")
        self.month_label = QLabel(_("&Bulan"))
        self.month_label.setBuddy(self.month_combo)
        self.office_label = QLabel(_("&Kantor"))
        self.office_label.setBuddy(self.office_combo)

    def row(self, *trailing: QWidget) -> QHBoxLayout:
        """The month, then the office (taking the room left), then *trailing* (the page's buttons)."""
        controls = QHBoxLayout()
        controls.addWidget(self.month_label)
        controls.addWidget(self.month_combo)
        controls.addSpacing(12)
        controls.addWidget(self.office_label)
        controls.addWidget(self.office_combo, 1)
        controls.addSpacing(12)
        for widget in trailing:
            controls.addWidget(widget)
        return controls

    def fill(
        self, latest: Period, offices: Iterable[OfficeRow], own_office: str | None = None
    ) -> None:
        """Offer the months up to *latest* and *offices* (the regional office as "Seluruh …",
        branches indented under it, their KCPs further), without signalling a change.
        *own_office*: the name of the user's office, chosen first if it is a branch or KCP (a
        branch's head sees their own office; the region sees the region)."""
        self.month_combo.blockSignals(True)
        for offset in range(MONTHS):
            period = latest.shift(-offset)
            self.month_combo.addItem(period.label(current_language()), str(period))
        self.month_combo.blockSignals(False)
        offices = list(offices)
        own = next((o for o in offices if o.name == own_office and o.kind != REGION), None)
        chosen = own.code if own is not None else None
        self.office_combo.fill(offices, chosen=chosen, every=False, region=True)

    def on_changed(self, slot: Callable[[int], object]) -> None:
        """Call *slot* when the user picks another month or office."""
        self.month_combo.currentIndexChanged.connect(slot)
        self.office_combo.currentIndexChanged.connect(slot)

    @property
    def period(self) -> Period:
        return Period.parse(str(self.month_combo.currentData()))

    @property
    def office_code(self) -> str | None:
        """The chosen office's code (None before the offices are filled in)."""
        return self.office_combo.office_code

    def select(self, period: Period | None = None, office_code: str | None = None) -> None:
        """Choose a month and/or an office, as the user would in the combo boxes."""
        if period is not None:
            choose(self.month_combo, str(period))
        if office_code is not None:
            choose(self.office_combo, office_code)
