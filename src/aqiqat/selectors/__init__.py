"""Reads: the one way in to protected data, with the access rule checked once."""
