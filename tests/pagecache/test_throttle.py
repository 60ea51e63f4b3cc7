"""Proxies hear of new comments at most once per tag and comment lag, and always of the last."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.test import Client

from manchette.pagecache import purge
from manchette.pagecache.cache import forget
from manchette.pagecache.throttle import Throttle
from manchette.wires.dispatch import PubStatus
from tests.comments.make import comment, open_for_comments, reader
from tests.factories import apply, dispatch, later
from tests.pagecache.test_key_purge import Endpoint, endpoint  # noqa: F401 - a fixture

INTERVAL = 0.2


class Sent:
    def __init__(self) -> None:
        self.batches: list[frozenset[str]] = []
        self.arrived = threading.Event()

    def __call__(self, names: frozenset[str]) -> None:
        self.batches.append(names)
        self.arrived.set()


def test_the_first_message_goes_at_once_and_the_rest_of_the_interval_in_one():
    sent = Sent()
    throttle = Throttle(INTERVAL, sent)
    throttle.submit(frozenset({"c1"}))
    assert sent.batches == [frozenset({"c1"})]
    sent.arrived.clear()
    for _ in range(5):
        throttle.submit(frozenset({"c1"}))
    assert len(sent.batches) == 1  # held back
    assert sent.arrived.wait(2 * INTERVAL + 1)
    assert sent.batches == [frozenset({"c1"}), frozenset({"c1"})]
    time.sleep(2 * INTERVAL)
    assert len(sent.batches) == 2  # nothing more: nothing more changed


def test_each_tag_has_its_own_interval():
    sent = Sent()
    throttle = Throttle(INTERVAL, sent)
    throttle.submit(frozenset({"c1"}))
    throttle.submit(frozenset({"c2"}))
    assert sent.batches == [frozenset({"c1"}), frozenset({"c2"})]


def test_what_waits_can_be_sent_at_once():
    sent = Sent()
    throttle = Throttle(60, sent)
    throttle.submit(frozenset({"c1"}))
    throttle.submit(frozenset({"c1", "c2"}))  # c2 goes, c1 waits
    assert sent.batches == [frozenset({"c1"}), frozenset({"c2"})]
    throttle.flush()
    assert sent.batches[-1] == frozenset({"c1"})


def test_once_closed_nothing_waits():
    sent = Sent()
    throttle = Throttle(60, sent)
    throttle.submit(frozenset({"c1"}))
    throttle.submit(frozenset({"c1"}))  # waits
    throttle.close()  # the process is exiting: what waited goes now
    throttle.submit(frozenset({"c1"}))  # a last request's comment: no timer would outlive it
    assert sent.batches == [frozenset({"c1"})] * 3


def nginx(settings: Any, endpoint: Endpoint, lag_ms: int) -> None:  # noqa: F811
    settings.MANCHETTE_PURGE_URLS = [endpoint.url]
    settings.MANCHETTE_COMMENT_LAG_MS = lag_ms
    forget()


def refreshes(endpoint: Endpoint) -> int:  # noqa: F811
    return sum(1 for request in endpoint.sent() if request.method == "GET")


@pytest.mark.parametrize(
    ("lag_ms", "times"),
    [
        # Once at the first comment, once for the four after (sent by `purge.wait`).
        (60_000, 2),
        (0, 5),  # no lag: every comment
    ],
)
def test_a_burst_of_comments_refreshes_nginx_once_per_lag(
    client: Client,
    article,
    settings,
    endpoint,  # noqa: F811
    lag_ms,
    times,
):
    story = open_for_comments(article)
    nginx(settings, endpoint, lag_ms)
    client.get(story.get_absolute_url())  # so the app knows where the page lives
    author = reader("Mésange")
    for n in range(5):
        comment(story, author, f"Avis numéro {n}.")
    assert refreshes(endpoint) == times


def test_a_change_to_the_article_is_never_held_back(client: Client, article, settings, endpoint):  # noqa: F811
    story = open_for_comments(article)
    nginx(settings, endpoint, 60_000)
    client.get(story.get_absolute_url())
    comment(story, reader("Mésange"), "Un avis.")
    assert refreshes(endpoint) == 1
    base = dispatch()
    apply(later(base, version="3", minutes=200, status=PubStatus.CANCELED))
    # Sent by the pool at once, not by `purge.wait` (which would send what is held back).
    deadline = time.monotonic() + 10
    while len(endpoint.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [r.method for r in endpoint.received] == ["GET"] * 2
    purge.wait()
