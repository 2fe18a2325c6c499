"""Guards that apply to every request: response headers, the lifetime of a signed-in session
and the second factor of staff; the rate limiter shared by the pages that issue something
costly (extracts, password reset links). Sign-in throttling is django-axes, configured in
settings."""
