"""Article addresses: readable slug, stable id, redirects, 404 and 410."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from manchette.news.models import Section
from manchette.wires.dispatch import PubStatus
from tests.factories import apply, dispatch, later
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db


def test_the_url_carries_section_path_slug_and_id(article):
    url = article.get_absolute_url()
    assert url == (
        "/monde/actualites/kim-jong-un-et-vladimir-poutine-se-rencontrent-a-vladivostok-"
        f"{article.public_id}"
    )
    assert len(article.public_id) == 10 and article.public_id.isalnum()


def test_a_changed_headline_changes_the_slug_and_the_old_url_redirects(client, sections, providers):
    first = dispatch()
    old_url = apply(first).article.get_absolute_url()
    new = apply(later(first, version="2", minutes=5, headline="Sommet reporté à Vladivostok"))
    new_url = new.article.get_absolute_url()
    assert new_url != old_url and new_url.endswith(
        f"sommet-reporte-a-vladivostok-{new.article.public_id}"
    )
    response = client.get(old_url + "?utm_source=x")
    assert response.status_code == 301
    assert response["Location"] == new_url + "?utm_source=x"


def test_a_wrong_section_path_redirects_to_the_right_one(client, article):
    wrong = article.get_absolute_url().replace("/monde/", "/economie/")
    response = client.get(wrong)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_moving_a_section_keeps_old_links_working(client, article):
    world = Section.objects.get(path="monde")
    old_url = article.get_absolute_url()
    world.slug = "international"
    world.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].startswith("/international/actualites/")


def test_an_unknown_id_is_a_real_404_page(client, article):
    soup = get_page(client, "/monde/actualites/quelque-chose-0000000000", status=404)
    assert text_of(soup.find("h1")) == "Page introuvable"
    assert soup.find("main") is not None and soup.select_one(".skip-link") is not None


def test_a_killed_article_answers_410_gone(client, sections, providers):
    first = dispatch()
    url = apply(first).article.get_absolute_url()
    apply(later(first, version="2", minutes=5, status=PubStatus.CANCELED))
    soup = get_page(client, url, status=410)
    assert text_of(soup.find("h1")) == "Article retiré"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_withheld_and_embargoed_articles_are_not_found(client, sections, providers):
    withheld = apply(dispatch(guid="urn:w", status=PubStatus.WITHHELD)).article
    get_page(client, withheld.get_absolute_url(), status=404)
    embargoed = apply(
        dispatch(guid="urn:e", embargoed=timezone.now() + timedelta(minutes=30))
    ).article
    get_page(client, embargoed.get_absolute_url(), status=404)


def test_an_embargo_lifts_by_itself_when_its_time_comes(client, sections, providers, settings):
    story = apply(dispatch(guid="urn:e", embargoed=timezone.now() - timedelta(seconds=1))).article
    get_page(client, story.get_absolute_url(), status=200)


def test_english_urls_live_under_en(client, article):
    from django.utils import translation

    with translation.override("en"):
        assert article.get_absolute_url().startswith("/en/monde/actualites/")
    get_page(client, "/en" + article.get_absolute_url())
