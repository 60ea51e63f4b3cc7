"""CDNs that purge by surrogate key are told which keys a change bumped (MANCHETTE_PURGE_KEYS_*),
in batches, after nginx's refreshes, and a CDN that fails never fails the change."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client

from manchette.comments.models import Comment
from manchette.news.models import Article
from manchette.pagecache import invalidate, key_purge, purge
from manchette.pagecache.cache import forget
from tests.comments.make import comment, open_for_comments, reader
from tests.factories import apply, dispatch, later
from tests.test_server import free_port

TOKEN = "jeton-de-purge"


@dataclass
class Received:
    method: str
    path: str
    headers: Message  # names compared as HTTP does, whatever their case

    def keys(self, header: str = "Surrogate-Key") -> list[str]:
        return self.headers[header].split()


@dataclass
class Endpoint:
    """A real HTTP server standing for the CDN's purge API (and for nginx, when asked)."""

    url: str
    status: int = 200
    page_delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def sent(self) -> list[Received]:
        purge.wait()
        return list(self.received)


def _handler(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def answer(self) -> None:
            if self.command == "GET":  # a refresh, as nginx would take it
                time.sleep(endpoint.page_delay)
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            endpoint.received.append(Received(self.command, self.path, self.headers))
            self.send_response(endpoint.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_PURGE = answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    found = Endpoint(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    purge.wait()
    server.shutdown()
    server.server_close()


@pytest.fixture
def fastly(settings: Any, endpoint: Endpoint) -> Endpoint:
    """Key purge with the defaults (Fastly's batch purge) and its token."""
    settings.MANCHETTE_PURGE_KEYS_URLS = [f"{endpoint.url}/service/SRV/purge"]
    settings.MANCHETTE_PURGE_KEYS_AUTH = f"Fastly-Key: {TOKEN}"
    forget()
    return endpoint


@pytest.fixture
def story(article: Article) -> Article:
    return open_for_comments(article)


def test_a_published_comment_purges_its_articles_comment_key(story, fastly):
    comment(story, reader("Mésange"), "Premier avis publié.")
    [request] = fastly.sent()
    assert (request.method, request.path) == ("POST", "/service/SRV/purge")
    assert request.keys() == [f"c{story.pk}"]
    assert request.headers["Fastly-Key"] == TOKEN


def test_a_held_comment_purges_nothing(story, fastly):
    comment(story, reader("Mésange"), "En attente.", status=Comment.Status.PENDING)
    assert fastly.sent() == []


def test_a_new_version_purges_the_article_and_its_listings(story, settings, endpoint):
    settings.MANCHETTE_PURGE_KEYS_URLS = [f"{endpoint.url}/"]
    settings.MANCHETTE_PURGE_KEYS_METHOD = "purge"
    settings.MANCHETTE_PURGE_KEYS_HEADER = "xkey-purge"
    apply(later(dispatch(), version="3", minutes=200, standfirst="Le chapô corrigé."))
    keys = {key for request in endpoint.sent() for key in request.keys("xkey-purge")}
    expected = {f"a{story.pk}", "home", f"s{story.section_id}", f"p{story.provider_id}"}
    assert expected <= keys
    assert {request.method for request in endpoint.received} == {"PURGE"}
    assert all("Fastly-Key" not in request.headers for request in endpoint.received)


def test_keys_over_the_cap_go_out_in_batches_to_every_endpoint(settings, endpoint, db):
    settings.MANCHETTE_PURGE_KEYS_URLS = [f"{endpoint.url}/one", f"{endpoint.url}/two"]
    names = {f"a{number}" for number in range(600)}
    invalidate(names)
    received = endpoint.sent()
    for path in ("/one", "/two"):
        batches = [request.keys() for request in received if request.path == path]
        assert sorted(len(batch) for batch in batches) == [88, key_purge.BATCH, key_purge.BATCH]
        assert {key for batch in batches for key in batch} == names


@pytest.mark.parametrize("status", [500, 401])
def test_a_cdn_that_refuses_leaves_the_comment_saved_and_logs(story, fastly, caplog, status):
    fastly.status = status
    with caplog.at_level(logging.WARNING, logger="manchette.pagecache.key_purge"):
        saved = comment(story, reader("Mésange"), "Avis malgré tout.")
        assert len(fastly.sent()) == 1
    assert Comment.objects.filter(pk=saved.pk, status=Comment.Status.PUBLISHED).exists()
    assert f"answered {status}" in caplog.text and TOKEN not in caplog.text


def test_a_cdn_that_is_down_leaves_the_comment_saved_and_logs(story, settings, caplog):
    settings.MANCHETTE_PURGE_KEYS_URLS = [f"http://127.0.0.1:{free_port()}/purge"]
    with caplog.at_level(logging.WARNING, logger="manchette.pagecache.key_purge"):
        saved = comment(story, reader("Mésange"), "Avis malgré tout.")
        purge.wait()
    assert Comment.objects.filter(pk=saved.pk).exists()
    assert "key purge at http://127.0.0.1:" in caplog.text and "failed" in caplog.text


def test_an_unreadable_token_sends_nothing_and_says_why(story, fastly, settings, caplog):
    settings.MANCHETTE_PURGE_KEYS_AUTH = TOKEN  # the header's name forgotten
    with caplog.at_level(logging.ERROR, logger="manchette.pagecache.key_purge"):
        comment(story, reader("Mésange"), "Avis.")
        assert fastly.sent() == []
    assert "MANCHETTE_PURGE_KEYS_AUTH" in caplog.text and TOKEN not in caplog.text


def test_pages_tell_a_cdn_purged_by_key_it_may_keep_them(client: Client, story, fastly):
    response = client.get(story.get_absolute_url())
    assert response["Surrogate-Control"] == "max-age=600"
    # An nginx between the CDN and the app is not told of changes: it must keep nothing.
    assert "X-Accel-Expires" not in response


def test_without_any_purge_pages_tell_proxies_nothing(client: Client, story):
    response = client.get(story.get_absolute_url())
    assert "Surrogate-Control" not in response and "X-Accel-Expires" not in response


def test_the_cdn_is_purged_once_nginx_has_the_fresh_page(client: Client, story, settings, endpoint):
    settings.MANCHETTE_PURGE_URLS = [endpoint.url]
    settings.MANCHETTE_PURGE_KEYS_URLS = [f"{endpoint.url}/purge"]
    forget()
    client.get(story.get_absolute_url())  # so the app knows where the article's page lives
    endpoint.page_delay = 0.2
    comment(story, reader("Mésange"), "Premier avis publié.")
    methods = [request.method for request in endpoint.sent()]
    assert methods == ["GET", "POST"]  # the variant readers took, then the CDN
