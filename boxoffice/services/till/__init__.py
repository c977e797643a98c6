"""The till: a desk's cash sessions, counted by denomination, signed off by a manager.

- ``settings``: currency, "cash needs an open till", the variance allowed without a reason.
- ``denominations``: counts by note and coin, checked, and their total.
- ``sessions``: open with a float, this desk's session, the open ones across desks.
- ``movements``: pay-ins and pay-outs with a reason.
- ``cash_hook``: the one place a sale or refund records its cash against the session.
- ``closing``: count, variance, reason, manager sign-off; two closes at once, one wins.
- ``drawer``: the drawer opened by hand, with a reason (audited).
- ``z_report``: the closed session's Z-report (lines, PDF).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.till.closing import close_session
    from boxoffice.services.till.movements import pay_in, pay_out
    from boxoffice.services.till.overview import TillOverview, till_overview
    from boxoffice.services.till.sessions import (
        current_session,
        get_session,
        open_session,
        open_sessions,
    )
    from boxoffice.services.till.settings import (
        TillSettings,
        get_till_settings,
        save_till_settings,
    )
    from boxoffice.services.till.views import TillSessionView, Totals

__all__ = [
    "TillOverview",
    "TillSessionView",
    "TillSettings",
    "Totals",
    "close_session",
    "current_session",
    "get_session",
    "get_till_settings",
    "open_session",
    "open_sessions",
    "pay_in",
    "pay_out",
    "save_till_settings",
    "till_overview",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
