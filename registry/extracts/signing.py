"""Ed25519 signatures over an extract's canonical content, and the envelope carrying one."""

import base64
from dataclasses import dataclass

from . import keys


@dataclass(frozen=True)
class Signature:
    key_id: str
    value: str  # base64 of the 64-byte Ed25519 signature

    def envelope(self, keys_url=""):
        """What travels beside the content. `keys_url` is a hint: trust your own copy of keys."""
        return {
            "algorithm": keys.ALGORITHM,
            "key_id": self.key_id,
            "signature": self.value,
            "keys_url": keys_url,
        }


def sign(data):
    private_key = keys.signing_key()
    value = base64.b64encode(private_key.sign(data)).decode("ascii")
    return Signature(key_id=keys.key_id_of(private_key.public_key()), value=value)
