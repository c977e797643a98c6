"""Permissions by every path: each public service function refuses a role before doing anything.

The test enumerates every public function of ``boxoffice.services.*`` whose first two parameters
are ``(db, actor)`` and calls it with an actor of each role, a database that raises if touched at
all and arguments that raise if used (numbers and text are plain values). A refusal must be a
``PermissionDenied`` raised before the database or the arguments were looked at. The functions a
role may not call must equal the explicit lists below, and every function must be classified —
a new service function cannot slip in unclassified, and one that checks late fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

import boxoffice.services
from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.domain.clock import utcnow
from boxoffice.domain.errors import PermissionDenied
from boxoffice.domain.roles import PERMISSIONS, Permission, Role

# The clerk a manager-only check must refuse; none of the dummy ids below is this user.
CLERK = Actor(user_id=1, username="clerk", role=Role.CLERK, desk="desk-1")
MANAGER = Actor(user_id=2, username="manager", role=Role.MANAGER, desk="desk-2")
ADMIN = Actor(user_id=3, username="admin", role=Role.ADMIN, desk="desk-3")
DUMMY_ID = 987_654

# Everything a clerk may call (the function may still refuse on the row, e.g. another
# clerk's booking: tests/services/test_bookings.py covers those row checks).
CLERK_ALLOWED = frozenset(
    {
        "auth.sign_out",
        "bookings.cancel_booking",
        "bookings.cancel_tickets",
        "bookings.customer_bookings",
        "bookings.exchange_seats",
        "bookings.get_booking",
        "bookings.list_recent_bookings",
        "cards.add_card",
        "cards.list_cards",
        "cards.remove_card",
        "cards.set_default_card",
        "catalog.available_counts",
        "catalog.list_counts",
        "catalog.count_events",
        "catalog.get_event",
        "catalog.list_venues",
        "catalog.search_events",
        "catalog.seat_changes",
        "catalog.seat_map",
        "catalog.seat_versions",
        "checkin.attendance",
        "checkin.check_in",
        "checkin.checkin_events",
        "checkin.event_title",
        "checkin.verify_code",
        "checkout.checkout",
        "customers.create_customer",
        "customers.find_customers",
        "customers.get_customer",
        "customers.update_customer",
        "holds.best_available",
        "holds.get_hold",
        "holds.hold_general_admission",
        "holds.hold_seats",
        "holds.release_seats",
        "mail_sender.send_due",  # every desk runs the outbox pump
        "share.share_event",
        "share.share_preview",
        "ticket_codes.reissue_ticket",
        "ticket_data.get_booking_print",
        "ticket_data.recent_bookings",
        "ticket_pdf.booking_document",
        "ticket_pdf.booking_pdf",
        "ticket_pdf.record_print",
    }
)

# Refused to a manager as well: staff accounts and desk-wide settings (mail).
ADMIN_ONLY = frozenset(
    {
        "card_keys.key_use",
        "card_keys.reencrypt_cards",
        "card_keys.retire_card_key",
        "mail_sender.send_test_email",
        "mail_settings.get_mail_settings",
        "mail_settings.save_mail_settings",
        "outbox.list_messages",
        "outbox.outbox_counts",
        "outbox.retry_failed",
        "promotions.queue_weekly_promotion",
        "staff.add_user",
        "staff.list_users",
        "staff.reset_password",
        "staff.set_active",
        "staff.set_role",
    }
)

# Refused to a clerk before anything else happens.
MANAGER_OR_ADMIN = ADMIN_ONLY | frozenset(
    {
        "bookings.search_bookings",
        "event_queries.count_events",
        "event_queries.event_for_edit",
        "event_queries.layout_plan",
        "event_queries.list_events",
        "event_queries.venue_choices",
        "events.cancel_event",
        "events.create_event",
        "events.delete_event",
        "events.update_event",
        "monitor.monitor_events",
        "monitor.open_event",
        "monitor.poll",
        "monitor.seat_counts",
        "notifications.resend_confirmation",
        "reports.daily_sales",
        "reports.event_statistics",
        "reports.method_sales",
        "reports.report_events",
        "reports.sales_report",
        "reports.tier_sales",
        "reports_shift.shift_clerks",
        # Another clerk's shift (the dummy clerk id is not the caller's); a clerk's own shift
        # report is allowed: test_a_clerk_gets_only_their_own_shift_report.
        "reports_shift.shift_report",
        "reports_shift.shift_reports",
        "venue_json.export_layout",
        "venue_json.import_layout",
        "venue_sections.add_section",
        "venue_sections.delete_section",
        "venue_sections.move_section",
        "venue_sections.set_seat_flags",
        "venue_sections.update_section",
        "venues.create_layout",
        "venues.create_venue",
        "venues.delete_layout",
        "venues.delete_venue",
        "venues.get_layout",
        "venues.list_venues",
        "venues.rename_layout",
        "venues.set_stage",
        "venues.update_venue",
    }
)


class Touched(Exception):
    """The function looked at the database or at an argument."""


def _touch(*_args: object, **_kwargs: object) -> Any:
    raise Touched


class Untouchable:
    """An argument (or database) that raises :class:`Touched` on any use at all."""

    __getattr__ = _touch
    __call__ = _touch
    __iter__ = _touch
    __len__ = _touch
    __bool__ = _touch
    __eq__ = _touch
    __ne__ = _touch
    __lt__ = _touch
    __le__ = _touch
    __gt__ = _touch
    __ge__ = _touch
    __hash__ = _touch
    __int__ = _touch
    __index__ = _touch
    __float__ = _touch
    __str__ = _touch
    __format__ = _touch
    __contains__ = _touch
    __getitem__ = _touch
    __enter__ = _touch

    def __repr__(self) -> str:
        return "<untouchable>"


def _dummy(annotation: object) -> object:
    """A plain value for numbers, text, flags and times; everything else is untouchable."""
    text = str(annotation).split("|")[0].strip()
    plain: dict[str, object] = {
        "int": DUMMY_ID,
        "str": "x",
        "float": 0.0,
        "bool": False,
        "datetime": utcnow(),
        "timedelta": timedelta(minutes=1),
    }
    return plain.get(text, Untouchable())


def service_functions() -> dict[str, Callable[..., Any]]:
    """Every public ``(db, actor, ...)`` function defined in a boxoffice.services module."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(boxoffice.services.__path__):
        module = importlib.import_module(f"boxoffice.services.{info.name}")
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:  # re-exported: counted where it is defined
                continue
            if list(inspect.signature(fn).parameters)[:2] == ["db", "actor"]:
                found[f"{info.name}.{name}"] = fn
    return found


FUNCTIONS = service_functions()


def call_as(fn: Callable[..., Any], actor: Actor) -> str:
    """'denied' when PermissionDenied came before any use of db or args, else 'passed'."""
    params = list(inspect.signature(fn).parameters.values())[2:]
    args = [
        _dummy(p.annotation)
        for p in params
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    kwargs = {
        p.name: _dummy(p.annotation)
        for p in params
        if p.default is inspect.Parameter.empty and p.kind is p.KEYWORD_ONLY
    }
    db: Any = Untouchable()
    try:
        fn(db, actor, *args, **kwargs)
    except PermissionDenied:
        return "denied"
    except Exception:  # Touched, or a validation error on the dummies: the check was passed
        return "passed"
    return "passed"


def test_the_enumeration_finds_the_services() -> None:
    # Guards the enumeration itself: a broken filter would make every other check vacuous.
    assert len(FUNCTIONS) > 80
    assert {"staff.add_user", "checkout.checkout", "events.create_event"} <= FUNCTIONS.keys()


def test_every_service_function_is_classified() -> None:
    unclassified = FUNCTIONS.keys() - CLERK_ALLOWED - MANAGER_OR_ADMIN
    stale = (CLERK_ALLOWED | MANAGER_OR_ADMIN) - FUNCTIONS.keys()
    assert not unclassified, f"classify these in {__name__}: {sorted(unclassified)}"
    assert not stale, f"no longer exist: {sorted(stale)}"
    assert not CLERK_ALLOWED & MANAGER_OR_ADMIN
    assert ADMIN_ONLY <= MANAGER_OR_ADMIN


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        pytest.param(CLERK, MANAGER_OR_ADMIN, id="clerk"),
        pytest.param(MANAGER, ADMIN_ONLY, id="manager"),
        pytest.param(ADMIN, frozenset(), id="admin"),
    ],
)
def test_refusals_by_role_match_the_lists(actor: Actor, expected: frozenset[str]) -> None:
    outcomes = {name: call_as(fn, actor) for name, fn in FUNCTIONS.items()}
    denied = {name for name, outcome in outcomes.items() if outcome == "denied"}
    assert sorted(denied - expected) == [], "refused but listed as allowed"
    assert sorted(expected - denied) == [], "not refused first (late or missing check)"


def test_the_probe_detects_a_late_check() -> None:
    """A function that reads before it checks is reported as not refusing first."""

    def reads_then_checks(db: Database, actor: Actor, event_id: int) -> None:
        db.run(lambda s: None)
        actor.require(Permission.MANAGE_EVENTS)

    def checks_first(db: Database, actor: Actor, event_id: int) -> None:
        actor.require(Permission.MANAGE_EVENTS)
        db.run(lambda s: None)

    assert call_as(reads_then_checks, CLERK) == "passed"
    assert call_as(checks_first, CLERK) == "denied"
    assert call_as(checks_first, MANAGER) == "passed"


def test_roles_grant_what_the_lists_assume() -> None:
    assert Permission.MANAGE_STAFF not in PERMISSIONS[Role.MANAGER]
    assert Permission.MANAGE_SETTINGS not in PERMISSIONS[Role.MANAGER]
    assert PERMISSIONS[Role.CLERK] < PERMISSIONS[Role.MANAGER] < PERMISSIONS[Role.ADMIN]


def test_a_clerk_gets_only_their_own_shift_report(db: Database) -> None:
    """The one argument-dependent check: the dummy clerk id above is someone else's."""
    from boxoffice.services import reports_shift
    from tests.services.sales_support import make_staff

    staff = make_staff(db)
    clerk, other = staff.clerk, staff.clerk2
    assert clerk.user_id is not None and other.user_id is not None
    end = utcnow()
    start = end - timedelta(days=1)
    own = reports_shift.shift_report(db, clerk, clerk.user_id, start, end)
    assert own.clerk_id == clerk.user_id
    with pytest.raises(PermissionDenied):
        reports_shift.shift_report(db, clerk, other.user_id, start, end)
    with pytest.raises(PermissionDenied):
        reports_shift.shift_reports(db, clerk, start, end)
    assert reports_shift.shift_report(db, staff.manager, other.user_id, start, end)
