"""Where uploads live: the local filesystem (MEDIA_STORAGE=filesystem) or an S3-compatible bucket (s3).

With S3 the bucket holds two prefixes: ``media/`` (logos, photos, covers, library PDFs: what
MEDIA_ROOT holds on disk) and ``private/`` (the contest's attachments: what MEDIA_ROOT/../private/
holds on disk). Public media are reached through ``MEDIA_URL`` (nginx proxies /media/ to the bucket:
same origin, the CSP needs nothing more) or through ``AWS_S3_CUSTOM_DOMAIN`` (a CDN, the bucket's
public host). The library's PDFs are under ``media/library/documents/`` but are never linked directly:
the download view counts the download and answers with a short-lived presigned URL.
"""

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.encoding import filepath_to_uri

# What a browser may display from our media: images that are not SVG (which can carry script) and PDFs.
# Anything else is stored and served as a download of unknown type, never rendered as a page.
SAFE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "application/pdf"}


def safe_media_headers(name: str) -> dict:
    content_type, _encoding = mimetypes.guess_type(name)
    if content_type in SAFE_MEDIA_TYPES:
        return {"ContentType": content_type}
    return {"ContentType": "application/octet-stream", "ContentDisposition": "attachment"}


def is_local(storage) -> bool:
    return isinstance(storage, FileSystemStorage)


try:  # django-storages[s3] is a dependency, but the filesystem mode must not need boto3 at import
    from storages.backends.s3 import S3Storage
except ImportError:  # pragma: no cover
    S3Storage = object


class PublicMediaStorage(S3Storage):
    """The default storage with MEDIA_STORAGE=s3: public media under ``media/``, plain URLs."""

    location = "media"
    querystring_auth = False
    file_overwrite = False

    def get_object_parameters(self, name):
        return {**super().get_object_parameters(name), **safe_media_headers(name)}

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.custom_domain:
            return super().url(name, parameters, expire, http_method)
        return settings.MEDIA_URL + filepath_to_uri(name)

    def signed_url(self, name, *, expire: int, parameters: dict) -> str:
        """A presigned GET of this object, valid ``expire`` seconds, from the bucket's endpoint."""
        key = posixpath.join(self.location, name) if self.location else name
        return self.connection.meta.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket_name, "Key": key, **parameters},
            ExpiresIn=expire,
        )


class PrivateStorage(S3Storage):
    """The contest's attachments with MEDIA_STORAGE=s3: under ``private/``, read only through Django."""

    location = "private/contest"
    querystring_auth = True
    custom_domain = None
    file_overwrite = False

    def get_object_parameters(self, name):
        return {**super().get_object_parameters(name), **safe_media_headers(name)}


def private_storage(subfolder: str):
    """The storage of files that only a view may hand out (MEDIA_ROOT/../private/<subfolder> on disk)."""
    if settings.MEDIA_STORAGE == "s3":
        return PrivateStorage(location=f"private/{subfolder}")
    return None  # the caller keeps its filesystem storage


def presigned_download(field_file, *, filename: str, inline: bool, content_type: str) -> str:
    """A short-lived URL at the object store for this file, with the name and type the visitor gets."""
    storage = field_file.storage
    disposition = "inline" if inline else "attachment"
    # RFC 6266: an ASCII fallback and the UTF-8 name.
    ascii_name = (
        filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "document.pdf"
    )
    disposition += f"; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return storage.signed_url(
        field_file.name,
        expire=settings.MEDIA_SIGNED_URL_SECONDS,
        parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
    )


__all__ = ["PrivateStorage", "PublicMediaStorage", "default_storage", "is_local", "presigned_download"]
