"""RSS and Atom feeds, sitemaps and robots.txt, checked the way consumers read them."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from manchette.news.models import Article, Provider
from manchette.wires.dispatch import PubStatus
from tests.factories import apply, dispatch, jpeg, later, picture

pytestmark = pytest.mark.django_db


def _feed(client, url: str, status: int = 200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, url
    return response, feedparser.parse(response.content) if status == 200 else None


@pytest.fixture
def stories(sections, providers):
    files = {"pictures/one.jpg": jpeg()}
    first = dispatch(guid="urn:feed:1", pictures=(picture(),))
    apply(first, files)
    apply(
        dispatch(
            guid="urn:feed:2",
            provider="BMX",
            headline="Le CAC 40 progresse",
            subjects=(),
            version_created=first.version_created + timedelta(minutes=5),
        )
    )
    return first


@pytest.mark.parametrize("url", ["/flux/rss.xml", "/flux/atom.xml"])
def test_the_site_feed_is_valid_and_complete(client, stories, url):
    response, feed = _feed(client, url)
    assert not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries] == [
        "Le CAC 40 progresse",
        "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok",
    ]
    entry = feed.entries[1]
    assert entry.id == f"urn:manchette:article:{Article.objects.get(guid='urn:feed:1').public_id}"
    assert entry.link.startswith("http://testserver/monde/actualites/")
    assert entry.summary.startswith("Le dirigeant nord-coréen")
    assert {t.term for t in entry.tags} == {"Monde", "AFP"}
    assert entry.media_content[0]["url"].startswith("http://testserver/media/pictures/")
    assert entry.media_content[0]["width"] == "1600"
    assert entry.media_credit[0]["content"] == "AFP / JEANNE MARTIN"
    if url.endswith("rss.xml"):
        assert entry.enclosures[0]["type"] == "image/jpeg"
        assert response["Content-Type"].startswith("application/rss+xml")


def test_an_update_keeps_the_id_and_changes_updated(client, stories):
    _, before = _feed(client, "/flux/atom.xml")
    apply(later(stories, version="2", minutes=30, headline="Le sommet s'ouvre"))
    _, after = _feed(client, "/flux/atom.xml")
    old = next(e for e in before.entries if "Vladivostok" in e.title)
    new = next(e for e in after.entries if e.title == "Le sommet s'ouvre")
    assert new.id == old.id
    assert new.updated_parsed > old.updated_parsed


def test_a_killed_article_leaves_the_feeds_at_once(client, stories):
    apply(later(stories, version="2", minutes=30, status=PubStatus.CANCELED))
    for url in ("/flux/rss.xml", "/flux/rubrique/monde/rss.xml", "/flux/fournisseur/afp/atom.xml"):
        _, feed = _feed(client, url)
        assert all("Vladivostok" not in e.title for e in feed.entries), url


def test_embargoed_articles_stay_out_until_their_time(client, sections, providers):
    apply(dispatch(guid="urn:feed:emb", embargoed=timezone.now() + timedelta(hours=1)))
    _, feed = _feed(client, "/flux/rss.xml")
    assert feed.entries == []


def test_section_and_provider_feeds_hold_only_their_own(client, stories):
    _, world = _feed(client, "/flux/rubrique/monde/rss.xml")
    assert [e.title for e in world.entries] == [
        "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok"
    ]
    _, provider = _feed(client, "/flux/fournisseur/boursorama/atom.xml")
    assert [e.title for e in provider.entries] == ["Le CAC 40 progresse"]
    _feed(client, "/flux/rubrique/nulle-part/rss.xml", status=404)


def test_a_provider_whose_licence_forbids_it_stays_out(client, stories):
    Provider.objects.filter(code="BMX").update(syndication_allowed=False)
    _, feed = _feed(client, "/flux/rss.xml")
    assert [e.title for e in feed.entries] == [
        "Kim Jong Un et Vladimir Poutine se rencontrent à Vladivostok"
    ]


def test_conditional_get_answers_304_until_something_changes(client, stories):
    response, _ = _feed(client, "/flux/rss.xml")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/flux/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/flux/rss.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    apply(later(stories, version="2", minutes=30, status=PubStatus.CANCELED))
    assert client.get("/flux/rss.xml", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get("/flux/rss.xml", HTTP_IF_MODIFIED_SINCE=modified).status_code in (200, 304)


def test_english_feeds_speak_english(client, stories):
    _, feed = _feed(client, "/en/flux/rss.xml")
    assert feed.feed.language == "en"
    assert feed.feed.subtitle.startswith("News as it happens")


def test_robots_points_to_the_sitemaps(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Sitemap: http://testserver/sitemap-news.xml" in body
    assert "Disallow: /admin/" in body


def test_sitemaps_list_visible_articles_in_both_languages(client, stories):
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://testserver/sitemap-articles.xml" in locations
    articles = client.get("/sitemap-articles.xml").content.decode()
    url = Article.objects.get(guid="urn:feed:1").get_absolute_url()
    assert f"http://testserver{url}" in articles
    assert f"http://testserver/en{url}" in articles
    assert 'hreflang="en"' in articles


def test_the_news_sitemap_holds_the_last_two_days_only(client, sections, providers):
    now = timezone.now()
    apply(
        dispatch(
            guid="urn:new",
            headline="Récente",
            version_created=now - timedelta(hours=3),
            first_created=now - timedelta(hours=3),
        )
    )
    apply(
        dispatch(
            guid="urn:old",
            headline="Ancienne",
            version_created=now - timedelta(days=3),
            first_created=now - timedelta(days=3),
        )
    )
    root = etree.fromstring(client.get("/sitemap-news.xml").content)
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    titles = [e.text for e in root.iter(f"{news}title")]
    assert titles == ["Récente"]
    assert [e.text for e in root.iter(f"{news}language")] == ["fr"]
    assert [e.text for e in root.iter(f"{news}name")] == ["Manchette"]
