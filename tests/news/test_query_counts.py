"""Pages cost a fixed number of queries, however much they show.

Each count is asserted exactly, so a query added to a page fails here and
has to be argued for. Counts are of an anonymous reader's page rendered by
its view (no page cache), once the per-process caches are warm (the most-read
ranking, the read-also queue emptied by a first view).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from manchette.comments.models import Comment
from manchette.news.models import Article
from manchette.popularity import backends, selectors
from manchette.popularity.backends import Tally
from manchette.popularity.windows import scopes_of
from tests.factories import apply, dispatch, jpeg, picture
from tests.queries import page_and_queries
from tests.related.corpus import AGENCIES, STORIES, applied, story

pytestmark = pytest.mark.django_db

ARTICLE_QUERIES = 11
"""Article and figures, versions, menu, comments (both counts, the page with its replies),
read-also (editors' choices, neighbours, the chosen articles, their figures), most read."""
LISTING_QUERIES = {"/": 4, "/monde/": 6, "/fournisseur/afp/": 5}


def _stories(count: int, offset: int = 0) -> None:
    files = {"pictures/one.jpg": jpeg()}
    for n in range(offset, offset + count):
        apply(dispatch(guid=f"urn:q:{n}", pictures=(picture(),)), files)


def _queries(client: Client, url: str) -> tuple[int, BeautifulSoup]:
    queries, page = page_and_queries(client, url)
    return len(queries), page


@pytest.mark.parametrize("url", list(LISTING_QUERIES))
def test_listing_queries_do_not_grow_with_the_page(client, sections, providers, url, no_page_cache):
    _stories(2)
    client.get(url)  # warm caches that are not per-request
    few, _ = _queries(client, url)
    _stories(15, offset=2)
    many, page = _queries(client, url)
    assert len(page.select("main article")) == 17
    assert many == few == LISTING_QUERIES[url]


@pytest.fixture
def most_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[backends.PopularityBackend]:
    """The site's counter, its ranking kept for the whole test (a refresh is a query)."""
    counter = backends.backend()
    monkeypatch.setattr(selectors, "REFRESH_IN_BACKGROUND", False)
    monkeypatch.setattr(selectors, "RANKING_SECONDS", 3600.0)
    counter.clear()
    selectors.forget_rankings()
    yield counter
    counter.clear()
    selectors.forget_rankings()


def _comments(article: Article, count: int, authors: list[Any]) -> None:
    """`count` published comments, one in six a reply."""
    now = timezone.now()
    tops = Comment.objects.bulk_create(
        Comment(
            article=article,
            author=authors[n % 3],
            body=f"Commentaire {n}, voir https://example.org/?n={n}&t=1",
            status=Comment.Status.PUBLISHED,
            created_at=now - timedelta(minutes=count - n),
            published_at=now,
        )
        for n in range(count - count // 6)
    )
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=parent,
            author=authors[0],
            body="Réponse",
            status=Comment.Status.PUBLISHED,
            published_at=now,
        )
        for parent in tops[::5][: count // 6]
    )


def test_the_article_page_costs_the_same_queries_whatever_its_comments(
    sections, providers, most_read, no_page_cache
):
    files = {"pictures/one.jpg": jpeg()}
    articles = [
        applied(story(key, minutes=n, provider=AGENCIES[n % 3], pictures=(picture(),)), files)
        for n, key in enumerate(STORIES)
    ]
    most_read.add(
        [
            Tally(a.pk, scopes_of(a.section.path), int(timezone.now().timestamp()), n + 1)
            for n, a in enumerate(articles)
        ]
    )
    most_read.flush()
    article = articles[0]
    url = article.get_absolute_url()
    authors = [
        get_user_model().objects.create_user(
            username=f"lecteur-{n}@example.org",
            email=f"lecteur-{n}@example.org",
            password=None,
            pseudonym=f"Lecteur {n}",
        )
        for n in range(3)
    ]
    client = Client()
    client.get(url)  # the first view ranks the most read and takes the article off the queue

    counts = []
    for total in (0, 7, 300):
        Comment.objects.filter(article=article).delete()
        _comments(article, total, authors)
        queries, page = _queries(client, url)
        counts.append(queries)
        assert len(page.select(".read-also article")) == 4
        assert len(page.select(".most-popular__list li")) == 5
        assert len(page.select(".comments article")) == min(total, 50 + 50 // 5)
    assert counts == [ARTICLE_QUERIES] * 3
