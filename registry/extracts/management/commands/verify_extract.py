"""Check a PDF extract offline: its embedded content against its Ed25519 signature."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import DatabaseError
from django.utils import translation

from registry.extracts import wording
from registry.extracts.content import canonical_bytes
from registry.extracts.identifiers import grouped
from registry.extracts.keys import certificates_from_document, public_keys_from_document
from registry.extracts.models import Extract
from registry.extracts.verification import register_keys, verify_pdf


class Command(BaseCommand):
    help = ("Verify a PDF extract of the register with the published public keys; "
            "prints the verdict and the signed content, exits non-zero when not genuine.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the PDF extract")
        parser.add_argument(
            "--keys", metavar="FILE",
            help="a saved copy of /.well-known/register-extract-keys.json "
                 "(default: this register's own published keys)")

    @no_translations  # the command speaks English; the extract's own words keep its language
    def handle(self, *args, **options):
        pdf = self._read(options["file"])
        verdict = verify_pdf(pdf, *self._keys(options["keys"]))
        if not verdict.genuine:
            details = [verdict.detail] if verdict.detail else []
            details += [f"key id {verdict.key_id}"] if verdict.key_id else []
            signed = verdict.pdf_signature
            if signed and signed.fingerprint:
                details += [f"PDF signed by {signed.signer!r}, certificate SHA-256 "
                            f"{signed.fingerprint}"]
            raise CommandError("\n  ".join([f"NOT GENUINE: {verdict.message}", *details]))
        content = verdict.content
        self._print_summary(content, verdict.key_id, verdict.pdf_signature)
        self._compare_with_register(content)
        self.stdout.write("\nSigned content:")
        self.stdout.write(json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True))

    def _read(self, name):
        try:
            return Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror or error}") from None

    def _keys(self, name):
        """(Ed25519 public keys, PDF signing certificates) to check against."""
        if not name:
            return register_keys(), None
        try:
            document = json.loads(Path(name).read_text(encoding="utf-8"))
            return public_keys_from_document(document), certificates_from_document(document)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise CommandError(f"Cannot read the keys file {name}: {error}") from None

    def _print_summary(self, content, key_id, pdf_signature):
        entry, status = content["entry"], content["status"]
        maker = entry["manufacturer"]
        lines = [
            ("Verdict", f"GENUINE: the signature is valid (Ed25519, key {key_id})"),
            ("PDF signature", f"valid, covers the whole file, signed by {pdf_signature.signer!r} "
                              f"(certificate SHA-256 {pdf_signature.fingerprint})"),
            ("Extract", f"{grouped(content['extract_id'])}, issued {content['issued_at']}"),
            ("Entry", f"{entry['registry_number']}  {entry['part_number']}  {entry['name_en']}"),
            ("Manufacturer", f"{maker['name_en'] or maker['name_ru']} ({maker['country']})"),
            ("Status then", f"{status['code']}: " + self._words(content)),
            ("Verify online", content["verification_url"]),
        ]
        for label, value in lines:
            self.stdout.write(f"{label + ':':<15}{value}")

    def _words(self, content):
        with translation.override(content["language"]):
            return " ".join(wording.status_sentences(content["status"], content["entry"]))

    def _compare_with_register(self, content):
        """When this register's database is at hand, say what it holds for the extract now."""
        try:
            extract = (Extract.objects.select_related("product")
                       .filter(code=content["extract_id"]).first())
        except DatabaseError:
            return
        if extract is None:
            self.stdout.write(f"{'Register:':<15}this register's database does not hold it "
                              "(issued elsewhere, or checked away from the register)")
            return
        if extract.content_bytes != canonical_bytes(content):
            raise CommandError("The register holds a different content under this extract id.")
        product = extract.product
        self.stdout.write(f"{'Register:':<15}holds the same signed content")
        self.stdout.write(f"{'Status now:':<15}{product.status}")
