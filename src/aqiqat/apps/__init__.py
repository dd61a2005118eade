"""Django apps, one per area; models hold data rules, not workflows."""
