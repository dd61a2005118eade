"""Bringing records in: list files (dry run, then import) and interviews."""
