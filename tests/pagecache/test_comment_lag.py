"""A page whose only change is new comments may be served for a short lag, never longer, and
never when anything else changed."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import pytest
from django.test import Client

from manchette.news.models import Article
from manchette.pagecache.cache import PageCache, answer, forget, page_cache
from manchette.pagecache.entries import Entry
from manchette.wires.dispatch import PubStatus
from tests.comments.make import comment, open_for_comments, reader
from tests.factories import apply, dispatch, later

CACHE = "X-Manchette-Cache"
LONG_LAG_MS = 60_000  # longer than any test: what lags stays lagging
SHORT_LAG_MS = 200


@pytest.fixture
def story(article: Article) -> Article:
    return open_for_comments(article)


def lag(settings: Any, milliseconds: int) -> PageCache:
    settings.MANCHETTE_COMMENT_LAG_MS = milliseconds
    forget()
    cache = page_cache()
    assert cache is not None
    return cache


def get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, **headers)
    assert response.status_code in (200, 410), (url, response.status_code)
    return response


def test_within_the_lag_readers_get_the_page_without_the_new_comment(client, story, settings):
    lag(settings, LONG_LAG_MS)
    url = story.get_absolute_url()
    first = get(client, url)
    comment(story, reader("Mésange"), "Un avis tout frais.")
    late = get(client, url)
    assert late[CACHE] == "stale" and late.content == first.content


def test_a_proxy_is_told_not_to_keep_a_late_page(story, settings):
    settings.MANCHETTE_PROXY_CACHE_SECONDS = 600
    cache = lag(settings, LONG_LAG_MS)
    kept = [("X-Accel-Expires", "600"), ("Surrogate-Control", "max-age=600")]
    stored = cache.store(
        "k", epoch=cache.versions.epoch(), status=200, headers=kept, body=b"old", tags=["c1"]
    )
    assert stored is not None
    request = {"REQUEST_METHOD": "GET"}
    on_time = dict(answer(stored, request)[1])
    late = dict(answer(stored, request, lagging=True)[1])
    assert (on_time["X-Accel-Expires"], on_time["Surrogate-Control"]) == ("600", "max-age=600")
    # It would serve it long after the lag.
    assert (late["X-Accel-Expires"], late["Surrogate-Control"]) == ("0", "max-age=0")
    assert late[CACHE] == "stale"


def test_after_the_lag_the_comment_is_there(client, story, settings):
    lag(settings, SHORT_LAG_MS)
    url = story.get_absolute_url()
    get(client, url)
    comment(story, reader("Mésange"), "Un avis tout frais.")
    time.sleep(SHORT_LAG_MS / 1000 + 0.05)
    fresh = get(client, url)
    assert fresh[CACHE] == "miss" and "Un avis tout frais." in fresh.content.decode()
    assert get(client, url)[CACHE] == "hit"


def test_the_lag_runs_from_the_render_not_from_the_comment(client, story, settings):
    lag(settings, SHORT_LAG_MS)
    url = story.get_absolute_url()
    get(client, url)
    time.sleep(SHORT_LAG_MS / 1000 + 0.05)
    comment(story, reader("Mésange"), "Un avis tout frais.")
    # The page is older than the lag: this comment is not held back at all.
    fresh = get(client, url)
    assert fresh[CACHE] == "miss" and "Un avis tout frais." in fresh.content.decode()


def test_a_new_version_and_a_kill_are_never_late(client, story, settings):
    lag(settings, LONG_LAG_MS)
    url = story.get_absolute_url()
    get(client, url)
    comment(story, reader("Mésange"), "Un avis tout frais.")
    base = dispatch()
    apply(later(base, version="3", minutes=200, standfirst="Le chapô corrigé."))
    fresh = get(client, url)
    assert fresh[CACHE] == "miss"
    assert "Le chapô corrigé." in fresh.content.decode()
    apply(later(base, version="4", minutes=300, status=PubStatus.CANCELED))
    assert get(client, url).status_code == 410


def test_the_author_signed_in_sees_their_comment_at_once(client, story, settings):
    lag(settings, LONG_LAG_MS)
    url = story.get_absolute_url()
    get(client, url)
    author = reader("Mésange")
    comment(story, author, "Mon avis tout frais.")
    signed_in = Client()
    signed_in.force_login(author)
    assert "Mon avis tout frais." in get(signed_in, url).content.decode()
    assert get(client, url)[CACHE] == "stale"


def test_a_proxys_refresh_is_never_answered_late(client, story, settings):
    lag(settings, LONG_LAG_MS)
    url = story.get_absolute_url()
    get(client, url)
    comment(story, reader("Mésange"), "Un avis tout frais.")
    refreshed = get(client, url, HTTP_X_MANCHETTE_REFRESH="1")
    assert refreshed[CACHE] == "miss" and "Un avis tout frais." in refreshed.content.decode()


def test_a_page_drawn_while_a_comment_came_is_served_only_within_the_lag(story, settings):
    cache = lag(settings, SHORT_LAG_MS)
    tags = [f"c{story.pk}", f"a{story.pk}"]
    epoch = cache.versions.epoch()
    cache.versions.bump([f"c{story.pk}"])  # during the render
    stored = cache.store("k", epoch=epoch, status=200, headers=[], body=b"old", tags=tags)
    assert stored is not None
    served, moved = cache.probe("k")
    assert served is stored and moved  # served, known to be behind
    assert cache.lookup("k") is None  # never taken as valid
    assert cache.probe("k", may_lag=False)[0] is None
    time.sleep(SHORT_LAG_MS / 1000 + 0.05)
    assert cache.probe("k")[0] is None


def test_a_page_drawn_while_the_article_changed_is_not_kept(story, settings):
    cache = lag(settings, LONG_LAG_MS)
    tags = [f"c{story.pk}", f"a{story.pk}"]
    epoch = cache.versions.epoch()
    cache.versions.bump([f"c{story.pk}", f"a{story.pk}"])
    assert cache.store("k", epoch=epoch, status=200, headers=[], body=b"old", tags=tags) is None
    assert cache.probe("k")[0] is None


def test_while_another_render_runs_a_late_page_stands_in_for_twice_the_lag(story, settings):
    cache = lag(settings, SHORT_LAG_MS)
    tags = [f"c{story.pk}"]
    stored = cache.store(
        "k", epoch=cache.versions.epoch(), status=200, headers=[], body=b"old", tags=tags
    )
    assert stored is not None
    assert cache.stand_in("k") == (stored, False)
    cache.versions.bump(tags)
    older = replace(stored, drawn=stored.drawn - 1.5 * SHORT_LAG_MS / 1000)
    keep(cache, "k", older)  # past the lag, within twice it
    assert cache.probe("k")[0] is None
    assert cache.stand_in("k") == (older, True)
    keep(cache, "k", replace(stored, drawn=stored.drawn - 2.5 * SHORT_LAG_MS / 1000))
    assert cache.stand_in("k") == (None, False)


def keep(cache: PageCache, key: str, entry: Entry) -> None:
    """Put `entry` where a lookup finds it, in this process and in Redis when shared."""
    cache.local.put(key, entry)
    if cache.shared is not None:
        cache.shared.put(key, entry)


def test_no_lag_means_every_comment_is_on_the_next_view(client, story, settings):
    lag(settings, 0)
    url = story.get_absolute_url()
    get(client, url)
    comment(story, reader("Mésange"), "Un avis tout frais.")
    fresh = get(client, url)
    assert fresh[CACHE] == "miss" and "Un avis tout frais." in fresh.content.decode()


def test_a_page_a_comment_overtook_while_it_was_drawn_is_not_for_proxies(
    client, story, settings, monkeypatch
):
    """nginx fills its copy of a page it lacks while the app draws it; a comment posted
    meanwhile sends a refresh that nginx may store first, and the older page over it."""
    settings.MANCHETTE_PROXY_CACHE_SECONDS = 600
    settings.MANCHETTE_PURGE_URLS = ["http://127.0.0.1:9"]  # told of changes: none is read
    monkeypatch.setattr("manchette.pagecache.purge.refresh", lambda addresses: [])
    lag(settings, SHORT_LAG_MS)  # kept, though behind its comments: it may serve that long
    from manchette.comments.templatetags import comments_tags

    drawn = comments_tags.section_html

    def overtaken(*args: Any, **kwargs: Any) -> Any:
        section = drawn(*args, **kwargs)
        comment(story, reader("Mésange"), "Arrivé pendant le rendu.")
        return section

    monkeypatch.setattr(comments_tags, "section_html", overtaken)
    url = story.get_absolute_url()
    overtaken_page = get(client, url)
    assert b"Arriv\xc3\xa9 pendant le rendu." not in overtaken_page.content
    assert (overtaken_page["X-Accel-Expires"], overtaken_page[CACHE]) == ("0", "stale")

    monkeypatch.setattr(comments_tags, "section_html", drawn)
    time.sleep(SHORT_LAG_MS / 1000 + 0.05)
    fresh = get(client, url)
    assert b"Arriv\xc3\xa9 pendant le rendu." in fresh.content
    assert (fresh["X-Accel-Expires"], fresh[CACHE]) == ("600", "miss")
