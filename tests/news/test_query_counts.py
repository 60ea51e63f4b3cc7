"""Pages cost a fixed number of queries, however many articles they show."""

from __future__ import annotations

import pytest

from tests.factories import apply, dispatch, jpeg, picture

pytestmark = pytest.mark.django_db


def _stories(count: int, offset: int = 0) -> None:
    files = {"pictures/one.jpg": jpeg()}
    for n in range(offset, offset + count):
        apply(dispatch(guid=f"urn:q:{n}", pictures=(picture(),)), files)


@pytest.mark.parametrize("url", ["/", "/monde/", "/fournisseur/afp/"])
def test_listing_queries_do_not_grow_with_the_page(client, sections, providers, url, no_page_cache):
    _stories(2)
    client.get(url)  # warm caches that are not per-request
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _stories(15, offset=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 8
