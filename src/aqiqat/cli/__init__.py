"""The one `aqiqat` command."""
