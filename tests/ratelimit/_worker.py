"""One worker process of the cross-process test: hits a bucket, prints how many got in."""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "manchette.settings")
    django.setup()
    from manchette.ratelimit.limiter import hit
    from manchette.ratelimit.rates import Rate
    from manchette.ratelimit.stores import configured_store

    bucket, tries, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = configured_store()
    allowed = sum(
        hit(store, bucket, Rate(limit, 3600), now=1_800_000_000.0) is None for _ in range(tries)
    )
    sys.stdout.write(f"{allowed}\n")


if __name__ == "__main__":
    main()
