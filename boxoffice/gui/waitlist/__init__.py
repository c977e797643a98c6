"""The waiting-list panel: an event's queue for the Sell tab, a customer's entries for the
customer view; add, remove and take an offer to the cart."""
