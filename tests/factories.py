"""Building dispatches and pictures for tests, and applying them the real way."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from typing import Any

from PIL import Image

from manchette.news.services import Outcome, apply_dispatch
from manchette.wires.dispatch import Dispatch, Picture, Rendition, Subject

BASE_TIME = datetime(2026, 11, 20, 13, 15, tzinfo=UTC)  # 14:15 in Paris

BODY = (
    "<p>Les deux dirigeants se sont retrouvés mardi matin.</p>"
    "<h2>Une rencontre à Vladivostok ?</h2>"
    "<blockquote><p>« Nous avons beaucoup à nous dire », a déclaré le porte-parole.</p>"
    "</blockquote>"
    "<p>La rencontre doit durer deux jours.</p>"
)


def jpeg(
    width: int = 1600, height: int = 900, colour: tuple[int, int, int] = (30, 90, 160)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG", quality=70)
    return out.getvalue()


def picture(href: str = "pictures/one.jpg", **overrides: Any) -> Picture:
    values: dict[str, Any] = {
        "renditions": (
            Rendition(href=href, name="original", width=1600, height=900, mime_type="image/jpeg"),
        ),
        "caption": "Le port de Vladivostok, en Russie, le 25 avril 2019.",
        "credit": "AFP / JEANNE MARTIN",
        "alt_text": "Des grues portuaires devant une baie grise.",
        "guid": "urn:test:pic:1",
    }
    values.update(overrides)
    return Picture(**values)


def dispatch(**overrides: Any) -> Dispatch:
    values: dict[str, Any] = {
        "guid": "urn:test:story:1",
        "version": "1",
        "version_created": BASE_TIME,
        "first_created": BASE_TIME,
        "headline": "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok",
        "provider": "AFP",
        "standfirst": "Le dirigeant nord-coréen est arrivé en Russie pour un sommet inédit.",
        "body_html": BODY,
        "language": "fr",
        "byline": "Camille Durand",
        "subjects": (Subject("medtop:11000000", "politique"),),
        "source_format": "test",
    }
    values.update(overrides)
    return Dispatch(**values)


def later(base: Dispatch, *, version: str, minutes: int, **overrides: Any) -> Dispatch:
    """A later version of `base`, `minutes` after it."""
    from datetime import timedelta

    return dataclasses.replace(
        base,
        version=version,
        version_created=base.version_created + timedelta(minutes=minutes),
        **overrides,
    )


def apply(item: Dispatch, pictures: dict[str, bytes] | None = None) -> Outcome:
    files = pictures or {}

    def load(href: str) -> bytes:
        if href not in files:
            raise OSError(f"picture not found: {href}")
        return files[href]

    return apply_dispatch(item, load_picture=load, source="test")
