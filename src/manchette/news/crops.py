"""Fixed-ratio crops of stored pictures, for search engines' article cards.

Google shows a news article with a square, a 4:3 or a 16:9 picture, whichever
its layout needs, and ignores pictures under 50,000 pixels. Each stored
picture therefore gets the three crops once, when it is stored, under names
derived from the picture's own content-addressed name. Their sizes follow
from the picture's size alone, so a page can describe them without opening
a file.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

RATIOS: dict[str, tuple[int, int]] = {"1x1": (1, 1), "4x3": (4, 3), "16x9": (16, 9)}
MIN_PIXELS = 50_000  # Google's floor for article pictures
MAX_WIDTH = 1200  # as wide as a large card needs; more only weighs on the crawler


@dataclass(frozen=True, slots=True)
class Crop:
    name: str
    ratio: str
    box: tuple[int, int, int, int]  # left, top, right, bottom in the source picture
    width: int
    height: int


def crop_name(image_name: str, ratio: str) -> str:
    """`pictures/ab/<sha256>.png` → `pictures/ab/<sha256>-c16x9.jpg`."""
    path = PurePosixPath(image_name)
    return str(path.with_name(f"{path.stem}-c{ratio}.jpg"))


def plan(image_name: str, width: int, height: int) -> list[Crop]:
    """The crops a picture of this size gets: those reaching `MIN_PIXELS`, widest ratio last."""
    crops = []
    for ratio, (across, down) in RATIOS.items():
        unit = min(width // across, height // down)
        # Whole units keep the ratio exact after scaling down.
        scaled = min(unit, MAX_WIDTH // across)
        if across * down * scaled * scaled < MIN_PIXELS:
            continue
        box_width, box_height = across * unit, down * unit
        left = (width - box_width) // 2
        # Faces and headlines sit in the upper part of news photos more often
        # than at the bottom: a tall picture loses two thirds of its cut below.
        top = (height - box_height) // 3
        crops.append(
            Crop(
                name=crop_name(image_name, ratio),
                ratio=ratio,
                box=(left, top, left + box_width, top + box_height),
                width=across * scaled,
                height=down * scaled,
            )
        )
    return crops


def store_crops(data: bytes, image_name: str) -> list[Crop]:
    """Cut and store the picture's crops that are not stored yet; idempotent."""
    with Image.open(io.BytesIO(data)) as probe:
        width, height = probe.size
    crops = plan(image_name, width, height)
    missing = [crop for crop in crops if not default_storage.exists(crop.name)]
    if not missing:
        return crops
    # A JPEG decodes faster at a fraction of its size: ask for the smallest
    # one that still gives every crop its full resolution.
    factor = max(crop.width / (crop.box[2] - crop.box[0]) for crop in missing)
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (math.ceil(width * factor), math.ceil(height * factor)))
        rgb = image.convert("RGB")
    scale_x, scale_y = rgb.width / width, rgb.height / height
    for crop in missing:
        left, top, right, bottom = crop.box
        cut = rgb.resize(
            (crop.width, crop.height),
            Image.Resampling.LANCZOS,
            box=(left * scale_x, top * scale_y, right * scale_x, bottom * scale_y),
        )
        out = io.BytesIO()
        cut.save(out, "JPEG", quality=85, optimize=True, progressive=True)
        default_storage.save(crop.name, ContentFile(out.getvalue()))
    return crops
