"""Polled sources: conditional GET against a real HTTP server, back-off, health."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from manchette.news.models import Article, Provider
from manchette.wires.models import QuarantinedInput, Source
from manchette.wires.polling import poll, poll_due_sources
from tests.wires.test_ingest_command import ninjs

pytestmark = pytest.mark.django_db


class _Endpoint(BaseHTTPRequestHandler):
    body = b"[]"
    status = 200
    requests: list[dict[str, str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", '"v1"')
        self.send_header("Last-Modified", "Fri, 20 Nov 2026 10:00:00 GMT")
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[str]:
    _Endpoint.requests, _Endpoint.status = [], 200
    _Endpoint.body = json.dumps(
        [ninjs("urn:poll:1", 1, 0, "Sondée"), ninjs("urn:poll:2", 1, 1, "Sondée aussi")]
    ).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/wire.json"
    server.shutdown()
    server.server_close()


@pytest.fixture
def source(endpoint) -> Source:
    provider = Provider.objects.create(code="HEX", name="Agence Hexagone", slug="hex")
    return Source.objects.create(provider=provider, url=endpoint, interval_seconds=60)


def test_a_poll_applies_the_dispatches_and_keeps_the_validators(source):
    poll(source)
    source.refresh_from_db()
    assert Article.objects.count() == 2
    assert (source.etag, source.created_count, source.health) == ('"v1"', 2, "ok")
    assert source.last_modified == "Fri, 20 Nov 2026 10:00:00 GMT"


def test_the_next_poll_is_conditional_and_a_304_changes_nothing(source):
    poll(source)
    poll(source)
    source.refresh_from_db()
    assert _Endpoint.requests[1]["If-None-Match"] == '"v1"'
    assert _Endpoint.requests[1]["If-Modified-Since"] == "Fri, 20 Nov 2026 10:00:00 GMT"
    assert source.created_count == 2 and source.unchanged_count == 0
    assert source.health == "ok"


def test_failures_back_off_and_show_in_the_health(source):
    _Endpoint.status = 500
    now = timezone.now()
    poll(source, now=now)
    source.refresh_from_db()
    assert source.health == "failing" and source.last_error == "HTTP 500"
    assert source.next_poll_at == now + timedelta(seconds=120)
    poll(source, now=now)
    source.refresh_from_db()
    assert source.consecutive_failures == 2
    assert source.next_poll_at == now + timedelta(seconds=240)
    _Endpoint.status = 200
    poll(source, now=now)
    source.refresh_from_db()
    assert (source.health, source.consecutive_failures) == ("ok", 0)


def test_an_unreachable_source_is_a_failure_not_a_crash(db):
    provider = Provider.objects.create(code="HEX", name="Agence Hexagone", slug="hex")
    source = Source.objects.create(provider=provider, url="http://127.0.0.1:9/none")
    poll(source)
    source.refresh_from_db()
    assert source.health == "failing" and "cannot reach" in source.last_error


def test_an_unreadable_answer_is_quarantined(source):
    _Endpoint.body = b"{broken"
    poll(source)
    source.refresh_from_db()
    assert source.health == "failing" and source.rejected_count == 1
    assert QuarantinedInput.objects.get().source.startswith(f"poll:{source.pk}:")


def test_only_due_enabled_sources_are_polled_once(source):
    now = timezone.now()
    assert poll_due_sources(now=now) == [source.pk]
    assert poll_due_sources(now=now + timedelta(seconds=30)) == []
    assert poll_due_sources(now=now + timedelta(seconds=61)) == [source.pk]
    Source.objects.update(enabled=False)
    assert poll_due_sources(now=now + timedelta(hours=1)) == []


def test_dispatches_naming_no_agency_take_the_sources_provider(source):
    item = ninjs("urn:poll:anon", 1, 0, "Anonyme")
    del item["infosources"]
    _Endpoint.body = json.dumps(item).encode()
    poll(source)
    assert Article.objects.get().provider.code == "HEX"
