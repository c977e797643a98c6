"""The managers' hold-type editor: create, rename, recolour, re-pattern, retire (and bring back)
the installation's hold types (House, Press, Production kill, allocations …)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.house import HOLD_COLOURS, PATTERNS
from boxoffice.gui.context import AppContext
from boxoffice.gui.manager.events.failure import show_failure
from boxoffice.i18n import _
from boxoffice.services.events import house
from boxoffice.services.events.house import HoldTypeInfo


def swatch(colour: str) -> QIcon:
    """A small square of *colour* (the hold type's own, stored as data)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class HoldTypesDialog(QDialog):
    """Hold types as a list (retired ones marked) and a form for the chosen or a new one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("holdTypesDialog")
        self.setWindowTitle(_("Hold types"))
        self.types: list[HoldTypeInfo] = []
        self.list = QListWidget()
        self.list.setObjectName("holdTypeList")
        self.list.setAccessibleName(_("Hold types"))
        self.list.currentRowChanged.connect(self._chosen)
        self.name = QLineEdit()
        self.name.setObjectName("holdTypeName")
        self.name.setMaxLength(40)
        self.colour = QComboBox()
        self.colour.setObjectName("holdTypeColour")
        self.colour.setEditable(True)  # any #rrggbb far from the tier colours
        for colour in HOLD_COLOURS:
            self.colour.addItem(swatch(colour), colour)
        self.pattern = QComboBox()
        self.pattern.setObjectName("holdTypePattern")
        for pattern in PATTERNS:
            self.pattern.addItem(pattern, pattern)
        self.kill = QCheckBox(_("Kill (never sold, never returned by time)"))
        self.allocation = QCheckBox(_("Allocation (for a channel or group)"))
        # A kill is never sold, so it is never an allocation: ticking one clears the other.
        self.kill.toggled.connect(lambda on: self._exclusive(on, self.allocation))
        self.allocation.toggled.connect(lambda on: self._exclusive(on, self.kill))
        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Colour"), self.colour)
        form.addRow(_("Pattern"), self.pattern)
        form.addRow("", self.kill)
        form.addRow("", self.allocation)
        self.new_button = QPushButton(_("New type"))
        self.save_button = QPushButton(_("Save"))
        self.save_button.setDefault(True)
        self.retire_button = QPushButton(_("Retire"))
        self.retire_button.setToolTip(
            _("No longer offered for new holds; seats it keeps stay kept until released")
        )
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(self.toggle_retired)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addLayout(buttons)
        side.addStretch(1)
        side.addWidget(self.status)
        row = QHBoxLayout(self)
        row.addWidget(self.list, 1)
        row.addLayout(side, 2)
        self.resize(640, 360)
        self.reload()

    @staticmethod
    def _exclusive(on: bool, other: QCheckBox) -> None:
        if on:
            other.setChecked(False)

    # -- loading ---------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        self.ctx.services.run(
            house.list_hold_types,
            include_retired=True,
            on_done=lambda found: self._loaded(found, select_id),
            on_error=self._failed,
        )

    def _loaded(self, found: list[HoldTypeInfo], select_id: int | None) -> None:
        self.types = found
        self.list.clear()
        for t in found:
            text = t.name
            if t.kill:
                text += " · " + _("kill")
            if t.allocation:
                text += " · " + _("allocation")
            if t.retired:
                text += " · " + _("retired")
            item = QListWidgetItem(swatch(t.colour), text)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.list.addItem(item)
        rows = [i for i, t in enumerate(found) if t.id == select_id]
        self.list.setCurrentRow(rows[0] if rows else (0 if found else -1))
        if not found:
            self.start_new()

    def current(self) -> HoldTypeInfo | None:
        row = self.list.currentRow()
        return self.types[row] if 0 <= row < len(self.types) else None

    @Slot(int)
    def _chosen(self, row: int) -> None:
        chosen = self.current()
        self.retire_button.setEnabled(chosen is not None)
        if chosen is None:
            return
        self.name.setText(chosen.name)
        index = self.colour.findText(chosen.colour)
        if index < 0:  # a colour typed in once: offer it with its swatch from now on
            self.colour.addItem(swatch(chosen.colour), chosen.colour)
            index = self.colour.count() - 1
        self.colour.setCurrentIndex(index)
        self.pattern.setCurrentIndex(max(self.pattern.findData(chosen.pattern), 0))
        self.kill.setChecked(chosen.kill)
        self.allocation.setChecked(chosen.allocation)
        self.retire_button.setText(_("Offer again") if chosen.retired else _("Retire"))

    # -- changes ---------------------------------------------------------------------------------
    @Slot()
    def start_new(self) -> None:
        self.list.setCurrentRow(-1)
        self.name.clear()
        self.colour.setCurrentIndex(0)
        self.pattern.setCurrentIndex(0)
        self.kill.setChecked(False)
        self.allocation.setChecked(False)
        self.retire_button.setEnabled(False)
        self.name.setFocus()

    @Slot()
    def save(self) -> None:
        chosen = self.current()
        self.ctx.services.run_write(
            house.save_hold_type,
            self.name.text(),
            self.colour.currentText(),
            str(self.pattern.currentData()),
            self.kill.isChecked(),
            type_id=chosen.id if chosen is not None else None,
            allocation=self.allocation.isChecked(),
            on_done=lambda saved: self._done(saved.id, _("Saved {name}.").format(name=saved.name)),
            on_error=self._failed,
        )

    @Slot()
    def toggle_retired(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        retire = not chosen.retired
        text = (
            _("{name} is retired: it is no longer offered for new holds.")
            if retire
            else _("{name} is offered again.")
        ).format(name=chosen.name)
        self.ctx.services.run_write(
            house.retire_hold_type,
            chosen.id,
            retire,
            on_done=lambda _r: self._done(chosen.id, text),
            on_error=self._failed,
        )

    def _done(self, type_id: int, text: str) -> None:
        self.status.setText(text)
        self.reload(type_id)

    def _failed(self, exc: BaseException) -> None:
        show_failure(self.ctx, self.status, exc)
