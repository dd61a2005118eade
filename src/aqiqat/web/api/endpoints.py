"""Imports every module that adds routes to the API, so mounting it mounts them all."""

from aqiqat.web.api import search, sync  # noqa: F401
