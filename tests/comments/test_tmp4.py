from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.conf import settings
from tests.comments.test_query_counts import fill, render_section
def test_x(open_article, reader, other_reader):
    fill(open_article, [reader, other_reader], 50)
    for kw in ({}, {"client_cookies": {settings.SESSION_COOKIE_NAME: "x"}, "user": reader}):
        with CaptureQueriesContext(connection) as c:
            render_section(open_article, **kw)
        for q in c.captured_queries: print("   ", q["sql"][:200])
        print()
