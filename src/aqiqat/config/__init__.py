"""Django project configuration: typed settings read from the environment."""
