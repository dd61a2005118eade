"""Encryption at rest: the wrapped data key, the in-memory keyring and encrypted streams.

Nothing here imports Django, so the database backend can use it while settings load.
"""
