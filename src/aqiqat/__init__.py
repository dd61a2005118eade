"""Aqiqat: documentation of what happens to people during and after mass unrest."""

__version__ = "0.1.0"
