"""The Sell tab (a feature): event browser, seat map or GA panel, best seats, cart, share by
e-mail. It builds on the shared ``hold`` (the desk's hold) and ``payment`` packages."""
