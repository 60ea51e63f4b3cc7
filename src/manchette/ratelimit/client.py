"""Who is asking: the client's address, trusting forwarded headers only from our proxies."""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_ip(request: HttpRequest) -> str:
    """The address to hold responsible for this request.

    `X-Forwarded-For` is anyone's to write, so it is read only when the
    connection comes from a proxy listed in `MANCHETTE_TRUSTED_PROXIES`.
    Then the header is read from the right, skipping the trusted proxies:
    the first address that is not one of them was written by a trusted
    proxy about its own peer, so it is the last one that can be believed.
    Everything further left was written by the client and is ignored.
    """
    peer: str = request.META.get("REMOTE_ADDR", "")
    trusted = _trusted_networks(tuple(settings.MANCHETTE_TRUSTED_PROXIES))
    reached = _parse(peer)
    if reached is None or not _is_trusted(reached, trusted):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",")):
        address = _parse(hop)
        if address is None:
            # A trusted proxy would not write this: stop at the last proxy we believe.
            break
        reached = address
        if not _is_trusted(address, trusted):
            break
    return str(reached)


def _parse(text: str) -> Address | None:
    """An address as proxies write it: bare, `[v6]`, `[v6]:port` or `v4:port`."""
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


@cache
def _trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The proxies setting as networks; a bare address is a network of one."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def address_group(address: str) -> str:
    """What one client controls: its IPv4 address, or its IPv6 /64.

    One IPv6 subscriber gets a whole /64, and would otherwise dodge a limit
    by changing address for each request.
    """
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed) if parsed is not None else address
