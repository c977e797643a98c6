"""Warn an admin, at each sign-in, while demo accounts keep the passwords the README publishes."""

from __future__ import annotations

from boxoffice.domain.roles import Permission
from boxoffice.gui.context import AppContext
from boxoffice.i18n import _
from boxoffice.services.people.demo_accounts import published_demo_accounts


def warning_text(names: list[str]) -> str:
    listed = ", ".join(f"'{n}'" for n in names)
    return _(
        "Demo account(s) {listed} still use the password published in the README: anyone can "
        "sign in with them. Change their passwords or disable them in Staff."
    ).format(listed=listed)


def check_published_demo_accounts(ctx: AppContext) -> None:
    """For an admin at a real desk: look (off the GUI thread) and warn if any is left."""
    if not ctx.actor.can(Permission.MANAGE_STAFF):
        return

    def done(names: list[str]) -> None:
        if names:
            ctx.messages.warning.emit(warning_text(names))

    ctx.services.run(published_demo_accounts, on_done=done)
