"""The Customers tab: find/create customers, saved cards, bookings (cancel, exchange, reprint)."""
