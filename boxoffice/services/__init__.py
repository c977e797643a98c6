"""Use cases, in one package per domain. Each public function takes the Database and the acting
user, checks permissions, runs one transaction and returns plain values (dataclasses), never ORM
objects. A package's ``__init__`` names its public use cases; its modules are the helpers. The
names are exported lazily (:mod:`boxoffice.lazy_exports`), so importing a package imports none
of its modules and import order cannot close a circle.

- ``sales``     catalog, holds and best seats, pricing, checkout, payments, saved cards, inventory
                (seat state and tickets: nothing else writes them)
- ``bookings``  look up, cancel and exchange sold bookings
- ``events``    the event editor: drafts, tiers and their seats
- ``venues``    venues, seat layouts, sections, layout JSON
- ``tickets``   signed codes, ticket layout and PDF, check-in at the door
- ``reports``   sales, statistics and end-of-shift reports, export
- ``mail``      outbox, messages, SMTP, notifications, weekly mailing, sharing
- ``people``    staff sign-in and accounts, customers
- ``common``    the audit row, upserts, venue-local times
- ``demo``      the demo data set
"""
