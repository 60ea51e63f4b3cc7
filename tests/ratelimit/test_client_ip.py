"""The address rate limits count: forwarded headers are believed only from our proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from manchette.ratelimit import client_ip
from manchette.ratelimit.client import address_group


def request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.MANCHETTE_TRUSTED_PROXIES = []
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_a_header_from_an_untrusted_peer_is_ignored(settings):
    settings.MANCHETTE_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_the_forwarded_client_counts(settings):
    settings.MANCHETTE_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("127.0.0.1", "198.51.100.1")) == "198.51.100.1"


def test_addresses_a_client_prepends_are_not_believed(settings):
    """The client wrote the left part; the proxy appended the address it saw."""
    settings.MANCHETTE_TRUSTED_PROXIES = ["127.0.0.1"]
    spoofed = request("127.0.0.1", "1.2.3.4, 198.51.100.1")
    assert client_ip(spoofed) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.MANCHETTE_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    chained = request("127.0.0.1", "1.2.3.4, 198.51.100.7, 10.1.2.3, 10.0.0.5")
    assert client_ip(chained) == "198.51.100.7"


def test_garbage_stops_at_the_last_believable_proxy(settings):
    settings.MANCHETTE_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    assert client_ip(request("127.0.0.1", "198.51.100.7, not-an-address, 10.0.0.5")) == "10.0.0.5"
    assert client_ip(request("127.0.0.1", "")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("198.51.100.1:5555", "198.51.100.1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::2", "2001:db8::2"),
        ("::ffff:198.51.100.3", "198.51.100.3"),
    ],
)
def test_the_forms_proxies_write_are_read(settings, written, expected):
    settings.MANCHETTE_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request("127.0.0.1", written)) == expected


def test_an_ipv6_client_is_counted_by_its_64_network():
    assert address_group("2001:db8:1:2:aaaa::1") == address_group("2001:db8:1:2:bbbb::9")
    assert address_group("2001:db8:1:3::1") != address_group("2001:db8:1:2::1")
    assert address_group("198.51.100.1") == "198.51.100.1"
