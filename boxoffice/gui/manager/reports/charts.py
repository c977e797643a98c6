"""pyqtgraph charts of the sales report: revenue per day, per tier and per payment method.

Money stays Decimal in the report; only the bar heights handed to pyqtgraph are floats (pixels).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from boxoffice.gui.theme import hex_of, points
from boxoffice.services.reports.sales import DayRow, MethodRow, TierRow

# The theme's chart roles, read when this module is first imported.
INK = hex_of("chart_ink")
AXIS = hex_of("chart_axis")
GROSS = hex_of("chart_gross")
CANCELLED = hex_of("chart_cancelled")
NET = hex_of("chart_net")
PAID = hex_of("chart_paid")


class LabelAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """An axis whose ticks are the given labels at 0, 1, 2, … (thinned to fit)."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.labels: list[str] = []

    def set_labels(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        if self.orientation in ("left", "right"):
            # Room for the longest name; pyqtgraph would only widen the axis after a repaint.
            metrics = QFontMetrics(self.style["tickFont"] or QFont())
            widest = max((metrics.horizontalAdvance(t) for t in self.labels), default=20)
            self.setWidth(widest + 14)
        self.picture = None  # pyqtgraph caches the drawn axis
        self.update()

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        if not self.labels:
            return []
        vertical = self.orientation in ("left", "right")
        per_label = 22 if vertical else 64  # pixels a label needs
        step = max(1, int(np.ceil(len(self.labels) * per_label / max(size, 1.0))))
        low, high = sorted((minVal, maxVal))  # an inverted view hands them over reversed
        first = max(0, int(np.ceil(low)))
        last = min(len(self.labels) - 1, int(np.floor(high)))
        return [(float(step), [float(i) for i in range(first, last + 1) if i % step == 0])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            i = round(v)
            out.append(self.labels[i] if 0 <= i < len(self.labels) else "")
        return out


class MoneyAxis(pg.AxisItem):  # type: ignore[misc]
    """Amounts as €1.2k / €35 on the value axis."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            a = abs(v)
            sign = "-" if v < 0 else ""
            if a >= 1_000_000:
                out.append(f"{sign}€{a / 1_000_000:.1f}M")
            elif a >= 1000:
                out.append(f"{sign}€{a / 1000:.0f}k" if a >= 10_000 else f"{sign}€{a / 1000:.1f}k")
            else:
                out.append(f"{sign}€{a:.0f}")
        return out


def _plot(
    title: str, bottom: pg.AxisItem, left: pg.AxisItem, parent: QWidget | None
) -> pg.PlotWidget:
    widget = pg.PlotWidget(
        parent=parent, background="w", axisItems={"bottom": bottom, "left": left}
    )
    widget.setAccessibleName(title)
    item = widget.getPlotItem()
    style = f"color:{INK};font-size:{points(10)}pt;font-weight:600"
    item.setTitle(f"<span style='{style}'>{title}</span>")
    item.showGrid(x=False, y=True, alpha=0.15)
    item.setMenuEnabled(False)
    item.hideButtons()
    font = QFont()
    font.setPointSizeF(points(8.5))
    for name in ("bottom", "left"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(AXIS))
        axis.setTextPen(pg.mkPen(INK))
        axis.setStyle(tickFont=font)
    if isinstance(left, MoneyAxis):
        left.setWidth(58)
    widget.setMouseEnabled(x=False, y=False)
    widget.setMinimumHeight(180)
    return widget


def _floats(values: Sequence[Any]) -> np.ndarray:
    return np.array([float(v) for v in values], dtype=float)


class DailyChart(QWidget):
    """Gross sales (bars up), cancellations (bars down) and net revenue (line) per day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days_axis = LabelAxis("bottom")
        self.plot = _plot("Revenue per day", self.days_axis, MoneyAxis("left"), self)
        self.legend = self.plot.getPlotItem().addLegend(
            offset=(8, 2), labelTextColor=INK, colCount=3, brush=pg.mkBrush(255, 255, 255, 230)
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.days: list[date] = []

    def show_days(self, days: Sequence[DayRow]) -> None:
        item = self.plot.getPlotItem()
        item.clear()
        self.legend.clear()
        self.days = [d.day for d in days]
        fmt = "%-d %b" if len(days) <= 92 else "%b %Y"
        self.days_axis.set_labels([d.day.strftime(fmt) for d in days])
        if not days:
            return
        x = np.arange(len(days), dtype=float)
        width = 0.8 if len(days) <= 60 else 1.0
        gross = pg.BarGraphItem(
            x=x, height=_floats([d.gross for d in days]), width=width, brush=GROSS, pen=None
        )
        cancelled = pg.BarGraphItem(
            x=x,
            height=-_floats([d.cancelled for d in days]),
            width=width,
            brush=CANCELLED,
            pen=None,
        )
        item.addItem(gross)
        item.addItem(cancelled)
        symbol = "o" if len(days) <= 45 else None
        net = item.plot(
            x,
            _floats([d.net for d in days]),
            pen=pg.mkPen(NET, width=2),
            symbol=symbol,
            symbolSize=5,
            symbolBrush=NET,
            symbolPen=None,
        )
        self.legend.addItem(gross, "Sold")
        self.legend.addItem(cancelled, "Cancelled")
        self.legend.addItem(net, "Net")
        item.setXRange(-0.7, len(days) - 0.3, padding=0)
        top = max([1.0, *(float(d.gross) for d in days), *(float(d.net) for d in days)])
        bottom = min([0.0, *(-float(d.cancelled) for d in days), *(float(d.net) for d in days)])
        item.setYRange(bottom * 1.1, top * 1.2, padding=0)  # headroom for the legend

    def bar_heights(self) -> list[float]:
        """The gross bars as drawn (tests)."""
        for entry in self.plot.getPlotItem().items:
            if isinstance(entry, pg.BarGraphItem):
                return [float(h) for h in entry.opts["height"]]
        return []


class CategoryChart(QWidget):
    """Horizontal bars, one per category (tiers, payment methods), with their own colours."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names_axis = LabelAxis("left")
        self.plot = _plot(title, MoneyAxis("bottom"), self.names_axis, self)
        self.plot.getPlotItem().showGrid(x=True, y=False, alpha=0.15)
        self.plot.getPlotItem().getViewBox().invertY(True)  # first category on top
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.values: list[float] = []

    def show_bars(
        self,
        names: Sequence[str],
        values: Sequence[Any],
        colours: Sequence[str],
        negatives: Sequence[Any] = (),
    ) -> None:
        """One bar per name; optional *negatives* (refunds) drawn leftwards in red."""
        item = self.plot.getPlotItem()
        item.clear()
        self.names_axis.set_labels(names)
        self.values = [float(v) for v in values]
        if not names:
            return
        y = np.arange(len(names), dtype=float)
        brushes = [pg.mkBrush(QColor(c)) for c in colours]
        item.addItem(
            pg.BarGraphItem(x0=0, y=y, width=_floats(values), height=0.6, brushes=brushes, pen=None)
        )
        if negatives:
            item.addItem(
                pg.BarGraphItem(
                    x0=0, y=y, width=-_floats(negatives), height=0.6, brush=CANCELLED, pen=None
                )
            )
        for i, v in enumerate(values):
            label = pg.TextItem(f"€{float(v):,.0f}", color=INK, anchor=(0, 0.5))
            label.setPos(max(float(v), 0.0), float(i))
            item.addItem(label)
        item.setYRange(-0.6, len(names) - 0.4, padding=0)
        low = min([0.0, *(-float(n) for n in negatives)])
        item.setXRange(low * 1.05, max([1.0, *self.values]) * 1.45, padding=0)


def tier_chart_data(tiers: Sequence[TierRow]) -> tuple[list[str], list[Any], list[str]]:
    return [t.name for t in tiers], [t.net for t in tiers], [t.colour for t in tiers]


def method_chart_data(methods: Sequence[MethodRow]) -> tuple[list[str], list[Any], list[Any]]:
    return [m.label for m in methods], [m.paid for m in methods], [m.refunded for m in methods]
