"""Charts on pyqtgraph for the dashboard: bars and lines whose every bar and point has an exact
tooltip in Indonesian format and a payload that a click hands back (to open the records behind it).

A :class:`ChartFrame` is one chart as the user sees it: a title, a note, one or more
:class:`PlotArea` (a pyqtgraph plot each) and two buttons, *Simpan PNG…* and *Salin*. Hover and
clicks are hit-tested here, in data coordinates for bars and in pixels for points, so tests can
ask :meth:`PlotArea.hit_at_data` for what lies under a point, and read each item's data arrays
(``BarGraphItem.opts["x"]``, ``PlotDataItem.getData()``) to check what was plotted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# isort: off
# pyqtgraph picks PyQt6 before PySide6 when both are installed (stack-notes §5.3): PySide6 first.
from PySide6 import QtCore as _QtCore  # noqa: F401
import pyqtgraph as pg

# isort: on
import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFont, QGuiApplication, QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from bpjs_desktop.domain.money import format_decimal, format_rupiah, group_thousands
from bpjs_desktop.domain.periods import MONTH_NAMES_EN, MONTH_NAMES_ID
from bpjs_desktop.i18n import _, current_language
from bpjs_desktop.ui.common.widgets import ask_save_path

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
RED = "#D55E00"
SKY = "#56B4E9"
PURPLE = "#CC79A7"
YELLOW = "#F0E442"
GREY = "#8C8C8C"
DARK = "#333333"
SERIES_COLOURS = (BLUE, ORANGE, GREEN, PURPLE, SKY, RED, YELLOW, GREY)


def month_short(month: int) -> str:
    """A month's three-letter name in the language in use ("Agu" in Indonesian, "Aug" in
    English): the first three letters of its full name, which holds for both languages."""
    names = MONTH_NAMES_ID if current_language() == "id" else MONTH_NAMES_EN
    return names[month - 1][:3]


POINT_HIT_PIXELS = 10


# --- Indonesian numbers ----------------------------------------------------------------------


def short_number(value: float, unit: str = "count") -> str:
    """An axis label: ``1,5 jt``, ``250 rb``, ``Rp874,6 M``, ``95%``."""
    if unit == "percent":
        return format_decimal(value, 0 if float(value).is_integer() else 1) + "%"
    prefix = "Rp" if unit == "rupiah" else ""
    sign = "-" if value < 0 else ""
    v = abs(value)
    for limit, suffix in ((1e12, "T"), (1e9, "M"), (1e6, "jt"), (1e4, "rb")):
        if v >= limit:
            scaled = v / (1e3 if limit == 1e4 else limit)  # "rb" counts thousands from 10 000
            decimals = 0 if scaled >= 100 or float(scaled).is_integer() else 1
            return f"{sign}{prefix}{format_decimal(scaled, decimals)} {suffix}"
    if float(v).is_integer():
        return f"{sign}{prefix}{group_thousands(int(v))}"
    return f"{sign}{prefix}{format_decimal(v, 1)}"


def exact(value: float | int | None, unit: str = "count") -> str:
    """A tooltip's exact figure: ``Rp1.234.567``, ``1.234``, ``95,3%``."""
    if value is None:
        return "–"
    if unit == "rupiah":
        return format_rupiah(round(value))
    if unit == "percent":
        return format_decimal(float(value), 1) + "%"
    if float(value).is_integer():
        return group_thousands(int(value))
    return format_decimal(float(value), 1)


def axis_labels(values: Sequence[float], unit: str = "count") -> list[str]:
    """Labels for one axis in one unit, chosen by its largest value (``8.000 … 10.500`` stays in
    full; ``1,5 jt … 2 jt`` in juta), with as few decimals as keep them apart."""
    if unit == "percent" or not values:
        return [short_number(v, unit) for v in values]
    largest = max(abs(v) for v in values)
    prefix = "Rp" if unit == "rupiah" else ""
    divisor, suffix = next(
        ((d, s) for d, s in ((1e12, " T"), (1e9, " M"), (1e6, " jt")) if largest >= d), (1.0, "")
    )
    for decimals in (0, 1, 2):
        scaled = [v / divisor for v in values]
        if all(abs(x * 10**decimals - round(x * 10**decimals)) < 1e-6 for x in scaled):
            break
    labels = []
    for x in scaled:
        if x == 0:
            labels.append("0")
            continue
        sign = "-" if x < 0 else ""
        number = (
            group_thousands(round(abs(x))) if decimals == 0 else format_decimal(abs(x), decimals)
        )
        labels.append(f"{sign}{prefix}{number}{suffix}")
    return labels


class NumberAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """A value axis labelled in Indonesian, every label in the same unit (no SI prefixes)."""

    def __init__(self, orientation: str, unit: str = "count", **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.unit = unit
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return axis_labels([v * scale for v in values], self.unit)


class MonthAxis(pg.AxisItem):  # type: ignore[misc]
    """Months 1–12 as Jan … Des; nothing between them."""

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        first, last = max(1, int(np.ceil(minVal))), min(12, int(np.floor(maxVal)))
        return [(1.0, [float(m) for m in range(first, last + 1)])]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [month_short(round(v)) if 1 <= round(v) <= 12 else "" for v in values]


class LabelAxis(pg.AxisItem):  # type: ignore[misc]
    """Category labels at integer positions (the office names of a ranking)."""

    def __init__(self, orientation: str, **kwargs: Any) -> None:
        super().__init__(orientation, **kwargs)
        self.labels: list[str] = []

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        self.picture = None
        self.update()

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        return [
            (1.0, [float(i) for i in range(len(self.labels)) if minVal - 0.5 <= i <= maxVal + 0.5])
        ]

    def tickStrings(self, values: Sequence[float], scale: float, spacing: float) -> list[str]:
        return [self.labels[round(v)] if 0 <= round(v) < len(self.labels) else "" for v in values]


# --- hits ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """Something under the mouse: a bar (a rectangle in data coordinates) or a point."""

    series: str
    tooltip: str
    payload: Any
    rect: QRectF | None = None
    point: tuple[float, float] | None = None


class PlotArea:
    """One pyqtgraph plot of a chart, with the bars and lines drawn on it and their hit areas."""

    def __init__(self, plot: pg.PlotItem, *, y_unit: str = "count", months: bool = True) -> None:
        self.plot = plot
        self.y_unit = y_unit
        self.items: dict[str, Any] = {}
        self.hits: list[Hit] = []
        self.legend = plot.addLegend(offset=(10, 2), labelTextColor=DARK, labelTextSize="9pt")
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 220))
        plot.showGrid(x=False, y=True, alpha=0.25)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        self.months = months

    def clear(self) -> None:
        self.plot.clear()
        self.legend.clear()
        self.items.clear()
        self.hits.clear()

    def set_title(self, text: str) -> None:
        self.plot.setTitle(text, color=DARK, size="10pt")

    def bars(
        self,
        name: str,
        xs: Sequence[float],
        heights: Sequence[float],
        *,
        width: float = 0.8,
        colour: str | Sequence[str] = BLUE,
        y0: Sequence[float] | None = None,
        tooltips: Sequence[str] | None = None,
        payloads: Sequence[Any] | None = None,
        horizontal: bool = False,
        legend: str | None = None,
    ) -> pg.BarGraphItem:
        """Vertical bars centred on *xs* (or, *horizontal*, bars along x centred on *xs* as y)."""
        xs_ = np.asarray(xs, dtype=float)
        hs = np.asarray(heights, dtype=float)
        base = np.zeros(len(xs_)) if y0 is None else np.asarray(y0, dtype=float)
        colours = [colour] * len(xs_) if isinstance(colour, str) else list(colour)
        brushes = [pg.mkBrush(c) for c in colours]
        main = colour if isinstance(colour, str) else (colours[0] if colours else BLUE)
        common = {"pen": pg.mkPen("w", width=0.5), "brush": pg.mkBrush(main), "brushes": brushes}
        if legend:
            common["name"] = legend
        if horizontal:
            item = pg.BarGraphItem(y=xs_, x0=base, width=hs, height=width, **common)
        else:
            item = pg.BarGraphItem(x=xs_, y0=base, height=hs, width=width, **common)
        self.plot.addItem(item)
        self.items[name] = item
        for i, (x, h, b) in enumerate(zip(xs_, hs, base, strict=True)):
            low, high = (b, b + h) if h >= 0 else (b + h, b)
            if horizontal:
                rect = QRectF(low, x - width / 2, high - low, width)
            else:
                rect = QRectF(x - width / 2, low, width, high - low)
            self.hits.append(
                Hit(
                    name,
                    tooltips[i] if tooltips else "",
                    payloads[i] if payloads else None,
                    rect=rect,
                )
            )
        return item

    def line(
        self,
        name: str,
        xs: Sequence[float],
        ys: Sequence[float | None],
        *,
        colour: str = BLUE,
        dashed: bool = False,
        width: float = 2.5,
        symbol: str | None = "o",
        tooltips: Sequence[str] | None = None,
        payloads: Sequence[Any] | None = None,
        legend: str | None = None,
    ) -> pg.PlotDataItem:
        ys_ = np.array([np.nan if y is None else float(y) for y in ys], dtype=float)
        pen = pg.mkPen(
            colour, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
        )
        item = pg.PlotDataItem(
            np.asarray(xs, dtype=float), ys_, pen=pen, symbol=symbol, symbolSize=7,
            symbolBrush=pg.mkBrush(colour), symbolPen=pg.mkPen("w"), name=legend, connect="finite",
        )  # fmt: skip
        self.plot.addItem(item)
        self.items[name] = item
        if tooltips or payloads:
            for i, (x, y) in enumerate(zip(xs, ys_, strict=True)):
                if not np.isnan(y):
                    self.hits.append(
                        Hit(name, tooltips[i] if tooltips else "", payloads[i] if payloads else None,
                            point=(float(x), float(y)))
                    )  # fmt: skip
        return item

    def hline(
        self, name: str, y: float, colour: str = GREY, label: str | None = None
    ) -> pg.InfiniteLine:
        """A dashed level across the plot (a target), labelled at its right end."""
        return self._dashed_line(name, y, 0, colour, label, 0.98, (1, 1))

    def vline(
        self, name: str, x: float, colour: str = GREY, label: str | None = None
    ) -> pg.InfiniteLine:
        """A dashed line up the plot (a month), labelled near its foot."""
        return self._dashed_line(name, x, 90, colour, label, 0.04, (0, 1))

    def _dashed_line(
        self,
        name: str,
        pos: float,
        angle: int,
        colour: str,
        label: str | None,
        label_at: float,
        anchor: tuple[int, int],
    ) -> pg.InfiniteLine:
        item = pg.InfiniteLine(
            pos=pos, angle=angle, pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine),
            label=label, labelOpts={"position": label_at, "color": colour, "anchors": [anchor, anchor]},
        )  # fmt: skip
        self.plot.addItem(item)
        self.items[name] = item
        return item

    def text(
        self,
        name: str,
        x: float,
        y: float,
        text: str,
        colour: str = DARK,
        anchor: tuple[float, float] = (0, 0.5),
    ) -> pg.TextItem:
        item = pg.TextItem(text, color=colour, anchor=anchor)
        font = QFont()
        font.setPointSizeF(9)
        item.setFont(font)
        item.setPos(x, y)
        self.plot.addItem(item)
        self.items[name] = item
        return item

    def legend_entry(self, text: str, colour: str) -> None:
        """A legend entry without data (for bars coloured one by one)."""
        sample = pg.BarGraphItem(
            x=[0], height=[0], width=0, brush=pg.mkBrush(colour), pen=pg.mkPen(colour)
        )
        self.legend.addItem(sample, text)

    # --- hit testing --------------------------------------------------------------------------
    def hit_at_data(self, x: float, y: float) -> Hit | None:
        """The bar containing the data point (x, y), else the nearest point within a few pixels."""
        view = self.plot.getViewBox()
        scene_pos = view.mapViewToScene(QPointF(x, y))
        return self.hit_at_scene(scene_pos)

    def hit_at_scene(self, scene_pos: QPointF) -> Hit | None:
        view = self.plot.getViewBox()
        if not view.sceneBoundingRect().contains(scene_pos):
            return None
        data = view.mapSceneToView(scene_pos)
        best: tuple[float, Hit] | None = None
        for hit in self.hits:
            if hit.point is not None:
                where = view.mapViewToScene(QPointF(*hit.point))
                distance = (
                    (where.x() - scene_pos.x()) ** 2 + (where.y() - scene_pos.y()) ** 2
                ) ** 0.5
                if distance <= POINT_HIT_PIXELS and (best is None or distance < best[0]):
                    best = (distance, hit)
        if best is not None:
            return best[1]
        for hit in reversed(self.hits):
            if hit.rect is not None:
                r = hit.rect
                # A bar too thin to see is still hit within two pixels of its base.
                top_left = view.mapViewToScene(QPointF(r.left(), r.bottom()))
                bottom_right = view.mapViewToScene(QPointF(r.right(), r.top()))
                pixel_rect = QRectF(top_left, bottom_right).normalized().adjusted(-1, -2, 1, 2)
                if pixel_rect.contains(scene_pos) or r.contains(data):
                    return hit
        return None


# --- the chart frame -----------------------------------------------------------------------------


class ChartFrame(QWidget):
    """A chart with its title, note and buttons to save it as PNG or copy it.

    Signals:
        item_clicked(object): the payload of the bar or point clicked.
        saved(object): the path of a PNG just written.
    """

    item_clicked = Signal(object)
    saved = Signal(object)

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.title_label = QLabel(title)
        self.title_label.setObjectName(f"{object_name}_title")
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.note_label = QLabel("")
        self.note_label.setObjectName(f"{object_name}_note")
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.AutoText)
        self.note_label.setStyleSheet("color: #555555;")
        self.save_button = QPushButton(_("Simpan PNG…"))
        self.save_button.setObjectName("save_png_button")
        self.save_button.setToolTip(_("Simpan grafik ini sebagai gambar PNG"))
        self.copy_button = QPushButton(_("Salin"))
        self.copy_button.setObjectName("copy_button")
        self.copy_button.setToolTip(_("Salin grafik ini ke papan klip, untuk ditempel di dokumen"))
        self.save_button.clicked.connect(self._on_save_clicked)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName(f"{object_name}_graphics")
        self.graphics.setBackground("w")
        self.graphics.setMinimumHeight(260)
        self.graphics.ci.setContentsMargins(6, 6, 12, 6)
        self.areas: list[PlotArea] = []
        self._last_tip: Hit | None = None

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.copy_button)
        header.addWidget(self.save_button)
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(header)
        content.addWidget(self.note_label)
        content.addWidget(self.graphics, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.content)
        scene = self.graphics.scene()
        scene.sigMouseMoved.connect(self._on_scene_mouse_moved)
        scene.sigMouseClicked.connect(self._on_scene_mouse_clicked)

    def add_area(
        self,
        row: int = 0,
        col: int = 0,
        *,
        y_unit: str = "count",
        months: bool = True,
        horizontal_labels: bool = False,
        left_width: int = 62,
    ) -> PlotArea:
        axes: dict[str, pg.AxisItem] = {}
        if horizontal_labels:
            axes["left"] = LabelAxis("left")
            axes["bottom"] = NumberAxis("bottom", y_unit)
        else:
            axes["left"] = NumberAxis("left", y_unit)
            axes["bottom"] = MonthAxis("bottom") if months else pg.AxisItem("bottom")
        plot = self.graphics.addPlot(row=row, col=col, axisItems=axes)
        tick_font = QFont()
        tick_font.setPointSizeF(9)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen("#999999"))
            axis.setTextPen(pg.mkPen(DARK))
            axis.setStyle(tickFont=tick_font)
        # WORKAROUND: stack-notes gotcha 9 — labels wider than the axis's first width are dropped
        # if the chart is grabbed before a relayout; give the value axis its room from the start.
        plot.getAxis("left").setWidth(left_width)
        area = PlotArea(plot, y_unit=y_unit, months=months)
        self.areas.append(area)
        return area

    def set_note(self, text: str) -> None:
        self.note_label.setText(text)
        self.note_label.setVisible(bool(text))

    # --- mouse -----------------------------------------------------------------------------------
    def hit_at_scene(self, scene_pos: QPointF) -> Hit | None:
        for area in self.areas:
            hit = area.hit_at_scene(scene_pos)
            if hit is not None:
                return hit
        return None

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        hit = self.hit_at_scene(scene_pos)
        if hit is None or not hit.tooltip:
            if self._last_tip is not None:
                QToolTip.hideText()
                self._last_tip = None
            self.graphics.unsetCursor()
            return
        self._last_tip = hit
        QToolTip.showText(QCursor.pos(), hit.tooltip, self.graphics)
        if hit.payload is not None:
            self.graphics.setCursor(Qt.CursorShape.PointingHandCursor)

    def _on_scene_mouse_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        hit = self.hit_at_scene(event.scenePos())
        if hit is not None and hit.payload is not None:
            self.item_clicked.emit(hit.payload)

    def click(self, hit: Hit) -> None:
        """Act as a click on *hit* (the keyboard and tests use it)."""
        if hit.payload is not None:
            self.item_clicked.emit(hit.payload)

    # --- saving ----------------------------------------------------------------------------------
    def image(self) -> QImage:
        """The chart as shown (title, note and plots), as an image."""
        return self.content.grab().toImage()

    def save_png(self, path: Path) -> Path:
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        if not self.image().save(str(path)):  # PNG, from the suffix
            from bpjs_desktop.errors import KnownError

            raise KnownError(_("Gambar tidak dapat disimpan di {path}").format(path=path))
        self.saved.emit(path)
        return path

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setImage(self.image())

    def _on_save_clicked(self) -> None:
        path = ask_save_path(
            self,
            _("Simpan grafik"),
            f"{self.objectName()}.png",
            _("Gambar PNG (*.png)"),
            folder_key="chart_folder",
        )
        if path is None:
            return
        try:
            self.save_png(path)
        except Exception as exc:  # a known error of the disk: tell the user
            from bpjs_desktop.ui.common.widgets import show_error

            show_error(self, exc)


def colour_with_alpha(colour: str, alpha: int) -> QColor:
    c = QColor(colour)
    c.setAlpha(alpha)
    return c


Formatter = Callable[[float], str]
