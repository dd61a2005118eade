"""The web interface: views, templates and static files served by the app itself."""
