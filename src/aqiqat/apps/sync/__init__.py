"""Exchanging signed, encrypted bundles with other instances: peers, clocks, history."""
