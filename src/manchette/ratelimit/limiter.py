"""Counting actions against rates, per account and per address.

Each bucket counts over a sliding window estimated from two fixed slots:
the current slot's count plus the previous slot's, weighted by how much of
it still lies inside the window. That is smooth at slot edges (a fixed
window would let twice the limit through across one) and needs two
counters per bucket whatever the rate.

A hit is counted first, then taken back if it went over the limit: two
workers racing for the last allowed action may then both be refused, but
never both allowed. Refused attempts are not counted, so a reader who
waits the time given gets in, however often they tried meanwhile.
"""

from __future__ import annotations

import logging
import math
import time

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from manchette.ratelimit.client import address_group, client_ip
from manchette.ratelimit.rates import Rate
from manchette.ratelimit.stores import Store, configured_store

logger = logging.getLogger(__name__)


def check(
    request: HttpRequest,
    scope: str,
    *,
    per_account: Rate | None = None,
    per_ip: Rate | None = None,
    account: str | None = None,
    store: Store | None = None,
    now: float | None = None,
) -> float | None:
    """Count one `scope` action ("comment", "login") by this request's reader and address.

    Returns None when it is allowed (and counted), or the seconds until it
    would be allowed again. The account is the signed-in user unless
    `account` names another (the e-mail a login attempt is for); with
    neither, only the address is limited.
    """
    if not settings.MANCHETTE_RATE_LIMITS:
        return None
    store = store or configured_store()
    now = time.time() if now is None else now
    if account is None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            account = f"user:{user.pk}"
    limits: list[tuple[str, Rate]] = []
    if per_account is not None and account is not None:
        limits.append((f"account:{account}", per_account))
    if per_ip is not None:
        limits.append((f"ip:{address_group(client_ip(request))}", per_ip))
    taken: list[tuple[str, Rate]] = []
    try:
        for who, rate in limits:
            bucket = _bucket(scope, rate, who)
            wait = hit(store, bucket, rate, now)
            if wait is not None:
                # Refused: the hits already counted for this attempt are given back.
                for counted, counted_rate in taken:
                    _give_back(store, counted, counted_rate, now)
                return wait
            taken.append((bucket, rate))
    except RedisError:
        # Fail open: with Redis down the site keeps taking comments and log-ins, still
        # behind the moderation policy; refusing everyone would be the outage's doing.
        logger.exception("rate limits unavailable: %s let through", scope)
    return None


def hit(store: Store, bucket: str, rate: Rate, now: float) -> float | None:
    """Count one action in `bucket`; None if allowed, else seconds to wait (not counted)."""
    slot, elapsed = divmod(now, rate.seconds)
    previous, current = store.add(bucket, int(slot), 1, 2 * rate.seconds)
    if _estimate(previous, current, elapsed / rate.seconds) <= rate.limit:
        return None
    store.add(bucket, int(slot), -1, 2 * rate.seconds)
    return seconds_until_allowed(previous, current - 1, rate, elapsed)


def seconds_until_allowed(previous: int, current: int, rate: Rate, elapsed: float) -> float:
    """How long until one more action fits, if nothing else is counted meanwhile.

    Within this slot the estimate falls as the previous slot's weight does;
    if this slot alone is full, the wait runs into the next slot, where this
    slot's count becomes the falling one.
    """
    room = rate.limit - 1 - current
    if room >= 0:
        # previous * (1 - f) <= room, f the fraction of the slot elapsed.
        needed = 1 - room / previous if previous else 0.0
        return max(needed * rate.seconds - elapsed, 0.0)
    needed = 1 - (rate.limit - 1) / current
    return (rate.seconds - elapsed) + needed * rate.seconds


def _estimate(previous: int, current: int, fraction_elapsed: float) -> float:
    return previous * (1 - fraction_elapsed) + current


def _give_back(store: Store, bucket: str, rate: Rate, now: float) -> None:
    store.add(bucket, int(now // rate.seconds), -1, 2 * rate.seconds)


def _bucket(scope: str, rate: Rate, who: str) -> str:
    """A fixed-length name that does not reveal whose address or e-mail it counts."""
    raw = f"{scope}|{rate.limit}/{rate.seconds}|{who}"
    return salted_hmac("manchette.ratelimit", raw, algorithm="sha256").hexdigest()


def wait_in_whole_seconds(seconds: float) -> int:
    """The `Retry-After` value: whole seconds, rounded up, at least one."""
    return max(1, math.ceil(seconds))
