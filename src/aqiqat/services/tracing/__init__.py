"""The tracing desk: the shared search index, enquiries and their matches."""
