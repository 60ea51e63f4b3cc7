"""Telling reverse proxies to refresh the pages whose tags were bumped.

For each proxy in `MANCHETTE_PURGE_URLS`, each address whose page carried
a bumped tag is requested again with `X-Manchette-Refresh: 1`, once per
contrast choice the app stored it for (so once for most pages: a variant no
reader asked for is not in the proxy either); the proxy's configuration
(docs/deploy.md) makes such a request skip its cache and store the fresh
answer. Stock nginx does this with `proxy_cache_bypass`; no module is needed.

Requests go out from a small pool of threads so the change that caused
them is not held up; a command that exits waits for them. Purges by
surrogate key (`key_purge`) go out from the same pool.

A refresh the proxy could not do (no answer, or a 5xx: with one app server
restarting, nginx has no app to fetch the page from) is queued as a task
(`refresh_tasks`), which a worker sends again until it lands, for as long
as the proxy may keep the old page; otherwise that page would stay without
the change until the next one, or until it expires.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections

from manchette.pagecache.cache import VARIANT_COOKIES

logger = logging.getLogger(__name__)

REFRESH_HEADER = "X-Manchette-Refresh"
AGAIN_SLOT_SECONDS = 5


_in_pool = threading.local()
_queueing = threading.Lock()


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=4, thread_name_prefix="manchette-purge", initializer=_mark_pool_thread
    )


def _mark_pool_thread() -> None:
    _in_pool.marked = True


def send_later(job: Callable[..., None], *args: object) -> Future[None]:
    """Run `job(*args)` on the pool that `wait` drains; in this thread once the
    interpreter is shutting down, when the pool takes no more work: a server's last
    requests finish after that, and what they changed must still reach the proxies."""
    try:
        return _pool().submit(job, *args)
    except RuntimeError:
        done: Future[None] = Future()
        try:
            job(*args)
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits, as the pool would
            done.set_exception(error)
        else:
            done.set_result(None)
        return done


def http_addresses(setting: str) -> list[str]:
    """The http(s) addresses of a setting's list; any other is logged and left out, as
    only those may be requested."""
    addresses: list[str] = getattr(settings, setting)
    usable = [address for address in addresses if urlsplit(address).scheme in ("http", "https")]
    for address in addresses:
        if address not in usable:
            logger.error("%s: %r is not an http(s) address", setting, address)
    return usable


def refresh(addresses: set[str]) -> list[Future[None]]:
    """Ask every configured proxy to fetch these addresses afresh (in the background);
    the refreshes under way are returned, for what must wait for them.

    An address is a variant's letter, a space and a path (`PageCache.keep`); a bare
    path, as remembered before variants were, is refreshed for every variant."""
    sent: list[Future[None]] = []
    if not addresses or not settings.MANCHETTE_PURGE_URLS:
        return sent
    host = urlsplit(settings.MANCHETTE_SITE_URL).netloc
    asked = sorted({(path, cookie) for address in addresses for path, cookie in _requests(address)})
    for proxy in http_addresses("MANCHETTE_PURGE_URLS"):
        for path, cookie in asked:
            sent.append(send_later(_send, proxy.rstrip("/") + path, host, cookie))
    return sent


def _requests(address: str) -> list[tuple[str, str]]:
    if address.startswith("/"):
        return [(address, cookie) for cookie in VARIANT_COOKIES.values()]
    letter, _, path = address.partition(" ")
    cookie = VARIANT_COOKIES.get(letter)
    return [(path, cookie)] if cookie is not None and path else []


def _send(url: str, host: str, cookie: str) -> None:
    if not sent(url, host, cookie):
        _again_later(url, host, cookie)


def sent(url: str, host: str, cookie: str) -> bool:
    """Ask the proxy at `url` to fetch its page afresh; False when it could not (no
    answer, or a 5xx: the page it keeps is then still the old one)."""
    headers = {REFRESH_HEADER: "1", "Host": host, "Accept-Encoding": "identity"}
    if cookie:
        headers["Cookie"] = cookie
    # Only http(s) addresses reach here (`refresh` checks the setting).
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        if error.code >= 500:
            logger.warning("proxy refresh of %s answered %s", url, error.code)
            return False
    except OSError as error:
        logger.warning("proxy refresh of %s failed: %s", url, error)
        return False
    return True


def _slot() -> int:
    return int(time.time() // AGAIN_SLOT_SECONDS)


def _again_later(url: str, host: str, cookie: str) -> None:
    from manchette.pagecache import refresh_tasks  # the task queue needs the apps loaded
    from manchette.tasks import enqueue

    # Failures of one page in the same few seconds (a restart refuses them all) need
    # one retry between them.
    slot = _slot()
    # Failures come in bursts, one per pool thread: queued one at a time, they do not
    # contend for the database (on SQLite's shared in-memory test database, a second
    # writer is refused at once, and that task was lost).
    with _queueing:
        try:
            enqueue(
                refresh_tasks.REFRESH_AGAIN,
                {"url": url, "host": host, "cookie": cookie},
                dedup_key=f"refresh:{slot}:{cookie}:{url}",
            )
        except Exception:
            # Nothing else can keep it: the page stays as it was until its next change.
            logger.exception("proxy refresh of %s could not be queued again", url)
        finally:
            if getattr(_in_pool, "marked", False):
                # The database queue opened this thread's own connection: not kept idle
                # for the next failure. (A request's thread keeps its connection.)
                connections.close_all()


def wait() -> None:
    """Block until every refresh and key purge asked so far has been sent (tests, commands),
    those held back for comments (`throttle`) included."""
    from manchette.pagecache import invalidation  # it sends through this module

    invalidation.flush()
    if _pool.cache_info().currsize:
        pool = _pool()
        pool.shutdown(wait=True)
        _pool.cache_clear()
