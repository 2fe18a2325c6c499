"""Where uploaded documents are kept: MEDIA_STORAGE_URL, or local files under MEDIA_ROOT.

    s3://KEY:SECRET@host:port/bucket?region=eu-central-1&prefix=media&tls=1

names any S3-protocol store (MinIO, Ceph, a cloud's object storage). Objects are private:
no ACL is set and no public URL is handed out; every download goes through the register's
own views, which check who asks (products.downloads). Several app servers then share the
documents, which local files cannot do.
"""

from urllib.parse import parse_qs, unquote, urlparse

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


class MediaStorageUrlError(ValueError):
    pass


def storage_from_url(url):
    """The STORAGES["default"] entry for `url` (empty: local files)."""
    if not url:
        return FILE_SYSTEM
    parsed = urlparse(url)
    bucket = parsed.path.strip("/")
    if parsed.scheme != "s3" or not parsed.hostname or not bucket or "/" in bucket:
        raise MediaStorageUrlError(
            "MEDIA_STORAGE_URL must read s3://KEY:SECRET@host[:port]/bucket[?region=…]")
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    secure = query.get("tls", "1").lower() not in {"0", "false", "no"}
    netloc = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "access_key": unquote(parsed.username or ""),
            "secret_key": unquote(parsed.password or ""),
            "bucket_name": bucket,
            "endpoint_url": f"{'https' if secure else 'http'}://{netloc}",
            "region_name": query.get("region") or None,
            "location": query.get("prefix", "").strip("/"),
            # Path-style addressing works with every S3-protocol server, virtual hosts not.
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,  # two uploads with one name keep both, as on disk
        },
    }
