"""Season tickets and packages: one seat in a set of events, one booking per event.

- ``catalog``: create a package (events, price per tier name), list them, best seats free in all.
- ``sale``: sell a fixed package in ONE transaction (:func:`sell_package`), nothing if any event's
  seat is gone.
- ``renewal``: next season from this one, subscribers' seats held until a deadline, renew in one
  action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.packages.catalog import (
        PackageInfo,
        best_seats,
        create_package,
        list_packages,
    )
    from boxoffice.services.packages.renewal import create_renewal, renew
    from boxoffice.services.packages.sale import (
        PackageSaleResult,
        PackageSeatUnavailable,
        sell_package,
    )

__all__ = [
    "PackageInfo",
    "PackageSaleResult",
    "PackageSeatUnavailable",
    "best_seats",
    "create_package",
    "create_renewal",
    "list_packages",
    "renew",
    "sell_package",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
