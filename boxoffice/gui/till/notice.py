"""At sign-in: a till left open at this desk (the desk was closed, crashed or restarted) is said
at once, so no session runs on unnoticed into the next shift."""

from __future__ import annotations

from boxoffice.domain.money import format_money
from boxoffice.domain.roles import Permission
from boxoffice.domain.till import SYMBOLS
from boxoffice.gui.context import AppContext
from boxoffice.i18n import _
from boxoffice.services.common.local_time import format_stamp
from boxoffice.services.till import TillSessionView, current_session


def open_till_text(view: TillSessionView) -> str:
    symbol = SYMBOLS.get(view.currency, "")
    since = format_stamp(view.opened_at)
    return _(
        "The till of {desk} is still open: {clerk} opened it {since} with a float of {amount}. "
        "Count and close it in the Till tab, or carry on with it."
    ).format(
        desk=view.desk,
        clerk=view.clerk,
        since=since,
        amount=format_money(view.float_amount, symbol),
    )


def notify_open_till(ctx: AppContext) -> None:
    """Warn through the message bridge if this desk's till is open (one read, off the GUI
    thread; a failure to read it says nothing: the Till tab shows the state anyway)."""
    if not ctx.actor.can(Permission.USE_TILL) or not ctx.actor.desk.strip():
        return

    def shown(view: TillSessionView | None) -> None:
        if view is not None:
            ctx.messages.warning.emit(open_till_text(view))

    ctx.services.run(current_session, on_done=shown, on_error=lambda _exc: None)
