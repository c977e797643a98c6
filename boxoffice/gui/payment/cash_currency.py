"""Which currency the till counts cash in, for the sale screens' cash rounding line."""

from __future__ import annotations

from collections.abc import Callable

from boxoffice.gui.context import AppContext
from boxoffice.services.till.settings import get_till_settings


def load_cash_currency(ctx: AppContext, on_known: Callable[[str], None]) -> None:
    """Read the till settings off the GUI thread and pass the currency to *on_known*. A desk
    that may not use the till (or a read that fails) simply shows no rounding line: the
    amounts themselves never depend on it."""
    ctx.services.run(
        get_till_settings,
        on_done=lambda settings: on_known(settings.currency),
        on_error=lambda _exc: None,
    )
