"""Pictures referenced by URL: fetched once from a real HTTP server, stored, never hot-linked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from manchette.news.models import Figure
from manchette.wires.fetch import fetch_picture
from tests.factories import dispatch, jpeg, picture

pytestmark = pytest.mark.django_db

PICTURE = jpeg(1000, 500)


class _Agency(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        if self.path.startswith("/photo"):
            self._answer(200, "image/jpeg", PICTURE)
        elif self.path == "/page":
            self._answer(200, "text/html", b"<html></html>")
        else:
            self._answer(404, "text/plain", b"missing")

    def _answer(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def agency(settings) -> Iterator[str]:
    settings.MANCHETTE_FETCH_PRIVATE_HOSTS = True  # the test server is on loopback
    _Agency.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Agency)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _with_remote_picture(url: str, guid: str = "urn:f:1", **overrides):
    return dispatch(guid=guid, pictures=(picture(href=url),), **overrides)


def test_a_remote_picture_is_fetched_and_served_from_the_site(agency):
    outcome = apply_remote(_with_remote_picture(f"{agency}/photo.jpg"))
    figure = Figure.objects.get()
    assert (figure.width, figure.height) == (1000, 500)
    assert figure.image.name.startswith("pictures/")
    assert outcome.warnings == []


def test_the_same_address_is_fetched_once_across_versions_and_stories(agency):
    from tests.factories import later

    first = _with_remote_picture(f"{agency}/photo.jpg")
    apply_remote(first)
    apply_remote(later(first, version="2", minutes=5))
    apply_remote(_with_remote_picture(f"{agency}/photo.jpg", guid="urn:f:2"))
    assert _Agency.hits == ["/photo.jpg"]
    assert Figure.objects.count() == 2


@pytest.mark.parametrize(
    ("path", "reason"), [("/gone.jpg", "HTTP 404"), ("/page", "not a picture")]
)
def test_a_picture_that_cannot_be_had_is_a_warning_not_a_lost_story(agency, path, reason):
    outcome = apply_remote(_with_remote_picture(f"{agency}{path}"))
    assert outcome.action.value == "created"
    assert reason in outcome.warnings[0]
    assert Figure.objects.count() == 0


def test_private_addresses_are_refused_unless_allowed(agency, settings):
    settings.MANCHETTE_FETCH_PRIVATE_HOSTS = False
    with pytest.raises(OSError, match="non-public address"):
        fetch_picture(f"{agency}/photo.jpg")
    assert _Agency.hits == []


@pytest.mark.parametrize("url", ["ftp://example.org/a.jpg", "file:///etc/passwd", "javascript:x"])
def test_only_http_addresses_are_followed(url):
    with pytest.raises(OSError, match="not an http"):
        fetch_picture(url)


def test_an_oversized_picture_is_refused(agency, monkeypatch):
    monkeypatch.setattr("manchette.wires.fetch.MAX_PICTURE_BYTES", 100)
    with pytest.raises(OSError, match="over 100 bytes"):
        fetch_picture(f"{agency}/photo.jpg")


def apply_remote(item):
    from manchette.news.services import apply_dispatch

    return apply_dispatch(item, load_picture=fetch_picture, source="test")
