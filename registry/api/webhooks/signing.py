"""The signature of a delivery: `X-Register-Signature: t=<unix time>,v1=<hex>`, where hex
is HMAC-SHA256 under the subscription's secret of "<unix time>.<raw body>". A receiver
recomputes it over the body exactly as received, compares in constant time and refuses a
timestamp far from its clock (a replayed delivery)."""

import hashlib
import hmac
import time

HEADER = "X-Register-Signature"
TOLERANCE = 300  # seconds a receiver should accept between the timestamp and its clock


def sign(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header(secret, body, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(secret, value, body, now=None, tolerance=TOLERANCE):
    """Whether `value` (the header) signs `body` with `secret`, recently enough."""
    try:
        parts = dict(part.split("=", 1) for part in value.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), parts.get("v1", ""))
