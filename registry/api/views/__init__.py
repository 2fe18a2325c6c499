"""Read endpoints of the public API."""
