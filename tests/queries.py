"""Counting the SQL a page view costs, for the tests that hold pages to a query budget."""

from __future__ import annotations

from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.pages import get_page


def page_and_queries(client: Client, url: str) -> tuple[list[str], BeautifulSoup]:
    """The SQL of one view of `url` (which must answer 200), and the page it showed."""
    with CaptureQueriesContext(connection) as captured:
        page = get_page(client, url)
    return [query["sql"] for query in captured.captured_queries], page
