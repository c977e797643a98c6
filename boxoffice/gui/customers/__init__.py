"""The Customers tab (a feature): find/create customers, saved cards, their bookings (cancel,
exchange through the shared ``bookings`` package, reprint)."""
