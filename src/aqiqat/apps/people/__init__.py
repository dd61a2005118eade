"""Persons (clusters of records), link decisions and events."""
