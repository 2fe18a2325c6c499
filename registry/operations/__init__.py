"""Running the register: health checks, request ids in logs, metrics for internal scrapers."""
