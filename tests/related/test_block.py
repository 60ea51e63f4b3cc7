"""The block on the article page: what readers see, at a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from manchette.news.models import Article
from manchette.related.selectors import read_also
from tests.factories import jpeg, picture
from tests.pages import get_page
from tests.related.corpus import AGENCIES, STORIES, applied, publish_all, story

pytestmark = pytest.mark.django_db


def _with_pictures() -> dict[str, Article]:
    articles = {}
    for n, key in enumerate(STORIES):
        item = story(key, minutes=n, provider=AGENCIES[n % 3], pictures=(picture(),))
        articles[key] = applied(item, {"pictures/one.jpg": jpeg()})
    return articles


def test_the_block_shows_four_teasers_with_picture_provider_time_and_excerpt(
    client, sections, providers
):
    articles = _with_pictures()
    page = get_page(client, articles["bce_taux"].get_absolute_url())
    block = page.find("section", class_="read-also")
    assert block.find("h2").get_text(strip=True) == "À lire aussi"
    teasers = block.find_all("article")
    assert len(teasers) == 4
    for teaser in teasers:
        figure = teaser.find("figure")
        assert figure.find("img")["alt"] and "AFP / JEANNE MARTIN" in figure.figcaption.text
        assert "Le port de Vladivostok" in figure.figcaption.text
        assert (
            teaser.find(class_="provider-line")
            .get_text(" ", strip=True)
            .startswith("information fournie par")
        )
        stamp = teaser.find("time").get_text()
        assert len(stamp) == 16 and stamp[2] == "." and stamp[5] == "." and stamp[13] == ":"
        excerpt = teaser.find("p", class_="teaser__excerpt")
        assert "... Lire la suite" in excerpt.get_text(" ", strip=True)
        link = teaser.find("a", class_="read-more")
        assert link["href"] == teaser.find("h3").a["href"]


def test_the_block_is_in_english_under_en(client, sections, providers):
    articles = publish_all()
    page = get_page(client, f"/en{articles['bce_taux'].get_absolute_url()}")
    block = page.find("section", class_="read-also")
    assert block.find("h2").get_text(strip=True) == "Read also"
    assert "Read more" in block.get_text()


def test_no_block_when_nothing_is_related(client, sections, providers):
    article = applied(story("elections_bresil"))
    page = get_page(client, article.get_absolute_url())
    assert page.find("section", class_="read-also") is None


def test_the_block_costs_the_same_queries_however_many_neighbours(sections, providers):
    articles = _with_pictures()
    with CaptureQueriesContext(connection) as many:
        assert len(read_also(articles["bce_taux"])) == 4
    english = [
        applied(story(key, guid=f"urn:related:en:{key}", language="en", headline=headline))
        for key, headline in (
            ("bce_taux", "The European Central Bank raises its rates"),
            ("inflation_zone_euro", "European Central Bank watches inflation"),
        )
    ]
    with CaptureQueriesContext(connection) as few:
        assert len(read_also(english[0])) == 1
    # Editors' choices, neighbours as values, the chosen articles, their figures.
    assert len(many) == len(few) == 4
