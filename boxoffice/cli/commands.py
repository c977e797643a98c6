"""The subcommand modules, in --help order. Each has ``register(subparsers)``."""

from __future__ import annotations

from boxoffice.cli import (
    booking,
    code,
    customer,
    db,
    gui,
    keys,
    mail,
    payments,
    reports,
    ticket,
    user,
    voucher,
    waitlist,
)

MODULES = [
    db,
    user,
    booking,
    customer,
    ticket,
    code,
    voucher,
    mail,
    waitlist,
    reports,
    keys,
    payments,
    gui,
]
