"""Sources and the records they reported, kept exactly as received."""
