"""Gift vouchers at the desk, shared by the Sell tab (a voucher sold) and the booking views (a
refund put on a new voucher): print it, save it as PDF, mail it to its buyer or recipient."""
