"""Managers' Discount codes tab: create, disable, and see each code's redemptions."""

from boxoffice.gui.manager.codes.tab import DiscountCodesTab

__all__ = ["DiscountCodesTab"]
