"""The reading windows a ranking covers, and the time buckets each one sums.

Each window sums whole buckets of one resolution: the bucket in progress
and those that began within the window's span. "1 h" therefore counts the
last 60 to 65 minutes, "24 h" the last 24 to 25 hours and "7 days" the last
7 to 8 days; coarse buckets keep the longer windows a sum of a few rows
per article instead of thousands.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclass(frozen=True, slots=True)
class Window:
    slug: str
    """How the window appears in addresses (`?periode=24h`)."""
    span: int
    """Seconds of reading it covers."""
    resolution: int
    """Length in seconds of the buckets it sums."""
    label: Promise

    def first_bucket(self, now: int) -> int:
        """Start of the oldest bucket counted at `now` (Unix seconds)."""
        return bucket_of(now - self.span, self.resolution)

    @property
    def keep(self) -> int:
        """Seconds a bucket of this window's resolution is kept after it starts."""
        return self.span + 2 * self.resolution


WINDOWS = (
    Window("1h", HOUR, 5 * MINUTE, _("last hour")),
    Window("24h", DAY, HOUR, _("last 24 hours")),
    Window("7j", 7 * DAY, DAY, _("last 7 days")),
)
BY_SLUG = {window.slug: window for window in WINDOWS}
DEFAULT = BY_SLUG["24h"]
RESOLUTIONS = tuple(sorted({window.resolution for window in WINDOWS}))
# Counting sums views per finest bucket first: coarser buckets must be made of whole ones.
assert all(resolution % RESOLUTIONS[0] == 0 for resolution in RESOLUTIONS)  # noqa: S101
KEEP = {window.resolution: window.keep for window in WINDOWS}


def bucket_of(moment: int, resolution: int) -> int:
    return moment - moment % resolution


SITE = ""
"""The scope that counts every article; a section's scope is its path."""


def scopes_of(section_path: str) -> tuple[str, ...]:
    """Where a view of an article in this section counts: the site, then each section above it.

    A view in Économie › Entreprises counts for the site, for Économie and
    for Entreprises, so each section's ranking includes its sub-sections'.
    """
    parts = section_path.split("/")
    return (SITE, *("/".join(parts[: n + 1]) for n in range(len(parts))))
