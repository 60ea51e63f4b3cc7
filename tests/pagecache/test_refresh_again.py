"""A refresh the proxy could not do is sent again by a worker, until the proxy does it."""

from __future__ import annotations

import socket

import pytest

from manchette.pagecache import purge, refresh_tasks
from manchette.tasks import backends
from manchette.ui import theme
from tests.pagecache.test_key_purge import Endpoint, endpoint  # noqa: F401 - a fixture
from tests.tasks.conftest import database_queue, queue, redis_queue  # noqa: F401 - fixtures
from tests.tasks.test_timed_work import run_queued


@pytest.fixture
def proxied(settings, endpoint, queue, monkeypatch, transactional_db):  # noqa: F811
    """The app behind `endpoint`, with a queue of its own (so no other test's worker
    takes these tasks). Committed: the refreshes queue their tasks from other threads."""
    settings.MANCHETTE_PURGE_URLS = [endpoint.url]
    monkeypatch.setattr(backends, "backend", lambda: queue)
    return endpoint


def _refreshes(endpoint: Endpoint) -> list[tuple[str, str]]:  # noqa: F811
    return [
        (r.path, r.headers.get("Cookie", ""))
        for r in endpoint.sent()
        if r.headers.get(purge.REFRESH_HEADER) == "1"
    ]


def test_a_refresh_the_proxy_failed_reaches_it_once_it_is_back(proxied, queue):  # noqa: F811
    proxied.status = 502  # nginx with no app server to ask: one restarting
    purge.refresh({"h /une-page"})
    assert len(_refreshes(proxied)) == 1

    proxied.status = 200
    assert run_queued(queue) == [refresh_tasks.REFRESH_AGAIN]
    assert _refreshes(proxied)[1:] == [("/une-page", f"{theme.COOKIE_NAME}={theme.HIGH}")]
    assert run_queued(queue) == []  # done: nothing left to send


def test_a_proxy_that_does_not_answer_is_asked_again(
    settings,
    queue,  # noqa: F811
    monkeypatch,
    transactional_db,
):
    with socket.socket() as closed:  # a port nothing listens on once closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.MANCHETTE_PURGE_URLS = [f"http://127.0.0.1:{port}"]
    monkeypatch.setattr(backends, "backend", lambda: queue)
    purge.refresh({"a /page-lointaine"})
    purge.wait()

    claims = queue.claim("w1", limit=10, lease_seconds=30, wait_seconds=0)
    assert [(claim.name, claim.args["url"]) for claim in claims] == [
        (refresh_tasks.REFRESH_AGAIN, f"http://127.0.0.1:{port}/page-lointaine")
    ]


def test_still_failing_it_is_left_to_the_queue_to_try_later(proxied):
    proxied.status = 503
    with pytest.raises(refresh_tasks.RefreshRefused):
        refresh_tasks.refresh_again(url=f"{proxied.url}/page", host="example.org", cookie="")


def test_failures_of_one_page_in_a_few_seconds_are_sent_again_once(
    proxied,
    queue,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(purge, "_slot", lambda: 200_000)  # the same few seconds
    proxied.status = 502
    purge.refresh({"a /page"})
    purge.wait()
    purge.refresh({"a /page", "a /autre"})
    assert len(_refreshes(proxied)) == 3

    proxied.status = 200
    assert run_queued(queue) == [refresh_tasks.REFRESH_AGAIN] * 2
    assert sorted(_refreshes(proxied)[3:]) == [("/autre", ""), ("/page", "")]


def test_a_page_the_proxy_refused_is_not_asked_again(proxied, queue):  # noqa: F811
    proxied.status = 404  # an answer: the proxy did its part
    purge.refresh({"a /page"})
    assert len(_refreshes(proxied)) == 1
    assert run_queued(queue) == []
