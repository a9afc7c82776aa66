"""Checks and re-encoding of uploaded images (logos, photos).

An upload is opened by Pillow, which refuses what is not a raster image (SVG, HTML, scripts renamed
.png); then it is decoded and written again under a generated name, so that nothing the sender put
in the file other than its pixels reaches the site.
"""

import uuid
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 2000
THUMBNAIL_SIDE = 320
# Markup that turns an image into an image/HTML polyglot: harmless once re-encoded, but whoever sends
# it is up to no good, and a copy served as-is (a cover) would carry it. Lower-cased bytes.
MARKUP = (b"<script", b"<html", b"<!doctype", b"<svg", b"<iframe", b"<body", b"<?php", b"javascript:")


def contains_markup(upload) -> bool:
    upload.seek(0)
    data = upload.read().lower()
    upload.seek(0)
    return any(marker in data for marker in MARKUP)


def _open_checked(upload) -> Image.Image:
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s MB); the limit is 5 MB."),
            code="too_large",
            params={"size": round(upload.size / 1024 / 1024, 1)},
        )
    if contains_markup(upload):
        raise ValidationError(
            _(
                "This image also contains web page code (HTML or script): send the picture alone, saved again by an image editor."
            ),
            code="markup",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not an image we accept: send a JPEG, PNG, WebP or GIF file."), code="not_image"
        ) from exc
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("This file is not an image we accept: send a JPEG, PNG, WebP or GIF file."), code="not_image"
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The image has too many pixels (%(width)s × %(height)s); reduce it below 40 megapixels."),
            code="too_many_pixels",
            params={"width": width, "height": height},
        )
    upload.seek(0)
    # verify() leaves the image unusable: open it again to decode the pixels.
    image = Image.open(upload)
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The image is damaged and cannot be read."), code="broken") from exc
    return ImageOps.exif_transpose(image)


def _encode(image: Image.Image, max_side: int) -> ContentFile:
    image = image.copy()
    image.thumbnail((max_side, max_side))
    buffer = BytesIO()
    if image.mode in ("RGBA", "LA", "P") and "transparency" in image.info or image.mode in ("RGBA", "LA"):
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def validate_image(upload) -> None:
    """Field validator: raises ValidationError for anything but a sound raster image within the limits."""
    _open_checked(upload).close()


def reencode(upload, *, max_side: int = MAX_SIDE) -> tuple[ContentFile, ContentFile]:
    """The checked image, re-encoded under a generated name, and its thumbnail."""
    image = _open_checked(upload)
    try:
        return _encode(image, max_side), _encode(image, THUMBNAIL_SIDE)
    finally:
        image.close()
