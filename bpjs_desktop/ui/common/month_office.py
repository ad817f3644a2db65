"""The month and office choosers above a report: a month of the last two years and an office of
the user's scope, each behind a label whose mnemonic reaches it.

The overview and the dashboard use it; the PDS and Perisai pages and the month-close dialog
still build the same pair themselves and can move to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from bpjs_desktop.domain.periods import Period
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.services.reports import OfficeRow
from bpjs_desktop.ui.common.widgets import choose

MONTHS = 24  # the months offered, newest first


class MonthOfficeChoice:
    """The two combo boxes (object names ``month_combo`` and ``office_combo``) and their labels.

    The month combo's data is the period (``"2018-04"``), the office combo's the office code.
    """

    def __init__(self) -> None:
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        self.office_combo = QComboBox()
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
        self.office_combo.blockSignals(True)
        for office in offices:
            if office.kind == "KANWIL":
                label = _("Seluruh {name}").format(name=office.name)
            else:
                label = ("    " if office.kind == "KC" else "        ") + office.name
            self.office_combo.addItem(label, office.code)
            if office.kind != "KANWIL" and office.name == own_office:
                self.office_combo.setCurrentIndex(self.office_combo.count() - 1)
        self.office_combo.blockSignals(False)

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
        return str(self.office_combo.currentData() or "") or None

    def select(self, period: Period | None = None, office_code: str | None = None) -> None:
        """Choose a month and/or an office, as the user would in the combo boxes."""
        if period is not None:
            choose(self.month_combo, str(period))
        if office_code is not None:
            choose(self.office_combo, office_code)
