"""Relatives' tracing requests."""
