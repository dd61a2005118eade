class ListError(Exception):
    """A list file or mapping cannot be read; the message says why in plain words."""
