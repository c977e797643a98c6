"""Permissions of the service functions that run inside a caller's session (issue 13.5).

``test_permissions.py`` walks the ``(db, actor, ...)`` functions. This walks every other public
function of ``boxoffice.services`` that takes an actor — ``add_user_in``, ``payments.refund``,
``changes.cancel`` ... — and requires each to refuse, before touching anything, an actor whose
role lacks the permission listed for it here. A new function with an actor must be listed.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

import boxoffice.services
from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.errors import PermissionDenied
from boxoffice.domain.roles import PERMISSIONS, Permission, Role
from tests.security.test_permissions import call_as

# Function -> the permission it must check first.
REQUIRED: dict[str, Permission] = {
    "bookings.changes.cancel": Permission.CANCEL_OWN,
    "bookings.changes.exchange": Permission.CANCEL_OWN,
    "bookings.manage.cancel_booking_in": Permission.CANCEL_OWN,
    "packages.catalog.create_in": Permission.MANAGE_EVENTS,
    "packages.sale.sell_in": Permission.SELL,
    "events.editor.create_event_in": Permission.MANAGE_EVENTS,
    "people.staff.add_user_in": Permission.MANAGE_STAFF,
    "sales.payments.charge": Permission.SELL,
    "sales.payments.charge_voucher_sale": Permission.SELL,
    "sales.payments.refund": Permission.CANCEL_OWN,
    "sales.payments.require_refund_override": Permission.MANAGE_BOOKINGS,
    "sales.saved_cards.save_card_in": Permission.SELL,
}

# Take an actor only to name it (audit rows, the staff id of a row) or are the check itself.
NOT_AN_ENTRY = frozenset(
    {
        "bookings.changes.require_may_change",
        "common.audit.record",
        "common.rights.require_current",  # the check itself: role or account changed since sign-in
        # The audit rows of a sale that checkout / walk_up_sale write after their own check.
        "sales.purchase.audit_booking_created",
        "sales.purchase.audit_complimentary",
        "sales.inventory.common.staff_id",
        "tickets.checkin.judge",  # the verdict inside check_in / a door's online scan, which check
        # The till side of a sale or refund that payments.charge / payments.refund checked.
        "till.cash_hook.cash_returned",
        "till.cash_hook.cash_taken",
        "till.sessions.require_desk",  # names the actor's desk
    }
)


def actor_functions() -> dict[str, Callable[..., Any]]:
    """Public functions of boxoffice.services taking ``actor``, other than ``(db, actor, ...)``."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(boxoffice.services.__path__, "boxoffice.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if "actor" in params and params[:2] != ["db", "actor"]:
                found[f"{info.name.removeprefix('boxoffice.services.')}.{name}"] = fn
    return found


FUNCTIONS = actor_functions()


def test_every_function_taking_an_actor_is_classified() -> None:
    assert {"people.staff.add_user_in", "sales.payments.refund"} <= FUNCTIONS.keys()
    unclassified = FUNCTIONS.keys() - REQUIRED.keys() - NOT_AN_ENTRY
    stale = (REQUIRED.keys() | NOT_AN_ENTRY) - FUNCTIONS.keys()
    assert not unclassified, f"list these in {__name__}: {sorted(unclassified)}"
    assert not stale, f"no longer exist: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_an_actor_without_the_permission_is_refused_first(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    needed = REQUIRED[name]
    # A clerk whose role lacks exactly this permission (clerks have every clerk-level right, so
    # the role is trimmed for the test; manager and admin rights a clerk lacks anyway).
    monkeypatch.setitem(PERMISSIONS, Role.CLERK, PERMISSIONS[Role.CLERK] - {needed})
    lacking = Actor(user_id=1, username="clerk", role=Role.CLERK, desk="desk-1")
    assert call_as(_as_db_first(FUNCTIONS[name]), lacking) == "denied"


def _as_db_first(fn: Callable[..., Any]) -> Callable[..., Any]:
    """*fn* (session, actor, ...) or (actor, ...) seen with the ``(db, actor)`` signature that
    :func:`call_as` fills with untouchable arguments."""
    params = list(inspect.signature(fn).parameters.values())
    rest = params[params.index(next(p for p in params if p.name == "actor")) + 1 :]
    first = params[0].name != "actor"

    def probe(db: Any, actor: Actor, *args: Any, **kwargs: Any) -> Any:
        return fn(db, actor, *args, **kwargs) if first else fn(actor, *args, **kwargs)

    probe.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("db", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            inspect.Parameter("actor", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            *rest,
        ]
    )
    return probe


def test_a_clerk_cannot_create_an_admin(db: Database) -> None:
    from boxoffice.services.people.staff import add_user_in
    from tests.services.sales_support import make_staff

    staff = make_staff(db)
    with pytest.raises(PermissionDenied):
        db.run(lambda s: add_user_in(s, staff.clerk, "sneaky", Role.ADMIN, "quiet-Seat-Sale-7731"))


def test_a_clerk_cannot_refund_another_clerks_booking(db: Database) -> None:
    from boxoffice.services.sales import holds, payments
    from boxoffice.services.sales import purchase as checkout
    from tests.services.sales_support import cash, make_seated_event, make_staff

    staff = make_staff(db)
    ev = make_seated_event(db)
    hold = holds.hold_seats(db, staff.clerk2, ev.id, ev.ids("A1"))
    sold = checkout.checkout(db, staff.clerk2, hold.hold_id, cash(hold.total), "theirs")
    with pytest.raises(PermissionDenied, match="another clerk"):
        db.run(lambda s: payments.refund(s, staff.clerk, sold.booking_id, Decimal("1.00"), "x"))
    lines = db.run(
        lambda s: payments.refund(s, staff.clerk2, sold.booking_id, Decimal("1.00"), "own")
    )
    assert [line.amount for line in lines] == [Decimal("1.00")]
