"""Offline-first exchange between instances: keys, clocks, bundles and merge rules."""
