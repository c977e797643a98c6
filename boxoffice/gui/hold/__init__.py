"""The desk's hold on seats: the sale controller (queued hold writes, event, customer), the seat
poller, the hold countdown and the seat-map picker. Used by the Sell tab and the seat exchange."""
