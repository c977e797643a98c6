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
# clerk's booking: tests/services/bookings/test_bookings.py covers those row checks).
CLERK_ALLOWED = frozenset(
    {
        "people.auth.sign_out",
        "bookings.manage.cancel_booking",
        "bookings.manage.cancel_tickets",
        "bookings.manage.customer_bookings",
        "bookings.manage.exchange_seats",
        "bookings.manage.quote_exchange",
        "bookings.manage.get_booking",
        "bookings.manage.list_recent_bookings",
        "sales.saved_cards.add_card",
        "sales.saved_cards.list_cards",
        "sales.saved_cards.remove_card",
        "sales.saved_cards.set_default_card",
        "sales.catalog.available_counts",
        "sales.catalog.list_counts",
        "sales.catalog.count_events",
        "sales.catalog.event_with_map",
        "sales.catalog.first_events_page",
        "sales.catalog.get_event",
        "sales.catalog.list_venues",
        "sales.catalog.search_events",
        "sales.catalog.seat_changes",
        "sales.catalog.seat_map",
        "sales.catalog.seat_versions",
        "tickets.checkin.attendance",
        "tickets.checkin.check_in",
        "tickets.checkin.checkin_events",
        "tickets.checkin.event_title",
        "tickets.checkin.verify_code",
        "door.snapshot.download",
        "door.scans.ping",
        "door.scans.scan_online",
        "door.scans.upload",
        "sales.purchase.checkout",
        "sales.walk_up.walk_up_sale",
        "packages.catalog.best_seats",
        "packages.catalog.list_packages",
        "packages.card.season_card",
        "packages.card.season_card_pdf",
        "packages.changes.cancel_package",
        "packages.holder.season_ticket",
        "packages.changes.exchange_night",
        "packages.renewal.renew",
        "packages.renewal.renewal_offer",
        "packages.sale.sell_package",
        "packages.views.package_view",
        "sales.pending_auths.sweep",  # every desk voids its own unsaved authorisations
        "settings.locale.get_currency",
        "people.customers.create_customer",
        "people.customers.find_customers",
        "people.customers.get_customer",
        "people.customers.update_customer",
        "people.data_rights.consent.set_marketing_consent",
        "sales.discount_codes.cart.price_hold",
        "sales.vouchers.document.voucher_pdf",
        "sales.vouchers.manage.issue_voucher",
        "sales.vouchers.manage.voucher_info",
        "sales.holds.best_available",
        "events.house.house_counts",  # the map legend and the monitor show them to every desk
        "events.house.list_hold_types",
        "events.allocations.list_allocations",  # the Sell tab's "sell for" choice
        "sales.ticket_choice.set_ticket_type",
        "sales.holds.get_hold",
        "sales.holds.hold_general_admission",
        "sales.holds.hold_seats",
        "sales.holds.release_seats",
        "mail.sender.send_due",  # every desk runs the outbox pump
        "mail.share.share_event",
        "mail.vouchers.mail_voucher",
        "mail.share.share_preview",
        "tickets.codes.reissue_ticket",
        "tickets.data.get_booking_print",
        "tickets.data.recent_bookings",
        "tickets.pdf.booking_document",
        "tickets.pdf.booking_pdf",
        "tickets.pdf.record_print",
        "till.closing.close_session",
        "till.movements.pay_in",
        "till.movements.pay_out",
        "till.sessions.current_session",
        "till.sessions.get_session",
        "till.sessions.open_session",
        "till.settings.get_till_settings",
        "till.overview.till_overview",
        "till.drawer.open_drawer_by_hand",
        "till.z_report.z_report_lines",
        "till.z_report.z_report_pdf",
        "events.series.list_series",
        "events.series.series_of",
        "waitlist.entries.add_to_waitlist",
        "waitlist.entries.customer_waitlist",
        "waitlist.entries.event_waitlist",
        "waitlist.entries.remove_from_waitlist",
        "waitlist.entries.take_offer",
        "waitlist.entries.ticket_type_choices",
        "waitlist.sweeper.sweep",  # cron, or any desk
    }
)

# Refused to a manager as well: staff accounts and desk-wide settings (mail).
ADMIN_ONLY = frozenset(
    {
        "sales.card_keys.key_use",
        "sales.card_keys.purge_orphaned_cards",
        "sales.card_keys.reencrypt_cards",
        "sales.card_keys.retire_card_key",
        "mail.sender.send_test_email",
        "mail.settings.get_mail_settings",
        "mail.settings.save_mail_settings",
        "settings.locale.set_currency",  # the installation's currency, chosen at set-up
        "mail.outbox.list_messages",
        "mail.outbox.outbox_counts",
        "mail.outbox.outbox_view",
        "mail.outbox.retry_failed",
        "mail.weekly_mailing.queue_weekly_promotion",
        "integrity.check_database",
        "people.demo_accounts.published_demo_accounts",
        "people.data_rights.retention.apply_retention",
        "people.data_rights.retention.get_retention_years",
        "people.data_rights.retention.set_retention_years",
        "people.staff.add_user",
        "people.staff.list_users",
        "people.staff.require_password_change",
        "people.staff.reset_password",
        "people.staff.set_active",
        "people.staff.set_role",
    }
)

# Refused to a clerk before anything else happens.
MANAGER_OR_ADMIN = ADMIN_ONLY | frozenset(
    {
        "bookings.manage.search_bookings",
        # Discount codes are set up by a manager; the voucher report is a report.
        "sales.discount_codes.manage.code_redemptions",
        "sales.discount_codes.manage.create_code",
        "sales.discount_codes.manage.disable_code",
        "sales.discount_codes.manage.list_codes",
        "sales.vouchers.manage.voucher_report",
        "packages.catalog.create_package",
        "packages.renewal.create_renewal",
        "packages.views.events_to_bundle",
        # Customer data rights: a clerk records consent, a manager exports, erases and merges.
        "people.data_rights.erase.erase_customer",
        "people.data_rights.export.export_customer",
        "people.data_rights.export.export_customer_to",
        "people.data_rights.merge.merge_customers",
        "events.pricing_setup.pricing_rules",
        "events.pricing_setup.save_pricing_rules",
        "events.queries.count_managed_events",
        "events.queries.event_for_edit",
        "events.queries.first_managed_page",
        "events.queries.layout_plan",
        "events.queries.list_managed_events",
        "events.queries.venue_choices",
        "events.editor.cancel_event",
        "events.house.place_hold",
        "events.house.release_hold",
        "events.house.reserve_wheelchair_spaces",
        "events.house.save_hold_type",
        "events.house.retire_hold_type",
        "events.house_series.place_series_hold",
        "events.house_series.release_series_hold",
        "events.allocations.place_ga_allocation",
        "events.allocations.return_ga_allocation",
        "events.editor.create_event",
        "events.series.change_following",
        "events.series.create_series",
        "events.editor.delete_event",
        "events.editor.update_event",
        "sales.monitor.monitor_events",
        "door.gate_report.conflicts",
        "door.gate_report.gate_report",
        "door.gate_report.overview",
        "sales.monitor.open_event",
        "sales.monitor.poll",
        "sales.monitor.seat_counts",
        "mail.notifications.resend_confirmation",
        "reports.sales.event_statistics",
        "reports.sales.report_events",
        "reports.sales.sales_report",
        "reports.summaries.summarise",
        "reports.summaries.verify",
        "reports.shift.shift_clerks",
        # Another clerk's shift (the dummy clerk id is not the caller's); a clerk's own shift
        # report is allowed: test_a_clerk_gets_only_their_own_shift_report.
        "reports.shift.shift_report",
        "reports.shift.shift_reports",
        "venues.layout_json.export_layout",
        "venues.layout_json.import_layout",
        "venues.layout_json.import_layout_file",
        "venues.sections.add_section",
        "venues.sections.delete_section",
        "venues.sections.move_section",
        "venues.sections.set_seat_flags",
        "venues.sections.update_section",
        "venues.layouts.create_layout",
        "venues.layouts.create_venue",
        "venues.layouts.delete_layout",
        "venues.layouts.delete_venue",
        "venues.layouts.get_layout",
        "venues.layouts.list_venues",
        "venues.layouts.rename_layout",
        "venues.layouts.set_stage",
        "venues.layouts.update_venue",
        "till.sessions.open_sessions",
        "till.settings.save_till_settings",
        "till.report.till_sessions_report",
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
    for info in pkgutil.walk_packages(boxoffice.services.__path__, "boxoffice.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:  # re-exported: counted where it is defined
                continue
            if list(inspect.signature(fn).parameters)[:2] == ["db", "actor"]:
                found[f"{info.name.removeprefix('boxoffice.services.')}.{name}"] = fn
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
    assert {
        "people.staff.add_user",
        "sales.purchase.checkout",
        "events.editor.create_event",
    } <= FUNCTIONS.keys()


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
    from boxoffice.services.reports import shift as reports_shift
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
