"""Use cases: each function carries out one action inside a transaction, with audit."""
