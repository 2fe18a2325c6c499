"""Following a search by e-mail: subscribe (double opt-in), digests, one-click unsubscribe."""
