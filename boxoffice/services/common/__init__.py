"""Pieces every service package uses inside its transaction: the audit row, insert-or-ignore
and upserts on both backends, and stored UTC times shown in the venue's zone."""
