"""Season tickets and packages: one seat in a set of events, one booking per event.

- ``catalog``: create a package (events, price per tier name), list them, best seats free in all.
- ``sale``: sell a fixed package in ONE transaction (:func:`sell_package`), nothing if any event's
  seat is gone.
- ``views``: the events to bundle, a package as the clerk sells it (nights, best seats priced).
- ``changes``: cancel wholly or per event (shares refunded), exchange a night for another date.
- ``card``: the season card, one signed QR valid once at each event's door.
- ``holder``: a sold season ticket's nights and the dates each may be exchanged to.
- ``renewal``: next season from this one, subscribers' seats held until a deadline, renew in one
  action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.packages.card import SeasonCard, season_card, season_card_pdf
    from boxoffice.services.packages.catalog import (
        PackageInfo,
        best_seats,
        create_package,
        list_packages,
    )
    from boxoffice.services.packages.changes import cancel_package, exchange_night
    from boxoffice.services.packages.holder import Night, OtherDate, SeasonTicket, season_ticket
    from boxoffice.services.packages.renewal import (
        RenewalOffer,
        create_renewal,
        renew,
        renewal_offer,
    )
    from boxoffice.services.packages.sale import (
        PackageSaleResult,
        PackageSeatUnavailable,
        sell_package,
    )
    from boxoffice.services.packages.views import (
        EventChoice,
        PackageView,
        SeatOffer,
        events_to_bundle,
        package_view,
    )

__all__ = [
    "EventChoice",
    "Night",
    "OtherDate",
    "PackageInfo",
    "PackageSaleResult",
    "PackageSeatUnavailable",
    "PackageView",
    "RenewalOffer",
    "SeasonCard",
    "SeasonTicket",
    "SeatOffer",
    "best_seats",
    "cancel_package",
    "create_package",
    "create_renewal",
    "events_to_bundle",
    "exchange_night",
    "list_packages",
    "package_view",
    "renew",
    "renewal_offer",
    "season_card",
    "season_card_pdf",
    "season_ticket",
    "sell_package",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
