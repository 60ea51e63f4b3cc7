"""Polling agency endpoints: conditional GET, time limits, back-off, a health status.

Each due source is claimed by moving its next poll time forward in one
conditional update, so several schedulers never poll it twice at once.
"""

from __future__ import annotations

import dataclasses
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Q
from django.utils import timezone

from manchette.news.services import Action, DispatchRejected, apply_dispatch
from manchette.wires.dispatch import ParseError
from manchette.wires.fetch import fetch_picture
from manchette.wires.formats import parse
from manchette.wires.models import Source, quarantine

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
MAX_BODY_BYTES = 20 * 1024 * 1024
MAX_BACKOFF = timedelta(hours=1)
_USER_AGENT = "Manchette wire polling"


@dataclass(frozen=True, slots=True)
class Fetched:
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def poll_due_sources(*, now: datetime | None = None) -> list[int]:
    """Poll every enabled source whose time has come; returns the ids polled."""
    moment = now or timezone.now()
    due = Source.objects.filter(enabled=True).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=moment)
    )
    polled = []
    for source in due:
        claim = moment + timedelta(seconds=source.interval_seconds)
        claimed = Source.objects.filter(pk=source.pk, next_poll_at=source.next_poll_at).update(
            next_poll_at=claim
        )
        if claimed:
            poll(source, now=moment)
            polled.append(source.pk)
    return polled


def poll(source: Source, *, now: datetime | None = None) -> None:
    """Fetch one source once, apply what it holds, record the outcome."""
    moment = now or timezone.now()
    source.last_polled_at = moment
    try:
        fetched = conditional_get(source.url, etag=source.etag, last_modified=source.last_modified)
        if fetched.status == 200:
            _apply(source, fetched.body)
            source.etag, source.last_modified = fetched.etag, fetched.last_modified
    except (OSError, ParseError) as exc:
        _failed(source, str(exc), moment)
        return
    source.last_success_at = moment
    source.consecutive_failures = 0
    source.next_poll_at = moment + timedelta(seconds=source.interval_seconds)
    source.save()


def conditional_get(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET `url`, sending the validators of the last answer; 304 means nothing new."""
    headers = {"User-Agent": _USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - configured by staff
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            body = response.read(MAX_BODY_BYTES + 1)
            if len(body) > MAX_BODY_BYTES:
                raise OSError(f"answer over {MAX_BODY_BYTES} bytes")
            return Fetched(
                status=response.status,
                body=body,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(status=304)
        raise OSError(f"HTTP {error.code}") from None
    except urllib.error.URLError as error:
        raise OSError(f"cannot reach {url}: {error.reason}") from None
    except TimeoutError:
        raise OSError(f"no answer from {url} within {TIMEOUT_SECONDS} s") from None


def _apply(source: Source, body: bytes) -> None:
    label = f"poll:{source.pk}:{source.url}"
    try:
        dispatches = parse(body)
    except ParseError as exc:
        quarantine(source=label, reason=str(exc), data=body)
        Source.objects.filter(pk=source.pk).update(rejected_count=F("rejected_count") + 1)
        source.rejected_count += 1
        raise
    counts = {Action.CREATED: 0, Action.UPDATED: 0, Action.UNCHANGED: 0}
    rejected: list[str] = []
    for dispatch in dispatches:
        # A feed names its agency poorly or not at all: the source's provider speaks for it.
        named = (
            dispatch
            if dispatch.provider
            else dataclasses.replace(dispatch, provider=source.provider.code)
        )
        try:
            outcome = apply_dispatch(named, load_picture=fetch_picture, source=label)
        except (DispatchRejected, ValueError) as exc:
            rejected.append(f"{dispatch.guid}: {exc}")
            continue
        counts[outcome.action] += 1
    if rejected:
        quarantine(source=label, reason="\n".join(rejected), data=body)
    source.created_count += counts[Action.CREATED]
    source.updated_count += counts[Action.UPDATED]
    source.unchanged_count += counts[Action.UNCHANGED]
    source.rejected_count += len(rejected)


def _failed(source: Source, reason: str, moment: datetime) -> None:
    source.consecutive_failures += 1
    source.last_error = reason
    source.last_error_at = moment
    backoff = timedelta(seconds=source.interval_seconds) * 2 ** min(source.consecutive_failures, 10)
    source.next_poll_at = moment + min(backoff, MAX_BACKOFF)
    source.save()
    logger.warning(
        "polling %s failed (%d in a row): %s", source.url, source.consecutive_failures, reason
    )
