"""The square, 4:3 and 16:9 crops every stored picture gets for structured data."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from manchette.news import crops
from manchette.news.pictures import store_picture
from tests.factories import jpeg


def _open(name: str) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def test_a_stored_picture_gets_three_exact_crops_of_enough_pixels():
    stored = store_picture(jpeg(1600, 900))
    for ratio, (across, down) in crops.RATIOS.items():
        image = _open(crops.crop_name(stored.image, ratio))
        width, height = image.size
        assert width * down == height * across, ratio
        assert width * height >= crops.MIN_PIXELS, ratio
        assert width <= crops.MAX_WIDTH
        assert image.format == "JPEG"


def test_the_planned_sizes_are_the_stored_sizes():
    stored = store_picture(jpeg(1000, 1400))
    for crop in crops.plan(stored.image, stored.width, stored.height):
        assert _open(crop.name).size == (crop.width, crop.height), crop.ratio


def test_crops_are_cut_from_the_picture_not_stretched():
    """A picture with a red top half and a blue bottom keeps both in its 16:9 crop."""
    source = Image.new("RGB", (900, 1200), (200, 0, 0))
    source.paste((0, 0, 200), (0, 600, 900, 1200))
    out = io.BytesIO()
    source.save(out, "PNG")
    stored = store_picture(out.getvalue())
    wide = _open(crops.crop_name(stored.image, "16x9")).convert("RGB")
    assert wide.size == (896, 504)
    top, bottom = wide.getpixel((450, 5)), wide.getpixel((450, 498))
    assert top[0] > 150 and top[2] < 60, top
    assert bottom[2] > 150 and bottom[0] < 60, bottom


def test_a_picture_too_small_for_a_crop_gets_only_those_it_can():
    # 400 × 200: a 200 × 200 square is under 50,000 pixels; 4:3 and 16:9 are not.
    planned = {crop.ratio: (crop.width, crop.height) for crop in crops.plan("p/x.jpg", 400, 200)}
    assert planned == {"4x3": (264, 198), "16x9": (352, 198)}
    assert crops.plan("p/x.jpg", 120, 90) == []


@pytest.mark.parametrize(("width", "height"), [(6000, 4000), (1200, 5000), (5000, 300)])
def test_large_and_odd_pictures_are_scaled_down_to_exact_ratios(width, height):
    for crop in crops.plan("p/x.jpg", width, height):
        across, down = crops.RATIOS[crop.ratio]
        assert crop.width * down == crop.height * across
        assert crop.width <= crops.MAX_WIDTH
        left, top, right, bottom = crop.box
        assert 0 <= left < right <= width and 0 <= top < bottom <= height
        assert (right - left) * down == (bottom - top) * across


def test_storing_again_writes_nothing_new():
    data = jpeg(800, 600)
    stored = store_picture(data)
    name = crops.crop_name(stored.image, "1x1")
    before = default_storage.get_modified_time(name)
    crops.store_crops(data, stored.image)
    assert default_storage.get_modified_time(name) == before
    assert len(default_storage.listdir(name.rsplit("/", 1)[0])[1]) == 5  # picture, thumb, 3 crops
