"""The subcommand modules, in --help order. Each has ``register(subparsers)``."""

from __future__ import annotations

from boxoffice.cli import (
    booking,
    customer,
    db,
    gui,
    keys,
    mail,
    payments,
    ticket,
    user,
    waitlist,
)

MODULES = [db, user, booking, customer, ticket, mail, waitlist, keys, payments, gui]
