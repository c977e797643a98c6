"""The stage of a layout: centre x, y, width and depth in seat pitches, with Apply / Revert.

Edits are previewed live (``edited``); Apply asks the tab to save (``apply_requested``). The
stage can also be dragged in the preview: the tab then fills these boxes with the new centre.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.seatmap import Stage
from boxoffice.i18n import _
from boxoffice.services.venues.layouts import STAGE_LIMIT


def _dspin(low: float, high: float, name: str, tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(0.5)
    box.setDecimals(2)
    box.setObjectName(name)
    box.setToolTip(tip)
    box.setMinimumWidth(80)
    box.setKeyboardTracking(False)  # preview when a number is complete, not at each digit
    return box


class StageEditor(QWidget):
    """Signals: ``edited(object)`` the Stage being edited (unsaved), ``apply_requested(object)``
    the Stage to save."""

    edited = Signal(object)
    apply_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        self.saved: Stage | None = None
        self._saved_shown: Stage | None = None  # the saved stage as the boxes round it
        self.pos_x = _dspin(
            -STAGE_LIMIT, STAGE_LIMIT, "stageX", _("Centre of the stage, left–right")
        )
        self.pos_y = _dspin(
            -STAGE_LIMIT, STAGE_LIMIT, "stageY", _("Centre of the stage, front–back")
        )
        # 0 may be typed: saving then explains that a stage needs a size (the service's rule).
        self.width_box = _dspin(
            0.0, 2 * STAGE_LIMIT, "stageWidth", _("Width of the stage, in seats")
        )
        self.depth_box = _dspin(
            0.0, 2 * STAGE_LIMIT, "stageDepth", _("Depth of the stage, in rows")
        )
        self.apply_button = QPushButton(_("Apply"))
        self.apply_button.setObjectName("applyStage")
        self.apply_button.setProperty("role", "primary")
        self.apply_button.setToolTip(_("Save the stage's place and size"))
        self.apply_button.clicked.connect(self.apply)
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.setObjectName("revertStage")
        self.revert_button.clicked.connect(self.revert)
        self.hint = QLabel(_("Or drag the stage in the preview (Move)."))
        self.hint.setObjectName("subtle")

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (caption, first, second, a, b) in enumerate(
            (
                (_("Centre"), "x", "y", self.pos_x, self.pos_y),
                (_("Size"), "width", "depth", self.width_box, self.depth_box),
            )
        ):
            grid.addWidget(QLabel(caption), row, 0)
            grid.addWidget(QLabel(first), row, 1)
            grid.addWidget(a, row, 2)
            grid.addWidget(QLabel(second), row, 3)
            grid.addWidget(b, row, 4)
        grid.setColumnStretch(5, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.apply_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(grid)
        column.addLayout(buttons)

        for box in (self.pos_x, self.pos_y, self.width_box, self.depth_box):
            box.valueChanged.connect(self._changed)
        self._update_buttons()

    def stage(self) -> Stage:
        return Stage(
            self.pos_x.value(), self.pos_y.value(), self.width_box.value(), self.depth_box.value()
        )

    @property
    def dirty(self) -> bool:
        """True when the boxes differ from the saved stage."""
        return self._saved_shown is not None and self.stage() != self._saved_shown

    def set_saved(self, stage: Stage | None) -> None:
        """Show the layout's saved stage (None: no layout)."""
        self.saved = self._saved_shown = None
        self.show_values(stage or Stage(0.0, 0.0, 0.0, 0.0))
        self.saved = stage
        self._saved_shown = self.stage() if stage is not None else None
        self._update_buttons()
        self.setEnabled(stage is not None)

    def rebase(self, saved: Stage) -> None:
        """The saved stage was read again as *saved*; the boxes keep the edit in progress."""
        edit = self.stage()
        self.set_saved(saved)
        self.show_values(edit)

    def show_values(self, stage: Stage) -> None:
        """Fill the boxes without announcing an edit."""
        self._filling = True
        values = (stage.x, stage.y, stage.w, stage.h)
        for box, value in zip(
            (self.pos_x, self.pos_y, self.width_box, self.depth_box), values, strict=True
        ):
            box.setValue(value)
        self._filling = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(self.dirty)
        self.revert_button.setEnabled(self.dirty)

    @Slot()
    def _changed(self, *_: object) -> None:
        self._update_buttons()
        if not self._filling:
            self.edited.emit(self.stage())

    @Slot()
    def apply(self) -> None:
        if self.saved is not None:
            self.apply_requested.emit(self.stage())

    @Slot()
    def revert(self) -> None:
        if self.saved is not None:
            self.show_values(self.saved)
            self.edited.emit(self.saved)
