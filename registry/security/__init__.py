"""Guards that apply to every request: response headers, the lifetime of a signed-in session
and the second factor of staff. Sign-in throttling is django-axes, configured in settings."""
