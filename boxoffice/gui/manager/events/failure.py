"""How the house set-up dialogs answer a failed write: the reason in their status line."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from boxoffice.domain.errors import BoxOfficeError
from boxoffice.gui.context import AppContext


def show_failure(ctx: AppContext, status: QLabel, exc: BaseException) -> None:
    """A refusal (BoxOfficeError) goes to *status*; anything else is a bug, reported."""
    if not isinstance(exc, BoxOfficeError):
        ctx.messages.report(exc)
        return
    status.setText(exc.message)
