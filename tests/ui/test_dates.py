"""Timestamps in the anatomy's formats, in the site's time zone."""

from datetime import UTC, datetime

import pytest
from django.utils import translation

from manchette.ui.dates import format_moment

SUMMER = datetime(2023, 9, 11, 12, 15, tzinfo=UTC)  # 14:15 in Paris (UTC+2)
WINTER = datetime(2026, 1, 5, 8, 5, tzinfo=UTC)  # 09:05 in Paris (UTC+1)


@pytest.mark.parametrize(
    ("language", "moment", "expected"),
    [
        ("fr", SUMMER, "11/09/2023 à 14:15"),
        ("fr", WINTER, "05/01/2026 à 09:05"),
        ("en", SUMMER, "11 Sep 2023, 14:15"),
    ],
)
def test_article_timestamp(language, moment, expected):
    with translation.override(language):
        assert format_moment(moment, "article") == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "29.09.2025 03:52"), ("en", "29.09.2025 03:52")]
)
def test_compact_timestamp(language, expected):
    with translation.override(language):
        assert format_moment(datetime(2025, 9, 29, 1, 52, tzinfo=UTC), "compact") == expected


def test_comment_timestamp_names_the_month_and_adds_the_year_only_when_not_this_year():
    this_year = datetime.now(UTC).year
    with translation.override("fr"):
        assert format_moment(datetime(this_year, 9, 11, 20, 4, tzinfo=UTC), "comment") == (
            "11 septembre 22:04"
        )
        assert format_moment(datetime(2019, 9, 11, 20, 4, tzinfo=UTC), "comment") == (
            "11 septembre 2019 22:04"
        )
    with translation.override("en"):
        assert format_moment(datetime(this_year, 9, 11, 20, 4, tzinfo=UTC), "comment") == (
            "11 September 22:04"
        )


def test_the_site_time_zone_is_a_setting(settings):
    settings.TIME_ZONE = "America/New_York"
    with translation.override("fr"):
        assert format_moment(SUMMER, "article") == "11/09/2023 à 08:15"
