"""Tamper-evident audit log: every write and every read of sensitive data."""
