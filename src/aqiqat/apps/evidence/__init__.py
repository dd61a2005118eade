"""Evidence files with hashes and chain of custody."""
