"""SeatLegend: the key beside a seat map — tiers with price and seats left, then the states.

Swatches are drawn by the same code as the map's seats, so the key always matches.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from boxoffice.domain.money import format_money
from boxoffice.domain.seatmap import HoldLook, TierInfo
from boxoffice.gui.seatmap.palette import (
    AVAILABLE,
    BLOCKED,
    HELD_MINE,
    HELD_OTHER,
    HOUSE,
    NO_TIER,
    SOLD,
    STATE_TITLES,
    SeatLook,
)
from boxoffice.gui.seatmap.sprites import swatch
from boxoffice.gui.seatmap.view import SeatMapView
from boxoffice.gui.theme import hex_of
from boxoffice.gui.widgets.flow_layout import FlowLayout
from boxoffice.i18n import _
from boxoffice.i18n.formats import number_text

SWATCH_PX = 20


def _plain(text: str) -> str:
    """The legend's rich text as plain words (for screen readers and tests)."""
    plain = re.sub(r"<br\s*/?>", " · ", text)
    return " ".join(re.sub(r"<[^>]+>", "", plain).replace("&nbsp;", " ").split())


def state_entries(fill: str = NO_TIER) -> list[tuple[SeatLook, str]]:
    """(look, title) of every state and mark the map can show."""
    return [
        (SeatLook(AVAILABLE, fill, selected=True), _("Selected")),
        (SeatLook(HELD_MINE, ""), _(STATE_TITLES[HELD_MINE])),
        (SeatLook(HELD_OTHER, ""), _(STATE_TITLES[HELD_OTHER])),
        (SeatLook(SOLD, ""), _(STATE_TITLES[SOLD])),
        (SeatLook(BLOCKED, ""), _(STATE_TITLES[BLOCKED])),
        (SeatLook(AVAILABLE, fill, accessible=True), _("Wheelchair space")),
        (SeatLook(AVAILABLE, fill, restricted=True), _("Restricted view")),
    ]


class SeatLegend(QWidget):
    """Tiers (colour, name, price, seats left) and the state colours of a seat map.

    Give it a :class:`SeatMapView` (constructor or :meth:`set_view`) and it follows that
    view's map and counts; or feed it with :meth:`set_tiers`. ``horizontal=True`` lays the
    entries out in rows that wrap for a strip under the map (it never widens its panel).
    """

    def __init__(
        self,
        view: SeatMapView | None = None,
        parent: QWidget | None = None,
        horizontal: bool = False,
    ) -> None:
        super().__init__(parent)
        self._horizontal = horizontal
        self._view: SeatMapView | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self._tiers_box: QGridLayout | FlowLayout
        self._states_box: QGridLayout | FlowLayout
        if horizontal:  # one flow: tiers, then states, wrapping as the width allows
            self._states_box = FlowLayout(spacing=12)
            self._tiers_box = self._states_box
        else:
            self._tiers_box = QGridLayout()
            self._tiers_box.setHorizontalSpacing(8)
            self._states_box = QGridLayout()
            self._states_box.setHorizontalSpacing(8)
        if self._tiers_box is not self._states_box:
            outer.addLayout(self._tiers_box)
            outer.addSpacing(6)
        outer.addLayout(self._states_box)
        outer.addStretch(1)
        self._fill_states()
        self.set_tiers(())
        if view is not None:
            self.set_view(view)

    def set_view(self, view: SeatMapView) -> None:
        """Follow *view*: refresh whenever its seats change."""
        if self._view is not None:
            self._view.states_changed.disconnect(self.refresh)
        self._view = view
        view.states_changed.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self._view is not None:
            self.set_tiers(
                self._view.tiers(), self._view.available_by_tier(), self._view.house_counts()
            )

    def set_tiers(
        self,
        tiers: tuple[TierInfo, ...] | list[TierInfo],
        available: dict[int, int] | None = None,
        holds: list[tuple[HoldLook, int]] | None = None,
    ) -> None:
        """Show these tiers, best first; *available* adds 'n left' per tier id; *holds* the named
        hold types placed on the map with the seats each keeps back."""
        if isinstance(self._tiers_box, FlowLayout):
            self._clear_flow_tiers()
        else:
            self._clear(self._tiers_box)
        ordered = sorted(tiers, key=lambda t: (t.sort_order, t.price))
        for n, tier in enumerate(ordered):
            text = _("<b>{name}</b>&nbsp;&nbsp;{amount}").format(
                name=tier.name, amount=format_money(tier.price)
            )
            left = tier.ga_available if tier.ga_capacity else (available or {}).get(tier.id)
            if left is not None:
                text += _("<br><span style='color:{colour}'>{left} left</span>").format(
                    colour=hex_of("subtle"), left=number_text(left)
                )
            self._add(self._tiers_box, n, SeatLook(AVAILABLE, tier.colour), text, tier=True)
        for m, (hold, count) in enumerate(holds or (), start=len(ordered)):
            kept = (_("{count} killed") if hold.kill else _("{count} held")).format(
                count=number_text(count)
            )
            note = _("<span style='color:{colour}'>{kept}</span>").format(
                colour=hex_of("subtle"), kept=kept
            )
            text = _("<b>{name}</b><br>{note}").format(name=hold.name, note=note)
            look = SeatLook(HOUSE, hold.colour, pattern=hold.pattern)
            self._add(self._tiers_box, m, look, text, tier=True)
        if not self._horizontal:
            # A scroll area gives its content the viewport's height, not what the entries
            # need: held to its minimum, the column scrolls instead of piling its swatches up.
            layout = self.layout()
            if layout is not None:
                self.setMinimumHeight(layout.totalMinimumSize().height())

    def texts(self) -> list[str]:
        """Plain text of every entry, in order (for tests and accessibility checks)."""
        found = []
        for box in (self._tiers_box, self._states_box):
            for i in range(box.count()):
                item = box.itemAt(i)
                widget = item.widget() if item is not None else None
                labels = widget.findChildren(QLabel) if widget is not None else []
                if isinstance(widget, QLabel):
                    labels = [widget]
                found += [w.accessibleName() or w.text() for w in labels if w.text()]
        return found

    def _fill_states(self) -> None:
        for n, (look, title) in enumerate(state_entries()):
            self._add(self._states_box, n, look, title)

    def _add(
        self, box: QGridLayout | FlowLayout, n: int, look: SeatLook, text: str, tier: bool = False
    ) -> None:
        icon = QLabel()
        icon.setPixmap(swatch(look, SWATCH_PX))
        icon.setFixedSize(SWATCH_PX + 2, SWATCH_PX + 2)
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAccessibleName(_plain(text))
        if isinstance(box, FlowLayout):
            entry = QWidget()
            entry.setProperty("tier_entry", tier)
            pair = QHBoxLayout(entry)
            pair.setContentsMargins(0, 0, 0, 0)
            pair.setSpacing(4)
            pair.addWidget(icon)
            pair.addWidget(label)
            box.addWidget(entry)
            if tier:  # tiers before the states
                box.move_last_to(self._flow_tier_count() - 1)
            return
        box.addWidget(icon, n, 0, Qt.AlignmentFlag.AlignTop)
        box.addWidget(label, n, 1)
        box.setColumnStretch(box.columnCount(), 1)

    def _flow_tier_count(self) -> int:
        box = self._tiers_box
        return sum(
            1
            for i in range(box.count())
            if (item := box.itemAt(i)) is not None
            and (w := item.widget()) is not None
            and w.property("tier_entry")
        )

    def _clear_flow_tiers(self) -> None:
        box = self._tiers_box
        for _entry in range(self._flow_tier_count()):
            item = box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    @staticmethod
    def _clear(box: QLayout) -> None:
        while box.count():
            item = box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
