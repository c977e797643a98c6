"""What every page of the Reports tab is: a widget that names the one service call reading its
figures for the current choices, shows the result, and hands its tables to the exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from boxoffice.services.reports.export import ReportTable


@dataclass(frozen=True)
class ReportCall:
    """One service use case and its arguments after ``(db, actor)``."""

    use_case: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


class ReportPage(QWidget):
    """One page. Signals: ``changed()`` when the page's own choices changed (the tab reloads).

    ``shows_filters``: the tab's event and period filters choose what this page shows.
    """

    changed = Signal()
    shows_filters = False

    def request(self) -> ReportCall:
        """The read for the current choices (BoxOfficeError if they are impossible)."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def current_table(self) -> ReportTable | None:
        """What Export CSV writes."""
        raise NotImplementedError

    def pdf_tables(self) -> list[ReportTable]:
        """What Export PDF writes (default: the table in view)."""
        table = self.current_table()
        return [table] if table is not None else []
