"""The page cache: which requests may be answered from it, lookups and stores."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from django.conf import settings
from django.http.cookie import parse_cookie
from django.utils.http import http_date, parse_http_date_safe
from redis import Redis

from manchette.pagecache.addresses import Addresses, FileAddresses, RedisAddresses
from manchette.pagecache.entries import CODINGS, Entry, LocalEntries, SharedEntries, page_size
from manchette.pagecache.relay import Relay
from manchette.pagecache.tags import is_comments
from manchette.pagecache.tracking import TrackedVersions
from manchette.pagecache.versions import (
    FileVersions,
    RedisVersions,
    Versions,
    moved,
    settled,
)
from manchette.ui import theme

KEY = "manchette.pagecache.key"
EPOCH = "manchette.pagecache.epoch"
SEEN = "manchette.pagecache.seen"
DRAWN = "manchette.pagecache.drawn"
STATUS_HEADER = "X-Manchette-Cache"
CACHEABLE_STATUSES = frozenset({200, 410})
# What a reader's request may carry and still get the page everyone gets; a signed-in
# session or a message waiting to be shown makes the page theirs.
_THEMES = {theme.HIGH: "h", theme.DEFAULT: "d"}
_NO_CHOICE = "a"
VARIANT_COOKIES = {
    _NO_CHOICE: "",
    **{letter: f"{theme.COOKIE_NAME}={choice}" for choice, letter in _THEMES.items()},
}
"""The Cookie header that asks for each variant of a page (the first letter of its key)."""
_PAUSE_AFTER_FAILURE = 1.0
_HOP_BY_HOP = {"content-length", "set-cookie", "connection", "transfer-encoding"}


class PageCache:
    def __init__(
        self,
        versions: Versions,
        shared: SharedEntries[Entry] | None,
        addresses: Addresses | None,
    ) -> None:
        self.versions = versions
        self.local: LocalEntries[Entry] = LocalEntries(
            settings.MANCHETTE_PAGE_CACHE_MB * 1024 * 1024, page_size
        )
        self.shared = shared
        self.addresses = addresses
        self.lifetime = settings.MANCHETTE_PAGE_CACHE_SECONDS
        self.lag = settings.MANCHETTE_COMMENT_LAG_MS / 1000
        self._down_until = 0.0
        # How long a proxy told of changes may keep the page; neither header goes on to
        # browsers. nginx reads the first, and is told by address only: one behind a CDN
        # purged by key must keep nothing. CDNs read the second.
        seconds = settings.MANCHETTE_PROXY_CACHE_SECONDS
        self._proxy_headers: list[tuple[str, str]] = []
        if addresses is not None:
            self._proxy_headers.append(("X-Accel-Expires", str(seconds)))
        if addresses is not None or settings.MANCHETTE_PURGE_KEYS_URLS:
            self._proxy_headers.append(("Surrogate-Control", f"max-age={seconds}"))
        self._private_cookies = {settings.SESSION_COOKIE_NAME, "messages"}
        self._skipped = tuple(
            prefix
            for prefix in (settings.STATIC_URL, settings.MEDIA_URL, "/api/", "/admin/")
            if prefix and prefix.startswith("/")
        )

    def available(self) -> bool:
        """False for a moment after a failure of the shared store: requests then skip the
        cache rather than each wait for a store that is down."""
        return time.monotonic() >= self._down_until

    def failed(self) -> None:
        self._down_until = time.monotonic() + _PAUSE_AFTER_FAILURE

    def key_for(self, environ: Mapping[str, Any]) -> str | None:
        """The key of the page this request asks for, or None when it isn't everyone's."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if "HTTP_AUTHORIZATION" in environ:
            return None
        path = environ.get("PATH_INFO") or "/"
        if path.startswith(self._skipped):
            return None
        variant = _NO_CHOICE
        raw = environ.get("HTTP_COOKIE")
        if raw:
            cookies = parse_cookie(raw)
            if not self._private_cookies.isdisjoint(cookies):
                return None
            variant = _THEMES.get(cookies.get(theme.COOKIE_NAME, ""), _NO_CHOICE)
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        query = environ.get("QUERY_STRING", "")
        return f"{variant} {host}{path}?{query}"

    def lookup(self, key: str) -> Entry | None:
        """The stored page if it is valid (not one that lags behind its comments)."""
        entry, stale = self.probe(key)
        return None if stale else entry

    def probe(self, key: str, *, may_lag: bool = True) -> tuple[Entry | None, dict[str, int]]:
        """The page to answer with, and the versions its tags have now when it is stale.

        None when no page may be served. A stale page stays until a render
        replaces it: its tags' versions at the moment a reader missed tell
        whether a render another reader started is new enough for this one
        (`flights.new_enough`). A page whose only changes are comments is
        served for `MANCHETTE_COMMENT_LAG_MS` after its render began (`lagging`),
        unless not `may_lag`.
        """
        now = time.time()
        lag = self.lag if may_lag else 0.0
        seen: dict[str, int] = {}
        entry = self.local.get(key)
        if entry is not None:
            stale = self._stale(entry, now)
            if stale is None:
                return entry, {}
            if self.lagging(entry, stale, now, lag):
                return entry, stale
            seen = stale
        if self.shared is not None:
            entry = self.shared.get(key)
            if entry is not None:
                stale = self._stale(entry, now)
                if stale is None:
                    self.local.put(key, entry)
                    return entry, {}
                if self.lagging(entry, stale, now, lag):
                    self.local.put(key, entry)
                    return entry, stale
                seen = seen or stale
        return None, seen

    def stand_in(self, key: str) -> tuple[Entry | None, bool]:
        """The page to answer a reader with while another request renders `key`, instead
        of waiting for that render, and whether it lags: a page stored meanwhile, or one
        whose only changes are comments and whose render began less than twice
        `MANCHETTE_COMMENT_LAG_MS` ago."""
        entry = self.local.get(key)
        return self.servable(entry, 2 * self.lag) if entry is not None else (None, False)

    def servable(self, entry: Entry, limit: float) -> tuple[Entry | None, bool]:
        """`entry` and whether it lags, if it is valid or lags by less than `limit`
        seconds; else (None, False)."""
        if not entry.versions:
            return None, False
        now = time.time()
        stale = self._stale(entry, now)
        if stale is None:
            return entry, False
        if self.lagging(entry, stale, now, limit):
            return entry, True
        return None, False

    def _stale(self, entry: Entry, now: float) -> dict[str, int] | None:
        """None when `entry` may be served, else its tags' versions now."""
        found = moved(self.versions, entry.tags, entry.versions)
        if found is None and not entry.fresh(now):
            # Expired with no tag moved: the versions now are those it was kept with.
            found = dict(zip(entry.tags, entry.versions[1:], strict=True))
        return found

    def behind(self, entry: Entry) -> bool:
        """Whether a change has come to what `entry` shows since its render began."""
        return self._stale(entry, time.time()) is not None

    def lagging(self, entry: Entry, now_versions: dict[str, int], now: float, limit: float) -> bool:
        """Whether `entry`, whose tags have `now_versions`, may still be served though
        stale: it has not expired, only comment tags moved, and its render began less
        than `limit` seconds ago."""
        if not (limit > 0 and now - entry.drawn < limit and entry.fresh(now)):
            return False
        kept = entry.versions[1:]
        if not all(
            is_comments(name)
            for name, version in zip(entry.tags, kept, strict=True)
            if now_versions[name] != version
        ):
            return False
        # Counters started again from zero could match old versions by chance.
        return self.versions.current(())[0] == entry.versions[0]

    def store(
        self,
        key: str,
        *,
        path: str = "",
        epoch: int,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        tags: Iterable[str],
    ) -> Entry | None:
        """Keep a page rendered since `epoch`, unless one of its tags moved meanwhile."""
        entry = self.page(
            epoch=epoch, drawn=time.time(), status=status, headers=headers, body=body, tags=tags
        )
        return entry if self.keep(key, entry, path) else None

    def page(
        self,
        *,
        epoch: int,
        drawn: float,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes,
        tags: Iterable[str],
    ) -> Entry:
        """A page rendered since `epoch` (noted at `drawn`), as it would be stored; with
        no versions (never valid, so never kept) when one of its tags moved meanwhile.
        When only comment tags moved it is kept as stale already, to be served while it
        lags by less than `MANCHETTE_COMMENT_LAG_MS`."""
        names = tuple(sorted(tags))
        versions = settled(self.versions, names, epoch) or ()
        if not versions and self.lag:
            current = self.versions.current(names)
            if all(
                is_comments(name)
                for name, version in zip(names, current[1:], strict=True)
                if version > epoch
            ):
                # Versions it cannot have now: stale from the start, but lagging.
                versions = (current[0], *(min(version, epoch) for version in current[1:]))
        now = time.time()
        kept = [(name, value) for name, value in headers if name.lower() not in _HOP_BY_HOP]
        # The response's own ETag when it has one (Django's conditional GET set it), so a
        # reader holding it revalidates against the cache as against the view.
        etag = next((value for name, value in kept if name.lower() == "etag"), "")
        etag = etag or '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        kept += [
            # Before Cache-Control: nginx before 1.23 lets the first of the two decide.
            *self._proxy_headers,
            ("Vary", _vary(kept, "Cookie", "Accept-Encoding")),
            ("ETag", etag),
            ("Last-Modified", http_date(now)),
            ("Cache-Control", "public, max-age=0, must-revalidate"),
            ("Surrogate-Key", " ".join(names)),
        ]
        return Entry(
            status=status,
            headers=tuple(_replace(kept)),
            body=body,
            tags=names,
            versions=versions,
            etag=etag,
            last_modified=float(int(now)),
            expires=now + self.lifetime,
            drawn=drawn,
        )

    def adopt(self, key: str, entry: Entry) -> tuple[Entry | None, bool]:
        """Keep in this process a page another process of the machine stored, if it is
        valid or lags by less than `MANCHETTE_COMMENT_LAG_MS`; that page and whether it
        lags, as `servable` says."""
        found = self.servable(entry, self.lag)
        if found[0] is not None:
            self.local.put(key, entry)
        return found

    def keep(self, key: str, entry: Entry, path: str = "") -> bool:
        """Store `entry` under `key`, unless its render crossed a change (see `page`)."""
        if not entry.versions:
            return False
        entry.copy(CODINGS[0])  # before it is shared: nearly every browser asks for it
        self.local.put(key, entry)
        if self.shared is not None:
            self.shared.put(key, entry)
        if self.addresses is not None and path:
            # With its variant: a proxy is asked again only for the variants readers took.
            self.addresses.remember(f"{key[0]} {path}", entry.tags)
        return True

    def clear(self) -> None:
        self.local.clear()
        self.versions.reset()


def negotiated(entry: Entry, accepted: str | None) -> tuple[str, bytes]:
    """The coding and body to send for an Accept-Encoding header ("" is the body as is)."""
    if accepted:
        wanted = {coding for coding, weight in _codings(accepted) if weight > 0}
        for coding in CODINGS:
            if coding in wanted and (data := entry.copy(coding)) is not None:
                return coding, data
    return "", entry.body


def _codings(accepted: str) -> list[tuple[str, float]]:
    found = []
    for item in accepted.split(","):
        coding, _, parameters = item.partition(";")
        weight = 1.0
        name, _, value = parameters.partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        found.append((coding.strip().lower(), weight))
    return found


def _vary(headers: list[tuple[str, str]], *more: str) -> str:
    named = [value for name, value in headers if name.lower() == "vary"]
    fields = [field.strip() for value in named for field in value.split(",") if field.strip()]
    for field in more:
        if field.lower() not in {known.lower() for known in fields}:
            fields.append(field)
    return ", ".join(fields)


def _replace(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The last value of each header wins (the cache's own over the view's)."""
    latest: dict[str, tuple[str, str]] = {}
    for name, value in headers:
        latest[name.lower()] = (name, value)
    return list(latest.values())


def not_modified(entry: Entry, environ: Mapping[str, Any]) -> bool:
    """Whether the reader's copy is the stored page (RFC 9110: If-None-Match wins)."""
    tags = environ.get("HTTP_IF_NONE_MATCH")
    if tags is not None:
        wanted = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
        return "*" in wanted or entry.etag in wanted
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since is not None:
        moment = parse_http_date_safe(since)
        return moment is not None and entry.last_modified <= moment
    return False


_REVALIDATION_HEADERS = {
    "etag",
    "last-modified",
    "cache-control",
    "vary",
    "surrogate-key",
    "x-accel-expires",
    "surrogate-control",
}


def may_lag(environ: Mapping[str, Any]) -> bool:
    """Whether this request may be answered with a page that lags behind its comments: not
    a proxy's refresh (`purge.REFRESH_HEADER`), which would keep that page long after."""
    return not environ.get("HTTP_X_MANCHETTE_REFRESH")


def answer(
    entry: Entry, environ: Mapping[str, Any], *, lagging: bool = False
) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body answering this request from a stored page.

    304 when the reader holds it, else the page in the coding they accept;
    the body is empty for HEAD, its length still the page's. A page that
    `lagging` behind its comments tells proxies not to keep it: they would
    keep it long after the lag it is served within.
    """
    held = not_modified(entry, environ)
    if held:
        status, headers, body = 304, revalidation_headers(entry), b""
    else:
        coding, body = negotiated(entry, environ.get("HTTP_ACCEPT_ENCODING"))
        status, headers = entry.status, list(entry.headers)
        if coding:
            headers.append(("Content-Encoding", coding))
        headers.append(("Content-Length", str(len(body))))
        if environ.get("REQUEST_METHOD") == "HEAD":
            body = b""
    if lagging:
        headers = [(name, _NOT_FOR_PROXIES.get(name.lower(), value)) for name, value in headers]
    headers.append((STATUS_HEADER, "stale" if lagging else "hit"))
    return status, headers, body


_NOT_FOR_PROXIES = {"x-accel-expires": "0", "surrogate-control": "max-age=0"}


def revalidation_headers(entry: Entry) -> list[tuple[str, str]]:
    return [(name, value) for name, value in entry.headers if name.lower() in _REVALIDATION_HEADERS]


@cache
def redis_client() -> Redis[bytes]:
    return Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


@cache
def tag_versions() -> Versions | None:
    """The versions every process reads, or None when nothing is kept to check against them
    (the page cache and the block cache both off)."""
    if not (settings.MANCHETTE_PAGE_CACHE or settings.MANCHETTE_BLOCK_CACHE_MB > 0):
        return None
    if settings.REDIS_URL and settings.MANCHETTE_TRACK_VERSIONS:
        return TrackedVersions(redis_client(), settings.REDIS_URL)
    if settings.REDIS_URL:
        return RedisVersions(redis_client())
    return FileVersions(settings.DATA_DIR / "cache" / "page-tags")


@cache
def page_cache() -> PageCache | None:
    """The process's page cache, or None when the site runs without one."""
    versions = tag_versions()
    if not settings.MANCHETTE_PAGE_CACHE or versions is None:
        return None
    purging = bool(settings.MANCHETTE_PURGE_URLS)
    lifetime = settings.MANCHETTE_PROXY_CACHE_SECONDS
    if settings.REDIS_URL:
        client = redis_client()
        addresses: Addresses | None = RedisAddresses(client, lifetime) if purging else None
        return PageCache(versions, SharedEntries(client, "manchette:page:e:", Entry), addresses)
    folder = settings.DATA_DIR / "cache"
    addresses = FileAddresses(folder / "page-addresses.sqlite3") if purging else None
    return PageCache(versions, None, addresses)


@cache
def renders_relay() -> Relay:
    """Where this machine's app processes leave the pages they render for each other."""
    return Relay(settings.DATA_DIR / "cache" / "renders")


def forget() -> None:
    """Drop the process's stores so the next use opens them from the settings (tests)."""
    from manchette.pagecache import stamped

    page_cache.cache_clear()
    renders_relay.cache_clear()
    # Only a process's own store, if it opened one: its notices connection closes with it.
    if tag_versions.cache_info().currsize and isinstance(
        versions := tag_versions(), TrackedVersions
    ):
        versions.close()
    tag_versions.cache_clear()
    redis_client.cache_clear()
    stamped.forget()
