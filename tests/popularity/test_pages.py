""" "Pages les plus populaires" under every article, and the listing by period and section."""

from __future__ import annotations

import time

import pytest

from manchette.news.models import Article
from manchette.popularity import selectors, tokens
from manchette.popularity.backends import Tally
from manchette.popularity.windows import DAY, HOUR, SITE, scopes_of
from manchette.wires.dispatch import PubStatus
from tests.factories import BASE_TIME, apply, dispatch, later
from tests.pages import get_page, text_of

pytestmark = pytest.mark.django_db


def read(counter, article: Article, views: int, ago: int = 60) -> None:
    """`views` readings of the article, `ago` seconds back."""
    scopes = scopes_of(article.section.path)
    counter.add([Tally(article.pk, scopes, int(time.time()) - ago, views=views)])
    counter.flush()
    selectors.forget_rankings()


def block_links(soup):
    block = soup.find("section", class_="most-popular")
    assert block is not None, "no most-popular block"
    return [(a.get_text(strip=True), a["href"]) for a in block.select("ol li a")]


@pytest.fixture
def read_articles(site_counter, article, many_articles):
    """Six stories read 60, 50, 40, 30, 20 and 10 times in the last minutes."""
    stories = list(Article.objects.exclude(pk=article.pk).order_by("published_at")[:6])
    for views, story in zip((60, 50, 40, 30, 20, 10), stories, strict=True):
        read(site_counter, story, views)
    return stories


def test_the_block_lists_the_five_most_read_in_order(client, article, read_articles):
    soup = get_page(client, article.get_absolute_url())
    block = soup.find("section", class_="most-popular")
    assert text_of(block.find("h2")) == "Pages les plus populaires"
    assert block_links(soup) == [(s.headline, s.get_absolute_url()) for s in read_articles[:5]]


def test_the_block_is_in_english_on_english_pages(client, article, read_articles):
    first = f"/en{read_articles[0].get_absolute_url()}"
    soup = get_page(client, f"/en{article.get_absolute_url()}")
    assert text_of(soup.select_one(".most-popular h2")) == "Most popular"
    assert block_links(soup)[0][1] == first


def test_a_killed_article_leaves_the_block_at_once(client, article, read_articles):
    top = read_articles[0]
    apply(
        later(
            dispatch(guid=top.guid, provider=top.provider.code),
            version="9",
            minutes=500,
            status=PubStatus.CANCELED,
        )
    )
    assert Article.objects.get(pk=top.pk).status == Article.Status.KILLED
    headlines = [text for text, _ in block_links(get_page(client, article.get_absolute_url()))]
    assert top.headline not in headlines
    assert headlines == [s.headline for s in read_articles[1:6]]


def test_an_embargoed_article_is_never_listed(client, article, read_articles, site_counter):
    secret = apply(
        dispatch(
            guid="urn:test:embargo",
            headline="Résultats sous embargo",
            embargoed=BASE_TIME.replace(year=2099),
        )
    ).article
    read(site_counter, secret, 1000)
    headlines = [text for text, _ in block_links(get_page(client, article.get_absolute_url()))]
    assert "Résultats sous embargo" not in headlines
    assert len(headlines) == 5


def test_no_block_before_anything_is_read_but_the_beacon_is_there(client, article, site_counter):
    soup = get_page(client, article.get_absolute_url())
    assert soup.find("section", class_="most-popular") is None
    script = soup.find("script", attrs={"data-beacon": True})
    assert script["data-beacon"] == tokens.beacon_url(article.public_id)
    assert int(script["data-after"]) >= 2000
    pixel = soup.find("noscript")
    assert pixel is not None and tokens.beacon_url(article.public_id) in str(pixel)


def test_the_current_article_is_marked_when_listed(client, article, site_counter):
    read(site_counter, article, 5)
    soup = get_page(client, article.get_absolute_url())
    current = soup.select_one(".most-popular a[aria-current=page]")
    assert current is not None and current["href"] == article.get_absolute_url()


def test_the_listing_offers_each_period(client, article, site_counter, many_articles):
    stories = list(Article.objects.order_by("published_at")[:3])
    read(site_counter, stories[0], 9, ago=3 * DAY)
    read(site_counter, stories[1], 5, ago=3 * HOUR)
    read(site_counter, stories[2], 2, ago=60)

    def listed(query: str) -> list[str]:
        soup = get_page(client, f"/actualites/populaires{query}")
        return [a.get_text(strip=True) for a in soup.select("main ol li a")]

    assert listed("?periode=1h") == [stories[2].headline]
    assert listed("") == [stories[1].headline, stories[2].headline]
    assert listed("?periode=24h") == listed("")
    assert listed("?periode=7j") == [s.headline for s in stories]
    assert listed("?periode=nimporte") == listed("")
    soup = get_page(client, "/actualites/populaires?periode=7j")
    current = soup.select("main nav a[aria-current=true]")
    assert [a.get_text(strip=True) for a in current] == ["7 derniers jours", "Toutes les rubriques"]


def test_the_listing_ranks_within_a_section(client, site_counter, many_articles):
    world = Article.objects.filter(section__path="monde").first()
    company = Article.objects.filter(section__path="economie/entreprises").first()
    read(site_counter, world, 9)
    read(site_counter, company, 3)

    def listed(query: str) -> list[str]:
        soup = get_page(client, f"/actualites/populaires{query}")
        return [a.get_text(strip=True) for a in soup.select("main ol li a")]

    assert listed("") == [world.headline, company.headline]
    assert listed("?rubrique=economie") == [company.headline]
    assert listed("?rubrique=economie/entreprises") == [company.headline]
    assert listed("?rubrique=monde") == [world.headline]
    get_page(client, "/actualites/populaires?rubrique=nulle-part", status=404)


def test_the_listing_says_when_nothing_was_read(client, site_counter, sections):
    soup = get_page(client, "/en/actualites/populaires")
    assert "No article has been read enough" in text_of(soup.find("main"))
    assert SITE == ""
