""" "New series…": performances of the event on screen on a daily or weekly pattern."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boxoffice.domain.errors import BoxOfficeError, ValidationError
from boxoffice.domain.series import Frequency, SeriesPattern, parse_skip_dates
from boxoffice.gui.context import AppContext
from boxoffice.gui.widgets.when import day_text
from boxoffice.i18n import N_, _
from boxoffice.services.events import series
from boxoffice.services.events.series import SeriesInfo

_DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class NewSeriesDialog(QDialog):
    """Signals: ``created(object)`` the :class:`SeriesInfo` once the performances exist."""

    created = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        event_id: int,
        title: str,
        first: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("newSeriesDialog")
        self.setWindowTitle(_("New series"))
        self.ctx = ctx
        self.event_id = event_id
        intro = QLabel(
            _(
                "Performances copied from <b>{title}</b>: its venue, layout, tiers, ticket "
                "types, fees and tax, at the same local start time."
            ).format(title=title)
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(title)
        self.name.setObjectName("seriesName")
        self.frequency = QComboBox()
        self.frequency.addItem(_("Weekly"), Frequency.WEEKLY)
        self.frequency.addItem(_("Daily"), Frequency.DAILY)
        self.frequency.currentIndexChanged.connect(self._update)
        self.first = QDateEdit(QDate(first.year, first.month, first.day))
        self.first.setCalendarPopup(True)
        self.first.setDisplayFormat("ddd d MMM yyyy")
        later = first + timedelta(days=27)
        self.until = QDateEdit(QDate(later.year, later.month, later.day))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        self.days: list[QCheckBox] = []
        day_row = QHBoxLayout()
        for n, name in enumerate(_DAYS):
            box = QCheckBox(_(name))
            box.setChecked(n == first.weekday())
            box.toggled.connect(self._update)
            self.days.append(box)
            day_row.addWidget(box)
        self.skip = QLineEdit()
        self.skip.setObjectName("seriesSkip")
        self.skip.setPlaceholderText(_("dates left out, e.g. 2026-12-24, 2026-12-25"))
        for edit in (self.first, self.until):
            edit.dateChanged.connect(self._update)
        self.skip.textChanged.connect(self._update)
        self.preview = QLabel("")
        self.preview.setObjectName("seriesPreview")
        self.preview.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Name"), self.name)
        form.addRow(_("&Repeat"), self.frequency)
        form.addRow(_("&From"), self.first)
        form.addRow(_("&Until"), self.until)
        form.addRow(_("On"), day_row)
        form.addRow(_("&Except"), self.skip)
        buttons = QDialogButtonBox()
        self.create_button: QPushButton = buttons.addButton(
            _("Create performances"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("createSeries")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.make_series)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.preview)
        column.addWidget(buttons)
        self.setMinimumWidth(520)
        self._update()

    def pattern(self) -> SeriesPattern:
        """The pattern as typed (ValidationError says what is wrong)."""
        return SeriesPattern(
            _to_date(self.first.date()),
            _to_date(self.until.date()),
            self._frequency(),
            frozenset(n for n, box in enumerate(self.days) if box.isChecked()),
            parse_skip_dates(self.skip.text()),
        )

    def _frequency(self) -> Frequency:
        return Frequency(str(self.frequency.currentData()))  # Qt hands the enum back as text

    @Slot()
    def _update(self) -> None:
        weekly = self._frequency() is Frequency.WEEKLY
        for box in self.days:
            box.setEnabled(weekly)
        try:
            dates = self.pattern().dates()
        except ValidationError as exc:
            self.preview.setText(exc.message)
            self.create_button.setEnabled(False)
            return
        shown = ", ".join(day_text(d, weekday=True, year=False) for d in dates[:8])
        more = _(" and {count} more").format(count=len(dates) - 8) if len(dates) > 8 else ""
        self.preview.setText(
            _("{count} performance(s): {shown}{more}.").format(
                count=len(dates), shown=shown, more=more
            )
        )
        self.create_button.setEnabled(True)

    @Slot()
    def make_series(self) -> None:
        try:
            pattern = self.pattern()
        except ValidationError as exc:
            self.preview.setText(exc.message)
            return
        self.create_button.setEnabled(False)
        self.ctx.services.run_write(
            series.create_series,
            self.event_id,
            self.name.text(),
            pattern,
            on_done=self._created,
            on_error=self._failed,
        )

    def _created(self, info: SeriesInfo) -> None:
        self.ctx.messages.info.emit(
            _("Series {name}: {count} performances ({pattern}).").format(
                name=info.name, count=len(info.event_ids), pattern=info.pattern
            )
        )
        self.created.emit(info)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        if not isinstance(exc, BoxOfficeError):
            raise exc
        self.preview.setText(exc.message)
