"""Every free-text field that reaches a column, given 70,000 characters in an otherwise valid
request. Random junk rarely passes the other checks (an e-mail shape, an https:// link with
{token}), so this targets the length limits themselves: MariaDB refuses data too long for a
column with a DataError that SQLite never raises, so each field needs its own check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from boxoffice.domain.layout import SectionSpec
from boxoffice.domain.roles import Role
from boxoffice.domain.tender import CardTender
from boxoffice.services.bookings import manage as bookings
from boxoffice.services.mail import notifications, share
from boxoffice.services.mail.settings import MailSettings, SmtpSecurity, save_mail_settings
from boxoffice.services.people import customers, staff
from boxoffice.services.sales import holds
from boxoffice.services.sales import purchase as checkout
from boxoffice.services.sales import saved_cards as cards
from boxoffice.services.venues import layouts as venues
from boxoffice.services.venues import sections as venue_sections
from tests.fuzz.conftest import World, call_refusing_cleanly
from tests.fuzz.strategies import Huge

BIG = Huge("a" * 70_000)
MAIL = MailSettings("smtp.example.com", 25, SmtpSecurity.NONE, from_addr="box@example.com")


def _calls(w: World, section: bool = False) -> dict[str, Callable[[], Any]]:
    """The request per field (*section*: also make the empty layout a section is added to)."""

    def sale_with_holder() -> Any:
        hold = holds.best_available(w.db, w.clerk, w.seated.id, 1)
        card = CardTender(hold.total, "4242424242424242", 12, 2035, "123", BIG, BIG)
        try:
            return checkout.checkout(w.db, w.clerk, hold.hold_id, [card], "long", w.customer_id)
        finally:
            holds.release_seats(w.db, w.clerk, hold.hold_id)

    def section_name() -> Callable[[], Any]:
        venue = venues.create_venue(w.db, w.manager, "Long Hall")
        layout = venues.create_layout(w.db, w.manager, venue.id, "Main")
        return lambda: venue_sections.add_section(
            w.db, w.manager, layout.id, SectionSpec(BIG, 2, 2)
        )

    return {
        "mail host": lambda: save_mail_settings(w.db, w.admin, MailSettings(BIG, 25)),
        "mail user": lambda: save_mail_settings(w.db, w.admin, replace(MAIL, username=BIG)),
        "mail password": lambda: save_mail_settings(w.db, w.admin, MAIL, BIG),
        "mail from name": lambda: save_mail_settings(w.db, w.admin, replace(MAIL, from_name=BIG)),
        "unsubscribe link": lambda: save_mail_settings(
            w.db, w.admin, replace(MAIL, unsubscribe_url=f"https://x/{BIG}{{token}}")
        ),
        "customer name": lambda: customers.create_customer(w.db, w.clerk, BIG),
        "customer e-mail": lambda: customers.create_customer(
            w.db, w.clerk, "Ann", f"{BIG}@example.com"
        ),
        "cardholder": lambda: cards.add_card(
            w.db, w.clerk, w.customer_id, "4242424242424242", 12, 2035, BIG
        ),
        "billing address": lambda: cards.add_card(
            w.db, w.clerk, w.customer_id, "4242424242424242", 12, 2035, "Ann", BIG
        ),
        "typed card at the till": sale_with_holder,
        "venue name": lambda: venues.create_venue(w.db, w.manager, BIG),
        "venue address": lambda: venues.create_venue(w.db, w.manager, "Hall", BIG),
        "section name": section_name() if section else lambda: None,
        "share note": lambda: share.share_event(w.db, w.clerk, w.seated.id, "f@example.com", BIG),
        "share sender": lambda: share.share_event(
            w.db, w.clerk, w.seated.id, "f@example.com", shared_by=BIG
        ),
        "cancel reason": lambda: bookings.cancel_tickets(
            w.db, w.clerk, w.reference, [w.ticket_ids[0]], BIG
        ),
        "staff full name": lambda: staff.add_user(
            w.db, w.admin, "longname", Role.CLERK, "password-123", BIG
        ),
        "resend address": lambda: notifications.resend_confirmation(
            w.db, w.manager, w.reference, f"{BIG}@example.com"
        ),
    }


FIELDS = [
    "mail host",
    "mail user",
    "mail password",
    "mail from name",
    "unsubscribe link",
    "customer name",
    "customer e-mail",
    "cardholder",
    "billing address",
    "typed card at the till",
    "venue name",
    "venue address",
    "section name",
    "share note",
    "share sender",
    "cancel reason",
    "staff full name",
    "resend address",
]


def test_every_field_is_listed(world: World) -> None:
    assert sorted(_calls(world)) == sorted(FIELDS)


@pytest.mark.parametrize("field", FIELDS)
def test_a_huge_value_is_refused_or_stored(world: World, field: str) -> None:
    """A BoxOfficeError with nothing changed, or accepted and stored (trimmed or whole)."""
    call = _calls(world, section=field == "section name")[field]
    outcome = call_refusing_cleanly(world.db, call)
    if outcome.error is None:
        assert outcome.changed, f"{field}: accepted but nothing was stored"
