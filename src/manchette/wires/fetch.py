"""Fetching pictures that dispatches reference by URL, once, within limits.

A dispatch comes from outside, so the address it names may point anywhere:
only http(s) is followed, only to public addresses (unless the site allows
private ones, e.g. an agency gateway on the local network), with a time
limit, a size limit and an image content type.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlparse

from django.conf import settings

TIMEOUT_SECONDS = 15
MAX_PICTURE_BYTES = 40 * 1024 * 1024
_USER_AGENT = "Manchette wire ingestion"


def fetch_picture(url: str) -> bytes:
    """The bytes of the picture at `url`; OSError with the reason when it cannot be had."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise OSError(f"not an http(s) picture address: {url}")
    if not settings.MANCHETTE_FETCH_PRIVATE_HOSTS:
        _refuse_private(parsed.hostname, parsed.port or (443 if parsed.scheme == "https" else 80))
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            kind = response.headers.get_content_type()
            if not kind.startswith("image/"):
                raise OSError(f"not a picture ({kind}): {url}")
            data: bytes = response.read(MAX_PICTURE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise OSError(f"HTTP {error.code} for {url}") from None
    except (urllib.error.URLError, TimeoutError) as error:
        raise OSError(f"cannot fetch {url}: {getattr(error, 'reason', error)}") from None
    if len(data) > MAX_PICTURE_BYTES:
        raise OSError(f"picture over {MAX_PICTURE_BYTES} bytes: {url}")
    return data


def _refuse_private(host: str, port: int) -> None:
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, port)}
    except socket.gaierror as error:
        raise OSError(f"cannot resolve {host}: {error}") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise OSError(f"{host} resolves to a non-public address ({ip}); not fetched")
