"""boxoffice: a desktop box-office application (seat maps, sales, payments, tickets, check-in)."""

__version__ = "0.1.0"
