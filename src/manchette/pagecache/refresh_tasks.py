"""Proxy refreshes sent again by a worker, when the proxy could not do them at once.

The task's tries follow the queue's delays (5 s, 10 s, 20 s… at most 5
minutes apart): eight tries cover about ten minutes, as long as the shipped
nginx keeps a page (`MANCHETTE_PROXY_CACHE_SECONDS`); after that the proxy
asks the app for the page anyway.
"""

from __future__ import annotations

from manchette.pagecache import purge
from manchette.tasks.registry import task

REFRESH_AGAIN = "pagecache.refresh_again"


class RefreshRefused(Exception):
    """The proxy still could not fetch the page; the queue tries again later."""


@task(REFRESH_AGAIN, max_attempts=8)
def refresh_again(url: str, host: str, cookie: str) -> None:
    if not purge.sent(url, host, cookie):
        raise RefreshRefused(f"proxy refresh of {url} failed again")
