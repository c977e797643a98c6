"""The door strip above the scan field: gate, in/out, online or offline, and (for managers)
the live counts per gate."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from boxoffice.gui.theme import hex_of
from boxoffice.i18n import _, ngettext
from boxoffice.services.common.local_time import format_clock
from boxoffice.services.door.gate_report import DoorOverview
from boxoffice.services.door.link import DoorState
from boxoffice.services.door.offline_verdict import IN, OUT

# Colour roles of the theme (resources/*.colours.toml).
ONLINE = "ok"
OFFLINE = "warning"
CONFLICT = "error"
BADGE = "QLabel#doorStatus { color: white; background: %s; border-radius: 6px; padding: 4px 10px;"
BADGE += " font-weight: 700; }"


class DoorBar(QWidget):
    """Signals: ``gate_changed(str)`` when the gate name is edited."""

    gate_changed = Signal(str)

    def __init__(self, gate: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doorBar")
        self.state: DoorState | None = None
        self.gate_edit = QLineEdit(gate)
        self.gate_edit.setObjectName("gateName")
        self.gate_edit.setMaxLength(64)
        self.gate_edit.setMaximumWidth(160)
        self.gate_edit.setToolTip(_("The gate this station serves (counted per gate)"))
        self.gate_edit.editingFinished.connect(self._gate_edited)
        self.direction = QComboBox()
        self.direction.setObjectName("scanDirection")
        self.direction.addItem(_("Scanning in"), IN)
        self.direction.addItem(_("Scanning out (re-entry)"), OUT)
        self.direction.setEnabled(False)
        self.status = QLabel(_("Connecting…"))
        self.status.setObjectName("doorStatus")
        self.counts = QLabel("")
        self.counts.setObjectName("gateCounts")
        self.counts.setVisible(False)  # managers only, once counts arrive
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Gate")))
        row.addWidget(self.gate_edit)
        row.addWidget(self.direction)
        row.addWidget(self.status, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.counts)
        self._paint(OFFLINE)

    @property
    def gate(self) -> str:
        return self.gate_edit.text().strip() or "Main"

    @property
    def scan_direction(self) -> str:
        return str(self.direction.currentData() or IN)

    @Slot()
    def _gate_edited(self) -> None:
        if self.state is None or self.gate != self.state.gate:
            self.gate_changed.emit(self.gate)

    def _paint(self, colour: str) -> None:
        self.status.setStyleSheet(BADGE % hex_of(colour))

    def show_state(self, state: DoorState) -> None:
        self.state = state
        self.direction.setEnabled(state.allow_reentry)
        if not state.allow_reentry:
            self.direction.setCurrentIndex(0)
        if state.online:
            text, colour = _("● ONLINE · gate {gate}").format(gate=state.gate), ONLINE
        elif state.has_list:
            waiting = (
                _(" · {pending} scans to upload").format(pending=state.pending)
                if state.pending
                else ""
            )
            of = (
                _(" of {clock}").format(clock=format_clock(state.list_taken_at))
                if state.list_taken_at
                else ""
            )
            text, colour = (
                _("● OFFLINE — checking from the door list{of}{waiting}").format(
                    of=of, waiting=waiting
                ),
                OFFLINE,
            )
        else:
            text, colour = _("● OFFLINE — no door list for this event yet"), CONFLICT
        if state.conflicts:
            text += ngettext(
                " · ⚠ {conflicts} double entry reported to managers",
                " · ⚠ {conflicts} double entries reported to managers",
                state.conflicts,
            ).format(conflicts=state.conflicts)
            colour = CONFLICT
        self.status.setText(text)
        self._paint(colour)

    def show_counts(self, view: DoorOverview) -> None:
        report, conflicts = view.report, view.conflicts
        gates = " · ".join(
            _("{gate} {admitted} in / {left} out").format(
                gate=g.gate, admitted=g.admitted, left=g.left
            )
            for g in report.gates
        )
        text = _("Inside now {inside_now}").format(inside_now=report.inside_now) + (
            f" · {gates}" if gates else ""
        )
        if report.conflicts:
            text += ngettext(
                " · ⚠ {conflicts} conflict", " · ⚠ {conflicts} conflicts", report.conflicts
            ).format(conflicts=report.conflicts)
        self.counts.setText(text)
        self.counts.setVisible(True)
        self.counts.setToolTip(
            "\n".join(
                f"{c.reference or c.ticket_id} at {c.gate} ({c.station}): {c.note}"
                for c in conflicts
            )
        )
