"""NewsArticle JSON-LD as Google reads it: required and recommended fields, real pictures."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from manchette.news.crops import MIN_PIXELS, crop_name
from manchette.news.crops import RATIOS as CROP_RATIOS
from tests.factories import apply, dispatch, jpeg, picture
from tests.pages import get_page

pytestmark = pytest.mark.django_db

REQUIRED = ("@context", "@type", "headline", "image", "datePublished", "publisher")
RECOMMENDED = ("dateModified", "author", "mainEntityOfPage", "description", "isAccessibleForFree")
RATIOS = {(1, 1), (4, 3), (16, 9)}


def _news_article(client, url: str) -> dict[str, Any]:
    soup = get_page(client, url)
    blocks = json.loads(soup.find("script", type="application/ld+json").string)
    return next(block for block in blocks if block["@type"] == "NewsArticle")


def _fetch_image(client, url: str) -> Image.Image:
    """The picture a crawler would download from the address in the JSON-LD."""
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    image.load()
    return image


def test_every_required_and_recommended_field_is_filled(client, article):
    data = _news_article(client, article.get_absolute_url())
    for name in REQUIRED + RECOMMENDED:
        assert data.get(name) not in (None, "", []), name
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    for moment in ("datePublished", "dateModified"):
        assert datetime.fromisoformat(data[moment]).utcoffset() is not None, moment
    assert all(author["name"] for author in data["author"])
    assert data["isAccessibleForFree"] is True


def test_images_come_in_three_ratios_each_over_50000_pixels(client, article):
    images = _news_article(client, article.get_absolute_url())["image"]
    found = set()
    for described in images:
        assert described["url"].startswith("http://testserver/media/pictures/")
        image = _fetch_image(client, described["url"])
        width, height = image.size
        assert (described["width"], described["height"]) == (width, height)
        assert width * height >= MIN_PIXELS
        found |= {(a, b) for a, b in RATIOS if width * b == height * a}
        assert described["creditText"] == "AFP / JEANNE MARTIN"
    assert found == RATIOS


def test_a_picture_too_small_for_google_is_left_out(client, sections, providers):
    story = apply(
        dispatch(guid="urn:ld:tiny", pictures=(picture(href="pictures/tiny.jpg"),)),
        {"pictures/tiny.jpg": jpeg(200, 150)},
    ).article
    data = _news_article(client, story.get_absolute_url())
    assert "image" not in data
    assert data["headline"]


def test_the_publisher_has_a_name_and_a_raster_logo(client, article):
    publisher = _news_article(client, article.get_absolute_url())["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "Manchette"
    logo_url = publisher["logo"]["url"]
    assert logo_url.startswith("http://testserver/static/") and logo_url.endswith(".png")
    with Image.open(finders.find("ui/manchette-logo.png")) as logo:
        assert logo.format == "PNG"
        assert min(logo.size) >= 112  # Google's smallest organisation logo


def test_a_publisher_brings_its_own_logo(client, article, settings):
    settings.MANCHETTE_PUBLISHER_LOGO = "https://cdn.example.com/logo.png"
    publisher = _news_article(client, article.get_absolute_url())["publisher"]
    assert publisher["logo"]["url"] == "https://cdn.example.com/logo.png"


def test_pictures_stored_before_crops_existed_get_them_from_the_command(article):
    name = article.figures.get().image.name
    for ratio in CROP_RATIOS:
        default_storage.delete(crop_name(name, ratio))
    call_command("crop_pictures", stdout=io.StringIO())
    assert all(default_storage.exists(crop_name(name, ratio)) for ratio in CROP_RATIOS)
