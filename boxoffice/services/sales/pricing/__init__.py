"""Pricing: the one seam where money is computed. Holds (the cart), checkout, seat exchanges and
refunds all ask :func:`quote` (or its exchange/refund forms) and show or charge what it returns.

- ``quotes``    the types: PriceLine, Adjustment, QuoteRequest, Quote, the PricingStep protocol
- ``pipeline``  the ordered steps (``STEPS``) and the quote functions
- ``ticket_types``, ``fees``, ``tax``  the steps (tax documents the rounding)

A new pricing rule (ticket types, discount codes, fees, tax, vouchers) is a step in ``STEPS``.
"""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.sales.pricing.pipeline import (
        STEPS,
        ExchangeQuote,
        exchange_quote,
        quote,
        quote_lines,
        refund_quote,
    )
    from boxoffice.services.sales.pricing.quotes import (
        Adjustment,
        PriceLine,
        PricingStep,
        Quote,
        QuoteRequest,
    )

__all__ = [
    "STEPS",
    "Adjustment",
    "ExchangeQuote",
    "PriceLine",
    "PricingStep",
    "Quote",
    "QuoteRequest",
    "exchange_quote",
    "quote",
    "quote_lines",
    "refund_quote",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
