"""Publishing counts without exposing anyone: small-cell suppression. No Django here."""

from aqiqat.disclosure.suppression import THRESHOLD, SuppressedTable, suppress_table

__all__ = ["THRESHOLD", "SuppressedTable", "suppress_table"]
