"""Show the public keys extracts are verified with, or make a new signing key."""

import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand

from registry.extracts import keys


class Command(BaseCommand):
    help = ("Print the published public keys of register extracts (the JSON served at "
            "/.well-known/register-extract-keys.json), or with --generate a new signing key.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate", action="store_true",
            help="print a new private key for EXTRACT_SIGNING_KEY and its public key")

    def handle(self, *args, **options):
        if options["generate"]:
            private_key = Ed25519PrivateKey.generate()
            public = keys.PublishedKey(keys.key_id_of(private_key.public_key()),
                                       private_key.public_key(), keys.CURRENT)
            self.stdout.write(f"EXTRACT_SIGNING_KEY={keys.seed_base64(private_key)}")
            self.stdout.write(f"# key id {public.key_id}; public key {public.raw_base64}")
            self.stdout.write("# Keep the private key secret. When it is replaced, add its public "
                              "key to EXTRACT_RETIRED_PUBLIC_KEYS so earlier extracts verify.")
            return
        self.stdout.write(json.dumps(keys.keys_document(), indent=2))
