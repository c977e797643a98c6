"""Discount codes: percent or fixed, per ticket or per order, scoped to events and tiers, valid
from/until, with a total and a per-customer use limit counted in the database.

- ``rules``   a typed code checked for a sale: a DiscountRule for pricing, or why it does not apply
- ``cart``    the hold priced with the cart's codes
- ``uses``    counting a use at checkout (conditional UPDATEs), giving it back on cancellation
- ``manage``  the manager's create / list / disable / redemptions
"""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.sales.discount_codes.cart import price_hold
    from boxoffice.services.sales.discount_codes.manage import (
        CodeInfo,
        CodeSpec,
        RedemptionInfo,
        code_redemptions,
        create_code,
        disable_code,
        list_codes,
    )
    from boxoffice.services.sales.discount_codes.rules import normalise, rules_for
    from boxoffice.services.sales.discount_codes.uses import redeem_in, release_in

__all__ = [
    "CodeInfo",
    "CodeSpec",
    "RedemptionInfo",
    "code_redemptions",
    "create_code",
    "disable_code",
    "list_codes",
    "normalise",
    "price_hold",
    "redeem_in",
    "release_in",
    "rules_for",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
