"""The view beacon: counts real readers once per 30 minutes, nobody else, and sets no cookie."""

from __future__ import annotations

import time

import pytest

from manchette.popularity import counting, tokens
from manchette.popularity.backends.redis import RedisBackend
from manchette.popularity.windows import SITE, WINDOWS
from tests.popularity.conftest import BROWSER

pytestmark = pytest.mark.django_db

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def clock(monkeypatch):
    """The beacon's clock, moved by the test."""
    now = {"t": int(time.time())}  # the real now, which Redis expires keys by
    monkeypatch.setattr(counting, "now", lambda: now["t"])
    return now


def post(client, article, **headers):
    headers.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(tokens.beacon_url(article.public_id), **headers)


def views_of(counter, article, clock, scope=SITE, window=WINDOWS[1]):
    counter.flush()
    ranking = dict(counter.top(scope=scope, window=window, now=clock["t"], limit=50))
    return ranking.get(article.pk, 0)


def test_a_view_counts_once_per_reader_per_thirty_minutes(client, article, site_counter, clock):
    assert post(client, article).status_code == 204
    assert views_of(site_counter, article, clock) == 1
    clock["t"] += 29 * 60
    post(client, article)
    assert views_of(site_counter, article, clock) == 1
    clock["t"] += 60
    post(client, article)
    assert views_of(site_counter, article, clock) == 2


def test_a_reader_is_counted_once_across_midnight(client, article, site_counter, clock):
    """The salt of reader keys changes at midnight (UTC); the half hour does not restart."""
    midnight = (clock["t"] // 86400 + 1) * 86400
    clock["t"] = midnight - 10 * 60
    post(client, article)
    clock["t"] = midnight + 10 * 60
    post(client, article)
    assert views_of(site_counter, article, clock) == 1
    clock["t"] = midnight + 21 * 60
    post(client, article)
    assert views_of(site_counter, article, clock) == 2


def test_each_reader_counts(client, article, site_counter, clock):
    post(client, article, REMOTE_ADDR="192.0.2.1")
    post(client, article, REMOTE_ADDR="192.0.2.2")
    post(client, article, REMOTE_ADDR="192.0.2.2", HTTP_USER_AGENT=BROWSER + " Edg/131.0")
    assert views_of(site_counter, article, clock) == 3


def test_views_count_in_the_article_sections_too(client, article, site_counter, clock):
    path = article.section.path
    post(client, article)
    assert views_of(site_counter, article, clock, scope=path.split("/")[0]) == 1
    assert views_of(site_counter, article, clock, scope=path) == 1
    assert views_of(site_counter, article, clock, scope="sport") == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": GOOGLEBOT},
        {"HTTP_USER_AGENT": "curl/8.5.0"},
        {"HTTP_USER_AGENT": "python-requests/2.32.3"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
    ids=["googlebot", "curl", "requests", "no-agent", "sec-purpose", "prerender", "purpose", "moz"],
)
def test_robots_and_prefetches_do_not_count(client, article, site_counter, clock, headers):
    response = post(client, article, **headers)
    assert response.status_code == 204, "a robot is told nothing different"
    assert views_of(site_counter, article, clock) == 0


def test_the_beacon_sets_no_cookie(client, article, site_counter, clock):
    response = post(client, article)
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert response["Cache-Control"] == "no-store"


def test_the_noscript_pixel_counts_with_a_get(client, article, site_counter, clock):
    response = client.get(tokens.beacon_url(article.public_id), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert views_of(site_counter, article, clock) == 1


def test_an_unsigned_address_counts_nothing(client, article, site_counter, clock):
    url = tokens.beacon_url(article.public_id).replace(
        tokens.beacon_token(article.public_id), "0" * 20
    )
    assert client.post(url, HTTP_USER_AGENT=BROWSER).status_code == 403
    assert views_of(site_counter, article, clock) == 0


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_ORIGIN": "https://evil.example"}],
    ids=["fetch-site", "origin"],
)
def test_another_site_cannot_count(client, article, site_counter, clock, headers):
    assert post(client, article, **headers).status_code == 403
    assert views_of(site_counter, article, clock) == 0


def test_the_site_own_pages_may_count(client, article, site_counter, clock):
    response = post(
        client, article, HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 204
    assert views_of(site_counter, article, clock) == 1


def test_only_get_and_post(client, article, site_counter):
    assert client.put(tokens.beacon_url(article.public_id)).status_code == 405


def test_no_address_or_agent_is_stored(client, article, site_counter, clock):
    """What identifies a reader is a 64-bit keyed hash and when it was counted, nothing else."""
    from manchette.popularity.models import SeenReader

    assert [field.name for field in SeenReader._meta.get_fields()] == ["key", "at"]
    post(client, article, REMOTE_ADDR="203.0.113.77")
    site_counter.flush()
    if isinstance(site_counter, RedisBackend):
        keys = [
            key.decode() for key in site_counter._redis().scan_iter(f"{site_counter.prefix}seen:*")
        ]
        assert len(keys) == 1 and "203.0.113" not in keys[0] and "Chrome" not in keys[0]
    else:
        assert SeenReader.objects.count() == 1
