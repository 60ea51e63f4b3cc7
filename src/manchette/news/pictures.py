"""Storing wire pictures: validated, deduplicated by content, with a web thumbnail.

A picture is stored once under a name derived from its bytes, so the same
agency photo sent with five versions of a story takes the space of one, and
names never collide or need cleaning up.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from manchette.news.crops import store_crops

# Pictures bigger than this are refused: a hostile file can declare a huge
# canvas that would exhaust memory when decoded.
MAX_PIXELS = 60_000_000
THUMBNAIL_WIDTH = 640
_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class PictureError(ValueError):
    """The bytes are not a picture this site can publish."""


@dataclass(frozen=True, slots=True)
class StoredPicture:
    image: str
    thumbnail: str
    width: int
    height: int


_recently_stored: dict[str, StoredPicture] = {}
_RECENT_LIMIT = 512


def store_picture(data: bytes) -> StoredPicture:
    """Validate picture bytes and store them with a thumbnail; idempotent by content.

    A batch often names the same agency photo many times: bytes already
    validated and stored by this process are recognised by their hash alone.
    """
    digest = hashlib.sha256(data).hexdigest()
    known = _recently_stored.get(digest)
    if known is not None and default_storage.exists(known.image):
        return known
    stored = _store(data, digest)
    if len(_recently_stored) >= _RECENT_LIMIT:
        _recently_stored.clear()
    _recently_stored[digest] = stored
    return stored


def _store(data: bytes, digest: str) -> StoredPicture:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe_format = probe.format or ""
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise PictureError(f"picture too large: {width}×{height} pixels")
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise PictureError(f"not a readable picture: {exc}") from None
    extension = _FORMATS.get(probe_format)
    if extension is None:
        raise PictureError(f"unsupported picture format: {probe_format or 'unknown'}")

    name = f"pictures/{digest[:2]}/{digest}.{extension}"
    thumb_name = f"pictures/{digest[:2]}/{digest}-w{THUMBNAIL_WIDTH}.jpg"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    if not default_storage.exists(thumb_name):
        default_storage.save(thumb_name, ContentFile(_thumbnail(data)))
    store_crops(data, name)  # for structured data: cut once here, never on a page view
    return StoredPicture(image=name, thumbnail=thumb_name, width=width, height=height)


def _thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (THUMBNAIL_WIDTH * 2, THUMBNAIL_WIDTH * 2))
        rgb = image.convert("RGB")
        if rgb.width > THUMBNAIL_WIDTH:
            ratio = THUMBNAIL_WIDTH / rgb.width
            rgb = rgb.resize(
                (THUMBNAIL_WIDTH, max(1, round(rgb.height * ratio))), Image.Resampling.LANCZOS
            )
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=82, optimize=True, progressive=True)
        return out.getvalue()
