"""Manager booking management tab: search every booking, see it, cancel, reassign, resend.

Widgets call boxoffice.services.bookings.manage and notifications only, through ``ctx.services``.
"""

from boxoffice.gui.manager.bookings.tab import BookingsTab

__all__ = ["BookingsTab"]
