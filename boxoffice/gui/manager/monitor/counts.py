"""Sold / held / available at a glance: three figures and a stacked capacity bar."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from boxoffice.gui.theme import colour, hex_of, points
from boxoffice.gui.widgets.flow_layout import FlowLayout
from boxoffice.services.sales.monitor import SeatCounts

# Theme colour roles (resources/*.colours.toml) of each share.
SOLD = "monitor_sold"
HELD = "monitor_held"
AVAILABLE = "monitor_available"
BLOCKED = "monitor_blocked"
TRACK = "monitor_track"


class CapacityBar(QWidget):
    """A thin bar split into sold, held and blocked shares of the capacity."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: SeatCounts | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(8)

    def sizeHint(self) -> QSize:
        return QSize(200, 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, 8)

    def set_counts(self, counts: SeatCounts) -> None:
        self.counts = counts
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour(TRACK))
        painter.drawRoundedRect(rect, 4, 4)
        counts = self.counts
        if counts is None or counts.capacity <= 0:
            return
        x = rect.left()
        shares = (
            (counts.sold, SOLD),
            (counts.held, HELD),
            (counts.blocked + counts.house_total, BLOCKED),  # not for sale now, either way
        )
        for value, role in shares:
            width = rect.width() * value / counts.capacity
            if width > 0:
                painter.setBrush(colour(role))
                painter.drawRect(QRectF(x, rect.top(), width, rect.height()))
                x += width
        painter.end()


class CountsStrip(QWidget):
    """``Sold 120 (59 %) · Held 4 · Available 80`` and the bar under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sold = QLabel()
        self.held = QLabel()
        self.available = QLabel()
        self.house = QLabel()  # named holds: "House 16 · Press 6 · Production kill 4"
        for label, name in (
            (self.sold, "countSold"),
            (self.held, "countHeld"),
            (self.available, "countAvailable"),
            (self.house, "countHouse"),
        ):
            label.setObjectName(name)
            label.setTextFormat(Qt.TextFormat.RichText)
        self.bar = CapacityBar()
        row = FlowLayout(spacing=18)  # wraps in a narrow panel (four events on a small screen)
        row.addWidget(self.sold)
        row.addWidget(self.held)
        row.addWidget(self.available)
        row.addWidget(self.house)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(row)
        column.addWidget(self.bar)

    @staticmethod
    def _figure(role: str, caption: str, value: int, note: str = "") -> str:
        extra = f" <span style='color:{hex_of('subtle')}'>{note}</span>" if note else ""
        return (
            f"<span style='color:{hex_of(role)};font-size:{points(13)}pt'>●</span> {caption} "
            f"<b style='font-size:{points(12)}pt'>{value:,}</b>{extra}"
        )

    def set_counts(self, counts: SeatCounts) -> None:
        share = f"({100 * counts.sold / counts.capacity:.0f} %)" if counts.capacity else ""
        self.sold.setText(self._figure(SOLD, "Sold", counts.sold, share))
        self.held.setText(self._figure(HELD, "Held", counts.held))
        self.available.setText(self._figure(AVAILABLE, "Available", counts.available))
        kept = " · ".join(f"{name} <b>{n:,}</b>" for name, n in counts.house if n)
        self.house.setText(f"Named holds: {kept}" if kept else "")
        self.house.setVisible(bool(kept))
        self.bar.set_counts(counts)

    def numbers(self) -> tuple[int, int, int]:
        """(sold, held, available) as shown (tests)."""
        counts = self.bar.counts
        return (counts.sold, counts.held, counts.available) if counts else (0, 0, 0)
