"""Official figures, saved estimates and families' consent to the public memorial."""
