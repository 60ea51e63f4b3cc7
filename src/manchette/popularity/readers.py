"""Who is reading, as little as needed to count them once: no cookie, nothing stored.

A reader is known for counting only by a hash of their address, browser
(user agent) and the article, keyed with a random salt that changes every
UTC day and is then forgotten. The same reader reading the same article on
the same day gets the same key, which is what the 30-minute rule needs;
the address cannot be read back from it, and once the day's salt is gone
nobody, the site included, can link a key to a reader or to another day's
key. The cost: a reader who reads across midnight (UTC) may count twice.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import crawleruseragents
from django.http import HttpRequest

# Headers browsers send with speculative loads: a page fetched ahead of a
# click, which nobody may ever read.
_PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_MOZ", "HTTP_X_PURPOSE")


@dataclass(frozen=True, slots=True)
class Reader:
    address: str
    user_agent: str
    speculative: bool = False
    """The request is a prefetch or preview, not a reading."""

    @property
    def countable(self) -> bool:
        return not self.speculative and not is_robot(self.user_agent)


def reader_of(request: HttpRequest) -> Reader:
    meta = request.META
    return Reader(
        address=client_address(request),
        user_agent=meta.get("HTTP_USER_AGENT", ""),
        speculative=any(
            "prefetch" in value or "preview" in value
            for value in (meta.get(name, "").lower() for name in _PREFETCH_HEADERS)
        ),
    )


def client_address(request: HttpRequest) -> str:
    """The reader's address, through the trusted proxies `manchette.ratelimit` knows of."""
    try:
        from manchette.ratelimit.client import client_ip
    except ImportError:  # a site without the rate-limiting app: the direct peer
        return str(request.META.get("REMOTE_ADDR", ""))
    return client_ip(request)


@functools.lru_cache(maxsize=4096)
def is_robot(user_agent: str) -> bool:
    """A crawler, bot or tool rather than a person's browser.

    Matched against the crawler-user-agents list (maintained upstream,
    updated with the package); every browser sends a user agent, so an
    empty one is a tool. Cached: a site sees the same few hundred agents
    over and over, and the list's 1,500 patterns take about 90 µs.
    """
    return not user_agent.strip() or crawleruseragents.is_crawler(user_agent)


def reader_key(*, salt: bytes, reader: Reader, article_id: int) -> int:
    """The reader's key for this article today: 64 bits of a keyed hash, as a signed integer."""
    material = f"{reader.address}\n{reader.user_agent}\n{article_id}".encode()
    digest = hashlib.blake2b(material, key=salt, digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
