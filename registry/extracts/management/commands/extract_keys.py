"""Show the public keys extracts are verified with, or make a new signing key or certificate."""

import json
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID
from django.core.management.base import BaseCommand, CommandError

from registry.extracts import certificate, keys


class Command(BaseCommand):
    help = ("Print the published public keys of register extracts (the JSON served at "
            "/.well-known/register-extract-keys.json), or with --generate a new signing key.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--generate", action="store_true",
            help="print a new private key for EXTRACT_SIGNING_KEY and its public key")
        parser.add_argument(
            "--generate-pdf", metavar="FILE",
            help="write a new RSA key for the PDF signature with a self-issued certificate to "
                 "FILE (a new file, owner-readable), and print a certificate signing request "
                 "for a CA to issue the production certificate for the same key")

    def handle(self, *args, **options):
        if options["generate_pdf"]:
            self._generate_pdf(Path(options["generate_pdf"]))
            return
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

    def _generate_pdf(self, path):
        credentials = certificate.generate()
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise CommandError(f"Cannot create {path}: {error.strerror}") from None
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(certificate.pem_bundle(credentials))
        request = (
            x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name([
                x509.NameAttribute(NameOID.COMMON_NAME, certificate.SIGNER_NAME)]))
            .sign(credentials.private_key, hashes.SHA256())
        )
        self.stdout.write(f"# Wrote the key and a self-issued certificate to {path}: set "
                          "EXTRACT_PDF_KEY_FILE and EXTRACT_PDF_CERTIFICATE_FILE to it.")
        self.stdout.write("# For a certificate PDF readers trust, send this request to a CA and "
                          "set EXTRACT_PDF_CERTIFICATE_FILE to what it issues.")
        self.stdout.write(request.public_bytes(serialization.Encoding.PEM).decode("ascii"))
