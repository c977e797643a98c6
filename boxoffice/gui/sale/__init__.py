"""The Sell tab: event browser, seat map, best seats, cart with hold countdown, payment."""
