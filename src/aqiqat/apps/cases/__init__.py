"""Complaints to authorities and the criminal cases they led to."""
