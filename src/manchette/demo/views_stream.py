"""A short, plausible morning of readers for the demo, counted the real way.

Readers (documentation-range addresses, common browsers) each read one to
four of the demo's stories, the prominent ones far more often (a Zipf-like
pull), at moments spread over the last three days with most in the last
few hours, so "Most popular" differs between the last hour, day and week.
Every view goes through `popularity.counting.count_view`, the same path as
the beacon: daily salted reader keys, the 30-minute rule, the configured
backend.
"""

from __future__ import annotations

import random
import time

from manchette.news.selectors import visible_articles
from manchette.popularity import backends, counting, selectors
from manchette.popularity.readers import Reader
from manchette.popularity.windows import DAY, HOUR

BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
)
# Address blocks reserved for documentation (RFC 5737): no real reader is ever named.
NETWORKS = ("192.0.2", "198.51.100", "203.0.113")


def play_views(*, readers: int = 300, seed: int = 2026) -> int:
    """Count a stream of views of the visible demo stories; returns how many were counted."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible stream, not a secret)
    stories = list(visible_articles().order_by("-published_at").values_list("public_id", flat=True))
    if not stories:
        return 0
    rng.shuffle(stories)
    weights = [1 / rank for rank in range(1, len(stories) + 1)]
    now = int(time.time())
    counted = 0
    for _ in range(readers):
        reader = Reader(
            address=f"{rng.choice(NETWORKS)}.{rng.randint(1, 254)}",
            user_agent=rng.choice(BROWSERS),
        )
        # Most reading happened in the last hours, some over the last three days.
        moment = now - int(rng.expovariate(1 / (5 * HOUR))) % (3 * DAY)
        for public_id in set(rng.choices(stories, weights=weights, k=rng.randint(1, 4))):
            target = counting.target_of(public_id)
            if target is not None and counting.count_view(reader, target, at=moment):
                counted += 1
            moment = min(now, moment + rng.randint(30, 600))
    backends.backend().flush()
    selectors.forget_rankings()
    return counted
