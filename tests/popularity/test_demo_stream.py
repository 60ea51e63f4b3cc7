"""The demo's stream of readers fills "Most popular" through the real counting path."""

from __future__ import annotations

import pytest

from manchette.demo.views_stream import play_views
from manchette.popularity import selectors
from manchette.popularity.windows import BY_SLUG

pytestmark = pytest.mark.django_db


def test_the_demo_readers_fill_every_window(site_counter, many_articles):
    assert play_views(readers=200) > 200
    for slug in ("1h", "24h", "7j"):
        assert len(selectors.most_popular(window=BY_SLUG[slug])) == 5, slug
    week = [a.pk for a in selectors.most_popular(window=BY_SLUG["7j"], limit=20)]
    hour = [a.pk for a in selectors.most_popular(window=BY_SLUG["1h"], limit=20)]
    assert week != hour, "the windows tell different stories"
