"""Send a document's PDF: from Django with HTTP range requests, or through the front server.

Large Atlas PDFs are read page by page by browsers' viewers and resumed by download managers, both
with ``Range: bytes=...`` requests (RFC 9110 §14). One range is served as 206 Partial Content;
several ranges in one request, rare for PDFs, get the whole file (a server may ignore Range).
"""

import os
import re
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe

CHUNK_SIZE = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class UnsatisfiableRange(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte positions asked for, None to send everything, or UnsatisfiableRange."""
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match:
        return None  # malformed or several ranges: ignore the header
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            raise UnsatisfiableRange
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # invalid: ignored
    if start >= size:
        raise UnsatisfiableRange
    return start, min(end, size - 1)


def _read_range(path: str, start: int, length: int):
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


def etag_of(document) -> str:
    return f'"{document.file_sha256[:32]}"' if document.file_sha256 else ""


def _range_allowed(request, document) -> bool:
    """If-Range: a resumed download continues only if the file did not change in between."""
    if_range = request.META.get("HTTP_IF_RANGE")
    if not if_range:
        return True
    if if_range.startswith(('"', 'W/"')):
        return if_range == etag_of(document)
    since = parse_http_date_safe(if_range)
    modified = document.file_updated_at or document.updated_at
    return since is not None and int(modified.timestamp()) <= since


def pdf_response(request, document, *, inline: bool, public: bool):
    """The document's PDF, with its type, a readable filename and caching headers."""
    from mess_portal.storage import is_local, presigned_download

    if not is_local(document.file.storage):
        # In an object store (MEDIA_STORAGE=s3): a redirect to a short-lived presigned URL, so that the
        # store sends the bytes and answers range requests, not an app server's worker.
        url = presigned_download(
            document.file, filename=document.download_filename, inline=inline, content_type="application/pdf"
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response
    path = document.file.path
    size = os.path.getsize(path)
    modified = document.file_updated_at or document.updated_at
    headers = {
        "Content-Type": "application/pdf",
        "Content-Disposition": content_disposition_header(not inline, document.download_filename),
        "Accept-Ranges": "bytes",
        "Last-Modified": http_date(modified.timestamp()),
        # Revalidated hourly rather than cached for long: staff may replace the file at the same URL.
        "Cache-Control": "public, max-age=3600" if public else "private, no-store",
    }
    if etag_of(document):
        headers["ETag"] = etag_of(document)

    if settings.LIBRARY_SENDFILE:
        # The front server sends the bytes, and answers range requests itself.
        response = HttpResponse(headers=headers)
        del response["Accept-Ranges"]
        if settings.LIBRARY_SENDFILE == "x-accel-redirect":
            relative = os.path.relpath(path, settings.MEDIA_ROOT)
            response["X-Accel-Redirect"] = quote(
                settings.LIBRARY_SENDFILE_PREFIX.rstrip("/") + "/" + relative
            )
        else:
            response["X-Sendfile"] = path
        return response

    byte_range = None
    if "HTTP_RANGE" in request.META and _range_allowed(request, document):
        try:
            byte_range = parse_range(request.META["HTTP_RANGE"], size)
        except UnsatisfiableRange:
            response = HttpResponse(status=416, headers={**headers, "Content-Range": f"bytes */{size}"})
            response["Content-Type"] = "text/plain"
            del response["Content-Disposition"]
            return response
    if request.method == "HEAD":
        return HttpResponse(headers={**headers, "Content-Length": str(size)})
    if byte_range is None:
        return StreamingHttpResponse(
            _read_range(path, 0, size), headers={**headers, "Content-Length": str(size)}
        )
    start, end = byte_range
    length = end - start + 1
    return StreamingHttpResponse(
        _read_range(path, start, length),
        status=206,
        headers={**headers, "Content-Length": str(length), "Content-Range": f"bytes {start}-{end}/{size}"},
    )
