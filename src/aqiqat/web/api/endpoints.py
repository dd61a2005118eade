"""Imports every module that adds routes to the API, so mounting it mounts them all."""
