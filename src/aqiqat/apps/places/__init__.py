"""Gazetteer: places and facilities (detention centres, hospitals, morgues)."""
