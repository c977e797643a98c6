"""The desk's PySide6 GUI, in layers (tests/gui/test_architecture.py keeps them):

- shell: ``app`` (start, sign-in, window), ``main_window``, ``tabs`` (the one tab registry);
- plumbing: ``context`` (what every screen gets), ``service_calls`` (``ctx.services.run`` binds
  the database and the signed-in user; one user action is one call), ``tasks``, ``messages``;
- features, one tab each: ``sale``, ``customers``, ``checkin``, ``mail``, ``manager/<tab>``;
  a feature imports no other feature and not the shell;
- shared packages the features build on: ``widgets``, ``seatmap``, ``events``, ``hold``,
  ``payment``, ``bookings``, ``tickets``.

Widgets call services only (never SQL), off the GUI thread.
"""
