"""Taking payment: the payment dialog (cash, card, saved card, split tender) and its forms, and
the sale-complete page. Used by the Sell tab and by a seat exchange that costs more."""
