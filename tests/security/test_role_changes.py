"""A demoted or disabled user loses the old rights at once, not at sign-out (issue 13.6)."""

from __future__ import annotations

import pytest

from boxoffice.db.database import Database
from boxoffice.domain.actor import SYSTEM
from boxoffice.domain.errors import PermissionDenied
from boxoffice.domain.roles import Role
from boxoffice.services.events import editor
from boxoffice.services.people import staff as staff_service
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from tests.services.sales_support import cash, make_seated_event, make_staff


def test_a_demoted_manager_cannot_cancel_an_event(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    assert staff.manager.user_id is not None
    staff_service.set_role(db, SYSTEM, staff.manager.user_id, Role.CLERK, "demoted")
    with pytest.raises(PermissionDenied, match="changed to clerk"):
        editor.cancel_event(db, staff.manager, ev.id, "not allowed any more")
    editor.cancel_event(db, SYSTEM, ev.id, "by the admin")  # the admin still may


def test_a_disabled_clerk_cannot_sell(db: Database) -> None:
    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk, ev.id, ev.ids("A1"))
    assert staff.clerk.user_id is not None
    staff_service.set_active(db, SYSTEM, staff.clerk.user_id, False, "left")
    with pytest.raises(PermissionDenied, match="disabled"):
        checkout.checkout(db, staff.clerk, hold.hold_id, cash(hold.total), "after-leaving")
    # The other clerk, unchanged, sells as before.
    other = holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A2"))
    assert checkout.checkout(db, staff.clerk2, other.hold_id, cash(other.total), "fine")
