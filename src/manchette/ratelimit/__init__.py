"""Anti-abuse rate limits, per account and per address, shared by every worker.

    from manchette.ratelimit import Rate, check, refusal

    wait = check(request, "comment", per_account=Rate(5, 60), per_ip=Rate(20, 60))
    if wait is not None:
        return refusal(request, wait, what=_("Too many comments in a short time."))

`check` counts the action and returns None, or refuses it (without counting
it) and returns the seconds until it would be allowed. `refuse_if_limited`
does both steps. Counts live in the site's database by default (a table
every worker process shares) and in Redis when `REDIS_URL` is set.
`MANCHETTE_RATE_LIMITS=0` turns every limit off (load tests).

Redis counts outlive a test's transaction: tests that post as the same
address many times call `reset()` first.
"""

from __future__ import annotations

from manchette.ratelimit.client import client_ip
from manchette.ratelimit.limiter import check
from manchette.ratelimit.rates import Rate
from manchette.ratelimit.refusal import refusal, refuse_if_limited, retry_message
from manchette.ratelimit.stores import configured_store

__all__ = [
    "Rate",
    "check",
    "client_ip",
    "refusal",
    "refuse_if_limited",
    "reset",
    "retry_message",
]


def reset() -> None:
    """Forget every count in the configured store."""
    configured_store().clear()
