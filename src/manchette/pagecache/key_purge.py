"""Telling CDNs and caches that purge by surrogate key which keys changed.

Every stored page names its tags in `Surrogate-Key`. After a bump, each
endpoint of `MANCHETTE_PURGE_KEYS_URLS` receives the bumped names, space
separated, in one request header (`MANCHETTE_PURGE_KEYS_HEADER`, sent with
`MANCHETTE_PURGE_KEYS_METHOD`), at most `BATCH` names a request. The
defaults are Fastly's batch purge (`POST` with `Surrogate-Key`); Varnish's
xkey vmod takes whatever header its VCL reads, on a `PURGE` request
(docs/deploy.md).

Requests go out from the pool of `purge`, after the refreshes of the same
change: a CDN in front of nginx must not fetch the page before nginx has.
A purge that fails is logged; the CDN keeps the page at most
`MANCHETTE_PROXY_CACHE_SECONDS`.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from concurrent.futures import wait as wait_for

from django.conf import settings

from manchette.pagecache import purge as pool

logger = logging.getLogger(__name__)

BATCH = 256
"""Fastly's cap on keys per batch purge; Varnish's default header limit (8 KB) fits as many."""

_REFRESH_WAIT_SECONDS = 30


def purge(names: Iterable[str], *, after: Sequence[Future[None]] = ()) -> None:
    """Ask every configured endpoint to drop the pages carrying any of `names` (in the
    background, once the requests in `after` are done)."""
    endpoints = settings.MANCHETTE_PURGE_KEYS_URLS
    keys = sorted(set(names))
    if not endpoints or not keys:
        return
    fixed = _fixed_headers()
    if fixed is None:
        return
    method = settings.MANCHETTE_PURGE_KEYS_METHOD.strip().upper() or "POST"
    header = settings.MANCHETTE_PURGE_KEYS_HEADER.strip() or "Surrogate-Key"
    for endpoint in pool.http_addresses("MANCHETTE_PURGE_KEYS_URLS"):
        for start in range(0, len(keys), BATCH):
            headers = {**fixed, header: " ".join(keys[start : start + BATCH])}
            pool.send_later(_send, endpoint, method, headers, tuple(after))


def _fixed_headers() -> dict[str, str] | None:
    """The authentication header, if any; None when the setting cannot be read, since an
    endpoint that wants it would refuse every purge."""
    raw = settings.MANCHETTE_PURGE_KEYS_AUTH.strip()
    if not raw:
        return {}
    name, colon, value = raw.partition(":")
    if not colon or not name.strip() or not value.strip():
        # The value is a secret: never in the log.
        logger.error("MANCHETTE_PURGE_KEYS_AUTH must read 'Header-Name: value'; no key purge sent")
        return None
    return {name.strip(): value.strip()}


def _send(
    endpoint: str, method: str, headers: dict[str, str], after: tuple[Future[None], ...]
) -> None:
    if after:
        wait_for(after, timeout=_REFRESH_WAIT_SECONDS)
    # Only http(s) addresses reach here (`purge` checks the setting).
    request = urllib.request.Request(endpoint, data=b"", headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        logger.warning("key purge at %s answered %s", endpoint, error.code)
    except (OSError, ValueError) as error:
        logger.warning("key purge at %s failed: %s", endpoint, error)
