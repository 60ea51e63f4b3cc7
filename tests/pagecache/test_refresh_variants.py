"""A proxy is asked to refresh a page once per contrast choice readers took, and a
refresh asked for while the process exits is still sent."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache

from django.test import Client

from manchette.pagecache import purge
from manchette.pagecache.cache import forget
from manchette.ui import theme
from tests.comments.make import comment, open_for_comments, reader
from tests.pagecache.test_key_purge import Endpoint, endpoint  # noqa: F401 - a fixture


def _behind(settings, endpoint: Endpoint) -> None:  # noqa: F811
    settings.MANCHETTE_PURGE_URLS = [endpoint.url]
    forget()


def _cookies(endpoint: Endpoint) -> list[str]:  # noqa: F811
    return sorted(r.headers.get("Cookie", "") for r in endpoint.sent() if r.method == "GET")


def test_only_the_variants_readers_took_are_refreshed(client: Client, article, settings, endpoint):  # noqa: F811
    story = open_for_comments(article)
    _behind(settings, endpoint)
    client.get(story.get_absolute_url())
    client.cookies[theme.COOKIE_NAME] = theme.HIGH
    client.get(story.get_absolute_url())
    comment(story, reader("Mésange"), "Un avis.")
    assert _cookies(endpoint) == ["", f"{theme.COOKIE_NAME}={theme.HIGH}"]
    assert {r.path for r in endpoint.received} == {story.get_absolute_url()}


def test_an_address_kept_without_its_variant_is_refreshed_for_every_variant(
    settings,
    endpoint,  # noqa: F811
):
    _behind(settings, endpoint)
    purge.refresh({"/une-page?x=1"})
    assert _cookies(endpoint) == sorted(
        ["", f"{theme.COOKIE_NAME}={theme.HIGH}", f"{theme.COOKIE_NAME}={theme.DEFAULT}"]
    )
    assert {r.path for r in endpoint.received} == {"/une-page?x=1"}


def test_a_refresh_asked_once_the_pool_is_closed_is_sent_all_the_same(
    settings,
    endpoint,  # noqa: F811
    monkeypatch,
):
    _behind(settings, endpoint)
    closed = ThreadPoolExecutor(max_workers=1)
    closed.shutdown()  # as at interpreter shutdown: it takes no more work
    monkeypatch.setattr(purge, "_pool", cache(lambda: closed))
    sent = purge.refresh({"a /derniere-page"})
    assert [future.done() for future in sent] == [True]
    assert [(r.method, r.path) for r in endpoint.received] == [("GET", "/derniere-page")]
