"""Thin views: they call selectors and services and render templates."""
